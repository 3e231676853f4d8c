//! Account life cycle: registration, email verification, password reset, profile changes.
//!
//! Nothing here tells a caller whether an address has an account: `register`,
//! `resendVerification` and `requestPasswordReset` answer the same way either way, and the
//! email sent to the address says the rest. Account emails are throttled per recipient and per
//! client address.
//!
//! Anyone can register any address, so the password given at registration says nothing about
//! who reads the mailbox, and the verification link says nothing about who chose the password.
//! Someone who registered another person's address with a password of their own would hold a
//! verified account in that person's name as soon as its owner opened the link (a
//! pre-registration takeover). So the link lets its reader choose the account's password
//! (`verifyEmail(token, password)`, and always on this server's `/verify-email` page, which
//! only shows a form when opened): that replaces the registration password and ends every
//! session and access token of the account, leaving only the mailbox owner with a way in.
//! `verifyEmail(token)` without a password keeps the contract of clients written before, and
//! confirms the address as registered; a frontend's own verification page should ask for the
//! password. The owner of an address can also take its account over at any time with a
//! password reset, which proves the address too; registering the address again mails one.

use chrono::{NaiveDateTime, TimeDelta};
use fluent_bundle::FluentValue;
use url::Url;

use crate::auth::password::Password;
use crate::auth::secret_token::{self, SecretToken};
use crate::config::ThrottleLimits;
use crate::db::{DbConnection, ids, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::accounts::email::Email;
use crate::identity::accounts::links::token_link;
use crate::identity::accounts::profile::{parse_country, parse_display_name, parse_locale};
use crate::identity::model::{User, UserId};
use crate::identity::store::NewAccount;
use crate::identity::tokens::model::{AccountTokenInsertForm, TokenPurpose};
use crate::identity::{store, tokens::store as tokens_store};
use crate::mail::{Mailer, Recipient, templates};
use crate::request::RequestContext;
use crate::services::Services;
use crate::throttle;

/// How long an email verification link works.
const VERIFICATION_LIFETIME: TimeDelta = TimeDelta::hours(24);
/// How long a password reset link works.
const RESET_LIFETIME: TimeDelta = TimeDelta::hours(1);

/// What `register` receives.
pub struct Registration<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub display_name: &'a str,
    pub country: &'a str,
    pub locale: &'a str,
}

/// Creates an unverified account and emails a verification link, or, when the address already
/// has an account, emails its owner a notice instead. The caller cannot tell which happened.
pub async fn register(services: &Services, request: &RequestContext, input: Registration<'_>) -> AppResult<()> {
    let email = Email::parse(input.email, "email")?;
    let display_name = parse_display_name(input.display_name)?;
    let password = Password::parse(input.password, "password")?
        .refuse_context(&[email.as_entered(), &display_name], "password")?;
    let country = parse_country(input.country)?;
    let locale = parse_locale(input.locale)?;

    let limits = services.config.throttle;
    let client_bucket = throttle::bucket("register-client", &request.client_key());
    services
        .db
        .run(move |connection| throttle::hit(connection, &client_bucket, limits.registrations, time::now()))
        .await?;

    // Hashing happens whether or not the address is taken, so both answers take as long.
    let password_hash = services.passwords.hash(&password).await?;
    let mailer = services.mailer.clone();
    let base = services.config.public_base_url();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let now = time::now();
                let recipient_bucket = throttle::bucket("account-email", email.normalized());
                if throttle::hit(connection, &recipient_bucket, limits.emails_per_recipient, now).is_err() {
                    return Ok(());
                }
                if let Some(existing) = store::find_user_by_email(connection, email.normalized())? {
                    // The notice goes to the owner's own address, so it may carry a working reset link.
                    let token =
                        issue_account_token(connection, &existing.id, TokenPurpose::ResetPassword, RESET_LIFETIME)?;
                    let recipient = recipient_of(&existing);
                    let args = [("resetLink", FluentValue::from(token_link(&base, "reset-password", &token)))];
                    mailer.enqueue(connection, templates::ALREADY_REGISTERED, &recipient, &args)?;
                    return Ok(());
                }
                let account = NewAccount {
                    email: &email,
                    display_name: &display_name,
                    password_hash: &password_hash,
                    locale: &locale.to_string(),
                    country_code: Some(&country),
                    verified: false,
                };
                let user = store::create_account(connection, &account, now)?;
                send_verification(connection, &mailer, &base, &user)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(())
}

