//! Comments over HTTP on every engine: tracking numbers, receipt emails and public receipts
//! without personal data; late comments that leave nothing behind; replies within a round;
//! comments for an organization; who reads a confidential text; edits that keep earlier texts,
//! withdrawals; endorsements; the filters, orders and keyset pages of comment lists; and the
//! per-account rate limit. Bursts of concurrent requests (a double click, a script, many people
//! at once, whose comments are written together) must get the same answers as the same requests
//! one after another.

use std::collections::BTreeSet;

use agora_tests::consultation_fixture::{
    OpenConsultation, Person, Stakeholder, TITLE, comment, comment_input, error_field, published_count, round_input,
    success, tally, try_comment,
};
use agora_tests::{TestApp, engines, error_code};
use serde_json::{Value, json};

const SUBMIT: &str = "mutation($input: SubmitCommentInput!) {
  submitComment(input: $input) {
    id trackingNumber body confidential status stance language stakeholderKind country
    organization { name kind } depth parent { id } section { id }
  }
}";
const RECEIPT: &str = "query($number: String!) {
  commentReceipt(trackingNumber: $number) { trackingNumber consultationSlug consultationTitle roundTitle submittedAt status }
}";
const READ: &str = "query($id: ID!) {
  node(id: $id) { ... on Comment { id body confidential trackingNumber status edited version previousVersions { version body } } }
}";
const EDIT: &str = "mutation($id: ID!, $body: String!) {
  editComment(id: $id, body: $body) { id body edited version previousVersions { version body } }
}";
const WITHDRAW: &str = "mutation($id: ID!) { withdrawComment(id: $id) { id status } }";
const ENDORSE: &str = "mutation($id: ID!) { endorseComment(id: $id) { id endorsementCount endorsedByMe } }";
const UNENDORSE: &str = "mutation($id: ID!) { unendorseComment(id: $id) { id endorsementCount endorsedByMe } }";
const CLOSE_ROUND: &str = "mutation($id: ID!) { closeCommentRound(id: $id) { id status } }";

/// Sends a query as `reader`, or anonymously.
async fn send(app: &TestApp, reader: Option<&Person>, query: &str, variables: Value) -> Value {
    match reader {
        Some(person) => app.graphql_as(&person.token, query, variables).await,
        None => app.graphql(query, variables).await,
    }
}

/// Submits a comment with the full selection of [`SUBMIT`] and returns the comment.
async fn submit(app: &TestApp, author: &Person, input: Value) -> Value {
    let response = app.graphql_as(&author.token, SUBMIT, json!({ "input": input })).await;
    success(&response, "submitComment").clone()
}

/// `input` with `changes` merged in.
fn with(mut input: Value, changes: Value) -> Value {
    for (key, value) in changes.as_object().expect("an object of changes") {
        input[key] = value.clone();
    }
    input
}

