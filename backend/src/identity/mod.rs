//! Identity: who people are and what they may do. Organizations and memberships, which build on
//! accounts, have their own module (`crate::organizations`).
//!
//! One folder per area, each with its rooms:
//! - [`accounts`]: registering, verifying the address, resetting the password, the profile;
//! - [`sessions`]: signing in (with its throttle), refresh-token rotation, signing out;
//! - [`tokens`]: the emailed single-use links and refresh tokens, stored as hashes;
//! - [`administration`]: platform roles, suspensions and reinstatements;
//! - [`countries`]: the country table (ISO 3166-1, UN region, World Bank income group).
//!
//! Shared by the areas: [`model`] and [`store`] (accounts and role grants, which every area
//! reads), [`service`] (reading accounts under their privacy rules, and the first admin),
//! [`privacy`] (this domain's part of one's own data) and the API, [`graphql`].

pub mod accounts;
pub mod administration;
pub mod countries;
pub mod graphql;
pub mod model;
pub mod privacy;
pub mod service;
pub mod sessions;
pub mod store;
pub mod tokens;
