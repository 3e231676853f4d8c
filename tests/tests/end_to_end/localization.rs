//! The locale of a response follows API.md: `?locale=` or `extensions.locale`, then the user's
//! preference, then `Accept-Language` by weight, then `en`; unknown tags fall back along their
//! parents. Error messages arrive in that locale with the same stable code.

use agora_tests::{TestApp, engines, error_code};
use serde_json::{Value, json};

const BROKEN: &str = "{ serverInfo { colour } }";

async fn message_with(app: &TestApp, path: &str, accept_language: Option<&str>, body: Value) -> (String, String) {
    let mut request = app.client.post(app.url(path)).json(&body);
    if let Some(header) = accept_language {
        request = request.header("accept-language", header);
    }
    let response: Value = request.send().await.expect("answer").json().await.expect("JSON");
    (error_code(&response).to_owned(), response["errors"][0]["message"].as_str().expect("message").to_owned())
}

#[tokio::test]
async fn errors_are_localized_by_explicit_choice_header_and_fallback() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let body = json!({ "query": BROKEN });
        let (code, english) = message_with(&app, "/graphql", None, body.clone()).await;
        assert_eq!(code, "BAD_REQUEST");
        assert!(english.starts_with("This request is not valid"), "{english}");

        let (code, french) = message_with(&app, "/graphql?locale=fr", Some("ru"), body.clone()).await;
        assert_eq!(code, "BAD_REQUEST");
        assert_ne!(french, english);

        let in_extensions = json!({ "query": BROKEN, "extensions": { "locale": "fr" } });
        assert_eq!(message_with(&app, "/graphql", Some("ru"), in_extensions).await.1, french);

        let (_, russian) = message_with(&app, "/graphql", Some("de;q=0.9, ru;q=0.8, en;q=0.1"), body.clone()).await;
        assert!(russian.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)), "{russian}");

        let (_, canadian_french) = message_with(&app, "/graphql?locale=fr-CA", None, body.clone()).await;
        assert_eq!(canadian_french, french);
        let (_, brazilian) = message_with(&app, "/graphql?locale=pt-BR", None, body.clone()).await;
        assert_eq!(brazilian, english);

        let (_, arabic) = message_with(&app, "/graphql?locale=ar", None, body.clone()).await;
        assert!(arabic.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "{arabic}");
        let (_, chinese) = message_with(&app, "/graphql?locale=zh", None, body).await;
        assert!(chinese.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "{chinese}");
        app.stop().await;
    }
}

#[tokio::test]
async fn server_info_reports_the_negotiated_locale() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let response: Value = app
        .client
        .post(app.url("/graphql"))
        .header("accept-language", "es-MX,es;q=0.9")
        .json(&json!({ "query": "{ serverInfo { requestLocale } }" }))
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("JSON");
    assert_eq!(response["data"]["serverInfo"]["requestLocale"], "es");
    app.stop().await;
}
