//! Consultation outcomes over HTTP on every engine: the officials publish, once no round is
//! open, a summary and per section what changed and which comments led to it; the consultation
//! becomes CONCLUDED and takes no more rounds or comments; the outcome is public, and credits
//! comments as each reader may see them; bad input names the field at fault and writes nothing;
//! only the consultation's officials may publish, and it is audited.

use agora_tests::consultation_fixture::{Government, OpenConsultation, Person};
use agora_tests::{TestApp, engines, error_code};
use serde_json::{Value, json};

const PUBLISH_OUTCOME: &str = "mutation($input: PublishOutcomeInput!) {
  publishOutcome(input: $input) { id status outcome { summary } } }";
const CLOSE_ROUND: &str = "mutation($id: ID!) { closeCommentRound(id: $id) { id status } }";
const SUBMIT: &str = "mutation($input: SubmitCommentInput!) { submitComment(input: $input) { id } }";
const OUTCOME: &str = "query($id: ID!) { consultation(id: $id) { status outcome { summary publishedAt
  sectionOutcomes { section { heading } changes comments { id body confidential } } } } }";

async fn comment(app: &TestApp, author: &Person, round: &str, section: &str, body: &str, confidential: bool) -> String {
    let input = json!({ "roundId": round, "sectionId": section, "body": body, "confidential": confidential });
    let submitted = app.graphql_as(&author.token, SUBMIT, json!({ "input": input })).await;
    submitted["data"]["submitComment"]["id"].as_str().unwrap_or_else(|| panic!("a comment: {submitted}")).to_owned()
}

fn outcome_input(consultation: &str, section: &str, comments: &[&str]) -> Value {
    json!({
        "consultationId": consultation,
        "summary": "Public bodies are now in scope; definitions follow the OECD.",
        "sectionOutcomes": [{ "sectionId": section, "changes": "Public bodies added to the scope.", "commentIds": comments }],
    })
}

