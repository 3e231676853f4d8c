//! Root `Mutation` fields of consultations, rounds and comments.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::comment::CommentObject;
use super::consultation::{ConsultationObject, SectionObject};
use super::inputs::{
    CreateCommentRoundInput, CreateConsultationInput, PublishOutcomeInput, SubmitCommentInput, UpdateConsultationInput,
    UpdateSectionInput,
};
use super::round::CommentRoundObject;
use super::{comment_id, consultation_id, round_id, section_id};
use crate::consultations::comments::listing;
use crate::consultations::comments::service::{self as comments, NewComment};
use crate::consultations::consultation::service::{self, ConsultationChanges, NewConsultation};
use crate::consultations::model::{Comment, FlagReason, ModerationAction};
use crate::consultations::outcomes::service::{self as outcome, NewOutcome};
use crate::consultations::outcomes::store::SectionOutcome;
use crate::consultations::rounds::service::{self as rounds, NewRound};
use crate::consultations::{comments::responses, moderation::service as moderation};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::idempotency::Operation;
use crate::idempotency::graphql::key_of;
use crate::organizations::graphql::ORGANIZATION_KIND;
use crate::organizations::model::OrganizationId;

/// Root fields of `Mutation` for consultations, rounds and comments.
#[derive(Default)]
pub struct ConsultationMutation;