#[tokio::test]
async fn a_comment_gets_a_tracking_number_a_receipt_email_and_a_public_receipt() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina Wanjiru", "en").await;
        let body = "The registration duty is too heavy for start-ups.";
        let submitted = submit(&app, &author, comment_input(&open.round_id, body)).await;
        let number = submitted["trackingNumber"].as_str().expect("the author sees the tracking number").to_owned();
        let groups: Vec<&str> = number.split('-').collect();
        assert_eq!(groups[0], "AGR", "{engine:?}: {number}");
        assert!(
            groups.len() == 4 && groups[1..].iter().all(|group| group.len() == 4),
            "a number a person can read out: {number}"
        );
        assert_eq!(submitted["status"], "PUBLISHED");
        assert_eq!(submitted["stance"], "NEUTRAL", "the default stance");

        let mail = app.mail_to("amina@example.org").await;
        assert_eq!(mail.len(), 1, "{engine:?}: one receipt");
        assert_eq!(mail[0].template, "mail-comment-receipt");
        assert!(mail[0].subject.contains(&number), "{}", mail[0].subject);
        assert!(mail[0].body_text.contains(&number) && mail[0].body_text.contains(TITLE), "{}", mail[0].body_text);

        let receipt = app.graphql(RECEIPT, json!({ "number": number })).await;
        let receipt = success(&receipt, "commentReceipt");
        assert_eq!(receipt["trackingNumber"], number.as_str());
        assert_eq!(receipt["consultationSlug"], "ai-act");
        assert_eq!(receipt["consultationTitle"], TITLE);
        assert_eq!(receipt["roundTitle"], "First reading");
        assert_eq!(receipt["status"], "PUBLISHED");
        assert!(receipt["submittedAt"].is_string(), "{receipt}");
        let retyped = app.graphql(RECEIPT, json!({ "number": number.to_lowercase().replace('-', " ") })).await;
        assert_eq!(retyped["data"]["commentReceipt"]["trackingNumber"], number.as_str(), "{retyped}");
        let unknown = app.graphql(RECEIPT, json!({ "number": "AGR-0000-0000-0000" })).await;
        assert!(unknown["data"]["commentReceipt"].is_null() && unknown["errors"].is_null(), "{unknown}");

        let text = receipt.to_string();
        for personal in ["amina", "Amina", "Wanjiru", body] {
            assert!(!text.contains(personal), "{engine:?}: the receipt shows {personal}: {text}");
        }
        let fields = app.graphql("{ __type(name: \"CommentReceipt\") { fields { name } } }", json!({})).await;
        let names: BTreeSet<&str> = fields["data"]["__type"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(|field| field["name"].as_str())
            .collect();
        assert_eq!(
            names,
            BTreeSet::from([
                "trackingNumber",
                "consultationSlug",
                "consultationTitle",
                "roundTitle",
                "submittedAt",
                "status"
            ]),
            "a receipt has nothing that leads to a person"
        );

        let seen = app.graphql(READ, json!({ "id": submitted["id"] })).await;
        assert!(seen["data"]["node"]["trackingNumber"].is_null(), "only the author sees the number: {seen}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_late_comment_is_refused_and_leaves_nothing_behind() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        comment(&app, &author.token, comment_input(&open.round_id, "In time.")).await;
        let closed = app.graphql_as(&open.official().token, CLOSE_ROUND, json!({ "id": open.round_id })).await;
        assert_eq!(success(&closed, "closeCommentRound")["status"], "CLOSED");

        let late = try_comment(&app, &author.token, comment_input(&open.round_id, "Too late.")).await;
        assert_eq!(error_code(&late), "ROUND_NOT_OPEN", "{engine:?}: {late}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 1, "{engine:?}");
        assert_eq!(app.mail_to("amina@example.org").await.len(), 1, "no receipt for a refused comment");
        app.stop().await;
    }
}

#[tokio::test]
async fn replies_stay_in_the_round_of_their_parent() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let second_round = open.government.open_public_round(&app, &open.consultation).await;
        let amina = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let jean = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let section = &open.consultation.sections[1];
        let parent = comment(
            &app,
            &amina.token,
            with(comment_input(&open.round_id, "Define 'placing on the market'."), json!({ "sectionId": section })),
        )
        .await;

        let across = try_comment(
            &app,
            &jean.token,
            with(comment_input(&second_round, "I agree."), json!({ "parentId": parent })),
        )
        .await;
        assert_eq!(error_code(&across), "VALIDATION", "{engine:?}: {across}");
        assert_eq!(error_field(&across), "parentId");

        let reply =
            submit(&app, &jean, with(comment_input(&open.round_id, "I agree."), json!({ "parentId": parent }))).await;
        assert_eq!(reply["depth"], 1);
        assert_eq!(reply["parent"]["id"], parent.as_str());
        assert_eq!(reply["section"]["id"], section.as_str(), "a reply is on its parent's section");
        let replies =
            "query($id: ID!) { node(id: $id) { ... on Comment { replies { totalCount edges { node { id } } } } } }";
        let listed = app.graphql(replies, json!({ "id": parent })).await;
        assert_eq!(listed["data"]["node"]["replies"]["totalCount"], 1, "{engine:?}: {listed}");
        assert_eq!(listed["data"]["node"]["replies"]["edges"][0]["node"]["id"], reply["id"]);
        assert_eq!(published_count(&app, &open.consultation.id).await, 2);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_comment_speaks_for_an_organization_only_if_its_author_is_a_member() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let rights = Stakeholder::verified(&app, open.platform_admin(), "CIVIL_SOCIETY", "Digital Rights Watch").await;
        let outsider = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let for_rights = with(
            comment_input(&open.round_id, "We oppose biometric surveillance."),
            json!({ "organizationId": rights.organization_id }),
        );

        let refused = try_comment(&app, &outsider.token, for_rights.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: {refused}");
        let submitted = submit(&app, &rights.member, with(for_rights, json!({ "stance": "OPPOSE" }))).await;
        assert_eq!(submitted["organization"], json!({ "name": "Digital Rights Watch", "kind": "CIVIL_SOCIETY" }));
        assert_eq!(submitted["stakeholderKind"], "CIVIL_SOCIETY");
        assert_eq!(submitted["stance"], "OPPOSE");
        let read = app
            .graphql(
                "query($id: ID!) { node(id: $id) { ... on Comment { stakeholderKind organization { name kind } } } }",
                json!({ "id": submitted["id"] }),
            )
            .await;
        assert_eq!(
            read["data"]["node"],
            json!({ "stakeholderKind": "CIVIL_SOCIETY", "organization": { "name": "Digital Rights Watch", "kind": "CIVIL_SOCIETY" } }),
            "{engine:?}: as the public sees it"
        );

        let personal = submit(&app, &rights.member, comment_input(&open.round_id, "Speaking for myself.")).await;
        assert_eq!(personal["stakeholderKind"], "INDIVIDUAL");
        assert!(personal["organization"].is_null(), "{personal}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 2);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_confidential_text_is_read_by_its_author_officials_moderators_and_admins_only() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let moderator = Person::verified(&app, "moderator@example.org", "Moderator", "en").await;
        open.government.grant(&app, &moderator, "MODERATOR", Some(&open.consultation.id)).await;
        let other = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let body = "Our internal figures show a 30% compliance cost.";
        let submitted =
            submit(&app, &author, with(comment_input(&open.round_id, body), json!({ "confidential": true }))).await;
        assert_eq!(submitted["body"], body);
        assert_eq!(submitted["confidential"], true);
        let id = submitted["id"].clone();

        let list = "query($id: ID) { consultation(id: $id) { comments { edges { node { id body confidential } } } } }";
        let readers = [
            ("the author", Some(&author), true),
            ("an official", Some(open.official()), true),
            ("a moderator of the consultation", Some(&moderator), true),
            ("a platform admin", Some(open.platform_admin()), true),
            ("another user", Some(&other), false),
            ("the organization's admin, not an official", Some(&open.government.organization_admin), false),
            ("anonymous", None, false),
        ];
        for (label, reader, reads) in readers {
            let node = send(&app, reader, READ, json!({ "id": id })).await;
            let node = &node["data"]["node"];
            assert_eq!(node["confidential"], true, "{engine:?}: as {label}: {node}");
            assert_eq!(node["body"].as_str(), reads.then_some(body), "{engine:?}: node(id:) as {label}: {node}");
            let listed = send(&app, reader, list, json!({ "id": open.consultation.id })).await;
            let edge = &listed["data"]["consultation"]["comments"]["edges"][0]["node"];
            assert_eq!(edge["id"], id, "{listed}");
            assert_eq!(edge["confidential"], true);
            assert_eq!(edge["body"].as_str(), reads.then_some(body), "{engine:?}: the list as {label}: {edge}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn an_edit_keeps_the_earlier_text_and_nothing_changes_after_the_round_closes() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let other = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let id = comment(&app, &author.token, comment_input(&open.round_id, "First thoughts.")).await;
        let to_withdraw = comment(&app, &author.token, comment_input(&open.round_id, "Posted twice by mistake.")).await;

        let edit = json!({ "id": id, "body": "Second thoughts." });
        let refused = app.graphql_as(&other.token, EDIT, edit.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: {refused}");
        let edited = app.graphql_as(&author.token, EDIT, edit).await;
        assert_eq!(
            success(&edited, "editComment"),
            &json!({
                "id": id, "body": "Second thoughts.", "edited": true, "version": 2,
                "previousVersions": [{ "version": 1, "body": "First thoughts." }],
            }),
            "{engine:?}"
        );
        let public = app.graphql(READ, json!({ "id": id })).await;
        assert_eq!(public["data"]["node"]["previousVersions"], json!([{ "version": 1, "body": "First thoughts." }]));
        assert_eq!(public["data"]["node"]["edited"], true);

        let refused = app.graphql_as(&other.token, WITHDRAW, json!({ "id": to_withdraw })).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
        let withdrawn = app.graphql_as(&author.token, WITHDRAW, json!({ "id": to_withdraw })).await;
        assert_eq!(success(&withdrawn, "withdrawComment")["status"], "WITHDRAWN", "{engine:?}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 1, "a withdrawn comment leaves the list");
        let gone = app.graphql(READ, json!({ "id": to_withdraw })).await;
        assert!(gone["data"]["node"].is_null(), "{gone}");

        let closed = app.graphql_as(&open.official().token, CLOSE_ROUND, json!({ "id": open.round_id })).await;
        success(&closed, "closeCommentRound");
        let late_edit = app.graphql_as(&author.token, EDIT, json!({ "id": id, "body": "Third thoughts." })).await;
        assert_eq!(error_code(&late_edit), "ROUND_NOT_OPEN", "{engine:?}: {late_edit}");
        let late_withdrawal = app.graphql_as(&author.token, WITHDRAW, json!({ "id": id })).await;
        assert_eq!(error_code(&late_withdrawal), "ROUND_NOT_OPEN", "{engine:?}: {late_withdrawal}");
        let unchanged = app.graphql(READ, json!({ "id": id })).await;
        assert_eq!(unchanged["data"]["node"]["body"], "Second thoughts.");
        assert_eq!(unchanged["data"]["node"]["status"], "PUBLISHED");
        app.stop().await;
    }
}

#[tokio::test]
async fn people_endorse_the_comments_of_others_once() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let supporter = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let id = json!({ "id": comment(&app, &author.token, comment_input(&open.round_id, "Exempt research.")).await });

        assert_eq!(error_code(&app.graphql(ENDORSE, id.clone()).await), "UNAUTHENTICATED");
        let own = app.graphql_as(&author.token, ENDORSE, id.clone()).await;
        assert_eq!(error_code(&own), "CONFLICT", "{engine:?}: one's own comment: {own}");
        let endorsed = app.graphql_as(&supporter.token, ENDORSE, id.clone()).await;
        let endorsed = success(&endorsed, "endorseComment");
        assert_eq!((endorsed["endorsementCount"].as_i64(), endorsed["endorsedByMe"].as_bool()), (Some(1), Some(true)));
        let twice = app.graphql_as(&supporter.token, ENDORSE, id.clone()).await;
        assert_eq!(error_code(&twice), "CONFLICT", "{engine:?}: {twice}");

        let read = "query($id: ID!) { node(id: $id) { ... on Comment { endorsementCount endorsedByMe } } }";
        let by_author = app.graphql_as(&author.token, read, id.clone()).await;
        assert_eq!(by_author["data"]["node"], json!({ "endorsementCount": 1, "endorsedByMe": false }));
        let by_supporter = app.graphql_as(&supporter.token, read, id.clone()).await;
        assert_eq!(by_supporter["data"]["node"], json!({ "endorsementCount": 1, "endorsedByMe": true }));

        let taken_back = app.graphql_as(&supporter.token, UNENDORSE, id.clone()).await;
        let taken_back = success(&taken_back, "unendorseComment");
        assert_eq!(
            (taken_back["endorsementCount"].as_i64(), taken_back["endorsedByMe"].as_bool()),
            (Some(0), Some(false))
        );
        let again = app.graphql_as(&supporter.token, UNENDORSE, id.clone()).await;
        assert_eq!(error_code(&again), "CONFLICT", "{again}");
        let anonymous = app.graphql(read, id).await;
        assert_eq!(anonymous["data"]["node"], json!({ "endorsementCount": 0, "endorsedByMe": false }));
        app.stop().await;
    }
}

/// The comments a consultation lists with `arguments` (a GraphQL argument list), as letters.
async fn listed(
    app: &TestApp,
    reader: &Person,
    consultation: &str,
    arguments: &str,
    names: &[(String, &str)],
) -> Vec<String> {
    let query = format!(
        "query($id: ID) {{ consultation(id: $id) {{ comments({arguments}) {{ totalCount edges {{ node {{ id }} }} }} }} }}"
    );
    let response = app.graphql_as(&reader.token, &query, json!({ "id": consultation })).await;
    letters(&response["data"]["consultation"]["comments"], names, &response)
}

/// The letters of the comments of a connection, sorted; checks `totalCount` against them.
fn letters(connection: &Value, names: &[(String, &str)], response: &Value) -> Vec<String> {
    let edges = connection["edges"].as_array().unwrap_or_else(|| panic!("no comments: {response}"));
    let mut found: Vec<String> = edges
        .iter()
        .map(|edge| {
            let id = edge["node"]["id"].as_str().expect("an ID");
            names
                .iter()
                .find(|(known, _)| known == id)
                .map(|(_, letter)| (*letter).to_owned())
                .expect("a known comment")
        })
        .collect();
    found.sort();
    assert_eq!(connection["totalCount"].as_u64(), Some(found.len() as u64), "totalCount: {response}");
    found
}

#[tokio::test]
async fn comment_lists_filter_by_stance_speaker_country_language_round_and_section() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let admin = open.platform_admin();
        let round_one = open.round_id.clone();
        let round_two = open.government.open_public_round(&app, &open.consultation).await;
        let [scope, definitions] = [&open.consultation.sections[0], &open.consultation.sections[1]];
        let amina = Person::from_country(&app, "amina@example.org", "Amina", "en", "KE").await;
        let jean = Person::from_country(&app, "jean@example.org", "Jean", "fr", "fr").await;
        let rights = Stakeholder::verified(&app, admin, "CIVIL_SOCIETY", "Digital Rights Watch").await;
        let university = Stakeholder::verified(&app, admin, "ACADEMIA", "University of Nairobi").await;

        let written = [
            ("a", &amina, json!({ "roundId": round_one, "sectionId": scope, "stance": "SUPPORT" })),
            ("b", &jean, json!({ "roundId": round_one, "sectionId": definitions, "stance": "OPPOSE" })),
            (
                "c",
                &rights.member,
                json!({ "roundId": round_one, "sectionId": scope, "stance": "OPPOSE", "language": "en", "organizationId": rights.organization_id }),
            ),
            ("d", &university.member, json!({ "roundId": round_two, "organizationId": university.organization_id })),
            (
                "e",
                &amina,
                json!({ "roundId": round_two, "sectionId": definitions, "stance": "OPPOSE", "language": "sw" }),
            ),
        ];
        let mut names = Vec::new();
        for (letter, author, input) in written {
            let submitted = submit(&app, author, with(input, json!({ "body": format!("Comment {letter}.") }))).await;
            names.push((submitted["id"].as_str().expect("an ID").to_owned(), letter));
        }
        let consultation = &open.consultation.id;
        // Read by the official, who is shown the small groups that others are not (see
        // `small_groups_of_people_are_not_listed`).
        let official = open.official();
        let cases = [
            ("first: 100".to_owned(), "abcde"),
            ("stance: OPPOSE".to_owned(), "bce"),
            ("stance: SUPPORT".to_owned(), "a"),
            ("organizationKind: CIVIL_SOCIETY".to_owned(), "c"),
            ("organizationKind: ACADEMIA".to_owned(), "d"),
            ("organizationKind: INDUSTRY".to_owned(), ""),
            ("individualsOnly: true".to_owned(), "abe"),
            ("country: \"KE\"".to_owned(), "ae"),
            ("country: \"fr\"".to_owned(), "b"),
            ("language: \"fr\"".to_owned(), "b"),
            ("language: \"sw\"".to_owned(), "e"),
            ("language: \"en\"".to_owned(), "acd"),
            (format!("roundId: \"{round_two}\""), "de"),
            (format!("sectionId: \"{scope}\""), "ac"),
            (format!("roundId: \"{round_one}\", stance: OPPOSE"), "bc"),
        ];
        for (arguments, expected) in cases {
            let expected: Vec<String> = expected.chars().map(String::from).collect();
            assert_eq!(
                listed(&app, official, consultation, &arguments, &names).await,
                expected,
                "{engine:?}: comments({arguments})"
            );
        }

        let both = app
            .graphql(
                "query($id: ID) { consultation(id: $id) { comments(organizationKind: ACADEMIA, individualsOnly: true) { totalCount } } }",
                json!({ "id": consultation }),
            )
            .await;
        assert_eq!(error_code(&both), "VALIDATION", "{both}");
        assert_eq!(error_field(&both), "organizationKind");

        let section =
            "query($id: ID!) { node(id: $id) { ... on Section { comments { totalCount edges { node { id } } } } } }";
        let on_definitions = app.graphql(section, json!({ "id": definitions })).await;
        assert_eq!(letters(&on_definitions["data"]["node"]["comments"], &names, &on_definitions), ["b", "e"]);
        let round = "query($id: ID!) { node(id: $id) { ... on CommentRound { comments(stance: NEUTRAL) { totalCount edges { node { id } } } } } }";
        let in_round_two = app.graphql(round, json!({ "id": round_two })).await;
        assert_eq!(letters(&in_round_two["data"]["node"]["comments"], &names, &in_round_two), ["d"], "{engine:?}");
        app.stop().await;
    }
}

/// Every comment of a consultation in `order`, read two at a time, as letters in list order.
async fn paged(app: &TestApp, consultation: &str, order: &str, names: &[(String, &str)]) -> String {
    let query = "query($id: ID, $order: CommentOrder, $after: String) {
  consultation(id: $id) { comments(first: 2, after: $after, orderBy: $order) { edges { node { id } } pageInfo { hasNextPage endCursor } } }
}";
    let mut seen = String::new();
    let mut after = Value::Null;
    for _ in 0..10 {
        let response = app.graphql(query, json!({ "id": consultation, "order": order, "after": after })).await;
        let connection = &response["data"]["consultation"]["comments"];
        let edges = connection["edges"].as_array().unwrap_or_else(|| panic!("no page: {response}"));
        assert!(edges.len() <= 2, "{response}");
        for edge in edges {
            let id = edge["node"]["id"].as_str().expect("an ID");
            seen.push_str(names.iter().find(|(known, _)| known == id).map(|(_, letter)| *letter).expect("known"));
        }
        if connection["pageInfo"]["hasNextPage"] != true {
            return seen;
        }
        after = connection["pageInfo"]["endCursor"].clone();
    }
    panic!("the pages of {order} do not end: {seen}");
}

