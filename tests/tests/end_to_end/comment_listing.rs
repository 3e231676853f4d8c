//! Reading comments at scale, on every engine: a page of comments with its authors,
//! organizations and responses costs the same few SQL statements whatever its size (the N+1
//! guard), and the open-data export holds exactly what the listing shows.

use std::time::Duration;

use agora::mail::outbox;
use agora_tests::consultation_fixture::{OpenConsultation, Person, Stakeholder, comment, comment_input, success};
use agora_tests::{TestApp, engines};
use serde_json::{Value, json};

const PAGE: &str = "query($id: ID!, $first: Int!) {
  consultation(id: $id) {
    comments(first: $first) {
      edges { node { id body stance author { displayName } organization { name kind } responses { body createdAt } } }
    }
  }
}";

/// Enough comments for a page of 50: by ten people, every third one for an organization, every
/// fifth one answered by the official.
async fn seed_comments(app: &TestApp, open: &OpenConsultation) {
    let stakeholders = [
        Stakeholder::verified(app, open.platform_admin(), "CIVIL_SOCIETY", "Data Rights Network").await,
        Stakeholder::verified(app, open.platform_admin(), "ACADEMIA", "Institute of Policy").await,
    ];
    let mut people = Vec::new();
    for index in 0..10 {
        people
            .push(Person::verified(app, &format!("reader{index}@example.org"), &format!("Reader {index}"), "en").await);
    }
    for index in 0..60 {
        let mut input = comment_input(&open.round_id, &format!("Comment {index} on the draft."));
        let token = if index % 3 == 0 {
            let stakeholder = &stakeholders[index % 2];
            input["organizationId"] = json!(stakeholder.organization_id);
            &stakeholder.member.token
        } else {
            &people[index % people.len()].token
        };
        let id = comment(app, token, input).await;
        if index % 5 == 0 {
            let respond = "mutation($id: ID!) { respondToComment(id: $id, body: \"Noted, thank you.\") { id } }";
            success(&app.graphql_as(&open.official().token, respond, json!({ "id": id })).await, "respondToComment");
        }
    }
}

/// Waits until the mail worker has delivered everything, so it runs no queries while we count.
async fn until_outbox_is_empty(app: &TestApp) {
    for _ in 0..200 {
        let pending = app.services.db.run(|connection| Ok(outbox::pending_count(connection)?)).await;
        if pending.is_ok_and(|pending| pending == 0) {
            tokio::time::sleep(Duration::from_millis(100)).await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the outbox did not drain");
}

/// The SQL statements one anonymous request for a page of `first` comments runs.
async fn statements_for_page(app: &TestApp, consultation: &str, first: usize) -> u64 {
    let before = app.services.db.statements_run();
    let page = app.graphql(PAGE, json!({ "id": consultation, "first": first })).await;
    let after = app.services.db.statements_run();
    let edges = page["data"]["consultation"]["comments"]["edges"].as_array().expect("a page of comments");
    assert_eq!(edges.len(), first, "{page}");
    assert!(edges.iter().any(|edge| !edge["node"]["responses"].as_array().expect("responses").is_empty()));
    assert!(edges.iter().any(|edge| !edge["node"]["organization"].is_null()));
    after - before
}

#[tokio::test]
async fn a_page_of_comments_costs_the_same_few_statements_at_any_size() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_MAIL_POLL_MS", "600000")]).await;
        let open = OpenConsultation::set_up(&app).await;
        seed_comments(&app, &open).await;
        until_outbox_is_empty(&app).await;

        let small = statements_for_page(&app, &open.consultation.id, 5).await;
        let large = statements_for_page(&app, &open.consultation.id, 50).await;
        assert_eq!(small, large, "{engine:?}: the statements grow with the page size ({small} for 5, {large} for 50)");
        assert!(large <= 5, "{engine:?}: a page of 50 comments took {large} statements");
        app.stop().await;
    }
}