#[Object]
impl ConsultationMutation {
    /// Creates a draft consultation with its sections. Officials of a verified government or
    /// intergovernmental organization; audited. Safe to retry with `input.idempotencyKey`.
    async fn create_consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new consultation.")] input: CreateConsultationInput,
    ) -> async_graphql::Result<ConsultationObject> {
        let idempotency_key = key_of(Operation::CreateConsultation, &input)?;
        let new = NewConsultation {
            organization_id: organization_id(&input.organization_id)?,
            slug: input.slug,
            original_locale: input.original_locale,
            translations: input.translations.into_iter().map(Into::into).collect(),
            sections: input.sections.into_iter().map(|section| section.into_texts()).collect(),
            topics: input.topics,
            country: input.country,
            idempotency_key,
        };
        Ok(ConsultationObject(service::create(ctx.services()?, ctx.request()?, new).await?))
    }

    /// Changes a draft or published consultation. Its officials; audited.
    async fn update_consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What changes.")] input: UpdateConsultationInput,
    ) -> async_graphql::Result<ConsultationObject> {
        let changes = ConsultationChanges {
            id: consultation_id(&input.id)?,
            slug: input.slug,
            topics: input.topics,
            country: match input.country {
                async_graphql::MaybeUndefined::Undefined => None,
                async_graphql::MaybeUndefined::Null => Some(None),
                async_graphql::MaybeUndefined::Value(country) => Some(Some(country)),
            },
            translations: input.translations.into_iter().map(Into::into).collect(),
            add_sections: input.add_sections.into_iter().map(|section| section.into_texts()).collect(),
        };
        Ok(ConsultationObject(service::update(ctx.services()?, ctx.request()?, changes).await?))
    }

    /// Changes a section's text. Published sections get a new version; comments keep the
    /// version they answered. Its officials; audited once published.
    async fn update_section(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new text.")] input: UpdateSectionInput,
    ) -> async_graphql::Result<SectionObject> {
        let id = section_id(&input.id)?;
        let texts = input.translations.into_iter().map(Into::into).collect();
        Ok(SectionObject(service::update_section(ctx.services()?, ctx.request()?, id, texts).await?))
    }

    /// Publishes a draft (`DRAFT` → `PUBLISHED`). Its officials; audited.
    async fn publish_consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consultation's ID.")] id: ID,
    ) -> async_graphql::Result<ConsultationObject> {
        let id = consultation_id(&id)?;
        Ok(ConsultationObject(service::publish(ctx.services()?, ctx.request()?, id).await?))
    }

    /// Closes a consultation (`PUBLISHED` → `CLOSED`): open and scheduled rounds close, no new
    /// rounds can be added. Its officials; audited.
    async fn close_consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consultation's ID.")] id: ID,
    ) -> async_graphql::Result<ConsultationObject> {
        let id = consultation_id(&id)?;
        Ok(ConsultationObject(service::close(ctx.services()?, ctx.request()?, id).await?))
    }

    /// Adds a comment round. Its officials; audited. Safe to retry with `input.idempotencyKey`.
    async fn create_comment_round(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new round.")] input: CreateCommentRoundInput,
    ) -> async_graphql::Result<CommentRoundObject> {
        let idempotency_key = key_of(Operation::CreateCommentRound, &input)?;
        let new = NewRound {
            consultation_id: consultation_id(&input.consultation_id)?,
            title: input.title,
            opens_at: input.opens_at,
            closes_at: input.closes_at,
            audience: input.audience,
            allowed_organization_kinds: input.allowed_organization_kinds,
            invited_organization_ids: input
                .invited_organization_ids
                .iter()
                .map(|id| {
                    GlobalId::decode_kind(id, ORGANIZATION_KIND)
                        .map(OrganizationId)
                        .ok_or_else(|| AppError::invalid("invitedOrganizationIds"))
                })
                .collect::<Result<_, _>>()?,
            idempotency_key,
        };
        Ok(CommentRoundObject(rounds::create(ctx.services()?, ctx.request()?, new).await?))
    }

    /// Moves a round's end later. Needs a reason; its officials; audited.
    async fn extend_comment_round(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The round's ID.")] id: ID,
        #[graphql(desc = "The new end, later than the current one.")] closes_at: DateTime<Utc>,
        #[graphql(desc = "Why, in words participants will read.")] reason: String,
    ) -> async_graphql::Result<CommentRoundObject> {
        let id = round_id(&id)?;
        Ok(CommentRoundObject(rounds::extend(ctx.services()?, ctx.request()?, id, closes_at, &reason).await?))
    }

    /// Closes a round now. Its officials; audited.
    async fn close_comment_round(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The round's ID.")] id: ID,
    ) -> async_graphql::Result<CommentRoundObject> {
        let id = round_id(&id)?;
        Ok(CommentRoundObject(rounds::close(ctx.services()?, ctx.request()?, id).await?))
    }

    /// Submits a comment in an open round (`ROUND_NOT_OPEN` otherwise). Needs a verified email
    /// and a place in the round's audience; rate-limited. The author is emailed a receipt with
    /// a tracking number. Safe to retry with `input.idempotencyKey`.
    async fn submit_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment.")] input: SubmitCommentInput,
    ) -> async_graphql::Result<CommentObject> {
        let idempotency_key = key_of(Operation::SubmitComment, &input)?;
        let new = NewComment {
            round_id: round_id(&input.round_id)?,
            section_id: input.section_id.as_ref().map(section_id).transpose()?,
            parent_id: input.parent_id.as_ref().map(comment_id).transpose()?,
            body: input.body,
            organization_id: input.organization_id.as_ref().map(organization_id).transpose()?,
            stance: input.stance,
            confidential: input.confidential,
            language: input.language,
            idempotency_key,
        };
        let (comment, access) = comments::submit(ctx.services()?, ctx.request()?, new).await?;
        Ok(CommentObject::new(comment, Arc::new(access)))
    }

    /// Changes the text of one's own comment while its round is open; earlier texts are kept.
    async fn edit_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment's ID.")] id: ID,
        #[graphql(desc = "The new text.")] body: String,
    ) -> async_graphql::Result<CommentObject> {
        let id = comment_id(&id)?;
        let comment = comments::edit(ctx.services()?, ctx.request()?, id, &body).await?;
        as_seen_by_caller(ctx, comment).await
    }

    /// Withdraws one's own comment while its round is open.
    async fn withdraw_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment's ID.")] id: ID,
    ) -> async_graphql::Result<CommentObject> {
        let id = comment_id(&id)?;
        let comment = comments::withdraw(ctx.services()?, ctx.request()?, id).await?;
        as_seen_by_caller(ctx, comment).await
    }

    /// Endorses someone else's comment (once).
    async fn endorse_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment's ID.")] id: ID,
    ) -> async_graphql::Result<CommentObject> {
        let id = comment_id(&id)?;
        let comment = comments::endorse(ctx.services()?, ctx.request()?, id).await?;
        as_seen_by_caller(ctx, comment).await
    }

    /// Takes one's endorsement back.
    async fn unendorse_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment's ID.")] id: ID,
    ) -> async_graphql::Result<CommentObject> {
        let id = comment_id(&id)?;
        let comment = comments::unendorse(ctx.services()?, ctx.request()?, id).await?;
        as_seen_by_caller(ctx, comment).await
    }

    /// Flags a comment for moderators (once per person). `IMPERSONATION` says "this was
    /// submitted in my name". Enough distinct flags hide it until a moderator reviews it.
    async fn flag_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment's ID.")] id: ID,
        #[graphql(desc = "Why.")] reason: FlagReason,
    ) -> async_graphql::Result<bool> {
        let id = comment_id(&id)?;
        Ok(moderation::flag(ctx.services()?, ctx.request()?, id, reason).await?)
    }

    /// Hides or restores a comment, with a reason its author is emailed. Moderators of the
    /// consultation or platform-wide, and admins; audited.
    async fn moderate_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment's ID.")] id: ID,
        #[graphql(desc = "Hide or restore.")] action: ModerationAction,
        #[graphql(desc = "Why, in words the author will read.")] reason: String,
    ) -> async_graphql::Result<CommentObject> {
        let id = comment_id(&id)?;
        let comment = moderation::moderate(ctx.services()?, ctx.request()?, id, action, &reason).await?;
        as_seen_by_caller(ctx, comment).await
    }

    /// Answers a comment on behalf of the consultation's organization; the author is emailed.
    /// Its officials; audited.
    async fn respond_to_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment's ID.")] id: ID,
        #[graphql(desc = "The response (plain text).")] body: String,
    ) -> async_graphql::Result<CommentObject> {
        let id = comment_id(&id)?;
        let comment = responses::respond(ctx.services()?, ctx.request()?, id, &body).await?;
        as_seen_by_caller(ctx, comment).await
    }

    /// Publishes the outcome ("you said, we did") once no round is open: a summary and, per
    /// section, what changed and which comments led to it. The consultation becomes `CONCLUDED`
    /// and takes no more rounds or comments. Its officials; audited.
    async fn publish_outcome(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The outcome.")] input: PublishOutcomeInput,
    ) -> async_graphql::Result<ConsultationObject> {
        let mut sections = Vec::with_capacity(input.section_outcomes.len());
        for section in input.section_outcomes {
            let comment_ids = section.comment_ids.iter().map(comment_id).collect::<Result<Vec<_>, _>>()?;
            sections.push(SectionOutcome {
                section_id: section_id(&section.section_id)?,
                changes: section.changes,
                comment_ids,
            });
        }
        let new =
            NewOutcome { consultation_id: consultation_id(&input.consultation_id)?, summary: input.summary, sections };
        Ok(ConsultationObject(outcome::publish(ctx.services()?, ctx.request()?, new).await?))
    }
}

/// The comment a mutation changed, as its caller may see it.
async fn as_seen_by_caller(ctx: &Context<'_>, comment: Comment) -> async_graphql::Result<CommentObject> {
    let (comment, access) =
        listing::find_visible(ctx.services()?, ctx.principal()?, comment.id).await?.ok_or(AppError::NotFound)?;
    Ok(CommentObject::new(comment, Arc::new(access)))
}

fn organization_id(id: &ID) -> Result<OrganizationId, AppError> {
    GlobalId::require(id, ORGANIZATION_KIND, OrganizationId)
}
