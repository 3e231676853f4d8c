//! `/graphql/ws` speaks graphql-transport-ws, on every engine: the handshake negotiates the
//! subprotocol, `connection_init` is acknowledged, an operation sent with `subscribe` streams
//! its result as `next` and ends with `complete`, and a protocol `ping` gets a `pong`.
//!
//! Clients (GraphiQL among them) use this endpoint for subscriptions; a query over it must
//! work too, so the same connection can carry every kind of operation.
//!
//! What one socket may cost is bounded: a message split over continuation frames is refused
//! past the body limit (1009), a socket that never sends `connection_init` is closed (4408),
//! and a shutdown closes every socket at once with 1001 (going away).

use std::time::{Duration, Instant};

use agora_tests::{TestApp, engines};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

const SUBPROTOCOL: &str = "graphql-transport-ws";

/// Opens `/graphql/ws` asking for graphql-transport-ws and checks that the server agreed.
async fn connect(app: &TestApp) -> Socket {
    let address = app.base_url.strip_prefix("http://").expect("the server speaks plain HTTP");
    let mut request = format!("ws://{address}/graphql/ws").into_client_request().expect("a WebSocket request");
    request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static(SUBPROTOCOL));
    let (socket, response) = tokio_tungstenite::connect_async(request).await.expect("the WebSocket handshake succeeds");
    let protocol = response.headers().get("sec-websocket-protocol").and_then(|value| value.to_str().ok());
    assert_eq!(protocol, Some(SUBPROTOCOL));
    socket
}

async fn send(socket: &mut Socket, message: Value) {
    socket.send(Message::text(message.to_string())).await.expect("sending a message");
}

/// The next protocol message (a JSON text frame), skipping WebSocket-level pings and pongs.
async fn receive(socket: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("the server answers within 10 s")
            .expect("the socket is still open")
            .expect("a valid WebSocket frame");
        match frame {
            Message::Text(text) => return serde_json::from_str(text.as_str()).expect("the message is JSON"),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("expected a text message, got {other:?}"),
        }
    }
}

/// Opens a socket and completes `connection_init` / `connection_ack`.
async fn initialized(app: &TestApp) -> Socket {
    let mut socket = connect(app).await;
    send(&mut socket, json!({ "type": "connection_init", "payload": {} })).await;
    let ack = receive(&mut socket).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
}

#[tokio::test]
async fn a_query_over_the_socket_streams_next_then_complete() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let mut socket = initialized(&app).await;
        send(
            &mut socket,
            json!({ "id": "1", "type": "subscribe", "payload": { "query": "{ serverInfo { version } }" } }),
        )
        .await;

        let next = receive(&mut socket).await;
        assert_eq!(next["type"], "next", "{engine:?}: {next}");
        assert_eq!(next["id"], "1");
        assert!(next["payload"]["errors"].is_null(), "{engine:?}: {next}");
        let version = &next["payload"]["data"]["serverInfo"]["version"];
        assert!(version.is_string(), "{engine:?}: {next}");
        assert_eq!(version, env!("CARGO_PKG_VERSION"));

        let complete = receive(&mut socket).await;
        assert_eq!(complete, json!({ "id": "1", "type": "complete" }), "{engine:?}");

        socket.close(None).await.expect("closing the socket");
        drop(socket);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_ping_gets_a_pong() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let mut socket = initialized(&app).await;
        send(&mut socket, json!({ "type": "ping" })).await;
        let pong = receive(&mut socket).await;
        assert_eq!(pong["type"], "pong", "{engine:?}: {pong}");

        // The connection keeps working after the ping.
        send(
            &mut socket,
            json!({ "id": "after-ping", "type": "subscribe", "payload": { "query": "{ serverInfo { version } }" } }),
        )
        .await;
        let next = receive(&mut socket).await;
        assert_eq!(next["type"], "next", "{engine:?}: {next}");
        assert_eq!(next["id"], "after-ping");
        assert!(next["payload"]["data"]["serverInfo"]["version"].is_string(), "{next}");
        assert_eq!(receive(&mut socket).await["type"], "complete");

        socket.close(None).await.expect("closing the socket");
        drop(socket);
        app.stop().await;
    }
}

#[tokio::test]
async fn connection_init_authenticates_the_socket() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let user = app.create_user("li.wei@example.org", "Li Wei", "zh-CN").await;
        let mut socket = connect(&app).await;
        let authorization = format!("Bearer {}", app.access_token(&user));
        send(&mut socket, json!({ "type": "connection_init", "payload": { "authorization": authorization } })).await;
        assert_eq!(receive(&mut socket).await["type"], "connection_ack");
        send(&mut socket, json!({ "id": "me", "type": "subscribe", "payload": { "query": "{ me { displayName } }" } }))
            .await;
        let next = receive(&mut socket).await;
        assert_eq!(next["payload"]["data"]["me"]["displayName"], "Li Wei", "{engine:?}: {next}");

        let mut refused = connect(&app).await;
        send(&mut refused, json!({ "type": "connection_init", "payload": { "authorization": "Bearer forged" } })).await;
        let closed = tokio::time::timeout(Duration::from_secs(10), refused.next()).await.expect("the server answers");
        match closed {
            Some(Ok(Message::Close(Some(frame)))) => {
                assert_eq!(frame.reason.as_str(), "UNAUTHENTICATED", "the refusal says why: {frame:?}");
            }
            Some(Ok(Message::Text(text))) => panic!("a forged token was accepted: {text}"),
            other => assert!(matches!(other, None | Some(Err(_)) | Some(Ok(Message::Close(None)))), "{other:?}"),
        }
        drop((socket, refused));
        app.stop().await;
    }
}

