//! `Consultation`, `Section` and `SectionVersion`, with their translations.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::comment::CommentConnection;
use super::comment_list::{CommentListArgs, ConsultationRef, comments_in};
use super::outcome::OutcomeObject;
use super::round::CommentRoundObject;
use super::{CONSULTATION_KIND, SECTION_KIND};
use crate::consultations::comments::store::{CommentOrder, CommentScope};
use crate::consultations::model::{
    Consultation, ConsultationStatus, ConsultationTranslation, Section, SectionTranslation, SectionVersion,
};
use crate::consultations::model::{ConsultationId, RoundId, SectionId, Stance};
use crate::consultations::translations::pick;
use crate::consultations::{consultation::service, following, outcomes::service as outcome, rounds::service as rounds};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::identity::countries::model::IncomeGroup;
use crate::organizations::graphql::OrganizationObject;
use crate::organizations::model::OrganizationKind;

/// A consultation as the API shows it.
pub struct ConsultationObject(pub Consultation);

/// A consultation's title, summary and body in one locale.
#[derive(SimpleObject)]
#[graphql(name = "ConsultationTranslation")]
pub struct ConsultationTranslationObject {
    /// The locale (BCP 47).
    locale: String,
    /// The title.
    title: String,
    /// A short summary.
    summary: String,
    /// The full text (plain text; paragraphs separated by blank lines).
    body: String,
}

impl From<ConsultationTranslation> for ConsultationTranslationObject {
    fn from(row: ConsultationTranslation) -> Self {
        Self { locale: row.locale, title: row.title, summary: row.summary, body: row.body }
    }
}

impl ConsultationObject {
    async fn translations_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ConsultationTranslation>> {
        let loaded = ctx.loaders()?.consultations.consultation_translations.load_one(self.0.id.clone()).await;
        Ok(loaded.map_err(AppError::from)?.unwrap_or_default())
    }

    async fn localized(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ConsultationTranslation>> {
        let translations = self.translations_of(ctx).await?;
        let locale = &ctx.request()?.locale;
        Ok(pick(&translations, |t| &t.locale, locale, &self.0.original_locale).cloned())
    }
}

/// A draft policy opened for comment by a government or an intergovernmental body, in sections.
#[Object(name = "Consultation")]
impl ConsultationObject {
    /// The consultation's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(CONSULTATION_KIND, self.0.id.as_str()).encode()
    }

    /// The consultation's short name in URLs (lower-case letters, digits, hyphens).
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Where it is in its life.
    async fn status(&self) -> ConsultationStatus {
        self.0.status()
    }

    /// The country whose policy it is (ISO 3166-1 alpha-2); null for intergovernmental bodies.
    async fn country(&self) -> Option<&str> {
        self.0.country_code.as_deref()
    }

    /// What it is about (free keywords such as "AI governance").
    async fn topics(&self) -> Vec<String> {
        self.0.topics()
    }

    /// The locale it was written in; other translations follow it.
    async fn original_locale(&self) -> &str {
        &self.0.original_locale
    }

