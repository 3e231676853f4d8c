//! `/graphql` over HTTP: POST, and GET for queries (the websocket is in `websocket.rs`).
//!
//! The body is read here rather than by an extractor so that every failure — a body over the
//! limit, JSON that does not parse, a batch that is too large, a mutation sent over GET —
//! answers as a GraphQL error body with a code and a localized message. The operations of
//! one request (a batch) share one budget of list totals (`AGORA_MAX_COUNTS_PER_REQUEST`).

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, HeaderMap};
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{BatchRequest, BatchResponse, Request, Response, Value};
use futures_util::StreamExt;

use super::client_address::client_address;
use super::request_middleware::request_id;
use super::{AppState, body_deadline};
use crate::auth::Principal;
use crate::error::AppError;
use crate::graphql::context::RequestContext;
use crate::graphql::counts::CountBudget;
use crate::graphql::errors::{error_response, render_errors};
use crate::graphql::loaders::Loaders;
use crate::request::CallerFacts;

/// `?locale=` on the endpoint: the reader's explicit choice.
#[derive(serde::Deserialize)]
pub struct EndpointQuery {
    pub(super) locale: Option<String>,
}

/// `POST /graphql`: one operation or a batch (a JSON array).
pub async fn post(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: web::Query<EndpointQuery>,
    payload: web::Payload,
) -> HttpResponse {
    let mut base = RequestBase::new(&http, &state, query.into_inner().locale);
    let limits = state.services.config.limits;
    let body = match read_body(payload, limits.max_body_bytes).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => {
            let error = AppError::PayloadTooLarge { limit_bytes: limits.max_body_bytes };
            return base.fail(&state, StatusCode::PAYLOAD_TOO_LARGE, error);
        }
        Err(BodyError::Broken(detail)) => {
            return base.fail(&state, StatusCode::BAD_REQUEST, AppError::BadRequest { detail });
        }
        Err(BodyError::TooSlow(detail)) => {
            return base.fail(&state, StatusCode::REQUEST_TIMEOUT, AppError::BadRequest { detail });
        }
    };
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(error) => {
            let detail = format!("the body is not a GraphQL request in JSON ({error})");
            return base.fail(&state, StatusCode::BAD_REQUEST, AppError::BadRequest { detail });
        }
    };
    if let Err(error) = base.authenticate(&state).await {
        return base.fail(&state, authentication_status(&error), error);
    }
    match batch {
        BatchRequest::Single(request) => json(StatusCode::OK, &base.execute(&state, request).await),
        BatchRequest::Batch(requests) if requests.is_empty() => {
            let detail = "the batch is empty".to_owned();
            base.fail(&state, StatusCode::BAD_REQUEST, AppError::BadRequest { detail })
        }
        BatchRequest::Batch(requests) if requests.len() > limits.max_batch => {
            base.fail(&state, StatusCode::OK, AppError::BatchTooLarge { limit: limits.max_batch })
        }
        BatchRequest::Batch(requests) => {
            let responses =
                futures_util::future::join_all(requests.into_iter().map(|request| base.execute(&state, request))).await;
            json(StatusCode::OK, &BatchResponse::Batch(responses))
        }
    }
}

/// `GET /graphql?query=…`: queries only; a mutation over GET is refused.
pub async fn get(state: web::Data<AppState>, http: HttpRequest, query: web::Query<EndpointQuery>) -> HttpResponse {
    let mut base = RequestBase::new(&http, &state, query.into_inner().locale);
    let request = match async_graphql::http::parse_query_string(http.query_string()) {
        Ok(request) => request,
        Err(error) => {
            let detail = format!("the query string is not a GraphQL request ({error})");
            return base.fail(&state, StatusCode::BAD_REQUEST, AppError::BadRequest { detail });
        }
    };
    if changes_state(&request) {
        return base.fail(&state, StatusCode::METHOD_NOT_ALLOWED, AppError::MutationOverGet);
    }
    if let Err(error) = base.authenticate(&state).await {
        return base.fail(&state, authentication_status(&error), error);
    }
    json(StatusCode::OK, &base.execute(&state, request).await)
}

