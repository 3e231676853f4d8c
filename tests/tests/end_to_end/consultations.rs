//! Consultations and comment rounds over HTTP on every engine: drafts that only their officials
//! and platform admins see, publishing, versioned sections (a comment keeps the text it
//! answered), closing, who may create and run a consultation and the validation of its input;
//! round status derived from dates, extending (audited) and closing rounds, and the audience of
//! each kind of round (`PUBLIC`, `STAKEHOLDERS`, `INVITED`).

use agora_tests::consultation_fixture::{
    Consultation, DEFINITIONS_HEADING, Government, OpenConsultation, Person, SCOPE_BODY, SCOPE_HEADING, Stakeholder,
    comment, comment_input, consultation_input, error_field, hours_from_now, id_in, published_count, round_input,
    success, try_comment,
};
use agora_tests::{TestApp, engines, error_code};
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde_json::{Value, json};

const BY_ID: &str = "query($id: ID) { consultation(id: $id) { id status } }";
const BY_SLUG: &str = "query($slug: String) { consultation(slug: $slug) { id status } }";
const LIST: &str = "{ consultations { totalCount edges { node { id } } } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { id } }";
const CREATE: &str = "mutation($input: CreateConsultationInput!) { createConsultation(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishConsultation(id: $id) { id status publishedAt } }";
const CLOSE: &str = "mutation($id: ID!) { closeConsultation(id: $id) { id status closedAt } }";
const UPDATE_SECTION: &str =
    "mutation($input: UpdateSectionInput!) { updateSection(input: $input) { id version heading body } }";
const COMMENT_TEXTS: &str = "query($id: ID!) {
  node(id: $id) { ... on Comment { sectionVersion { version heading body } section { version heading body } } }
}";
const ROUND: &str = "query($id: ID!) {
  node(id: $id) { ... on CommentRound { status closesAt closedAt allowedOrganizationKinds invitedOrganizations { name } } }
}";
const EXTEND: &str = "mutation($id: ID!, $closesAt: DateTime!, $reason: String!) {
  extendCommentRound(id: $id, closesAt: $closesAt, reason: $reason) { id status closesAt }
}";
const CLOSE_ROUND: &str = "mutation($id: ID!) { closeCommentRound(id: $id) { id status closedAt } }";

/// Sends a query as `reader`, or anonymously.
async fn send(app: &TestApp, reader: Option<&Person>, query: &str, variables: Value) -> Value {
    match reader {
        Some(person) => app.graphql_as(&person.token, query, variables).await,
        None => app.graphql(query, variables).await,
    }
}

/// Where `reader` finds the consultation: by ID, by slug, in the list, through `node(id:)` and
/// through the `node(id:)` of its first section.
async fn sightings(app: &TestApp, reader: Option<&Person>, consultation: &Consultation) -> [bool; 5] {
    let by_id = send(app, reader, BY_ID, json!({ "id": consultation.id })).await;
    let by_slug = send(app, reader, BY_SLUG, json!({ "slug": consultation.slug })).await;
    let list = send(app, reader, LIST, json!({})).await;
    let node = send(app, reader, NODE, json!({ "id": consultation.id })).await;
    let section = send(app, reader, NODE, json!({ "id": consultation.sections[0] })).await;
    for response in [&by_id, &by_slug, &list, &node, &section] {
        assert!(response["errors"].is_null(), "what a reader may not see is null, not an error: {response}");
    }
    let listed = list["data"]["consultations"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("no list: {list}"))
        .iter()
        .any(|edge| edge["node"]["id"] == consultation.id.as_str());
    [
        by_id["data"]["consultation"]["id"] == consultation.id.as_str(),
        by_slug["data"]["consultation"]["id"] == consultation.id.as_str(),
        listed,
        node["data"]["node"]["id"] == consultation.id.as_str(),
        section["data"]["node"]["id"] == consultation.sections[0].as_str(),
    ]
}

