//! Training: capacity-building courses, and the cohorts, enrollments and certificates built on
//! them.
//!
//! - [`content`]: reading the courses written as files in `course-content/`;
//! - [`import`]: bringing the database in line with those files (new, changed and retired parts);
//! - [`model`], [`store`]: the imported catalogue's rows and queries;
//! - [`catalogue`]: the catalogue as readers get it; [`loaders`]: batching its objects (and
//!   cohorts, progress, certificates) per request;
//! - [`access`]: who teaches a course (instructors of it or platform-wide, and admins);
//! - [`enrollment`]: cohorts, seats, priority seats, the waitlist, and instructors' decisions;
//! - [`progress`]: completed lessons, graded quiz attempts, and completion;
//! - [`credentials`]: what a certificate carries, with no database: its code and its Open Badges
//!   3.0 credential, signed as a VC-JWT with Ed25519, that anyone can verify with the published
//!   key set; [`certification`]: issuing, verifying and revoking certificates as the platform
//!   keeps them;
//! - [`privacy`]: the training data in `exportMyData` and `deleteMyAccount`;
//! - [`graphql`]: the API types and resolvers.

pub mod access;
pub mod catalogue;
pub mod certification;
pub mod content;
pub mod credentials;
pub mod enrollment;
pub mod graphql;
pub mod import;
pub mod loaders;
pub mod model;
pub mod privacy;
pub mod progress;
pub mod store;
