//! Commenting: who may comment in a round, on what, for whom; receipts; edits, withdrawals and
//! endorsements (all while the round is open). A refused comment leaves nothing behind: the
//! checks that only read run first, then `intake` writes the comment with others submitted at
//! the same moment, in a transaction that re-checks what may have changed meanwhile (the round
//! still open, the rate limits) before it inserts.

use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::auth::permissions::{Action, Officialdom, authorize};
use crate::consultations::access::ConsultationAccess;
use crate::consultations::campaigns::service as campaigns;
use crate::consultations::comments::listing;
use crate::consultations::comments::receipts::new_tracking_number;
use crate::consultations::comments::store as comment_store;
use crate::consultations::comments::writer::{Accepted, Submission};
use crate::consultations::model::{
    Comment, CommentId, CommentRound, CommentStatus, Consultation, ConsultationStatus, INDIVIDUAL, RoundAudience,
    RoundId, RoundStatus, SectionId, Stance,
};
use crate::consultations::statistics::counters as tally;
use crate::consultations::store;
use crate::consultations::translations::parse_locale;
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey};
use crate::identity::countries::model as countries;
use crate::identity::model::UserId;
use crate::organizations::model::{Organization, OrganizationId};
use crate::organizations::store as organizations;
use crate::request::RequestContext;
use crate::services::Services;
use crate::text::parse_text;
use crate::throttle;

/// What `submitComment` receives.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub round_id: RoundId,
    pub section_id: Option<SectionId>,
    pub parent_id: Option<CommentId>,
    pub body: String,
    pub organization_id: Option<OrganizationId>,
    pub stance: Option<Stance>,
    pub confidential: bool,
    /// The language the comment is written in; the request's language when not given.
    pub language: Option<String>,
    /// Makes a retry answer with the comment the first request created.
    pub idempotency_key: Option<IdempotencyKey>,
}

/// Accepts a comment in an open round, with a tracking number and a receipt email. Returns it
/// with the author's standing towards its consultation. Retried under an idempotency key, it
/// answers with the comment the first request created, as it is now, and sends nothing.
///
/// Everything that only reads (the audience, the organization, the thread, the section) is
/// checked before the write transaction, which holds the few statements that must see the
/// latest state: the round still open, the rate limits, the insert and the receipt.
pub async fn submit(
    services: &Services,
    request: &RequestContext,
    input: NewComment,
) -> AppResult<(Comment, ConsultationAccess)> {
    authorize(request.principal(), Action::Participate)?;
    let author_id = request.caller()?;
    if let Some(id) = idempotency::replayed(&services.db, &author_id, input.idempotency_key.as_ref()).await? {
        return created_earlier(services, request, CommentId(id)).await;
    }
    let rules = services.config.comments;
    let body = parse_text(&input.body, "body", rules.max_length)?;
    let language = match &input.language {
        Some(language) => parse_locale(language, "language")?,
        None => request.locale.language.to_string(),
    };
    let client_bucket = throttle::bucket("comment-client", &request.client_key());
    let principal = request.principal().cloned();
    let (submission, access) = services
        .db
        .run(move |connection| {
            let principal = principal.ok_or(AppError::Unauthenticated)?;
            let (round, consultation, standing) =
                store::find_round_for(connection, &input.round_id, &author_id)?.ok_or(AppError::NotFound)?;
            let access = ConsultationAccess::known(&principal, &consultation, Officialdom::from_standing(standing));
            if !access.can_see(&consultation) {
                return Err(AppError::NotFound);
            }
            ensure_open(&round, &consultation, time::now())?;
            let author = Arc::clone(&principal.account);
            let organization = match &input.organization_id {
                Some(id) => Some(speaking_for(connection, id, &author_id)?),
                None => None,
            };
            if !may_comment_in(connection, &round, &author_id, organization.as_ref())? {
                return Err(AppError::Forbidden);
            }
            let parent = match &input.parent_id {
                Some(parent_id) => Some(parent_in_round(connection, parent_id, &round, rules.max_depth)?),
                None => None,
            };
            let section_id = match (&input.section_id, &parent) {
                (Some(section), Some(parent)) if parent.section_id.as_ref() != Some(section) => {
                    return Err(AppError::invalid("sectionId"));
                }
                (Some(section), _) => Some(section.clone()),
                (None, Some(parent)) => parent.section_id.clone(),
                (None, None) => None,
            };
            let section_version = match &section_id {
                Some(id) => {
                    let section = store::find_section(connection, id)?
                        .filter(|section| section.consultation_id == consultation.id)
                        .ok_or_else(|| AppError::invalid("sectionId"))?;
                    Some(store::current_section_version(connection, &section)?.id)
                }
                None => None,
            };
            let country = author.country_code.as_deref().and_then(countries::find);
            let now = time::now();
            let comment = Comment {
                id: CommentId::generate(),
                tracking_number: new_tracking_number(),
                consultation_id: consultation.id.clone(),
                round_id: round.id.clone(),
                section_id,
                section_version_id: section_version,
                parent_id: parent.as_ref().map(|parent| parent.id.clone()),
                depth: parent.as_ref().map_or(0, |parent| parent.depth + 1),
                author_id: author_id.clone(),
                organization_id: organization.as_ref().map(|organization| organization.id.clone()),
                stakeholder_kind: organization
                    .as_ref()
                    .map_or(INDIVIDUAL, |organization| organization.kind().as_str())
                    .to_owned(),
                author_country: country.map(|country| country.code.clone()),
                income_group: country.and_then(|country| country.income_group).map(|group| group.as_str().to_owned()),
                region: country.map(|country| country.region.as_str().to_owned()),
                language,
                stance: input.stance.unwrap_or(Stance::Neutral).as_str().to_owned(),
                confidential: input.confidential,
                status: CommentStatus::Published.as_str().to_owned(),
                text_fingerprint: campaigns::fingerprint(&body, input.confidential),
                body,
                version: 1,
                endorsement_count: 0,
                flag_count: 0,
                review_requested_at: None,
                moderation_reason: None,
                created_at: now,
                edited_at: None,
                withdrawn_at: None,
            };
            let idempotency_key = input.idempotency_key;
            let round_title = round.title;
            Ok((Submission { comment, author, consultation, round_title, client_bucket, idempotency_key }, access))
        })
        .await?;
    let comment = submission.comment.clone();
    match services.comment_intake.accept(submission).await? {
        Accepted::Written => Ok((comment, access)),
        Accepted::Earlier(id) => created_earlier(services, request, id).await,
    }
}

