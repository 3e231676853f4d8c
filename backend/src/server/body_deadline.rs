//! A request body must arrive within `AGORA_REQUEST_BODY_TIMEOUT_SECS`.
//!
//! actix-web's client request timeout covers the headers only; without a deadline on the body, a
//! client sending one byte now and then holds a connection, and the buffer its handler fills,
//! for as long as it likes. Only methods that carry a body are timed: a websocket's payload is
//! the whole conversation and must not be cut.

use std::io;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use futures_util::{Stream, StreamExt};
use tokio::time::Instant;

use super::AppState;

/// The middleware: replaces the payload by one that fails once the deadline has passed.
pub async fn enforce(
    mut request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let carries_body = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH);
    let timeout = request.app_data::<web::Data<AppState>>().map(|state| state.services.config.request_body_timeout);
    if let (true, Some(timeout)) = (carries_body, timeout) {
        let deadline = Instant::now() + timeout;
        let payload = actix_web::HttpMessage::take_payload(&mut request);
        let timed = futures_util::stream::unfold(Some(payload), move |payload| async move {
            let mut payload = payload?;
            match tokio::time::timeout_at(deadline, payload.next()).await {
                Ok(Some(chunk)) => Some((chunk, Some(payload))),
                Ok(None) => None,
                Err(_) => Some((Err(timed_out()), None)),
            }
        });
        let timed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(timed);
        request.set_payload(Payload::from(timed));
    }
    next.call(request).await
}

fn timed_out() -> PayloadError {
    PayloadError::Io(io::Error::new(io::ErrorKind::TimedOut, "the request body did not arrive in time"))
}

/// Whether a payload error is this deadline's.
pub fn is_timeout(error: &PayloadError) -> bool {
    matches!(error, PayloadError::Io(error) if error.kind() == io::ErrorKind::TimedOut)
}
