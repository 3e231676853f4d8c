//! Access tokens: short-lived JWTs signed with HS256 and the server's secret.
//!
//! Verification pins the algorithm and checks `iss`, `aud`, `exp` and `nbf` with a small,
//! explicit leeway, and the `typ` claim itself, so that no other token signed with the same
//! secret (an unfollow link, say) can pass for an access token.
//!
//! A token carries the generation of its account's credentials (`gen`), which a password change
//! moves on: the principal refuses a token of an earlier generation. A counter, unlike a time,
//! needs no clock: a token issued a microsecond before a reset, on whatever instance, is refused,
//! and one issued after it is not.

use chrono::{DateTime, TimeDelta, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::identity::model::UserId;

/// Who issues the tokens.
pub const ISSUER: &str = "agora";
/// Who accepts them.
pub const AUDIENCE: &str = "agora-api";
/// The `typ` claim of an access token.
pub const TOKEN_TYPE: &str = "access";
/// How long an access token is valid.
pub const LIFETIME: TimeDelta = TimeDelta::minutes(15);
/// Tolerated clock difference between instances, in seconds.
const LEEWAY_SECONDS: u64 = 5;

/// The claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub typ: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    /// The account's `token_generation` when the token was issued (absent in tokens from before
    /// the claim existed: generation 0).
    #[serde(rename = "gen", default)]
    pub generation: i32,
}

/// What a valid access token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    pub user_id: UserId,
    /// The generation of the account's credentials the token was issued under.
    pub generation: i32,
}

/// Issues and verifies access tokens with one secret.
#[derive(Clone)]
pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl AccessTokens {
    pub fn new(secret: &SecretString) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        Self { encoding: EncodingKey::from_secret(bytes), decoding: DecodingKey::from_secret(bytes), validation }
    }

    /// A token for `user` in the generation `generation` of its credentials, valid from `now` for
    /// [`LIFETIME`]; returns it with its expiry.
    pub fn issue(&self, user: &UserId, generation: i32, now: DateTime<Utc>) -> AppResult<(String, DateTime<Utc>)> {
        let expires_at = now + LIFETIME;
        let claims = AccessClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: user.to_string(),
            typ: TOKEN_TYPE.to_owned(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires_at.timestamp(),
            generation,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AppError::internal)?;
        Ok((token, expires_at))
    }

    /// The user a valid token names and when it was issued; anything else is `UNAUTHENTICATED`.
    pub fn verify(&self, token: &str) -> AppResult<VerifiedToken> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| AppError::Unauthenticated)?;
        if data.claims.typ != TOKEN_TYPE {
            return Err(AppError::Unauthenticated);
        }
        Ok(VerifiedToken { user_id: UserId(data.claims.sub), generation: data.claims.generation })
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn tokens(secret: &str) -> AccessTokens {
        AccessTokens::new(&SecretString::from(secret.to_owned()))
    }

    const SECRET: &str = "a-test-secret-that-is-long-enough-0123456789";

    fn signed(claims: &AccessClaims, secret: &str) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret.as_bytes()))
            .expect("signs")
    }

    fn claims(now: DateTime<Utc>) -> AccessClaims {
        AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: "user-1".into(),
            typ: TOKEN_TYPE.into(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: (now + LIFETIME).timestamp(),
            generation: 0,
        }
    }

    #[test]
    fn a_fresh_token_names_its_user_and_generation() {
        let tokens = tokens(SECRET);
        let (token, _) = tokens.issue(&UserId("user-1".into()), 3, Utc::now()).expect("issues");
        let verified = tokens.verify(&token).expect("valid");
        assert_eq!(verified, VerifiedToken { user_id: UserId("user-1".into()), generation: 3 });
    }

    #[test]
    fn a_token_without_a_generation_is_of_the_first() {
        let mut claims = serde_json::to_value(claims(Utc::now())).expect("JSON");
        claims.as_object_mut().expect("an object").remove("gen");
        let token =
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(SECRET.as_bytes()))
                .expect("signs");
        assert_eq!(tokens(SECRET).verify(&token).expect("valid").generation, 0);
    }

    #[test]
    fn forged_expired_early_and_foreign_tokens_are_refused() {
        let tokens = tokens(SECRET);
        let now = Utc::now();
        let unauthenticated = |token: &str| matches!(tokens.verify(token), Err(AppError::Unauthenticated));

        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(now)).expect("json"));
        assert!(unauthenticated(&format!("{header}.{body}.")), "alg: none");

        assert!(unauthenticated(&signed(&claims(now), "another-secret-that-is-also-long-enough")), "wrong key");

        let mut expired = claims(now - TimeDelta::hours(1));
        expired.exp = (now - TimeDelta::minutes(1)).timestamp();
        assert!(unauthenticated(&signed(&expired, SECRET)), "expired");

        let mut early = claims(now);
        early.nbf = (now + TimeDelta::minutes(5)).timestamp();
        assert!(unauthenticated(&signed(&early, SECRET)), "not yet valid");

        let mut audience = claims(now);
        audience.aud = "someone-else".into();
        assert!(unauthenticated(&signed(&audience, SECRET)), "wrong audience");

        let mut issuer = claims(now);
        issuer.iss = "someone-else".into();
        assert!(unauthenticated(&signed(&issuer, SECRET)), "wrong issuer");

        let mut kind = claims(now);
        kind.typ = "unfollow".into();
        assert!(unauthenticated(&signed(&kind, SECRET)), "another kind of token");

        assert!(unauthenticated("not.a.token"));
    }
}
