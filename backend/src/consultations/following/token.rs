//! Unfollow tokens: the signed link in every notification that stops following a consultation
//! without signing in. An HS256 JWT with the server's secret, like access tokens, but with its
//! own audience and `typ`, so neither can ever pass for the other: verification pins the
//! algorithm and checks both. It names the user and the consultation, and expires after a
//! year (an old email's link then asks the reader to sign in instead).

use chrono::{DateTime, TimeDelta, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::auth::access_token::ISSUER;
use crate::consultations::model::ConsultationId;
use crate::error::{AppError, AppResult};
use crate::identity::model::UserId;

/// Who accepts unfollow tokens (never the API's audience).
pub const AUDIENCE: &str = "agora-unfollow";
/// The `typ` claim of an unfollow token.
pub const TOKEN_TYPE: &str = "unfollow";
/// How long the link in a notification works.
pub const LIFETIME: TimeDelta = TimeDelta::days(365);

#[derive(Debug, Serialize, Deserialize)]
struct UnfollowClaims {
    iss: String,
    aud: String,
    typ: String,
    /// The follower.
    sub: String,
    /// The consultation.
    cid: String,
    iat: i64,
    exp: i64,
}

/// Who stops following what, as a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfollow {
    pub user_id: UserId,
    pub consultation_id: ConsultationId,
}

/// Signs and checks unfollow tokens with the server's secret. Cheap to clone.
#[derive(Clone)]
pub struct UnfollowTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl UnfollowTokens {
    pub fn new(secret: &SecretString) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.leeway = 5;
        validation.validate_exp = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        Self { encoding: EncodingKey::from_secret(bytes), decoding: DecodingKey::from_secret(bytes), validation }
    }

    /// A token that lets `user` stop following `consultation`.
    pub fn issue(&self, user: &UserId, consultation: &ConsultationId, now: DateTime<Utc>) -> AppResult<String> {
        let claims = UnfollowClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            typ: TOKEN_TYPE.to_owned(),
            sub: user.to_string(),
            cid: consultation.as_str().to_owned(),
            iat: now.timestamp(),
            exp: (now + LIFETIME).timestamp(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(AppError::internal)
    }

    /// What a valid token says; anything else is `VALIDATION` on `token`.
    pub fn verify(&self, token: &str) -> AppResult<Unfollow> {
        let invalid = || AppError::Validation { field: "token".into(), message_id: "error-unfollow-link-invalid" };
        let data =
            jsonwebtoken::decode::<UnfollowClaims>(token, &self.decoding, &self.validation).map_err(|_| invalid())?;
        if data.claims.typ != TOKEN_TYPE {
            return Err(invalid());
        }
        Ok(Unfollow { user_id: UserId(data.claims.sub), consultation_id: ConsultationId(data.claims.cid) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::access_token::AccessTokens;

    const SECRET: &str = "a-test-secret-that-is-long-enough-0123456789";

    fn tokens(secret: &str) -> UnfollowTokens {
        UnfollowTokens::new(&SecretString::from(secret.to_owned()))
    }

    fn refused(tokens: &UnfollowTokens, token: &str) -> bool {
        matches!(tokens.verify(token), Err(AppError::Validation { .. }))
    }

    #[test]
    fn a_token_names_its_user_and_consultation() {
        let tokens = tokens(SECRET);
        let (user, consultation) = (UserId("user-1".into()), ConsultationId("consultation-1".into()));
        let token = tokens.issue(&user, &consultation, Utc::now()).expect("issues");
        assert_eq!(tokens.verify(&token).expect("valid"), Unfollow { user_id: user, consultation_id: consultation });
    }

    #[test]
    fn forged_expired_and_access_tokens_are_refused() {
        let tokens = tokens(SECRET);
        let (user, consultation) = (UserId("user-1".into()), ConsultationId("consultation-1".into()));
        let foreign = self::tokens("another-secret-that-is-also-long-enough-000");
        assert!(refused(&tokens, &foreign.issue(&user, &consultation, Utc::now()).expect("issues")), "wrong key");
        let old = tokens.issue(&user, &consultation, Utc::now() - LIFETIME - TimeDelta::hours(1)).expect("issues");
        assert!(refused(&tokens, &old), "expired");
        let access = AccessTokens::new(&SecretString::from(SECRET.to_owned()));
        let (access_token, _) = access.issue(&user, 0, Utc::now()).expect("issues");
        assert!(refused(&tokens, &access_token), "an access token is no unfollow token");
        let unfollow = tokens.issue(&user, &consultation, Utc::now()).expect("issues");
        assert!(access.verify(&unfollow).is_err(), "an unfollow token is no access token");
        let mut tampered = unfollow.into_bytes();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert!(refused(&tokens, &String::from_utf8(tampered).expect("ASCII")), "tampered");
    }
}
