//! Rows of the consultation tables and their vocabularies.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    comment_responses, comment_rounds, comments, consultation_translations, consultations,
    section_version_translations, section_versions, sections,
};
use crate::identity::model::UserId;
use crate::organizations::model::{OrganizationId, OrganizationKind};
use crate::{stored_enum, typed_id};

typed_id!(
    /// The ID of a consultation.
    ConsultationId
);
typed_id!(
    /// The ID of a section of a consultation.
    SectionId
);
typed_id!(
    /// The ID of one version of a section's text.
    SectionVersionId
);
typed_id!(
    /// The ID of a comment round.
    RoundId
);
typed_id!(
    /// The ID of a comment.
    CommentId
);
typed_id!(
    /// The ID of an official response to a comment.
    ResponseId
);

stored_enum!(
    /// Where a consultation is in its life.
    ConsultationStatus {
        /// Being prepared; only the owning officials and platform admins see it.
        Draft => "DRAFT",
        /// Public; comment rounds may be opened.
        Published => "PUBLISHED",
        /// No more rounds or comments; the outcome is being prepared.
        Closed => "CLOSED",
        /// The outcome is published.
        Concluded => "CONCLUDED",
    }
);

stored_enum!(
    /// Who may comment in a round.
    RoundAudience {
        /// Anyone with a verified email address.
        Public => "PUBLIC",
        /// Members of verified organizations (optionally only of some kinds).
        Stakeholders => "STAKEHOLDERS",
        /// Members of the invited organizations.
        Invited => "INVITED",
    }
);

stored_enum!(
    /// Whether a round takes comments, derived from its dates.
    RoundStatus {
        /// Not open yet.
        Scheduled => "SCHEDULED",
        /// Taking comments.
        Open => "OPEN",
        /// Closed (its end passed, or it was closed early).
        Closed => "CLOSED",
    }
);

stored_enum!(
    /// Whether a comment is shown.
    CommentStatus {
        /// Shown.
        Published => "PUBLISHED",
        /// Hidden by a moderator, or pending review after enough flags.
        Hidden => "HIDDEN",
        /// Withdrawn by its author.
        Withdrawn => "WITHDRAWN",
    }
);

stored_enum!(
    /// What a comment says about the proposal.
    Stance {
        /// In favour.
        Support => "SUPPORT",
        /// Against.
        Oppose => "OPPOSE",
        /// Neither, or mixed.
        Neutral => "NEUTRAL",
    }
);

stored_enum!(
    /// Why a comment is flagged.
    FlagReason {
        /// Advertising or repeated junk.
        Spam => "SPAM",
        /// Abusive or hateful.
        Offensive => "OFFENSIVE",
        /// Not about the consultation.
        OffTopic => "OFF_TOPIC",
        /// Submitted in someone else's name (used by the person concerned).
        Impersonation => "IMPERSONATION",
        /// Another reason.
        Other => "OTHER",
    }
);

stored_enum!(
    /// What a moderator does with a comment.
    ModerationAction {
        /// Hide it from everyone but its author, the owning officials and moderators.
        Hide => "HIDE",
        /// Show it again.
        Restore => "RESTORE",
    }
);

stored_enum!(
    /// Who speaks in a comment: a person for themselves, or an organization of some kind.
    StakeholderKind {
        /// A person speaking for themselves.
        Individual => "INDIVIDUAL",
        /// For a government body.
        Government => "GOVERNMENT",
        /// For an intergovernmental body.
        Intergovernmental => "INTERGOVERNMENTAL",
        /// For a civil-society organization.
        CivilSociety => "CIVIL_SOCIETY",
        /// For a company or business association.
        Industry => "INDUSTRY",
        /// For a university or research institute.
        Academia => "ACADEMIA",
        /// For a technical community.
        TechnicalCommunity => "TECHNICAL_COMMUNITY",
    }
);

/// The stakeholder kind stored on comments written by a person for themselves.
pub const INDIVIDUAL: &str = "INDIVIDUAL";

/// A consultation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consultations)]
pub struct Consultation {
    pub id: ConsultationId,
    pub organization_id: OrganizationId,
    pub slug: String,
    pub country_code: Option<String>,
    /// A JSON array of topic strings.
    pub topics: String,
    pub original_locale: String,
    pub status: String,
    pub created_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
}

impl Consultation {
    pub fn status(&self) -> ConsultationStatus {
        ConsultationStatus::from_stored(&self.status).unwrap_or(ConsultationStatus::Draft)
    }

    pub fn topics(&self) -> Vec<String> {
        serde_json::from_str(&self.topics).unwrap_or_default()
    }
}

/// A new consultation.
#[derive(Debug, Insertable)]
#[diesel(table_name = consultations)]
pub struct ConsultationInsertForm<'a> {
    pub id: &'a ConsultationId,
    pub organization_id: &'a OrganizationId,
    pub slug: &'a str,
    pub country_code: Option<&'a str>,
    pub topics: &'a str,
    pub original_locale: &'a str,
    pub status: &'a str,
    pub created_by: Option<&'a UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A consultation's title, summary and body in one locale.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consultation_translations)]