#[tokio::test]
async fn comment_lists_are_ordered_and_paged_without_gaps_or_repeats() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let first_fan = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let second_fan = Person::verified(&app, "li@example.org", "Li", "en").await;
        let mut names = Vec::new();
        for letter in ["a", "b", "c", "d", "e"] {
            let id = comment(&app, &author.token, comment_input(&open.round_id, &format!("Comment {letter}."))).await;
            names.push((id, letter));
        }
        for (fan, letter) in [(&first_fan, "b"), (&second_fan, "b"), (&first_fan, "d")] {
            let id = &names.iter().find(|(_, known)| *known == letter).expect("a comment").0;
            success(&app.graphql_as(&fan.token, ENDORSE, json!({ "id": id })).await, "endorseComment");
        }

        let consultation = &open.consultation.id;
        assert_eq!(paged(&app, consultation, "NEWEST", &names).await, "edcba", "{engine:?}");
        assert_eq!(paged(&app, consultation, "OLDEST", &names).await, "abcde", "{engine:?}");
        assert_eq!(paged(&app, consultation, "MOST_ENDORSED", &names).await, "bdeca", "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn an_account_that_comments_too_often_is_slowed_down() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_COMMENTS_PER_HOUR", "2")]).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        for n in 1..=2 {
            comment(&app, &author.token, comment_input(&open.round_id, &format!("Comment {n}."))).await;
        }
        let third = try_comment(&app, &author.token, comment_input(&open.round_id, "Comment 3.")).await;
        assert_eq!(error_code(&third), "RATE_LIMITED", "{engine:?}: {third}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 2, "{engine:?}");
        let someone_else = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        comment(&app, &someone_else.token, comment_input(&open.round_id, "My first.")).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn a_burst_of_comments_from_one_account_stays_within_the_limit() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_COMMENTS_PER_HOUR", "2")]).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let burst =
            (1..=8).map(|n| try_comment(&app, &author.token, comment_input(&open.round_id, &format!("Comment {n}."))));
        let responses = futures_util::future::join_all(burst).await;
        assert_eq!(tally(&responses), "RATE_LIMITED: 6, accepted: 2", "{engine:?}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 2, "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn comments_sent_at_the_same_moment_are_each_stored_once_with_their_own_receipt() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let mut people = Vec::new();
        for n in 0..12 {
            people.push(Person::verified(&app, &format!("person{n}@example.org"), &format!("Person {n}"), "en").await);
        }
        let (app_ref, round) = (&app, &open.round_id);
        let sent = people.iter().enumerate().map(|(n, person)| {
            let body = format!("Comment number {n} on the draft.");
            async move { (n, submit(app_ref, person, comment_input(round, &body)).await) }
        });
        let answers = futures_util::future::join_all(sent).await;
        let mut numbers = BTreeSet::new();
        for (n, comment) in &answers {
            assert_eq!(
                comment["body"],
                format!("Comment number {n} on the draft."),
                "{engine:?}: each answer is its own"
            );
            let number = comment["trackingNumber"].as_str().expect("a tracking number").to_owned();
            let mail = app.mail_to(&format!("person{n}@example.org")).await;
            assert_eq!(mail.len(), 1, "{engine:?}: one receipt for person {n}");
            assert!(mail[0].subject.contains(&number), "{engine:?}: the receipt names its own comment");
            numbers.insert(number);
        }
        assert_eq!(numbers.len(), 12, "{engine:?}: twelve distinct tracking numbers");
        assert_eq!(published_count(&app, &open.consultation.id).await, 12, "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_double_click_endorses_once() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let supporter = Person::verified(&app, "jean@example.org", "Jean", "en").await;
        let id = json!({ "id": comment(&app, &author.token, comment_input(&open.round_id, "Exempt research.")).await });
        let clicks = (0..6).map(|_| app.graphql_as(&supporter.token, ENDORSE, id.clone()));
        let responses = futures_util::future::join_all(clicks).await;
        assert_eq!(tally(&responses), "CONFLICT: 5, accepted: 1", "{engine:?}");
        let read = "query($id: ID!) { node(id: $id) { ... on Comment { endorsementCount } } }";
        let count = app.graphql(read, id).await;
        assert_eq!(count["data"]["node"]["endorsementCount"], 1, "{engine:?}: {count}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_round_of_another_consultation_or_a_foreign_section_is_refused() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let other = open.government.published(&app, "data-protection").await;
        let other_round = open.government.round(&app, round_input(&other.id, "PUBLIC")).await;
        let author = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let foreign_section = with(
            comment_input(&other_round, "On the wrong text."),
            json!({ "sectionId": open.consultation.sections[0] }),
        );
        let refused = try_comment(&app, &author.token, foreign_section).await;
        assert_eq!(error_code(&refused), "VALIDATION", "{engine:?}: {refused}");
        assert_eq!(error_field(&refused), "sectionId");
        assert_eq!(published_count(&app, &other.id).await, 0);
        app.stop().await;
    }
}