/// Every comment of a listing, oldest first, following the cursors.
async fn listed(app: &TestApp, token: Option<&str>, consultation: &str) -> Vec<Value> {
    let query = "query($id: ID!, $after: String) {
  consultation(id: $id) {
    comments(first: 100, after: $after, orderBy: OLDEST) {
      edges { node { id body confidential stance language author { displayName } organization { name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}";
    let mut nodes = Vec::new();
    let mut after = Value::Null;
    loop {
        let variables = json!({ "id": consultation, "after": after });
        let page = match token {
            Some(token) => app.graphql_as(token, query, variables).await,
            None => app.graphql(query, variables).await,
        };
        let comments = &page["data"]["consultation"]["comments"];
        nodes.extend(comments["edges"].as_array().expect("edges").iter().map(|edge| edge["node"].clone()));
        if comments["pageInfo"]["hasNextPage"] != true {
            return nodes;
        }
        after = comments["pageInfo"]["endCursor"].clone();
    }
}

async fn export(app: &TestApp, token: Option<&str>, slug: &str, file: &str) -> reqwest::Response {
    let mut request = app.client.get(app.url(&format!("/exports/consultations/{slug}/{file}")));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the export answers")
}

#[tokio::test]
async fn the_open_data_export_equals_the_listing() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina, \"Data\" Diallo", "en").await;
        for index in 0..7 {
            let mut input =
                comment_input(&open.round_id, &format!("Point {index}: scope, \"definitions\"\nand a new line."));
            input["confidential"] = json!(index == 3);
            comment(&app, &author.token, input).await;
        }
        let hidden = comment(&app, &author.token, comment_input(&open.round_id, "A comment a moderator hides.")).await;
        let hide = "mutation($id: ID!) { moderateComment(id: $id, action: HIDE, reason: \"Off topic\") { id } }";
        success(&app.graphql_as(&open.platform_admin().token, hide, json!({ "id": hidden })).await, "moderateComment");

        let public: Vec<Value> = listed(&app, None, &open.consultation.id)
            .await
            .into_iter()
            .filter(|node| node["confidential"] == false)
            .collect();
        let response = export(&app, None, &open.consultation.slug, "comments.json").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        let rows: Vec<Value> = response.json().await.expect("a JSON array");
        assert_eq!(rows.len(), public.len(), "{engine:?}: {rows:?}");
        for (row, node) in rows.iter().zip(&public) {
            assert_eq!(row["id"], node["id"]);
            assert_eq!(row["body"], node["body"]);
            assert_eq!(row["stance"], node["stance"]);
            assert_eq!(row["language"], node["language"]);
            assert_eq!(row["author"], node["author"]["displayName"]);
            assert_eq!(row["confidential"], false);
        }

        let csv = export(&app, None, &open.consultation.slug, "comments.csv").await;
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.expect("CSV text");
        assert!(text.starts_with("id,createdAt,editedAt,roundId"), "{text}");
        assert!(text.contains("\"Amina, \"\"Data\"\" Diallo\""), "quoted cells: {text}");
        assert_eq!(text.matches("\r\n").count(), public.len() + 1, "a header and one record per comment");

        let official = &open.official().token;
        let everything = listed(&app, Some(official), &open.consultation.id).await;
        let rows: Vec<Value> = export(&app, Some(official), &open.consultation.slug, "comments.json")
            .await
            .json()
            .await
            .expect("a JSON array");
        assert_eq!(rows.len(), everything.len());
        assert_eq!(rows.len(), public.len() + 1, "the officials' export has the confidential comment");
        assert!(
            rows.iter().any(
                |row| row["confidential"] == true && row["body"].as_str().is_some_and(|b| b.starts_with("Point 3"))
            )
        );

        let missing = export(&app, None, "no-such-consultation", "comments.csv").await;
        assert_eq!(missing.status(), 404);
        let body: Value = missing.json().await.expect("a JSON error");
        assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
        let draft = open.government.draft(&app, "still-a-draft").await;
        assert_eq!(export(&app, None, &draft.slug, "comments.json").await.status(), 404);
        assert_eq!(export(&app, Some("not a token"), &open.consultation.slug, "comments.json").await.status(), 401);
        app.stop().await;
    }
}
