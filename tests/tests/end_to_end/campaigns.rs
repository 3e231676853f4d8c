//! Campaigns over HTTP on every engine: comments of one round whose texts are the same once case,
//! whitespace and punctuation are ignored are grouped as they arrive; each shows its campaign and
//! its size; a listing can collapse a campaign to its first comment; withdrawals and edits move
//! comments out of (and into) campaigns; confidential comments are never compared; identical
//! submissions racing each other (on two instances with PostgreSQL) are all counted.

use agora_tests::consultation_fixture::{OpenConsultation, Person, comment, comment_input, success};
use agora_tests::{Engine, TestApp, engines};
use futures_util::future::join_all;
use serde_json::{Value, json};

const CAMPAIGN_TEXT: &str = "We oppose section 3: it harms small businesses!";

const COMMENTS: &str = "query($id: ID!, $collapse: Boolean) { consultation(id: $id) {
  comments(first: 100, orderBy: OLDEST, collapseCampaigns: $collapse) {
    totalCount edges { node { id body confidential campaign { key size firstComment { id } } } } } } }";

const STATS: &str = "query($id: ID!) { participationStats(consultationId: $id) {
  comments uniqueTexts campaigns commentsInCampaigns
  largestCampaigns { size firstComment { id body } round { id } } } }";

const WITHDRAW: &str = "mutation($id: ID!) { withdrawComment(id: $id) { status } }";
const EDIT: &str = "mutation($id: ID!, $body: String!) { editComment(id: $id, body: $body) { campaign { size } } }";

async fn listed(app: &TestApp, consultation: &str, collapse: bool) -> (i64, Vec<Value>) {
    let response = app.graphql(COMMENTS, json!({ "id": consultation, "collapse": collapse })).await;
    let comments = &success(&response, "consultation")["comments"];
    let nodes = comments["edges"].as_array().expect("edges").iter().map(|edge| edge["node"].clone()).collect();
    (comments["totalCount"].as_i64().expect("a total"), nodes)
}

fn node<'a>(nodes: &'a [Value], id: &str) -> &'a Value {
    nodes.iter().find(|node| node["id"] == id).unwrap_or_else(|| panic!("{id} is listed: {nodes:?}"))
}

async fn stats(app: &TestApp, consultation: &str) -> Value {
    success(&app.graphql(STATS, json!({ "id": consultation })).await, "participationStats").clone()
}

