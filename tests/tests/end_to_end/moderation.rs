//! Moderation and official responses over HTTP on every engine: a person flags a comment once;
//! enough distinct flags hide it until a moderator reviews it (its author is told); moderators
//! hide and restore with a reason that is audited and emailed; the moderation queue is for
//! moderators; the consultation's officials respond to comments and the author is told. A double
//! click flags once.

use agora_tests::consultation_fixture::{
    Government, OpenConsultation, Person, comment, comment_input, published_count, success, tally,
};
use agora_tests::{TestApp, engines, error_code};
use serde_json::{Value, json};

const FLAG: &str = "mutation($id: ID!, $reason: FlagReason!) { flagComment(id: $id, reason: $reason) }";
const MODERATE: &str = "mutation($id: ID!, $action: ModerationAction!, $reason: String!) {
  moderateComment(id: $id, action: $action, reason: $reason) { id status moderationReason }
}";
const QUEUE: &str = "{ moderationQueue { totalCount edges { node { id status flagCount } } } }";
const READ: &str = "query($id: ID!) {
  node(id: $id) { ... on Comment { id status flagCount moderationReason responses { body organization { name } } } }
}";
const RESPOND: &str = "mutation($id: ID!, $body: String!) {
  respondToComment(id: $id, body: $body) { id responses { body organization { name } } }
}";
const AUDIT: &str = "query($action: String!, $target: ID!) {
  auditLog(action: $action, targetId: $target) { totalCount edges { node { actorId details } } }
}";

/// A comment by Amina (`amina@example.org`) in the open round, and its tracking number.
async fn a_comment_by_amina(app: &TestApp, open: &OpenConsultation) -> (Person, String, String) {
    let author = Person::verified(app, "amina@example.org", "Amina", "en").await;
    let submitted = app
        .graphql_as(
            &author.token,
            "mutation($input: SubmitCommentInput!) { submitComment(input: $input) { id trackingNumber } }",
            json!({ "input": comment_input(&open.round_id, "Buy cheap watches at example.com!") }),
        )
        .await;
    let submitted = success(&submitted, "submitComment");
    let id = submitted["id"].as_str().expect("an ID").to_owned();
    let number = submitted["trackingNumber"].as_str().expect("a tracking number").to_owned();
    (author, id, number)
}

/// The newest message to `address`: its template, subject and text.
async fn last_mail(app: &TestApp, address: &str) -> (String, String, String) {
    let message = app.mail_to(address).await.pop().unwrap_or_else(|| panic!("no mail to {address}"));
    (message.template, message.subject, message.body_text)
}

/// The audit entries of `action` on `target`, as a platform admin reads them.
async fn audited(app: &TestApp, admin: &Person, action: &str, target: &str) -> Value {
    let entries = app.graphql_as(&admin.token, AUDIT, json!({ "action": action, "target": target })).await;
    success(&entries, "auditLog").clone()
}

#[tokio::test]
async fn a_person_flags_a_comment_once() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let (_, id, _) = a_comment_by_amina(&app, &open).await;
        let flagger = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let flag = json!({ "id": id, "reason": "SPAM" });

        assert_eq!(error_code(&app.graphql(FLAG, flag.clone()).await), "UNAUTHENTICATED");
        let unverified = Person::unverified(&app, "new@example.org").await;
        assert_eq!(error_code(&app.graphql_as(&unverified.token, FLAG, flag.clone()).await), "EMAIL_NOT_VERIFIED");
        let flagged = app.graphql_as(&flagger.token, FLAG, flag.clone()).await;
        assert_eq!(flagged["data"]["flagComment"], true, "{engine:?}: {flagged}");
        let twice = app.graphql_as(&flagger.token, FLAG, json!({ "id": id, "reason": "OFFENSIVE" })).await;
        assert_eq!(error_code(&twice), "CONFLICT", "{engine:?}: {twice}");

        let by_official = app.graphql_as(&open.official().token, READ, json!({ "id": id })).await;
        assert_eq!(by_official["data"]["node"]["flagCount"], 1, "{engine:?}: {by_official}");
        assert_eq!(by_official["data"]["node"]["status"], "PUBLISHED", "one flag is not enough to hide");
        let by_public = app.graphql(READ, json!({ "id": id })).await;
        assert!(by_public["data"]["node"]["flagCount"].is_null(), "flags are for reviewers: {by_public}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_double_click_flags_once() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let (_, id, _) = a_comment_by_amina(&app, &open).await;
        let flagger = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let clicks = (0..6).map(|_| app.graphql_as(&flagger.token, FLAG, json!({ "id": id, "reason": "SPAM" })));
        let responses = futures_util::future::join_all(clicks).await;
        assert_eq!(tally(&responses), "CONFLICT: 5, accepted: 1", "{engine:?}");
        let read = app.graphql_as(&open.official().token, READ, json!({ "id": id })).await;
        assert_eq!(read["data"]["node"]["flagCount"], 1, "{engine:?}: {read}");
        app.stop().await;
    }
}

