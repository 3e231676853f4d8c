//! `/graphql/ws`: GraphQL over a websocket (graphql-transport-ws, and the older
//! subscriptions-transport-ws), driven here rather than by a library actor so that the server
//! decides what one socket may cost and how it ends:
//!
//! - a message split over continuation frames is assembled only up to the HTTP body limit
//!   (`AGORA_MAX_BODY_BYTES`), as is a single frame up to 64 KiB; past either the socket closes
//!   with 1009 (message too big);
//! - a client that has not sent `connection_init` within [`INIT_TIMEOUT`] is closed with 4408,
//!   and one that stops answering pings is dropped;
//! - one client address (an IPv6 /64) holds at most `AGORA_WEBSOCKETS_PER_CLIENT` sockets on an
//!   instance; the handshake past that answers 429 with a `RATE_LIMITED` error;
//! - when the server shuts down, every socket gets a 1001 (going away) close frame at once
//!   instead of being cut off when the shutdown timeout runs out.
//!
//! The client authenticates with `{ "authorization": "Bearer …" }` in the `connection_init`
//! payload.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::SEC_WEBSOCKET_PROTOCOL;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{CloseCode, CloseReason, Item, Message, MessageStream, ProtocolError, Session};
use async_graphql::Data;
use async_graphql::http::{WebSocket, WebSocketProtocols, WsMessage};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::AppState;
use super::graphql_http::{EndpointQuery, RequestBase};
use crate::error::AppError;
use crate::live::quota::SocketQuota;
use crate::request::{SocketCaller, client_key};

/// How long a client may take to send `connection_init` after the handshake.
pub const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the server pings; a client silent for [`CLIENT_TIMEOUT`] is gone.
const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(5);
const CLIENT_TIMEOUT: Duration = Duration::from_secs(15);
/// The largest single frame; larger messages arrive as continuations (capped as a whole).
const MAX_FRAME_BYTES: usize = 64 * 1024;
/// Messages read from the client but not yet taken by the GraphQL protocol handler. The
/// handler drains them whenever the loop turns, so only a client that floods reaches this.
const INBOX_CAPACITY: usize = 256;
/// How long one outgoing message may wait for a client that does not read.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// The close code graphql-transport-ws gives to a connection that never initialised.
const INIT_TIMEOUT_CODE: u16 = 4408;

/// `GET /graphql/ws`: the handshake; the socket is then served by its own task.
pub async fn websocket(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: web::Query<EndpointQuery>,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    let Some(protocol) = offered_protocol(&http) else {
        return Ok(
            HttpResponse::BadRequest().body("Ask for the graphql-transport-ws subprotocol in Sec-WebSocket-Protocol.")
        );
    };
    let base = RequestBase::new(&http, &state, query.into_inner().locale);
    let client = client_key(base.facts.client_address);
    let Some(slot) = state.sockets.take(client, state.services.config.websockets_per_client) else {
        let error = AppError::RateLimited { retry_after_minutes: 1 };
        return Ok(base.fail(&state, StatusCode::TOO_MANY_REQUESTS, error));
    };
    let (response, session, messages) =
        actix_ws::handle_with_protocols(&http, payload, &[protocol.sec_websocket_protocol()])?;
    let messages = messages.max_frame_size(MAX_FRAME_BYTES);
    actix_web::rt::spawn(async move {
        serve_socket(state, base, protocol, session, messages).await;
        drop(slot);
    });
    Ok(response)
}

/// The first subprotocol the client offers that the server speaks.
fn offered_protocol(http: &HttpRequest) -> Option<WebSocketProtocols> {
    http.headers()
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|offered| offered.split(','))
        .find_map(|offered| WebSocketProtocols::from_str(offered.trim()).ok())
}