    /// The title in the request's locale (or the closest available).
    async fn title(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.title).unwrap_or_default())
    }

    /// The summary in the request's locale (or the closest available).
    async fn summary(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.summary).unwrap_or_default())
    }

    /// The full text in the request's locale (or the closest available).
    async fn body(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.body).unwrap_or_default())
    }

    /// The locale of the title, summary and body shown (it may differ from the request's).
    async fn locale(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.locale).unwrap_or_else(|| self.0.original_locale.clone()))
    }

    /// Every translation.
    async fn translations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ConsultationTranslationObject>> {
        Ok(self.translations_of(ctx).await?.into_iter().map(Into::into).collect())
    }

    /// The locales it can be read in.
    async fn available_locales(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(self.translations_of(ctx).await?.into_iter().map(|t| t.locale).collect())
    }

    /// The government or intergovernmental organization that runs it.
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrganizationObject>> {
        let organization = ctx.loaders()?.organizations.load_one(self.0.organization_id.clone()).await;
        Ok(organization.map_err(AppError::from)?.map(OrganizationObject))
    }

    /// Its sections, in order.
    async fn sections(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SectionObject>> {
        let sections = service::sections_of(ctx.services()?, self.0.id.clone()).await?;
        Ok(sections.into_iter().map(SectionObject).collect())
    }

    /// What the consultation led to, once its officials have published it (`CONCLUDED`).
    async fn outcome(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OutcomeObject>> {
        // A page of consultations finds out in one query which of them have an outcome; only
        // those load their sections and credited comments.
        let published = ctx.loaders()?.consultations.outcomes.load_one(self.0.id.clone()).await;
        let Some(outcome) = published.map_err(AppError::from)? else { return Ok(None) };
        let (sections, access) = outcome::details(ctx.services()?, ctx.principal()?, self.0.clone()).await?;
        Ok(Some(OutcomeObject { outcome, sections, access }))
    }

    /// Whether the signed-in caller follows it (see `followConsultation`); false when signed out.
    async fn viewer_follows(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        following::graphql::viewer_follows(ctx, &self.0.id).await
    }

    /// How many accounts follow it.
    async fn follower_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        following::graphql::follower_count(ctx, &self.0.id).await
    }

    /// Its comment rounds, by opening time.
    async fn rounds(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CommentRoundObject>> {
        let rounds = rounds::rounds_of(ctx.services()?, self.0.id.clone()).await?;
        Ok(rounds.into_iter().map(CommentRoundObject).collect())
    }

    /// Its comments, in every round and section, with filters.
    /// Filters on who wrote them that select fewer than 5 people give a `withheld` list, except
    /// to the consultation's officials, moderators and admins.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many comments to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return comments after this cursor.")] after: Option<String>,
        #[graphql(desc = "Only comments of this round.")] round_id: Option<ID>,
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
        status: Option<crate::consultations::model::CommentStatus>,
        #[graphql(desc = "The order (default `NEWEST`).")] order_by: Option<CommentOrder>,
        #[graphql(desc = "List only the first comment of each group of identical texts (a campaign); its \
                          `campaign.size` tells how many it stands for. Nothing is dropped: without this, every \
                          comment is listed.")]
        collapse_campaigns: Option<bool>,
    ) -> async_graphql::Result<CommentConnection> {
        let round: Option<RoundId> = round_id.as_ref().map(super::round_id).transpose()?;
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
        comments_in(
            ctx,
            ConsultationRef::Loaded(Box::new(self.0.clone())),
            CommentScope::Consultation(self.0.id.clone()),
            args,
        )
        .await
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at.and_utc()
    }

    /// When it was published.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at.map(|at| at.and_utc())
    }

    /// When it was closed.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at.map(|at| at.and_utc())
    }
}

/// A section as the API shows it.
pub struct SectionObject(pub Section);

/// A section's heading and body in one locale.
#[derive(SimpleObject)]
#[graphql(name = "SectionTranslation")]
pub struct SectionTranslationObject {
    /// The locale (BCP 47).
    locale: String,
    /// The heading.
    heading: String,
    /// The text (plain text; paragraphs separated by blank lines).
    body: String,
}

impl From<SectionTranslation> for SectionTranslationObject {
    fn from(row: SectionTranslation) -> Self {
        Self { locale: row.locale, heading: row.heading, body: row.body }
    }
}

