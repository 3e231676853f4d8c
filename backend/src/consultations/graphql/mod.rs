//! Consultations in the API: the objects (`Consultation`, `Section`, `CommentRound`, `Comment`…),
//! the root queries, the mutations and the subscription. Resolvers call the services and shape their answers;
//! every rule lives in the services.

mod comment;
mod comment_list;
mod consultation;
mod inputs;
mod mutation;
mod outcome;
mod query;
mod round;
mod statistics;
mod subscription;

pub use comment::{CommentObject, CommentReceiptObject};
pub use consultation::{ConsultationObject, SectionObject};
pub use mutation::ConsultationMutation;
pub use query::ConsultationQuery;
pub use round::CommentRoundObject;
pub use subscription::ConsultationSubscription;

use async_graphql::ID;

use super::model::{CommentId, ConsultationId, RoundId, SectionId};
use crate::error::AppError;
use crate::graphql::node::GlobalId;

/// The kind of global ID that names a consultation.
pub const CONSULTATION_KIND: &str = "Consultation";
/// The kind of global ID that names a section.
pub const SECTION_KIND: &str = "Section";
/// The kind of global ID that names a comment round.
pub const ROUND_KIND: &str = "CommentRound";
/// The kind of global ID that names a comment.
pub const COMMENT_KIND: &str = "Comment";

fn consultation_id(id: &ID) -> Result<ConsultationId, AppError> {
    GlobalId::require(id, CONSULTATION_KIND, ConsultationId)
}

fn section_id(id: &ID) -> Result<SectionId, AppError> {
    GlobalId::require(id, SECTION_KIND, SectionId)
}

fn round_id(id: &ID) -> Result<RoundId, AppError> {
    GlobalId::require(id, ROUND_KIND, RoundId)
}

fn comment_id(id: &ID) -> Result<CommentId, AppError> {
    GlobalId::require(id, COMMENT_KIND, CommentId)
}
