//! Following in the API: `followConsultation`, `unfollowConsultation`, `unfollowByToken`, and
//! the `Consultation.viewerFollows` and `Consultation.followerCount` fields (resolved here,
//! declared on `Consultation`).

use async_graphql::{Context, ID, Object};

use super::service;
use crate::consultations::graphql::CONSULTATION_KIND;
use crate::consultations::model::ConsultationId;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;

/// Root fields of `Mutation` for following consultations.
#[derive(Default)]
pub struct FollowingMutation;

#[Object]
impl FollowingMutation {
    /// Follows a consultation: its followers are emailed, in their own language, when a comment
    /// round opens, 48 hours before an open round closes, when a round is extended and when the
    /// outcome is published. Any verified account, on a consultation it can see; following
    /// twice is fine. Always true.
    async fn follow_consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consultation to follow.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let id = GlobalId::require(&id, CONSULTATION_KIND, ConsultationId)?;
        Ok(service::follow(ctx.services()?, ctx.request()?, id).await?)
    }

    /// Stops following a consultation. Any signed-in account; unfollowing a consultation one
    /// does not follow is fine. Always true.
    async fn unfollow_consultation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consultation to stop following.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let id = GlobalId::require(&id, CONSULTATION_KIND, ConsultationId)?;
        Ok(service::unfollow(ctx.services()?, ctx.request()?, id).await?)
    }

    /// Stops following with the token of the unfollow link in a notification (for frontends
    /// that serve `/unfollow` themselves). Needs no sign-in; `VALIDATION` on `token` if the
    /// link is not valid. Always true otherwise, also when it was used before.
    async fn unfollow_by_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `token` query parameter of the unfollow link.")] token: String,
    ) -> async_graphql::Result<bool> {
        service::unfollow_by_token(ctx.services()?, token.trim()).await?;
        Ok(true)
    }
}

/// `Consultation.viewerFollows`: false when signed out.
pub async fn viewer_follows(ctx: &Context<'_>, consultation: &ConsultationId) -> async_graphql::Result<bool> {
    let Some(principal) = ctx.principal()? else { return Ok(false) };
    let key = (principal.user_id.clone(), consultation.clone());
    let loaded = ctx.loaders()?.consultations.following.viewer_follows.load_one(key).await;
    Ok(loaded.map_err(AppError::from)?.unwrap_or(false))
}

/// `Consultation.followerCount`.
pub async fn follower_count(ctx: &Context<'_>, consultation: &ConsultationId) -> async_graphql::Result<i32> {
    let loaded = ctx.loaders()?.consultations.following.follower_counts.load_one(consultation.clone()).await;
    let count = loaded.map_err(AppError::from)?.unwrap_or(0);
    Ok(i32::try_from(count).unwrap_or(i32::MAX))
}
