//! A graphql-transport-ws client for `/graphql/ws`, speaking the protocol as GraphiQL and other
//! clients do: the handshake asks for the subprotocol, `connection_init` (with the access token
//! when signed in) waits for `connection_ack`, operations go out as `subscribe` messages and the
//! server's messages come back as JSON text frames.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::time::error::Elapsed;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::{Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::TestApp;

/// A client's end of `/graphql/ws`.
pub type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// The subprotocol every socket asks for.
pub const SUBPROTOCOL: &str = "graphql-transport-ws";

/// How long [`receive`] waits for the server.
const ANSWER_WITHIN: Duration = Duration::from_secs(10);

/// The handshake request for `/graphql/ws` on `app`, asking for graphql-transport-ws.
pub fn request(app: &TestApp) -> Request {
    let address = app.base_url.strip_prefix("http://").expect("the server speaks plain HTTP");
    let mut request = format!("ws://{address}/graphql/ws").into_client_request().expect("a WebSocket request");
    request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static(SUBPROTOCOL));
    request
}

/// The WebSocket handshake with `/graphql/ws`, as the server answers it (refusals included).
pub async fn handshake(app: &TestApp) -> tungstenite::Result<(Socket, Response)> {
    tokio_tungstenite::connect_async(request(app)).await
}

/// Opens `/graphql/ws` asking for graphql-transport-ws and checks that the server agreed.
pub async fn connect(app: &TestApp) -> Socket {
    let (socket, response) = handshake(app).await.expect("the WebSocket handshake succeeds");
    let protocol = response.headers().get("sec-websocket-protocol").and_then(|value| value.to_str().ok());
    assert_eq!(protocol, Some(SUBPROTOCOL));
    socket
}

/// Sends one protocol message as a text frame.
pub async fn send(socket: &mut Socket, message: Value) {
    try_send(socket, message).await.expect("sending a message");
}

/// Sends one protocol message as a text frame, which fails once the socket is closed.
pub async fn try_send(socket: &mut Socket, message: Value) -> tungstenite::Result<()> {
    socket.send(Message::text(message.to_string())).await
}

/// Sends `connection_init`, with `Bearer <token>` when `token` is given, and checks that the
/// server answers `connection_ack`.
pub async fn connection_init(socket: &mut Socket, token: Option<&str>) {
    let payload = match token {
        Some(token) => json!({ "authorization": format!("Bearer {token}") }),
        None => json!({}),
    };
    send(socket, json!({ "type": "connection_init", "payload": payload })).await;
    let ack = receive(socket).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
}

/// Opens a socket and completes `connection_init` / `connection_ack`, signed in with `token` if
/// given, anonymous otherwise.
pub async fn initialized(app: &TestApp, token: Option<&str>) -> Socket {
    let mut socket = connect(app).await;
    connection_init(&mut socket, token).await;
    socket
}

/// The next frame within `wait` that is not a WebSocket ping or pong: `Err` if none came in time,
/// `Ok(None)` once the stream has ended.
pub async fn next_frame(socket: &mut Socket, wait: Duration) -> Result<Option<tungstenite::Result<Message>>, Elapsed> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, socket.next()).await? {
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            frame => return Ok(frame),
        }
    }
}

/// The next protocol message (a JSON text frame) within `wait`; `None` if none came. Panics
/// when the socket closes or sends anything else.
pub async fn receive_within(socket: &mut Socket, wait: Duration) -> Option<Value> {
    let frame = next_frame(socket, wait).await.ok()?;
    match frame.expect("the socket is still open").expect("a valid WebSocket frame") {
        Message::Text(text) => Some(serde_json::from_str(text.as_str()).expect("the message is JSON")),
        other => panic!("expected a text message, got {other:?}"),
    }
}

/// The next protocol message (a JSON text frame), which the server must send within 10 s.
pub async fn receive(socket: &mut Socket) -> Value {
    receive_within(socket, ANSWER_WITHIN).await.expect("the server sends a message within 10 s")
}

/// The next protocol message, which the server must send within 10 s; `None` once the socket is
/// closed (by a close frame, the end of the stream or an error).
pub async fn receive_unless_closed(socket: &mut Socket) -> Option<Value> {
    match next_frame(socket, ANSWER_WITHIN).await.expect("the server answers within 10 s") {
        Some(Ok(Message::Text(text))) => Some(serde_json::from_str(text.as_str()).expect("the message is JSON")),
        _ => None,
    }
}

/// The GraphQL response that an answer to `subscribe` carries: the payload of `next`, or the
/// errors of `error` as `{ "errors": … }`; `None` for any other message.
pub fn response_of(message: &Value) -> Option<Value> {
    match message["type"].as_str() {
        Some("next") => Some(message["payload"].clone()),
        Some("error") => Some(json!({ "errors": message["payload"] })),
        _ => None,
    }
}

/// The next close frame the server sends (skipping pings, pongs and text), within `within`.
pub async fn close_frame(socket: &mut Socket, within: Duration) -> CloseFrame {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let frame = tokio::time::timeout_at(deadline, socket.next())
            .await
            .expect("the server closes the socket in time")
            .expect("a close frame before the end of the stream")
            .expect("a valid WebSocket frame");
        if let Message::Close(frame) = frame {
            return frame.expect("the close frame gives a code");
        }
    }
}
