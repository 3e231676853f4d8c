//! Identity: who people are and what they may do. Accounts and their life cycle (`accounts`),
//! sign-in and sessions (`sessions`), platform roles and suspensions (`administration`), its
//! part of one's own data (`privacy_store`, which `crate::privacy` gathers with the other
//! domains' parts), and the country table. Organizations and memberships, which build on
//! accounts, have their own module (`crate::organizations`).

pub mod accounts;
pub mod administration;
pub mod countries;
pub mod countries_graphql;
pub mod email;
pub mod graphql;
pub mod links;
pub mod model;
pub mod password_attempts;
pub mod privacy_store;
pub mod profile;
pub mod service;
pub mod sessions;
pub mod store;
pub mod tokens_model;
pub mod tokens_store;
