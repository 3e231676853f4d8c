//! Requests that would cost the server too much are refused with `QUERY_TOO_COMPLEX`;
//! documents that are not valid GraphQL with `BAD_REQUEST`; oversized bodies with
//! `PAYLOAD_TOO_LARGE`, always as a GraphQL error body.

use agora_tests::consultation_fixture::{OpenConsultation, comment, comment_input};
use agora_tests::{TestApp, engines, error_code};
use serde_json::{Value, json};

/// The message of a response's first error.
fn message(response: &Value) -> &str {
    response["errors"][0]["message"].as_str().unwrap_or_default()
}

/// `{ c0: consultations(first: 0) { totalCount } c1: … }`: `totals` list totals, each of them
/// nearly free for async-graphql's complexity (a page of nothing).
fn totals(totals: usize) -> String {
    let fields: String = (0..totals).map(|i| format!("c{i}: consultations(first: 0) {{ totalCount }} ")).collect();
    format!("{{ {fields} }}")
}

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

#[tokio::test]
async fn list_totals_are_capped_per_request_however_they_are_asked_for() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author =
            agora_tests::consultation_fixture::Person::verified(&app, "author@example.org", "Author", "en").await;
        for body in ["First", "Second", "Third"] {
            comment(&app, &author.token, comment_input(&open.round_id, body)).await;
        }
        // Ten totals are allowed, and still counted right.
        let ten = app.graphql(&totals(10), json!({})).await;
        assert!(ten["errors"].is_null(), "{engine:?}: {ten}");
        assert_eq!(ten["data"]["c9"]["totalCount"], 1);
        let comments = "query($slug: String!) { consultation(slug: $slug) {
            a: comments(first: 0) { totalCount } b: comments(first: 1) { totalCount edges { node { id } } } } }";
        let counted = app.graphql(comments, json!({ "slug": open.consultation.slug })).await;
        assert!(counted["errors"].is_null(), "{engine:?}: {counted}");
        assert_eq!(counted["data"]["consultation"]["a"]["totalCount"], 3);
        assert_eq!(counted["data"]["consultation"]["b"]["totalCount"], 3);

        // Eleven are refused before anything runs, as aliases or inside a page of items.
        let eleven = app.graphql(&totals(11), json!({})).await;
        assert_eq!(error_code(&eleven), "QUERY_TOO_COMPLEX", "{engine:?}: {eleven}");
        assert!(eleven["data"].is_null());
        assert!(message(&eleven).contains("totalCount") && message(&eleven).contains("10"), "{eleven}");
        let per_item = "query($first: Int) { consultations(first: $first) { totalCount
            edges { node { comments(first: 0) { totalCount } } } } }";
        let within = app.graphql(per_item, json!({ "first": 9 })).await;
        assert!(within["errors"].is_null(), "{engine:?}: {within}");
        let beyond = app.graphql(per_item, json!({ "first": 10 })).await;
        assert_eq!(error_code(&beyond), "QUERY_TOO_COMPLEX", "{engine:?}: {beyond}");
        // Without `first`, a page holds 20 items.
        let default_page = app.graphql(per_item, json!({})).await;
        assert_eq!(error_code(&default_page), "QUERY_TOO_COMPLEX", "{engine:?}: {default_page}");

        // The document of the report: 600 aliased totals of a consultation's comments.
        let fields: String = (0..600).map(|i| format!("t{i}: comments(first: 0) {{ totalCount }} ")).collect();
        let amplified = app.graphql(&format!("{{ consultation(slug: \"ai-act\") {{ {fields} }} }}"), json!({})).await;
        assert_eq!(error_code(&amplified), "QUERY_TOO_COMPLEX", "{engine:?}");

        // In French, with the limit.
        let french = app.post_json(json!({ "query": totals(11), "extensions": { "locale": "fr" } })).await;
        assert!(message(&french).contains("décomptes au maximum"), "{french}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_operations_of_a_batch_share_one_budget_of_totals() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let six = json!({ "query": totals(6) });
        let four = json!({ "query": totals(4) });
        let answers = app.post_json(json!([six, four])).await;
        let answers = answers.as_array().expect("a batch answers with a list");
        assert!(answers.iter().all(|answer| answer["errors"].is_null()), "{engine:?}: {answers:?}");

        // Ten documents each at the limit: the first one runs, the others would exceed it.
        let at_the_limit = json!({ "query": totals(10) });
        let answers = app.post_json(Value::Array(vec![at_the_limit; 10])).await;
        let answers = answers.as_array().expect("a batch answers with a list");
        assert!(answers[0]["errors"].is_null(), "{engine:?}: {}", answers[0]);
        for refused in &answers[1..] {
            assert_eq!(error_code(refused), "QUERY_TOO_COMPLEX", "{engine:?}: {refused}");
            assert!(refused["data"].is_null());
        }

        let answers = app.post_json(json!([six, six])).await;
        let answers = answers.as_array().expect("a batch answers with a list");
        assert!(answers[0]["errors"].is_null(), "{engine:?}: {}", answers[0]);
        assert_eq!(error_code(&answers[1]), "QUERY_TOO_COMPLEX", "{engine:?}: {}", answers[1]);
        app.stop().await;
    }
}

