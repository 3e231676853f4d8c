//! Tokens: the single-use links sent by email and the refresh tokens of sessions, stored as
//! hashes ([`model`], [`store`]).

pub mod model;
pub mod store;
