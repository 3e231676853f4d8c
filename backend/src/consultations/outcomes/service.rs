//! Publishing a consultation's outcome ("you said, we did"): once no round is open, its
//! officials record a summary and, per section, what changed and which comments led to it. The
//! consultation becomes CONCLUDED, so it takes no more rounds or comments, and the outcome is
//! public. Audited.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::json;

use crate::audit::service::{self as audit, Actor};
use crate::auth::Principal;
use crate::consultations::access::ConsultationAccess;
use crate::consultations::comments::store as comment_store;
use crate::consultations::consultation::service::{managed_consultation, target};
use crate::consultations::following::notices::{self, Notice};
use crate::consultations::model::{
    Comment, CommentId, CommentStatus, Consultation, ConsultationId, ConsultationStatus, RoundStatus, SectionId,
};
use crate::consultations::outcomes::store::{self as outcome_store, SectionOutcome};
use crate::consultations::store;
use crate::db::{time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::request::RequestContext;
use crate::services::Services;
use crate::text::parse_text;

const MAX_SUMMARY: usize = 20_000;
const MAX_CHANGES: usize = 20_000;
/// More comments than one section's changes can sensibly credit.
const MAX_LINKED_COMMENTS: usize = 500;

/// An outcome as `publishOutcome` takes it.
#[derive(Debug, Clone)]
pub struct NewOutcome {
    pub consultation_id: ConsultationId,
    pub summary: String,
    pub sections: Vec<SectionOutcome>,
}

/// Publishes the outcome and concludes the consultation. Its officials, once no round is open.
pub async fn publish(services: &Services, request: &RequestContext, new: NewOutcome) -> AppResult<Consultation> {
    let author = request.caller()?;
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let consultation = managed_consultation(connection, principal.as_ref(), &new.consultation_id)?;
                if !matches!(consultation.status(), ConsultationStatus::Published | ConsultationStatus::Closed) {
                    return Err(AppError::Conflict { message_id: "error-consultation-status" });
                }
                let now = time::now();
                let rounds = store::rounds_of(connection, &consultation.id)?;
                if rounds.iter().any(|round| round.status_at(now) == RoundStatus::Open) {
                    return Err(AppError::Conflict { message_id: "error-outcome-round-open" });
                }
                let summary = parse_text(&new.summary, "summary", MAX_SUMMARY)?;
                let sections = checked_sections(connection, &consultation, new.sections)?;
                outcome_store::insert(connection, &consultation.id, &summary, &sections, &author, now)?;
                let closed_rounds = store::close_rounds_of(connection, &consultation.id, now)?;
                store::set_consultation_status(connection, &consultation.id, ConsultationStatus::Concluded, now)?;
                let actor = Actor { user_id: Some(author.as_str()), request_id: Some(&request_id) };
                let details = json!({ "sections": sections.len(), "closedRounds": closed_rounds });
                audit::record(
                    connection,
                    actor,
                    "consultation.publish_outcome",
                    Some(target(&consultation.id)),
                    &details,
                )?;
                notices::queue(connection, &consultation.id, Notice::OutcomePublished, now)?;
                store::find_consultation(connection, &consultation.id)?.ok_or(AppError::NotFound)
            })
        })
        .await
        .inspect(|_| services.notification_wake.notify_one())
}

/// The sections of a published outcome of a consultation the caller can see, with the comments
/// each credits as the caller may see them (withdrawn ones left out; hidden ones only for those
/// who review).
pub async fn details(
    services: &Services,
    principal: Option<&Principal>,
    consultation: Consultation,
) -> AppResult<(Vec<(SectionOutcome, Vec<Comment>)>, Arc<ConsultationAccess>)> {
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let access = ConsultationAccess::of(connection, principal.as_ref(), &consultation)?;
            let sections = outcome_store::sections_of(connection, &consultation.id)?;
            let ids: Vec<CommentId> = sections.iter().flat_map(|section| section.comment_ids.clone()).collect();
            let comments = comment_store::comments_by_id(connection, &ids)?;
            let credited = sections
                .into_iter()
                .map(|section| {
                    let shown = section
                        .comment_ids
                        .iter()
                        .filter_map(|id| comments.iter().find(|comment| &comment.id == id))
                        .filter(|comment| match comment.status() {
                            CommentStatus::Published => true,
                            CommentStatus::Hidden => access.sees_everything(),
                            CommentStatus::Withdrawn => false,
                        })
                        .cloned()
                        .collect();
                    (section, shown)
                })
                .collect();
            Ok((credited, Arc::new(access)))
        })
        .await
}

/// The sections as given, refused (`VALIDATION`) unless each names a section of this
/// consultation once, says what changed, and credits comments of this consultation.
fn checked_sections(
    connection: &mut crate::db::DbConnection,
    consultation: &Consultation,
    sections: Vec<SectionOutcome>,
) -> AppResult<Vec<SectionOutcome>> {
    let own_sections: HashSet<SectionId> =
        store::sections_of(connection, &consultation.id)?.into_iter().map(|section| section.id).collect();
    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(sections.len());
    for (index, section) in sections.into_iter().enumerate() {
        let field = |name: &str| format!("sectionOutcomes[{index}].{name}");
        if !own_sections.contains(&section.section_id) || !seen.insert(section.section_id.clone()) {
            return Err(AppError::Validation { field: field("sectionId"), message_id: "error-outcome-section" });
        }
        let changes = parse_text(&section.changes, &field("changes"), MAX_CHANGES)?;
        let mut comment_ids = section.comment_ids;
        let mut unique = HashSet::new();
        comment_ids.retain(|id| unique.insert(id.clone()));
        if comment_ids.len() > MAX_LINKED_COMMENTS {
            return Err(AppError::Validation { field: field("commentIds"), message_id: "error-outcome-comment" });
        }
        let found = comment_store::comments_by_id(connection, &comment_ids)?;
        let all_own = comment_ids
            .iter()
            .all(|id| found.iter().any(|comment| &comment.id == id && comment.consultation_id == consultation.id));
        if !all_own {
            return Err(AppError::Validation { field: field("commentIds"), message_id: "error-outcome-comment" });
        }
        checked.push(SectionOutcome { section_id: section.section_id, changes, comment_ids });
    }
    Ok(checked)
}
