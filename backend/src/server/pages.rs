//! Minimal localized pages for the links in account emails, so the platform works without a
//! frontend: when `AGORA_PUBLIC_URL` points at this server (the default), `/verify-email`
//! confirms an address and `/reset-password` asks for a new password. A frontend that sets
//! `AGORA_PUBLIC_URL` to itself serves these paths its own way.

use actix_web::http::StatusCode;
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{HttpRequest, HttpResponse, web};
use unic_langid::{CharacterDirection, LanguageIdentifier};

use super::AppState;
use crate::error::AppError;
use crate::html::escape;
use crate::i18n::Localizer;
use crate::i18n::negotiate::{LocaleSources, negotiate};
use crate::identity::accounts;

/// The query of a link: its token, and optionally the reader's language.
#[derive(serde::Deserialize)]
pub struct LinkQuery {
    token: Option<String>,
    locale: Option<String>,
}

/// The reset form as posted.
#[derive(serde::Deserialize)]
pub struct ResetForm {
    token: String,
    password: String,
    locale: Option<String>,
}

/// `GET /verify-email?token=…`: confirms the address and says so.
pub async fn verify_email(state: web::Data<AppState>, http: HttpRequest, query: web::Query<LinkQuery>) -> HttpResponse {
    let locale = page_locale(&state, &http, query.locale.as_deref());
    let localizer = &state.services.localizer;
    let title = localizer.message(&locale, "page-verify-email-title", &[]);
    let outcome = match query.token.as_deref() {
        Some(token) => accounts::verify_email(&state.services, token).await.map(drop),
        None => Err(AppError::invalid("token")),
    };
    match outcome {
        Ok(()) => {
            page(localizer, &locale, StatusCode::OK, &title, &paragraph(localizer, &locale, "page-verify-email-done"))
        }
        Err(error) => failure(localizer, &locale, &title, &error),
    }
}

/// `GET /reset-password?token=…`: the form for a new password.
pub async fn reset_password_form(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: web::Query<LinkQuery>,
) -> HttpResponse {
    let locale = page_locale(&state, &http, query.locale.as_deref());
    let localizer = &state.services.localizer;
    let title = localizer.message(&locale, "page-reset-password-title", &[]);
    let Some(token) = query.token.as_deref() else {
        return failure(localizer, &locale, &title, &AppError::invalid("token"));
    };
    page(localizer, &locale, StatusCode::OK, &title, &reset_form(localizer, &locale, token))
}

/// `POST /reset-password`: sets the new password and says so.
pub async fn reset_password(state: web::Data<AppState>, http: HttpRequest, form: web::Form<ResetForm>) -> HttpResponse {
    let locale = page_locale(&state, &http, form.locale.as_deref());
    let localizer = &state.services.localizer;
    let title = localizer.message(&locale, "page-reset-password-title", &[]);
    match accounts::reset_password(&state.services, &form.token, &form.password).await {
        Ok(()) => {
            page(localizer, &locale, StatusCode::OK, &title, &paragraph(localizer, &locale, "page-reset-password-done"))
        }
        Err(error @ AppError::Validation { .. }) if error.field() == Some("newPassword") => {
            let body = format!(
                "<p class=\"error\">{}</p>\n{}",
                escape(&error_text(localizer, &locale, &error)),
                reset_form(localizer, &locale, &form.token)
            );
            page(localizer, &locale, StatusCode::UNPROCESSABLE_ENTITY, &title, &body)
        }
        Err(error) => failure(localizer, &locale, &title, &error),
    }
}

fn page_locale(state: &AppState, http: &HttpRequest, explicit: Option<&str>) -> LanguageIdentifier {
    let accept_language = http.headers().get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
    let sources = LocaleSources { explicit, user_preference: None, accept_language };
    negotiate(&state.services.localizer, &sources)
}

fn reset_form(localizer: &Localizer, locale: &LanguageIdentifier, token: &str) -> String {
    format!(
        "<p>{intro}</p>\n<form method=\"post\" action=\"reset-password\">\n\
         <input type=\"hidden\" name=\"token\" value=\"{token}\">\n\
         <input type=\"hidden\" name=\"locale\" value=\"{locale}\">\n\
         <label>{label} <input type=\"password\" name=\"password\" minlength=\"10\" maxlength=\"128\" required \
         autocomplete=\"new-password\"></label>\n<button type=\"submit\">{submit}</button>\n</form>",
        intro = escape(&localizer.message(locale, "page-reset-password-intro", &[])),
        token = escape(token),
        label = escape(&localizer.message(locale, "page-reset-password-label", &[])),
        submit = escape(&localizer.message(locale, "page-reset-password-submit", &[])),
    )
}

fn failure(localizer: &Localizer, locale: &LanguageIdentifier, title: &str, error: &AppError) -> HttpResponse {
    if let AppError::Internal(cause) = error {
        tracing::error!(error = format!("{cause:#}"), "an account page failed");
    }
    let status = match error {
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::BAD_REQUEST,
    };
    let body = format!("<p class=\"error\">{}</p>", escape(&error_text(localizer, locale, error)));
    page(localizer, locale, status, title, &body)
}

fn error_text(localizer: &Localizer, locale: &LanguageIdentifier, error: &AppError) -> String {
    let (message_id, args) = error.message("page");
    localizer.message(locale, message_id, &args)
}

fn paragraph(localizer: &Localizer, locale: &LanguageIdentifier, message_id: &str) -> String {
    format!("<p>{}</p>", escape(&localizer.message(locale, message_id, &[])))
}

fn page(
    localizer: &Localizer,
    locale: &LanguageIdentifier,
    status: StatusCode,
    title: &str,
    body: &str,
) -> HttpResponse {
    let direction = match locale.character_direction() {
        CharacterDirection::RTL => "rtl",
        _ => "ltr",
    };
    let site = escape(&localizer.message(locale, "page-site-name", &[]));
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{locale}\" dir=\"{direction}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} · {site}</title>\n\
         <style>body{{font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}}\
         .error{{color:#a00}}label{{display:block;margin:1rem 0}}input{{display:block;width:100%;padding:.4rem}}</style>\n\
         </head>\n<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>\n",
        title = escape(title),
    );
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .insert_header(("referrer-policy", "no-referrer"))
        .body(html)
}
