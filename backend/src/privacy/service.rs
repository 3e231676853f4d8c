//! `exportMyData` and `deleteMyAccount`: the caller's data in every domain, exported or erased in
//! one transaction.

use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde_json::{Value, json};

use crate::audit::service::{self as audit, Actor, Target};
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::model::{Role, UserId};
use crate::identity::sessions::password_attempts::confirm_password;
use crate::identity::{privacy as identity, store as accounts};
use crate::mail::Mailer;
use crate::organizations::store as organizations;
use crate::request::RequestContext;
use crate::services::Services;
use crate::{consultations, idempotency, training};

/// Everything the platform holds about the caller, as pretty-printed JSON.
pub async fn export(services: &Services, request: &RequestContext) -> AppResult<String> {
    let user = request.caller()?;
    let data = services.db.run(move |connection| Ok(export_all(connection, &user)?)).await?;
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
    let user_id = request.caller()?;
    confirm_password(services, request, &user_id, password).await?;
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                refuse_if_last_admin(connection, &user_id)?;
                erase_all(connection, &mailer, &user_id, time::now())?;
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

/// Every domain's part of the export, one key per table.
fn export_all(connection: &mut DbConnection, user: &UserId) -> QueryResult<Value> {
    let parts = [
        identity::export(connection, user)?,
        consultations::privacy::export(connection, user)?,
        training::privacy::export(connection, user)?,
        idempotency::privacy::export(connection, user)?,
    ];
    let mut export = serde_json::Map::new();
    for part in parts {
        if let Value::Object(tables) = part {
            export.extend(tables);
        }
    }
    Ok(Value::Object(export))
}

/// Withdraws the person from what they take part in, erases every domain's data about them, and
/// empties the account row last, so that contributions and audit entries keep a stable, now
/// anonymous, reference.
fn erase_all(connection: &mut DbConnection, mailer: &Mailer, user: &UserId, at: NaiveDateTime) -> AppResult<()> {
    training::privacy::withdraw_everywhere(connection, mailer, user)?;
    identity::erase(connection, user)?;
    consultations::privacy::erase(connection, user)?;
    training::privacy::erase(connection, user)?;
    idempotency::privacy::erase(connection, user)?;
    identity::empty_account(connection, user, at)?;
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
    let holds_admin = accounts::grants_of(connection, user)?
        .iter()
        .any(|grant| grant.role == Role::Admin.as_str() && grant.scope_id.is_none());
    if holds_admin && accounts::platform_admin_count(connection)? <= 1 {
        return Err(AppError::Conflict { message_id: "error-last-platform-admin" });
    }
    Ok(())
}
