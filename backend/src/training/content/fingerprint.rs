//! A course's fingerprint, so the importer can leave the database alone for a course that has
//! not changed since its last import.
//!
//! It is a SHA-256 of the course as read (its JSON form, rendered HTML included) rather than of
//! the files: an edit that changes nothing, such as a TOML comment, keeps the fingerprint, and a
//! change in how lessons are rendered changes it, so the stored HTML never goes stale.

use sha2::{Digest, Sha256};

use super::model::CourseContent;

impl CourseContent {
    /// 64 lowercase hex digits; equal for equal courses.
    pub fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        serde_json::to_writer(&mut hasher, self)
            .expect("a course has only string map keys, and a hasher never fails to write, so it serializes");
        hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
    }
}
