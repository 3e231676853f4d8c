//! Requests that would cost the server too much are refused with `QUERY_TOO_COMPLEX`;
//! documents that are not valid GraphQL with `BAD_REQUEST`; oversized bodies with
//! `PAYLOAD_TOO_LARGE`, always as a GraphQL error body.

use agora_tests::{TestApp, engines, error_code};
use serde_json::{Value, json};

#[tokio::test]
async fn five_hundred_aliases_are_refused() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let fields: String = (0..500).map(|i| format!("a{i}: serverInfo {{ version }} ")).collect();
        let response = app.graphql(&format!("{{ {fields} }}"), json!({})).await;
        assert_eq!(error_code(&response), "QUERY_TOO_COMPLEX", "{engine:?}");
        assert!(response["data"].is_null());
        assert!(response["errors"][0].get("locations").is_none(), "no made-up place in the document: {response}");
        app.stop().await;
    }
}

#[tokio::test]
async fn an_over_deep_query_is_refused() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let mut query = String::from("name");
    for _ in 0..20 {
        query = format!("ofType {{ {query} }}");
    }
    let response = app.graphql(&format!("{{ __type(name: \"Query\") {{ {query} }} }}"), json!({})).await;
    assert_eq!(error_code(&response), "QUERY_TOO_COMPLEX");
    assert!(response["errors"][0]["message"].as_str().expect("message").contains("15"));

    let shallow = app.graphql("{ __type(name: \"Query\") { ofType { name } } }", json!({})).await;
    assert!(shallow["errors"].is_null(), "{shallow}");
    app.stop().await;
}

#[tokio::test]
async fn a_batch_over_the_limit_is_refused_and_a_small_batch_runs() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let operation = json!({ "query": "{ serverInfo { version } }" });
    let too_many = app.post_json(Value::Array(vec![operation.clone(); 11])).await;
    assert_eq!(error_code(&too_many), "QUERY_TOO_COMPLEX");

    let small = app.post_json(Value::Array(vec![operation; 3])).await;
    let results = small.as_array().expect("a batch answers with a list");
    assert_eq!(results.len(), 3);
    assert!(results.iter().all(|result| result["data"]["serverInfo"]["version"].is_string()));
    app.stop().await;
}

#[tokio::test]
async fn malformed_and_invalid_documents_are_bad_requests() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let malformed = app.graphql("{ serverInfo { version ", json!({})).await;
    assert_eq!(error_code(&malformed), "BAD_REQUEST");

    let unknown_field = app.graphql("{ serverInfo { colour } }", json!({})).await;
    assert_eq!(error_code(&unknown_field), "BAD_REQUEST");
    assert!(unknown_field["errors"][0]["message"].as_str().expect("message").contains("colour"));

    let not_json = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body("{ this is not json")
        .send()
        .await
        .expect("answer");
    assert_eq!(not_json.status(), 400);
    let body: Value = not_json.json().await.expect("a GraphQL error body");
    assert_eq!(error_code(&body), "BAD_REQUEST");
    app.stop().await;
}

#[tokio::test]
async fn an_oversized_body_is_a_graphql_error() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let padding = " ".repeat(300 * 1024);
    let response = app
        .client
        .post(app.url("/graphql?locale=fr"))
        .header("content-type", "application/json")
        .body(format!("{{\"query\": \"{{ serverInfo {{ version }} }}{padding}\"}}"))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.expect("a GraphQL error body");
    assert_eq!(error_code(&body), "PAYLOAD_TOO_LARGE");
    assert!(body["errors"][0]["message"].as_str().expect("message").contains("256"), "{body}");
    app.stop().await;
}
