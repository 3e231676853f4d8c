//! Certificates signed as VC-JWTs: a compact JWS whose payload is the credential itself with the
//! registered claims beside it (`iss` = issuer id, `jti` = credential id, `sub` = holder id,
//! `nbf` = `validFrom`, `iat` = signing time), signed with EdDSA and naming its key by `kid`.
//!
//! Verification needs nothing but the JWK Set the server publishes: the key is picked by `kid`,
//! the algorithm is pinned to EdDSA (so `none`, or HS256 with the public key as the secret, is
//! refused before any key is used), and the registered claims must agree with the credential.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::credential::OpenBadgeCredential;
use super::signing_key::{KeyError, SigningKey};

/// The JOSE `typ` of a certificate (VC-JOSE-COSE).
pub const JWT_TYPE: &str = "vc+jwt";
/// Tolerated clock difference with the signer, in seconds.
const LEEWAY_SECONDS: u64 = 5;

/// The payload: the credential's own members, and the registered claims.
#[derive(Serialize, Deserialize)]
struct Claims<C> {
    iss: String,
    jti: String,
    sub: String,
    nbf: i64,
    iat: i64,
    #[serde(flatten)]
    credential: C,
}

/// Why a certificate could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("signing the certificate failed")]
    Signing(#[from] jsonwebtoken::errors::Error),
}

/// Why a certificate does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("not a compact JWS with a readable header")]
    Malformed,
    #[error("not signed with EdDSA as a {JWT_TYPE}")]
    UnexpectedHeader,
    #[error("the key set is not a JWK Set")]
    UnreadableKeySet,
    #[error("the key set holds no key with the token's kid")]
    UnknownKey,
    #[error("the key with the token's kid is not an Ed25519 signing key")]
    UnusableKey,
    #[error("the signature does not match")]
    BadSignature,
    #[error("the claims are not those of an Open Badges credential, or disagree with it")]
    InvalidClaims,
}

/// A certificate whose signature and claims checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedCredential {
    /// The key that signed it.
    pub kid: String,
    pub credential: OpenBadgeCredential,
    pub issued_at: DateTime<Utc>,
}

/// Signs `credential` with `key`, as of `issued_at`.
pub fn issue_vc_jwt(
    key: &SigningKey,
    credential: &OpenBadgeCredential,
    issued_at: DateTime<Utc>,
) -> Result<String, IssueError> {
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some(JWT_TYPE.to_owned());
    header.kid = Some(key.kid().to_owned());
    let claims = Claims {
        iss: credential.issuer.id.clone(),
        jti: credential.id.clone(),
        sub: credential.credential_subject.id.clone(),
        nbf: credential.valid_from.timestamp(),
        iat: issued_at.timestamp(),
        credential,
    };
    Ok(jsonwebtoken::encode(&header, &claims, &key.encoding_key()?)?)
}

/// Checks `token` against the JWK Set document `jwks` (as served at `/.well-known/jwks.json`)
/// and returns the credential it carries.
pub fn verify_with_jwks(token: &str, jwks: &str) -> Result<VerifiedCredential, VerifyError> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| VerifyError::Malformed)?;
    // A `crit` header names extensions that must be understood; none are.
    if header.alg != Algorithm::EdDSA || header.typ.as_deref() != Some(JWT_TYPE) || header.crit.is_some() {
        return Err(VerifyError::UnexpectedHeader);
    }
    let kid = header.kid.ok_or(VerifyError::UnknownKey)?;
    let key = decoding_key(jwks, &kid)?;

    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.algorithms = vec![Algorithm::EdDSA];
    validation.leeway = LEEWAY_SECONDS;
    // Certificates do not expire.
    validation.validate_exp = false;
    validation.validate_nbf = true;
    validation.set_required_spec_claims(&["iss", "sub", "nbf"]);
    let claims = jsonwebtoken::decode::<Claims<OpenBadgeCredential>>(token, &key, &validation)
        .map_err(|error| match error.kind() {
            ErrorKind::InvalidSignature => VerifyError::BadSignature,
            ErrorKind::InvalidAlgorithm => VerifyError::UnexpectedHeader,
            ErrorKind::InvalidToken | ErrorKind::Base64(_) | ErrorKind::Utf8(_) => VerifyError::Malformed,
            _ => VerifyError::InvalidClaims,
        })?
        .claims;

    let credential = claims.credential;
    let agrees = credential.is_open_badge()
        && claims.iss == credential.issuer.id
        && claims.jti == credential.id
        && claims.sub == credential.credential_subject.id
        && claims.nbf == credential.valid_from.timestamp();
    if !agrees {
        return Err(VerifyError::InvalidClaims);
    }
    let issued_at = DateTime::from_timestamp(claims.iat, 0).ok_or(VerifyError::InvalidClaims)?;
    Ok(VerifiedCredential { kid, credential, issued_at })
}

/// A JWK Set whose keys are read one by one, so that a key of a kind this server does not
/// know (another curve, say) does not make the others unreadable.
#[derive(Deserialize)]
struct KeySet {
    keys: Vec<serde_json::Value>,
}

