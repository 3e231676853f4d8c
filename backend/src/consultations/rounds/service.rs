//! Comment rounds: when a consultation takes comments and from whom. A round's status follows
//! from its dates (an `opensAt` in the past opens it at once; no timer runs); officials may
//! extend it with a reason or close it early, and both are audited. When a platform admin
//! withdraws an organization's verification, the open and scheduled rounds of its published
//! consultations close at once ([`close_for_withdrawn_verification`]).

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::audit::service::{self as audit, Actor, Target};
use crate::auth::Principal;
use crate::consultations::access;
use crate::consultations::consultation::service::managed_consultation;
use crate::consultations::following;
use crate::consultations::following::job::announce_opening;
use crate::consultations::following::notices::{self, Notice};
use crate::consultations::model::{CommentRound, ConsultationStatus, RoundAudience, RoundId, RoundStatus};
use crate::consultations::store;
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey, Outcome};
use crate::organizations::model::{OrganizationId, OrganizationKind};
use crate::organizations::store as organizations;
use crate::request::RequestContext;
use crate::services::Services;
use crate::text::parse_text;

use crate::consultations::model::ConsultationId;

const MAX_TITLE: usize = 300;
const MAX_REASON: usize = 2_000;
const MAX_INVITED: usize = 500;

/// What `createCommentRound` receives.
#[derive(Debug, Clone)]
pub struct NewRound {
    pub consultation_id: ConsultationId,
    pub title: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub audience: RoundAudience,
    pub allowed_organization_kinds: Vec<OrganizationKind>,
    pub invited_organization_ids: Vec<OrganizationId>,
    /// Makes a retry answer with the round the first request created.
    pub idempotency_key: Option<IdempotencyKey>,
}

/// Adds a round to a draft or published consultation, or, retried under an idempotency key,
/// answers with the one the first request added.
pub async fn create(services: &Services, request: &RequestContext, input: NewRound) -> AppResult<CommentRound> {
    let author = request.caller()?;
    if let Some(id) = idempotency::replayed(&services.db, &author, input.idempotency_key.as_ref()).await? {
        return created_earlier(services, request, id).await;
    }
    let title = parse_text(&input.title, "title", MAX_TITLE)?;
    let opens_at = time::truncate(input.opens_at.naive_utc());
    let closes_at = time::truncate(input.closes_at.naive_utc());
    if closes_at <= opens_at || closes_at <= time::now() {
        return Err(AppError::Validation { field: "closesAt".into(), message_id: "error-round-dates" });
    }
    let mut kinds: Vec<&str> = input.allowed_organization_kinds.iter().map(|kind| kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if !kinds.is_empty() && input.audience != RoundAudience::Stakeholders {
        return Err(AppError::invalid("allowedOrganizationKinds"));
    }
    let mut invited = input.invited_organization_ids.clone();
    invited.sort();
    invited.dedup();
    if (input.audience == RoundAudience::Invited) == invited.is_empty() || invited.len() > MAX_INVITED {
        return Err(AppError::invalid("invitedOrganizationIds"));
    }
    let allowed_kinds = serde_json::to_string(&kinds).map_err(AppError::internal)?;
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    let id = RoundId::generate();
    let outcome = services
        .db
        .run(move |connection| {
            let key = input.idempotency_key.as_ref();
            idempotency::create_once(connection, &author, key, id.as_str(), |connection| {
                let consultation = managed_consultation(connection, principal.as_ref(), &input.consultation_id)?;
                if !matches!(consultation.status(), ConsultationStatus::Draft | ConsultationStatus::Published) {
                    return Err(AppError::Conflict { message_id: "error-consultation-not-editable" });
                }
                for organization in &invited {
                    let known = organizations::find_organization(connection, organization)?
                        .is_some_and(|organization| organization.is_verified());
                    if !known {
                        return Err(AppError::invalid("invitedOrganizationIds"));
                    }
                }
                let now = time::now();
                let round = CommentRound {
                    id: id.clone(),
                    consultation_id: consultation.id.clone(),
                    title,
                    opens_at,
                    closes_at,
                    closed_at: None,
                    extension_reason: None,
                    audience: input.audience.as_str().to_owned(),
                    allowed_organization_kinds: allowed_kinds,
                    created_by: Some(author.clone()),
                    created_at: now,
                    updated_at: now,
                };
                store::insert_round(connection, &round)?;
                if !invited.is_empty() {
                    store::invite_organizations(connection, &round.id, &invited)?;
                }
                let actor = Actor { user_id: Some(author.as_str()), request_id: Some(&request_id) };
                audit::record(
                    connection,
                    actor,
                    "round.create",
                    Some(round_target(&round.id)),
                    &json!({
                        "audience": round.audience,
                        "opensAt": round.opens_at.and_utc(),
                        "closesAt": round.closes_at.and_utc(),
                    }),
                )?;
                // A round of a published consultation that opens at once is announced now (the
                // notification job, woken below, sends it); the job announces the others when they
                // open.
                if consultation.status() == ConsultationStatus::Published {
                    announce_opening(connection, &round.id, now)?;
                }
                Ok(round)
            })
        })
        .await?;
    match outcome {
        Outcome::Created(round) => {
            services.notification_wake.notify_one();
            Ok(round)
        }
        Outcome::Earlier(id) => created_earlier(services, request, id).await,
    }
}

/// The round an earlier request with the same idempotency key created, as it is now.
async fn created_earlier(services: &Services, request: &RequestContext, id: String) -> AppResult<CommentRound> {
    find_visible(services, request.principal(), RoundId(id)).await?.ok_or(AppError::NotFound)
}

/// Moves a round's end later, with a reason (audited). Only a round that has not closed.
pub async fn extend(
    services: &Services,
    request: &RequestContext,
    id: RoundId,
    closes_at: DateTime<Utc>,
    reason: &str,
) -> AppResult<CommentRound> {
    let author = request.caller()?;
    let reason = parse_text(reason, "reason", MAX_REASON)?;
    let closes_at = time::truncate(closes_at.naive_utc());
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let round = managed_round(connection, principal.as_ref(), &id)?;
                let now = time::now();
                if round.status_at(now) == RoundStatus::Closed {
                    return Err(AppError::Conflict { message_id: "error-round-closed" });
                }
                if closes_at <= round.closes_at {
                    return Err(AppError::Validation { field: "closesAt".into(), message_id: "error-round-extension" });
                }
                store::extend_round(connection, &id, closes_at, &reason, now)?;
                let actor = Actor { user_id: Some(author.as_str()), request_id: Some(&request_id) };
                audit::record(
                    connection,
                    actor,
                    "round.extend",
                    Some(round_target(&id)),
                    &json!({ "from": round.closes_at.and_utc(), "to": closes_at.and_utc(), "reason": reason }),
                )?;
                let extended = store::find_round(connection, &id)?.ok_or(AppError::NotFound)?;
                // Followers hear of an extension once they have heard of the opening; before
                // that, the opening notice carries the new closing time.
                if following::store::opened_notice_sent(connection, &id)? {
                    notices::queue(connection, &extended.consultation_id, Notice::RoundExtended(&extended), now)?;
                }
                Ok(extended)
            })
        })
        .await
        .inspect(|_| services.notification_wake.notify_one())
}

