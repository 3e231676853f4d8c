//! `Comment`, its connection, official responses and public receipts.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::COMMENT_KIND;
use super::consultation::{SectionObject, SectionVersionObject};
use super::round::CommentRoundObject;
use super::statistics::{CampaignObject, campaign_of};
use crate::consultations::access::ConsultationAccess;
use crate::consultations::comments::listing;
use crate::consultations::comments::receipts::Receipt;
use crate::consultations::comments::service::sees_restricted;
use crate::consultations::comments::store::{CommentFilter, CommentOrder};
use crate::consultations::model::{Comment, CommentResponse, CommentStatus, StakeholderKind, Stance};
use crate::db::page::{Cursor, Page};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::graphql::pagination::PageInfo;
use crate::identity::countries::model::IncomeGroup;
use crate::identity::graphql::UserObject;
use crate::organizations::graphql::OrganizationObject;

/// A comment with the reader's standing towards its consultation (which decides whether a
/// confidential text, a tracking number or moderation details are shown).
pub struct CommentObject {
    pub comment: Comment,
    pub access: Arc<ConsultationAccess>,
}

impl CommentObject {
    pub fn new(comment: Comment, access: Arc<ConsultationAccess>) -> Self {
        Self { comment, access }
    }

    fn restricted_visible(&self) -> bool {
        sees_restricted(&self.access, &self.comment)
    }
}

