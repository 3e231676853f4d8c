//! Names cannot pass for other names (issue 13, item 13): a display name or an organization name
//! holding a direction override or an invisible character is refused with `VALIDATION` on its
//! field and a message in the reader's language, and nothing is stored; names in every script,
//! including the joiners Persian and emoji need, are accepted.

use agora::identity::store::find_user_by_email;
use agora_tests::{TestApp, engines, error_code};
use serde_json::{Value, json};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) }";
const UPDATE_PROFILE: &str = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName } }";
const CREATE_ORGANIZATION: &str =
    "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { name } }";
const MY_NAME_AND_ORGANIZATIONS: &str = "{ me { displayName memberships { organization { name } } } }";

/// A right-to-left override that shows "Adadmin", and a zero-width space inside "Admin".
const IMPERSONATING: [&str; 2] = ["Ad\u{202E}nimda", "Ad\u{200B}min"];
/// A diaeresis, Arabic, Persian with a zero-width non-joiner, and a woman technologist (a ZWJ
/// sequence).
const GENUINE: [&str; 4] = ["Zoë", "مريم", "می\u{200C}خواهم", "Amina 👩\u{200D}💻"];

fn register_input(email: &str, display_name: &str) -> Value {
    json!({ "input": {
        "email": email, "password": "correct horse battery staple", "displayName": display_name,
        "country": "KE", "locale": "en",
    } })
}

/// Asserts a `VALIDATION` error on `field` whose message, asked in French, is the French one.
fn assert_refused_on(response: &Value, field: &str, what: &str) {
    assert_eq!(error_code(response), "VALIDATION", "{what}: {response}");
    let error = &response["errors"][0];
    assert_eq!(error["extensions"]["field"], field, "{what}: {response}");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains("caractères invisibles"), "{what}: a French message, got {message}");
}

async fn send_in_french(app: &TestApp, token: Option<&str>, query: &str, variables: Value) -> Value {
    let body = json!({ "query": query, "variables": variables, "extensions": { "locale": "fr" } });
    let request = app.client.post(app.url("/graphql")).json(&body);
    let request = match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    };
    request.send().await.expect("the server answers").json().await.expect("the answer is JSON")
}

async fn stored_display_name(app: &TestApp, email: &str) -> Option<String> {
    let email = email.to_owned();
    let user = app.services.db.run(move |connection| Ok(find_user_by_email(connection, &email)?)).await;
    user.unwrap_or_else(|error| panic!("reading the user failed: {error:?}")).map(|user| user.display_name)
}

#[tokio::test]
async fn names_with_direction_overrides_or_invisible_characters_are_refused_and_scripts_are_not() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_REGISTRATIONS_PER_HOUR", "100")]).await;
        let user = app.create_user("amina@example.org", "Amina", "en").await;
        let token = app.access_token(&user);

        for (n, name) in IMPERSONATING.into_iter().enumerate() {
            let what = format!("{engine:?}: {name:?}");
            let email = format!("impostor{n}@example.org");
            let registered = send_in_french(&app, None, REGISTER, register_input(&email, name)).await;
            assert_refused_on(&registered, "displayName", &format!("{what} at registration"));
            assert_eq!(stored_display_name(&app, &email).await, None, "{what}: no account");
            assert!(app.mail_to(&email).await.is_empty(), "{what}: no mail");

            let input = json!({ "input": { "displayName": name } });
            let renamed = send_in_french(&app, Some(&token), UPDATE_PROFILE, input).await;
            assert_refused_on(&renamed, "displayName", &format!("{what} in updateProfile"));

            let input = json!({ "input": { "name": name, "kind": "CIVIL_SOCIETY", "country": "KE" } });
            let created = send_in_french(&app, Some(&token), CREATE_ORGANIZATION, input).await;
            assert_refused_on(&created, "name", &format!("{what} in createOrganization"));
        }
        let unchanged = app.graphql_as(&token, MY_NAME_AND_ORGANIZATIONS, json!({})).await;
        assert_eq!(unchanged["data"]["me"]["displayName"], "Amina", "{engine:?}: {unchanged}");
        assert_eq!(unchanged["data"]["me"]["memberships"], json!([]), "{engine:?}: no organization");

        for name in GENUINE {
            let input = json!({ "input": { "displayName": name } });
            let renamed = app.graphql_as(&token, UPDATE_PROFILE, input).await;
            assert_eq!(renamed["data"]["updateProfile"]["displayName"], name, "{engine:?}: {renamed}");
        }
        let persian = GENUINE[2];
        let registered = app.graphql(REGISTER, register_input("maryam@example.org", persian)).await;
        assert_eq!(registered["data"]["register"], true, "{engine:?}: {registered}");
        assert_eq!(stored_display_name(&app, "maryam@example.org").await.as_deref(), Some(persian));
        let input = json!({ "input": { "name": persian, "kind": "CIVIL_SOCIETY", "country": "IR" } });
        let created = app.graphql_as(&token, CREATE_ORGANIZATION, input).await;
        assert_eq!(created["data"]["createOrganization"]["name"], persian, "{engine:?}: {created}");
        app.stop().await;
    }
}
