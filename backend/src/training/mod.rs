//! Training: capacity-building courses, and the cohorts, enrollments and certificates built on
//! them.
//!
//! - [`content`]: reading the courses written as files in `course-content/`.

pub mod content;
