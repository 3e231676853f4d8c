//! Access tokens, `me`, the privacy of accounts, the audit log (admins only, keyset pages) and
//! `node(id:)`, over HTTP on every engine.

use agora::audit::service::{self as audit, Actor, Target};
use agora_tests::{TestApp, engines, error_code};
use serde_json::{Value, json};

const ME: &str = "{ me { id displayName email locale emailVerified roles { role scopeId } } }";

#[tokio::test]
async fn me_is_null_without_a_token_and_private_fields_show_to_their_owner() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let anonymous = app.graphql(ME, json!({})).await;
        assert!(anonymous["data"]["me"].is_null(), "{anonymous}");

        let admin = app.create_admin("Root@Example.org").await;
        let me = app.graphql_as(&app.access_token(&admin), ME, json!({})).await;
        let me = &me["data"]["me"];
        assert_eq!(me["email"], "Root@Example.org", "{engine:?}: {me}");
        assert_eq!(me["emailVerified"], true);
        assert_eq!(me["roles"], json!([{ "role": "ADMIN", "scopeId": null }]));

        let amina = app.create_user("amina@example.org", "Amina", "fr").await;
        let amina_token = app.access_token(&amina);
        let own = app.graphql_as(&amina_token, ME, json!({})).await;
        assert_eq!(own["data"]["me"]["roles"], json!([]));

        let admin_id = me["id"].clone();
        let query = "query($id: ID!) { node(id: $id) { id ... on User { displayName email roles { role } } } }";
        let seen_by_amina = app.graphql_as(&amina_token, query, json!({ "id": admin_id })).await;
        let node = &seen_by_amina["data"]["node"];
        assert_eq!(node["displayName"], "Admin", "{seen_by_amina}");
        assert!(node["email"].is_null() && node["roles"].is_null(), "private fields stay private: {node}");
        app.stop().await;
    }
}

#[tokio::test]
async fn invalid_expired_and_suspended_tokens_are_unauthenticated() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let user = app.create_user("dmitri@example.org", "Dmitri", "ru").await;
        for token in ["garbage", "a.b.c"] {
            let response = app.graphql_as(token, "{ serverInfo { version } }", json!({})).await;
            assert_eq!(error_code(&response), "UNAUTHENTICATED", "{engine:?}: {response}");
        }
        let not_bearer = app
            .client
            .post(app.url("/graphql"))
            .header("authorization", "Basic ZG1pdHJpOnB3")
            .json(&json!({ "query": "{ me { id } }" }))
            .send()
            .await
            .expect("answer");
        assert_eq!(not_bearer.status(), 401);

        let token = app.access_token(&user);
        let user_id = user.clone();
        let suspended = app
            .services
            .db
            .run(move |connection| {
                use agora::db::schema::users;
                use diesel::prelude::*;
                diesel::update(users::table.find(&user_id))
                    .set(users::suspended_at.eq(Some(agora::db::time::now())))
                    .execute(connection)?;
                Ok(())
            })
            .await;
        suspended.unwrap_or_else(|error| panic!("{error:?}"));
        let response = app.graphql_as(&token, ME, json!({})).await;
        assert_eq!(error_code(&response), "UNAUTHENTICATED");
        // The account prefers Russian, but it no longer counts: the message follows the request.
        assert!(response["errors"][0]["message"].as_str().expect("message").is_ascii());
        app.stop().await;
    }
}

#[tokio::test]
async fn the_signed_in_users_language_is_the_default_for_their_requests() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let user = app.create_user("ines@example.org", "Inès", "fr-CA").await;
    let response = app.graphql_as(&app.access_token(&user), "{ serverInfo { requestLocale } }", json!({})).await;
    assert_eq!(response["data"]["serverInfo"]["requestLocale"], "fr");
    app.stop().await;
}

const AUDIT_PAGE: &str = "query($first: Int, $after: String, $action: String) {
  auditLog(first: $first, after: $after, action: $action) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id action actorId targetType targetId details requestId createdAt } }
  }
}";

