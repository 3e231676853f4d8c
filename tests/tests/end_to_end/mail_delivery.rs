//! The outbox delivers through lettre's real SMTP transport to a server on loopback, retries
//! with backoff across a restart, keeps one Message-ID, and gives up after the configured
//! number of attempts keeping the last error, until a platform admin requeues it.

use std::time::Duration;

use agora::db::write_transaction;
use agora::error::AppError;
use agora::mail::outbox::{self, OutboxMessage};
use agora::mail::{Recipient, templates};
use agora_tests::smtp_server::SmtpServer;
use agora_tests::{TestApp, engines};
use fluent_bundle::FluentValue;
use serde_json::json;

async fn queue_test_message(app: &TestApp, to: &str, locale: &str) -> String {
    let mailer = app.services.mailer.clone();
    let recipient =
        Recipient { address: to.to_owned(), name: Some("Amina".into()), locale: locale.parse().expect("tag") };
    let queued = app
        .services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                mailer
                    .enqueue(
                        connection,
                        templates::TEST,
                        &recipient,
                        &[("serverUrl", FluentValue::from("http://agora.test/"))],
                    )
                    .map_err(AppError::from)
            })
        })
        .await;
    let id = queued.unwrap_or_else(|error| panic!("queueing failed: {error:?}"));
    app.services.mailer.wake_worker();
    id
}

async fn outbox_row(app: &TestApp, id: &str) -> OutboxMessage {
    let id = id.to_owned();
    let row = app.services.db.run(move |connection| Ok(outbox::find(connection, &id)?)).await;
    row.unwrap_or_else(|error| panic!("reading the outbox failed: {error:?}")).expect("the row exists")
}

