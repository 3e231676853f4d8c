//! The public side of certificates: `/.well-known/jwks.json`, the key set that verifies every
//! certificate's signed credential offline, and `/certificates/{code}`, a small localized page
//! that tells anyone whether a certificate is valid (the link in certificate emails when
//! `AGORA_PUBLIC_URL` is this server).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fluent_bundle::FluentValue;

use super::AppState;
use super::pages::{page, page_locale};
use crate::html::escape;
use crate::training::certification::keys;
use crate::training::certification::verification::{self, CertificateStatus};

/// The reader's language, if the link names one.
#[derive(serde::Deserialize)]
pub struct PageQuery {
    locale: Option<String>,
}

/// `GET /.well-known/jwks.json`: the public keys of certificate signatures, the current one
/// first, then those that signed earlier certificates.
pub async fn jwks_document(state: web::Data<AppState>) -> HttpResponse {
    let current = state.services.secrets.certificate_key.clone();
    let keys = match state.services.db.run(move |connection| Ok(keys::published(connection, &current)?)).await {
        Ok(keys) => keys,
        Err(error) => {
            tracing::error!(error = ?error, "the key set could not be read");
            return HttpResponse::ServiceUnavailable().finish();
        }
    };
    HttpResponse::Ok()
        .content_type("application/jwk-set+json")
        .insert_header(("cache-control", "public, max-age=3600"))
        .insert_header(("access-control-allow-origin", "*"))
        .json(keys)
}

/// `GET /certificates/{code}`: whether the certificate is valid, whose, for which course.
pub async fn certificate_page(
    state: web::Data<AppState>,
    http: HttpRequest,
    code: web::Path<String>,
    query: web::Query<PageQuery>,
) -> HttpResponse {
    let locale = page_locale(&state, &http, query.locale.as_deref());
    let localizer = &state.services.localizer;
    let text = |id: &str, args: &[(&str, FluentValue<'_>)]| escape(&localizer.message(&locale, id, args));
    let verification = match verification::verify(&state.services, &code, &locale).await {
        Ok(verification) => verification,
        Err(error) => {
            tracing::error!(error = ?error, "the certificate page could not be built");
            let title = localizer.message(&locale, "page-site-name", &[]);
            let body = format!("<p class=\"error\">{}</p>", text("error-internal", &[("requestId", "page".into())]));
            return page(localizer, &locale, StatusCode::INTERNAL_SERVER_ERROR, &title, &body);
        }
    };
    let title =
        localizer.message(&locale, "page-certificate-title", &[("code", FluentValue::from(verification.code.clone()))]);
    let day = |at: chrono::NaiveDateTime| at.format("%Y-%m-%d").to_string();
    let (status, verdict) = match verification.status {
        CertificateStatus::Valid => (StatusCode::OK, text("page-certificate-valid", &[])),
        CertificateStatus::Revoked => {
            let date = verification.revoked_at.map(day).unwrap_or_default();
            (StatusCode::OK, text("page-certificate-revoked", &[("date", FluentValue::from(date))]))
        }
        CertificateStatus::Unknown => {
            let args = [("code", FluentValue::from(verification.code.clone()))];
            let body = format!("<p class=\"error\">{}</p>", text("page-certificate-unknown", &args));
            return page(localizer, &locale, StatusCode::NOT_FOUND, &title, &body);
        }
    };
    let holder =
        verification.holder_name.as_deref().map_or_else(|| text("page-certificate-holder-withheld", &[]), escape);
    let jwks_url =
        state.services.config.public_base_url().join(".well-known/jwks.json").map(String::from).unwrap_or_default();
    let body = format!(
        "<p><strong>{verdict}</strong></p>\n<dl>\n<dt>{holder_label}</dt><dd>{holder}</dd>\n\
         <dt>{course_label}</dt><dd>{course}</dd>\n<dt>{issued_label}</dt><dd>{issued}</dd>\n</dl>\n<p>{signature}</p>",
        holder_label = text("page-certificate-holder", &[]),
        course_label = text("page-certificate-course", &[]),
        course = escape(verification.course_title.as_deref().unwrap_or_default()),
        issued_label = text("page-certificate-issued", &[]),
        issued = verification.issued_at.map(day).unwrap_or_default(),
        signature = text("page-certificate-signature", &[("jwks", FluentValue::from(jwks_url))]),
    );
    page(localizer, &locale, status, &title, &body)
}
