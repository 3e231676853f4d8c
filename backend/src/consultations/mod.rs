//! Consultations: a government or intergovernmental body publishes a draft policy in sections,
//! opens comment rounds, and stakeholders and the public comment on it, section by section.
//!
//! - [`model`], [`store`], [`comment_store`]: rows and queries;
//! - [`service`] (consultations and sections), [`rounds`], [`comments`], [`moderation`],
//!   [`responses`], [`receipts`], [`listing`], [`outcome`]: the rules, each checked here rather
//!   than in GraphQL; [`outcome_store`]: the published outcomes;
//! - [`access`]: what the caller is to one consultation (official, moderator, admin);
//! - [`translations`]: translatable texts and the fallback chain a reader sees;
//! - [`graphql`]: the API types and resolvers; [`export`]: the open-data files;
//! - [`following`]: following consultations and the notifications followers receive.

pub mod access;
pub mod comment_store;
pub mod comments;
pub mod export;
pub mod following;
pub mod graphql;
pub mod intake;
pub mod listing;
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
pub mod store;
pub mod translations;
