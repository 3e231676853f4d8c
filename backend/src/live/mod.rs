//! Live updates: comments pushed to websocket subscribers (`commentPublished`) as soon as they
//! are accepted.
//!
//! Why it is built this way:
//! - Every server instance keeps its own [`hub::CommentHub`], a bounded broadcast per watched
//!   consultation. Publishing never waits for a subscriber: one that falls behind loses the
//!   oldest comments, so neither the comment writer nor other subscribers can be held up, and
//!   what waits for a slow reader is bounded.
//! - On PostgreSQL several instances share one database, so a comment accepted by one must reach
//!   the subscribers of all. The writer announces the accepted IDs with `pg_notify` inside its
//!   batch transaction ([`channel`]): PostgreSQL delivers them exactly when the batch commits,
//!   and never for a batch that rolled back. Each instance's [`pg_listener`] receives them and
//!   loads the comments into its hub, the writing instance included.
//! - On SQLite there is one process: the writer hands its committed comments to the hub itself.

pub mod channel;
pub mod hub;
pub mod pg_listener;
pub mod quota;
mod store;