#[tokio::test]
async fn the_audit_log_is_for_admins_and_pages_by_keyset() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let admin = app.create_admin("root@example.org").await;
        let admin_token = app.access_token(&admin);
        let user = app.create_user("someone@example.org", "Someone", "en").await;

        let anonymous = app.graphql(AUDIT_PAGE, json!({})).await;
        assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
        let forbidden = app.graphql_as(&app.access_token(&user), AUDIT_PAGE, json!({})).await;
        assert_eq!(error_code(&forbidden), "FORBIDDEN");

        let actor = admin.to_string();
        let recorded = app
            .services
            .db
            .run(move |connection| {
                for n in 0..24 {
                    let target = format!("target-{n:02}");
                    audit::record(
                        connection,
                        Actor { user_id: Some(&actor), request_id: Some("request-1") },
                        "test.action",
                        Some(Target { kind: "Thing", id: &target }),
                        &json!({ "n": n }),
                    )?;
                }
                Ok(())
            })
            .await;
        recorded.unwrap_or_else(|error| panic!("{error:?}"));

        let mut seen = Vec::new();
        let mut after = Value::Null;
        for expected in [10, 10, 4] {
            let page = app
                .graphql_as(&admin_token, AUDIT_PAGE, json!({ "first": 10, "after": after, "action": "test.action" }))
                .await;
            let log = &page["data"]["auditLog"];
            assert_eq!(log["totalCount"], 24, "{engine:?}: {page}");
            let edges = log["edges"].as_array().expect("edges");
            assert_eq!(edges.len(), expected);
            seen.extend(edges.iter().map(|edge| edge["node"]["details"]["n"].as_i64().expect("n")));
            assert!(edges.iter().all(|edge| edge["node"]["requestId"] == "request-1"));
            after = log["pageInfo"]["endCursor"].clone();
            assert_eq!(log["pageInfo"]["hasNextPage"], expected == 10);
        }
        assert_eq!(seen, (0..24).rev().collect::<Vec<_>>(), "newest first, no gaps, no repeats");

        let everything = app.graphql_as(&admin_token, AUDIT_PAGE, json!({ "first": 100 })).await;
        let actions: Vec<&str> = everything["data"]["auditLog"]["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|edge| edge["node"]["action"].as_str().expect("action"))
            .collect();
        assert!(actions.contains(&"user.create_admin"), "creating an admin is audited: {actions:?}");

        let entry_id = everything["data"]["auditLog"]["edges"][0]["node"]["id"].clone();
        let node_query = "query($id: ID!) { node(id: $id) { id ... on AuditEntry { action } } }";
        let as_admin = app.graphql_as(&admin_token, node_query, json!({ "id": entry_id })).await;
        assert_eq!(as_admin["data"]["node"]["id"], entry_id);
        let as_user = app.graphql_as(&app.access_token(&user), node_query, json!({ "id": entry_id })).await;
        assert!(as_user["data"]["node"].is_null(), "{as_user}");
        app.stop().await;
    }
}

#[tokio::test]
async fn huge_pages_and_bad_cursors_are_refused() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let admin = app.create_admin("root@example.org").await;
    let token = app.access_token(&admin);
    let huge = app.graphql_as(&token, AUDIT_PAGE, json!({ "first": 10000 })).await;
    assert_eq!(error_code(&huge), "QUERY_TOO_COMPLEX", "{huge}");
    let literal = app.graphql_as(&token, "{ auditLog(first: 10000) { edges { node { id } } } }", json!({})).await;
    assert_eq!(error_code(&literal), "QUERY_TOO_COMPLEX", "{literal}");
    let over_cap = app.graphql_as(&token, "{ auditLog(first: 101) { totalCount } }", json!({})).await;
    assert_eq!(error_code(&over_cap), "QUERY_TOO_COMPLEX", "{over_cap}");
    let bad_cursor = app.graphql_as(&token, AUDIT_PAGE, json!({ "after": "nonsense" })).await;
    assert_eq!(error_code(&bad_cursor), "VALIDATION");
    assert_eq!(bad_cursor["errors"][0]["extensions"]["field"], "after");
    app.stop().await;
}

#[tokio::test]
async fn a_database_error_never_reaches_the_client() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let admin = app.create_admin("root@example.org").await;
        let dropped = app
            .services
            .db
            .run(|connection| {
                use diesel::connection::SimpleConnection;
                connection.batch_execute("DROP TABLE audit_log")?;
                Ok(())
            })
            .await;
        dropped.unwrap_or_else(|error| panic!("{error:?}"));
        let response = app.graphql_as(&app.access_token(&admin), AUDIT_PAGE, json!({})).await;
        assert_eq!(error_code(&response), "INTERNAL", "{engine:?}: {response}");
        let error = &response["errors"][0];
        let request_id = error["extensions"]["requestId"].as_str().expect("a request id");
        let text = response.to_string().to_lowercase();
        for leak in ["audit_log", "no such table", "relation", "select", "diesel", "sqlite", "postgres"] {
            assert!(!text.contains(leak), "{leak} leaked: {response}");
        }
        assert!(error["message"].as_str().expect("message").contains(request_id));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_generated_jwt_secret_is_shared_by_instances_and_survives_restarts() {
    for engine in engines() {
        let mut first = TestApp::spawn_with(engine, &[("AGORA_JWT_SECRET", "")]).await;
        let user = first.create_user("fatima@example.org", "Fatima", "ar").await;
        let token = first.access_token(&user);

        let second = first.another_instance().await;
        let seen_by_second = second.graphql_as(&token, "{ me { displayName } }", json!({})).await;
        assert_eq!(seen_by_second["data"]["me"]["displayName"], "Fatima", "{engine:?}: {seen_by_second}");
        second.stop().await;

        first.restart().await;
        let after_restart = first.graphql_as(&token, "{ me { displayName } }", json!({})).await;
        assert_eq!(after_restart["data"]["me"]["displayName"], "Fatima", "{engine:?}: {after_restart}");
        first.stop().await;
    }
}
