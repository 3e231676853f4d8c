//! Revoking a certificate (instructors of its course and platform admins), with a reason that
//! is audited and sent to the holder. Verification then answers REVOKED.

use fluent_bundle::FluentValue;
use serde_json::json;

use super::store;
use crate::audit::service::{self as audit, Actor, Target};
use crate::db::{time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::mail::templates;
use crate::request::RequestContext;
use crate::services::Services;
use crate::text::parse_text;
use crate::training::access::authorize_teaching;
use crate::training::credentials::normalize_code;
use crate::training::enrollment::model::Certificate;
use crate::training::enrollment::notify::tell_user;

const MAX_REASON: usize = 2_000;

pub async fn revoke(services: &Services, request: &RequestContext, code: &str, reason: &str) -> AppResult<Certificate> {
    let principal = request.signed_in()?.clone();
    let code = normalize_code(code).ok_or(AppError::NotFound)?;
    let reason = parse_text(reason, "reason", MAX_REASON)?;
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let certificate = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let mut certificate = store::find_by_code(connection, &code)?.ok_or(AppError::NotFound)?;
                authorize_teaching(Some(&principal), &certificate.course_id)?;
                if certificate.revoked_at.is_some() {
                    return Err(AppError::Conflict { message_id: "error-certificate-revoked" });
                }
                let now = time::now();
                store::revoke(connection, &certificate, &reason, &principal.user_id, now)?;
                certificate.revoked_at = Some(now);
                certificate.revocation_reason = Some(reason.clone());
                certificate.revoked_by = Some(principal.user_id.clone());
                let actor = Actor { user_id: Some(principal.user_id.as_str()), request_id: Some(&request_id) };
                let target = Target { kind: "Certificate", id: certificate.id.as_str() };
                let details = json!({ "code": certificate.code, "reason": reason });
                audit::record(connection, actor, "certificate.revoke", Some(target), &details)?;
                tell_user(
                    connection,
                    &mailer,
                    &certificate.user_id,
                    &certificate.course_id,
                    templates::CERTIFICATE_REVOKED,
                    |args| {
                        args.push(("code", FluentValue::from(certificate.code.clone())));
                        args.push(("reason", FluentValue::from(reason.clone())));
                    },
                )?;
                Ok(certificate)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(certificate)
}