pub struct ConsultationTranslation {
    pub consultation_id: ConsultationId,
    pub locale: String,
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// A section of a consultation; its text lives in versions.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sections)]
pub struct Section {
    pub id: SectionId,
    pub consultation_id: ConsultationId,
    pub position: i32,
    pub current_version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One version of a section's text.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = section_versions)]
pub struct SectionVersion {
    pub id: SectionVersionId,
    pub section_id: SectionId,
    pub version: i32,
    pub created_by: Option<UserId>,
    pub created_at: NaiveDateTime,
}

/// A section version's heading and body in one locale.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = section_version_translations)]
pub struct SectionTranslation {
    pub section_version_id: SectionVersionId,
    pub locale: String,
    pub heading: String,
    pub body: String,
}

/// A comment round.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = comment_rounds)]
pub struct CommentRound {
    pub id: RoundId,
    pub consultation_id: ConsultationId,
    pub title: String,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    /// Why the round was last extended.
    pub extension_reason: Option<String>,
    pub audience: String,
    /// A JSON array of organization kinds; empty means every kind.
    pub allowed_organization_kinds: String,
    pub created_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl CommentRound {
    pub fn audience(&self) -> RoundAudience {
        RoundAudience::from_stored(&self.audience).unwrap_or(RoundAudience::Invited)
    }

    pub fn allowed_organization_kinds(&self) -> Vec<OrganizationKind> {
        let stored: Vec<String> = serde_json::from_str(&self.allowed_organization_kinds).unwrap_or_default();
        stored.iter().filter_map(|kind| OrganizationKind::from_stored(kind)).collect()
    }

    /// When the round stops taking comments: its end, or the moment it was closed early.
    pub fn effective_close(&self) -> NaiveDateTime {
        self.closed_at.map_or(self.closes_at, |closed| closed.min(self.closes_at))
    }

    /// The status at `now`.
    pub fn status_at(&self, now: NaiveDateTime) -> RoundStatus {
        if now >= self.effective_close() {
            RoundStatus::Closed
        } else if now < self.opens_at {
            RoundStatus::Scheduled
        } else {
            RoundStatus::Open
        }
    }
}

/// A comment as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comments)]
pub struct Comment {
    pub id: CommentId,
    pub tracking_number: String,
    pub consultation_id: ConsultationId,
    pub round_id: RoundId,
    pub section_id: Option<SectionId>,
    pub section_version_id: Option<SectionVersionId>,
    pub parent_id: Option<CommentId>,
    pub depth: i32,
    pub author_id: UserId,
    pub organization_id: Option<OrganizationId>,
    pub stakeholder_kind: String,
    pub author_country: Option<String>,
    pub income_group: Option<String>,
    pub region: Option<String>,
    pub language: String,
    pub stance: String,
    pub confidential: bool,
    pub status: String,
    pub body: String,
    pub version: i32,
    pub endorsement_count: i32,
    pub flag_count: i32,
    pub review_requested_at: Option<NaiveDateTime>,
    pub moderation_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub withdrawn_at: Option<NaiveDateTime>,
    /// The hash of the normalized text that groups identical submissions; `None` for
    /// confidential comments (never compared) and those stored before grouping existed.
    pub text_fingerprint: Option<String>,
}

impl Comment {
    pub fn status(&self) -> CommentStatus {
        CommentStatus::from_stored(&self.status).unwrap_or(CommentStatus::Hidden)
    }

    pub fn stance(&self) -> Stance {
        Stance::from_stored(&self.stance).unwrap_or(Stance::Neutral)
    }

    pub fn stakeholder_kind(&self) -> StakeholderKind {
        StakeholderKind::from_stored(&self.stakeholder_kind).unwrap_or(StakeholderKind::Individual)
    }
}

/// A new comment.
#[derive(Debug, Insertable)]
#[diesel(table_name = comments)]
pub struct CommentInsertForm<'a> {
    pub id: &'a CommentId,
    pub tracking_number: &'a str,
    pub consultation_id: &'a ConsultationId,
    pub round_id: &'a RoundId,
    pub section_id: Option<&'a SectionId>,
    pub section_version_id: Option<&'a SectionVersionId>,
    pub parent_id: Option<&'a CommentId>,
    pub depth: i32,
    pub author_id: &'a UserId,
    pub organization_id: Option<&'a OrganizationId>,
    pub stakeholder_kind: &'a str,
    pub author_country: Option<&'a str>,
    pub income_group: Option<&'a str>,
    pub region: Option<&'a str>,
    pub language: &'a str,
    pub stance: &'a str,
    pub confidential: bool,
    pub status: &'a str,
    pub body: &'a str,
    pub version: i32,
    pub endorsement_count: i32,
    pub flag_count: i32,
    pub created_at: NaiveDateTime,
    pub text_fingerprint: Option<&'a str>,
}

/// An official response to a comment.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = comment_responses)]
pub struct CommentResponse {
    pub id: ResponseId,
    pub comment_id: CommentId,
    pub organization_id: OrganizationId,
    pub author_id: Option<UserId>,
    pub body: String,
    pub created_at: NaiveDateTime,
}

impl<'a> From<&'a Comment> for CommentInsertForm<'a> {
    fn from(comment: &'a Comment) -> Self {
        CommentInsertForm {
            id: &comment.id,
            tracking_number: &comment.tracking_number,
            consultation_id: &comment.consultation_id,
            round_id: &comment.round_id,
            section_id: comment.section_id.as_ref(),
            section_version_id: comment.section_version_id.as_ref(),
            parent_id: comment.parent_id.as_ref(),
            depth: comment.depth,
            author_id: &comment.author_id,
            organization_id: comment.organization_id.as_ref(),
            stakeholder_kind: &comment.stakeholder_kind,
            author_country: comment.author_country.as_deref(),
            income_group: comment.income_group.as_deref(),
            region: comment.region.as_deref(),
            language: &comment.language,
            stance: &comment.stance,
            confidential: comment.confidential,
            status: &comment.status,
            body: &comment.body,
            version: comment.version,
            endorsement_count: comment.endorsement_count,
            flag_count: comment.flag_count,
            created_at: comment.created_at,
            text_fingerprint: comment.text_fingerprint.as_deref(),
        }
    }
}
