//! Identifiers: UUIDv7 stored as text. Version 7 sorts by creation time, which keeps
//! primary-key indexes append-mostly and makes IDs usable as keyset tie-breakers.

use uuid::Uuid;

/// A new, time-ordered identifier.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}
