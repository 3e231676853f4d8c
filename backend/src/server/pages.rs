//! Minimal localized pages for the links in account emails, so the platform works without a
//! frontend: when `AGORA_PUBLIC_URL` points at this server (the default), `/verify-email`
//! confirms an address once its reader chooses the account's password (see `identity::accounts`
//! for why), `/reset-password` asks for a new password and `/invitations` signs the invitee in
//! and accepts. Opening a link only shows a form, so a mail scanner that fetches links changes
//! nothing. A frontend that sets `AGORA_PUBLIC_URL` to itself serves these paths its own way.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{HttpRequest, HttpResponse, web};
use fluent_bundle::FluentValue;
use unic_langid::{CharacterDirection, LanguageIdentifier};

use super::AppState;
use super::client_address::client_address;
use super::request_middleware::request_id;
use crate::auth::principal;
use crate::error::AppError;
use crate::html::escape;
use crate::i18n::Localizer;
use crate::i18n::negotiate::{LocaleSources, negotiate};
use crate::identity::{accounts::service as accounts, sessions::service as sessions};
use crate::organizations::service as organizations;
use crate::request::RequestContext;

/// The query of a link: its token, and optionally the reader's language.
#[derive(serde::Deserialize)]
pub struct LinkQuery {
    pub(super) token: Option<String>,
    pub(super) locale: Option<String>,
}

/// A token and a password as posted (the verification and the reset forms).
#[derive(serde::Deserialize)]
pub struct PasswordForm {
    token: String,
    password: String,
    locale: Option<String>,
}

/// One of the two pages on which the reader of an emailed link chooses a password: its
/// messages, where its form posts, and the input field a refused password is reported on.
struct PasswordPage {
    title: &'static str,
    intro: &'static str,
    label: &'static str,
    submit: &'static str,
    done: &'static str,
    action: &'static str,
    password_field: &'static str,
}

const VERIFY_EMAIL_PAGE: PasswordPage = PasswordPage {
    title: "page-verify-email-title",
    intro: "page-verify-email-intro",
    label: "page-verify-email-label",
    submit: "page-verify-email-submit",
    done: "page-verify-email-done",
    action: "verify-email",
    password_field: "password",
};

const RESET_PASSWORD_PAGE: PasswordPage = PasswordPage {
    title: "page-reset-password-title",
    intro: "page-reset-password-intro",
    label: "page-reset-password-label",
    submit: "page-reset-password-submit",
    done: "page-reset-password-done",
    action: "reset-password",
    password_field: "newPassword",
};

/// `GET /verify-email?token=…`: the form that chooses the account's password and confirms the
/// address.
pub async fn verify_email_form(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: web::Query<LinkQuery>,
) -> HttpResponse {
    password_form(&state, &http, &query, &VERIFY_EMAIL_PAGE)
}

/// `POST /verify-email`: sets the password, confirms the address and says so.
pub async fn verify_email(
    state: web::Data<AppState>,
    http: HttpRequest,
    form: web::Form<PasswordForm>,
) -> HttpResponse {
    let outcome = accounts::verify_email(&state.services, &form.token, Some(&form.password)).await.map(drop);
    password_outcome(&state, &http, &form, &VERIFY_EMAIL_PAGE, outcome)
}

/// `GET /reset-password?token=…`: the form for a new password.
pub async fn reset_password_form(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: web::Query<LinkQuery>,
) -> HttpResponse {
    password_form(&state, &http, &query, &RESET_PASSWORD_PAGE)
}

/// `POST /reset-password`: sets the new password and says so.
pub async fn reset_password(
    state: web::Data<AppState>,
    http: HttpRequest,
    form: web::Form<PasswordForm>,
) -> HttpResponse {
    let outcome = accounts::reset_password(&state.services, &form.token, &form.password).await;
    password_outcome(&state, &http, &form, &RESET_PASSWORD_PAGE, outcome)
}

/// The password page for a link, or the error page when the link has no token.
fn password_form(state: &AppState, http: &HttpRequest, query: &LinkQuery, kind: &PasswordPage) -> HttpResponse {
    let locale = page_locale(state, http, query.locale.as_deref());
    let localizer = &state.services.localizer;
    let title = localizer.message(&locale, kind.title, &[]);
    let Some(token) = query.token.as_deref() else {
        return failure(localizer, &locale, &title, &AppError::invalid("token"));
    };
    page(localizer, &locale, StatusCode::OK, &title, &new_password_form(localizer, &locale, token, kind))
}

/// What a posted password page did: done, the form again with the problem (422) when the
/// password was refused, or the error page.
fn password_outcome(
    state: &AppState,
    http: &HttpRequest,
    form: &PasswordForm,
    kind: &PasswordPage,
    outcome: Result<(), AppError>,
) -> HttpResponse {
    let locale = page_locale(state, http, form.locale.as_deref());
    let localizer = &state.services.localizer;
    let title = localizer.message(&locale, kind.title, &[]);
    match outcome {
        Ok(()) => page(localizer, &locale, StatusCode::OK, &title, &paragraph(localizer, &locale, kind.done)),
        Err(error @ AppError::Validation { .. }) if error.field() == Some(kind.password_field) => {
            let body = format!(
                "<p class=\"error\">{}</p>\n{}",
                escape(&error_text(localizer, &locale, &error)),
                new_password_form(localizer, &locale, &form.token, kind)
            );
            page(localizer, &locale, StatusCode::UNPROCESSABLE_ENTITY, &title, &body)
        }
        Err(error) => failure(localizer, &locale, &title, &error),
    }
}

