//! A path holding a NUL character (`%00`) names nothing here.
//!
//! PostgreSQL refuses NUL in text where SQLite keeps it, so a path parameter carrying one (an
//! export's consultation slug, a certificate code) would be an internal error on one engine and
//! a miss on the other. Such a request is answered `NOT_FOUND` (HTTP 404) before any handler
//! runs, on both engines alike; a route added later is covered as well. (GraphQL arguments and
//! variables are checked in `graphql::text_input`; tokens in query strings are only hashed.)
//!
//! `%00` is the one spelling of NUL in a request target: percent-decoding is done once, and the
//! HTTP parser refuses a raw NUL byte.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web;

use super::AppState;
use super::graphql_http::RequestBase;
use crate::error::AppError;

/// The middleware: 404 for a path holding `%00`, the route's own answer otherwise.
pub async fn refuse(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let nul = request.path().as_bytes().windows(3).any(|window| window == b"%00");
    let state = request.app_data::<web::Data<AppState>>().cloned();
    match (nul, state) {
        (true, Some(state)) => {
            let response = RequestBase::new(request.request(), &state, None).fail(
                &state,
                StatusCode::NOT_FOUND,
                AppError::NotFound,
            );
            Ok(request.into_response(response).map_into_right_body())
        }
        _ => next.call(request).await.map(ServiceResponse::map_into_left_body),
    }
}
