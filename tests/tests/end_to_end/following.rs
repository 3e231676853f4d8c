//! Following consultations over HTTP on every engine: verified accounts follow and unfollow
//! consultations they can see; followers are emailed in their own language when a round opens,
//! 48 hours before it closes, when it is extended and when the outcome is published — each
//! once, also with two instances on one PostgreSQL database; the signed unfollow link in every
//! email works without signing in, and a tampered one is refused; deleting an account deletes
//! its follows.

use std::time::Duration;

use agora::auth::password::Password;
use agora::consultations::following::job::{self, REMINDER_AHEAD};
use agora::consultations::following::notices::Notifier;
use agora::db::schema::{consultation_follows, users};
use agora::mail::outbox::OutboxMessage;
use agora_tests::consultation_fixture::{Consultation, Government, Person, TITLE, hours_from_now, success};
use agora_tests::{Engine, TestApp, engines, error_code};
use chrono::{SecondsFormat, TimeDelta, Utc};
use diesel::prelude::*;
use fluent_bundle::FluentValue;
use serde_json::{Value, json};

const FOLLOW: &str = "mutation($id: ID!) { followConsultation(id: $id) }";
const UNFOLLOW: &str = "mutation($id: ID!) { unfollowConsultation(id: $id) }";
const UNFOLLOW_BY_TOKEN: &str = "mutation($token: String!) { unfollowByToken(token: $token) }";
const FOLLOWING: &str = "query($id: ID!) { consultation(id: $id) { viewerFollows followerCount } }";
const FOLLOWED: &str = "{ consultations(followed: true) { totalCount edges { node { slug } } } }";
const EXTEND: &str = "mutation($id: ID!, $closesAt: DateTime!, $reason: String!) {
  extendCommentRound(id: $id, closesAt: $closesAt, reason: $reason) { id closesAt } }";
const CLOSE_ROUND: &str = "mutation($id: ID!) { closeCommentRound(id: $id) { id status } }";
const PUBLISH_OUTCOME: &str = "mutation($input: PublishOutcomeInput!) { publishOutcome(input: $input) { status } }";

const OPENED: &str = "mail-follow-round-opened";
const CLOSING: &str = "mail-follow-round-closing";
const EXTENDED: &str = "mail-follow-round-extended";
const OUTCOME: &str = "mail-follow-outcome-published";

/// A server whose notification job runs every second.
async fn spawn(engine: Engine) -> TestApp {
    TestApp::spawn_with(engine, &[("AGORA_NOTIFY_INTERVAL_SECONDS", "1")]).await
}

async fn follow(app: &TestApp, person: &Person, consultation: &Consultation) {
    let followed = app.graphql_as(&person.token, FOLLOW, json!({ "id": consultation.id })).await;
    assert_eq!(followed["data"]["followConsultation"], true, "{followed}");
}

/// A round of `consultation` from `opens` to `closes` (RFC 3339).
fn round(consultation: &Consultation, title: &str, opens: String, closes: String) -> Value {
    json!({ "consultationId": consultation.id, "title": title, "opensAt": opens, "closesAt": closes, "audience": "PUBLIC" })
}