/// The Ed25519 public key named `kid` in the JWK Set document `jwks`.
fn decoding_key(jwks: &str, kid: &str) -> Result<DecodingKey, VerifyError> {
    let set: KeySet = serde_json::from_str(jwks).map_err(|_| VerifyError::UnreadableKeySet)?;
    let named = set.keys.into_iter().find(|key| key.get("kid").and_then(serde_json::Value::as_str) == Some(kid));
    let jwk: Jwk =
        serde_json::from_value(named.ok_or(VerifyError::UnknownKey)?).map_err(|_| VerifyError::UnusableKey)?;
    let AlgorithmParameters::OctetKeyPair(pair) = &jwk.algorithm else { return Err(VerifyError::UnusableKey) };
    let for_eddsa = matches!(jwk.common.key_algorithm, None | Some(KeyAlgorithm::EdDSA));
    let for_signing = matches!(jwk.common.public_key_use, None | Some(PublicKeyUse::Signature));
    if pair.curve != EllipticCurve::Ed25519 || !for_eddsa || !for_signing {
        return Err(VerifyError::UnusableKey);
    }
    // jsonwebtoken takes the first 32 bytes of `x` without checking the length; check it here.
    let x_is_a_public_key =
        URL_SAFE_NO_PAD.decode(&pair.x).is_ok_and(|bytes| bytes.len() == ed25519_dalek::PUBLIC_KEY_LENGTH);
    if !x_is_a_public_key {
        return Err(VerifyError::UnusableKey);
    }
    DecodingKey::from_ed_components(&pair.x).map_err(|_| VerifyError::UnusableKey)
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use jsonwebtoken::EncodingKey;
    use serde_json::{Value, json};

    use super::super::credential::tests::{base, facts};
    use super::super::signing_key::jwks;
    use super::*;

    fn credential() -> OpenBadgeCredential {
        OpenBadgeCredential::new(&base(), facts())
    }

    fn issued(key: &SigningKey) -> String {
        issue_vc_jwt(key, &credential(), Utc::now()).expect("signs")
    }

    fn parts(token: &str) -> (Value, Value, String) {
        let mut parts = token.split('.');
        let mut json = || {
            let part = URL_SAFE_NO_PAD.decode(parts.next().expect("a part")).expect("base64url");
            serde_json::from_slice::<Value>(&part).expect("JSON")
        };
        let (header, payload) = (json(), json());
        (header, payload, parts.next().expect("a signature").to_owned())
    }

    fn encoded(value: &Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("JSON"))
    }

    #[test]
    fn a_certificate_verifies_with_the_published_key_set_alone() {
        let (retired, current) = (SigningKey::generate(), SigningKey::generate());
        let published = jwks(&[&current, &retired]).to_string();
        let issued_at = Utc::now();

        for key in [&current, &retired] {
            let token = issue_vc_jwt(key, &credential(), issued_at).expect("signs");
            let verified = verify_with_jwks(&token, &published).expect("verifies");
            assert_eq!(verified.kid, key.kid());
            assert_eq!(verified.credential, credential());
            assert_eq!(verified.issued_at.timestamp(), issued_at.timestamp());
        }
    }

    #[test]
    fn the_token_is_a_vc_jwt() {
        let key = SigningKey::generate();
        let issued_at = Utc::now();
        let (header, payload, _) = parts(&issue_vc_jwt(&key, &credential(), issued_at).expect("signs"));
        assert_eq!(header, json!({ "alg": "EdDSA", "typ": "vc+jwt", "kid": key.kid() }));

        let credential = serde_json::to_value(credential()).expect("JSON");
        assert_eq!(payload["iss"], credential["issuer"]["id"]);
        assert_eq!(payload["jti"], credential["id"]);
        assert_eq!(payload["sub"], credential["credentialSubject"]["id"]);
        assert_eq!(payload["nbf"], facts().completed_at.timestamp());
        assert_eq!(payload["iat"], issued_at.timestamp());
        for (member, value) in credential.as_object().expect("an object") {
            assert_eq!(&payload[member], value, "{member}");
        }
        assert!(payload.get("vc").is_none() && payload.get("exp").is_none());
    }

    #[test]
    fn a_tampered_payload_is_refused() {
        let key = SigningKey::generate();
        let (header, mut payload, signature) = parts(&issued(&key));
        payload["credentialSubject"]["name"] = json!("Someone Else");
        let forged = format!("{}.{}.{signature}", encoded(&header), encoded(&payload));
        assert_eq!(verify_with_jwks(&forged, &jwks(&[&key]).to_string()), Err(VerifyError::BadSignature));
    }

    #[test]
    fn another_key_is_refused() {
        let (published, other) = (SigningKey::generate(), SigningKey::generate());
        let key_set = jwks(&[&published]).to_string();
        assert_eq!(verify_with_jwks(&issued(&other), &key_set), Err(VerifyError::UnknownKey));

        // Signed by another key while claiming the published key's kid.
        let (mut header, payload, _) = parts(&issued(&other));
        header["kid"] = json!(published.kid());
        let message = format!("{}.{}", encoded(&header), encoded(&payload));
        let impostor = format!("{message}.{}", signature_by(&other, &message));
        assert_eq!(verify_with_jwks(&impostor, &key_set), Err(VerifyError::BadSignature));
    }

    fn signature_by(key: &SigningKey, message: &str) -> String {
        jsonwebtoken::crypto::sign(message.as_bytes(), &key.encoding_key().expect("a key"), Algorithm::EdDSA)
            .expect("signs")
    }

    #[test]
    fn other_algorithms_are_refused() {
        let key = SigningKey::generate();
        let key_set = jwks(&[&key]).to_string();
        let claims: Value = parts(&issued(&key)).1;

        // HS256 keyed with the public key, the classic confusion attack.
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(JWT_TYPE.to_owned());
        header.kid = Some(key.kid().to_owned());
        let x = key.public_jwk()["x"].as_str().expect("x").to_owned();
        for secret in [x.as_bytes().to_vec(), URL_SAFE_NO_PAD.decode(&x).expect("base64url")] {
            let hs256 = jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(&secret)).expect("signs");
            assert_eq!(verify_with_jwks(&hs256, &key_set), Err(VerifyError::UnexpectedHeader));
        }

        let none = json!({ "alg": "none", "typ": JWT_TYPE, "kid": key.kid() });
        let unsigned = format!("{}.{}.", encoded(&none), encoded(&claims));
        assert_eq!(verify_with_jwks(&unsigned, &key_set), Err(VerifyError::Malformed), "alg: none");

        let (mut header, payload, signature) = parts(&issued(&key));
        header["typ"] = json!("JWT");
        let retyped = format!("{}.{}.{signature}", encoded(&header), encoded(&payload));
        assert_eq!(verify_with_jwks(&retyped, &key_set), Err(VerifyError::UnexpectedHeader));
    }

    #[test]
    fn claims_must_agree_with_the_credential_and_be_due() {
        let key = SigningKey::generate();
        let key_set = jwks(&[&key]).to_string();
        let (header, payload, _) = parts(&issued(&key));
        let resigned = |payload: &Value| {
            let message = format!("{}.{}", encoded(&header), encoded(payload));
            format!("{message}.{}", signature_by(&key, &message))
        };
        assert!(verify_with_jwks(&resigned(&payload), &key_set).is_ok());

        for (member, value) in [
            ("iss", json!("https://elsewhere.example/")),
            ("jti", json!("https://agora.example.org/app/certificates/CERT-0000-0000-0000")),
            ("sub", json!("urn:uuid:someone-else")),
            ("nbf", json!(payload["nbf"].as_i64().expect("nbf") - 1)),
        ] {
            let mut changed = payload.clone();
            changed[member] = value;
            assert_eq!(verify_with_jwks(&resigned(&changed), &key_set), Err(VerifyError::InvalidClaims), "{member}");
        }

        let mut not_a_badge = payload.clone();
        not_a_badge["type"] = json!(["VerifiableCredential"]);
        assert_eq!(verify_with_jwks(&resigned(&not_a_badge), &key_set), Err(VerifyError::InvalidClaims));

        let mut early = payload.clone();
        let tomorrow = (Utc::now() + TimeDelta::days(1)).timestamp();
        early["nbf"] = json!(tomorrow);
        early["validFrom"] = json!(DateTime::from_timestamp(tomorrow, 0).expect("a time").to_rfc3339());
        assert_eq!(verify_with_jwks(&resigned(&early), &key_set), Err(VerifyError::InvalidClaims));
    }

    #[test]
    fn broken_tokens_and_key_sets_are_refused_without_panicking() {
        let key = SigningKey::generate();
        let token = issued(&key);
        let key_set = jwks(&[&key]);
        assert_eq!(verify_with_jwks("", &key_set.to_string()), Err(VerifyError::Malformed));
        assert_eq!(verify_with_jwks("a.b.c", &key_set.to_string()), Err(VerifyError::Malformed));
        assert_eq!(verify_with_jwks(&token, "not json"), Err(VerifyError::UnreadableKeySet));
        assert_eq!(verify_with_jwks(&token, r#"{"keys":[]}"#), Err(VerifyError::UnknownKey));

        let mut short = key.public_jwk();
        short["x"] = json!("AAAA");
        let mut other_curve = key.public_jwk();
        other_curve["crv"] = json!("X25519");
        let mut for_encryption = key.public_jwk();
        for_encryption["use"] = json!("enc");
        let mut for_another_algorithm = key.public_jwk();
        for_another_algorithm["alg"] = json!("ES256");
        let mut not_a_key_pair = key.public_jwk();
        not_a_key_pair["kty"] = json!("oct");
        for jwk in [short, other_curve, for_encryption, for_another_algorithm, not_a_key_pair] {
            let set = json!({ "keys": [jwk] }).to_string();
            assert_eq!(verify_with_jwks(&token, &set), Err(VerifyError::UnusableKey), "{set}");
        }
    }
}
