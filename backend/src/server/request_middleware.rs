//! Around every request: a request id, a tracing span that carries it, one log line, and the
//! request metrics.
//!
//! The id is always the server's own (a UUIDv7): it ties log lines and audit entries to one
//! request, and an id chosen by the client could forge or collide with another request's trail.
//! A client's own `x-request-id`, if it has a sane form, is logged beside it for correlation.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, web};
use tracing::Instrument;

use super::AppState;

/// The id of the current request, stored in the request extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The middleware function.
pub async fn observe(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let client_request_id = request
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| is_sane_request_id(value))
        .map(str::to_owned);
    let request_id = crate::db::ids::new_id();
    request.extensions_mut().insert(RequestId(request_id.clone()));
    let method = request.method().to_string();
    let span = tracing::info_span!(
        "request",
        request_id = %request_id,
        client_request_id = client_request_id.as_deref(),
        method = %method,
        path = %request.path()
    );
    let started = Instant::now();

    let mut response = next.call(request).instrument(span.clone()).await?;

    let elapsed = started.elapsed();
    let status = response.status();
    let route = response.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    if let Some(state) = response.request().app_data::<web::Data<AppState>>() {
        state.metrics.http_requests.with_label_values(&[method.as_str(), route.as_str(), status.as_str()]).inc();
        state.metrics.http_duration.with_label_values(&[route.as_str()]).observe(elapsed.as_secs_f64());
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    span.in_scope(|| {
        tracing::info!(status = status.as_u16(), duration_ms = elapsed.as_secs_f64() * 1000.0, "request finished");
    });
    Ok(response)
}

/// The request id of a request that went through [`observe`].
pub fn request_id(request: &HttpRequest) -> String {
    request.extensions().get::<RequestId>().map_or_else(crate::db::ids::new_id, |id| id.0.clone())
}

fn is_sane_request_id(value: &str) -> bool {
    (1..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