#[tokio::test]
async fn enough_flags_hide_a_comment_until_a_moderator_reviews_it() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_FLAGS_TO_HIDE", "2")]).await;
        let open = OpenConsultation::set_up(&app).await;
        let (author, id, number) = a_comment_by_amina(&app, &open).await;
        let moderator = Person::verified(&app, "moderator@example.org", "Moderator", "en").await;
        open.government.grant(&app, &moderator, "MODERATOR", None).await;
        let plain = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let second = Person::verified(&app, "li@example.org", "Li", "en").await;

        let flagged = app.graphql_as(&plain.token, FLAG, json!({ "id": id, "reason": "SPAM" })).await;
        assert_eq!(flagged["data"]["flagComment"], true, "{flagged}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 1, "{engine:?}: still shown after one flag");
        let flagged = app.graphql_as(&second.token, FLAG, json!({ "id": id, "reason": "OFFENSIVE" })).await;
        assert_eq!(flagged["data"]["flagComment"], true, "{flagged}");

        assert_eq!(published_count(&app, &open.consultation.id).await, 0, "{engine:?}: hidden from the list");
        let public = app.graphql(READ, json!({ "id": id })).await;
        assert!(public["data"]["node"].is_null(), "{engine:?}: hidden from the public: {public}");
        let own = app.graphql_as(&author.token, READ, json!({ "id": id })).await;
        assert_eq!(own["data"]["node"]["status"], "HIDDEN", "{engine:?}: its author still sees it: {own}");
        let receipt = app
            .graphql("query($n: String!) { commentReceipt(trackingNumber: $n) { status } }", json!({ "n": number }))
            .await;
        assert_eq!(receipt["data"]["commentReceipt"]["status"], "HIDDEN", "{receipt}");

        let queue = app.graphql_as(&moderator.token, QUEUE, json!({})).await;
        assert_eq!(
            success(&queue, "moderationQueue"),
            &json!({ "totalCount": 1, "edges": [{ "node": { "id": id, "status": "HIDDEN", "flagCount": 2 } }] }),
            "{engine:?}"
        );
        let refused = app.graphql_as(&plain.token, QUEUE, json!({})).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: {refused}");
        assert_eq!(error_code(&app.graphql(QUEUE, json!({})).await), "UNAUTHENTICATED");

        let (template, subject, _) = last_mail(&app, &author.email).await;
        assert_eq!(template, "mail-comment-pending-review", "{engine:?}");
        assert!(subject.contains(&number), "{subject}");

        let restore = json!({ "id": id, "action": "RESTORE", "reason": "Not spam: a real opinion." });
        let restored = app.graphql_as(&moderator.token, MODERATE, restore).await;
        assert_eq!(success(&restored, "moderateComment")["status"], "PUBLISHED", "{engine:?}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 1);
        let queue = app.graphql_as(&moderator.token, QUEUE, json!({})).await;
        assert_eq!(queue["data"]["moderationQueue"]["totalCount"], 0, "a reviewed comment leaves the queue: {queue}");
        app.stop().await;
    }
}

