//! The key that signs certificates: Ed25519, named by its JWK thumbprint (RFC 7638) and
//! published as a JWK Set, so that anyone can check a certificate with the public part alone.
//!
//! The private part leaves this type only through [`SigningKey::to_pkcs8_pem`], wrapped in a
//! `SecretString` for storing, and `Debug` shows the `kid` and nothing else.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use jsonwebtoken::EncodingKey;
use rand::RngCore;
use secrecy::SecretString;
use secrecy::zeroize::Zeroizing;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Why a signing key cannot be read or written. Never carries the key itself.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("not an Ed25519 private key in PKCS#8 PEM form (-----BEGIN PRIVATE KEY-----)")]
    NotAnEd25519PrivateKey,
    #[error("the signing key could not be encoded as PKCS#8")]
    Encoding,
}

/// An Ed25519 private key that signs certificates.
#[derive(Clone)]
pub struct SigningKey {
    secret: ed25519_dalek::SigningKey,
    /// The public key, base64url without padding: the JWK `x` member.
    x: String,
    kid: String,
}

impl SigningKey {
    /// Reads a PKCS#8 PEM private key, as `openssl genpkey -algorithm ed25519` writes it.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, KeyError> {
        ed25519_dalek::SigningKey::from_pkcs8_pem(pem.trim())
            .map(Self::from_secret)
            .map_err(|_| KeyError::NotAnEd25519PrivateKey)
    }

    /// A new random key.
    pub fn generate() -> Self {
        let mut seed = Zeroizing::new([0u8; ed25519_dalek::SECRET_KEY_LENGTH]);
        rand::rng().fill_bytes(seed.as_mut());
        Self::from_secret(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    fn from_secret(secret: ed25519_dalek::SigningKey) -> Self {
        let x = URL_SAFE_NO_PAD.encode(secret.verifying_key().as_bytes());
        // RFC 7638: the required members in lexicographic order, without whitespace.
        let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
        let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()));
        Self { secret, x, kid }
    }

    /// The key in PKCS#8 PEM form, for storing where every instance finds it.
    pub fn to_pkcs8_pem(&self) -> Result<SecretString, KeyError> {
        let pem = self.secret.to_pkcs8_pem(LineEnding::LF).map_err(|_| KeyError::Encoding)?;
        Ok(SecretString::from(pem.as_str()))
    }

    /// The key's id: the base64url SHA-256 JWK thumbprint of its public part (RFC 7638), so it
    /// stays the same wherever and whenever the key is loaded.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public part as a JWK (RFC 8037).
    pub fn public_jwk(&self) -> Value {
        json!({ "kty": "OKP", "crv": "Ed25519", "x": self.x, "kid": self.kid, "alg": "EdDSA", "use": "sig" })
    }

    /// The key as jsonwebtoken wants it for signing; made on demand so that no second copy of
    /// the private key lives alongside this one.
    pub(super) fn encoding_key(&self) -> Result<EncodingKey, KeyError> {
        let der = self.secret.to_pkcs8_der().map_err(|_| KeyError::Encoding)?;
        Ok(EncodingKey::from_ed_der(der.as_bytes()))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey").field("kid", &self.kid).finish_non_exhaustive()
    }
}

/// The JWK Set of `keys`: the current key first, then any retired keys whose certificates must
/// still verify.
pub fn jwks(keys: &[&SigningKey]) -> Value {
    jwk_set(keys.iter().map(|key| key.public_jwk()))
}

/// A JWK Set document (RFC 7517) of public JWKs, in the order given.
pub fn jwk_set(public_jwks: impl IntoIterator<Item = Value>) -> Value {
    json!({ "keys": public_jwks.into_iter().collect::<Vec<_>>() })
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    /// The key of RFC 8037, appendix A.1, whose thumbprint appendix A.3 gives.
    const RFC_8037_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
-----END PRIVATE KEY-----
";

    #[test]
    fn the_kid_is_the_rfc_7638_thumbprint() {
        let key = SigningKey::from_pkcs8_pem(RFC_8037_KEY).expect("an Ed25519 key");
        assert_eq!(key.kid(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        assert_eq!(key.public_jwk()["x"], "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    }

    #[test]
    fn a_stored_key_reads_back_as_the_same_key() {
        let key = SigningKey::generate();
        let pem = key.to_pkcs8_pem().expect("encodes");
        assert!(pem.expose_secret().starts_with("-----BEGIN PRIVATE KEY-----"));
        let again = SigningKey::from_pkcs8_pem(pem.expose_secret()).expect("reads back");
        assert_eq!(again.kid(), key.kid());
        assert_eq!(again.public_jwk(), key.public_jwk());

        let openssl = SigningKey::from_pkcs8_pem(&format!("\n  {RFC_8037_KEY}\n")).expect("surrounding blanks");
        let stored = openssl.to_pkcs8_pem().expect("encodes");
        assert_eq!(SigningKey::from_pkcs8_pem(stored.expose_secret()).expect("reads back").kid(), openssl.kid());
    }

    #[test]
    fn another_key_has_another_kid() {
        assert_ne!(SigningKey::generate().kid(), SigningKey::generate().kid());
    }

    #[test]
    fn anything_but_an_ed25519_private_key_is_refused() {
        let public_key = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
-----END PUBLIC KEY-----";
        // A P-256 key made by `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`.
        let p256_key = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSe25VtPCY5ezNi+u
D42Sb4aTNT4Og6gzXIsq48cKLsChRANCAARAZW2VYEALlu32VuvgfkHhzZooSvxP
9vlZvxdMhmMoN/RRc/3jyqjRq389bxIIS3A1DDlZUdKkvuirktGkexU2
-----END PRIVATE KEY-----";
        for wrong in ["", "not a key", public_key, p256_key] {
            assert!(matches!(SigningKey::from_pkcs8_pem(wrong), Err(KeyError::NotAnEd25519PrivateKey)), "{wrong}");
        }
    }

    #[test]
    fn the_jwks_publishes_public_parts_only() {
        let (current, retired) = (SigningKey::generate(), SigningKey::generate());
        let document = jwks(&[&current, &retired]);
        let keys = document["keys"].as_array().expect("a keys array");
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0], current.public_jwk());
        assert_eq!(keys[1]["kid"], retired.kid());
        for key in keys {
            let mut members: Vec<&str> = key.as_object().expect("an object").keys().map(String::as_str).collect();
            members.sort_unstable();
            assert_eq!(members, ["alg", "crv", "kid", "kty", "use", "x"]);
            assert_eq!(
                (&key["kty"], &key["crv"], &key["alg"], &key["use"]),
                (&json!("OKP"), &json!("Ed25519"), &json!("EdDSA"), &json!("sig"))
            );
            let x = URL_SAFE_NO_PAD.decode(key["x"].as_str().expect("x")).expect("base64url");
            assert_eq!(x.len(), 32);
        }
    }

    #[test]
    fn debug_shows_the_kid_and_never_the_key() {
        let key = SigningKey::from_pkcs8_pem(RFC_8037_KEY).expect("an Ed25519 key");
        let shown = format!("{key:?} {key:#?}");
        assert!(shown.contains(key.kid()), "{shown}");
        for secret in
            ["nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v", "PRIVATE", "secret"]
        {
            assert!(!shown.contains(secret), "{shown}");
        }
        let bytes = format!("{:?}", key.secret.to_bytes());
        assert!(!shown.contains(bytes.trim_matches(['[', ']'])), "{shown}");
    }
}
