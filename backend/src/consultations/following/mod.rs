//! Following consultations and the notifications followers receive.
//!
//! - [`service`]: follow and unfollow (signed in, or with the signed link of an email);
//! - [`token`]: the unfollow link's token, signed so that it needs no sign-in;
//! - [`notices`]: the four emails, rendered once per language and queued in chunks;
//! - [`job`]: the background task that announces openings and coming closes exactly once,
//!   however many instances run it (extensions and outcomes are announced by the change itself);
//! - [`store`], [`loaders`], [`graphql`]: queries, per-request loaders and the API.

pub mod graphql;
pub mod job;
pub mod loaders;
pub mod notices;
pub mod service;
pub mod store;
pub mod token;
