//! The one place where errors become what a client reads.
//!
//! Every error of a response gets `extensions.code` and a message in the request locale.
//! Errors that carry an [`AppError`] are rendered from Fluent (validation errors add
//! `extensions.field`; internal ones are logged here with the request id and replaced by a
//! reference). Errors that async-graphql raised itself without a code (a variable of the wrong
//! type, say) concern the client's document and become `BAD_REQUEST`.

use async_graphql::{ErrorExtensionValues, Response, ServerError, Value};

use super::context::RequestContext;
use crate::error::{AppError, ErrorCode};
use crate::i18n::Localizer;
use crate::telemetry::Metrics;

/// Renders every error of `response` for the client.
pub fn render_errors(response: &mut Response, request: &RequestContext, localizer: &Localizer, metrics: &Metrics) {
    for error in &mut response.errors {
        let code = render_error(error, request, localizer);
        metrics.graphql_errors.with_label_values(&[code.as_str()]).inc();
    }
}

/// Renders one error; returns its code.
pub fn render_error(error: &mut ServerError, request: &RequestContext, localizer: &Localizer) -> ErrorCode {
    let fallback;
    let app_error = match error.source::<AppError>() {
        Some(app_error) => app_error,
        None => {
            fallback = AppError::BadRequest { detail: error.message.clone() };
            &fallback
        }
    };
    if let AppError::Internal(cause) = app_error {
        tracing::error!(request_id = %request.request_id, error = format!("{cause:#}"), "internal error");
    }
    let code = app_error.code();
    let (message_id, args) = app_error.message(&request.request_id);
    let message = localizer.message(&request.locale, message_id, &args);

    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code.as_str());
    if let Some(field) = app_error.field() {
        extensions.set("field", field);
    }
    if code == ErrorCode::Internal {
        extensions.set("requestId", request.request_id.as_str());
    }
    error.message = message;
    error.extensions = Some(extensions);
    error.source = None;
    code
}

/// A response holding one error, for failures before execution (body too large, bad JSON…).
pub fn error_response(error: AppError, request: &RequestContext, localizer: &Localizer, metrics: &Metrics) -> Response {
    let mut response = Response::from_errors(vec![error.into_server_error()]);
    render_errors(&mut response, request, localizer, metrics);
    response.data = Value::Null;
    response
}
