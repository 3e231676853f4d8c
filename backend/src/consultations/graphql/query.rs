//! Root `Query` fields of consultations.

use async_graphql::{Context, ID, Object};

use super::CONSULTATION_KIND;
use super::comment::{CommentConnection, CommentObject, CommentReceiptObject};
use super::consultation::ConsultationObject;
use super::statistics::ParticipationStatsObject;
use crate::connection_types;
use crate::consultations::access::ConsultationAccess;
use crate::consultations::consultation::service::{self, ConsultationQuery as Filter};
use crate::consultations::model::{ConsultationId, ConsultationStatus};
use crate::consultations::{comments::receipts, moderation::service as moderation, statistics::service as statistics};
use crate::db::page::Cursor;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;

connection_types!(ConsultationConnection, ConsultationEdge, ConsultationObject);

/// Root fields of `Query` for consultations and comments.
#[derive(Default)]
pub struct ConsultationQuery;

#[Object]
impl ConsultationQuery {
    /// Consultations, newest first: published, closed and concluded ones for everyone, drafts
    /// too for their officials and platform admins.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn consultations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many consultations to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return consultations after this cursor.")] after: Option<String>,
        #[graphql(desc = "Only consultations in this status.")] status: Option<ConsultationStatus>,
        #[graphql(desc = "Only consultations of this country (ISO 3166-1 alpha-2).")] country: Option<String>,
        #[graphql(desc = "Words to find in a title or summary, in any language.")] search: Option<String>,
        #[graphql(desc = "Only the consultations the signed-in caller follows (`UNAUTHENTICATED` when signed out).")]
        followed: Option<bool>,
    ) -> async_graphql::Result<ConsultationConnection> {
        let page = crate::graphql::pagination::requested_page(ctx, first, after)?;
        let filter = Filter { status, country, search, followed: followed.unwrap_or(false) };
        let consultations = service::list(ctx.services()?, ctx.principal()?, filter, page).await?;
        Ok(ConsultationConnection::from_page(consultations.map(ConsultationObject), |c| {
            Cursor::new("", c.0.id.as_str())
        }))
    }

    /// One consultation by ID or slug; null if there is none or the caller may not see it.
    async fn consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consultation's ID.")] id: Option<ID>,
        #[graphql(desc = "The consultation's slug.")] slug: Option<String>,
    ) -> async_graphql::Result<Option<ConsultationObject>> {
        let id = match id {
            Some(id) => match GlobalId::decode_kind(&id, CONSULTATION_KIND) {
                Some(key) => Some(ConsultationId(key)),
                None => return Ok(None),
            },
            None => None,
        };
        let consultation = service::find_visible(ctx.services()?, ctx.principal()?, id, slug).await?;
        Ok(consultation.map(ConsultationObject))
    }

    /// Confirms that a comment was received, from its tracking number. Public; shows nothing
    /// about who wrote it. Null for an unknown number.
    async fn comment_receipt(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The tracking number from the receipt (letter case and dashes do not matter).")]
        tracking_number: String,
    ) -> async_graphql::Result<Option<CommentReceiptObject>> {
        let locale = ctx.request()?.locale.clone();
        let receipt = receipts::find(ctx.services()?, locale, &tracking_number).await?;
        Ok(receipt.map(Into::into))
    }

    /// Comments waiting for a moderator (flagged), oldest request first. Moderators (platform-wide,
    /// or of the consultations they moderate) and admins.
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn moderation_queue(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many comments to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return comments after this cursor.")] after: Option<String>,
        #[graphql(desc = "Only comments of this consultation.")] consultation_id: Option<ID>,
    ) -> async_graphql::Result<CommentConnection> {
        let page = crate::graphql::pagination::requested_page(ctx, first, after)?;
        let consultation = consultation_id.as_ref().map(super::consultation_id).transpose()?;
        let principal = ctx.principal()?;
        let queue = moderation::queue(ctx.services()?, principal, consultation, page).await?;
        let access = std::sync::Arc::new(ConsultationAccess {
            user_id: principal.map(|principal| principal.user_id.clone()),
            is_moderator: true,
            ..ConsultationAccess::default()
        });
        let page = queue.map(|comment| CommentObject::new(comment, access.clone()));
        Ok(CommentConnection::counted(page, moderation::queue_cursor))
    }

    /// Who took part in a consultation, or in one of its rounds: comments by stakeholder kind,
    /// income group, UN region, language and stance, and how many distinct texts and campaigns
    /// it received. In the breakdowns, counts from 1 to 4 are shown as "fewer than 5". Public.
    async fn participation_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consultation.")] consultation_id: ID,
        #[graphql(desc = "One of its rounds; without it, the whole consultation.")] round_id: Option<ID>,
    ) -> async_graphql::Result<ParticipationStatsObject> {
        let consultation = super::consultation_id(&consultation_id)?;
        let round = round_id.as_ref().map(super::round_id).transpose()?;
        let found = statistics::participation(ctx.services()?, ctx.principal()?, consultation, round).await?;
        Ok(ParticipationStatsObject(found))
    }
}