/// The invitation form as posted.
#[derive(serde::Deserialize)]
pub struct InvitationForm {
    token: String,
    email: String,
    password: String,
    locale: Option<String>,
}

/// `GET /invitations?token=…`: who invites, and a sign-in form to accept.
pub async fn invitation_form(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: web::Query<LinkQuery>,
) -> HttpResponse {
    let locale = page_locale(&state, &http, query.locale.as_deref());
    let localizer = &state.services.localizer;
    let title = localizer.message(&locale, "page-invitation-title", &[]);
    let Some(token) = query.token.as_deref() else {
        return failure(localizer, &locale, &title, &AppError::invalid("token"));
    };
    match organizations::invitation_preview(&state.services, token).await {
        Ok(organization) => page(
            localizer,
            &locale,
            StatusCode::OK,
            &title,
            &invitation_form_html(localizer, &locale, token, &organization.name),
        ),
        Err(error) => failure(localizer, &locale, &title, &error),
    }
}

/// `POST /invitations`: signs in and accepts the invitation.
pub async fn accept_invitation(
    state: web::Data<AppState>,
    http: HttpRequest,
    form: web::Form<InvitationForm>,
) -> HttpResponse {
    let locale = page_locale(&state, &http, form.locale.as_deref());
    let localizer = &state.services.localizer;
    let title = localizer.message(&locale, "page-invitation-title", &[]);
    let services = &state.services;
    let mut request = anonymous_request(&state, &http, &locale);
    let accepted = async {
        let organization = organizations::invitation_preview(services, &form.token).await?;
        let session = sessions::login(services, &request, &form.email, &form.password).await?;
        let principal = principal::from_bearer(&services.db, &services.access_tokens, &session.access_token).await?;
        request.principal = Some(Arc::new(principal));
        organizations::accept(services, &request, &form.token).await?;
        Ok::<_, AppError>(organization)
    };
    match accepted.await {
        Ok(organization) => {
            let args = [("organization", FluentValue::from(organization.name))];
            let body = format!("<p>{}</p>", escape(&localizer.message(&locale, "page-invitation-done", &args)));
            page(localizer, &locale, StatusCode::OK, &title, &body)
        }
        Err(error) => failure(localizer, &locale, &title, &error),
    }
}

fn invitation_form_html(localizer: &Localizer, locale: &LanguageIdentifier, token: &str, organization: &str) -> String {
    let text = |id: &str| escape(&localizer.message(locale, id, &[]));
    format!(
        "<p>{intro}</p>\n<form method=\"post\" action=\"invitations\">\n\
         <input type=\"hidden\" name=\"token\" value=\"{token}\">\n\
         <input type=\"hidden\" name=\"locale\" value=\"{locale}\">\n\
         <label>{email} <input type=\"email\" name=\"email\" required autocomplete=\"username\"></label>\n\
         <label>{password} <input type=\"password\" name=\"password\" required autocomplete=\"current-password\"></label>\n\
         <button type=\"submit\">{submit}</button>\n</form>",
        intro = escape(&localizer.message(
            locale,
            "page-invitation-intro",
            &[("organization", FluentValue::from(organization))]
        )),
        token = escape(token),
        email = text("page-invitation-email"),
        password = text("page-invitation-password"),
        submit = text("page-invitation-submit"),
    )
}

/// What the services know about a page's request: nobody is signed in.
fn anonymous_request(state: &AppState, http: &HttpRequest, locale: &LanguageIdentifier) -> RequestContext {
    RequestContext {
        request_id: request_id(http),
        locale: locale.clone(),
        principal: None,
        client_address: client_address(http, &state.services.config.trusted_proxies),
    }
}

pub(super) fn page_locale(state: &AppState, http: &HttpRequest, explicit: Option<&str>) -> LanguageIdentifier {
    let accept_language = http.headers().get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
    let sources = LocaleSources { explicit, user_preference: None, accept_language };
    negotiate(&state.services.localizer, &sources)
}

/// The form of a password page: it posts the link's token and the new password.
fn new_password_form(localizer: &Localizer, locale: &LanguageIdentifier, token: &str, kind: &PasswordPage) -> String {
    let text = |id: &str| escape(&localizer.message(locale, id, &[]));
    format!(
        "<p>{intro}</p>\n<form method=\"post\" action=\"{action}\">\n\
         <input type=\"hidden\" name=\"token\" value=\"{token}\">\n\
         <input type=\"hidden\" name=\"locale\" value=\"{locale}\">\n\
         <label>{label} <input type=\"password\" name=\"password\" minlength=\"10\" maxlength=\"128\" required \
         autocomplete=\"new-password\"></label>\n<button type=\"submit\">{submit}</button>\n</form>",
        intro = text(kind.intro),
        action = kind.action,
        token = escape(token),
        label = text(kind.label),
        submit = text(kind.submit),
    )
}

pub(super) fn failure(
    localizer: &Localizer,
    locale: &LanguageIdentifier,
    title: &str,
    error: &AppError,
) -> HttpResponse {
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

pub(super) fn page(
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