fn seconds_from_now(seconds: i64) -> String {
    (Utc::now() + TimeDelta::seconds(seconds)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Closes `rounds` and publishes the consultation's outcome.
async fn conclude(app: &TestApp, government: &Government, consultation: &Consultation, rounds: &[&str]) {
    let official = &government.official.token;
    for round in rounds {
        success(&app.graphql_as(official, CLOSE_ROUND, json!({ "id": round })).await, "closeCommentRound");
    }
    let outcome = json!({ "input": {
        "consultationId": consultation.id,
        "summary": "The scope now includes public bodies.",
        "sectionOutcomes": [],
    }});
    let published = app.graphql_as(official, PUBLISH_OUTCOME, outcome).await;
    assert_eq!(success(&published, "publishOutcome")["status"], "CONCLUDED", "{published}");
}

/// The follower notices of one template queued for `address`.
async fn notices(app: &TestApp, address: &str, template: &str) -> Vec<OutboxMessage> {
    app.mail_to(address).await.into_iter().filter(|message| message.template == template).collect()
}

/// Waits (up to 15 s) until `address` has `count` notices of `template`.
async fn await_notices(app: &TestApp, address: &str, template: &str, count: usize) {
    for _ in 0..150 {
        if notices(app, address, template).await.len() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{address} did not receive {count} × {template}");
}

/// The first message delivered to `address`, as raw RFC 5322 text (waits up to 10 s).
async fn delivered_to(app: &TestApp, address: &str) -> String {
    for _ in 0..100 {
        if let Some(raw) = app.captured_mail().into_iter().find(|raw| raw.contains(address)) {
            return raw;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("nothing delivered to {address}");
}

/// The unfollow link of a message.
fn unfollow_link(message: &OutboxMessage) -> String {
    let start = message.body_text.find("http").unwrap_or_else(|| panic!("a link in: {}", message.body_text));
    let link: String = message.body_text[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    assert!(link.contains("/unfollow?token="), "the link unfollows: {link}");
    link
}

/// The subject of `template` about the fixture's consultation in `locale`, as the server renders it.
fn subject(app: &TestApp, template: &str, locale: &str) -> String {
    let locale = locale.parse().expect("a locale");
    let args = [("consultation", FluentValue::from(TITLE))];
    app.services.localizer.plain_message(&locale, &format!("{template}-subject"), &args)
}

#[tokio::test]
async fn verified_accounts_follow_and_unfollow_consultations_they_can_see() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let draft = government.draft(&app, "draft-act").await;
        let amina = Person::verified(&app, "amina@example.org", "Amina", "fr").await;
        let li = Person::verified(&app, "li@example.org", "Li", "zh-CN").await;
        let id = json!({ "id": consultation.id });

        let anonymous = app.graphql(FOLLOW, id.clone()).await;
        assert_eq!(error_code(&anonymous), "UNAUTHENTICATED", "{engine:?}");
        assert_eq!(error_code(&app.graphql(UNFOLLOW, id.clone()).await), "UNAUTHENTICATED", "{engine:?}");
        let unverified = Person::unverified(&app, "new@example.org").await;
        assert_eq!(error_code(&app.graphql_as(&unverified.token, FOLLOW, id.clone()).await), "EMAIL_NOT_VERIFIED");
        for mutation in [FOLLOW, UNFOLLOW] {
            let hidden = app.graphql_as(&amina.token, mutation, json!({ "id": draft.id })).await;
            assert_eq!(error_code(&hidden), "NOT_FOUND", "{engine:?}: an outsider cannot see a draft");
        }

        let signed_out = app.graphql(FOLLOWING, id.clone()).await;
        assert_eq!(signed_out["data"]["consultation"], json!({ "viewerFollows": false, "followerCount": 0 }));
        follow(&app, &amina, &consultation).await;
        follow(&app, &amina, &consultation).await;
        follow(&app, &li, &consultation).await;
        let seen = app.graphql_as(&amina.token, FOLLOWING, id.clone()).await;
        assert_eq!(seen["data"]["consultation"], json!({ "viewerFollows": true, "followerCount": 2 }), "{engine:?}");
        let anonymous = app.graphql(FOLLOWING, id.clone()).await;
        assert_eq!(anonymous["data"]["consultation"], json!({ "viewerFollows": false, "followerCount": 2 }));

        for _ in 0..2 {
            let unfollowed = app.graphql_as(&amina.token, UNFOLLOW, id.clone()).await;
            assert_eq!(unfollowed["data"]["unfollowConsultation"], true, "{engine:?}: {unfollowed}");
        }
        let seen = app.graphql_as(&amina.token, FOLLOWING, id.clone()).await;
        assert_eq!(seen["data"]["consultation"], json!({ "viewerFollows": false, "followerCount": 1 }), "{engine:?}");

        let official_follows_draft =
            app.graphql_as(&government.official.token, FOLLOW, json!({ "id": draft.id })).await;
        assert_eq!(official_follows_draft["data"]["followConsultation"], true, "officials see their drafts");

        let slugs = |answer: &Value| -> Vec<String> {
            let edges = answer["data"]["consultations"]["edges"].as_array().cloned().unwrap_or_default();
            edges.iter().filter_map(|edge| edge["node"]["slug"].as_str().map(str::to_owned)).collect()
        };
        let followed_by_li = app.graphql_as(&li.token, FOLLOWED, json!({})).await;
        assert_eq!(slugs(&followed_by_li), ["ai-act"], "{engine:?}: {followed_by_li}");
        assert_eq!(followed_by_li["data"]["consultations"]["totalCount"], 1);
        let followed_by_amina = app.graphql_as(&amina.token, FOLLOWED, json!({})).await;
        assert!(slugs(&followed_by_amina).is_empty(), "{engine:?}: unfollowed: {followed_by_amina}");
        let followed_by_official = app.graphql_as(&government.official.token, FOLLOWED, json!({})).await;
        assert_eq!(slugs(&followed_by_official), ["draft-act"], "{engine:?}: {followed_by_official}");
        assert_eq!(error_code(&app.graphql(FOLLOWED, json!({})).await), "UNAUTHENTICATED", "{engine:?}");

        let export = app.graphql_as(&li.token, "mutation { exportMyData }", json!({})).await;
        let document: Value =
            serde_json::from_str(export["data"]["exportMyData"].as_str().expect("JSON")).expect("JSON");
        let follows = &document["data"]["consultation_follows"];
        assert_eq!(follows.as_array().map(Vec::len), Some(1), "{engine:?}: {document}");
        assert!(follows[0]["followedAt"].is_string());
        app.stop().await;
    }
}

#[tokio::test]
async fn followers_hear_of_each_notice_once_in_their_own_language() {
    for engine in engines() {
        let app = spawn(engine).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let followers = [
            Person::verified(&app, "amina@example.org", "Amina", "fr").await,
            Person::verified(&app, "li@example.org", "Li", "zh-CN").await,
            Person::verified(&app, "ivan@example.org", "Иван", "ru").await,
            Person::verified(&app, "layla@example.org", "ليلى", "ar").await,
        ];
        let locales = ["fr", "zh-CN", "ru", "ar"];
        let bystander = Person::verified(&app, "bob@example.org", "Bob", "en").await;
        for follower in &followers {
            follow(&app, follower, &consultation).await;
        }

        // A round that opens at once is announced by its creation; one closing within 48 hours
        // is also reminded of by the job.
        let week = government
            .round(&app, round(&consultation, "First reading", hours_from_now(-1), hours_from_now(24 * 7)))
            .await;
        let short =
            government.round(&app, round(&consultation, "Quick check", hours_from_now(-1), hours_from_now(24))).await;
        for follower in &followers {
            await_notices(&app, &follower.email, CLOSING, 1).await;
        }

        // An extension is announced at once; the new closing time (still within 48 hours) gets
        // its own reminder. A round closing in more than 48 hours gets none.
        let extend = |round: &str, hours: i64| json!({ "id": round, "closesAt": hours_from_now(hours), "reason": "Many asked for more time." });
        success(&app.graphql_as(&government.official.token, EXTEND, extend(&short, 30)).await, "extendCommentRound");
        success(&app.graphql_as(&government.official.token, EXTEND, extend(&week, 24 * 8)).await, "extendCommentRound");
        for follower in &followers {
            await_notices(&app, &follower.email, CLOSING, 2).await;
        }

        conclude(&app, &government, &consultation, &[&week, &short]).await;
        // Several more passes of the job send nothing again.
        tokio::time::sleep(Duration::from_millis(2500)).await;

        for (follower, locale) in followers.iter().zip(locales) {
            for (template, count) in [(OPENED, 2), (CLOSING, 2), (EXTENDED, 2), (OUTCOME, 1)] {
                let received = notices(&app, &follower.email, template).await;
                assert_eq!(received.len(), count, "{engine:?}: {} × {template}", follower.email);
                for message in &received {
                    assert_eq!(message.locale, locale, "{engine:?}: in the follower's language");
                    assert_eq!(message.subject, subject(&app, template, locale), "{engine:?}: {template} in {locale}");
                    assert!(message.body_text.contains(TITLE), "{engine:?}: {}", message.body_text);
                    unfollow_link(message);
                }
            }
            let extended = notices(&app, &follower.email, EXTENDED).await;
            assert!(extended.iter().all(|message| message.body_text.contains("Many asked for more time.")));
        }
        let french = notices(&app, "amina@example.org", OPENED).await;
        assert!(french[0].body_text.contains("Amina") && french[0].body_text.contains("Connectez-vous"), "{engine:?}");
        assert!(french[0].body_html.contains("lang=\"fr\""));
        let arabic = notices(&app, "layla@example.org", OUTCOME).await;
        assert!(arabic[0].body_html.contains("dir=\"rtl\"") && arabic[0].body_text.contains("ليلى"));
        let bystander_mail = app.mail_to(&bystander.email).await;
        assert!(bystander_mail.iter().all(|message| !message.template.starts_with("mail-follow-")), "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn notices_leave_when_they_fall_due_not_at_the_next_pass() {
    for engine in engines() {
        // The job's passes are at most an hour apart: only a wake-up from the mutation, or the
        // job's pause ending when the next round falls due, can send these within the wait.
        let app = TestApp::spawn_with(engine, &[("AGORA_NOTIFY_INTERVAL_SECONDS", "3600")]).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let amina = Person::verified(&app, "amina@example.org", "Amina", "fr").await;
        follow(&app, &amina, &consultation).await;

        let round_id = government
            .round(&app, round(&consultation, "First reading", hours_from_now(-1), hours_from_now(24 * 7)))
            .await;
        await_notices(&app, &amina.email, OPENED, 1).await;
        let extended = json!({ "id": round_id, "closesAt": hours_from_now(24 * 8), "reason": "More time." });
        success(&app.graphql_as(&government.official.token, EXTEND, extended).await, "extendCommentRound");
        await_notices(&app, &amina.email, EXTENDED, 1).await;

        // Opens in two seconds; its reminder falls due two seconds later.
        let closes = (Utc::now() + REMINDER_AHEAD + TimeDelta::seconds(4)).to_rfc3339_opts(SecondsFormat::Secs, true);
        let scheduled =
            government.round(&app, round(&consultation, "Second reading", seconds_from_now(2), closes)).await;
        await_notices(&app, &amina.email, OPENED, 2).await;
        await_notices(&app, &amina.email, CLOSING, 1).await;

        conclude(&app, &government, &consultation, &[&round_id, &scheduled]).await;
        await_notices(&app, &amina.email, OUTCOME, 1).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn two_instances_announce_each_round_once() {
    if !engines().contains(&Engine::Postgres) {
        eprintln!("skipped: two instances share a database only on PostgreSQL (set AGORA_TEST_POSTGRES_URL)");
        return;
    }
    let first = spawn(Engine::Postgres).await;
    let second = first.another_instance().await;
    let government = Government::set_up(&first).await;
    let consultation = government.published(&first, "ai-act").await;
    let mut followers = Vec::new();
    for index in 0..6 {
        let person = Person::verified(&first, &format!("follower{index}@example.org"), "Follower", "es").await;
        follow(&first, &person, &consultation).await;
        followers.push(person);
    }
    // Rounds that open in a moment, so that the jobs of both instances find them due; they close
    // within 48 hours, so both also race for the reminders.
    let rounds = 8;
    for index in 0..rounds {
        let input = round(&consultation, &format!("Round {index}"), seconds_from_now(3), hours_from_now(24));
        government.round(&first, input).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    // Besides the background jobs (every second on each instance), passes run side by side.
    for _ in 0..3 {
        let (one, two) = (Notifier::new(&first.services), Notifier::new(&second.services));
        let (a, b, c, d) = tokio::join!(
            job::pass(&first.services, &one),
            job::pass(&second.services, &two),
            job::pass(&first.services, &one),
            job::pass(&second.services, &two),
        );
        for result in [a, b, c, d] {
            result.unwrap_or_else(|error| panic!("a pass failed: {error:?}"));
        }
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    for follower in &followers {
        let opened = notices(&first, &follower.email, OPENED).await;
        let closing = notices(&first, &follower.email, CLOSING).await;
        assert_eq!(opened.len(), rounds, "{}: one opening notice per round", follower.email);
        assert_eq!(closing.len(), rounds, "{}: one reminder per round", follower.email);
        let mut titles: Vec<String> = opened.iter().map(|message| message.body_text.clone()).collect();
        titles.sort();
        titles.dedup();
        assert_eq!(titles.len(), rounds, "each round announced, none twice");
    }
    second.stop().await;
    first.stop().await;
}

#[tokio::test]
async fn the_unfollow_link_works_without_signing_in() {
    for engine in engines() {
        let app = spawn(engine).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let maria = Person::verified(&app, "maria@example.org", "María", "es").await;
        let yuki = Person::verified(&app, "yuki@example.org", "Yuki", "en").await;
        follow(&app, &maria, &consultation).await;
        follow(&app, &yuki, &consultation).await;
        let round_id = government
            .round(&app, round(&consultation, "First reading", hours_from_now(-1), hours_from_now(24 * 7)))
            .await;
        await_notices(&app, &maria.email, OPENED, 1).await;
        let link = unfollow_link(&notices(&app, &maria.email, OPENED).await[0]);
        let token = link.split("token=").nth(1).expect("a token").to_owned();
        assert!(link.starts_with(&app.base_url), "{engine:?}: the link points at this server: {link}");
        let delivered = delivered_to(&app, &maria.email).await;
        assert!(delivered.contains(&format!("List-Unsubscribe: <{link}>")), "{engine:?}: {delivered}");
        assert!(delivered.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{engine:?}");

        let mut tampered = token.clone().into_bytes();
        let middle = tampered.len() / 2;
        tampered[middle] = if tampered[middle] == b'x' { b'y' } else { b'x' };
        let tampered = String::from_utf8(tampered).expect("ASCII");
        let refused = app
            .client
            .get(app.url(&format!("/unfollow?token={tampered}")))
            .header("accept-language", "fr")
            .send()
            .await
            .expect("an answer");
        assert_eq!(refused.status(), 400, "{engine:?}");
        let page = refused.text().await.expect("a page");
        assert!(page.contains("lang=\"fr\"") && page.contains("n’est pas valide"), "{engine:?}: {page}");
        let by_access_token = app.graphql(UNFOLLOW_BY_TOKEN, json!({ "token": maria.token })).await;
        assert_eq!(error_code(&by_access_token), "VALIDATION", "{engine:?}: an access token unfollows nobody");
        let still = app.graphql_as(&maria.token, FOLLOWING, json!({ "id": consultation.id })).await;
        assert_eq!(still["data"]["consultation"]["viewerFollows"], true, "{engine:?}");

        // Opening the link (as a mail scanner does) only asks; the button posts.
        let asked = reqwest::Client::new().get(&link).send().await.expect("an answer");
        assert_eq!(asked.status(), 200, "{engine:?}");
        let page = asked.text().await.expect("a page");
        assert!(page.contains("lang=\"es\"") && page.contains("¿Dejar de recibir correos"), "{engine:?}: {page}");
        assert!(page.contains(TITLE), "{engine:?}: the page names the consultation");
        assert!(page.contains("<form method=\"post\" action=\"/unfollow?token="), "{engine:?}: {page}");
        let still = app.graphql_as(&maria.token, FOLLOWING, json!({ "id": consultation.id })).await;
        assert_eq!(
            still["data"]["consultation"]["viewerFollows"], true,
            "{engine:?}: opening the link changes nothing"
        );
        let answer = reqwest::Client::new().post(&link).send().await.expect("an answer");
        assert_eq!(answer.status(), 200, "{engine:?}");
        let page = answer.text().await.expect("a page");
        assert!(page.contains("lang=\"es\"") && page.contains("Ya no sigue la consulta"), "{engine:?}: {page}");
        let again = reqwest::Client::new().post(&link).send().await.expect("an answer");
        assert_eq!(again.status(), 200, "{engine:?}: one-click POST, and a second use is fine");
        let after = app.graphql_as(&maria.token, FOLLOWING, json!({ "id": consultation.id })).await;
        assert_eq!(after["data"]["consultation"]["viewerFollows"], false, "{engine:?}");

        let yuki_link = unfollow_link(&notices(&app, &yuki.email, OPENED).await[0]);
        let yuki_token = yuki_link.split("token=").nth(1).expect("a token");
        let unfollowed = app.graphql(UNFOLLOW_BY_TOKEN, json!({ "token": yuki_token })).await;
        assert_eq!(unfollowed["data"]["unfollowByToken"], true, "{engine:?}: {unfollowed}");
        let bad = app.graphql(UNFOLLOW_BY_TOKEN, json!({ "token": tampered })).await;
        assert_eq!(error_code(&bad), "VALIDATION", "{engine:?}");
        assert_eq!(bad["errors"][0]["extensions"]["field"], "token");

        let extended = json!({ "id": round_id, "closesAt": hours_from_now(24 * 8), "reason": "More time." });
        success(&app.graphql_as(&government.official.token, EXTEND, extended).await, "extendCommentRound");
        // The job (every second here) has had time to send the extension to any follower left.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        for person in [&maria, &yuki] {
            assert!(notices(&app, &person.email, EXTENDED).await.is_empty(), "{engine:?}: no more emails");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn a_deleted_account_follows_nothing() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let user = app.create_user("amina@example.org", "Amina", "fr").await;
        let password = "a long and quiet river";
        let hash = app
            .services
            .passwords
            .hash(&Password::parse(password, "password").expect("a valid password"))
            .await
            .expect("hashes");
        let key = user.clone();
        app.services
            .db
            .run(move |connection| {
                diesel::update(users::table.find(&key)).set(users::password_hash.eq(hash)).execute(connection)?;
                Ok(())
            })
            .await
            .expect("a password");
        let token = app.access_token(&user);
        let followed = app.graphql_as(&token, FOLLOW, json!({ "id": consultation.id })).await;
        assert_eq!(followed["data"]["followConsultation"], true, "{engine:?}: {followed}");

        let deleted = app
            .graphql_as(&token, "mutation($p: String!) { deleteMyAccount(password: $p) }", json!({ "p": password }))
            .await;
        assert_eq!(deleted["data"]["deleteMyAccount"], true, "{engine:?}: {deleted}");
        let left = app
            .services
            .db
            .run(move |connection| {
                Ok(consultation_follows::table
                    .filter(consultation_follows::user_id.eq(&user))
                    .count()
                    .get_result::<i64>(connection)?)
            })
            .await
            .expect("a count");
        assert_eq!(left, 0, "{engine:?}: the follows are deleted");
        let count = app.graphql(FOLLOWING, json!({ "id": consultation.id })).await;
        assert_eq!(count["data"]["consultation"]["followerCount"], 0, "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_long_follower_list_goes_out_in_chunks_each_email_once() {
    const FOLLOWERS: usize = 1_234;
    for engine in engines() {
        let app = spawn(engine).await;
        // With PostgreSQL, a second instance's job races the first for every chunk.
        let other = match engine {
            Engine::Postgres => Some(app.another_instance().await),
            Engine::Sqlite => None,
        };
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let mut users = Vec::with_capacity(FOLLOWERS);
        for index in 0..FOLLOWERS {
            let locale = ["en", "fr", "es", "ar", "ru", "zh-CN"][index % 6];
            users.push(app.create_user(&format!("follower{index}@example.org"), "Follower", locale).await);
        }
        let consultation_id =
            agora::graphql::node::GlobalId::decode_kind(&consultation.id, "Consultation").expect("a consultation ID");
        app.services
            .db
            .run(move |connection| {
                for user in &users {
                    diesel::insert_into(consultation_follows::table)
                        .values((
                            consultation_follows::consultation_id.eq(&consultation_id),
                            consultation_follows::user_id.eq(user.as_str()),
                            consultation_follows::followed_at.eq(Utc::now().naive_utc()),
                        ))
                        .execute(connection)?;
                }
                Ok(())
            })
            .await
            .expect("the follows");

        let outcome =
            json!({ "input": { "consultationId": consultation.id, "summary": "Thank you.", "sectionOutcomes": [] } });
        let published = app.graphql_as(&government.official.token, PUBLISH_OUTCOME, outcome).await;
        assert_eq!(success(&published, "publishOutcome")["status"], "CONCLUDED", "{engine:?}");
        let instances: Vec<&TestApp> = std::iter::once(&app).chain(other.as_ref()).collect();
        let passes = instances.iter().flat_map(|instance| {
            let notifier = Notifier::new(&instance.services);
            [0, 1].map(move |_| {
                let notifier = notifier.clone();
                async move { job::pass(&instance.services, &notifier).await }
            })
        });
        for result in futures_util::future::join_all(passes).await {
            result.unwrap_or_else(|error| panic!("{engine:?}: a pass failed: {error:?}"));
        }
        tokio::time::sleep(Duration::from_millis(2500)).await;

        let (sent, recipients) = app
            .services
            .db
            .run(|connection| {
                use agora::db::schema::mail_outbox;
                let outcome_mail = || mail_outbox::table.filter(mail_outbox::template.eq(OUTCOME));
                let sent: i64 = outcome_mail().count().get_result(connection)?;
                let recipients: i64 = outcome_mail()
                    .select(diesel::dsl::count(mail_outbox::recipient_address).aggregate_distinct())
                    .get_result(connection)?;
                Ok((sent, recipients))
            })
            .await
            .expect("the outbox");
        assert_eq!(sent, FOLLOWERS as i64, "{engine:?}: every follower once");
        assert_eq!(recipients, FOLLOWERS as i64, "{engine:?}: nobody twice");
        if let Some(other) = other {
            other.stop().await;
        }
        app.stop().await;
    }
}