/// Closes a scheduled or open round now (audited).
pub async fn close(services: &Services, request: &RequestContext, id: RoundId) -> AppResult<CommentRound> {
    let author = request.caller()?;
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let round = managed_round(connection, principal.as_ref(), &id)?;
                let now = time::now();
                if round.status_at(now) == RoundStatus::Closed {
                    return Err(AppError::Conflict { message_id: "error-round-closed" });
                }
                store::close_round(connection, &id, now)?;
                let actor = Actor { user_id: Some(author.as_str()), request_id: Some(&request_id) };
                audit::record(
                    connection,
                    actor,
                    "round.close",
                    Some(round_target(&id)),
                    &json!({ "scheduledClose": round.closes_at.and_utc() }),
                )?;
                store::find_round(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// The rounds of a consultation the caller may see.
pub async fn rounds_of(services: &Services, consultation: ConsultationId) -> AppResult<Vec<CommentRound>> {
    services.db.run(move |connection| Ok(store::rounds_of(connection, &consultation)?)).await
}

/// A round, if the caller may see its consultation.
pub async fn find_visible(
    services: &Services,
    principal: Option<&Principal>,
    id: RoundId,
) -> AppResult<Option<CommentRound>> {
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let Some(round) = store::find_round(connection, &id)? else { return Ok(None) };
            Ok(access::may_see(connection, principal.as_ref(), &round.consultation_id)?.then_some(round))
        })
        .await
}

/// The organizations invited to a round.
pub async fn invited_organizations(services: &Services, round: RoundId) -> AppResult<Vec<OrganizationId>> {
    services.db.run(move |connection| Ok(store::invited_organizations(connection, &round)?)).await
}

/// Closes, at `now`, every open or scheduled round of `organization`'s published consultations:
/// its verification was withdrawn, and a consultation takes no comments for an organization the
/// platform no longer vouches for (its officials cannot run rounds either until it is verified
/// again; closed rounds stay closed, and they open new ones then). The followers of each round
/// that was open are told why; a scheduled round was never announced, so it closes quietly.
/// Rounds of drafts are left alone: nobody comments on a draft, and it cannot be published
/// meanwhile. Call inside the withdrawal's transaction; returns how many rounds closed.
pub fn close_for_withdrawn_verification(
    connection: &mut DbConnection,
    organization: &OrganizationId,
    now: chrono::NaiveDateTime,
) -> AppResult<usize> {
    let rounds = store::live_rounds_of_organization(connection, organization, now)?;
    let ids: Vec<RoundId> = rounds.iter().map(|round| round.id.clone()).collect();
    let closed = store::close_rounds(connection, &ids, now)?;
    for round in rounds.into_iter().filter(|round| round.opens_at <= now) {
        let round = CommentRound { closed_at: Some(now), ..round };
        notices::queue(connection, &round.consultation_id, Notice::RoundClosedEarly(&round), now)?;
    }
    Ok(closed)
}

fn managed_round(
    connection: &mut DbConnection,
    principal: Option<&Principal>,
    id: &RoundId,
) -> AppResult<CommentRound> {
    let round = store::find_round(connection, id)?.ok_or(AppError::NotFound)?;
    let consultation = managed_consultation(connection, principal, &round.consultation_id)?;
    if consultation.status() != ConsultationStatus::Published && consultation.status() != ConsultationStatus::Draft {
        return Err(AppError::Conflict { message_id: "error-consultation-not-editable" });
    }
    Ok(round)
}

fn round_target(id: &RoundId) -> Target<'_> {
    Target { kind: "CommentRound", id: id.as_str() }
}
