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

#[tokio::test]
async fn a_client_request_id_is_kept_and_a_forged_one_replaced() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let kept = app.client.get(app.url("/healthz")).header("x-request-id", "abc-123").send().await.expect("answer");
    assert_eq!(kept.headers()["x-request-id"], "abc-123");
    let replaced = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "<script>alert(1)</script>")
        .send()
        .await
        .expect("answer");
    assert_ne!(replaced.headers()["x-request-id"], "<script>alert(1)</script>");
    app.stop().await;
}
