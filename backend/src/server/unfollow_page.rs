//! `/unfollow?token=…`: the one-click unfollow link of every notification to a consultation's
//! followers. `GET` (a reader following the link) and `POST` (a mail client's one-click
//! `List-Unsubscribe-Post`) both unfollow and answer with a small page, in the follower's
//! language unless the link names another; a link that is not valid gets an error page (400)
//! in the request's language.

use actix_web::http::StatusCode;
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{HttpRequest, HttpResponse, web};
use fluent_bundle::FluentValue;

use super::AppState;
use super::pages::{LinkQuery, failure, page, page_locale};
use crate::consultations::following::service;
use crate::error::AppError;
use crate::html::escape;
use crate::i18n::negotiate::{LocaleSources, negotiate};

/// `GET` or `POST /unfollow?token=…`: stops following and says so.
pub async fn unfollow(state: web::Data<AppState>, http: HttpRequest, query: web::Query<LinkQuery>) -> HttpResponse {
    let localizer = &state.services.localizer;
    let outcome = match query.token.as_deref() {
        Some(token) => service::unfollow_by_token(&state.services, token.trim()).await,
        None => Err(AppError::invalid("token")),
    };
    match outcome {
        Ok(unfollowed) => {
            let preference = unfollowed.locale.map(|locale| locale.to_string());
            let accept_language = http.headers().get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
            let sources = LocaleSources {
                explicit: query.locale.as_deref(),
                user_preference: preference.as_deref(),
                accept_language,
            };
            let locale = negotiate(localizer, &sources);
            let title = localizer.message(&locale, "page-unfollow-title", &[]);
            let text = match unfollowed.consultation {
                Some(consultation) => localizer.message(
                    &locale,
                    "page-unfollow-done",
                    &[("consultation", FluentValue::from(consultation))],
                ),
                None => localizer.message(&locale, "page-unfollow-done-unknown", &[]),
            };
            page(localizer, &locale, StatusCode::OK, &title, &format!("<p>{}</p>", escape(&text)))
        }
        Err(error) => {
            let locale = page_locale(&state, &http, query.locale.as_deref());
            let title = localizer.message(&locale, "page-unfollow-title", &[]);
            failure(localizer, &locale, &title, &error)
        }
    }
}
