//! Signing in and staying signed in.
//!
//! `login` checks the password (argon2id) and starts a session family: a short-lived access
//! token (JWT) and an opaque refresh token. `refreshSession` rotates the refresh token. A
//! token presented again after its rotation means a copy is in someone else's hands, so the
//! whole family is revoked, except within a few seconds of the rotation, when it is just two
//! browser tabs refreshing at once. Failed sign-ins are throttled per account and per client
//! (see `password_attempts`): each try is reserved before any hashing, so a flood of guesses,
//! however concurrent, gets no more passwords checked than the limit and costs the server almost
//! nothing.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use crate::auth::secret_token::{self, SecretToken};
use crate::db::{DbConnection, ids, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::accounts::email::Email;
use crate::identity::model::{User, UserId};
use crate::identity::sessions::password_attempts::PasswordAttempt;
use crate::identity::tokens::model::RefreshTokenInsertForm;
use crate::identity::{store, tokens::store as tokens_store};
use crate::request::RequestContext;
use crate::services::Services;

/// How long a refresh token (and so a session without activity) lasts.
pub const REFRESH_LIFETIME: TimeDelta = TimeDelta::days(30);
/// How long after a rotation the old refresh token still works (parallel refreshes).
pub const ROTATION_GRACE: TimeDelta = TimeDelta::seconds(10);

/// A signed-in session as the API returns it.
pub struct Session {
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_token_expires_at: DateTime<Utc>,
    pub user: User,
}

/// Signs in with email and password.
pub async fn login(services: &Services, request: &RequestContext, email: &str, password: &str) -> AppResult<Session> {
    let email = Email::parse(email, "email").map_err(|_| AppError::InvalidCredentials)?;
    let normalized = email.normalized().to_owned();
    let (limit, client_key) = (services.config.throttle.login_failures, request.client_key());
    let (attempt, user) = services
        .db
        .run(move |connection| {
            let attempt = PasswordAttempt::reserve(connection, limit, &normalized, &client_key, time::now())?;
            Ok((attempt, store::find_user_by_email(connection, &normalized)?))
        })
        .await?;

    // An unknown address costs the same hash as a known one, so timing reveals nothing.
    let stored_hash = user.as_ref().map_or(services.timing_equalizer_hash.as_str(), |user| user.password_hash.as_str());
    let password_matches = services.passwords.verify(password, stored_hash).await;
    let Some(user) = user.filter(|_| password_matches) else {
        return Err(AppError::InvalidCredentials);
    };
    let suspended = user.is_suspended();
    let family_id = ids::new_id();
    let user_id = user.id.clone();
    let refresh = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                attempt.succeeded(connection)?;
                if suspended {
                    return Ok(None);
                }
                issue_refresh_token(connection, &user_id, &family_id).map(Some)
            })
        })
        .await?;
    let refresh = refresh.ok_or(AppError::AccountSuspended)?;
    finish(services, user, refresh)
}

/// Exchanges a refresh token for a new session (and a new refresh token).
pub async fn refresh(services: &Services, refresh_token: &str) -> AppResult<Session> {
    let token_hash = secret_token::hash(refresh_token);
    let outcome = services
        .db
        .run(move |connection| write_transaction(connection, |connection| rotate(connection, &token_hash, time::now())))
        .await?;
    match outcome {
        Rotation::Rotated { user, refresh } => finish(services, *user, refresh),
        Rotation::Refused { reused_family } => {
            if let Some(family) = reused_family {
                tracing::warn!(family_id = %family, "a rotated refresh token was presented again; its session family is revoked");
            }
            Err(AppError::Unauthenticated)
        }
    }
}

/// Ends the session the refresh token belongs to. Always succeeds.
pub async fn logout(services: &Services, refresh_token: &str) -> AppResult<()> {
    let token_hash = secret_token::hash(refresh_token);
    services
        .db
        .run(move |connection| {
            if let Some(token) = tokens_store::find_refresh_token(connection, &token_hash)? {
                tokens_store::revoke_family(connection, &token.family_id, time::now())?;
            }
            Ok(())
        })
        .await
}

/// The result of presenting a refresh token. A refusal is an `Ok` value so the transaction that
/// revoked a stolen family commits.
enum Rotation {
    Rotated { user: Box<User>, refresh: IssuedRefreshToken },
    Refused { reused_family: Option<String> },
}

fn rotate(connection: &mut DbConnection, token_hash: &str, now: NaiveDateTime) -> AppResult<Rotation> {
    let refused = Ok(Rotation::Refused { reused_family: None });
    let Some(token) = tokens_store::find_refresh_token(connection, token_hash)? else { return refused };
    if token.revoked_at.is_some() || token.expires_at <= now {
        return refused;
    }
    let Some(user) = store::find_user(connection, &token.user_id)?.filter(|user| !user.is_suspended()) else {
        tokens_store::revoke_family(connection, &token.family_id, now)?;
        return refused;
    };
    let rotated_now = tokens_store::mark_rotated(connection, &token.id, now)?;
    if !rotated_now {
        let rotated_at = token.rotated_at.unwrap_or(now);
        if now - rotated_at > ROTATION_GRACE {
            tokens_store::revoke_family(connection, &token.family_id, now)?;
            return Ok(Rotation::Refused { reused_family: Some(token.family_id) });
        }
    }
    let refresh = issue_refresh_token(connection, &user.id, &token.family_id)?;
    Ok(Rotation::Rotated { user: Box::new(user), refresh })
}

struct IssuedRefreshToken {
    token: String,
    expires_at: NaiveDateTime,
}

fn issue_refresh_token(connection: &mut DbConnection, user: &UserId, family_id: &str) -> AppResult<IssuedRefreshToken> {
    let secret = SecretToken::generate();
    let now = time::now();
    let expires_at = now + REFRESH_LIFETIME;
    tokens_store::insert_refresh_token(
        connection,
        &RefreshTokenInsertForm {
            id: &ids::new_id(),
            user_id: user,
            family_id,
            token_hash: &secret.hash,
            created_at: now,
            expires_at,
        },
    )?;
    Ok(IssuedRefreshToken { token: secret.token, expires_at })
}

fn finish(services: &Services, user: User, refresh: IssuedRefreshToken) -> AppResult<Session> {
    let (access_token, access_token_expires_at) =
        services.access_tokens.issue(&user.id, user.token_generation, Utc::now())?;
    Ok(Session {
        access_token,
        access_token_expires_at,
        refresh_token: refresh.token,
        refresh_token_expires_at: refresh.expires_at.and_utc(),
        user,
    })
}