/// Carries messages between the client and the GraphQL protocol handler until either side ends
/// the conversation or the server shuts down, then closes the socket with the reason.
async fn serve_socket(
    state: web::Data<AppState>,
    base: RequestBase,
    protocol: WebSocketProtocols,
    mut session: Session,
    mut incoming: MessageStream,
) {
    let mut assembly = Assembly::new(state.services.config.limits.max_body_bytes);
    let mut closing = state.closing.clone();
    let initialized = Arc::new(AtomicBool::new(false));
    let (inbox, mut inbox_reader) = mpsc::channel::<Vec<u8>>(INBOX_CAPACITY);
    let inbox_reader = futures_util::stream::poll_fn(move |cx| inbox_reader.poll_recv(cx));
    let on_init = {
        let state = state.clone();
        let initialized = Arc::clone(&initialized);
        move |payload: serde_json::Value| connection_init(state, base, initialized, payload)
    };
    let mut graphql = WebSocket::new(state.schema.clone(), inbox_reader, protocol).on_connection_init(on_init);
    let init_deadline = tokio::time::sleep(INIT_TIMEOUT);
    tokio::pin!(init_deadline);
    let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT_INTERVAL, HEARTBEAT_INTERVAL);
    let mut last_heard = Instant::now();

    let close = loop {
        tokio::select! {
            _ = closing.wait_for(|closing| *closing) => break Some(reason(CloseCode::Away, "the server is shutting down")),
            _ = &mut init_deadline, if !initialized.load(Ordering::Acquire) => {
                break Some(reason(CloseCode::Other(INIT_TIMEOUT_CODE), "Connection initialisation timeout"));
            }
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > CLIENT_TIMEOUT || session.ping(b"").await.is_err() {
                    break None;
                }
            }
            message = incoming.recv() => {
                last_heard = Instant::now();
                let text = match message {
                    None => break None,
                    Some(Ok(Message::Text(text))) => text.into_bytes().to_vec(),
                    Some(Ok(Message::Binary(bytes))) => bytes.to_vec(),
                    Some(Ok(Message::Continuation(item))) => match assembly.add(item) {
                        Ok(Some(message)) => message,
                        Ok(None) => continue,
                        Err(TooBig) => break Some(reason(CloseCode::Size, "message too big")),
                    },
                    Some(Ok(Message::Ping(bytes))) => {
                        if session.pong(&bytes).await.is_err() {
                            break None;
                        }
                        continue;
                    }
                    Some(Ok(Message::Pong(_) | Message::Nop)) => continue,
                    Some(Ok(Message::Close(_))) => break Some(reason(CloseCode::Normal, "")),
                    Some(Err(ProtocolError::Overflow)) => break Some(reason(CloseCode::Size, "message too big")),
                    Some(Err(_)) => break Some(reason(CloseCode::Protocol, "protocol error")),
                };
                if inbox.try_send(text).is_err() {
                    break Some(reason(CloseCode::Policy, "too many messages at once"));
                }
            }
            reply = graphql.next() => match reply {
                Some(WsMessage::Text(text)) => {
                    if !matches!(tokio::time::timeout(SEND_TIMEOUT, session.text(text)).await, Ok(Ok(()))) {
                        break None;
                    }
                }
                Some(WsMessage::Close(code, message)) => break Some(reason(CloseCode::from(code), &message)),
                None => break Some(reason(CloseCode::Normal, "")),
            },
        }
    };
    let _ = session.close(close).await;
}

/// `connection_init`: authenticates the caller from the payload's `authorization` and gives the
/// socket its session data.
async fn connection_init(
    state: web::Data<AppState>,
    mut base: RequestBase,
    initialized: Arc<AtomicBool>,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    initialized.store(true, Ordering::Release);
    base.facts.authorization = payload.get("authorization").and_then(|value| value.as_str()).map(str::to_owned);
    // The refusal closes the socket, and a close reason must fit in 123 bytes: a localized
    // sentence may not, so the reason is the stable code.
    if let Err(error) = base.authenticate(&state).await {
        return Err(async_graphql::Error::new(error.code().as_str()));
    }
    let mut data = Data::default();
    data.insert(SocketCaller(base.facts));
    data.insert(SocketQuota::default());
    Ok(data)
}

/// The open sockets of each client address on this instance (`AGORA_WEBSOCKETS_PER_CLIENT`).
/// Sockets are a resource of the instance that holds them, so the count is kept in memory.
#[derive(Default)]
pub struct ClientSockets(Arc<Mutex<HashMap<String, usize>>>);

impl ClientSockets {
    /// A place for one more socket of `client`, unless it already holds `limit`.
    fn take(&self, client: String, limit: usize) -> Option<SocketSlot> {
        let mut open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(client.clone()).or_default();
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(SocketSlot { sockets: Arc::clone(&self.0), client })
    }
}

/// One open socket of a client; dropping it frees the place.
struct SocketSlot {
    sockets: Arc<Mutex<HashMap<String, usize>>>,
    client: String,
}

impl Drop for SocketSlot {
    fn drop(&mut self) {
        let mut open = self.sockets.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}

/// A message arriving in continuation frames, assembled up to a limit.
struct Assembly {
    parts: Vec<u8>,
    limit: usize,
}

/// The assembled message would exceed the limit.
struct TooBig;

impl Assembly {
    fn new(limit: usize) -> Self {
        Self { parts: Vec::new(), limit }
    }

    /// Adds a frame; the whole message once its last frame has arrived.
    fn add(&mut self, item: Item) -> Result<Option<Vec<u8>>, TooBig> {
        let (bytes, last) = match item {
            Item::FirstText(bytes) | Item::FirstBinary(bytes) => {
                self.parts.clear();
                (bytes, false)
            }
            Item::Continue(bytes) => (bytes, false),
            Item::Last(bytes) => (bytes, true),
        };
        if self.parts.len() + bytes.len() > self.limit {
            self.parts = Vec::new();
            return Err(TooBig);
        }
        self.parts.extend_from_slice(&bytes);
        Ok(last.then(|| std::mem::take(&mut self.parts)))
    }
}

fn reason(code: CloseCode, description: &str) -> CloseReason {
    CloseReason { code, description: Some(description.to_owned()).filter(|text| !text.is_empty()) }
}
