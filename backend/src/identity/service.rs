//! Bootstrapping the first platform admin (`agora create-admin`) and reading accounts with
//! their privacy rules. The account life cycle is in `accounts`, sessions in `sessions`.

use serde_json::json;

use super::accounts::email::Email;
use super::accounts::profile::parse_display_name;
use super::model::{Role, RoleGrant, RoleGrantId, RoleGrantInsertForm, User, UserId};
use super::store;
use super::store::NewAccount;
use crate::audit::service::{self as audit, Actor, Target};
use crate::auth::Principal;
use crate::auth::password::Password;
use crate::auth::permissions::{Action, authorize};
use crate::db::{time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::services::Services;

/// What `agora create-admin` asks for.
pub struct NewAdmin<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub display_name: Option<&'a str>,
}

/// Creates a verified account holding the platform `ADMIN` role (audited).
pub async fn create_admin(services: &Services, input: NewAdmin<'_>) -> AppResult<User> {
    let email = Email::parse(input.email, "email")?;
    let fallback_name = email.as_entered().split('@').next().unwrap_or_default().to_owned();
    let display_name = parse_display_name(input.display_name.unwrap_or(&fallback_name))?;
    let password = Password::parse(input.password, "password")?
        .refuse_context(&[email.as_entered(), &display_name], "password")?;
    let password_hash = services.passwords.hash(&password).await?;
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                if store::find_user_by_email(connection, email.normalized())?.is_some() {
                    return Err(AppError::Conflict { message_id: "error-email-taken" });
                }
                let now = time::now();
                let account = NewAccount {
                    email: &email,
                    display_name: &display_name,
                    password_hash: &password_hash,
                    locale: "en",
                    country_code: None,
                    verified: true,
                };
                let id = store::create_account(connection, &account, now)?.id;
                store::insert_grant(
                    connection,
                    &RoleGrantInsertForm {
                        id: &RoleGrantId::generate(),
                        user_id: &id,
                        role: Role::Admin.as_str(),
                        scope_id: None,
                        granted_by: None,
                        created_at: now,
                        scope_type: None,
                    },
                )?;
                audit::record(
                    connection,
                    Actor::default(),
                    "user.create_admin",
                    Some(Target { kind: "User", id: id.as_str() }),
                    &json!({ "via": "cli" }),
                )?;
                store::find_user(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// The signed-in user's own account.
pub async fn me(services: &Services, principal: Option<&Principal>) -> AppResult<Option<User>> {
    let Some(principal) = principal else { return Ok(None) };
    let id = principal.user_id.clone();
    services.db.run(move |connection| Ok(store::find_user(connection, &id)?)).await
}

/// An account by ID. Its public face (ID, display name) is visible to anyone who has its ID;
/// the private fields check [`Action::ViewPrivateProfile`] themselves.
pub async fn find(services: &Services, id: UserId) -> AppResult<Option<User>> {
    services.db.run(move |connection| Ok(store::find_user(connection, &id)?)).await
}

/// The roles a user holds, if the caller may see them.
pub async fn grants_of(services: &Services, principal: Option<&Principal>, user: &UserId) -> AppResult<Vec<RoleGrant>> {
    authorize(principal, Action::ViewPrivateProfile(user))?;
    let user = user.clone();
    services.db.run(move |connection| Ok(store::grants_of(connection, &user)?)).await
}

/// The roles of the account whose owner is being answered directly (after signing in or
/// following an emailed link), without a token to check.
pub async fn own_grants(services: &Services, user: &UserId) -> AppResult<Vec<RoleGrant>> {
    let user = user.clone();
    services.db.run(move |connection| Ok(store::grants_of(connection, &user)?)).await
}
