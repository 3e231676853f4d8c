//! The GraphQL schema, built without any web framework so it can be exported as SDL and
//! executed anywhere; `server` only carries HTTP to it.
//!
//! Each domain contributes `Query`, `Mutation` and `Subscription` objects; they are merged here.

pub mod context;
pub mod counts;
pub mod errors;
mod expansion;
pub mod limits;
pub mod loaders;
pub mod node;
pub mod pagination;
pub mod server_info;
mod socket_session;
pub mod text_input;

use std::sync::Arc;

use async_graphql::{MergedObject, MergedSubscription, Schema};

use crate::audit::graphql::AuditQuery;
use crate::config::QueryLimits;
use crate::consultations::following::graphql::FollowingMutation;
use crate::consultations::graphql::{ConsultationMutation, ConsultationQuery, ConsultationSubscription};
use crate::identity::countries::graphql::CountryQuery;
use crate::identity::graphql::{IdentityMutation, IdentityQuery};
use crate::mail::graphql::{MailMutation, MailQuery};
use crate::organizations::graphql::{OrganizationMutation, OrganizationQuery};
use crate::services::Services;
use crate::training::graphql::{TrainingMutation, TrainingQuery};

/// The root query: every domain's queries, merged.
#[derive(MergedObject, Default)]
pub struct Query(
    server_info::ServerInfoQuery,
    node::NodeQuery,
    IdentityQuery,
    CountryQuery,
    OrganizationQuery,
    AuditQuery,
    MailQuery,
    ConsultationQuery,
    TrainingQuery,
);

/// The root mutation: every domain's mutations, merged.
#[derive(MergedObject, Default)]
pub struct Mutation(
    IdentityMutation,
    OrganizationMutation,
    ConsultationMutation,
    TrainingMutation,
    FollowingMutation,
    MailMutation,
);

/// The root subscription: every domain's live updates, merged.
#[derive(MergedSubscription, Default)]
pub struct Subscription(ConsultationSubscription);

/// The executable schema.
pub type AgoraSchema = Schema<Query, Mutation, Subscription>;

/// Builds the schema once per server, with its services and limits.
pub fn build_schema(services: Arc<Services>, limits: QueryLimits) -> AgoraSchema {
    schema_builder()
        .data(services)
        .extension(socket_session::SocketSessionExtension)
        .extension(text_input::TextInputExtension)
        // Last: it parses the document itself (see its module).
        .extension(limits::QueryLimitsExtension(limits))
        .finish()
}

/// The SDL of the schema (what `agora export-schema` prints and `schema/schema.graphql` holds).
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}

fn schema_builder() -> async_graphql::SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription::default())
}
