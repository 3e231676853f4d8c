//! `Certificate` (what its holder and the course's instructors see) and
//! `CertificateVerification` (what anyone with the code sees).

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::COURSE_KIND;
use super::course::CourseObject;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::training::certification::issue::page_link;
use crate::training::certification::verification::{CertificateStatus, Verification};
use crate::training::enrollment::model::Certificate;

/// A certificate as the API shows it to its holder and the course's instructors.
pub struct CertificateObject(pub Certificate);

/// The certificate of a completed enrollment.
#[Object(name = "Certificate")]
impl CertificateObject {
    /// The short code anyone can check (`verifyCertificate`, or the page at `verificationUrl`).
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// Valid or revoked.
    async fn status(&self) -> CertificateStatus {
        if self.0.revoked_at.is_some() { CertificateStatus::Revoked } else { CertificateStatus::Valid }
    }

    /// The course completed.
    async fn course(&self, ctx: &Context<'_>) -> async_graphql::Result<CourseObject> {
        let course = ctx.loaders()?.training.courses.load_one(self.0.course_id.clone()).await;
        Ok(CourseObject(course.map_err(AppError::from)?.ok_or(AppError::NotFound)?))
    }

    /// The signed credential: an Open Badges 3.0 `OpenBadgeCredential` as a VC-JWT (EdDSA,
    /// Ed25519), verifiable offline with the keys at `/.well-known/jwks.json`.
    async fn credential(&self) -> Option<&str> {
        self.0.credential.as_deref()
    }

    /// Where anyone can check it.
    async fn verification_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(page_link(&ctx.services()?.config.public_base_url(), &self.0.code))
    }

    /// When it was issued (when the course was completed).
    async fn issued_at(&self) -> DateTime<Utc> {
        self.0.issued_at.and_utc()
    }

    /// When it was revoked.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at.map(|at| at.and_utc())
    }

    /// Why it was revoked.
    async fn revocation_reason(&self) -> Option<&str> {
        self.0.revocation_reason.as_deref()
    }
}

/// What a certificate code stands for, as anyone may check it.
pub struct CertificateVerificationObject(pub Verification);

/// The answer to "is this certificate real?". Public.
#[Object(name = "CertificateVerification")]
impl CertificateVerificationObject {
    /// `VALID`, `REVOKED` or `UNKNOWN`.
    async fn status(&self) -> CertificateStatus {
        self.0.status
    }

    /// Whether the certificate exists and is not revoked.
    async fn valid(&self) -> bool {
        self.0.status == CertificateStatus::Valid
    }

    /// The code checked, in its canonical form when known.
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// The holder's name; null when the code is unknown or the holder has closed their account.
    async fn holder_name(&self) -> Option<&str> {
        self.0.holder_name.as_deref()
    }

    /// The course's global ID.
    async fn course_id(&self) -> Option<ID> {
        self.0.course_id.as_ref().map(|id| GlobalId::new(COURSE_KIND, id.as_str()).encode())
    }

    /// The course's title in the request's locale.
    async fn course_title(&self) -> Option<&str> {
        self.0.course_title.as_deref()
    }

    /// The course completed.
    async fn course(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CourseObject>> {
        let Some(id) = self.0.course_id.clone() else { return Ok(None) };
        let course = ctx.loaders()?.training.courses.load_one(id).await;
        Ok(course.map_err(AppError::from)?.map(CourseObject))
    }

    /// When it was issued.
    async fn issued_at(&self) -> Option<DateTime<Utc>> {
        self.0.issued_at.map(|at| at.and_utc())
    }

    /// When it was revoked.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at.map(|at| at.and_utc())
    }

    /// The signed credential (VC-JWT) to check offline; withheld with the holder's name.
    async fn credential(&self) -> Option<&str> {
        self.0.credential.as_deref()
    }
}
