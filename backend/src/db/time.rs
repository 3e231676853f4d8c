//! Timestamps as both engines store them.
//!
//! Times are UTC `Timestamp` columns read as `chrono::NaiveDateTime`. PostgreSQL keeps
//! microseconds, so times are truncated to microseconds when they are made; otherwise a value
//! read back would differ from the one written and keyset cursors would drift.

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// The current time, truncated to microseconds.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A time a client sent, truncated to microseconds like [`now`].
pub fn truncate(at: NaiveDateTime) -> NaiveDateTime {
    at.trunc_subsecs(6)
}
