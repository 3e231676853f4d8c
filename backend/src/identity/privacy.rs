//! The person's own data: `exportMyData` gives them everything held about them, and
//! `deleteMyAccount` erases it, keeping public contributions attributed to a "deleted
//! participant".

use serde_json::json;

use super::password_attempts::confirm_password;
use super::privacy_store;
use super::store;
use crate::audit::service::{self as audit, Actor, Target};
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::model::{Role, UserId};
use crate::organizations::store as organizations;
use crate::request::RequestContext;
use crate::services::Services;

/// Everything the platform holds about the caller, as pretty-printed JSON.
pub async fn export(services: &Services, request: &RequestContext) -> AppResult<String> {
    let user = request.principal().ok_or(AppError::Unauthenticated)?.user_id.clone();
    let data = services.db.run(move |connection| Ok(privacy_store::export(connection, &user)?)).await?;
    let document = json!({
        "exportedAt": time::now().and_utc(),
        "format": "Agora personal data export, one key per table",
        "data": data,
    });
    serde_json::to_string_pretty(&document).map_err(AppError::internal)
}

/// Erases the caller's account after checking their password (a try under the sign-in throttle).
/// Refused while they are the last admin of an organization or of the platform (`CONFLICT`), so
/// nothing is left unmanaged.
pub async fn delete_account(services: &Services, request: &RequestContext, password: &str) -> AppResult<()> {
    let user_id = request.principal().ok_or(AppError::Unauthenticated)?.user_id.clone();
    confirm_password(services, request, &user_id, password).await?;
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                refuse_if_last_admin(connection, &user_id)?;
                let now = time::now();
                crate::training::privacy::withdraw_everywhere(connection, &mailer, &user_id)?;
                privacy_store::erase(connection, &user_id, now)?;
                let actor = Actor { user_id: Some(user_id.as_str()), request_id: Some(&request_id) };
                let target = Target { kind: "User", id: user_id.as_str() };
                audit::record(connection, actor, "user.delete_account", Some(target), &json!({}))?;
                Ok(())
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(())
}

fn refuse_if_last_admin(connection: &mut DbConnection, user: &UserId) -> AppResult<()> {
    for membership in organizations::memberships_of(connection, user)? {
        let is_admin =
            membership.is_active() && membership.role() == crate::organizations::model::MembershipRole::Admin;
        if is_admin && organizations::active_admin_count(connection, &membership.organization_id)? <= 1 {
            return Err(AppError::Conflict { message_id: "error-last-admin" });
        }
    }
    let holds_admin = store::grants_of(connection, user)?
        .iter()
        .any(|grant| grant.role == Role::Admin.as_str() && grant.scope_id.is_none());
    if holds_admin && store::platform_admin_count(connection)? <= 1 {
        return Err(AppError::Conflict { message_id: "error-last-platform-admin" });
    }
    Ok(())
}
