//! Official responses: the owning organization's officials answer comments. A response is
//! public with the comment, audited, and its author is told.

use fluent_bundle::FluentValue;
use serde_json::json;

use crate::audit::service::{self as audit, Actor, Target};
use crate::auth::permissions::{Action, authorize};
use crate::consultations::access;
use crate::consultations::comments::store as comment_store;
use crate::consultations::model::{Comment, CommentId, CommentResponse, CommentStatus, ResponseId};
use crate::consultations::store;
use crate::db::{time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::accounts::service::recipient_of;
use crate::identity::store as users;
use crate::mail::templates;
use crate::request::RequestContext;
use crate::services::Services;
use crate::text::parse_text;

const MAX_RESPONSE: usize = 20_000;

/// Adds an official response to a comment and returns the comment.
pub async fn respond(services: &Services, request: &RequestContext, id: CommentId, body: &str) -> AppResult<Comment> {
    let official = request.caller()?;
    let body = parse_text(body, "body", MAX_RESPONSE)?;
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let comment = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let (comment, consultation, access) = access::standing_on_comment(connection, principal.as_ref(), &id)?;
                authorize(principal.as_ref(), Action::RespondToComment { official: access.official })?;
                if comment.status() == CommentStatus::Withdrawn {
                    return Err(AppError::Conflict { message_id: "error-comment-withdrawn" });
                }
                let response = CommentResponse {
                    id: ResponseId::generate(),
                    comment_id: id.clone(),
                    organization_id: consultation.organization_id.clone(),
                    author_id: Some(official.clone()),
                    body,
                    created_at: time::now(),
                };
                comment_store::insert_response(connection, &response)?;
                let actor = Actor { user_id: Some(official.as_str()), request_id: Some(&request_id) };
                audit::record(
                    connection,
                    actor,
                    "comment.respond",
                    Some(Target { kind: "Comment", id: id.as_str() }),
                    &json!({ "responseId": response.id }),
                )?;
                if let Some(author) = users::find_user(connection, &comment.author_id)?
                    && !author.is_deleted()
                {
                    let recipient = recipient_of(&author);
                    let title = store::title_in(connection, &consultation, &recipient.locale)?;
                    let args = [
                        ("consultation", FluentValue::from(title)),
                        ("trackingNumber", FluentValue::from(comment.tracking_number.clone())),
                        ("response", FluentValue::from(response.body.clone())),
                    ];
                    mailer.enqueue(connection, templates::COMMENT_RESPONDED, &recipient, &args)?;
                }
                comment_store::find_comment(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(comment)
}
