//! Following consultations and the notifications followers receive.
//!
//! - [`service`]: follow and unfollow (signed in, or with the signed link of an email);
//! - [`token`]: the unfollow link's token, signed so that it needs no sign-in;
//! - [`notices`]: the five emails, recorded with the change they report, then sent a chunk of
//!   followers at a time and rendered once per language;
//! - [`job`]: the background task that records openings and coming closes and sends every
//!   recorded notice, each exactly once however many instances run it;
//! - [`store`], [`loaders`], [`graphql`]: queries, per-request loaders and the API.

pub mod graphql;
pub mod job;
pub mod loaders;
pub mod notices;
pub mod service;
pub mod store;
pub mod token;
