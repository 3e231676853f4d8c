//! Training: capacity-building courses, and the cohorts, enrollments and certificates built on
//! them.
//!
//! - [`content`]: reading the courses written as files in `course-content/`;
//! - [`import`]: bringing the database in line with those files (new, changed and retired parts);
//! - [`model`], [`store`]: the imported catalogue's rows and queries;
//! - [`catalogue`]: the catalogue as readers get it; [`loaders`]: batching its objects per request;
//! - [`graphql`]: the API types and resolvers;
//! - [`certificates`]: signing certificates as Open Badges 3.0 credentials (VC-JWT, Ed25519)
//!   that anyone can verify with the published key set (not yet issued by any flow).

pub mod access;
pub mod catalogue;
pub mod certificates;
pub mod certification;
pub mod content;
pub mod enrollment;
pub mod graphql;
pub mod import;
pub mod loaders;
pub mod model;
pub mod privacy;
pub mod progress;
pub mod store;