#[tokio::test]
async fn an_outcome_concludes_the_consultation_and_credits_comments_as_readers_may_see_them() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let setup = OpenConsultation::set_up(&app).await;
        let consultation = &setup.consultation;
        let scope = &consultation.sections[0];
        let amina = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let open = comment(&app, &amina, &setup.round_id, scope, "Please include public bodies.", false).await;
        let private = comment(&app, &amina, &setup.round_id, scope, "Our ministry uses such systems.", true).await;
        let official = setup.official();

        let too_early = app
            .graphql_as(
                &official.token,
                PUBLISH_OUTCOME,
                json!({ "input": outcome_input(&consultation.id, scope, &[]) }),
            )
            .await;
        assert_eq!(error_code(&too_early), "CONFLICT", "{engine:?}: a round is open: {too_early}");

        let closed = app.graphql_as(&official.token, CLOSE_ROUND, json!({ "id": setup.round_id })).await;
        assert_eq!(closed["data"]["closeCommentRound"]["status"], "CLOSED", "{closed}");
        let refused = app
            .graphql_as(&amina.token, PUBLISH_OUTCOME, json!({ "input": outcome_input(&consultation.id, scope, &[]) }))
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: only its officials publish");

        let input = outcome_input(&consultation.id, scope, &[&open, &private]);
        let published = app.graphql_as(&official.token, PUBLISH_OUTCOME, json!({ "input": input.clone() })).await;
        assert_eq!(published["data"]["publishOutcome"]["status"], "CONCLUDED", "{engine:?}: {published}");
        let again = app.graphql_as(&official.token, PUBLISH_OUTCOME, json!({ "input": input })).await;
        assert_eq!(error_code(&again), "CONFLICT", "an outcome is published once");

        let public = app.graphql(OUTCOME, json!({ "id": consultation.id })).await;
        let outcome = &public["data"]["consultation"]["outcome"];
        assert_eq!(outcome["summary"], "Public bodies are now in scope; definitions follow the OECD.", "{public}");
        let section = &outcome["sectionOutcomes"][0];
        assert_eq!(section["section"]["heading"], "Scope");
        assert_eq!(section["changes"], "Public bodies added to the scope.");
        assert_eq!(section["comments"][0]["body"], "Please include public bodies.");
        assert!(section["comments"][1]["body"].is_null(), "{engine:?}: a confidential text stays confidential");
        let for_official = app.graphql_as(&official.token, OUTCOME, json!({ "id": consultation.id })).await;
        let credited = &for_official["data"]["consultation"]["outcome"]["sectionOutcomes"][0]["comments"][1];
        assert_eq!(credited["body"], "Our ministry uses such systems.");

        let round = json!({ "consultationId": consultation.id, "title": "Second reading",
            "opensAt": "2020-01-01T00:00:00Z", "closesAt": "2099-01-01T00:00:00Z", "audience": "PUBLIC" });
        let no_round = setup.government.try_round(&app, round).await;
        assert_eq!(error_code(&no_round), "CONFLICT", "{engine:?}: a concluded consultation takes no more rounds");
        let late = app
            .graphql_as(
                &amina.token,
                SUBMIT,
                json!({ "input": { "roundId": setup.round_id, "body": "One more thing." } }),
            )
            .await;
        assert_eq!(error_code(&late), "ROUND_NOT_OPEN", "{engine:?}: nor comments");

        let audit = "{ auditLog(action: \"consultation.publish_outcome\") { totalCount } }";
        let audit = app.graphql_as(&setup.government.platform_admin.token, audit, json!({})).await;
        assert_eq!(audit["data"]["auditLog"]["totalCount"], 1, "{engine:?}: {audit}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_bad_outcome_names_the_field_at_fault_and_writes_nothing() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "data-act").await;
        let other = government.published(&app, "cyber-act").await;
        let other_round = government.open_public_round(&app, &other).await;
        let amina = Person::verified(&app, "amina@example.org", "Amina", "en").await;
        let foreign_comment =
            comment(&app, &amina, &other_round, &other.sections[0], "A comment on another act.", false).await;
        let official = &government.official;
        let scope = &consultation.sections[0];

        let cases = [
            (outcome_input(&consultation.id, &other.sections[0], &[]), "sectionOutcomes[0].sectionId"),
            (outcome_input(&consultation.id, scope, &[&foreign_comment]), "sectionOutcomes[0].commentIds"),
            (json!({ "consultationId": consultation.id, "summary": "  " }), "summary"),
            (
                json!({ "consultationId": consultation.id, "summary": "Done.", "sectionOutcomes": [
                    { "sectionId": scope, "changes": "One." }, { "sectionId": scope, "changes": "Two." }] }),
                "sectionOutcomes[1].sectionId",
            ),
            (
                json!({ "consultationId": consultation.id, "summary": "Done.",
                    "sectionOutcomes": [{ "sectionId": scope, "changes": "" }] }),
                "sectionOutcomes[0].changes",
            ),
        ];
        for (input, field) in cases {
            let refused = app.graphql_as(&official.token, PUBLISH_OUTCOME, json!({ "input": input })).await;
            assert_eq!(error_code(&refused), "VALIDATION", "{engine:?}: {refused}");
            assert_eq!(refused["errors"][0]["extensions"]["field"], field, "{engine:?}: {refused}");
        }
        let unchanged = app.graphql(OUTCOME, json!({ "id": consultation.id })).await;
        assert_eq!(unchanged["data"]["consultation"]["status"], "PUBLISHED", "{engine:?}: nothing was written");
        assert!(unchanged["data"]["consultation"]["outcome"].is_null());

        let draft = government.draft(&app, "draft-act").await;
        let not_yet = app
            .graphql_as(
                &official.token,
                PUBLISH_OUTCOME,
                json!({ "input": outcome_input(&draft.id, &draft.sections[0], &[]) }),
            )
            .await;
        assert_eq!(error_code(&not_yet), "CONFLICT", "{engine:?}: a draft has no outcome yet");
        app.stop().await;
    }
}
