//! The audit log in the API: `auditLog` (admins) and the `AuditEntry` type.

use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, Utc};

use super::model::{AuditEntry, AuditFilter};
use super::service;
use crate::connection_types;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::graphql::pagination;

/// The kind of global ID that names an audit entry.
pub const AUDIT_ENTRY_KIND: &str = "AuditEntry";

/// One privileged action recorded in the audit log.
pub struct AuditEntryObject(pub AuditEntry);

connection_types!(AuditEntryConnection, AuditEntryEdge, AuditEntryObject);

/// One privileged action recorded in the audit log: who did what to which object, and when.
#[Object(name = "AuditEntry")]
impl AuditEntryObject {
    /// The entry's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(AUDIT_ENTRY_KIND, self.0.id.as_str()).encode()
    }

    /// What was done, e.g. `user.create_admin` or `organization.verify`.
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// The user who acted (a `User` ID), or null when the platform itself acted.
    async fn actor_id(&self) -> Option<ID> {
        self.0.actor_id.as_deref().map(|actor| GlobalId::new("User", actor).encode())
    }

    /// The type of the object acted upon, e.g. `User`.
    async fn target_type(&self) -> Option<&str> {
        self.0.target_type.as_deref()
    }

    /// The ID of the object acted upon (usable with `node(id:)`).
    async fn target_id(&self) -> Option<ID> {
        match (&self.0.target_type, &self.0.target_id) {
            (Some(kind), Some(id)) => Some(GlobalId::new(kind, id).encode()),
            _ => None,
        }
    }

    /// The particulars of the action (a reason, the old and new values…), as JSON.
    async fn details(&self) -> Json<serde_json::Value> {
        Json(serde_json::from_str(&self.0.details).unwrap_or_default())
    }

    /// The request that did it, to find it in the server logs.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// When it happened.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// Root fields of `Query` for the audit log.
#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Privileged actions, newest first. Platform admins only.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many entries to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return entries after this cursor.")] after: Option<String>,
        #[graphql(desc = "Only actions by this user.")] actor_id: Option<ID>,
        #[graphql(desc = "Only this action, e.g. `user.suspend`.")] action: Option<String>,
        #[graphql(desc = "Only actions on this object.")] target_id: Option<ID>,
    ) -> async_graphql::Result<AuditEntryConnection> {
        let services = ctx.services()?;
        let page = crate::graphql::pagination::requested_page(ctx, first, after)?;
        let filter = AuditFilter {
            actor_id: actor_id.map(|id| raw_key(&id, "actorId")).transpose()?,
            action,
            target_id: target_id.map(|id| raw_key(&id, "targetId")).transpose()?,
        };
        let entries = service::list(services, ctx.principal()?, filter, page).await?;
        Ok(AuditEntryConnection::from_page(entries.map(AuditEntryObject), |entry| service::cursor_of(&entry.0)))
    }
}

fn raw_key(id: &ID, field: &str) -> Result<String, AppError> {
    GlobalId::decode(id).map(|global| global.key).ok_or_else(|| AppError::invalid(field))
}
