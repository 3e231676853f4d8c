//! Issuing the certificate of a completed enrollment: a new code, the Open Badges credential
//! in the holder's language, signed with the platform's key, stored and emailed in the
//! transaction that completed the enrollment.

use std::sync::Arc;

use chrono::NaiveDateTime;
use fluent_bundle::FluentValue;
use url::Url;

use super::store;
use crate::consultations::translations::pick;
use crate::db::DbConnection;
use crate::error::{AppError, AppResult};
use crate::i18n::Localizer;
use crate::identity::accounts::service::recipient_of;
use crate::identity::store as users;
use crate::mail::{Mailer, templates};
use crate::services::Services;
use crate::training::credentials::{
    CertificateFacts, OpenBadgeCredential, SigningKey, issue_vc_jwt, new_certificate_code,
};
use crate::training::enrollment::model::{Certificate, CertificateId, Enrollment};
use crate::training::model::Course;
use crate::training::store as catalogue;

/// What issuing needs from the server: the key, the texts, the public address, the outbox.
#[derive(Clone)]
pub struct Issuer {
    key: Arc<SigningKey>,
    localizer: Arc<Localizer>,
    public_base: Url,
    mailer: Mailer,
}

impl Issuer {
    pub fn of(services: &Services) -> Self {
        Self {
            key: services.secrets.certificate_key.clone(),
            localizer: services.localizer.clone(),
            public_base: services.config.public_base_url(),
            mailer: services.mailer.clone(),
        }
    }

    /// Issues and stores the certificate of `enrollment` (just completed at `completed_at`) and
    /// emails its holder. Call it inside the completing transaction.
    pub fn issue(
        &self,
        connection: &mut DbConnection,
        enrollment: &Enrollment,
        course: &Course,
        completed_at: NaiveDateTime,
    ) -> AppResult<Certificate> {
        let holder = users::find_user(connection, &enrollment.user_id)?.ok_or(AppError::NotFound)?;
        let recipient = recipient_of(&holder);
        let translations = catalogue::course_translations_of(connection, std::slice::from_ref(&course.id))?;
        let text = pick(&translations, |text| &text.locale, &recipient.locale, &course.original_locale)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("course {} has no text", course.slug)))?;
        let code = new_certificate_code();
        let holder_id = Url::parse(&format!("urn:uuid:{}", holder.id))
            .map_err(|error| AppError::internal(anyhow::anyhow!("holder URN: {error}")))?;
        let facts = CertificateFacts {
            code: code.clone(),
            issuer_name: self.localizer.plain_message(&recipient.locale, "page-site-name", &[]),
            holder_id,
            holder_name: holder.display_name.clone(),
            course_slug: course.slug.clone(),
            course_title: text.title.clone(),
            course_description: text.summary.clone(),
            criteria: self.localizer.plain_message(&recipient.locale, "certificate-criteria", &[]),
            completed_at: completed_at.and_utc(),
        };
        let credential = OpenBadgeCredential::new(&self.public_base, facts);
        let jwt = issue_vc_jwt(&self.key, &credential, completed_at.and_utc()).map_err(AppError::internal)?;
        let certificate = Certificate {
            id: CertificateId::generate(),
            code: code.clone(),
            enrollment_id: enrollment.id.clone(),
            user_id: holder.id.clone(),
            course_id: course.id.clone(),
            locale: recipient.locale.to_string(),
            credential: Some(jwt),
            issued_at: completed_at,
            revoked_at: None,
            revocation_reason: None,
            revoked_by: None,
        };
        store::insert(connection, &certificate)?;
        let args = [
            ("course", FluentValue::from(text.title.clone())),
            ("code", FluentValue::from(code.clone())),
            ("link", FluentValue::from(page_link(&self.public_base, &code))),
        ];
        self.mailer.enqueue(connection, templates::CERTIFICATE_ISSUED, &recipient, &args)?;
        Ok(certificate)
    }
}

/// The address where anyone can check a certificate.
pub fn page_link(base: &Url, code: &str) -> String {
    base.join(&format!("certificates/{code}")).map_or_else(|_| format!("{base}certificates/{code}"), String::from)
}