/// A time from the API as a point in time (the API may write `Z` or `+00:00`).
fn instant(value: &Value) -> DateTime<Utc> {
    let text = value.as_str().unwrap_or_else(|| panic!("not a time: {value}"));
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|error| panic!("{text}: {error}")).with_timezone(&Utc)
}

#[tokio::test]
async fn drafts_are_seen_by_their_officials_and_platform_admins_until_published() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let government = Government::set_up(&app).await;
        let outsider = Person::verified(&app, "citizen@example.org", "Citizen", "en").await;
        let draft = government.draft(&app, "ai-act").await;

        let readers = [
            ("anonymous", None, false),
            ("a verified user", Some(&outsider), false),
            ("the organization's admin, not an official", Some(&government.organization_admin), false),
            ("an official", Some(&government.official), true),
            ("a platform admin", Some(&government.platform_admin), true),
        ];
        for (label, reader, sees) in readers {
            assert_eq!(sightings(&app, reader, &draft).await, [sees; 5], "{engine:?}: the draft as {label}");
        }
        let status = send(&app, Some(&government.official), BY_ID, json!({ "id": draft.id })).await;
        assert_eq!(status["data"]["consultation"]["status"], "DRAFT");

        for (label, reader, code) in [
            ("anonymous", None, "UNAUTHENTICATED"),
            ("a verified user", Some(&outsider), "NOT_FOUND"),
            ("the organization's admin", Some(&government.organization_admin), "NOT_FOUND"),
            ("a platform admin", Some(&government.platform_admin), "FORBIDDEN"),
        ] {
            let refused = send(&app, reader, PUBLISH, json!({ "id": draft.id })).await;
            assert_eq!(error_code(&refused), code, "{engine:?}: publishing as {label}: {refused}");
        }
        let published = app.graphql_as(&government.official.token, PUBLISH, json!({ "id": draft.id })).await;
        let published = success(&published, "publishConsultation");
        assert_eq!(published["status"], "PUBLISHED");
        assert!(published["publishedAt"].is_string(), "{published}");
        let again = app.graphql_as(&government.official.token, PUBLISH, json!({ "id": draft.id })).await;
        assert_eq!(error_code(&again), "CONFLICT", "{again}");

        for (label, reader, _) in readers {
            assert_eq!(sightings(&app, reader, &draft).await, [true; 5], "{engine:?}: published, as {label}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn a_comment_keeps_the_section_text_it_answered() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let citizen = Person::verified(&app, "citizen@example.org", "Citizen", "en").await;
        let section = &open.consultation.sections[0];
        let mut on_scope = comment_input(&open.round_id, "Research should be exempt.");
        on_scope["sectionId"] = json!(section);
        let before = comment(&app, &citizen.token, on_scope.clone()).await;

        let new_text = json!({ "input": {
            "id": section,
            "translations": [{ "locale": "en", "heading": "Scope and exemptions", "body": "This act does not apply to research." }],
        } });
        let refused = app.graphql_as(&citizen.token, UPDATE_SECTION, new_text.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: {refused}");
        let updated = app.graphql_as(&open.official().token, UPDATE_SECTION, new_text).await;
        assert_eq!(
            success(&updated, "updateSection"),
            &json!({ "id": section, "version": 2, "heading": "Scope and exemptions", "body": "This act does not apply to research." })
        );

        let read = app.graphql(COMMENT_TEXTS, json!({ "id": before })).await;
        assert_eq!(
            read["data"]["node"],
            json!({
                "sectionVersion": { "version": 1, "heading": SCOPE_HEADING, "body": SCOPE_BODY },
                "section": { "version": 2, "heading": "Scope and exemptions", "body": "This act does not apply to research." },
            }),
            "{engine:?}"
        );
        let after = comment(&app, &citizen.token, on_scope).await;
        let read = app.graphql(COMMENT_TEXTS, json!({ "id": after })).await;
        assert_eq!(
            read["data"]["node"]["sectionVersion"]["version"], 2,
            "a later comment answers the new text: {read}"
        );

        let versions = "query($id: ID!) { node(id: $id) { ... on Section { versions { version heading } } } }";
        let history = app.graphql(versions, json!({ "id": section })).await;
        assert_eq!(
            history["data"]["node"]["versions"],
            json!([{ "version": 1, "heading": SCOPE_HEADING }, { "version": 2, "heading": "Scope and exemptions" }])
        );
        let untouched = app.graphql(versions, json!({ "id": open.consultation.sections[1] })).await;
        assert_eq!(untouched["data"]["node"]["versions"], json!([{ "version": 1, "heading": DEFINITIONS_HEADING }]));
        app.stop().await;
    }
}

#[tokio::test]
async fn closing_a_consultation_closes_its_rounds_and_refuses_later_comments() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let government = &open.government;
        let citizen = Person::verified(&app, "citizen@example.org", "Citizen", "en").await;
        let mut later = round_input(&open.consultation.id, "PUBLIC");
        later["opensAt"] = json!(hours_from_now(24));
        later["closesAt"] = json!(hours_from_now(48));
        government.round(&app, later).await;
        comment(&app, &citizen.token, comment_input(&open.round_id, "In time.")).await;

        let id = json!({ "id": open.consultation.id });
        let refused = app.graphql_as(&government.organization_admin.token, CLOSE, id.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: only officials close: {refused}");
        let closed = app.graphql_as(&open.official().token, CLOSE, id.clone()).await;
        let closed = success(&closed, "closeConsultation");
        assert_eq!(closed["status"], "CLOSED");
        assert!(closed["closedAt"].is_string(), "{closed}");

        let rounds =
            app.graphql("query($id: ID) { consultation(id: $id) { rounds { status closedAt } } }", id.clone()).await;
        let rounds = rounds["data"]["consultation"]["rounds"].as_array().expect("rounds").clone();
        assert_eq!(rounds.len(), 2);
        assert!(
            rounds.iter().all(|round| round["status"] == "CLOSED" && round["closedAt"].is_string()),
            "{engine:?}: the open and the scheduled round closed: {rounds:?}"
        );

        let late = try_comment(&app, &citizen.token, comment_input(&open.round_id, "Too late.")).await;
        assert_eq!(error_code(&late), "ROUND_NOT_OPEN", "{engine:?}: {late}");
        assert_eq!(published_count(&app, &open.consultation.id).await, 1);
        let new_round = government.try_round(&app, round_input(&open.consultation.id, "PUBLIC")).await;
        assert_eq!(error_code(&new_round), "CONFLICT", "no rounds after closing: {new_round}");
        let again = app.graphql_as(&open.official().token, CLOSE, id).await;
        assert_eq!(error_code(&again), "CONFLICT", "{again}");
        app.stop().await;
    }
}

