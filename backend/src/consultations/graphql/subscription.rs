//! Root `Subscription` fields of consultations: new comments, live.

use std::sync::Arc;

use async_graphql::{Context, ID, Subscription};
use futures_util::Stream;

use super::comment::CommentObject;
use crate::consultations::live_access;
use crate::graphql::context::ContextExt;
use crate::live::quota::SocketQuota;
use crate::request::SocketCaller;

/// Root fields of `Subscription` for consultations.
#[derive(Default)]
pub struct ConsultationSubscription;

#[Subscription]
impl ConsultationSubscription {
    /// Every comment accepted in a consultation from now on, replies included, as soon as it is
    /// stored. Each is shown as in the consultation's comment lists: a confidential comment's
    /// `body` is null unless the subscriber wrote it or is an official of the consultation, a
    /// moderator or an admin (checked again, comment by comment, so a role lost meanwhile counts).
    /// `NOT_FOUND` for a consultation the caller may not see. A subscriber that falls far behind
    /// skips the oldest comments.
    async fn comment_published(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consultation to follow.")] consultation_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = CommentObject> + use<>> {
        let consultation = super::consultation_id(&consultation_id)?;
        let place = ctx.data_opt::<SocketQuota>().map(SocketQuota::take).transpose()?;
        let services = Arc::clone(ctx.services()?);
        let caller = ctx.data_opt::<SocketCaller>().map(|caller| Arc::new(caller.0.clone()));
        let access = Arc::new(live_access::standing(&services, ctx.principal()?, consultation.clone()).await?);
        let watch = services.live.watch(consultation.clone());
        Ok(futures_util::stream::unfold((watch, place, access), move |(mut watch, place, mut access)| {
            let (services, caller, consultation) = (Arc::clone(&services), caller.clone(), consultation.clone());
            async move {
                let comment = watch.next().await?;
                // A confidential text shown on the strength of a role: make sure the role still holds.
                if let Some(caller) = caller.filter(|_| comment.confidential && access.sees_everything()) {
                    access = Arc::new(live_access::current_standing(&services, &caller, consultation).await);
                }
                let shown = CommentObject::new(comment.as_ref().clone(), Arc::clone(&access));
                Some((shown, (watch, place, access)))
            }
        }))
    }
}