/// The comment an earlier request with the same idempotency key created, as it is now.
async fn created_earlier(
    services: &Services,
    request: &RequestContext,
    id: CommentId,
) -> AppResult<(Comment, ConsultationAccess)> {
    listing::find_visible(services, request.principal(), id).await?.ok_or(AppError::NotFound)
}

/// `ROUND_NOT_OPEN` unless the round takes comments at `now`.
fn ensure_open(round: &CommentRound, consultation: &Consultation, now: NaiveDateTime) -> AppResult<()> {
    if !takes_comments(round, consultation, now) {
        return Err(AppError::RoundNotOpen);
    }
    Ok(())
}

/// Whether a round takes comments at `now`: its consultation published, its window current.
pub(in crate::consultations) fn takes_comments(
    round: &CommentRound,
    consultation: &Consultation,
    now: NaiveDateTime,
) -> bool {
    consultation.status() == ConsultationStatus::Published && round.status_at(now) == RoundStatus::Open
}

/// Replaces the text of one's own comment while its round is open; earlier texts are kept.
pub async fn edit(services: &Services, request: &RequestContext, id: CommentId, body: &str) -> AppResult<Comment> {
    authorize(request.principal(), Action::Participate)?;
    let author = request.caller()?;
    let body = parse_text(body, "body", services.config.comments.max_length)?;
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let comment = own_comment_in_open_round(connection, &id, &author)?;
                if comment.status() != CommentStatus::Published {
                    return Err(AppError::Conflict { message_id: "error-comment-not-editable" });
                }
                if comment.body != body {
                    let edited = Comment {
                        text_fingerprint: campaigns::fingerprint(&body, comment.confidential),
                        ..comment.clone()
                    };
                    let fingerprint = edited.text_fingerprint.as_deref();
                    if !comment_store::replace_body(connection, &comment, &body, fingerprint, time::now())? {
                        return Err(AppError::Conflict { message_id: "error-comment-changed" });
                    }
                    tally::text_changed(connection, &comment, &edited)?;
                }
                comment_store::find_comment(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// Withdraws one's own comment while its round is open.
pub async fn withdraw(services: &Services, request: &RequestContext, id: CommentId) -> AppResult<Comment> {
    authorize(request.principal(), Action::Participate)?;
    let author = request.caller()?;
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let comment = own_comment_in_open_round(connection, &id, &author)?;
                if comment.status() == CommentStatus::Withdrawn {
                    return Err(AppError::Conflict { message_id: "error-comment-withdrawn" });
                }
                if !comment_store::set_withdrawn(connection, &comment, time::now())? {
                    return Err(AppError::Conflict { message_id: "error-comment-changed" });
                }
                tally::status_changed(connection, &comment, comment.status(), CommentStatus::Withdrawn)?;
                comment_store::find_comment(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// Endorses a published comment of someone else, once.
pub async fn endorse(services: &Services, request: &RequestContext, id: CommentId) -> AppResult<Comment> {
    set_endorsement(services, request, id, true).await
}

/// Takes one's endorsement back.
pub async fn unendorse(services: &Services, request: &RequestContext, id: CommentId) -> AppResult<Comment> {
    set_endorsement(services, request, id, false).await
}

async fn set_endorsement(
    services: &Services,
    request: &RequestContext,
    id: CommentId,
    endorse: bool,
) -> AppResult<Comment> {
    authorize(request.principal(), Action::Participate)?;
    let user = request.caller()?;
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let comment = comment_store::find_comment(connection, &id)?.ok_or(AppError::NotFound)?;
                let round = store::find_round(connection, &comment.round_id)?.ok_or(AppError::NotFound)?;
                let consultation = visible_consultation(connection, Some(&user), &round)?;
                ensure_open(&round, &consultation, time::now())?;
                if comment.status() != CommentStatus::Published {
                    return Err(AppError::NotFound);
                }
                if endorse {
                    if comment.author_id == user {
                        return Err(AppError::Conflict { message_id: "error-endorse-own-comment" });
                    }
                    if !comment_store::add_endorsement(connection, &id, &user, time::now())? {
                        return Err(AppError::Conflict { message_id: "error-already-endorsed" });
                    }
                } else if !comment_store::remove_endorsement(connection, &id, &user)? {
                    return Err(AppError::Conflict { message_id: "error-not-endorsed" });
                }
                comment_store::find_comment(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// The consultation of a round, if the user may see it (`NOT_FOUND` otherwise).
pub(in crate::consultations) fn visible_consultation(
    connection: &mut DbConnection,
    user: Option<&UserId>,
    round: &CommentRound,
) -> AppResult<Consultation> {
    let consultation = store::find_consultation(connection, &round.consultation_id)?.ok_or(AppError::NotFound)?;
    if consultation.status() == ConsultationStatus::Draft {
        let is_official = match user {
            Some(user) => organizations::is_official(connection, &consultation.organization_id, user)?,
            None => false,
        };
        if !is_official {
            return Err(AppError::NotFound);
        }
    }
    Ok(consultation)
}

/// The organization a comment is submitted for: a verified one the author is an active member of.
fn speaking_for(connection: &mut DbConnection, id: &OrganizationId, author: &UserId) -> AppResult<Organization> {
    let organization = organizations::find_organization(connection, id)?.ok_or(AppError::NotFound)?;
    let member = organizations::active_membership(connection, id, author)?.is_some();
    if !member || !organization.is_verified() {
        return Err(AppError::Forbidden);
    }
    Ok(organization)
}

/// Whether the round's audience includes the author (speaking for `organization`, if given).
fn may_comment_in(
    connection: &mut DbConnection,
    round: &CommentRound,
    author: &UserId,
    organization: Option<&Organization>,
) -> AppResult<bool> {
    let audience = round.audience();
    if audience == RoundAudience::Public {
        return Ok(true);
    }
    let candidates: Vec<Organization> = match organization {
        Some(organization) => vec![organization.clone()],
        None => {
            let mut found = Vec::new();
            for membership in organizations::memberships_of(connection, author)? {
                if membership.is_active()
                    && let Some(organization) =
                        organizations::find_organization(connection, &membership.organization_id)?
                {
                    found.push(organization);
                }
            }
            found
        }
    };
    let verified = candidates.into_iter().filter(Organization::is_verified);
    Ok(match audience {
        RoundAudience::Public => true,
        RoundAudience::Stakeholders => {
            let kinds = round.allowed_organization_kinds();
            verified.into_iter().any(|organization| kinds.is_empty() || kinds.contains(&organization.kind()))
        }
        RoundAudience::Invited => {
            let invited = store::invited_organizations(connection, &round.id)?;
            verified.into_iter().any(|organization| invited.contains(&organization.id))
        }
    })
}

/// The comment being replied to: published, in the same round, and not nested too deep.
fn parent_in_round(
    connection: &mut DbConnection,
    parent_id: &CommentId,
    round: &CommentRound,
    max_depth: i32,
) -> AppResult<Comment> {
    let parent = comment_store::find_comment(connection, parent_id)?
        .filter(|parent| parent.consultation_id == round.consultation_id)
        .ok_or_else(|| AppError::invalid("parentId"))?;
    if parent.round_id != round.id {
        return Err(AppError::Validation { field: "parentId".into(), message_id: "error-reply-other-round" });
    }
    if parent.status() != CommentStatus::Published {
        return Err(AppError::invalid("parentId"));
    }
    if parent.depth + 1 > max_depth {
        return Err(AppError::Validation { field: "parentId".into(), message_id: "error-reply-too-deep" });
    }
    Ok(parent)
}

/// One's own comment, in a round that is still open.
fn own_comment_in_open_round(connection: &mut DbConnection, id: &CommentId, author: &UserId) -> AppResult<Comment> {
    let comment = comment_store::find_comment(connection, id)?.ok_or(AppError::NotFound)?;
    if &comment.author_id != author {
        let round = store::find_round(connection, &comment.round_id)?.ok_or(AppError::NotFound)?;
        visible_consultation(connection, Some(author), &round)?;
        return Err(AppError::Forbidden);
    }
    let round = store::find_round(connection, &comment.round_id)?.ok_or(AppError::NotFound)?;
    let consultation = store::find_consultation(connection, &comment.consultation_id)?.ok_or(AppError::NotFound)?;
    if consultation.status() != ConsultationStatus::Published || round.status_at(time::now()) != RoundStatus::Open {
        return Err(AppError::RoundNotOpen);
    }
    Ok(comment)
}

/// Whether the caller may read a confidential comment's text or a hidden comment.
pub fn sees_restricted(access: &ConsultationAccess, comment: &Comment) -> bool {
    access.sees_everything() || access.is(&comment.author_id)
}
