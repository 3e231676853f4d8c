//! Consultations: a government or intergovernmental body publishes a draft policy in sections,
//! opens comment rounds, and stakeholders and the public comment on it, section by section.
//!
//! - [`model`], [`store`], [`comment_store`]: rows and queries;
//! - [`service`] (consultations and sections), [`rounds`], [`comments`], [`moderation`],
//!   [`responses`], [`receipts`], [`listing`], [`outcome`]: the rules, each checked here rather
//!   than in GraphQL; [`outcome_store`]: the published outcomes;
//! - [`campaigns`]: identical texts grouped; [`tally`]: the campaign groups and participation
//!   counts kept in step with every change of a published comment; [`statistics`]: reading them;
//! - [`access`]: what the caller is to one consultation (official, moderator, admin);
//! - [`translations`]: translatable texts and the fallback chain a reader sees;
//! - [`graphql`]: the API types and resolvers; [`export`]: the open-data files;
//! - [`live_access`]: who may follow a consultation's new comments live (`crate::live` delivers them).
//! - [`following`]: following consultations and the notifications followers receive.

pub mod access;
pub mod campaigns;
pub mod comment_store;
pub mod comments;
pub mod export;
pub mod following;
pub mod graphql;
pub mod intake;
pub mod listing;
pub mod live_access;
pub mod loaders;
pub mod model;
pub mod moderation;
pub mod outcome;
pub mod outcome_store;
pub mod privacy;
pub mod receipts;
pub mod responses;
pub mod rounds;
pub mod service;
pub mod statistics;
pub mod store;
pub mod tally;
pub mod translations;
