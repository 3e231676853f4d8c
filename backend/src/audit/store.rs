//! Queries on the audit log: append, and list newest first with keyset pagination.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{AuditEntry, AuditEntryId, AuditEntryInsertForm, AuditFilter};
use crate::db::DbConnection;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::audit_log;

pub fn insert(connection: &mut DbConnection, form: &AuditEntryInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(audit_log::table).values(form).execute(connection).map(drop)
}

pub fn find(connection: &mut DbConnection, id: &AuditEntryId) -> QueryResult<Option<AuditEntry>> {
    audit_log::table.find(id).select(AuditEntry::as_select()).get_result(connection).optional()
}

/// Entries matching `filter`, newest first, after the cursor `(created_at, id)` if any.
pub fn list(
    connection: &mut DbConnection,
    filter: &AuditFilter,
    page: &PageRequest,
    after: Option<(NaiveDateTime, AuditEntryId)>,
) -> QueryResult<Page<AuditEntry>> {
    let filtered = || {
        let mut query = audit_log::table.into_boxed();
        if let Some(actor) = &filter.actor_id {
            query = query.filter(audit_log::actor_id.eq(actor.clone()));
        }
        if let Some(action) = &filter.action {
            query = query.filter(audit_log::action.eq(action.clone()));
        }
        if let Some(target) = &filter.target_id {
            query = query.filter(audit_log::target_id.eq(target.clone()));
        }
        query
    };
    let total_count = page.total(|| filtered().count().get_result(connection))?;
    let mut query = filtered();
    if let Some((created_at, id)) = after {
        query = query.filter(
            audit_log::created_at.lt(created_at).or(audit_log::created_at.eq(created_at).and(audit_log::id.lt(id))),
        );
    }
    let rows = query
        .order((audit_log::created_at.desc(), audit_log::id.desc()))
        .limit(page.fetch_limit())
        .select(AuditEntry::as_select())
        .load(connection)?;
    Ok(Page::from_rows(rows, page, total_count))
}