/// A comment on a consultation: its text (unless confidential), stance, language, author and,
/// if given, the organization it speaks for; the section text it answered; official responses.
#[Object(name = "Comment")]
impl CommentObject {
    /// The comment's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(COMMENT_KIND, self.comment.id.as_str()).encode()
    }

    /// The tracking number of its receipt (its author, officials, moderators and admins).
    async fn tracking_number(&self) -> Option<&str> {
        self.restricted_visible().then_some(self.comment.tracking_number.as_str())
    }

    /// The campaign this comment belongs to: the other published comments of its round with the
    /// same text (ignoring case, whitespace and punctuation). Null when its text is unique, and
    /// for confidential comments, which are never compared.
    async fn campaign(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CampaignObject>> {
        campaign_of(ctx, &self.comment.round_id, self.comment.text_fingerprint.as_ref(), &self.access).await
    }

    /// The text. Null for a confidential comment unless the reader is its author, an official of
    /// the consultation, a moderator or an admin.
    async fn body(&self) -> Option<&str> {
        (!self.comment.confidential || self.restricted_visible()).then_some(self.comment.body.as_str())
    }

    /// Whether it is confidential (its text is then seen only by the consultation's officials,
    /// moderators and admins, and its author).
    async fn confidential(&self) -> bool {
        self.comment.confidential
    }

    /// Whether it is shown, hidden or withdrawn.
    async fn status(&self) -> CommentStatus {
        self.comment.status()
    }

    /// For or against the proposal.
    async fn stance(&self) -> Stance {
        self.comment.stance()
    }

    /// The language it is written in (BCP 47).
    async fn language(&self) -> &str {
        &self.comment.language
    }

    /// Who speaks: a person for themselves, or the kind of organization they speak for.
    async fn stakeholder_kind(&self) -> StakeholderKind {
        self.comment.stakeholder_kind()
    }

    /// The author's country when they wrote it (ISO 3166-1 alpha-2).
    async fn country(&self) -> Option<&str> {
        self.comment.author_country.as_deref()
    }

    /// The World Bank income group of the author's country when they wrote it.
    async fn income_group(&self) -> Option<IncomeGroup> {
        self.comment.income_group.as_deref().and_then(IncomeGroup::from_stored)
    }

    /// The author.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserObject>> {
        let user = ctx.loaders()?.users.load_one(self.comment.author_id.clone()).await.map_err(AppError::from)?;
        Ok(user.map(UserObject::new))
    }

    /// The organization it was submitted for, if any.
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrganizationObject>> {
        let Some(id) = self.comment.organization_id.clone() else { return Ok(None) };
        let organization = ctx.loaders()?.organizations.load_one(id).await.map_err(AppError::from)?;
        Ok(organization.map(OrganizationObject))
    }

    /// The round it was submitted in.
    async fn round(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CommentRoundObject>> {
        let round = ctx.loaders()?.consultations.rounds.load_one(self.comment.round_id.clone()).await;
        Ok(round.map_err(AppError::from)?.map(CommentRoundObject))
    }

    /// The section it comments on, as it is now; null for a comment on the whole consultation.
    async fn section(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SectionObject>> {
        let Some(id) = self.comment.section_id.clone() else { return Ok(None) };
        let section = ctx.loaders()?.consultations.sections.load_one(id).await.map_err(AppError::from)?;
        Ok(section.map(SectionObject))
    }

    /// The section's text as it stood when the comment was written (it may have changed since).
    async fn section_version(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SectionVersionObject>> {
        let Some(id) = self.comment.section_version_id.clone() else { return Ok(None) };
        let version = ctx.loaders()?.consultations.section_versions.load_one(id).await.map_err(AppError::from)?;
        Ok(version
            .map(|version| SectionVersionObject { version, consultation_id: self.comment.consultation_id.clone() }))
    }

    /// The comment it replies to, if it is a reply the reader may see.
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CommentObject>> {
        let Some(id) = self.comment.parent_id.clone() else { return Ok(None) };
        let parent = ctx.loaders()?.consultations.comments.load_one(id).await.map_err(AppError::from)?;
        Ok(parent
            .filter(|parent| parent.status() == CommentStatus::Published || sees_restricted(&self.access, parent))
            .map(|parent| CommentObject::new(parent, self.access.clone())))
    }

    /// How deep in a thread it is (0 for a comment that replies to nothing).
    async fn depth(&self) -> i32 {
        self.comment.depth
    }

    /// The published replies, oldest first.
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn replies(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many replies to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return replies after this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<CommentConnection> {
        let args = super::comment_list::CommentListArgs {
            first,
            after,
            round: None,
            section: None,
            stance: None,
            organization_kind: None,
            individuals_only: None,
            country: None,
            income_group: None,
            language: None,
            status: None,
            order_by: Some(CommentOrder::Oldest),
            collapse_campaigns: None,
        };
        let scope = crate::consultations::comments::store::CommentScope::Replies(self.comment.id.clone());
        let consultation = super::comment_list::ConsultationRef::Id(self.comment.consultation_id.clone());
        super::comment_list::comments_in(ctx, consultation, scope, args).await
    }

    /// How many people endorsed it.
    async fn endorsement_count(&self) -> i32 {
        self.comment.endorsement_count
    }

    /// Whether the signed-in reader endorsed it.
    async fn endorsed_by_me(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let Some(reader) = self.access.user_id.clone() else { return Ok(false) };
        let key = (reader, self.comment.id.clone());
        let found = ctx.loaders()?.consultations.endorsements.load_one(key).await.map_err(AppError::from)?;
        Ok(found.is_some())
    }

    /// How many people flagged it (officials, moderators and admins).
    async fn flag_count(&self) -> Option<i32> {
        self.access.sees_everything().then_some(self.comment.flag_count)
    }

    /// Why a moderator hid or restored it (its author, officials, moderators and admins).
    async fn moderation_reason(&self) -> Option<&str> {
        if self.restricted_visible() { self.comment.moderation_reason.as_deref() } else { None }
    }

    /// The official responses of the consultation's organization, oldest first.
    async fn responses(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CommentResponseObject>> {
        let responses = ctx.loaders()?.consultations.responses.load_one(self.comment.id.clone()).await;
        Ok(responses.map_err(AppError::from)?.unwrap_or_default().into_iter().map(CommentResponseObject).collect())
    }

    /// Whether its author changed the text after submitting it.
    async fn edited(&self) -> bool {
        self.comment.edited_at.is_some()
    }

    /// The number of its current text (1 until edited).
    async fn version(&self) -> i32 {
        self.comment.version
    }

    /// The earlier texts, oldest first (whoever may read the text).
    async fn previous_versions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CommentVersionObject>> {
        if self.comment.confidential && !self.restricted_visible() {
            return Ok(Vec::new());
        }
        let versions = listing::versions_of(ctx.services()?, self.comment.id.clone()).await?;
        Ok(versions
            .into_iter()
            .map(|(version, body, written_at)| CommentVersionObject { version, body, written_at: written_at.and_utc() })
            .collect())
    }

    /// When it was submitted.
    async fn created_at(&self) -> DateTime<Utc> {
        self.comment.created_at.and_utc()
    }

    /// When it was last edited.
    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.comment.edited_at.map(|at| at.and_utc())
    }

    /// When it was withdrawn.
    async fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.comment.withdrawn_at.map(|at| at.and_utc())
    }
}

/// An earlier text of an edited comment.
#[derive(SimpleObject)]
#[graphql(name = "CommentVersion")]
pub struct CommentVersionObject {
    /// Its number (1 for the text as first submitted).
    version: i32,
    /// The text.
    body: String,
    /// When it was written.
    written_at: DateTime<Utc>,
}

/// An official response as the API shows it.
pub struct CommentResponseObject(pub CommentResponse);

/// An answer to a comment from the consultation's organization.
#[Object(name = "CommentResponse")]
impl CommentResponseObject {
    /// The response's text.
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// The organization that answers.
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrganizationObject>> {
        let organization = ctx.loaders()?.organizations.load_one(self.0.organization_id.clone()).await;
        Ok(organization.map_err(AppError::from)?.map(OrganizationObject))
    }

    /// The official who wrote it.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserObject>> {
        let Some(id) = self.0.author_id.clone() else { return Ok(None) };
        let user = ctx.loaders()?.users.load_one(id).await.map_err(AppError::from)?;
        Ok(user.map(UserObject::new))
    }

    /// When it was written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// How a connection learns its total: already known, counted only if a client asks, or
/// withheld with the list (it would single out fewer than 5 people).
enum TotalCount {
    Known(i64),
    Lazy(Box<CommentFilter>),
    Withheld,
}

/// A page of comments (a Relay connection).
pub struct CommentConnection {
    edges: Vec<CommentEdge>,
    page_info: PageInfo,
    total: TotalCount,
}

/// One comment of a list with its position (a Relay edge).
#[derive(SimpleObject)]
pub struct CommentEdge {
    /// An opaque position in the list; pass it as `after` to get the comments that follow.
    pub cursor: String,
    /// The comment.
    pub node: CommentObject,
}

impl CommentConnection {
    /// A page of a listing whose total is counted only if asked for.
    pub fn lazy(page: Page<CommentObject>, order: CommentOrder, filter: CommentFilter) -> Self {
        Self::build(page, |comment| listing::cursor_of(comment, order), TotalCount::Lazy(Box::new(filter)))
    }

    /// A list withheld from the reader because its filters single out fewer than 5 people.
    pub fn withheld_list() -> Self {
        let page_info =
            PageInfo { has_next_page: false, has_previous_page: false, start_cursor: None, end_cursor: None };
        Self { edges: Vec::new(), page_info, total: TotalCount::Withheld }
    }

    /// A page whose total is known.
    pub fn counted(page: Page<CommentObject>, cursor_of: impl Fn(&Comment) -> Cursor) -> Self {
        let total = page.total_count;
        Self::build(page, cursor_of, TotalCount::Known(total))
    }

    fn build(page: Page<CommentObject>, cursor_of: impl Fn(&Comment) -> Cursor, total: TotalCount) -> Self {
        let edges: Vec<CommentEdge> = page
            .items
            .into_iter()
            .map(|node| CommentEdge { cursor: cursor_of(&node.comment).encode(), node })
            .collect();
        let page_info = PageInfo {
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
            start_cursor: edges.first().map(|edge| edge.cursor.clone()),
            end_cursor: edges.last().map(|edge| edge.cursor.clone()),
        };
        Self { edges, page_info, total }
    }
}

/// A page of comments (a Relay connection): the comments with their cursors, where the page
/// sits, and how many comments the whole list holds.
#[Object]
impl CommentConnection {
    /// The comments of this page, each with its cursor.
    async fn edges(&self) -> &[CommentEdge] {
        &self.edges
    }

    /// Where this page sits in the list.
    async fn page_info(&self) -> &PageInfo {
        &self.page_info
    }

    /// How many comments the whole list holds (with the same filters); null when the list is
    /// `withheld`. Counting costs more than a page on a large consultation: ask for it only when
    /// it is shown.
    async fn total_count(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<i64>> {
        match &self.total {
            TotalCount::Known(total) => Ok(Some(*total)),
            TotalCount::Lazy(filter) => Ok(Some(listing::count(ctx.services()?, (**filter).clone()).await?)),
            TotalCount::Withheld => Ok(None),
        }
    }

    /// Whether the list is withheld so that nobody can be singled out: its filters on who wrote
    /// the comments (`organizationKind`, `individualsOnly`, `country`, `incomeGroup`,
    /// `language`) select the comments of fewer than 5 people, as `participationStats` shows
    /// such a group as "fewer than 5". A withheld list has no comments and a null `totalCount`;
    /// its comments stay readable, each as public as ever, in the unfiltered list. The
    /// consultation's officials, moderators and admins are never shown a withheld list.
    async fn withheld(&self) -> bool {
        matches!(self.total, TotalCount::Withheld)
    }
}

/// Public proof that a comment was received, without anything about who wrote it.
#[derive(SimpleObject)]
#[graphql(name = "CommentReceipt")]
pub struct CommentReceiptObject {
    /// The tracking number, in its canonical form.
    tracking_number: String,
    /// The consultation's slug.
    consultation_slug: String,
    /// The consultation's title in the request's locale.
    consultation_title: String,
    /// The round it was submitted in.
    round_title: String,
    /// When it was received.
    submitted_at: DateTime<Utc>,
    /// Whether it is shown, hidden or withdrawn.
    status: CommentStatus,
}

impl From<Receipt> for CommentReceiptObject {
    fn from(receipt: Receipt) -> Self {
        Self {
            tracking_number: receipt.tracking_number,
            consultation_slug: receipt.consultation_slug,
            consultation_title: receipt.consultation_title,
            round_title: receipt.round_title,
            submitted_at: receipt.submitted_at.and_utc(),
            status: receipt.status,
        }
    }
}
