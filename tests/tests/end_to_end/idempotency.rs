//! Idempotency keys on the creating mutations (`submitComment`, `createConsultation`,
//! `createCommentRound`, `createOrganization`), on every engine: a client that retries a request
//! whose answer it never got, with the same key and input, gets the first object back and
//! nothing is created, mailed or audited twice, however many retries race, on one instance or
//! two; the same key with another input is `CONFLICT`; keys belong to one account and one
//! operation, and count for 24 hours.

use agora_tests::consultation_fixture::{
    OpenConsultation, Person, comment_input, consultation_input, error_field, published_count, round_input, success,
    tally, try_comment,
};
use agora_tests::{TestApp, engines, error_code};
use futures_util::future::join_all;
use serde_json::{Value, json};

const SUBMIT: &str = "mutation($input: SubmitCommentInput!) { submitComment(input: $input) { id trackingNumber } }";
const CREATE_CONSULTATION: &str =
    "mutation($input: CreateConsultationInput!) { createConsultation(input: $input) { id slug } }";
const CREATE_ROUND: &str = "mutation($input: CreateCommentRoundInput!) { createCommentRound(input: $input) { id } }";
const CREATE_ORGANIZATION: &str =
    "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name } }";
const AUDITED: &str = "query($action: String!) { auditLog(action: $action) { totalCount } }";

/// `input` with an `idempotencyKey`.
fn keyed(mut input: Value, key: &str) -> Value {
    input["idempotencyKey"] = json!(key);
    input
}

/// How many audit entries of `action` there are, as a platform admin reads them.
async fn audited(app: &TestApp, admin: &Person, action: &str) -> i64 {
    let log = app.graphql_as(&admin.token, AUDITED, json!({ "action": action })).await;
    log["data"]["auditLog"]["totalCount"].as_i64().unwrap_or_else(|| panic!("no audit count: {log}"))
}

fn organization_input(name: &str) -> Value {
    json!({ "name": name, "kind": "CIVIL_SOCIETY", "country": "KE" })
}

#[tokio::test]
async fn a_retried_comment_returns_the_first_one_and_sends_one_receipt() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let input = keyed(comment_input(&open.round_id, "The registration duty is too heavy."), "c7e1-retry");

        let first = try_comment(&app, &author.token, input.clone()).await;
        let retried = try_comment(&app, &author.token, input.clone()).await;
        let (first, retried) = (success(&first, "submitComment"), success(&retried, "submitComment"));
        assert_eq!(retried["id"], first["id"], "{engine:?}: the same comment");
        assert_eq!(retried["trackingNumber"], first["trackingNumber"], "{engine:?}: the same tracking number");
        assert_eq!(published_count(&app, &open.consultation.id).await, 1, "{engine:?}");
        assert_eq!(app.mail_to(&author.email).await.len(), 1, "{engine:?}: one receipt");

        let other_text = keyed(comment_input(&open.round_id, "Another text under the same key."), "c7e1-retry");
        let reused = try_comment(&app, &author.token, other_text).await;
        assert_eq!(error_code(&reused), "CONFLICT", "{engine:?}: {reused}");
        let message = reused["errors"][0]["message"].as_str().expect("a message");
        assert!(message.contains("idempotency key"), "{engine:?}: a message that says why: {message}");

        let someone_else = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let theirs = try_comment(&app, &someone_else.token, input.clone()).await;
        assert_ne!(success(&theirs, "submitComment")["id"], first["id"], "{engine:?}: keys are per account");
        assert_eq!(published_count(&app, &open.consultation.id).await, 2, "{engine:?}");

        let without_key = comment_input(&open.round_id, "The registration duty is too heavy.");
        success(&try_comment(&app, &author.token, without_key).await, "submitComment");
        assert_eq!(published_count(&app, &open.consultation.id).await, 3, "{engine:?}: no key, a new comment");

        let same_key_other_operation = app
            .graphql_as(
                &author.token,
                CREATE_ORGANIZATION,
                json!({ "input": keyed(organization_input("Amina's NGO"), "c7e1-retry") }),
            )
            .await;
        success(&same_key_other_operation, "createOrganization");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_malformed_key_is_refused_and_names_its_field() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        for bad in ["", "has spaces", "ключ", &"k".repeat(101)] {
            let input = keyed(comment_input(&open.round_id, "A comment."), bad);
            let refused = try_comment(&app, &author.token, input).await;
            assert_eq!(error_code(&refused), "VALIDATION", "{engine:?}: {bad:?}: {refused}");
            assert_eq!(error_field(&refused), "idempotencyKey", "{engine:?}: {bad:?}");
            let message = refused["errors"][0]["message"].as_str().expect("a message");
            assert!(message.contains("1 to 100"), "{engine:?}: a message that says what a key is: {message}");
        }
        assert_eq!(published_count(&app, &open.consultation.id).await, 0, "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn concurrent_retries_of_a_comment_leave_exactly_one() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let second = app.another_instance().await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let input = keyed(comment_input(&open.round_id, "Exempt research from the registration duty."), "burst-1");
        let retries = (0..8).map(|n| {
            let server = if n % 2 == 0 { &app } else { &second };
            server.graphql_as(&author.token, SUBMIT, json!({ "input": input.clone() }))
        });
        let answers = join_all(retries).await;
        let ids: Vec<&Value> = answers.iter().map(|answer| &success(answer, "submitComment")["id"]).collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{engine:?}: one comment for all: {answers:?}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 1, "{engine:?}");
        assert_eq!(app.mail_to(&author.email).await.len(), 1, "{engine:?}: one receipt");

        let texts = (0..8).map(|n| {
            let input = keyed(comment_input(&open.round_id, &format!("Version {n} of my comment.")), "burst-2");
            app.graphql_as(&author.token, SUBMIT, json!({ "input": input }))
        });
        let answers = join_all(texts).await;
        assert_eq!(tally(&answers), "CONFLICT: 7, accepted: 1", "{engine:?}: one text wins the key: {answers:?}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 2, "{engine:?}");
        second.stop().await;
        app.stop().await;
    }
}

