//! Progress and certificates over HTTP on every engine: lessons are completed (once, only while
//! the enrollment is active, only lessons of its course); quizzes are graded against the pass
//! mark with a limit of attempts, answers are checked, the right choices stay hidden until the
//! quiz is passed or the attempts are used up; an import that edits the course keeps everyone's
//! progress; finishing the course completes the enrollment and issues a certificate whose signed
//! credential verifies with nothing but the published JWK Set; `verifyCertificate` and the page at
//! `/certificates/{code}` answer valid, revoked or unknown; revocation is for instructors,
//! audited and emailed; a holder who deletes their account is no longer named, and their seat
//! goes to the waitlist; the signing key is configured or generated once for every instance.

use agora::training::credentials::{SigningKey, verify_with_jwks};
use agora_tests::classroom::{COMPLETE_LESSON, COURSE, Classroom, ENROLLMENT_PROGRESS, grant_instructor, text};
use agora_tests::consultation_fixture::{Person, success};
use agora_tests::{TestApp, course_content_copy, course_content_root, engines, error_code};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";

const VERIFY: &str = "query($code: String!) { verifyCertificate(code: $code) {
  status valid code holderName courseTitle course { slug } issuedAt revokedAt credential } }";
const REVOKE: &str = "mutation($code: String!, $reason: String!) { revokeCertificate(code: $code, reason: $reason) { code status revokedAt } }";

#[tokio::test]
async fn lessons_complete_once_and_only_on_an_active_enrollment_of_their_course() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let cohort = room.cohort(json!({ "capacity": 1 })).await;
        let ana = Person::verified(&room.app, "ana@example.org", "Ana", "en").await.token;
        let ben = Person::verified(&room.app, "ben@example.org", "Ben", "en").await.token;
        let (enrollment, status) = room.enroll(&ana, &cohort).await;
        assert_eq!(status, "ACTIVE");
        let (waiting, status) = room.enroll(&ben, &cohort).await;
        assert_eq!(status, "WAITLISTED");

        let first = room.complete(&ana, &enrollment, &room.lessons[0]).await;
        let progress = &first["data"]["completeLesson"]["progress"];
        let total = room.lessons.len() + room.quizzes.len();
        assert_eq!(progress["lessonsCompleted"], 1, "{engine:?}: {first}");
        assert_eq!(progress["lessonsTotal"], room.lessons.len());
        assert_eq!(progress["quizzesTotal"], room.quizzes.len());
        assert_eq!(progress["percent"], 100 / total);
        let again = room.complete(&ana, &enrollment, &room.lessons[0]).await;
        assert_eq!(again["data"]["completeLesson"]["progress"]["lessonsCompleted"], 1, "completing twice counts once");

        let other_course = room
            .app
            .graphql(
                "{ course(slug: \"data-governance-personal-information\") { modules { lessons { id } } } }",
                json!({}),
            )
            .await;
        let foreign =
            other_course["data"]["course"]["modules"][0]["lessons"][0]["id"].as_str().expect("a lesson").to_owned();
        let refused = room.complete(&ana, &enrollment, &foreign).await;
        assert_eq!(error_code(&refused), "VALIDATION", "{engine:?}: {refused}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], "lessonId");

        let not_active = room.complete(&ben, &waiting, &room.lessons[0]).await;
        assert_eq!(error_code(&not_active), "CONFLICT", "a waitlisted trainee records no progress");
        let not_theirs = room.complete(&ben, &enrollment, &room.lessons[1]).await;
        assert_eq!(error_code(&not_theirs), "FORBIDDEN", "nobody records progress for someone else");
        let anonymous =
            room.app.graphql(COMPLETE_LESSON, json!({ "enrollment": enrollment, "lesson": room.lessons[1] })).await;
        assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");

        let read = room.app.graphql_as(&ana, ENROLLMENT_PROGRESS, json!({ "id": enrollment })).await;
        assert_eq!(read["data"]["node"]["completedLessonIds"], json!([room.lessons[0]]));
        room.app.stop().await;
    }
}

