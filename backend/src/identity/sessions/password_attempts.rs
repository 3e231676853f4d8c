//! Every check of a password counts against the sign-in throttle, per account and per client
//! address: signing in, and any action that asks for the password again to confirm
//! ([`confirm_password`], e.g. `deleteMyAccount`), so a stolen session cannot be used to guess
//! the password either. The try is reserved before any hashing and given back when the password
//! is right, so only wrong passwords use up the limit. Because the reservation decides and counts
//! at once (see `throttle::reserve`), no burst of concurrent guesses, on any number of instances,
//! gets more passwords checked than the limit allows.

use chrono::NaiveDateTime;

use crate::config::Limit;
use crate::db::{DbConnection, time};
use crate::error::{AppError, AppResult};
use crate::identity::model::UserId;
use crate::identity::store;
use crate::request::RequestContext;
use crate::services::Services;
use crate::throttle::{self, Reservation};

/// Checks the password of `user`'s own account again, for an action that asks for it to
/// confirm: `UNAUTHENTICATED` if it is wrong, `RATE_LIMITED` (before any hashing) once the
/// sign-in limit is full.
pub async fn confirm_password(
    services: &Services,
    request: &RequestContext,
    user: &UserId,
    password: &str,
) -> AppResult<()> {
    let (limit, client_key, user) = (services.config.throttle.login_failures, request.client_key(), user.clone());
    let (attempt, account) = services
        .db
        .run(move |connection| {
            let account = store::find_user(connection, &user)?.ok_or(AppError::Unauthenticated)?;
            let attempt =
                PasswordAttempt::reserve(connection, limit, &account.email_normalized, &client_key, time::now())?;
            Ok((attempt, account))
        })
        .await?;
    if !services.passwords.verify(password, &account.password_hash).await {
        return Err(AppError::InvalidCredentials);
    }
    services.db.run(move |connection| attempt.succeeded(connection)).await
}

/// One reserved try at an account's password.
pub struct PasswordAttempt {
    account_bucket: String,
    client_bucket: String,
    reservation: Reservation,
}

impl PasswordAttempt {
    /// Reserves a try at the password of the account with this (normalized) address, whether
    /// or not it exists, from the client of `client_key` (`RequestContext::client_key`), under
    /// `limit` (the configured sign-in failures); `RATE_LIMITED` when either limit is full.
    pub fn reserve(
        connection: &mut DbConnection,
        limit: Limit,
        email_normalized: &str,
        client_key: &str,
        now: NaiveDateTime,
    ) -> AppResult<Self> {
        let account_bucket = throttle::bucket("login-failure", email_normalized);
        let client_bucket = throttle::bucket("login-failure-client", client_key);
        let buckets = [account_bucket.clone(), client_bucket.clone()];
        let reservation = throttle::reserve(connection, &buckets, limit, now)?;
        Ok(Self { account_bucket, client_bucket, reservation })
    }

    /// The password was right, so the try is no failure: the client's is given back, and the
    /// account's failures are forgotten (its owner has just shown they know the password).
    pub fn succeeded(&self, connection: &mut DbConnection) -> AppResult<()> {
        throttle::clear(connection, &self.account_bucket)?;
        throttle::refund(connection, &self.reservation, &self.client_bucket)?;
        Ok(())
    }
}
