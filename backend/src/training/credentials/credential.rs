//! What a certificate states, shaped as an Open Badges 3.0 `OpenBadgeCredential` (a W3C
//! Verifiable Credential, data model 2.0), so that badge wallets and verifiers can read it.
//!
//! The structs serialize with the exact JSON-LD member names of the specification. The holder
//! is named both by `name` (read by people and generic VC tools) and by an unhashed `name`
//! `IdentityObject` in `identifier` (how Open Badges itself states a recipient's name).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

/// The JSON-LD contexts: Verifiable Credentials 2.0, then Open Badges 3.0.
pub const CONTEXT: [&str; 2] =
    ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];
/// The credential's types.
pub const CREDENTIAL_TYPE: [&str; 2] = ["VerifiableCredential", "OpenBadgeCredential"];

/// A certificate as an Open Badges 3.0 credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenBadgeCredential {
    #[serde(rename = "@context")]
    pub context: Vec<String>,
    #[serde(rename = "type")]
    pub types: Vec<String>,
    /// `{base}/certificates/{code}`.
    pub id: String,
    pub issuer: Profile,
    #[serde(with = "rfc3339_seconds")]
    pub valid_from: DateTime<Utc>,
    pub name: String,
    pub credential_subject: AchievementSubject,
}

/// Who issues the certificate: the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    #[serde(rename = "type")]
    pub types: Vec<String>,
    pub name: String,
}

/// Who holds the certificate, and what for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AchievementSubject {
    pub id: String,
    #[serde(rename = "type")]
    pub types: Vec<String>,
    /// The holder's name.
    pub name: String,
    pub identifier: Vec<IdentityObject>,
    pub achievement: Achievement,
}

/// An identity of the holder; here their name, in clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityObject {
    #[serde(rename = "type")]
    pub kind: String,
    pub identity_hash: String,
    pub identity_type: String,
    pub hashed: bool,
}

/// What was achieved: completing a course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Achievement {
    pub id: String,
    #[serde(rename = "type")]
    pub types: Vec<String>,
    pub name: String,
    pub description: String,
    pub criteria: Criteria,
}

/// How the achievement is earned, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criteria {
    pub narrative: String,
}

/// Everything a certificate states, in the platform's terms. The texts are in the language the
/// certificate is issued in.
#[derive(Debug, Clone)]
pub struct CertificateFacts {
    /// The certificate's code (see [`super::new_certificate_code`]).
    pub code: String,
    /// The platform's name, as the issuer.
    pub issuer_name: String,
    /// A URI for the holder that stays the same across their certificates (`urn:uuid:…`); it
    /// becomes the subject's `id` and the JWT `sub`.
    pub holder_id: Url,
    pub holder_name: String,
    pub course_slug: String,
    pub course_title: String,
    pub course_description: String,
    /// What completing the course takes, e.g. "Completed every lesson and passed every quiz".
    pub criteria: String,
    /// When the enrollment was completed: the credential's `validFrom`.
    pub completed_at: DateTime<Utc>,
}

impl OpenBadgeCredential {
    /// The credential for `facts`, with its identifiers under `public_base` (`AGORA_PUBLIC_URL`):
    /// the issuer is the base itself, the credential `{base}/certificates/{code}` and the
    /// achievement `{base}/courses/{slug}`.
    pub fn new(public_base: &Url, facts: CertificateFacts) -> Self {
        let CertificateFacts {
            code,
            issuer_name,
            holder_id,
            holder_name,
            course_slug,
            course_title,
            course_description,
            criteria,
            completed_at,
        } = facts;
        Self {
            context: strings(&CONTEXT),
            types: strings(&CREDENTIAL_TYPE),
            id: under(public_base, &format!("certificates/{code}")),
            issuer: Profile { id: public_base.to_string(), types: strings(&["Profile"]), name: issuer_name },
            valid_from: completed_at,
            name: course_title.clone(),
            credential_subject: AchievementSubject {
                id: holder_id.to_string(),
                types: strings(&["AchievementSubject"]),
                identifier: vec![IdentityObject {
                    kind: "IdentityObject".to_owned(),
                    identity_hash: holder_name.clone(),
                    identity_type: "name".to_owned(),
                    hashed: false,
                }],
                name: holder_name,
                achievement: Achievement {
                    id: under(public_base, &format!("courses/{course_slug}")),
                    types: strings(&["Achievement"]),
                    name: course_title,
                    description: course_description,
                    criteria: Criteria { narrative: criteria },
                },
            },
        }
    }

