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

use agora_tests::websocket::{close_frame, connect, handshake, initialized, receive, send};
use agora_tests::{TestApp, engines};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};

#[tokio::test]
async fn a_query_over_the_socket_streams_next_then_complete() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let mut socket = initialized(&app, None).await;
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
        let mut socket = initialized(&app, None).await;
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

#[tokio::test]
async fn a_shutdown_closes_every_socket_with_going_away_at_once() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let mut subscribed = initialized(&app, None).await;
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
        let mut socket = initialized(&app, None).await;
        // Five fragments of 16 KiB, never finished: 80 KiB, over the 64 KiB limit.
        let fragment = |opcode| Frame::message(vec![b' '; 16 * 1024], OpCode::Data(opcode), false);
        socket.send(Message::Frame(fragment(Data::Text))).await.expect("sending the first fragment");
        for _ in 0..4 {
            socket.send(Message::Frame(fragment(Data::Continue))).await.expect("sending a continuation");
        }
        let frame = close_frame(&mut socket, Duration::from_secs(5)).await;
        assert_eq!(frame.code, CloseCode::Size, "{engine:?}: {frame:?}");

        // Other sockets are unaffected.
        let mut other = initialized(&app, None).await;
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
        let first = initialized(&app, None).await;
        let _second = initialized(&app, None).await;

        match handshake(&app).await {
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
            match handshake(&app).await {
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
