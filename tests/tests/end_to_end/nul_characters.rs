//! Text that a database cannot store: PostgreSQL refuses a NUL character (U+0000) in text where
//! SQLite keeps it. Every argument and variable holding one is refused with `VALIDATION` before
//! any resolver runs, and a path holding one answers 404, so both engines answer alike and none
//! with `INTERNAL`.

use agora_tests::consultation_fixture::OpenConsultation;
use agora_tests::{Engine, TestApp, engines, error_code};
use serde_json::{Value, json};

/// One probe of the API and what it answered.
#[derive(Debug, PartialEq)]
struct Answer {
    probe: &'static str,
    status: u16,
    body: Value,
}

/// GraphQL documents and variables carrying a NUL, and the argument or input field named.
const GRAPHQL_PROBES: &[(&str, &str, &str)] = &[
    ("course(slug)", r#"{ course(slug: "intro\u0000") { title } }"#, "slug"),
    ("consultation(slug)", r#"{ consultation(slug: "ai-act\u0000") { title } }"#, "slug"),
    ("consultations(search)", r#"{ consultations(search: "a\u0000i") { totalCount } }"#, "search"),
    ("organizations(country)", r#"{ organizations(country: "\u0000") { totalCount } }"#, "country"),
    ("node(id)", r#"{ node(id: "Q29uc3VsdGF0aW9uOgA\u0000") { id } }"#, "id"),
    ("verifyCertificate(code)", r#"{ verifyCertificate(code: "AG\u0000") { status } }"#, "code"),
    ("commentReceipt", r#"{ commentReceipt(trackingNumber: "\u0000") { status } }"#, "trackingNumber"),
    (
        "an input field",
        r#"mutation { register(input: { email: "a@example.org", password: "correct horse battery",
            displayName: "Zero\u0000Width", country: "KE", locale: "en" }) }"#,
        "displayName",
    ),
];

async fn probe_graphql(app: &TestApp) -> Vec<Answer> {
    let mut answers = Vec::new();
    for (probe, query, field) in GRAPHQL_PROBES {
        let response = app.graphql(query, json!({})).await;
        assert_eq!(error_code(&response), "VALIDATION", "{probe}: {response}");
        assert_eq!(response["errors"][0]["extensions"]["field"], *field, "{probe}: {response}");
        assert!(response["data"].is_null(), "{probe}: nothing runs: {response}");
        answers.push(Answer { probe, status: 200, body: response });
    }
    // The same through variables: a plain one, one deep in an input, a default value.
    let by_variable = [
        ("variable", "query($slug: String!) { course(slug: $slug) { title } }", json!({ "slug": "\u{0}" }), "slug"),
        (
            "variable holding an input",
            "mutation($input: RegisterInput!) { register(input: $input) }",
            json!({ "input": { "email": "a@example.org", "password": "correct horse battery",
                "displayName": "Zero\u{0}Width", "country": "KE", "locale": "en" } }),
            "displayName",
        ),
        (
            "default value",
            "query($search: String = \"\\u0000\") { consultations(search: $search) { totalCount } }",
            json!({}),
            "search",
        ),
    ];
    for (probe, query, variables, field) in by_variable {
        let response = app.graphql(query, variables).await;
        assert_eq!(error_code(&response), "VALIDATION", "{probe}: {response}");
        assert_eq!(response["errors"][0]["extensions"]["field"], field, "{probe}: {response}");
        answers.push(Answer { probe, status: 200, body: response });
    }
    // Over GET, the same rule.
    let get = app
        .client
        .get(app.url("/graphql"))
        .query(&[
            ("query", "query($q: String) { consultations(search: $q) { totalCount } }"),
            ("variables", r#"{"q":"\u0000"}"#),
        ])
        .send()
        .await
        .expect("an answer");
    let status = get.status().as_u16();
    let body: Value = get.json().await.expect("JSON");
    assert_eq!(error_code(&body), "VALIDATION", "GET: {body}");
    answers.push(Answer { probe: "GET /graphql", status, body });
    answers
}

/// Paths and query strings with `%00` (and, for contrast, a byte that is not UTF-8).
async fn probe_http(app: &TestApp) -> Vec<Answer> {
    let mut answers = Vec::new();
    for (probe, path) in [
        ("export of a NUL slug", "/exports/consultations/%00/comments.csv"),
        ("export of a slug ending in NUL", "/exports/consultations/ai-act%00/comments.json"),
        ("export file name with NUL", "/exports/consultations/ai-act/comments.csv%00"),
        ("certificate code with NUL", "/certificates/AG%00"),
        ("export of a slug that is not UTF-8", "/exports/consultations/%FF/comments.csv"),
        ("verification token with NUL", "/verify-email?token=%00"),
        ("unfollow token with NUL", "/unfollow?token=%00"),
    ] {
        let response = app.client.get(app.url(path)).send().await.expect("an answer");
        let status = response.status().as_u16();
        assert!(status < 500, "{probe}: {status}");
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        if probe.starts_with("export") || probe.starts_with("certificate") {
            assert_eq!(status, 404, "{probe}");
        }
        answers.push(Answer { probe, status, body });
    }
    answers
}

#[tokio::test]
async fn a_nul_character_is_refused_alike_on_both_engines() {
    let mut per_engine: Vec<(Engine, Vec<Answer>)> = Vec::new();
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        OpenConsultation::set_up(&app).await;
        let mut answers = probe_graphql(&app).await;
        answers.extend(probe_http(&app).await);
        // Nothing was stored: the account with a NUL in its name was never created.
        let export =
            app.client.get(app.url("/exports/consultations/ai-act/comments.csv")).send().await.expect("an answer");
        assert_eq!(export.status(), 200, "{engine:?}: the real export still works");
        per_engine.push((engine, answers));
        app.stop().await;
    }
    if let [(_, sqlite), (_, postgres)] = per_engine.as_slice() {
        for (on_sqlite, on_postgres) in sqlite.iter().zip(postgres) {
            assert_eq!(on_sqlite, on_postgres, "the engines answer {} differently", on_sqlite.probe);
        }
    }
}

#[tokio::test]
async fn an_unpaired_surrogate_never_reaches_a_resolver() {
    let mut per_engine = Vec::new();
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        // In the document, the GraphQL parser refuses the escape.
        let in_document = app.graphql(r#"{ course(slug: "\ud800") { title } }"#, json!({})).await;
        assert_eq!(error_code(&in_document), "BAD_REQUEST", "{engine:?}: {in_document}");
        // In JSON, the body does not parse as a request.
        let raw = r#"{"query":"query($s: String!) { course(slug: $s) { title } }","variables":{"s":"\ud800"}}"#;
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .expect("an answer");
        let status = response.status().as_u16();
        let in_variables: Value = response.json().await.expect("JSON");
        assert_eq!(error_code(&in_variables), "BAD_REQUEST", "{engine:?}: {in_variables}");
        per_engine.push((status, in_document, in_variables));
        app.stop().await;
    }
    assert!(per_engine.windows(2).all(|pair| pair[0] == pair[1]), "{per_engine:?}");
}