/// Sends a new verification link if the address has an unverified account. Always succeeds
/// (unless throttled), whatever the address.
pub async fn resend_verification(services: &Services, request: &RequestContext, email: &str) -> AppResult<()> {
    email_account_if_any(services, request, email, |connection, mailer, base, user| {
        if user.is_verified() || user.is_suspended() {
            return Ok(());
        }
        send_verification(connection, mailer, base, user)
    })
    .await
}

/// Confirms the address the token was sent to; the token then stops working. With `password`,
/// the reader of the link also sets the account's password, and every session and access token
/// of the account ends. See the module documentation.
pub async fn verify_email(services: &Services, token: &str, password: Option<&str>) -> AppResult<User> {
    let token_hash = secret_token::hash(token);
    let password_hash = match password {
        Some(password) => {
            let user = account_of_token(services, TokenPurpose::VerifyEmail, token_hash.clone()).await?;
            let password = Password::parse(password, "password")?
                .refuse_context(&[&user.email, &user.display_name], "password")?;
            Some(services.passwords.hash(&password).await?)
        }
        None => None,
    };
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let now = time::now();
                let token =
                    tokens_store::find_usable_account_token(connection, TokenPurpose::VerifyEmail, &token_hash, now)?
                        .ok_or_else(invalid_token)?;
                if let Some(password_hash) = &password_hash {
                    store::set_password(connection, &token.user_id, password_hash, now)?;
                    tokens_store::revoke_all_of(connection, &token.user_id, now)?;
                }
                confirm_address(connection, &token.user_id, now)
            })
        })
        .await
}

/// Marks the account's address confirmed, and its verification links used.
fn confirm_address(connection: &mut DbConnection, user: &UserId, now: NaiveDateTime) -> AppResult<User> {
    tokens_store::use_account_tokens(connection, user, TokenPurpose::VerifyEmail, now)?;
    store::mark_email_verified(connection, user, now)?;
    store::find_user(connection, user)?.ok_or(AppError::NotFound)
}

/// The account an emailed token belongs to, while the token is usable (`VALIDATION` on `token`
/// otherwise). Nothing is used up: the change that follows checks the token again.
async fn account_of_token(services: &Services, purpose: TokenPurpose, token_hash: String) -> AppResult<User> {
    services
        .db
        .run(move |connection| {
            let token = tokens_store::find_usable_account_token(connection, purpose, &token_hash, time::now())?
                .ok_or_else(invalid_token)?;
            store::find_user(connection, &token.user_id)?.ok_or_else(invalid_token)
        })
        .await
}

/// Emails a password reset link if the address has an account. Always succeeds (unless
/// throttled), whatever the address.
pub async fn request_password_reset(services: &Services, request: &RequestContext, email: &str) -> AppResult<()> {
    email_account_if_any(services, request, email, |connection, mailer, base, user| {
        let token = issue_account_token(connection, &user.id, TokenPurpose::ResetPassword, RESET_LIFETIME)?;
        let link = token_link(base, "reset-password", &token);
        mailer.enqueue(
            connection,
            templates::PASSWORD_RESET,
            &recipient_of(user),
            &[("link", FluentValue::from(link))],
        )?;
        Ok(())
    })
    .await
}

/// Counts an account email against the client's and the recipient's limits, then lets `send`
/// write it if the address has an account. The caller learns nothing about the address.
async fn email_account_if_any<F>(services: &Services, request: &RequestContext, email: &str, send: F) -> AppResult<()>
where
    F: FnOnce(&mut DbConnection, &Mailer, &Url, &User) -> AppResult<()> + Send + 'static,
{
    let email = Email::parse(email, "email")?;
    let mailer = services.mailer.clone();
    let base = services.config.public_base_url();
    let limits = services.config.throttle;
    let client_bucket = throttle::bucket("account-email-client", &request.client_key());
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                throttle_account_email(connection, &client_bucket, &email, limits, time::now())?;
                match store::find_user_by_email(connection, email.normalized())? {
                    Some(user) => send(connection, &mailer, &base, &user),
                    None => Ok(()),
                }
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(())
}