#[tokio::test]
async fn only_officials_create_consultations_from_valid_input() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let government = Government::set_up(&app).await;
        let outsider = Person::verified(&app, "citizen@example.org", "Citizen", "en").await;
        let valid = consultation_input(&government.organization_id, "ai-act");

        let anonymous = app.graphql(CREATE, json!({ "input": valid })).await;
        assert_eq!(error_code(&anonymous), "UNAUTHENTICATED", "{engine:?}: {anonymous}");
        for (label, person) in
            [("a verified user", &outsider), ("the organization's admin", &government.organization_admin)]
        {
            let refused = app.graphql_as(&person.token, CREATE, json!({ "input": valid })).await;
            assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: as {label}: {refused}");
        }
        success(
            &app.graphql_as(&government.official.token, CREATE, json!({ "input": valid })).await,
            "createConsultation",
        );

        let with = |field: &str, value: Value| {
            let mut input = consultation_input(&government.organization_id, "another-act");
            input[field] = value;
            input
        };
        let invalid = [
            (with("slug", json!("AI Act")), "slug"),
            (with("slug", json!("-ai-act")), "slug"),
            (with("slug", json!("ai-act")), "slug"),
            (with("originalLocale", json!("fr")), "translations"),
            (with("translations", json!([{ "locale": "en", "title": "   " }])), "title"),
            (with("country", json!("XX")), "country"),
        ];
        for (input, field) in invalid {
            let refused = app.graphql_as(&government.official.token, CREATE, json!({ "input": input })).await;
            assert_eq!(error_code(&refused), "VALIDATION", "{engine:?}: {input}: {refused}");
            assert_eq!(error_field(&refused), field, "{input}: {refused}");
        }
        let listed = app.graphql_as(&government.official.token, LIST, json!({})).await;
        assert_eq!(listed["data"]["consultations"]["totalCount"], 1, "nothing invalid was stored: {listed}");
        app.stop().await;
    }
}

