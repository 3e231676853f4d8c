//! Opaque secret tokens (refresh tokens, emailed links): 256 random bits, given to the client
//! once, and stored only as a SHA-256 hash, so a copy of the database lets nobody sign in or
//! follow a link.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A freshly generated token and the hash to store.
pub struct SecretToken {
    pub token: String,
    pub hash: String,
}

impl SecretToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let token = URL_SAFE_NO_PAD.encode(bytes);
        let hash = hash(&token);
        Self { token, hash }
    }
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_only_their_hash_is_kept() {
        let first = SecretToken::generate();
        let second = SecretToken::generate();
        assert_ne!(first.token, second.token);
        assert_eq!(first.hash, hash(&first.token));
        assert_eq!(first.hash.len(), 64);
        assert!(!first.hash.contains(&first.token));
    }
}