/// One part of a consultation's text that people comment on. Its text is versioned: editing a
/// published section adds a version, and each comment keeps the version it answered.
#[Object(name = "Section")]
impl SectionObject {
    /// The section's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(SECTION_KIND, self.0.id.as_str()).encode()
    }

    /// Its place in the consultation (1 for the first).
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// The number of its current version (1 until the published text is edited).
    async fn version(&self) -> i32 {
        self.0.current_version
    }

    /// The current text.
    async fn current(&self, ctx: &Context<'_>) -> async_graphql::Result<SectionVersionObject> {
        let version = ctx.loaders()?.consultations.current_versions.load_one(self.0.id.clone()).await;
        let version = version.map_err(AppError::from)?.ok_or(AppError::NotFound)?;
        Ok(SectionVersionObject { version, consultation_id: self.0.consultation_id.clone() })
    }

    /// The current heading in the request's locale (or the closest available).
    async fn heading(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.current(ctx).await?.localized(ctx).await?.map(|t| t.heading).unwrap_or_default())
    }

    /// The current text in the request's locale (or the closest available).
    async fn body(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.current(ctx).await?.localized(ctx).await?.map(|t| t.body).unwrap_or_default())
    }

    /// Every translation of the current text.
    async fn translations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SectionTranslationObject>> {
        let current = self.current(ctx).await?;
        Ok(current.translations_of(ctx).await?.into_iter().map(Into::into).collect())
    }

    /// The locales the current text can be read in.
    async fn available_locales(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let current = self.current(ctx).await?;
        Ok(current.translations_of(ctx).await?.into_iter().map(|t| t.locale).collect())
    }

    /// Every version of its text, oldest first.
    async fn versions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SectionVersionObject>> {
        let versions = service::section_versions(ctx.services()?, self.0.id.clone()).await?;
        let consultation_id = &self.0.consultation_id;
        Ok(versions
            .into_iter()
            .map(|version| SectionVersionObject { version, consultation_id: consultation_id.clone() })
            .collect())
    }

    /// Comments on this section, with filters.
    /// Filters on who wrote them that select fewer than 5 people give a `withheld` list, except
    /// to the consultation's officials, moderators and admins.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many comments to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return comments after this cursor.")] after: Option<String>,
        #[graphql(desc = "Only comments of this round.")] round_id: Option<ID>,
        #[graphql(desc = "Only comments on this section (it must be this one).")] section_id: Option<ID>,
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
        status: Option<crate::consultations::model::CommentStatus>,
        #[graphql(desc = "The order (default `NEWEST`).")] order_by: Option<CommentOrder>,
        #[graphql(desc = "List only the first comment of each group of identical texts (a campaign); its \
                          `campaign.size` tells how many it stands for. Nothing is dropped: without this, every \
                          comment is listed.")]
        collapse_campaigns: Option<bool>,
    ) -> async_graphql::Result<CommentConnection> {
        let round: Option<RoundId> = round_id.as_ref().map(super::round_id).transpose()?;
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
        comments_in(ctx, consultation, CommentScope::Section(self.0.id.clone()), args).await
    }
}

/// One version of a section's text.
pub struct SectionVersionObject {
    pub version: SectionVersion,
    /// The section's consultation (its original locale is the first fallback).
    pub consultation_id: ConsultationId,
}

impl SectionVersionObject {
    async fn translations_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SectionTranslation>> {
        let loaded = ctx.loaders()?.consultations.section_translations.load_one(self.version.id.clone()).await;
        Ok(loaded.map_err(AppError::from)?.unwrap_or_default())
    }

    async fn localized(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SectionTranslation>> {
        let translations = self.translations_of(ctx).await?;
        let locale = &ctx.request()?.locale;
        let consultation = ctx.loaders()?.consultations.consultations.load_one(self.consultation_id.clone()).await;
        let original = consultation.map_err(AppError::from)?.map(|c| c.original_locale).unwrap_or_default();
        Ok(pick(&translations, |t| &t.locale, locale, &original).cloned())
    }
}

/// A section's text as it stood in one version (what a comment answered).
#[Object(name = "SectionVersion")]
impl SectionVersionObject {
    /// The version number (1 for the text as first published).
    async fn version(&self) -> i32 {
        self.version.version
    }

    /// The heading in the request's locale (or the closest available).
    async fn heading(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.heading).unwrap_or_default())
    }

    /// The text in the request's locale (or the closest available).
    async fn body(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.body).unwrap_or_default())
    }

    /// Every translation of this version.
    async fn translations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SectionTranslationObject>> {
        Ok(self.translations_of(ctx).await?.into_iter().map(Into::into).collect())
    }

    /// When this version was written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.version.created_at.and_utc()
    }
}
