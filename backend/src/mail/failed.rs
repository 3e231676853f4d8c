//! Mail the worker gave up on, for platform admins: read it, and put it back in the queue.
//!
//! The worker gives a message up after `AGORA_MAIL_MAX_ATTEMPTS` failed attempts (about an hour
//! with the defaults) or at once on a permanent refusal, and never tries it again by itself: a
//! relay that is down for an afternoon would otherwise cost people their verification links. Once
//! the cause is fixed, an admin requeues the messages (all, or the ones chosen): they are due at
//! once, with their attempts counted afresh, and keep their last error until they are delivered.
//! Each requeue is audited with how many messages it moved; `/metrics` shows how many are failed
//! (`agora_mail_failed`).

use serde_json::json;

use super::outbox::{self, OutboxMessage};
use crate::audit::service::{self as audit, Actor};
use crate::auth::Principal;
use crate::auth::permissions::{Action, authorize};
use crate::db::page::{Cursor, Page, PageRequest};
use crate::db::{time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::request::RequestContext;
use crate::services::Services;

/// The most messages one requeue may name (a page of the listing).
pub const MAX_REQUEUE_IDS: usize = 100;

/// Puts failed messages back in the queue (platform admins) and wakes the worker: the ones named
/// by `ids` that are failed, or every failed message when `ids` is `None`. Returns how many were
/// requeued.
pub async fn requeue(services: &Services, request: &RequestContext, ids: Option<Vec<String>>) -> AppResult<usize> {
    authorize(request.principal(), Action::ManageFailedMail)?;
    let admin = request.caller()?;
    if ids.as_ref().is_some_and(|ids| ids.len() > MAX_REQUEUE_IDS) {
        return Err(AppError::invalid("ids"));
    }
    let request_id = request.request_id.clone();
    let requeued = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let requeued = outbox::requeue_failed(connection, ids.as_deref(), time::now())?;
                let actor = Actor { user_id: Some(admin.as_str()), request_id: Some(&request_id) };
                // `ids: null` stands for every failed message.
                let details = json!({ "requeued": requeued, "ids": ids });
                audit::record(connection, actor, "mail.requeue_failed", None, &details)?;
                Ok(requeued)
            })
        })
        .await?;
    if requeued > 0 {
        services.mailer.wake_worker();
    }
    Ok(requeued)
}

/// A page of failed messages, oldest first (platform admins).
pub async fn list(
    services: &Services,
    principal: Option<&Principal>,
    page: PageRequest,
) -> AppResult<Page<OutboxMessage>> {
    authorize(principal, Action::ManageFailedMail)?;
    let after = page.after.as_ref().map(|cursor| cursor.id.clone());
    services.db.run(move |connection| Ok(outbox::failed_page(connection, &page, after.as_deref())?)).await
}

/// One failed message, if the caller may see failed mail and it is still failed; `None`
/// otherwise.
pub async fn find(services: &Services, principal: Option<&Principal>, id: String) -> AppResult<Option<OutboxMessage>> {
    if authorize(principal, Action::ManageFailedMail).is_err() {
        return Ok(None);
    }
    let message = services.db.run(move |connection| Ok(outbox::find(connection, &id)?)).await?;
    Ok(message.filter(|message| message.status == outbox::status::FAILED))
}

/// The cursor of a message in the listing's order.
pub fn cursor_of(message: &OutboxMessage) -> Cursor {
    Cursor::new("", message.id.as_str())
}