#[tokio::test]
async fn quizzes_are_graded_with_attempts_and_reveal_answers_only_when_done() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let cohort = room.cohort(json!({ "capacity": 10 })).await;
        let ana = Person::verified(&room.app, "ana@example.org", "Ana", "en").await.token;
        let (enrollment, _) = room.enroll(&ana, &cohort).await;
        let quiz = &room.quizzes[0];

        let unknown_question = json!([{ "questionId": "no-such-question", "choiceIds": ["a"] }]);
        let refused = room.submit(&ana, &enrollment, &quiz.id, &unknown_question).await;
        assert_eq!(error_code(&refused), "VALIDATION", "{engine:?}: {refused}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], "answers");
        let first_question = quiz.right[0]["questionId"].clone();
        let unknown_choice = json!([{ "questionId": first_question, "choiceIds": ["no-such-choice"] }]);
        assert_eq!(error_code(&room.submit(&ana, &enrollment, &quiz.id, &unknown_choice).await), "VALIDATION");
        let twice = json!([quiz.right[0], quiz.right[0]]);
        assert_eq!(error_code(&room.submit(&ana, &enrollment, &quiz.id, &twice).await), "VALIDATION");

        let mut attempts = Vec::new();
        for _ in 0..quiz.max_attempts {
            let submitted = room.submit(&ana, &enrollment, &quiz.id, &quiz.wrong).await;
            attempts.push(submitted["data"]["submitQuiz"].clone());
        }
        let first = &attempts[0];
        assert_eq!(first["attempt"], 1, "{engine:?}: {first}");
        assert_eq!(first["score"], 0);
        assert_eq!(first["passed"], false);
        assert_eq!(first["attemptsLeft"], quiz.max_attempts - 1);
        let result = &first["results"][0];
        assert_eq!(result["correct"], false);
        assert!(result["correctChoiceIds"].is_null(), "the right answer stays hidden while attempts remain");
        assert!(!result["explanation"].as_str().unwrap_or_default().is_empty(), "every answer is explained");
        let last = attempts.last().expect("an attempt");
        assert_eq!(last["attemptsLeft"], 0);
        assert!(last["results"][0]["correctChoiceIds"].is_array(), "shown once no attempt is left: {last}");
        let over = room.submit(&ana, &enrollment, &quiz.id, &quiz.right).await;
        assert_eq!(error_code(&over), "CONFLICT", "{engine:?}: no attempt beyond the limit");

        let second = &room.quizzes[1];
        let passed = room.submit(&ana, &enrollment, &second.id, &second.right).await;
        let passed = &passed["data"]["submitQuiz"];
        assert_eq!(passed["passed"], true, "{passed}");
        assert_eq!(passed["percent"], 100);
        assert_eq!(passed["score"], passed["maxScore"]);
        assert!(passed["results"][0]["correctChoiceIds"].is_array(), "shown once passed");
        let after_pass = room.submit(&ana, &enrollment, &second.id, &second.right).await;
        assert_eq!(error_code(&after_pass), "CONFLICT", "a passed quiz is not taken again");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn an_import_that_edits_the_course_keeps_everyones_progress() {
    for engine in engines() {
        let content = course_content_copy();
        let room = Classroom::open_with(engine, content.path(), &[]).await;
        let cohort = room.cohort(json!({ "capacity": 10 })).await;
        let ana = Person::verified(&room.app, "ana@example.org", "Ana", "en").await.token;
        let (enrollment, _) = room.enroll(&ana, &cohort).await;
        success(&room.complete(&ana, &enrollment, &room.lessons[0]).await, "completeLesson");

        let lesson = content.path().join(COURSE).join("01-understanding-ai-risk/01-what-ai-risk-is.md");
        let edited = std::fs::read_to_string(&lesson).expect("the lesson").replace("risk", "risk (edited)");
        std::fs::write(&lesson, edited).expect("an edited lesson");
        let report = agora::training::import::import_catalogue(&room.app.services.db, content.path())
            .await
            .expect("the import runs");
        assert!(report.updated.iter().any(|course| course.slug == COURSE), "{engine:?}: the course was updated");

        let read = room.app.graphql_as(&ana, ENROLLMENT_PROGRESS, json!({ "id": enrollment })).await;
        assert_eq!(read["data"]["node"]["progress"]["lessonsCompleted"], 1, "{engine:?}: {read}");
        assert_eq!(read["data"]["node"]["completedLessonIds"], json!([room.lessons[0]]), "the lesson kept its ID");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn finishing_the_course_issues_a_certificate_anyone_can_verify_with_the_jwks_alone() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let cohort = room.cohort(json!({ "capacity": 10 })).await;
        let ana = Person::verified(&room.app, "ana@example.org", "Ana Okafor", "fr").await.token;
        let (enrollment, _) = room.enroll(&ana, &cohort).await;
        let code = room.finish(&ana, &enrollment).await;
        assert!(code.starts_with("CERT-") && code.len() == 19, "{code}");

        let read = room.app.graphql_as(&ana, ENROLLMENT_PROGRESS, json!({ "id": enrollment })).await;
        let certificate = &read["data"]["node"]["certificate"];
        assert_eq!(read["data"]["node"]["progress"]["percent"], 100);
        assert_eq!(certificate["status"], "VALID");
        assert!(
            certificate["verificationUrl"].as_str().is_some_and(|url| url.ends_with(&format!("/certificates/{code}")))
        );
        let mail = room.app.mail_to("ana@example.org").await;
        let issued = mail.iter().find(|message| message.template == "mail-certificate-issued").expect("the email");
        assert!(issued.body_text.contains(&code) && issued.locale == "fr", "{}", issued.body_text);

        let jwks = reqwest::get(room.app.url("/.well-known/jwks.json")).await.expect("the key set");
        assert!(jwks.status().is_success());
        let jwks = jwks.text().await.expect("a body");
        let token = certificate["credential"].as_str().expect("a signed credential");
        let verified = verify_with_jwks(token, &jwks).expect("the credential verifies with the JWK Set alone");
        let credential = serde_json::to_value(&verified.credential).expect("JSON");
        assert!(credential["type"].as_array().is_some_and(|types| types.contains(&json!("OpenBadgeCredential"))));
        assert_eq!(credential["credentialSubject"]["name"], "Ana Okafor");
        assert!(credential["credentialSubject"]["achievement"]["name"].as_str().is_some_and(|name| !name.is_empty()));
        assert!(credential["id"].as_str().is_some_and(|id| id.ends_with(&code)));
        let mut tampered = token.to_owned();
        tampered.replace_range(token.len() - 4.., "AAAA");
        assert!(verify_with_jwks(&tampered, &jwks).is_err(), "a changed signature fails");

        let typed = code.to_lowercase().replace('-', " ");
        let verification = room.app.graphql(VERIFY, json!({ "code": typed })).await;
        let verification = &verification["data"]["verifyCertificate"];
        assert_eq!(verification["status"], "VALID", "{engine:?}: {verification}");
        assert_eq!(verification["valid"], true);
        assert_eq!(verification["code"], code.as_str());
        assert_eq!(verification["holderName"], "Ana Okafor");
        assert_eq!(verification["course"]["slug"], COURSE);
        let unknown = room.app.graphql(VERIFY, json!({ "code": "CERT-2222-3333-4444" })).await;
        assert_eq!(unknown["data"]["verifyCertificate"]["status"], "UNKNOWN");
        assert!(unknown["data"]["verifyCertificate"]["holderName"].is_null());

        let page = reqwest::get(room.app.url(&format!("/certificates/{code}?locale=fr"))).await.expect("the page");
        assert_eq!(page.status(), 200);
        let page = page.text().await.expect("HTML");
        assert!(page.contains("Ana Okafor") && page.contains("lang=\"fr\""), "{page}");
        let missing = reqwest::get(room.app.url("/certificates/CERT-2222-3333-4444")).await.expect("the page");
        assert_eq!(missing.status(), 404);
        room.app.stop().await;
    }
}

#[tokio::test]
async fn instructors_revoke_certificates_with_a_reason_that_is_audited_and_emailed() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let cohort = room.cohort(json!({ "capacity": 10 })).await;
        let ana = Person::verified(&room.app, "ana@example.org", "Ana", "en").await.token;
        let (enrollment, _) = room.enroll(&ana, &cohort).await;
        let code = room.finish(&ana, &enrollment).await;
        let reason = json!({ "code": code, "reason": "Issued in error" });

        assert_eq!(error_code(&room.app.graphql_as(&ana, REVOKE, reason.clone()).await), "FORBIDDEN");
        // Not the classroom's instructor (of the course), but one of another course.
        let other_course = Person::verified(&room.app, "data.teacher@example.org", "Data Teacher", "en").await;
        grant_instructor(&room.app, &room.admin, &other_course, Some("data-governance-personal-information")).await;
        let scoped_elsewhere = room.app.graphql_as(&other_course.token, REVOKE, reason.clone()).await;
        assert_eq!(error_code(&scoped_elsewhere), "FORBIDDEN", "an instructor of another course cannot revoke");

        let revoked = room.app.graphql_as(&room.admin.token, REVOKE, reason.clone()).await;
        assert_eq!(revoked["data"]["revokeCertificate"]["status"], "REVOKED", "{engine:?}: {revoked}");
        let again = room.app.graphql_as(&room.admin.token, REVOKE, reason).await;
        assert_eq!(error_code(&again), "CONFLICT");
        let verification = room.app.graphql(VERIFY, json!({ "code": code })).await;
        assert_eq!(verification["data"]["verifyCertificate"]["status"], "REVOKED");
        assert_eq!(verification["data"]["verifyCertificate"]["valid"], false);
        assert!(!verification["data"]["verifyCertificate"]["revokedAt"].is_null());
        let read = room.app.graphql_as(&ana, ENROLLMENT_PROGRESS, json!({ "id": enrollment })).await;
        assert_eq!(read["data"]["node"]["certificate"]["revocationReason"], "Issued in error");

        let audit = "{ auditLog(action: \"certificate.revoke\") { totalCount edges { node { details } } } }";
        let audit = room.app.graphql_as(&room.admin.token, audit, json!({})).await;
        assert_eq!(audit["data"]["auditLog"]["totalCount"], 1, "{engine:?}: {audit}");
        let mail = room.app.mail_to("ana@example.org").await;
        let told = mail.iter().find(|message| message.template == "mail-certificate-revoked").expect("the email");
        assert!(told.body_text.contains("Issued in error"));
        room.app.stop().await;
    }
}

