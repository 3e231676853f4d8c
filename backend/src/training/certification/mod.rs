//! Certificates as the platform keeps them: issued when an enrollment completes, checked by
//! anyone by code, revoked with a reason. The signing and the credential format live in
//! [`crate::training::credentials`].

pub mod issue;
pub mod keys;
pub mod revocation;
pub mod store;
pub mod verification;
