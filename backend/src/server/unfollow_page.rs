//! `/unfollow?token=…`: the unfollow link of every notification to a consultation's followers.
//! `GET` (a reader following the link, or a mail provider's scanner fetching it) only shows a
//! page that names the consultation and asks, with a button; `POST` (that button, or a mail
//! client's one-click `List-Unsubscribe-Post`, RFC 8058) unfollows and says so. Both speak the
//! follower's language unless the link names another; a link that is not valid gets an error
//! page (400) in the request's language.

use actix_web::http::StatusCode;
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{HttpRequest, HttpResponse, web};
use fluent_bundle::FluentValue;
use unic_langid::LanguageIdentifier;

use super::AppState;
use super::pages::{LinkQuery, failure, page, page_locale};
use crate::consultations::following::service::{self, Unfollowed};
use crate::error::{AppError, AppResult};
use crate::html::escape;
use crate::i18n::Localizer;
use crate::i18n::negotiate::{LocaleSources, negotiate};

/// `GET /unfollow?token=…`: asks whether to stop following, changing nothing.
pub async fn confirm(state: web::Data<AppState>, http: HttpRequest, query: web::Query<LinkQuery>) -> HttpResponse {
    let described = match query.token.as_deref() {
        Some(token) => service::describe_unfollow(&state.services, token.trim()).await,
        None => Err(AppError::invalid("token")),
    };
    answer(&state, &http, &query, described, |localizer, locale, unfollowed| {
        let (id, args) = match &unfollowed.consultation {
            Some(title) => ("page-unfollow-confirm", vec![("consultation", FluentValue::from(title.clone()))]),
            None => ("page-unfollow-confirm-unknown", Vec::new()),
        };
        let token = query.token.as_deref().unwrap_or_default().trim();
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", token)
            .append_pair("locale", &locale.to_string())
            .finish();
        let action = format!("/unfollow?{query}");
        format!(
            "<p>{}</p>\n<form method=\"post\" action=\"{}\">\n<button type=\"submit\">{}</button>\n</form>",
            escape(&localizer.message(locale, id, &args)),
            escape(&action),
            escape(&localizer.message(locale, "page-unfollow-submit", &[])),
        )
    })
}

/// `POST /unfollow?token=…`: stops following and says so.
pub async fn unfollow(state: web::Data<AppState>, http: HttpRequest, query: web::Query<LinkQuery>) -> HttpResponse {
    let outcome = match query.token.as_deref() {
        Some(token) => service::unfollow_by_token(&state.services, token.trim()).await,
        None => Err(AppError::invalid("token")),
    };
    answer(&state, &http, &query, outcome, |localizer, locale, unfollowed| {
        let text = match &unfollowed.consultation {
            Some(title) => {
                localizer.message(locale, "page-unfollow-done", &[("consultation", FluentValue::from(title.clone()))])
            }
            None => localizer.message(locale, "page-unfollow-done-unknown", &[]),
        };
        format!("<p>{}</p>", escape(&text))
    })
}

/// The page for a link: `body` in the follower's language, or the error page.
fn answer(
    state: &AppState,
    http: &HttpRequest,
    query: &LinkQuery,
    outcome: AppResult<Unfollowed>,
    body: impl FnOnce(&Localizer, &LanguageIdentifier, &Unfollowed) -> String,
) -> HttpResponse {
    let localizer = &state.services.localizer;
    match outcome {
        Ok(unfollowed) => {
            let preference = unfollowed.locale.as_ref().map(ToString::to_string);
            let accept_language = http.headers().get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
            let sources = LocaleSources {
                explicit: query.locale.as_deref(),
                user_preference: preference.as_deref(),
                accept_language,
            };
            let locale = negotiate(localizer, &sources);
            let title = localizer.message(&locale, "page-unfollow-title", &[]);
            page(localizer, &locale, StatusCode::OK, &title, &body(localizer, &locale, &unfollowed))
        }
        Err(error) => {
            let locale = page_locale(state, http, query.locale.as_deref());
            let title = localizer.message(&locale, "page-unfollow-title", &[]);
            failure(localizer, &locale, &title, &error)
        }
    }
}