/// The next close frame the server sends (skipping pings, pongs and text), within `within`.
async fn close_frame(socket: &mut Socket, within: Duration) -> CloseFrame {
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

#[tokio::test]
async fn a_shutdown_closes_every_socket_with_going_away_at_once() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let mut subscribed = initialized(&app).await;
        send(
            &mut subscribed,
            json!({ "id": "live", "type": "subscribe",
                    "payload": { "query": "subscription { commentPublished(consultationId: \"Q29uc3VsdGF0aW9uOng\") { id } }" } }),
        )
        .await;
        let mut idle = connect(&app).await;

        let started = Instant::now();
        let stopping = tokio::spawn(app.stop());
        for socket in [&mut subscribed, &mut idle] {
            let frame = close_frame(socket, Duration::from_secs(2)).await;
            assert_eq!(frame.code, CloseCode::Away, "{engine:?}: {frame:?}");
        }
        stopping.await.expect("the server stops");
        let took = started.elapsed();
        assert!(took < Duration::from_secs(5), "{engine:?}: stopping with two sockets open took {took:?}");
    }
}

#[tokio::test]
async fn a_message_split_over_continuations_is_capped_at_the_body_limit() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_MAX_BODY_BYTES", "65536")]).await;
        let mut socket = initialized(&app).await;
        // Five fragments of 16 KiB, never finished: 80 KiB, over the 64 KiB limit.
        let fragment = |opcode| Frame::message(vec![b' '; 16 * 1024], OpCode::Data(opcode), false);
        socket.send(Message::Frame(fragment(Data::Text))).await.expect("sending the first fragment");
        for _ in 0..4 {
            socket.send(Message::Frame(fragment(Data::Continue))).await.expect("sending a continuation");
        }
        let frame = close_frame(&mut socket, Duration::from_secs(5)).await;
        assert_eq!(frame.code, CloseCode::Size, "{engine:?}: {frame:?}");

        // Other sockets are unaffected.
        let mut other = initialized(&app).await;
        send(
            &mut other,
            json!({ "id": "1", "type": "subscribe", "payload": { "query": "{ serverInfo { version } }" } }),
        )
        .await;
        assert_eq!(receive(&mut other).await["type"], "next", "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_socket_that_never_initialises_is_closed() {
    let checks = engines().into_iter().map(|engine| async move {
        let app = TestApp::spawn(engine).await;
        let mut socket = connect(&app).await;
        let started = Instant::now();
        let frame = close_frame(&mut socket, Duration::from_secs(15)).await;
        assert_eq!(frame.code, CloseCode::from(4408), "{engine:?}: {frame:?}");
        assert!(started.elapsed() >= Duration::from_secs(9), "{engine:?}: closed after {:?}", started.elapsed());
        app.stop().await;
    });
    futures_util::future::join_all(checks).await;
}

#[tokio::test]
async fn one_client_holds_a_bounded_number_of_sockets() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_WEBSOCKETS_PER_CLIENT", "2")]).await;
        let first = initialized(&app).await;
        let _second = initialized(&app).await;

        let address = app.base_url.strip_prefix("http://").expect("plain HTTP");
        let mut request = format!("ws://{address}/graphql/ws").into_client_request().expect("a WebSocket request");
        request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static(SUBPROTOCOL));
        match tokio_tungstenite::connect_async(request).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), 429, "{engine:?}");
                let body: Value = serde_json::from_slice(response.body().as_deref().unwrap_or_default())
                    .expect("a GraphQL error body");
                assert_eq!(agora_tests::error_code(&body), "RATE_LIMITED", "{engine:?}: {body}");
            }
            other => panic!("{engine:?}: a third socket was not refused: {:?}", other.map(|(_, response)| response)),
        }

        // Closing one frees its place.
        drop(first);
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let address = app.base_url.strip_prefix("http://").expect("plain HTTP");
            let mut request = format!("ws://{address}/graphql/ws").into_client_request().expect("a request");
            request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static(SUBPROTOCOL));
            match tokio_tungstenite::connect_async(request).await {
                Ok(_) => break,
                Err(error) => {
                    assert!(Instant::now() < deadline, "{engine:?}: the place was not freed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
        app.stop().await;
    }
}
