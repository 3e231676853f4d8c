//! Answering "is this certificate real?" for anyone: `verifyCertificate` and the page at
//! `/certificates/{code}`. A holder who deleted their account is no longer named.

use chrono::NaiveDateTime;
use unic_langid::LanguageIdentifier;

use super::store;
use crate::error::AppResult;
use crate::identity::store as users;
use crate::services::Services;
use crate::training::credentials::normalize_code;
use crate::training::enrollment::model::Certificate;
use crate::training::enrollment::notify::course_title_in;
use crate::training::model::CourseId;

/// What a certificate code stands for.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateStatus {
    /// Issued and not revoked.
    Valid,
    /// Issued, then revoked.
    Revoked,
    /// No certificate has this code.
    Unknown,
}

/// The public facts of a certificate.
#[derive(Debug, Clone)]
pub struct Verification {
    pub status: CertificateStatus,
    /// The code as written by the platform (upper case, with hyphens), or as asked if unknown.
    pub code: String,
    /// `None` when the code is unknown, or the holder deleted their account.
    pub holder_name: Option<String>,
    pub course_id: Option<CourseId>,
    pub course_title: Option<String>,
    pub issued_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    /// The signed credential, for checking offline (withheld with the holder's name).
    pub credential: Option<String>,
}

/// Looks a code up, however it was typed (case, spaces, missing hyphens).
pub async fn verify(services: &Services, code: &str, locale: &LanguageIdentifier) -> AppResult<Verification> {
    let asked = code.trim().to_owned();
    let Some(code) = normalize_code(&asked) else { return Ok(unknown(asked)) };
    let locale = locale.clone();
    services
        .db
        .run(move |connection| {
            let Some(certificate) = store::find_by_code(connection, &code)? else { return Ok(unknown(code)) };
            let holder = users::find_user(connection, &certificate.user_id)?.filter(|user| !user.is_deleted());
            let title = course_title_in(connection, &certificate.course_id, &locale)?;
            Ok(known(certificate, holder.map(|user| user.display_name), title))
        })
        .await
}

fn known(certificate: Certificate, holder_name: Option<String>, course_title: String) -> Verification {
    let status = if certificate.revoked_at.is_some() { CertificateStatus::Revoked } else { CertificateStatus::Valid };
    Verification {
        status,
        code: certificate.code,
        credential: certificate.credential.filter(|_| holder_name.is_some()),
        holder_name,
        course_id: Some(certificate.course_id),
        course_title: Some(course_title),
        issued_at: Some(certificate.issued_at),
        revoked_at: certificate.revoked_at,
    }
}

fn unknown(code: String) -> Verification {
    Verification {
        status: CertificateStatus::Unknown,
        code,
        holder_name: None,
        course_id: None,
        course_title: None,
        issued_at: None,
        revoked_at: None,
        credential: None,
    }
}
