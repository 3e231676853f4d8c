//! Moderation: anyone who may take part can flag a comment once; enough distinct flags hide it
//! until a moderator looks; moderators (of the consultation or platform-wide) hide and restore
//! with a reason. Every decision is audited and its author is told, in their language.

use fluent_bundle::FluentValue;
use serde_json::json;

use crate::audit::service::{self as audit, Actor, Target};
use crate::auth::Principal;
use crate::auth::permissions::{Action, authorize};
use crate::consultations::access;
use crate::consultations::comments::service::visible_consultation;
use crate::consultations::comments::store as comment_store;
use crate::consultations::model::{Comment, CommentId, CommentStatus, ConsultationId, FlagReason, ModerationAction};
use crate::consultations::statistics::counters as tally;
use crate::consultations::store;
use crate::db::page::{Page, PageRequest};
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::accounts::service::recipient_of;
use crate::identity::model::Role;
use crate::identity::store as users;
use crate::mail::{Mailer, templates};
use crate::request::RequestContext;
use crate::services::Services;
use crate::text::parse_text;

const MAX_REASON: usize = 2_000;

/// Flags a comment. The flag that reaches the threshold hides the comment pending review.
pub async fn flag(services: &Services, request: &RequestContext, id: CommentId, reason: FlagReason) -> AppResult<bool> {
    authorize(request.principal(), Action::Participate)?;
    let user = request.caller()?;
    let threshold = services.config.comments.flags_to_hide;
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let comment = comment_store::find_comment(connection, &id)?.ok_or(AppError::NotFound)?;
                let round = store::find_round(connection, &comment.round_id)?.ok_or(AppError::NotFound)?;
                visible_consultation(connection, Some(&user), &round)?;
                if comment.status() == CommentStatus::Withdrawn {
                    return Err(AppError::NotFound);
                }
                let flags = comment_store::add_flag(connection, &comment, &user, reason.as_str(), time::now())?
                    .ok_or(AppError::Conflict { message_id: "error-already-flagged" })?;
                if flags == threshold && comment_store::hide_pending_review(connection, &id)? {
                    tally::status_changed(connection, &comment, CommentStatus::Published, CommentStatus::Hidden)?;
                    let actor = Actor { user_id: None, request_id: Some(&request_id) };
                    audit::record(
                        connection,
                        actor,
                        "comment.hide_pending_review",
                        Some(target(&id)),
                        &json!({ "flags": flags }),
                    )?;
                    notify_author(connection, &mailer, &comment, templates::COMMENT_PENDING_REVIEW, None)?;
                }
                Ok(true)
            })
        })
        .await
        .inspect(|_| services.mailer.wake_worker())
}

/// Hides or restores a comment with a reason (moderators).
pub async fn moderate(
    services: &Services,
    request: &RequestContext,
    id: CommentId,
    action: ModerationAction,
    reason: &str,
) -> AppResult<Comment> {
    let moderator = request.caller()?;
    let reason = parse_text(reason, "reason", MAX_REASON)?;
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let comment = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let (comment, _, access) = access::standing_on_comment(connection, principal.as_ref(), &id)?;
                authorize(principal.as_ref(), Action::ModerateComments { caller_is_moderator: access.is_moderator })?;
                let (status, template, audit_action) = match (action, comment.status()) {
                    (ModerationAction::Hide, CommentStatus::Published) => {
                        (CommentStatus::Hidden, templates::COMMENT_HIDDEN, "comment.hide")
                    }
                    (ModerationAction::Hide, CommentStatus::Hidden) if comment.review_requested_at.is_some() => {
                        (CommentStatus::Hidden, templates::COMMENT_HIDDEN, "comment.hide")
                    }
                    (ModerationAction::Restore, CommentStatus::Hidden) => {
                        (CommentStatus::Published, templates::COMMENT_RESTORED, "comment.restore")
                    }
                    (ModerationAction::Restore, CommentStatus::Published) if comment.review_requested_at.is_some() => {
                        (CommentStatus::Published, templates::COMMENT_RESTORED, "comment.restore")
                    }
                    _ => return Err(AppError::Conflict { message_id: "error-moderation-status" }),
                };
                if !comment_store::set_moderation(connection, &comment, status, Some(&reason))? {
                    return Err(AppError::Conflict { message_id: "error-comment-changed" });
                }
                tally::status_changed(connection, &comment, comment.status(), status)?;
                let actor = Actor { user_id: Some(moderator.as_str()), request_id: Some(&request_id) };
                audit::record(connection, actor, audit_action, Some(target(&id)), &json!({ "reason": reason }))?;
                notify_author(connection, &mailer, &comment, template, Some(&reason))?;
                comment_store::find_comment(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(comment)
}

/// Comments waiting for review, oldest request first: every consultation for platform
/// moderators and admins, the consultations they moderate for scoped moderators.
pub async fn queue(
    services: &Services,
    principal: Option<&Principal>,
    consultation: Option<ConsultationId>,
    page: PageRequest,
) -> AppResult<Page<Comment>> {
    let principal = principal.ok_or(AppError::Unauthenticated)?.clone();
    let moderated: Vec<ConsultationId> = principal
        .grants
        .iter()
        .filter(|grant| grant.role == Role::Moderator.as_str())
        .filter_map(|grant| grant.scope_id.clone().map(ConsultationId))
        .collect();
    let platform_wide = principal.has_platform_role(Role::Moderator);
    let caller_is_moderator =
        platform_wide || consultation.as_ref().map_or(!moderated.is_empty(), |id| moderated.contains(id));
    authorize(Some(&principal), Action::ModerateComments { caller_is_moderator })?;
    let scope = match consultation {
        Some(id) => Some(vec![id]),
        None if platform_wide || principal.is_admin() => None,
        None => Some(moderated),
    };
    let after = match &page.after {
        Some(cursor) => Some((
            chrono::NaiveDateTime::parse_from_str(&cursor.key, "%Y-%m-%dT%H:%M:%S%.f")
                .map_err(|_| AppError::invalid("after"))?,
            CommentId(cursor.id.clone()),
        )),
        None => None,
    };
    services
        .db
        .run(move |connection| {
            let (rows, total) = comment_store::review_queue(connection, scope.as_deref(), &page, after)?;
            Ok(Page::from_rows(rows, &page, total))
        })
        .await
}

/// The position of a comment in the review queue.
pub fn queue_cursor(comment: &Comment) -> crate::db::page::Cursor {
    let key = comment.review_requested_at.map(|at| at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()).unwrap_or_default();
    crate::db::page::Cursor::new(key, comment.id.as_str())
}

fn notify_author(
    connection: &mut DbConnection,
    mailer: &Mailer,
    comment: &Comment,
    template: &str,
    reason: Option<&str>,
) -> AppResult<()> {
    let Some(author) = users::find_user(connection, &comment.author_id)? else { return Ok(()) };
    if author.is_deleted() {
        return Ok(());
    }
    let recipient = recipient_of(&author);
    let consultation = store::find_consultation(connection, &comment.consultation_id)?.ok_or(AppError::NotFound)?;
    let title = store::title_in(connection, &consultation, &recipient.locale)?;
    let args = [
        ("consultation", FluentValue::from(title)),
        ("trackingNumber", FluentValue::from(comment.tracking_number.clone())),
        ("reason", FluentValue::from(reason.unwrap_or_default().to_owned())),
    ];
    mailer.enqueue(connection, template, &recipient, &args)?;
    Ok(())
}

fn target(id: &CommentId) -> Target<'_> {
    Target { kind: "Comment", id: id.as_str() }
}
