//! The operational endpoints and the public `serverInfo` query, on every engine.

use agora_tests::{TestApp, engines};
use serde_json::json;

#[tokio::test]
async fn health_readiness_graphiql_and_metrics_answer() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let health = app.client.get(app.url("/healthz")).send().await.expect("healthz");
        assert_eq!(health.status(), 200, "{engine:?}");

        let ready = app.client.get(app.url("/readyz")).send().await.expect("readyz");
        assert_eq!(ready.status(), 200, "{engine:?}");
        let ready: serde_json::Value = ready.json().await.expect("JSON");
        assert_eq!(ready["status"], "ready");

        let graphiql = app.client.get(app.url("/graphiql")).send().await.expect("graphiql");
        assert_eq!(graphiql.status(), 200);
        assert!(graphiql.text().await.expect("HTML").contains("/graphql"));

        app.graphql("{ nope }", json!({})).await;
        let metrics = app.client.get(app.url("/metrics")).send().await.expect("metrics");
        assert_eq!(metrics.status(), 200);
        let metrics = metrics.text().await.expect("text");
        for name in [
            "agora_http_requests_total",
            "agora_http_request_duration_seconds_bucket",
            "agora_graphql_errors_total{code=\"BAD_REQUEST\"} 1",
            "agora_mail_outbox_depth 0",
        ] {
            assert!(metrics.contains(name), "{name} missing from /metrics:\n{metrics}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn server_info_is_public_and_every_response_has_a_request_id() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let response = app
            .client
            .post(app.url("/graphql"))
            .json(&json!({ "query": "{ serverInfo { version availableLocales defaultLocale requestLocale languages { tag name } } }" }))
            .send()
            .await
            .expect("answer");
        assert!(response.headers().contains_key("x-request-id"));
        let body: serde_json::Value = response.json().await.expect("JSON");
        let info = &body["data"]["serverInfo"];
        assert_eq!(info["version"], env!("CARGO_PKG_VERSION"), "{body}");
        assert_eq!(info["availableLocales"], json!(["ar", "en", "es", "fr", "ru", "zh-CN"]));
        assert_eq!(info["defaultLocale"], "en");
        assert_eq!(info["requestLocale"], "en");
        assert!(info["languages"].as_array().expect("list").contains(&json!({ "tag": "fr", "name": "Français" })));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_query_over_get_works_and_a_mutation_over_get_is_refused() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let query = app
            .client
            .get(app.url("/graphql"))
            .query(&[("query", "{ serverInfo { version } }")])
            .send()
            .await
            .expect("answer");
        assert_eq!(query.status(), 200);
        let body: serde_json::Value = query.json().await.expect("JSON");
        assert!(body["data"]["serverInfo"]["version"].is_string(), "{body}");

        let mutation = app
            .client
            .get(app.url("/graphql"))
            .query(&[("query", "mutation { anything }")])
            .send()
            .await
            .expect("answer");
        assert_eq!(mutation.status(), 405);
        let body: serde_json::Value = mutation.json().await.expect("JSON");
        assert_eq!(agora_tests::error_code(&body), "BAD_REQUEST");
        assert!(body["errors"][0]["message"].as_str().expect("message").contains("POST"));
        app.stop().await;
    }
}

/// The request id ties logs and audit entries to one request, so the server makes its own: a
/// client's id would let it forge or collide with another request's trail. A client's id (of a
/// sane form) is logged beside ours, never in its place.
#[tokio::test]
async fn the_server_names_every_request_itself() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        for sent in ["abc-123", "<script>alert(1)</script>"] {
            let answer = app.client.get(app.url("/healthz")).header("x-request-id", sent).send().await.expect("answer");
            let id = answer.headers()["x-request-id"].to_str().expect("an ASCII id").to_owned();
            assert_ne!(id, sent, "{engine:?}");
            assert!(uuid::Uuid::parse_str(&id).is_ok(), "{engine:?}: {id}");
        }
        app.stop().await;
    }
}

/// Metrics say how busy the platform is and how its mail fares: with a token, a scraper must
/// present it; without one, only a client on this machine that did not come through a proxy
/// reads them.
#[tokio::test]
async fn metrics_need_the_token_or_a_local_client() {
    for engine in engines() {
        let open = TestApp::spawn(engine).await;
        let local = open.client.get(open.url("/metrics")).send().await.expect("answer");
        assert_eq!(local.status(), 200, "{engine:?}");
        let proxied = open.client.get(open.url("/metrics")).header("x-forwarded-for", "203.0.113.9").send();
        assert_eq!(proxied.await.expect("answer").status(), 403, "{engine:?}");
        open.stop().await;

        let token = "scraper-token-0123456789";
        let guarded = TestApp::spawn_with(engine, &[("AGORA_METRICS_TOKEN", token)]).await;
        let metrics = || guarded.client.get(guarded.url("/metrics"));
        assert_eq!(metrics().send().await.expect("answer").status(), 401, "{engine:?}");
        assert_eq!(metrics().bearer_auth("wrong").send().await.expect("answer").status(), 401, "{engine:?}");
        let allowed = metrics().bearer_auth(token).send().await.expect("answer");
        assert_eq!(allowed.status(), 200, "{engine:?}");
        assert!(allowed.text().await.expect("text").contains("agora_http_requests_total"));
        guarded.stop().await;
    }
}

/// A client that sends its headers and then trickles the body is cut off at the body deadline
/// with a GraphQL error, instead of holding the connection as long as it likes.
#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_refused() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_REQUEST_BODY_TIMEOUT_SECS", "1")]).await;
        let address = app.base_url.strip_prefix("http://").expect("plain HTTP");
        let mut connection = tokio::net::TcpStream::connect(address).await.expect("a connection");
        let head =
            "POST /graphql HTTP/1.1\r\nHost: agora\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
        connection.write_all(head.as_bytes()).await.expect("headers sent");
        connection.write_all(b"{\"query\":").await.expect("a first part of the body");
        let started = std::time::Instant::now();
        let mut answer = Vec::new();
        let read = tokio::time::timeout(std::time::Duration::from_secs(5), connection.read_to_end(&mut answer)).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(read.is_ok(), "{engine:?}: still waiting after 5 s");
        assert!(answer.starts_with("HTTP/1.1 408"), "{engine:?}: {answer}");
        assert!(answer.contains("\"code\":\"BAD_REQUEST\""), "{engine:?}: {answer}");
        assert!(started.elapsed() < std::time::Duration::from_secs(3), "{engine:?}: {:?}", started.elapsed());
        app.stop().await;
    }
}