#[tokio::test]
async fn comment_rounds_are_checked_when_created() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let pending = Stakeholder::unverified(&app, "ACADEMIA", "Unverified Institute").await;
        let input = |audience: &str, changes: Value| {
            let mut input = round_input(&consultation.id, audience);
            for (key, value) in changes.as_object().expect("changes") {
                input[key] = value.clone();
            }
            input
        };
        let invalid = [
            (input("PUBLIC", json!({ "closesAt": hours_from_now(-2) })), "closesAt"),
            (input("PUBLIC", json!({ "opensAt": hours_from_now(48), "closesAt": hours_from_now(24) })), "closesAt"),
            (input("PUBLIC", json!({ "allowedOrganizationKinds": ["ACADEMIA"] })), "allowedOrganizationKinds"),
            (input("INVITED", json!({})), "invitedOrganizationIds"),
            (
                input("INVITED", json!({ "invitedOrganizationIds": [pending.organization_id] })),
                "invitedOrganizationIds",
            ),
            (
                input("PUBLIC", json!({ "invitedOrganizationIds": [government.organization_id] })),
                "invitedOrganizationIds",
            ),
        ];
        for (input, field) in invalid {
            let refused = government.try_round(&app, input.clone()).await;
            assert_eq!(error_code(&refused), "VALIDATION", "{engine:?}: {input}: {refused}");
            assert_eq!(error_field(&refused), field, "{input}: {refused}");
        }
        let by_admin = app
            .graphql_as(
                &government.organization_admin.token,
                "mutation($input: CreateCommentRoundInput!) { createCommentRound(input: $input) { id } }",
                json!({ "input": round_input(&consultation.id, "PUBLIC") }),
            )
            .await;
        assert_eq!(error_code(&by_admin), "FORBIDDEN", "{engine:?}: {by_admin}");
        let rounds = app
            .graphql("query($id: ID) { consultation(id: $id) { rounds { id } } }", json!({ "id": consultation.id }))
            .await;
        assert_eq!(rounds["data"]["consultation"]["rounds"], json!([]), "nothing was stored: {rounds}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_round_status_follows_its_dates_and_officials_extend_or_close_it() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let citizen = Person::verified(&app, "citizen@example.org", "Citizen", "en").await;

        let mut later = round_input(&consultation.id, "PUBLIC");
        later["opensAt"] = json!(hours_from_now(24));
        later["closesAt"] = json!(hours_from_now(48));
        let scheduled = success(&government.try_round(&app, later).await, "createCommentRound").clone();
        assert_eq!(scheduled["status"], "SCHEDULED", "{engine:?}");
        let early = try_comment(&app, &citizen.token, comment_input(&id_in(&scheduled), "Too early.")).await;
        assert_eq!(error_code(&early), "ROUND_NOT_OPEN", "{engine:?}: {early}");

        let round = government.open_public_round(&app, &consultation).await;
        let status = app.graphql(ROUND, json!({ "id": round })).await;
        assert_eq!(status["data"]["node"]["status"], "OPEN", "{status}");

        let mut brief = round_input(&consultation.id, "PUBLIC");
        brief["closesAt"] = json!((Utc::now() + TimeDelta::seconds(2)).to_rfc3339_opts(SecondsFormat::Millis, true));
        let brief = government.round(&app, brief).await;
        tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
        let ended = app.graphql(ROUND, json!({ "id": brief })).await;
        assert_eq!(ended["data"]["node"]["status"], "CLOSED", "{engine:?}: its end passed: {ended}");
        assert!(ended["data"]["node"]["closedAt"].is_null(), "nobody closed it: {ended}");
        let late = try_comment(&app, &citizen.token, comment_input(&brief, "Just after the end.")).await;
        assert_eq!(error_code(&late), "ROUND_NOT_OPEN", "{engine:?}: {late}");

        let reason = "Stakeholders asked for more time to consult their members.";
        let new_end = hours_from_now(24 * 21);
        let extension = json!({ "id": round, "closesAt": new_end, "reason": reason });
        let refused = app.graphql_as(&citizen.token, EXTEND, extension.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: {refused}");
        let earlier = json!({ "id": round, "closesAt": hours_from_now(2), "reason": reason });
        let shortened = app.graphql_as(&government.official.token, EXTEND, earlier).await;
        assert_eq!(error_code(&shortened), "VALIDATION", "an extension moves the end later: {shortened}");
        assert_eq!(error_field(&shortened), "closesAt");
        let extended = app.graphql_as(&government.official.token, EXTEND, extension.clone()).await;
        let extended = success(&extended, "extendCommentRound");
        assert_eq!(instant(&extended["closesAt"]), instant(&json!(new_end)), "{engine:?}: {extended}");
        assert_eq!(extended["status"], "OPEN");

        let audit = "query($round: ID!) {
  auditLog(action: \"round.extend\", targetId: $round) { totalCount edges { node { actorId targetType details } } }
}";
        let entries = app.graphql_as(&government.platform_admin.token, audit, json!({ "round": round })).await;
        assert_eq!(entries["data"]["auditLog"]["totalCount"], 1, "{engine:?}: {entries}");
        let entry = &entries["data"]["auditLog"]["edges"][0]["node"];
        assert_eq!(entry["actorId"], government.official.id.as_str());
        assert_eq!(entry["targetType"], "CommentRound");
        assert_eq!(entry["details"]["reason"], reason, "{entry}");
        let not_admin = app.graphql_as(&government.official.token, audit, json!({ "round": round })).await;
        assert_eq!(error_code(&not_admin), "FORBIDDEN", "the audit log is for platform admins: {not_admin}");

        let id = json!({ "id": round });
        let refused = app.graphql_as(&citizen.token, CLOSE_ROUND, id.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
        let closed = app.graphql_as(&government.official.token, CLOSE_ROUND, id.clone()).await;
        let closed = success(&closed, "closeCommentRound");
        assert_eq!(closed["status"], "CLOSED", "{engine:?}: {closed}");
        assert!(closed["closedAt"].is_string(), "{closed}");
        let late = try_comment(&app, &citizen.token, comment_input(&round, "Too late.")).await;
        assert_eq!(error_code(&late), "ROUND_NOT_OPEN", "{engine:?}: {late}");
        let again = app.graphql_as(&government.official.token, CLOSE_ROUND, id).await;
        assert_eq!(error_code(&again), "CONFLICT", "{again}");
        let reopened = app.graphql_as(&government.official.token, EXTEND, extension).await;
        assert_eq!(error_code(&reopened), "CONFLICT", "a closed round is not extended: {reopened}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_public_round_takes_comments_from_any_verified_account() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let input = comment_input(&open.round_id, "Please define high-risk systems.");

        let anonymous = app
            .graphql(
                "mutation($input: SubmitCommentInput!) { submitComment(input: $input) { id } }",
                json!({ "input": input }),
            )
            .await;
        assert_eq!(error_code(&anonymous), "UNAUTHENTICATED", "{engine:?}: {anonymous}");
        let unverified = Person::unverified(&app, "new@example.org").await;
        let refused = try_comment(&app, &unverified.token, input.clone()).await;
        assert_eq!(error_code(&refused), "EMAIL_NOT_VERIFIED", "{engine:?}: {refused}");

        let citizen = Person::verified(&app, "citizen@example.org", "Citizen", "en").await;
        comment(&app, &citizen.token, input.clone()).await;
        let rights = Stakeholder::verified(&app, open.platform_admin(), "CIVIL_SOCIETY", "Digital Rights Watch").await;
        comment(&app, &rights.member.token, input).await;
        assert_eq!(published_count(&app, &open.consultation.id).await, 2, "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_stakeholder_round_takes_comments_from_members_of_verified_organizations_of_the_allowed_kinds() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let admin = &government.platform_admin;
        let rights = Stakeholder::verified(&app, admin, "CIVIL_SOCIETY", "Digital Rights Watch").await;
        let industry = Stakeholder::verified(&app, admin, "INDUSTRY", "Chamber of Commerce").await;
        let pending = Stakeholder::unverified(&app, "CIVIL_SOCIETY", "Grassroots Collective").await;
        let citizen = Person::verified(&app, "citizen@example.org", "Citizen", "en").await;

        let mut input = round_input(&consultation.id, "STAKEHOLDERS");
        input["allowedOrganizationKinds"] = json!(["CIVIL_SOCIETY", "ACADEMIA", "CIVIL_SOCIETY"]);
        let round = government.round(&app, input).await;
        let shown = app.graphql(ROUND, json!({ "id": round })).await;
        assert_eq!(shown["data"]["node"]["allowedOrganizationKinds"], json!(["ACADEMIA", "CIVIL_SOCIETY"]), "{shown}");

        let text = comment_input(&round, "Civil society needs a seat at the table.");
        let mut for_rights = text.clone();
        for_rights["organizationId"] = json!(rights.organization_id);
        let mut for_industry = text.clone();
        for_industry["organizationId"] = json!(industry.organization_id);
        let mut for_pending = text.clone();
        for_pending["organizationId"] = json!(pending.organization_id);

        comment(&app, &rights.member.token, text.clone()).await;
        comment(&app, &rights.admin.token, for_rights.clone()).await;
        let refused = [
            ("a person in no organization", &citizen, text.clone()),
            ("a member of an organization of another kind", &industry.member, text.clone()),
            ("the same, speaking for it", &industry.member, for_industry),
            ("a member of an unverified organization", &pending.member, text.clone()),
            ("the same, speaking for it", &pending.member, for_pending),
            ("someone speaking for an organization they are not in", &citizen, for_rights),
        ];
        for (label, person, input) in refused {
            let response = try_comment(&app, &person.token, input).await;
            assert_eq!(error_code(&response), "FORBIDDEN", "{engine:?}: {label}: {response}");
        }
        assert_eq!(published_count(&app, &consultation.id).await, 2, "{engine:?}");

        let every_kind = government.round(&app, round_input(&consultation.id, "STAKEHOLDERS")).await;
        comment(&app, &industry.member.token, comment_input(&every_kind, "Industry welcomes the draft.")).await;
        let still_refused = try_comment(&app, &citizen.token, comment_input(&every_kind, "And me?")).await;
        assert_eq!(error_code(&still_refused), "FORBIDDEN", "{still_refused}");
        app.stop().await;
    }
}

#[tokio::test]
async fn an_invited_round_takes_comments_from_members_of_the_invited_organizations_only() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let government = Government::set_up(&app).await;
        let consultation = government.published(&app, "ai-act").await;
        let admin = &government.platform_admin;
        let invited = Stakeholder::verified(&app, admin, "ACADEMIA", "University of Nairobi").await;
        let other = Stakeholder::verified(&app, admin, "ACADEMIA", "Institute of Technology").await;
        let citizen = Person::verified(&app, "citizen@example.org", "Citizen", "en").await;

        let mut input = round_input(&consultation.id, "INVITED");
        input["invitedOrganizationIds"] = json!([invited.organization_id]);
        let round = government.round(&app, input).await;
        let shown = app.graphql(ROUND, json!({ "id": round })).await;
        assert_eq!(shown["data"]["node"]["invitedOrganizations"], json!([{ "name": "University of Nairobi" }]));

        let text = comment_input(&round, "Our researchers reviewed the definitions.");
        let mut for_invited = text.clone();
        for_invited["organizationId"] = json!(invited.organization_id);
        comment(&app, &invited.member.token, text.clone()).await;
        comment(&app, &invited.admin.token, for_invited.clone()).await;
        let refused = [
            ("a member of an organization that was not invited", &other.member, text.clone()),
            ("a person in no organization", &citizen, text),
            ("an outsider speaking for the invited organization", &other.admin, for_invited),
        ];
        for (label, person, input) in refused {
            let response = try_comment(&app, &person.token, input).await;
            assert_eq!(error_code(&response), "FORBIDDEN", "{engine:?}: {label}: {response}");
        }
        assert_eq!(published_count(&app, &consultation.id).await, 2, "{engine:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn withdrawing_verification_stops_the_officials_and_closes_the_rounds_until_it_is_restored() {
    const WITHDRAW: &str = "mutation($id: ID!, $reason: String!) { withdrawOrganizationVerification(id: $id, reason: $reason) { verified } }";
    const VERIFY: &str = "mutation($id: ID!) { verifyOrganization(id: $id) { verified } }";
    const FOLLOW: &str = "mutation($id: ID!) { followConsultation(id: $id) }";
    const RESPOND: &str = "mutation($id: ID!, $body: String!) { respondToComment(id: $id, body: $body) { id } }";
    const UPDATE: &str = "mutation($input: UpdateConsultationInput!) { updateConsultation(input: $input) { id } }";
    const OUTCOME: &str = "mutation($input: PublishOutcomeInput!) { publishOutcome(input: $input) { status } }";
    const PUBLIC_VIEW: &str = "query($id: ID!) { consultation(id: $id) { status organization { verified } } }";
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_NOTIFY_INTERVAL_SECONDS", "1")]).await;
        let government = Government::set_up(&app).await;
        let official = &government.official;
        let consultation = government.published(&app, "ai-act").await;
        let draft = government.draft(&app, "ai-act-annex").await;
        let follower = Person::verified(&app, "amina@example.org", "Amina", "fr").await;
        let followed = app.graphql_as(&follower.token, FOLLOW, json!({ "id": consultation.id })).await;
        success(&followed, "followConsultation");
        let open = government.open_public_round(&app, &consultation).await;
        let mut later = round_input(&consultation.id, "PUBLIC");
        later["opensAt"] = json!(hours_from_now(24));
        let scheduled = government.round(&app, later).await;
        let commented = comment(&app, &follower.token, comment_input(&open, "Please cover public bodies.")).await;

        let reason = json!({ "id": government.organization_id, "reason": "The ministry was dissolved." });
        let withdrawn = app.graphql_as(&government.platform_admin.token, WITHDRAW, reason).await;
        assert_eq!(success(&withdrawn, "withdrawOrganizationVerification")["verified"], false, "{engine:?}");

        // Its rounds closed at once; the followers of the open one hear why, in their language.
        for round in [&open, &scheduled] {
            let shown = app.graphql(ROUND, json!({ "id": round })).await;
            assert_eq!(shown["data"]["node"]["status"], "CLOSED", "{engine:?}: {shown}");
        }
        let late = try_comment(&app, &follower.token, comment_input(&open, "One more thing.")).await;
        assert_eq!(error_code(&late), "ROUND_NOT_OPEN", "{engine:?}: {late}");
        let mut closed_notices = Vec::new();
        for _ in 0..150 {
            closed_notices = app.mail_to(&follower.email).await;
            closed_notices.retain(|message| message.template == "mail-follow-round-closed");
            if !closed_notices.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(closed_notices.len(), 1, "{engine:?}: one notice, for the open round only");
        assert_eq!(closed_notices[0].locale, "fr");
        assert!(closed_notices[0].body_text.contains("First reading"), "{}", closed_notices[0].body_text);
        let to_admin = app.mail_to(&government.organization_admin.email).await;
        let told = to_admin.last().expect("the organization's admin is emailed");
        assert_eq!(told.template, "mail-organization-withdrawn");
        assert!(
            told.body_text.contains("The ministry was dissolved.")
                && told.body_text.contains("have been closed now")
                && told.body_text.contains("its officials cannot act for it"),
            "the email says what the withdrawal stops: {}",
            told.body_text
        );
        let public = app.graphql(PUBLIC_VIEW, json!({ "id": consultation.id })).await;
        assert_eq!(
            public["data"]["consultation"],
            json!({ "status": "PUBLISHED", "organization": { "verified": false } })
        );

        // Every official action is refused with one clear message; reading still works.
        let outcome =
            json!({ "input": { "consultationId": consultation.id, "summary": "Done.", "sectionOutcomes": [] } });
        let update = json!({ "input": { "id": consultation.id, "topics": ["AI"] } });
        let attempts = [
            ("publishConsultation", PUBLISH, json!({ "id": draft.id })),
            (
                "createCommentRound",
                "mutation($input: CreateCommentRoundInput!) { createCommentRound(input: $input) { id } }",
                json!({ "input": round_input(&consultation.id, "PUBLIC") }),
            ),
            ("respondToComment", RESPOND, json!({ "id": commented, "body": "Thank you." })),
            ("updateConsultation", UPDATE, update),
            (
                "updateSection",
                UPDATE_SECTION,
                json!({ "input": { "id": consultation.sections[0], "translations": [{ "locale": "en", "heading": "Scope", "body": "New." }] } }),
            ),
            (
                "extendCommentRound",
                EXTEND,
                json!({ "id": open, "closesAt": hours_from_now(24 * 30), "reason": "More time." }),
            ),
            ("closeCommentRound", CLOSE_ROUND, json!({ "id": scheduled })),
            ("publishOutcome", OUTCOME, outcome),
            ("closeConsultation", CLOSE, json!({ "id": consultation.id })),
            (
                "createConsultation",
                CREATE,
                json!({ "input": consultation_input(&government.organization_id, "ai-act-new") }),
            ),
        ];
        for (mutation, query, variables) in &attempts {
            let refused = app.graphql_as(&official.token, query, variables.clone()).await;
            assert_eq!(error_code(&refused), "CONFLICT", "{engine:?}: {mutation}: {refused}");
            let message = refused["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(message.starts_with("Your organization is not verified"), "{mutation}: {refused}");
        }
        let own_draft = app.graphql_as(&official.token, BY_ID, json!({ "id": draft.id })).await;
        assert_eq!(own_draft["data"]["consultation"]["status"], "DRAFT", "officials still read: {own_draft}");

        // Verified again: the officials act again; the closed rounds stay closed.
        let verified =
            app.graphql_as(&government.platform_admin.token, VERIFY, json!({ "id": government.organization_id })).await;
        assert_eq!(success(&verified, "verifyOrganization")["verified"], true);
        government.publish(&app, &draft).await;
        let reopened = government.open_public_round(&app, &consultation).await;
        let shown = app.graphql(ROUND, json!({ "id": reopened })).await;
        assert_eq!(shown["data"]["node"]["status"], "OPEN", "{engine:?}: {shown}");
        let responded =
            app.graphql_as(&official.token, RESPOND, json!({ "id": commented, "body": "Thank you." })).await;
        success(&responded, "respondToComment");
        let old = app.graphql(ROUND, json!({ "id": open })).await;
        assert_eq!(old["data"]["node"]["status"], "CLOSED");
        app.stop().await;
    }
}
