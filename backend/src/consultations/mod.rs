//! Consultations: a government or intergovernmental body publishes a draft policy in sections,
//! opens comment rounds, and stakeholders and the public comment on it, section by section.
//!
//! One folder per area, each with the same rooms (`service.rs` for the rules, `store.rs` for the
//! SQL, where the area has its own tables):
//! - [`consultation`]: consultations and their sections;
//! - [`rounds`]: comment rounds, their windows and audiences;
//! - [`comments`]: submitting, editing, listing and receipts of comments, responses to them,
//!   and the batched writer every accepted comment goes through;
//! - [`moderation`]: flags, hiding and restoring;
//! - [`outcomes`]: what the government changed, published at the end;
//! - [`campaigns`]: identical texts grouped;
//! - [`statistics`]: the counts kept in step with every published comment, and reading them;
//! - [`open_data`]: the comments as open-data files;
//! - [`following`]: following consultations and the notifications followers receive.
//!
//! Shared by the areas: [`model`] and [`store`] (the rows and queries of consultations, sections
//! and rounds that every area reads), [`access`] (what the caller is to one consultation),
//! [`translations`] (translatable texts and the fallback chain a reader sees), [`live_access`]
//! (who may follow new comments live; `crate::live` delivers them), [`privacy`] (this domain's
//! part of one's own data), and the API: [`graphql`] and its [`loaders`].

pub mod access;
pub mod campaigns;
pub mod comments;
pub mod consultation;
pub mod following;
pub mod graphql;
pub mod live_access;
pub mod loaders;
pub mod model;
pub mod moderation;
pub mod open_data;
pub mod outcomes;
pub mod privacy;
pub mod rounds;
pub mod statistics;
pub mod store;
pub mod translations;