/// A page of `items` consultations with `fields` scalar fields each costs `items * (2 + fields) + 1`.
fn consultation_page(alias: &str, items: usize, fields: usize) -> String {
    let scalars =
        ["id", "slug", "title", "summary", "status", "createdAt", "originalLocale", "followerCount", "viewerFollows"];
    let selection = scalars[..fields].join(" ");
    format!("{alias}: consultations(first: {items}) {{ edges {{ node {{ {selection} }} }} }}")
}

#[tokio::test]
async fn each_list_total_adds_a_hundred_to_the_cost() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        // Four pages of 100 consultations with 9 fields: 4 × (100 × 11 + 1) = 4404, under 5000.
        let pages: String = (0..4).map(|i| consultation_page(&format!("p{i}"), 100, 9)).collect::<Vec<_>>().join(" ");
        let affordable = app.graphql(&format!("{{ {pages} }}"), json!({})).await;
        assert!(affordable["errors"].is_null(), "{engine:?}: {affordable}");
        // The same with six totals: 4404 + 6 × (1 + 100) = 5010.
        let totals: String = (0..6).map(|i| format!("c{i}: consultations(first: 0) {{ totalCount }} ")).collect();
        let costly = app.graphql(&format!("{{ {pages} {totals} }}"), json!({})).await;
        assert_eq!(error_code(&costly), "QUERY_TOO_COMPLEX", "{engine:?}: {costly}");
        assert!(message(&costly).contains("5010") && message(&costly).contains("5000"), "{costly}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_document_over_the_complexity_limit_alone_is_refused() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    // No alias, no total, seven levels: only its cost is too high (100 × (2 + 100 × 3 + 1) + 1).
    let query = "{ consultations(first: 100) { edges { node { comments(first: 100) { edges { node { id } } } } } } }";
    let response = app.graphql(query, json!({})).await;
    assert_eq!(error_code(&response), "QUERY_TOO_COMPLEX", "{response}");
    assert!(message(&response).contains("30301") && message(&response).contains("5000"), "{response}");
    let smaller = query.replace("first: 100) { edges { node { id", "first: 10) { edges { node { id");
    let response = app.graphql(&smaller, json!({})).await;
    assert!(response["errors"].is_null(), "{response}");
    app.stop().await;
}

/// A document whose fragment `F{levels}` spreads `F{levels-1}` twice, down to one field: a
/// kilobyte or two of text, 2^levels fields once expanded.
fn fragment_bomb(levels: usize) -> String {
    let mut document = format!("query {{ serverInfo {{ ...F{levels} }} }}\nfragment F0 on ServerInfo {{ version }}\n");
    for level in 1..=levels {
        document += &format!("fragment F{level} on ServerInfo {{ ...F{} ...F{} }}\n", level - 1, level - 1);
    }
    document
}

#[tokio::test]
async fn a_fragment_bomb_is_refused_without_being_expanded() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        // 2^40 fields: anything that expanded it (validation, the depth check) would never finish,
        // so an answer at all shows it was measured, not expanded. Meanwhile, an ordinary query
        // sent at the same moment is answered.
        let bomb = fragment_bomb(40);
        let deadline = std::time::Duration::from_secs(20);
        let (refused, ordinary) = tokio::time::timeout(
            deadline,
            futures_util::future::join(
                app.graphql(&bomb, json!({})),
                app.graphql("{ serverInfo { version } }", json!({})),
            ),
        )
        .await
        .expect("both answered: the bomb was measured without being expanded");
        assert_eq!(error_code(&refused), "QUERY_TOO_COMPLEX", "{engine:?}: {refused}");
        assert!(refused["data"].is_null(), "{refused}");
        assert!(ordinary["data"]["serverInfo"]["version"].is_string(), "{engine:?}: {ordinary}");
        app.stop().await;
    }
}

#[tokio::test]
async fn fragment_cycles_and_chains_are_refused_before_anything_walks_them() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let cycle =
            "{ serverInfo { ...A } } fragment A on ServerInfo { version ...B } fragment B on ServerInfo { ...A }";
        let response = app.graphql(cycle, json!({})).await;
        assert_eq!(error_code(&response), "BAD_REQUEST", "{engine:?}: {response}");
        assert!(message(&response).contains("spreads itself"), "{response}");
        // A chain of 100 fragments, each one level down from the last: 100 fields, nested far
        // deeper than validation should ever recurse.
        let mut chain = String::from("{ __schema { queryType { ...T0 } } }\n");
        for level in 0..100 {
            chain += &format!("fragment T{level} on __Type {{ name ofType {{ ...T{} }} }}\n", level + 1);
        }
        chain += "fragment T100 on __Type { name }\n";
        let response = app.graphql(&chain, json!({})).await;
        assert_eq!(error_code(&response), "QUERY_TOO_COMPLEX", "{engine:?}: {response}");
        assert!(message(&response).contains("64"), "{response}");
        app.stop().await;
    }
}