    /// Whether the contexts and types are those of an Open Badges 3.0 credential.
    pub fn is_open_badge(&self) -> bool {
        self.context.iter().map(String::as_str).take(CONTEXT.len()).eq(CONTEXT)
            && CREDENTIAL_TYPE.iter().all(|kind| self.types.iter().any(|own| own == kind))
            && self.issuer.types.iter().any(|kind| kind == "Profile")
            && self.credential_subject.types.iter().any(|kind| kind == "AchievementSubject")
            && self.credential_subject.achievement.types.iter().any(|kind| kind == "Achievement")
    }
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|value| (*value).to_owned()).collect()
}

/// `base/path`, keeping any path the base has (`https://example.org/agora/` + `certificates/…`).
fn under(base: &Url, path: &str) -> String {
    base.join(path).map_or_else(|_| format!("{}/{path}", base.as_str().trim_end_matches('/')), String::from)
}

/// Times as RFC 3339 in UTC to the second (`2025-03-01T12:00:00Z`), as credentials show them.
mod rfc3339_seconds {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text).map(|time| time.with_timezone(&Utc)).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;

    pub fn facts() -> CertificateFacts {
        CertificateFacts {
            code: "CERT-7K3M-9QX2-HB4T".to_owned(),
            issuer_name: "Agora".to_owned(),
            holder_id: Url::parse("urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b").expect("a URN"),
            holder_name: "Amina Diallo".to_owned(),
            course_slug: "consultation-basics".to_owned(),
            course_title: "Consultation basics".to_owned(),
            course_description: "How public consultations work and how to take part.".to_owned(),
            criteria: "Completed every lesson and passed every quiz.".to_owned(),
            completed_at: Utc.with_ymd_and_hms(2025, 3, 1, 12, 30, 5).single().expect("a time"),
        }
    }

    pub fn base() -> Url {
        Url::parse("https://agora.example.org/app/").expect("a URL")
    }

    #[test]
    fn the_credential_has_the_open_badges_members_with_their_exact_names() {
        let credential = OpenBadgeCredential::new(&base(), facts());
        let value = serde_json::to_value(&credential).expect("serializes");
        assert_eq!(
            value,
            json!({
                "@context": [
                    "https://www.w3.org/ns/credentials/v2",
                    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
                ],
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "id": "https://agora.example.org/app/certificates/CERT-7K3M-9QX2-HB4T",
                "issuer": { "id": "https://agora.example.org/app/", "type": ["Profile"], "name": "Agora" },
                "validFrom": "2025-03-01T12:30:05Z",
                "name": "Consultation basics",
                "credentialSubject": {
                    "id": "urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                    "type": ["AchievementSubject"],
                    "name": "Amina Diallo",
                    "identifier": [{
                        "type": "IdentityObject",
                        "identityHash": "Amina Diallo",
                        "identityType": "name",
                        "hashed": false
                    }],
                    "achievement": {
                        "id": "https://agora.example.org/app/courses/consultation-basics",
                        "type": ["Achievement"],
                        "name": "Consultation basics",
                        "description": "How public consultations work and how to take part.",
                        "criteria": { "narrative": "Completed every lesson and passed every quiz." }
                    }
                }
            })
        );
        assert!(credential.is_open_badge());
        assert_eq!(serde_json::from_value::<OpenBadgeCredential>(value).expect("reads back"), credential);
    }

    #[test]
    fn identifiers_sit_under_a_base_without_a_path_too() {
        let credential = OpenBadgeCredential::new(&Url::parse("http://localhost:8080").expect("a URL"), facts());
        assert_eq!(credential.id, "http://localhost:8080/certificates/CERT-7K3M-9QX2-HB4T");
        assert_eq!(credential.credential_subject.achievement.id, "http://localhost:8080/courses/consultation-basics");
    }

    #[test]
    fn other_contexts_or_types_are_not_an_open_badge() {
        let mut credential = OpenBadgeCredential::new(&base(), facts());
        credential.context.reverse();
        assert!(!credential.is_open_badge());

        let mut credential = OpenBadgeCredential::new(&base(), facts());
        credential.types.pop();
        assert!(!credential.is_open_badge());
    }
}