#[tokio::test]
async fn a_holder_who_deletes_their_account_is_no_longer_named_and_frees_their_seat() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let graduate_cohort = room.cohort(json!({ "capacity": 10 })).await;
        let ana_id = room.app.create_user("ana@example.org", "Ana", "en").await;
        set_password(&room.app, &ana_id).await;
        let ana = room.app.access_token(&ana_id);
        let (enrollment, _) = room.enroll(&ana, &graduate_cohort).await;
        let code = room.finish(&ana, &enrollment).await;

        let full = room.cohort(json!({ "capacity": 1 })).await;
        let (_, status) = room.enroll(&ana, &full).await;
        assert_eq!(status, "ACTIVE");
        let ben = Person::verified(&room.app, "ben@example.org", "Ben", "en").await.token;
        let (ben_enrollment, status) = room.enroll(&ben, &full).await;
        assert_eq!(status, "WAITLISTED");

        let export = room.app.graphql_as(&ana, "mutation { exportMyData }", json!({})).await;
        let export: Value = serde_json::from_str(export["data"]["exportMyData"].as_str().expect("JSON")).expect("JSON");
        assert_eq!(export["data"]["enrollments"].as_array().map(Vec::len), Some(2), "{engine:?}: {export}");
        assert_eq!(export["data"]["certificates"][0]["code"], code.as_str());
        assert!(export["data"]["quiz_attempts"].as_array().is_some_and(|attempts| !attempts.is_empty()));

        let deleted = room
            .app
            .graphql_as(&ana, "mutation($p: String!) { deleteMyAccount(password: $p) }", json!({ "p": PASSWORD }))
            .await;
        assert_eq!(deleted["data"]["deleteMyAccount"], true, "{engine:?}: {deleted}");

        let verification = room.app.graphql(VERIFY, json!({ "code": code })).await;
        let verification = &verification["data"]["verifyCertificate"];
        assert_eq!(verification["status"], "VALID", "the certificate still stands");
        assert!(verification["holderName"].is_null(), "{engine:?}: the name is withheld: {verification}");
        assert!(verification["credential"].is_null(), "the signed credential named them");
        let page = reqwest::get(room.app.url(&format!("/certificates/{code}"))).await.expect("the page");
        assert!(!page.text().await.expect("HTML").contains("Ana"));

        let promoted = room.app.graphql_as(&ben, ENROLLMENT_PROGRESS, json!({ "id": ben_enrollment })).await;
        assert_eq!(promoted["data"]["node"]["status"], "ACTIVE", "{engine:?}: the freed seat went to the waitlist");
        assert!(
            room.app.mail_to("ben@example.org").await.iter().any(|mail| mail.template == "mail-enrollment-promoted")
        );
        room.app.stop().await;
    }
}

