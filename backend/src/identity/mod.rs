//! Identity: accounts, organizations, memberships and role grants. The foundation holds
//! accounts and roles (for `agora create-admin`, `me` and permission checks); registration,
//! sessions and organizations build on them.

pub mod accounts;
pub mod administration;
pub mod countries;
pub mod countries_graphql;
pub mod email;
pub mod graphql;
pub mod links;
pub mod model;
pub mod privacy;
mod privacy_store;
pub mod profile;
pub mod service;
pub mod sessions;
pub mod store;
pub mod tokens_model;
pub mod tokens_store;
