//! Rows of the audit log.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::audit_log;
use crate::typed_id;

typed_id!(
    /// The ID of an audit log entry.
    AuditEntryId
);

/// One privileged action: who did what to which object, and when.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: AuditEntryId,
    /// `None` when the platform itself acted (the CLI, a scheduled job).
    pub actor_id: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// JSON with the particulars (a reason, the old and new value…).
    pub details: String,
    /// The request that did it (to match the entry with the logs); `None` outside requests.
    pub request_id: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A new entry.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntryInsertForm<'a> {
    pub id: &'a AuditEntryId,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub target_type: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub details: &'a str,
    pub request_id: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<String>,
    pub action: Option<String>,
    pub target_id: Option<String>,
}
