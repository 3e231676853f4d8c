//! Every check of a password counts against the sign-in throttle, per account and per client
//! address: the try is reserved before any hashing and given back when the password is right, so
//! only wrong passwords use up the limit. Because the reservation decides and counts at once
//! (see `throttle::reserve`), no burst of concurrent guesses, on any number of instances, gets
//! more passwords checked than the limit allows.

use chrono::NaiveDateTime;

use crate::db::DbConnection;
use crate::error::AppResult;
use crate::throttle::{self, Limit, Reservation};

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
