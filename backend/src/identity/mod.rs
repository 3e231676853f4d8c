//! Identity: accounts, organizations, memberships and role grants. The foundation holds
//! accounts and roles (for `agora create-admin`, `me` and permission checks); registration,
//! sessions and organizations build on them.

pub mod email;
pub mod graphql;
pub mod model;
pub mod service;
pub mod store;
