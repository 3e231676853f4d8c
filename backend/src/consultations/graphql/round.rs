//! `CommentRound`.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::ROUND_KIND;
use super::comment::CommentConnection;
use super::comment_list::{CommentListArgs, ConsultationRef, comments_in};
use super::consultation::ConsultationObject;
use crate::consultations::comments::store::{CommentOrder, CommentScope};
use crate::consultations::model::{CommentRound, CommentStatus, RoundAudience, RoundStatus, SectionId, Stance};
use crate::consultations::rounds::service as rounds;
use crate::db::time;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::identity::countries::model::IncomeGroup;
use crate::organizations::graphql::OrganizationObject;
use crate::organizations::model::OrganizationKind;

/// A comment round as the API shows it.
pub struct CommentRoundObject(pub CommentRound);

/// A period in which a consultation takes comments, from an audience.
#[Object(name = "CommentRound")]
impl CommentRoundObject {
    /// The round's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(ROUND_KIND, self.0.id.as_str()).encode()
    }

    /// Its title (for example "First reading").
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// When it opens.
    async fn opens_at(&self) -> DateTime<Utc> {
        self.0.opens_at.and_utc()
    }

    /// When it closes (later if it was extended).
    async fn closes_at(&self) -> DateTime<Utc> {
        self.0.closes_at.and_utc()
    }

    /// When it was closed early, if it was.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at.map(|at| at.and_utc())
    }

    /// Why it was extended, if it was (the officials' words).
    async fn extension_reason(&self) -> Option<&str> {
        self.0.extension_reason.as_deref()
    }

    /// Whether it takes comments now (derived from its dates).
    async fn status(&self) -> RoundStatus {
        self.0.status_at(time::now())
    }

    /// Who may comment.
    async fn audience(&self) -> RoundAudience {
        self.0.audience()
    }

    /// For a `STAKEHOLDERS` round: the organization kinds whose members may comment (empty: all).
    async fn allowed_organization_kinds(&self) -> Vec<OrganizationKind> {
        self.0.allowed_organization_kinds()
    }

    /// For an `INVITED` round: the organizations whose members may comment.
    async fn invited_organizations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrganizationObject>> {
        let ids = rounds::invited_organizations(ctx.services()?, self.0.id.clone()).await?;
        let loaded = ctx.loaders()?.organizations.load_many(ids.clone()).await.map_err(AppError::from)?;
        Ok(ids.iter().filter_map(|id| loaded.get(id).cloned()).map(OrganizationObject).collect())
    }

    /// The consultation.
    async fn consultation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ConsultationObject>> {
        let loaded = ctx.loaders()?.consultations.consultations.load_one(self.0.consultation_id.clone()).await;
        Ok(loaded.map_err(AppError::from)?.map(ConsultationObject))
    }

    /// The comments of this round, with filters.
    /// Filters on who wrote them that select fewer than 5 people give a `withheld` list, except
    /// to the consultation's officials, moderators and admins.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many comments to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return comments after this cursor.")] after: Option<String>,
        #[graphql(desc = "Only comments of this round (it must be this one).")] round_id: Option<ID>,
        #[graphql(desc = "Only comments on this section.")] section_id: Option<ID>,
        #[graphql(desc = "Only comments with this stance.")] stance: Option<Stance>,
        #[graphql(desc = "Only comments submitted for an organization of this kind.")] organization_kind: Option<
            OrganizationKind,
        >,
        #[graphql(desc = "Only comments people wrote for themselves (not for an organization).")]
        individuals_only: Option<bool>,
        #[graphql(desc = "Only comments by people from this country (ISO 3166-1 alpha-2).")] country: Option<String>,
        #[graphql(desc = "Only comments by people from countries of this World Bank income group.")]
        income_group: Option<IncomeGroup>,
        #[graphql(desc = "Only comments written in this language (BCP 47).")] language: Option<String>,
        #[graphql(desc = "Hidden or withdrawn comments instead of published ones (officials, moderators, admins).")]
        status: Option<CommentStatus>,
        #[graphql(desc = "The order (default `NEWEST`).")] order_by: Option<CommentOrder>,
        #[graphql(desc = "List only the first comment of each group of identical texts (a campaign); its \
                          `campaign.size` tells how many it stands for. Nothing is dropped: without this, every \
                          comment is listed.")]
        collapse_campaigns: Option<bool>,
    ) -> async_graphql::Result<CommentConnection> {
        let round = round_id.as_ref().map(super::round_id).transpose()?;
        let section: Option<SectionId> = section_id.as_ref().map(super::section_id).transpose()?;
        let args = CommentListArgs {
            first,
            after,
            round,
            section,
            stance,
            organization_kind,
            individuals_only,
            country,
            income_group,
            language,
            status,
            order_by,
            collapse_campaigns,
        };
        let consultation = ConsultationRef::Id(self.0.consultation_id.clone());
        comments_in(ctx, consultation, CommentScope::Round(self.0.id.clone()), args).await
    }
}