async fn wait_for_attempts(smtp: &SmtpServer, count: usize) {
    for _ in 0..200 {
        if smtp.attempts().len() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the SMTP server saw {} attempts, expected {count}", smtp.attempts().len());
}

#[tokio::test]
async fn transient_failures_are_retried_across_a_restart_with_one_message_id() {
    for engine in engines() {
        let smtp = SmtpServer::start_failing_first(2).await;
        let mut app = TestApp::spawn_with(engine, &[("AGORA_MAIL_URL", &smtp.url())]).await;
        let id = queue_test_message(&app, "amina@example.org", "fr").await;

        wait_for_attempts(&smtp, 1).await;
        app.restart().await;

        let delivered = smtp.wait_for_delivered(1, Duration::from_secs(15)).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(smtp.delivered().len(), 1, "{engine:?}: exactly one delivery");
        let attempts = smtp.attempts();
        assert_eq!(attempts.len(), 3, "{engine:?}: 451, 451, then 250");
        let message_id = delivered[0].header("Message-ID").expect("a Message-ID");
        assert!(attempts.iter().all(|attempt| attempt.header("Message-ID").as_deref() == Some(message_id.as_str())));
        assert_eq!(delivered[0].rcpt_to, ["amina@example.org"]);
        assert!(delivered[0].header("Subject").is_some());
        assert_eq!(delivered[0].header("Content-Language").as_deref(), Some("fr"));

        let row = wait_until_settled(&app, &id).await;
        assert_eq!(row.status, outbox::status::SENT);
        assert_eq!(row.attempts, 3);
        assert_eq!(row.message_id, message_id);
        app.stop().await;
    }
}

#[tokio::test]
async fn delivery_gives_up_after_the_last_attempt_and_keeps_the_error() {
    for engine in engines() {
        let smtp = SmtpServer::start_failing_first(10).await;
        let app =
            TestApp::spawn_with(engine, &[("AGORA_MAIL_URL", &smtp.url()), ("AGORA_MAIL_MAX_ATTEMPTS", "2")]).await;
        let id = queue_test_message(&app, "nobody@example.org", "en").await;
        let row = wait_until_settled(&app, &id).await;
        assert_eq!(row.status, outbox::status::FAILED, "{engine:?}");
        assert_eq!(row.attempts, 2);
        assert!(row.last_error.as_deref().is_some_and(|error| error.contains("451")), "{:?}", row.last_error);
        assert_eq!(smtp.attempts().len(), 2);
        app.stop().await;
    }
}

#[tokio::test]
async fn an_admin_requeues_mail_given_up_and_it_is_delivered_once() {
    for engine in engines() {
        let smtp = SmtpServer::start_failing_first(2).await;
        let app =
            TestApp::spawn_with(engine, &[("AGORA_MAIL_URL", &smtp.url()), ("AGORA_MAIL_MAX_ATTEMPTS", "2")]).await;
        let admin = app.access_token(&app.create_admin("root@example.org").await);
        let id = queue_test_message(&app, "nobody@example.org", "en").await;
        assert_eq!(wait_until_settled(&app, &id).await.status, outbox::status::FAILED, "{engine:?}");
        assert_eq!(failed_mail_gauge(&app).await, 1, "{engine:?}");

        let listing =
            "{ failedMail { totalCount edges { node { id recipientAddress template lastError attempts } } } }";
        let listed = app.graphql_as(&admin, listing, json!({})).await;
        let failed = &listed["data"]["failedMail"];
        assert_eq!(failed["totalCount"], 1, "{engine:?}: {listed}");
        let message = &failed["edges"][0]["node"];
        assert_eq!(message["recipientAddress"], "nobody@example.org");
        assert_eq!(message["template"], templates::TEST);
        assert_eq!(message["attempts"], 2);
        assert!(message["lastError"].as_str().is_some_and(|error| error.contains("451")), "{listed}");

        let requeue = "mutation($ids: [ID!]) { requeueFailedMail(ids: $ids) }";
        let requeued = app.graphql_as(&admin, requeue, json!({ "ids": [message["id"]] })).await;
        assert_eq!(requeued["data"]["requeueFailedMail"], 1, "{engine:?}: {requeued}");
        smtp.wait_for_delivered(1, Duration::from_secs(15)).await;
        let row = wait_until_settled(&app, &id).await;
        assert_eq!((row.status.as_str(), row.attempts), (outbox::status::SENT, 1), "{engine:?}: attempts afresh");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(smtp.delivered().len(), 1, "{engine:?}: delivered exactly once");
        assert_eq!(smtp.attempts().len(), 3, "{engine:?}: 451, 451, then 250 after the requeue");
        assert_eq!(failed_mail_gauge(&app).await, 0, "{engine:?}");

        let again = app.graphql_as(&admin, requeue, json!({})).await;
        assert_eq!(again["data"]["requeueFailedMail"], 0, "{engine:?}: nothing is failed any more: {again}");
        let audit = "{ auditLog(action: \"mail.requeue_failed\") { edges { node { details } } } }";
        let audited = app.graphql_as(&admin, audit, json!({})).await;
        let entries = audited["data"]["auditLog"]["edges"].as_array().cloned().unwrap_or_default();
        let details: Vec<_> = entries.iter().map(|entry| entry["node"]["details"]["requeued"].clone()).collect();
        assert_eq!(details, [json!(0), json!(1)], "{engine:?}: one entry per requeue, newest first: {audited}");
        app.stop().await;
    }
}

/// The `agora_mail_failed` gauge as `/metrics` shows it (the test client is local).
async fn failed_mail_gauge(app: &TestApp) -> i64 {
    let response = app.client.get(app.url("/metrics")).send().await.expect("the server answers");
    let text = response.text().await.expect("the metrics text");
    let line = text.lines().find_map(|line| line.strip_prefix("agora_mail_failed "));
    line.and_then(|value| value.trim().parse().ok()).unwrap_or_else(|| panic!("no agora_mail_failed in:\n{text}"))
}

#[tokio::test]
async fn mail_is_rendered_in_the_recipient_language_as_text_and_html() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let id = queue_test_message(&app, "dmitri@example.org", "ru").await;
    wait_until_settled(&app, &id).await;
    let mail = app.captured_mail();
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("Content-Type: text/plain"));
    assert!(mail[0].contains("Content-Type: text/html"));
    assert!(mail[0].contains("Content-Language: ru"));
    let row = outbox_row(&app, &id).await;
    assert!(row.body_text.contains("Amina"));
    assert!(row.body_text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)), "Russian text: {}", row.body_text);
    app.stop().await;
}

#[tokio::test]
async fn the_file_transport_writes_one_eml_per_message() {
    let mail_dir = tempfile::tempdir().expect("a folder");
    let url = format!("file://{}", mail_dir.path().display());
    let app = TestApp::spawn_with(agora_tests::Engine::Sqlite, &[("AGORA_MAIL_URL", &url)]).await;
    let first = queue_test_message(&app, "a@example.org", "es").await;
    let second = queue_test_message(&app, "b@example.org", "zh-CN").await;
    wait_until_settled(&app, &first).await;
    wait_until_settled(&app, &second).await;
    for id in [&first, &second] {
        let eml = std::fs::read_to_string(mail_dir.path().join(format!("{id}.eml"))).expect("the .eml file exists");
        assert!(eml.contains("Message-ID:"));
    }
    app.stop().await;
}

async fn wait_until_settled(app: &TestApp, id: &str) -> OutboxMessage {
    for _ in 0..300 {
        let row = outbox_row(app, id).await;
        if row.status != outbox::status::PENDING {
            return row;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("message {id} was neither sent nor given up");
}
