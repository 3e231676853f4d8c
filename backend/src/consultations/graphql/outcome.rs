//! `ConsultationOutcome` and `SectionOutcome`: what a consultation led to, public once published.

use std::sync::Arc;

use async_graphql::{Context, Object};
use chrono::{DateTime, Utc};

use super::comment::CommentObject;
use super::consultation::SectionObject;
use crate::consultations::access::ConsultationAccess;
use crate::consultations::consultation::service;
use crate::consultations::model::Comment;
use crate::consultations::outcomes::store::{Outcome, SectionOutcome};
use crate::graphql::context::ContextExt;

/// A published outcome as the API shows it.
pub struct OutcomeObject {
    pub outcome: Outcome,
    pub sections: Vec<(SectionOutcome, Vec<Comment>)>,
    pub access: Arc<ConsultationAccess>,
}

/// What a consultation led to ("you said, we did"). Public.
#[Object(name = "ConsultationOutcome")]
impl OutcomeObject {
    /// What the consultation led to, overall.
    async fn summary(&self) -> &str {
        &self.outcome.summary
    }

    /// What changed in each section, in the order the officials wrote them.
    async fn section_outcomes(&self) -> Vec<SectionOutcomeObject> {
        self.sections
            .iter()
            .map(|(section, comments)| SectionOutcomeObject {
                section: section.clone(),
                comments: comments.clone(),
                access: Arc::clone(&self.access),
            })
            .collect()
    }

    /// When it was published (the consultation became `CONCLUDED`).
    async fn published_at(&self) -> DateTime<Utc> {
        self.outcome.published_at.and_utc()
    }
}

/// What changed in one section, and the comments that led to it.
pub struct SectionOutcomeObject {
    section: SectionOutcome,
    comments: Vec<Comment>,
    access: Arc<ConsultationAccess>,
}

/// What changed in one section of a concluded consultation.
#[Object(name = "SectionOutcome")]
impl SectionOutcomeObject {
    /// The section.
    async fn section(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SectionObject>> {
        let section = service::find_section_visible(ctx.services()?, ctx.principal()?, self.section.section_id.clone());
        Ok(section.await?.map(SectionObject))
    }

    /// What changed, and why.
    async fn changes(&self) -> &str {
        &self.section.changes
    }

    /// The comments that led to it, as the reader may see them (withdrawn ones left out;
    /// confidential texts only for the consultation's officials, moderators and admins).
    async fn comments(&self) -> Vec<CommentObject> {
        self.comments.iter().map(|comment| CommentObject::new(comment.clone(), Arc::clone(&self.access))).collect()
    }
}
