//! Passwords, tokens and emailed secrets never reach a log line, even at debug level: the real
//! binary registers, signs in, refreshes and follows an emailed link while its log is read.
//! (The account speaks English so the `.eml` file carries its link in plain 7-bit text.)

mod support;

use serde_json::{Value, json};

#[test]
fn secrets_never_reach_the_log() {
    let mail = tempfile::tempdir().expect("a folder");
    let mail_url = format!("file://{}", mail.path().display());
    let mut server = support::Server::start(&[("AGORA_MAIL_URL", &mail_url), ("AGORA_MAIL_POLL_MS", "50")]);
    let password = "violet wind over the salt flats";
    let register = json!({
        "query": "mutation($input: RegisterInput!) { register(input: $input) }",
        "variables": { "input": { "email": "leila@example.org", "password": password, "displayName": "Leila", "country": "TN", "locale": "en" } }
    });
    server.http("POST", "/graphql", &register.to_string());
    server.wait_for("mail delivered");
    let eml = std::fs::read_dir(mail.path())
        .expect("the mail folder")
        .map(|entry| std::fs::read_to_string(entry.expect("an entry").path()).expect("an .eml file"))
        .next()
        .expect("the verification mail was written");
    let token_start = eml.find("token=").expect("a link with a token") + "token=".len();
    let verification: String =
        eml[token_start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    server.http("GET", &format!("/verify-email?token={verification}"), "");

    let login = json!({
        "query": "mutation($p: String!) { login(email: \"leila@example.org\", password: $p) { accessToken refreshToken } }",
        "variables": { "p": password }
    });
    let session: Value = serde_json::from_str(&server.http("POST", "/graphql", &login.to_string())).expect("JSON");
    let access = session["data"]["login"]["accessToken"].as_str().expect("an access token").to_owned();
    let refresh = session["data"]["login"]["refreshToken"].as_str().expect("a refresh token").to_owned();
    let refreshed = json!({ "query": "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }", "variables": { "t": refresh } });
    server.http("POST", "/graphql", &refreshed.to_string());
    let wrong = json!({ "query": "mutation { login(email: \"leila@example.org\", password: \"not the right one at all\") { accessToken } }" });
    server.http("POST", "/graphql", &wrong.to_string());

    let (status, lines) = server.stop();
    assert!(status.success());
    let log = lines.join("\n");
    assert!(log.contains("request finished"), "the requests were logged:\n{log}");
    for secret in [password, "not the right one at all", &verification, &access, &refresh] {
        assert!(!log.contains(secret), "a secret reached the log: {secret}\n{log}");
    }
}
