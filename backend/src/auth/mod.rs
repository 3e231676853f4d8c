//! Authentication (who is calling) and authorization (what they may do).
//!
//! Access tokens are JWTs verified without shared state, so any instance can serve any
//! request; the principal is then loaded from the database so suspensions and role changes
//! apply at once. Every permission decision goes through [`permissions::authorize`].

pub mod access_token;
pub mod password;
pub mod permissions;
pub mod principal;
pub mod secret_token;

pub use principal::Principal;
