//! Accounts and their life cycle: [`service`] (registering, verifying, resetting, the profile),
//! with the rules for addresses ([`email`]), profile fields ([`profile`]) and emailed links
//! ([`links`]).

pub mod email;
pub mod links;
pub mod profile;
pub mod service;
