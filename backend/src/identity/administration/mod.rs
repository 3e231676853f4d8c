//! Platform administration: granting and revoking roles, suspending and reinstating accounts,
//! each audited.

pub mod service;