/// What one HTTP request (or websocket handshake) tells about all the operations it carries.
pub(super) struct RequestBase {
    pub(super) facts: CallerFacts,
    principal: Option<Arc<Principal>>,
    /// The list totals its operations may still count.
    counts: CountBudget,
}

impl RequestBase {
    pub(super) fn new(http: &HttpRequest, state: &AppState, explicit_locale: Option<String>) -> Self {
        let facts = CallerFacts {
            client_address: client_address(http, &state.services.config.trusted_proxies),
            request_id: request_id(http),
            explicit_locale,
            accept_language: header_text(http.headers(), ACCEPT_LANGUAGE),
            authorization: header_text(http.headers(), AUTHORIZATION),
        };
        Self { facts, principal: None, counts: CountBudget::new(state.services.config.limits.max_counts) }
    }

    pub(super) async fn authenticate(&mut self, state: &AppState) -> Result<(), AppError> {
        self.principal = self.facts.authenticate(&state.services).await?;
        Ok(())
    }

    fn context(&self, state: &AppState, operation_locale: Option<&str>) -> RequestContext {
        self.facts.context(&state.services.localizer, self.principal.clone(), operation_locale)
    }

    async fn execute(&self, state: &AppState, request: Request) -> Response {
        let operation_locale = match request.extensions.get("locale") {
            Some(Value::String(locale)) => Some(locale.clone()),
            _ => None,
        };
        let context = self.context(state, operation_locale.as_deref());
        let loaders = Loaders::for_request(&state.services.db);
        let request = request.data(context.clone()).data(loaders).data(self.counts.clone());
        let mut response = state.schema.execute(request).await;
        render_errors(&mut response, &context, &state.services.localizer, &state.metrics);
        response
    }

    pub(super) fn fail(&self, state: &AppState, status: StatusCode, error: AppError) -> HttpResponse {
        let context = self.context(state, None);
        let response = error_response(error, &context, &state.services.localizer, &state.metrics);
        json(status, &response)
    }
}

/// 401 for a token that does not authenticate; 500 when checking it failed on our side.
fn authentication_status(error: &AppError) -> StatusCode {
    match error {
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNAUTHORIZED,
    }
}

fn json(status: StatusCode, body: &impl serde::Serialize) -> HttpResponse {
    match serde_json::to_vec(body) {
        Ok(bytes) => HttpResponse::build(status).content_type("application/json").body(bytes),
        Err(error) => {
            tracing::error!(%error, "serializing a GraphQL response failed");
            HttpResponse::InternalServerError().finish()
        }
    }
}

fn header_text(headers: &HeaderMap, name: actix_web::http::header::HeaderName) -> Option<String> {
    headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
}

/// Whether the operation a GET request would run is a mutation or a subscription. A document
/// that does not parse is left to the executor, which reports it as `BAD_REQUEST`.
fn changes_state(request: &Request) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return false;
    };
    let is_query = |ty: OperationType| ty == OperationType::Query;
    match (&document.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(operation), _) => !is_query(operation.node.ty),
        (DocumentOperations::Multiple(operations), Some(name)) => {
            operations.get(name).is_some_and(|operation| !is_query(operation.node.ty))
        }
        (DocumentOperations::Multiple(operations), None) => {
            operations.values().any(|operation| !is_query(operation.node.ty))
        }
    }
}

enum BodyError {
    TooLarge,
    /// Slower than `AGORA_REQUEST_BODY_TIMEOUT_SECS` (see `body_deadline`).
    TooSlow(String),
    Broken(String),
}

/// Reads the body, stopping as soon as it exceeds `limit` bytes.
async fn read_body(mut payload: web::Payload, limit: usize) -> Result<web::BytesMut, BodyError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| {
            if body_deadline::is_timeout(&error) {
                BodyError::TooSlow(error.to_string())
            } else {
                BodyError::Broken(error.to_string())
            }
        })?;
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
