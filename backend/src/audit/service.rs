//! Recording privileged actions, and reading them back (admins only).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::model::{AuditEntry, AuditEntryId, AuditEntryInsertForm, AuditFilter};
use super::store;
use crate::auth::Principal;
use crate::auth::permissions::{Action, authorize};
use crate::db::page::{Cursor, Page, PageRequest};
use crate::db::{DbConnection, time};
use crate::error::{AppError, AppResult};
use crate::services::Services;

/// The object an action concerned: its kind (a GraphQL type name) and its ID.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub kind: &'a str,
    pub id: &'a str,
}

/// Who acted: the user (none when the platform itself acted) and the request it came in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Actor<'a> {
    pub user_id: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

/// Appends an entry. Call it inside the transaction of the action it records.
pub fn record(
    connection: &mut DbConnection,
    actor: Actor<'_>,
    action: &str,
    target: Option<Target<'_>>,
    details: &Value,
) -> diesel::QueryResult<()> {
    let id = AuditEntryId::generate();
    let details = details.to_string();
    store::insert(
        connection,
        &AuditEntryInsertForm {
            id: &id,
            actor_id: actor.user_id,
            action,
            target_type: target.map(|target| target.kind),
            target_id: target.map(|target| target.id),
            details: &details,
            request_id: actor.request_id,
            created_at: time::now(),
        },
    )
}

/// A page of entries, newest first. Admins only.
pub async fn list(
    services: &Services,
    principal: Option<&Principal>,
    filter: AuditFilter,
    page: PageRequest,
) -> AppResult<Page<AuditEntry>> {
    authorize(principal, Action::ReadAuditLog)?;
    let after = page.after.as_ref().map(decode_cursor).transpose()?;
    services.db.run(move |connection| Ok(store::list(connection, &filter, &page, after)?)).await
}

/// One entry, if the caller may read the audit log; `None` otherwise.
pub async fn find(
    services: &Services,
    principal: Option<&Principal>,
    id: AuditEntryId,
) -> AppResult<Option<AuditEntry>> {
    if authorize(principal, Action::ReadAuditLog).is_err() {
        return Ok(None);
    }
    services.db.run(move |connection| Ok(store::find(connection, &id)?)).await
}

/// The cursor of an entry in the newest-first order.
pub fn cursor_of(entry: &AuditEntry) -> Cursor {
    Cursor::new(entry.created_at.and_utc().to_rfc3339(), entry.id.as_str())
}

fn decode_cursor(cursor: &Cursor) -> AppResult<(NaiveDateTime, AuditEntryId)> {
    let created_at = DateTime::parse_from_rfc3339(&cursor.key).map_err(|_| AppError::invalid("after"))?;
    Ok((created_at.with_timezone(&Utc).naive_utc(), AuditEntryId(cursor.id.clone())))
}