#[tokio::test]
async fn a_retried_consultation_or_round_is_created_and_audited_once() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let (official, admin) = (open.official(), open.platform_admin());
        let audited_before = audited(&app, admin, "consultation.create").await;
        let input = keyed(consultation_input(&open.government.organization_id, "data-act"), "consultation-1");
        let retries =
            (0..8).map(|_| app.graphql_as(&official.token, CREATE_CONSULTATION, json!({ "input": input.clone() })));
        let answers = join_all(retries).await;
        let ids: Vec<&Value> = answers.iter().map(|answer| &success(answer, "createConsultation")["id"]).collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{engine:?}: one consultation for all: {answers:?}");
        assert_eq!(audited(&app, admin, "consultation.create").await, audited_before + 1, "{engine:?}: audited once");

        let other_slug = keyed(consultation_input(&open.government.organization_id, "data-act-2"), "consultation-1");
        let reused = app.graphql_as(&official.token, CREATE_CONSULTATION, json!({ "input": other_slug })).await;
        assert_eq!(error_code(&reused), "CONFLICT", "{engine:?}: {reused}");

        let round = keyed(round_input(&open.consultation.id, "PUBLIC"), "round-1");
        let first = app.graphql_as(&official.token, CREATE_ROUND, json!({ "input": round.clone() })).await;
        let retried = app.graphql_as(&official.token, CREATE_ROUND, json!({ "input": round })).await;
        assert_eq!(success(&retried, "createCommentRound")["id"], success(&first, "createCommentRound")["id"]);
        assert_eq!(audited(&app, admin, "round.create").await, 2, "{engine:?}: the fixture's round and this one");
        app.stop().await;
    }
}

#[tokio::test]
async fn concurrent_retries_of_an_organization_create_one_and_its_key_expires_after_a_day() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let admin = Person::admin(&app, "root@example.org").await;
        let founder = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let input = keyed(organization_input("Digital Rights Watch"), "org-1");
        let retries =
            (0..8).map(|_| app.graphql_as(&founder.token, CREATE_ORGANIZATION, json!({ "input": input.clone() })));
        let answers = join_all(retries).await;
        let ids: Vec<&Value> = answers.iter().map(|answer| &success(answer, "createOrganization")["id"]).collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{engine:?}: one organization for all: {answers:?}");
        assert_eq!(audited(&app, &admin, "organization.create").await, 1, "{engine:?}: audited once");

        app.services
            .db
            .run(|connection| {
                use agora::db::schema::idempotency_keys;
                use diesel::prelude::*;
                let a_day_ago = chrono::Utc::now().naive_utc() - chrono::TimeDelta::hours(25);
                Ok(diesel::update(idempotency_keys::table)
                    .set(idempotency_keys::created_at.eq(a_day_ago))
                    .execute(connection)?)
            })
            .await
            .unwrap_or_else(|error| panic!("{error:?}"));
        let later = keyed(organization_input("Digital Rights Watch Kenya"), "org-1");
        let created = app.graphql_as(&founder.token, CREATE_ORGANIZATION, json!({ "input": later })).await;
        assert_ne!(&success(&created, "createOrganization")["id"], ids[0], "{engine:?}: an expired key creates anew");
        app.stop().await;
    }
}
