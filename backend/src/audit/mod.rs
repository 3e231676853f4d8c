//! The audit log: an append-only record of privileged actions (verifications, suspensions,
//! role grants, moderation, round extensions…), readable by platform admins.

pub mod graphql;
pub mod model;
pub mod service;
mod store;
