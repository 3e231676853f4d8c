//! The input objects of the consultation mutations.

use async_graphql::{ID, InputObject, MaybeUndefined};
use chrono::{DateTime, Utc};

use crate::consultations::consultation::service::{ConsultationText, SectionText};
use crate::consultations::model::{RoundAudience, Stance};
use crate::organizations::model::OrganizationKind;

/// A consultation's texts in one locale.
#[derive(InputObject)]
pub struct ConsultationTranslationInput {
    /// The locale (BCP 47, e.g. `fr` or `zh-CN`).
    pub locale: String,
    /// The title (up to 300 characters).
    pub title: String,
    /// A short summary (up to 2,000 characters; may be empty).
    #[graphql(default)]
    pub summary: String,
    /// The full text (plain text, up to 100,000 characters; may be empty).
    #[graphql(default)]
    pub body: String,
}

impl From<ConsultationTranslationInput> for ConsultationText {
    fn from(input: ConsultationTranslationInput) -> Self {
        Self { locale: input.locale, title: input.title, summary: input.summary, body: input.body }
    }
}

/// A section's texts in one locale.
#[derive(InputObject)]
pub struct SectionTranslationInput {
    /// The locale (BCP 47).
    pub locale: String,
    /// The heading (up to 300 characters).
    pub heading: String,
    /// The text (plain text, up to 50,000 characters).
    pub body: String,
}

impl From<SectionTranslationInput> for SectionText {
    fn from(input: SectionTranslationInput) -> Self {
        Self { locale: input.locale, heading: input.heading, body: input.body }
    }
}

/// A new section: its texts, one per locale (the original locale among them).
#[derive(InputObject)]
pub struct SectionInput {
    /// The section's texts.
    pub translations: Vec<SectionTranslationInput>,
}

impl SectionInput {
    pub fn into_texts(self) -> Vec<SectionText> {
        self.translations.into_iter().map(Into::into).collect()
    }
}

/// A new consultation (created as a draft).
#[derive(InputObject)]
pub struct CreateConsultationInput {
    /// The government or intergovernmental organization that runs it (the caller is one of its officials).
    pub organization_id: ID,
    /// Its short name in URLs: 3–80 lower-case letters, digits and single hyphens.
    pub slug: String,
    /// The locale it is written in.
    pub original_locale: String,
    /// Its title, summary and body, one entry per locale (the original locale among them).
    pub translations: Vec<ConsultationTranslationInput>,
    /// Its sections, in order.
    #[graphql(default)]
    pub sections: Vec<SectionInput>,
    /// Keywords (up to 10).
    #[graphql(default)]
    pub topics: Vec<String>,
    /// The country whose policy it is (ISO 3166-1 alpha-2); omit for intergovernmental bodies.
    pub country: Option<String>,
    /// Makes retrying safe: a key of your choosing, new for each consultation (1–100 letters,
    /// digits and `-_.:`, such as a UUID). Sent again by the same account with the same input
    /// within 24 hours, it returns the consultation the first request created instead of
    /// creating another; with a different input it is `CONFLICT`.
    pub idempotency_key: Option<String>,
}

/// Changes to a draft or published consultation; omitted fields are kept.
#[derive(InputObject)]
pub struct UpdateConsultationInput {
    /// The consultation.
    pub id: ID,
    /// A new slug.
    pub slug: Option<String>,
    /// New keywords (replacing the old ones).
    pub topics: Option<Vec<String>>,
    /// A new country; `null` removes it.
    pub country: MaybeUndefined<String>,
    /// Translations to add or replace (other locales are kept).
    #[graphql(default)]
    pub translations: Vec<ConsultationTranslationInput>,
    /// Sections to add at the end.
    #[graphql(default)]
    pub add_sections: Vec<SectionInput>,
}

/// New text for a section. In a draft the text is corrected; once published, it becomes a new version.
#[derive(InputObject)]
pub struct UpdateSectionInput {
    /// The section.
    pub id: ID,
    /// Texts to add or replace, one per locale (other locales are carried over).
    pub translations: Vec<SectionTranslationInput>,
}

/// A new comment round.
#[derive(InputObject)]
pub struct CreateCommentRoundInput {
    /// The consultation.
    pub consultation_id: ID,
    /// Its title (for example "First reading").
    pub title: String,
    /// When it opens; a time in the past opens it at once.
    pub opens_at: DateTime<Utc>,
    /// When it closes (in the future, after `opensAt`).
    pub closes_at: DateTime<Utc>,
    /// Who may comment.
    pub audience: RoundAudience,
    /// For `STAKEHOLDERS`: only members of organizations of these kinds (empty: every kind).
    #[graphql(default)]
    pub allowed_organization_kinds: Vec<OrganizationKind>,
    /// For `INVITED`: the verified organizations whose members may comment.
    #[graphql(default)]
    pub invited_organization_ids: Vec<ID>,
    /// Makes retrying safe: a key of your choosing, new for each round (1–100 letters, digits
    /// and `-_.:`, such as a UUID). Sent again by the same account with the same input within
    /// 24 hours, it returns the round the first request created instead of creating another;
    /// with a different input it is `CONFLICT`.
    pub idempotency_key: Option<String>,
}

/// A new comment.
#[derive(InputObject)]
pub struct SubmitCommentInput {
    /// The round (it must be open).
    pub round_id: ID,
    /// The section it comments on; omit to comment on the whole consultation (a reply takes its parent's).
    pub section_id: Option<ID>,
    /// The comment it replies to (in the same round).
    pub parent_id: Option<ID>,
    /// The text (plain text).
    pub body: String,
    /// The organization it is submitted for (a verified one the author is a member of).
    pub organization_id: Option<ID>,
    /// For or against the proposal (default `NEUTRAL`).
    pub stance: Option<Stance>,
    /// Whether only the consultation's officials, moderators and admins may read the text.
    #[graphql(default)]
    pub confidential: bool,
    /// The language it is written in (BCP 47); the request's language when omitted.
    pub language: Option<String>,
    /// Makes retrying safe: a key of your choosing, new for each comment (1–100 letters, digits
    /// and `-_.:`, such as a UUID). Sent again by the same account with the same input within
    /// 24 hours, it returns the comment the first request created (same ID, same tracking
    /// number, no second receipt) instead of creating another; with a different input it is
    /// `CONFLICT`.
    pub idempotency_key: Option<String>,
}

/// A consultation's outcome.
#[derive(InputObject)]
pub struct PublishOutcomeInput {
    /// The consultation (published or closed, with no round open).
    pub consultation_id: ID,
    /// What the consultation led to, overall (plain text, up to 20,000 characters).
    pub summary: String,
    /// What changed in each section, and the comments that led to it.
    #[graphql(default)]
    pub section_outcomes: Vec<SectionOutcomeInput>,
}

/// What changed in one section.
#[derive(InputObject)]
pub struct SectionOutcomeInput {
    /// The section (of this consultation; each at most once).
    pub section_id: ID,
    /// What changed, and why (plain text, up to 20,000 characters).
    pub changes: String,
    /// The comments that led to it (of this consultation, up to 500).
    #[graphql(default)]
    pub comment_ids: Vec<ID>,
}