/// Sets a new password with an emailed token. Every session of the account ends, and access
/// tokens issued before now stop working. Following the link also proves the address.
pub async fn reset_password(services: &Services, token: &str, new_password: &str) -> AppResult<()> {
    let token_hash = secret_token::hash(token);
    let user = account_of_token(services, TokenPurpose::ResetPassword, token_hash.clone()).await?;
    let password = Password::parse(new_password, "newPassword")?
        .refuse_context(&[&user.email, &user.display_name], "newPassword")?;
    let password_hash = services.passwords.hash(&password).await?;
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let now = time::now();
                let token =
                    tokens_store::find_usable_account_token(connection, TokenPurpose::ResetPassword, &token_hash, now)?
                        .ok_or_else(invalid_token)?;
                tokens_store::use_account_tokens(connection, &token.user_id, TokenPurpose::ResetPassword, now)?;
                store::set_password(connection, &token.user_id, &password_hash, now)?;
                store::mark_email_verified(connection, &token.user_id, now)?;
                tokens_store::revoke_all_of(connection, &token.user_id, now)?;
                Ok(())
            })
        })
        .await
}

/// What `updateProfile` may change; `None` leaves a field as it is.
pub struct ProfileChanges<'a> {
    pub display_name: Option<&'a str>,
    pub country: Option<&'a str>,
    pub locale: Option<&'a str>,
}

/// Changes the signed-in user's own profile.
pub async fn update_profile(
    services: &Services,
    request: &RequestContext,
    changes: ProfileChanges<'_>,
) -> AppResult<User> {
    let principal = request.signed_in()?;
    let display_name = changes.display_name.map(parse_display_name).transpose()?;
    let country = changes.country.map(parse_country).transpose()?;
    let locale = changes.locale.map(parse_locale).transpose()?.map(|locale| locale.to_string());
    let id = principal.user_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                store::update_profile(
                    connection,
                    &id,
                    display_name.as_deref(),
                    country.as_deref(),
                    locale.as_deref(),
                    time::now(),
                )?;
                store::find_user(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// Counts an account email against the client's and the recipient's limits.
fn throttle_account_email(
    connection: &mut DbConnection,
    client_bucket: &str,
    email: &Email,
    limits: ThrottleLimits,
    now: NaiveDateTime,
) -> AppResult<()> {
    throttle::hit(connection, client_bucket, limits.emails_per_client, now)?;
    throttle::hit(connection, &throttle::bucket("account-email", email.normalized()), limits.emails_per_recipient, now)
}

fn send_verification(connection: &mut DbConnection, mailer: &Mailer, base: &Url, user: &User) -> AppResult<()> {
    tokens_store::use_account_tokens(connection, &user.id, TokenPurpose::VerifyEmail, time::now())?;
    let token = issue_account_token(connection, &user.id, TokenPurpose::VerifyEmail, VERIFICATION_LIFETIME)?;
    let link = token_link(base, "verify-email", &token);
    mailer.enqueue(connection, templates::VERIFY_EMAIL, &recipient_of(user), &[("link", FluentValue::from(link))])?;
    Ok(())
}

/// Stores a new emailed token; returns the token itself (only its hash is kept).
fn issue_account_token(
    connection: &mut DbConnection,
    user: &UserId,
    purpose: TokenPurpose,
    lifetime: TimeDelta,
) -> AppResult<String> {
    let secret = SecretToken::generate();
    let now = time::now();
    tokens_store::insert_account_token(
        connection,
        &AccountTokenInsertForm {
            id: &ids::new_id(),
            user_id: user,
            purpose: purpose.as_str(),
            token_hash: &secret.hash,
            created_at: now,
            expires_at: now + lifetime,
        },
    )?;
    Ok(secret.token)
}

/// Who receives an account's emails, in the account's language.
pub fn recipient_of(user: &User) -> Recipient {
    Recipient {
        address: user.email.clone(),
        name: Some(user.display_name.clone()),
        locale: parse_locale(&user.locale).unwrap_or_default(),
    }
}

fn invalid_token() -> AppError {
    AppError::Validation { field: "token".into(), message_id: "error-token-invalid" }
}
