//! Passwords: the policy (NIST SP 800-63B in spirit: length matters, composition rules do not)
//! and argon2id hashing. Hashing is deliberately slow, so it runs on the blocking pool.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

use crate::error::{AppError, AppResult};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// The longest password accepted (long enough for any passphrase or password manager).
pub const MAX_LENGTH: usize = 128;

/// Common passwords of policy length, one per line, lower-cased (see the file's header).
const COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    COMMON_PASSWORDS.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).collect()
});

/// A password that satisfies the policy. Never logged: it is a secret.
pub struct Password(SecretString);

impl Password {
    /// Checks the policy; `field` names the input for the validation error.
    pub fn parse(raw: &str, field: &str) -> AppResult<Self> {
        let length = raw.chars().count();
        if !(MIN_LENGTH..=MAX_LENGTH).contains(&length) {
            return Err(AppError::Validation { field: field.to_owned(), message_id: "error-password-length" });
        }
        if COMMON.contains(raw.to_lowercase().as_str()) {
            return Err(AppError::Validation { field: field.to_owned(), message_id: "error-password-common" });
        }
        Ok(Self(SecretString::from(raw.to_owned())))
    }

    /// Refuses a password that is the account's own email address or name.
    pub fn refuse_context(self, context: &[&str], field: &str) -> AppResult<Self> {
        let lowered = self.expose().to_lowercase();
        if context.iter().any(|word| !word.is_empty() && word.to_lowercase() == lowered) {
            return Err(AppError::Validation { field: field.to_owned(), message_id: "error-password-common" });
        }
        Ok(self)
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// argon2id with the configured cost. At most two hashes per core run at once, which bounds
/// the memory a burst of sign-ins can take (each hash holds `memory_kib`).
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    permits: Arc<Semaphore>,
}

impl PasswordHasher {
    /// `memory_kib` and `iterations` set the cost (with the defaults, 46 MiB and 2 passes, a
    /// sign-in takes about 80 ms on a small 2-core server).
    pub fn new(memory_kib: u32, iterations: u32) -> anyhow::Result<Self> {
        let params = Params::new(memory_kib, iterations, 1, None)
            .map_err(|error| anyhow::anyhow!("AGORA_PASSWORD_HASH_*: unusable argon2 parameters ({error})"))?;
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Ok(Self { params, permits: Arc::new(Semaphore::new(cores * 2)) })
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// Hashes on the blocking pool; returns the PHC string.
    pub async fn hash(&self, password: &Password) -> AppResult<String> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let hasher = self.clone();
        let secret = password.0.clone();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            hasher
                .argon2()
                .hash_password(secret.expose_secret().as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|error| AppError::internal(anyhow::anyhow!("hashing a password failed: {error}")))
        })
        .await
        .map_err(AppError::internal)?
    }

    /// Checks a password against a stored hash on the blocking pool.
    pub async fn verify(&self, candidate: &str, stored_hash: &str) -> bool {
        let Ok(_permit) = self.permits.acquire().await else { return false };
        let hasher = self.clone();
        let candidate = SecretString::from(candidate.to_owned());
        let stored_hash = stored_hash.to_owned();
        tokio::task::spawn_blocking(move || {
            PasswordHash::new(&stored_hash)
                .is_ok_and(|hash| hasher.argon2().verify_password(candidate.expose_secret().as_bytes(), &hash).is_ok())
        })
        .await
        .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_is_about_length_only() {
        assert!(Password::parse("short", "password").is_err());
        assert!(Password::parse(&"x".repeat(129), "password").is_err());
        assert!(Password::parse("correct horse battery", "password").is_ok());
        assert!(Password::parse("ééééééééééé", "password").is_ok(), "length counts characters, not bytes");
    }

    #[test]
    fn common_and_contextual_passwords_are_refused() {
        for common in ["1234567890", "QwertyUiop", "password123"] {
            let error = Password::parse(common, "password").err().expect(common);
            assert!(matches!(error, AppError::Validation { message_id: "error-password-common", .. }), "{common}");
        }
        let own_address = Password::parse("amina@example.org", "password").expect("long enough");
        assert!(own_address.refuse_context(&["Amina@Example.org"], "password").is_err());
    }

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let hasher = PasswordHasher::new(1024, 1).expect("valid parameters");
        let password = Password::parse("correct horse battery", "password").expect("valid");
        let hash = hasher.hash(&password).await.expect("hashes");
        assert!(hash.starts_with("$argon2id$"));
        assert!(hasher.verify("correct horse battery", &hash).await);
        assert!(!hasher.verify("wrong horse battery", &hash).await);
        assert!(!hasher.verify("correct horse battery", "not a hash").await);
    }
}
