//! What platform admins do to accounts, over HTTP on every engine: roles granted and revoked,
//! users suspended; each audited and told to the person concerned.

use agora_tests::{TestApp, engines, error_code};
use base64::Engine as _;
use serde_json::json;

const GRANT: &str = "mutation($user: ID!, $role: Role!, $scope: ID) {
  grantRole(userId: $user, role: $role, scopeId: $scope) { id role scopeId }
}";
const SUSPEND: &str =
    "mutation($user: ID!, $reason: String!) { suspendUser(userId: $user, reason: $reason) { suspended } }";

fn global_id(kind: &str, key: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{kind}:{key}"))
}

#[tokio::test]
async fn admins_grant_and_revoke_roles() {
    for engine in engines() {
        let courses = concat!(env!("CARGO_MANIFEST_DIR"), "/../course-content");
        let app = TestApp::spawn_with(engine, &[("AGORA_COURSE_CONTENT", courses)]).await;
        let admin = app.create_admin("root@example.org").await;
        let admin_token = app.access_token(&admin);
        let alice = app.create_user("alice@example.org", "Alice", "es").await;
        let alice_token = app.access_token(&alice);
        let alice_id = global_id("User", alice.as_str());

        let moderator = json!({ "user": alice_id, "role": "MODERATOR" });
        assert_eq!(error_code(&app.graphql(GRANT, moderator.clone()).await), "UNAUTHENTICATED");
        assert_eq!(error_code(&app.graphql_as(&alice_token, GRANT, moderator.clone()).await), "FORBIDDEN");

        let granted = app.graphql_as(&admin_token, GRANT, moderator.clone()).await;
        assert_eq!(granted["data"]["grantRole"]["role"], "MODERATOR", "{engine:?}: {granted}");
        assert_eq!(error_code(&app.graphql_as(&admin_token, GRANT, moderator).await), "CONFLICT");

        let listed = app.graphql("{ course(slug: \"ai-risk-governance-foundations\") { id } }", json!({})).await;
        let course = listed["data"]["course"]["id"].as_str().expect("an imported course").to_owned();
        let scoped = app
            .graphql_as(&admin_token, GRANT, json!({ "user": alice_id, "role": "INSTRUCTOR", "scope": course }))
            .await;
        assert_eq!(scoped["data"]["grantRole"]["scopeId"], course, "the ID as the API gave it: {scoped}");
        let unknown_consultation = global_id("Consultation", "01a2228e-0000-7000-8000-000000000000");
        let unknown = app
            .graphql_as(
                &admin_token,
                GRANT,
                json!({ "user": alice_id, "role": "MODERATOR", "scope": unknown_consultation }),
            )
            .await;
        assert_eq!(error_code(&unknown), "VALIDATION", "a consultation that does not exist: {unknown}");
        let unknown_course = global_id("Course", "01a2228e-0000-7000-8000-000000000000");
        let unknown = app
            .graphql_as(&admin_token, GRANT, json!({ "user": alice_id, "role": "INSTRUCTOR", "scope": unknown_course }))
            .await;
        assert_eq!(error_code(&unknown), "VALIDATION", "a course that does not exist: {unknown}");
        let scoped_admin =
            app.graphql_as(&admin_token, GRANT, json!({ "user": alice_id, "role": "ADMIN", "scope": course })).await;
        assert_eq!(error_code(&scoped_admin), "VALIDATION");
        assert_eq!(scoped_admin["errors"][0]["extensions"]["field"], "scopeId");
        let odd_scope = global_id("Organization", "x");
        let odd = app
            .graphql_as(&admin_token, GRANT, json!({ "user": alice_id, "role": "MODERATOR", "scope": odd_scope }))
            .await;
        assert_eq!(error_code(&odd), "VALIDATION");

        let roles = app.graphql_as(&alice_token, "{ me { roles { role scopeId } } }", json!({})).await;
        assert_eq!(roles["data"]["me"]["roles"].as_array().map(Vec::len), Some(2), "{roles}");
        let mail = app.mail_to("alice@example.org").await;
        assert!(mail.iter().all(|message| message.template == "mail-role-granted" && message.locale == "es"));
        assert_eq!(mail.len(), 2);

        let revoke = "mutation($id: ID!) { revokeRole(grantId: $id) }";
        let grant_id = granted["data"]["grantRole"]["id"].clone();
        assert_eq!(app.graphql_as(&admin_token, revoke, json!({ "id": grant_id })).await["data"]["revokeRole"], true);
        let own = app.graphql_as(&admin_token, "{ me { roles { role } } }", json!({})).await;
        let own_grant = app
            .graphql_as(&admin_token, "query { auditLog(action: \"user.create_admin\") { totalCount } }", json!({}))
            .await;
        assert_eq!(own_grant["data"]["auditLog"]["totalCount"], 1);
        assert_eq!(own["data"]["me"]["roles"], json!([{ "role": "ADMIN" }]));
        let admin_grants = app.graphql_as(&admin_token, "{ me { roles { id } } }", json!({})).await;
        let last_admin =
            app.graphql_as(&admin_token, revoke, json!({ "id": admin_grants["data"]["me"]["roles"][0]["id"] })).await;
        assert_eq!(error_code(&last_admin), "CONFLICT", "the platform keeps an admin: {last_admin}");

        let audit =
            app.graphql_as(&admin_token, "{ auditLog(first: 50) { edges { node { action } } } }", json!({})).await;
        let text = audit.to_string();
        assert!(text.contains("role.grant") && text.contains("role.revoke"), "{text}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_suspended_user_is_signed_out_and_told_why() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let admin = app.create_admin("root@example.org").await;
        let admin_token = app.access_token(&admin);
        app.graphql(
            "mutation($input: RegisterInput!) { register(input: $input) }",
            json!({ "input": { "email": "bob@example.org", "password": "a long and quiet river", "displayName": "Bob", "country": "FR", "locale": "fr" } }),
        )
        .await;
        let login = "mutation { login(email: \"bob@example.org\", password: \"a long and quiet river\") { accessToken refreshToken user { id } } }";
        let session = app.graphql(login, json!({})).await;
        let bob_id = session["data"]["login"]["user"]["id"].clone();
        let bob_token = session["data"]["login"]["accessToken"].as_str().expect("token").to_owned();
        let refresh = session["data"]["login"]["refreshToken"].clone();

        let by_bob = app.graphql_as(&bob_token, SUSPEND, json!({ "user": bob_id, "reason": "spam" })).await;
        assert_eq!(error_code(&by_bob), "FORBIDDEN");
        let own = global_id("User", admin.as_str());
        assert_eq!(
            error_code(&app.graphql_as(&admin_token, SUSPEND, json!({ "user": own, "reason": "x" })).await),
            "CONFLICT"
        );

        let suspended = app
            .graphql_as(&admin_token, SUSPEND, json!({ "user": bob_id, "reason": "Coordinated fake submissions" }))
            .await;
        assert_eq!(suspended["data"]["suspendUser"]["suspended"], true, "{engine:?}: {suspended}");
        assert_eq!(
            error_code(&app.graphql_as(&admin_token, SUSPEND, json!({ "user": bob_id, "reason": "again" })).await),
            "CONFLICT"
        );

        assert_eq!(error_code(&app.graphql_as(&bob_token, "{ me { id } }", json!({})).await), "UNAUTHENTICATED");
        let refreshed = app
            .graphql(
                "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }",
                json!({ "t": refresh }),
            )
            .await;
        assert_eq!(error_code(&refreshed), "UNAUTHENTICATED");
        let again = app.graphql(login, json!({})).await;
        assert_eq!(error_code(&again), "UNAUTHENTICATED");

        let mail = app.mail_to("bob@example.org").await;
        let last = mail.last().expect("mail");
        assert_eq!((last.template.as_str(), last.locale.as_str()), ("mail-account-suspended", "fr"));
        assert!(last.body_text.contains("Coordinated fake submissions"));

        let reinstate = "mutation($user: ID!) { reinstateUser(userId: $user) { suspended } }";
        assert_eq!(
            error_code(&app.graphql_as(&bob_token, reinstate, json!({ "user": bob_id })).await),
            "UNAUTHENTICATED"
        );
        let reinstated = app.graphql_as(&admin_token, reinstate, json!({ "user": bob_id })).await;
        assert_eq!(reinstated["data"]["reinstateUser"]["suspended"], false, "{reinstated}");
        assert_eq!(error_code(&app.graphql_as(&admin_token, reinstate, json!({ "user": bob_id })).await), "CONFLICT");
        let back = app.graphql(login, json!({})).await;
        assert!(back["data"]["login"]["accessToken"].is_string(), "the account can sign in again: {back}");
        let last = app.mail_to("bob@example.org").await.pop().expect("mail");
        assert_eq!((last.template.as_str(), last.locale.as_str()), ("mail-account-reinstated", "fr"));
        app.stop().await;
    }
}
