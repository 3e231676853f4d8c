//! Organizations and memberships: the stakeholders people speak for. A comment "on behalf of"
//! a ministry or an NGO must really come from it, so membership only ever starts with an
//! emailed invitation accepted by its addressee, and verification is a platform admin's call.

pub mod graphql;
pub mod model;
pub mod service;
pub mod store;
