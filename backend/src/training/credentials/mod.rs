//! What a certificate of a completed course carries, with no database and no HTTP: the pieces
//! the enrollment service, `verifyCertificate` and `/.well-known/jwks.json` are built from.
//!
//! A certificate is a short code a person can type ([`new_certificate_code`],
//! [`normalize_code`]) and a signed credential anyone can check without asking the server: an
//! Open Badges 3.0 [`OpenBadgeCredential`] signed as a VC-JWT with Ed25519 ([`issue_vc_jwt`]),
//! whose key's public part the server publishes as a JWK Set ([`jwks`]) and which
//! [`verify_with_jwks`] checks with that document alone.
//!
//! The [`SigningKey`] comes from `AGORA_CERT_SIGNING_KEY` ([`SigningKey::from_pkcs8_pem`]) or is
//! generated once ([`SigningKey::generate`]) and stored where every instance finds it
//! ([`SigningKey::to_pkcs8_pem`]); its `kid` is derived from the public key, so every instance
//! names it alike.

mod code;
mod credential;
mod signing_key;
mod vc_jwt;

pub use code::{new_certificate_code, normalize_code};
pub use credential::{
    Achievement, AchievementSubject, CertificateFacts, Criteria, IdentityObject, OpenBadgeCredential, Profile,
};
pub use signing_key::{KeyError, SigningKey, jwk_set, jwks};
pub use vc_jwt::{IssueError, JWT_TYPE, VerifiedCredential, VerifyError, issue_vc_jwt, verify_with_jwks};
