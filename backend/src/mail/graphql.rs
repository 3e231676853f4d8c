//! Failed mail in the API (platform admins): `failedMail`, `requeueFailedMail` and the
//! `FailedMail` type.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::failed;
use super::outbox::OutboxMessage;
use crate::connection_types;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::graphql::pagination;

/// The kind of global ID that names a failed message.
pub const FAILED_MAIL_KIND: &str = "FailedMail";

/// An email the platform gave up delivering.
pub struct FailedMailObject(pub OutboxMessage);

connection_types!(FailedMailConnection, FailedMailEdge, FailedMailObject);

/// An email the platform gave up delivering after its last attempt; `requeueFailedMail` sends it
/// again.
#[Object(name = "FailedMail")]
impl FailedMailObject {
    /// The message's global ID (for `requeueFailedMail(ids:)`).
    pub async fn id(&self) -> ID {
        GlobalId::new(FAILED_MAIL_KIND, self.0.id.as_str()).encode()
    }

    /// The address it was for.
    async fn recipient_address(&self) -> &str {
        &self.0.recipient_address
    }

    /// Which email it is, e.g. `mail-verify-email`.
    async fn template(&self) -> &str {
        &self.0.template
    }

    /// What the mail server or the transport answered at the last attempt.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }

    /// How many delivery attempts were made.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// When it was queued.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    /// When the platform gave it up.
    async fn failed_at(&self) -> DateTime<Utc> {
        self.0.next_attempt_at.and_utc()
    }
}

/// Root fields of `Query` for failed mail.
#[derive(Default)]
pub struct MailQuery;

#[Object]
impl MailQuery {
    /// Emails the platform gave up delivering, oldest first. Platform admins only.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn failed_mail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many messages to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return messages after this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<FailedMailConnection> {
        let page = crate::graphql::pagination::requested_page(ctx, first, after)?;
        let messages = failed::list(ctx.services()?, ctx.principal()?, page).await?;
        Ok(FailedMailConnection::from_page(messages.map(FailedMailObject), |message| failed::cursor_of(&message.0)))
    }
}

/// Root fields of `Mutation` for failed mail.
#[derive(Default)]
pub struct MailMutation;

#[Object]
impl MailMutation {
    /// Puts failed emails back in the queue, to be delivered at once with a fresh count of
    /// attempts; each keeps its last error until it is delivered. Answers how many were requeued
    /// (messages that are no longer failed are skipped). Platform admins; audited.
    async fn requeue_failed_mail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `FailedMail` IDs to requeue (at most 100); omitted or null: every failed email.")]
        ids: Option<Vec<ID>>,
    ) -> async_graphql::Result<i32> {
        let ids = ids
            .map(|ids| {
                ids.iter()
                    .map(|id| GlobalId::decode_kind(id, FAILED_MAIL_KIND).ok_or_else(|| AppError::invalid("ids")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let requeued = failed::requeue(ctx.services()?, ctx.request()?, ids).await?;
        Ok(i32::try_from(requeued).unwrap_or(i32::MAX))
    }
}