#[tokio::test]
async fn identical_texts_form_a_campaign_that_listings_can_collapse() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let setup = OpenConsultation::set_up(&app).await;
        let round = &setup.round_id;
        let consultation = &setup.consultation.id;
        let mut people = Vec::new();
        for index in 0..5 {
            people.push(Person::verified(&app, &format!("p{index}@example.org"), "Participant", "en").await);
        }
        let variants = [
            CAMPAIGN_TEXT,
            "we oppose section 3 -- it harms small businesses",
            "  WE OPPOSE SECTION 3: IT HARMS SMALL BUSINESSES.  ",
        ];
        let mut members = Vec::new();
        for (person, text) in people.iter().zip(variants) {
            members.push(comment(&app, &person.token, comment_input(round, text)).await);
        }
        let own = comment(&app, &people[3].token, comment_input(round, "Section 3 should exempt start-ups.")).await;
        let secret = json!({ "roundId": round, "body": CAMPAIGN_TEXT, "confidential": true });
        let confidential = comment(&app, &people[4].token, secret).await;

        let (total, nodes) = listed(&app, consultation, false).await;
        assert_eq!(total, 5, "{engine:?}: nothing is dropped");
        let key = node(&nodes, &members[0])["campaign"]["key"].clone();
        for member in &members {
            let campaign = &node(&nodes, member)["campaign"];
            assert_eq!(campaign["size"], 3, "{engine:?}: {campaign}");
            assert_eq!(campaign["key"], key, "{engine:?}: one campaign");
            assert_eq!(campaign["firstComment"]["id"], members[0].as_str(), "{engine:?}");
        }
        assert!(node(&nodes, &own)["campaign"].is_null(), "{engine:?}: a unique text is no campaign");
        let secret_node = node(&nodes, &confidential);
        assert!(secret_node["campaign"].is_null(), "{engine:?}: confidential texts are never compared");
        assert!(secret_node["body"].is_null(), "{engine:?}");

        let (collapsed_total, collapsed) = listed(&app, consultation, true).await;
        let ids: Vec<&str> = collapsed.iter().map(|node| node["id"].as_str().expect("an id")).collect();
        assert_eq!(ids, [members[0].as_str(), own.as_str(), confidential.as_str()], "{engine:?}");
        assert_eq!(collapsed_total, 3, "{engine:?}");
        assert_eq!(collapsed[0]["campaign"]["size"], 3, "{engine:?}: the first stands for the campaign");

        let figures = stats(&app, consultation).await;
        assert_eq!(figures["comments"], 5, "{engine:?}: {figures}");
        assert_eq!(figures["uniqueTexts"], 3, "{engine:?}: {figures}");
        assert_eq!(figures["campaigns"], 1, "{engine:?}: {figures}");
        assert_eq!(figures["commentsInCampaigns"], 3, "{engine:?}: {figures}");
        let largest = &figures["largestCampaigns"][0];
        assert_eq!(largest["size"], 3, "{engine:?}: {figures}");
        assert_eq!(largest["firstComment"]["body"], CAMPAIGN_TEXT, "{engine:?}: {figures}");
        assert_eq!(largest["round"]["id"], round.as_str(), "{engine:?}");

        // Withdrawing the first hands the campaign to the next; an edit joins it, another leaves.
        success(&app.graphql_as(&people[0].token, WITHDRAW, json!({ "id": members[0] })).await, "withdrawComment");
        let joined = app
            .graphql_as(
                &people[3].token,
                EDIT,
                json!({ "id": own, "body": "We oppose Section 3; it harms small businesses" }),
            )
            .await;
        assert_eq!(success(&joined, "editComment")["campaign"]["size"], 3, "{engine:?}: {joined}");
        let left = app
            .graphql_as(&people[1].token, EDIT, json!({ "id": members[1], "body": "Actually, section 3 is fine." }))
            .await;
        assert!(success(&left, "editComment")["campaign"].is_null(), "{engine:?}: {left}");

        let (_, collapsed) = listed(&app, consultation, true).await;
        let ids: Vec<&str> = collapsed.iter().map(|node| node["id"].as_str().expect("an id")).collect();
        assert_eq!(ids, [members[1].as_str(), members[2].as_str(), confidential.as_str()], "{engine:?}");
        let figures = stats(&app, consultation).await;
        assert_eq!(figures["comments"], 4, "{engine:?}: {figures}");
        assert_eq!(figures["uniqueTexts"], 3, "{engine:?}: {figures}");
        assert_eq!(figures["campaigns"], 1, "{engine:?}: {figures}");
        assert_eq!(figures["commentsInCampaigns"], 2, "{engine:?}: {figures}");
        assert_eq!(figures["largestCampaigns"][0]["firstComment"]["id"], members[2].as_str(), "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn identical_submissions_racing_each_other_are_all_counted() {
    const PEOPLE: usize = 24;
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        // With PostgreSQL, half the campaign arrives through a second instance.
        let other = match engine {
            Engine::Postgres => Some(app.another_instance().await),
            Engine::Sqlite => None,
        };
        let setup = OpenConsultation::set_up(&app).await;
        let round = setup.round_id.clone();
        let mut people = Vec::new();
        for index in 0..PEOPLE {
            people.push(Person::verified(&app, &format!("c{index}@example.org"), "Campaigner", "en").await);
        }
        let submissions = people.iter().enumerate().map(|(index, person)| {
            let instance = match (&other, index % 2) {
                (Some(other), 1) => other,
                _ => &app,
            };
            let text = if index % 3 == 0 { CAMPAIGN_TEXT.to_uppercase() } else { CAMPAIGN_TEXT.to_owned() };
            let round = round.clone();
            async move { comment(instance, &person.token, comment_input(&round, &text)).await }
        });
        let ids = join_all(submissions).await;
        assert_eq!(ids.len(), PEOPLE);

        let figures = stats(&app, &setup.consultation.id).await;
        assert_eq!(figures["comments"], PEOPLE, "{engine:?}: {figures}");
        assert_eq!(figures["uniqueTexts"], 1, "{engine:?}: {figures}");
        assert_eq!(figures["campaigns"], 1, "{engine:?}: {figures}");
        assert_eq!(figures["commentsInCampaigns"], PEOPLE, "{engine:?}: {figures}");
        assert_eq!(figures["largestCampaigns"][0]["size"], PEOPLE, "{engine:?}: {figures}");
        let (_, nodes) = listed(&app, &setup.consultation.id, false).await;
        assert!(nodes.iter().all(|node| node["campaign"]["size"] == PEOPLE), "{engine:?}: {nodes:?}");
        if let Some(other) = other {
            other.stop().await;
        }
        app.stop().await;
    }
}
