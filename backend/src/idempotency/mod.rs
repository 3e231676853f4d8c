//! Idempotent creation: a client that could not tell whether its request created something
//! (the answer lost to a timeout, a dropped connection, a server killed mid-request) sends it
//! again with the same idempotency key and gets the object the first request created, rather
//! than a second comment, consultation, round or organization.
//!
//! - A key belongs to one account and one [`Operation`]: two accounts, or two operations, using
//!   the same key never meet.
//! - The key is stored in the write transaction that creates the object ([`create_once`], and
//!   [`BatchKeys`] for the comments the intake writes together), so either both are stored or
//!   neither: a request cut off before its commit left no key, and its retry creates the object.
//! - A retry with the same key and the same input (compared by the SHA-256 of the input without
//!   the key) answers with the object as it is now, and creates, mails and audits nothing; the
//!   same key with another input is `CONFLICT` (`error-idempotency-key-reused`).
//! - Of concurrent requests with one key, the key's primary key lets one store it; the others'
//!   transactions fail on it and are rolled back, and they answer like a retry.
//! - A key counts for [`RETENTION`] (24 hours) after it was stored. Older keys are deleted when
//!   their account next stores one (and now and then for every account), and with the account.

mod batch;
pub mod graphql;
mod key;
pub mod privacy;
mod service;
mod store;

pub use batch::BatchKeys;
pub use key::{FIELD, IdempotencyKey, Operation};
pub use service::{Outcome, create_once, replayed};

/// How long a key is kept and answered by what it created.
pub const RETENTION: chrono::TimeDelta = chrono::TimeDelta::hours(24);