#[tokio::test]
async fn certificates_signed_with_an_earlier_key_still_verify_after_the_key_changes() {
    let configured = SigningKey::generate();
    let pem = configured.to_pkcs8_pem().expect("PEM");
    for engine in engines() {
        let mut room = Classroom::open(engine).await;
        let cohort = room.cohort(json!({ "capacity": 10 })).await;
        let ana = Person::verified(&room.app, "ana@example.org", "Ana", "en").await.token;
        let (enrollment, _) = room.enroll(&ana, &cohort).await;
        room.finish(&ana, &enrollment).await;
        let read = room.app.graphql_as(&ana, ENROLLMENT_PROGRESS, json!({ "id": enrollment })).await;
        let earlier = text(&read, &["node", "certificate", "credential"]);

        room.app.restart_with(|config| config.cert_signing_key = Some(pem.expose_secret().into())).await;
        let jwks =
            reqwest::get(room.app.url("/.well-known/jwks.json")).await.expect("keys").text().await.expect("a body");
        let published: Value = serde_json::from_str(&jwks).expect("JSON");
        assert_eq!(published["keys"].as_array().map(Vec::len), Some(2), "{engine:?}: {published}");
        assert_eq!(published["keys"][0]["kid"], configured.kid(), "the current key comes first");
        verify_with_jwks(&earlier, &jwks).expect("a certificate signed before the change still verifies");

        let ben = Person::verified(&room.app, "ben@example.org", "Ben", "en").await.token;
        let (enrollment, _) = room.enroll(&ben, &cohort).await;
        room.finish(&ben, &enrollment).await;
        let read = room.app.graphql_as(&ben, ENROLLMENT_PROGRESS, json!({ "id": enrollment })).await;
        let later = verify_with_jwks(&text(&read, &["node", "certificate", "credential"]), &jwks).expect("verifies");
        assert_eq!(later.kid, configured.kid(), "{engine:?}: new certificates use the configured key");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn the_signing_key_is_the_configured_one_or_one_generated_for_every_instance() {
    let configured = SigningKey::generate();
    let pem = configured.to_pkcs8_pem().expect("PEM");
    for engine in engines() {
        let room =
            Classroom::open_with(engine, &course_content_root(), &[("AGORA_CERT_SIGNING_KEY", pem.expose_secret())])
                .await;
        let jwks: Value =
            reqwest::get(room.app.url("/.well-known/jwks.json")).await.expect("keys").json().await.expect("JSON");
        assert_eq!(jwks["keys"][0]["kid"], configured.kid(), "{engine:?}: {jwks}");
        assert_eq!(jwks["keys"][0]["alg"], "EdDSA");
        assert!(jwks["keys"][0]["d"].is_null(), "no private part is published");
        room.app.stop().await;

        let room = Classroom::open(engine).await;
        let second = room.app.another_instance().await;
        let first_keys: Value =
            reqwest::get(room.app.url("/.well-known/jwks.json")).await.expect("keys").json().await.expect("JSON");
        let second_keys: Value =
            reqwest::get(second.url("/.well-known/jwks.json")).await.expect("keys").json().await.expect("JSON");
        assert_eq!(first_keys, second_keys, "{engine:?}: every instance signs with the one stored key");
        assert_ne!(first_keys["keys"][0]["kid"], configured.kid());
        second.stop().await;
        room.app.stop().await;
    }
}

/// Gives an account [`PASSWORD`], for the tests that must type it.
async fn set_password(app: &TestApp, user: &agora::identity::model::UserId) {
    let password = agora::auth::password::Password::parse(PASSWORD, "password").expect("a valid password");
    let hash = app.services.passwords.hash(&password).await.expect("hashing");
    let user = user.clone();
    app.services
        .db
        .run(move |connection| {
            use agora::db::schema::users;
            use diesel::prelude::*;
            diesel::update(users::table.find(&user)).set(users::password_hash.eq(hash)).execute(connection)?;
            Ok(())
        })
        .await
        .expect("setting the password");
}
