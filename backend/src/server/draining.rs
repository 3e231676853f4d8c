//! A graceful stop that waits for work, not for idle connections.
//!
//! actix-web's own graceful stop waits until every connection has closed, and an idle
//! keep-alive connection (a browser tab, a load balancer's pool) only closes when its
//! keep-alive timer runs out. So the server counts what is really in flight instead: each
//! request from the moment it arrives until its response body has been sent (a websocket's body
//! lasts as long as the socket). On a stop, new connections are no longer accepted, open sockets
//! are told to close (see `websocket.rs`), responses ask their clients to close the connection,
//! and once nothing is in flight the remaining idle connections are dropped.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONNECTION, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use tokio::sync::{Notify, watch};

use super::AppState;

/// The requests whose responses are not finished yet.
#[derive(Default)]
pub struct InFlight {
    count: AtomicUsize,
    none_left: Notify,
}

impl InFlight {
    fn enter(self: &Arc<Self>) -> InFlightGuard {
        self.count.fetch_add(1, Ordering::AcqRel);
        InFlightGuard(Arc::clone(self))
    }

    /// Resolves once no request is in flight.
    async fn drained(&self) {
        loop {
            let notified = self.none_left.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.count.load(Ordering::Acquire) == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// One request in flight, until dropped with its response body.
struct InFlightGuard(Arc<InFlight>);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.none_left.notify_waiters();
        }
    }
}

/// The middleware: counts the request until its body is sent; while the server is stopping,
/// asks the client to close the connection after this response.
pub async fn track(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(state) = request.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let guard = state.in_flight.enter();
    let mut response = next.call(request).await?;
    if *state.closing.borrow() {
        response.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    }
    Ok(response.map_body(|_, body| TrackedBody { body: body.boxed(), _guard: guard }.boxed()))
}

/// A response body that keeps its request counted until it is sent or dropped.
struct TrackedBody {
    body: BoxBody,
    _guard: InFlightGuard,
}

impl MessageBody for TrackedBody {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.body).poll_next(cx)
    }
}

/// Begins a graceful stop of the HTTP server, from a signal or from the owner.
#[derive(Clone)]
pub struct Stopper {
    pub(super) http: ServerHandle,
    pub(super) closing: Arc<watch::Sender<bool>>,
    pub(super) in_flight: Arc<InFlight>,
    pub(super) timeout: Duration,
}

impl Stopper {
    /// Stops accepting connections, closes websockets, lets requests in flight finish (for at
    /// most the shutdown timeout), then ends the server.
    pub async fn stop(&self) {
        self.http.pause().await;
        let _ = self.closing.send(true);
        if tokio::time::timeout(self.timeout, self.in_flight.drained()).await.is_err() {
            tracing::warn!(
                timeout_seconds = self.timeout.as_secs(),
                "requests still in flight at the shutdown timeout"
            );
        }
        self.http.stop(false).await;
    }
}