#[tokio::test]
async fn moderators_hide_and_restore_with_a_reason_that_is_audited_and_emailed() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let government = &open.government;
        let (author, id, number) = a_comment_by_amina(&app, &open).await;
        let moderator = Person::verified(&app, "moderator@example.org", "Moderator", "en").await;
        government.grant(&app, &moderator, "MODERATOR", Some(&open.consultation.id)).await;
        let elsewhere = government.published(&app, "data-protection").await;
        let other_moderator = Person::verified(&app, "other-moderator@example.org", "Other", "en").await;
        government.grant(&app, &other_moderator, "MODERATOR", Some(&elsewhere.id)).await;
        let plain = Person::verified(&app, "jean@example.org", "Jean", "en").await;

        let reason = "Advertising is not a comment on the draft.";
        let hide = json!({ "id": id, "action": "HIDE", "reason": reason });
        for (label, person) in [
            ("a plain user", &plain),
            ("an official", open.official()),
            ("a moderator of another consultation", &other_moderator),
        ] {
            let refused = app.graphql_as(&person.token, MODERATE, hide.clone()).await;
            assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: as {label}: {refused}");
        }
        assert_eq!(error_code(&app.graphql(MODERATE, hide.clone()).await), "UNAUTHENTICATED");

        let hidden = app.graphql_as(&moderator.token, MODERATE, hide.clone()).await;
        assert_eq!(
            success(&hidden, "moderateComment"),
            &json!({ "id": id, "status": "HIDDEN", "moderationReason": reason }),
            "{engine:?}"
        );
        assert_eq!(published_count(&app, &open.consultation.id).await, 0, "{engine:?}");
        let again = app.graphql_as(&moderator.token, MODERATE, hide).await;
        assert_eq!(error_code(&again), "CONFLICT", "{again}");
        let own = app.graphql_as(&author.token, READ, json!({ "id": id })).await;
        assert_eq!(own["data"]["node"]["moderationReason"], reason, "the author reads why: {own}");
        let hidden_list = "query($id: ID) { consultation(id: $id) { comments(status: HIDDEN) { totalCount } } }";
        let consultation = json!({ "id": open.consultation.id });
        for reviewer in [&moderator, open.official()] {
            let listed = app.graphql_as(&reviewer.token, hidden_list, consultation.clone()).await;
            assert_eq!(listed["data"]["consultation"]["comments"]["totalCount"], 1, "{engine:?}: {listed}");
        }
        let listed = app.graphql_as(&plain.token, hidden_list, consultation).await;
        assert_eq!(error_code(&listed), "FORBIDDEN", "hidden comments are listed for reviewers: {listed}");

        let entries = audited(&app, open.platform_admin(), "comment.hide", &id).await;
        assert_eq!(entries["totalCount"], 1, "{engine:?}: {entries}");
        assert_eq!(entries["edges"][0]["node"]["actorId"], moderator.id.as_str());
        assert_eq!(entries["edges"][0]["node"]["details"]["reason"], reason);
        let (template, subject, text) = last_mail(&app, &author.email).await;
        assert_eq!(template, "mail-comment-hidden", "{engine:?}");
        assert!(subject.contains(&number) && text.contains(reason), "{subject}\n{text}");

        let restore_reason = "The author showed it is a genuine opinion.";
        let restore = json!({ "id": id, "action": "RESTORE", "reason": restore_reason });
        let refused = app.graphql_as(&plain.token, MODERATE, restore.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
        let restored = app.graphql_as(&moderator.token, MODERATE, restore.clone()).await;
        assert_eq!(success(&restored, "moderateComment")["status"], "PUBLISHED", "{engine:?}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 1);
        let again = app.graphql_as(&moderator.token, MODERATE, restore).await;
        assert_eq!(error_code(&again), "CONFLICT", "only a hidden comment is restored: {again}");

        let entries = audited(&app, open.platform_admin(), "comment.restore", &id).await;
        assert_eq!(entries["totalCount"], 1, "{engine:?}: {entries}");
        assert_eq!(entries["edges"][0]["node"]["details"]["reason"], restore_reason);
        let mail = app.mail_to(&author.email).await;
        let templates: Vec<&str> = mail.iter().map(|message| message.template.as_str()).collect();
        assert_eq!(templates, ["mail-comment-receipt", "mail-comment-hidden", "mail-comment-restored"], "{engine:?}");
        let restored_mail = mail.last().expect("mail");
        assert!(restored_mail.body_text.contains(restore_reason), "{}", restored_mail.body_text);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_comment_hidden_by_flags_after_an_earlier_restore_can_still_be_hidden_by_a_moderator() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_FLAGS_TO_HIDE", "2")]).await;
        let open = OpenConsultation::set_up(&app).await;
        let (author, id, _) = a_comment_by_amina(&app, &open).await;
        let moderator = Person::verified(&app, "moderator@example.org", "Moderator", "en").await;
        open.government.grant(&app, &moderator, "MODERATOR", None).await;
        let first = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let second = Person::verified(&app, "li@example.org", "Li", "en").await;

        success(&app.graphql_as(&first.token, FLAG, json!({ "id": id, "reason": "SPAM" })).await, "flagComment");
        for (action, reason) in [("HIDE", "Looks like advertising."), ("RESTORE", "On reflection, a real opinion.")] {
            let moderated = app
                .graphql_as(&moderator.token, MODERATE, json!({ "id": id, "action": action, "reason": reason }))
                .await;
            success(&moderated, "moderateComment");
        }
        success(&app.graphql_as(&second.token, FLAG, json!({ "id": id, "reason": "SPAM" })).await, "flagComment");
        let pending = app.graphql_as(&author.token, READ, json!({ "id": id })).await;
        assert_eq!(pending["data"]["node"]["status"], "HIDDEN", "{engine:?}: the second flag hides it: {pending}");
        assert!(
            pending["data"]["node"]["moderationReason"].is_null(),
            "{engine:?}: no moderator gave a reason for this hiding yet: {pending}"
        );

        let reason = "Advertising after all.";
        let hidden =
            app.graphql_as(&moderator.token, MODERATE, json!({ "id": id, "action": "HIDE", "reason": reason })).await;
        assert_eq!(
            success(&hidden, "moderateComment"),
            &json!({ "id": id, "status": "HIDDEN", "moderationReason": reason }),
            "{engine:?}: the moderator confirms the hiding"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn officials_respond_to_comments_and_the_author_is_told() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let (author, id, number) = a_comment_by_amina(&app, &open).await;
        let plain = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let answer = "Thank you: section 1 will exempt research.";
        let respond = json!({ "id": id, "body": answer });

        assert_eq!(error_code(&app.graphql(RESPOND, respond.clone()).await), "UNAUTHENTICATED");
        for (label, person) in [
            ("a plain user", &plain),
            ("the organization's admin, not an official", &open.government.organization_admin),
            ("a platform admin", open.platform_admin()),
        ] {
            let refused = app.graphql_as(&person.token, RESPOND, respond.clone()).await;
            assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: as {label}: {refused}");
        }
        let responded = app.graphql_as(&open.official().token, RESPOND, respond).await;
        let expected = json!([{ "body": answer, "organization": { "name": Government::NAME } }]);
        assert_eq!(success(&responded, "respondToComment")["responses"], expected, "{engine:?}");
        let public = app.graphql(READ, json!({ "id": id })).await;
        assert_eq!(public["data"]["node"]["responses"], expected, "{engine:?}: responses are public: {public}");

        let (template, subject, text) = last_mail(&app, &author.email).await;
        assert_eq!(template, "mail-comment-responded", "{engine:?}");
        assert!(subject.contains(&number) && text.contains(answer), "{subject}\n{text}");
        let entries = audited(&app, open.platform_admin(), "comment.respond", &id).await;
        assert_eq!(entries["totalCount"], 1, "{engine:?}: {entries}");
        assert_eq!(entries["edges"][0]["node"]["actorId"], open.official().id.as_str());
        app.stop().await;
    }
}

#[tokio::test]
async fn a_withdrawn_comment_cannot_be_flagged_or_answered() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let id = comment(&app, &author.token, comment_input(&open.round_id, "Posted by mistake.")).await;
        let withdrawn = app
            .graphql_as(
                &author.token,
                "mutation($id: ID!) { withdrawComment(id: $id) { status } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(success(&withdrawn, "withdrawComment")["status"], "WITHDRAWN");

        let flagger = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let flagged = app.graphql_as(&flagger.token, FLAG, json!({ "id": id, "reason": "SPAM" })).await;
        assert_eq!(error_code(&flagged), "NOT_FOUND", "{engine:?}: {flagged}");
        let answered = app.graphql_as(&open.official().token, RESPOND, json!({ "id": id, "body": "Noted." })).await;
        assert_eq!(error_code(&answered), "CONFLICT", "{engine:?}: {answered}");
        app.stop().await;
    }
}
