//! Trainees' progress through a course: completed lessons, graded quiz attempts, and the
//! completion that earns a certificate.

pub mod service;
pub mod store;
