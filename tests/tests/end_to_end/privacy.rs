//! `exportMyData` and `deleteMyAccount`: the export covers, and the deletion erases, every table
//! that refers to a person. The test reads the foreign keys of the live schema, so a new table
//! that references users fails here until export and deletion handle it.

use std::collections::BTreeSet;

use agora::db::DbConnection;
use agora_tests::{Engine, TestApp, engines, error_code};
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::{Value, json};

/// Columns that refer to a user by a foreign key, as the migrations define them.
const USER_REFERENCES: &[(&str, &str)] = &[
    ("account_tokens", "user_id"),
    ("certificates", "revoked_by"),
    ("certificates", "user_id"),
    ("cohorts", "created_by"),
    ("comment_endorsements", "user_id"),
    ("comment_flags", "user_id"),
    ("comment_responses", "author_id"),
    ("comment_rounds", "created_by"),
    ("comments", "author_id"),
    ("consultation_follows", "user_id"),
    ("consultation_outcomes", "published_by"),
    ("consultations", "created_by"),
    ("enrollments", "decided_by"),
    ("enrollments", "user_id"),
    ("idempotency_keys", "user_id"),
    ("memberships", "invited_by"),
    ("memberships", "user_id"),
    ("organizations", "created_by"),
    ("organizations", "verified_by"),
    ("refresh_tokens", "user_id"),
    ("role_grants", "granted_by"),
    ("role_grants", "user_id"),
    ("section_versions", "created_by"),
];

#[derive(QueryableByName)]
struct Reference {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

fn user_references(connection: &mut DbConnection) -> BTreeSet<(String, String)> {
    let query = match connection {
        DbConnection::Sqlite(_) => {
            "SELECT m.name AS table_name, p.\"from\" AS column_name
             FROM sqlite_master m, pragma_foreign_key_list(m.name) p
             WHERE m.type = 'table' AND p.\"table\" = 'users'"
        }
        DbConnection::Postgresql(_) => {
            "SELECT kcu.table_name::text AS table_name, kcu.column_name::text AS column_name
             FROM information_schema.referential_constraints rc
             JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name
             JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name
             WHERE ccu.table_name = 'users'"
        }
    };
    let rows: Vec<Reference> = diesel::sql_query(query).load(connection).expect("reading foreign keys");
    rows.into_iter().map(|row| (row.table_name, row.column_name)).collect()
}

async fn sign_up(app: &TestApp, email: &str) -> (String, String) {
    app.graphql(
        "mutation($input: RegisterInput!) { register(input: $input) }",
        json!({ "input": { "email": email, "password": "a long and quiet river", "displayName": "Marta", "country": "CL", "locale": "es" } }),
    )
    .await;
    let token = app.token_mailed_to(email).await;
    app.graphql("mutation($t: String!) { verifyEmail(token: $t) { id } }", json!({ "t": token })).await;
    let session = app
        .graphql("mutation($e: String!) { login(email: $e, password: \"a long and quiet river\") { accessToken user { id } } }", json!({ "e": email }))
        .await;
    let login = &session["data"]["login"];
    (login["accessToken"].as_str().expect("token").to_owned(), login["user"]["id"].as_str().expect("id").to_owned())
}

#[tokio::test]
async fn export_covers_and_deletion_erases_every_table_that_refers_to_a_person() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let references = tokio::task::spawn_blocking({
            let url = app.services.config.database.clone();
            move || {
                let mut connection = match url {
                    agora::config::DatabaseTarget::Sqlite(path) => DbConnection::Sqlite(
                        diesel::SqliteConnection::establish(&path.to_string_lossy()).expect("SQLite"),
                    ),
                    agora::config::DatabaseTarget::Postgres(url) => {
                        DbConnection::Postgresql(diesel::PgConnection::establish(&url).expect("PostgreSQL"))
                    }
                };
                user_references(&mut connection)
            }
        })
        .await
        .expect("introspection");
        let expected: BTreeSet<(String, String)> =
            USER_REFERENCES.iter().map(|(table, column)| ((*table).to_owned(), (*column).to_owned())).collect();
        assert_eq!(references, expected, "{engine:?}: a table refers to users; handle it in export and deletion");

        let admin = app.create_admin("root@example.org").await;
        let admin_token = app.access_token(&admin);
        let (token, user_id) = sign_up(&app, "marta@example.org").await;
        let org = app
            .graphql_as(
                &token,
                "mutation { createOrganization(input: { name: \"Datos Abiertos\", kind: CIVIL_SOCIETY }) { id } }",
                json!({}),
            )
            .await;
        let org_id = org["data"]["createOrganization"]["id"].clone();
        app.graphql_as(
            &admin_token,
            "mutation($id: ID!) { verifyOrganization(id: $id) { id } }",
            json!({ "id": org_id }),
        )
        .await;
        app.graphql_as(
            &admin_token,
            "mutation($u: ID!) { grantRole(userId: $u, role: MODERATOR) { id } }",
            json!({ "u": user_id }),
        )
        .await;

        let export = app.graphql_as(&token, "mutation { exportMyData }", json!({})).await;
        let document: Value =
            serde_json::from_str(export["data"]["exportMyData"].as_str().expect("a JSON string")).expect("JSON");
        let data = &document["data"];
        for table in expected.iter().map(|(table, _)| table.as_str()).chain(["users", "audit_log", "mail_outbox"]) {
            assert!(data.get(table).is_some(), "{engine:?}: the export misses {table}: {document}");
        }
        assert_eq!(data["users"]["email"], "marta@example.org");
        assert!(!document.to_string().contains("$argon2"), "no password hash in the export");
        assert_eq!(data["memberships"][0]["organization"], "Datos Abiertos");
        assert_eq!(data["role_grants"][0]["role"], "MODERATOR");
        assert!(data["mail_outbox"].as_array().is_some_and(|mail| mail.len() >= 2));

        let wrong =
            app.graphql_as(&token, "mutation { deleteMyAccount(password: \"not my password\") }", json!({})).await;
        assert_eq!(error_code(&wrong), "UNAUTHENTICATED");
        let last_admin = app
            .graphql_as(&token, "mutation { deleteMyAccount(password: \"a long and quiet river\") }", json!({}))
            .await;
        assert_eq!(error_code(&last_admin), "CONFLICT", "the last admin of an organization cannot leave it orphaned");

        app.stop().await;
    }
}

#[tokio::test]
async fn a_deleted_account_leaves_no_personal_data_behind() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let root = app.create_admin("root@example.org").await;
        let (token, user_id) = sign_up(&app, "marta@example.org").await;
        let host = app.create_user("host@example.org", "Host", "en").await;
        let host_token = app.access_token(&host);
        let org = app
            .graphql_as(
                &host_token,
                "mutation { createOrganization(input: { name: \"Host\", kind: ACADEMIA }) { id } }",
                json!({}),
            )
            .await;
        let org = org["data"]["createOrganization"]["id"].clone();
        let verify = "mutation($id: ID!) { verifyOrganization(id: $id) { id } }";
        app.graphql_as(&app.access_token(&root), verify, json!({ "id": org })).await;
        let invite = "mutation($org: ID!) { addOrganizationMember(organizationId: $org, email: \"MARTA@Example.org\", role: MEMBER) { id } }";
        app.graphql_as(&host_token, invite, json!({ "org": org })).await;
        let user_key = String::from_utf8(
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, &user_id).expect("base64"),
        )
        .expect("UTF-8")
        .trim_start_matches("User:")
        .to_owned();
        let stored_key = user_key.clone();
        app.services
            .db
            .run(move |connection| {
                use agora::db::schema::idempotency_keys;
                let row = (
                    idempotency_keys::user_id.eq(&stored_key),
                    idempotency_keys::operation.eq("submitComment"),
                    idempotency_keys::idempotency_key.eq("retry-1"),
                    idempotency_keys::object_id.eq("a-comment"),
                    idempotency_keys::input_fingerprint.eq("0".repeat(64)),
                    idempotency_keys::created_at.eq(chrono::Utc::now().naive_utc()),
                );
                Ok(diesel::insert_into(idempotency_keys::table).values(row).execute(connection)?)
            })
            .await
            .unwrap_or_else(|error| panic!("{error:?}"));
        let export = app.graphql_as(&token, "mutation { exportMyData }", json!({})).await;
        assert!(
            export.to_string().contains("mail-membership-invitation"),
            "mail in other letter case is exported: {export}"
        );
        assert!(export.to_string().contains("retry-1"), "idempotency keys are exported: {export}");
        let deleted = app
            .graphql_as(&token, "mutation { deleteMyAccount(password: \"a long and quiet river\") }", json!({}))
            .await;
        assert_eq!(deleted["data"]["deleteMyAccount"], true, "{engine:?}: {deleted}");

        assert_eq!(error_code(&app.graphql_as(&token, "{ me { id } }", json!({})).await), "UNAUTHENTICATED");
        let login = app.graphql("mutation { login(email: \"marta@example.org\", password: \"a long and quiet river\") { accessToken } }", json!({})).await;
        assert_eq!(error_code(&login), "UNAUTHENTICATED");
        let seen = app
            .post_json(json!({ "query": "query($id: ID!) { node(id: $id) { ... on User { displayName } } }", "variables": { "id": user_id }, "extensions": { "locale": "fr" } }))
            .await;
        assert_eq!(seen["data"]["node"]["displayName"], "Participant supprimé", "{seen}");
        assert!(app.mail_to("marta@example.org").await.is_empty(), "mail to the address is erased");
        assert!(app.mail_to("MARTA@Example.org").await.is_empty(), "in any letter case");

        let leftovers = app
            .services
            .db
            .run(move |connection| {
                use agora::db::schema::{
                    account_tokens, idempotency_keys, memberships, refresh_tokens, role_grants, users,
                };
                let counts = [
                    account_tokens::table
                        .filter(account_tokens::user_id.eq(&user_key))
                        .count()
                        .get_result::<i64>(connection)?,
                    refresh_tokens::table
                        .filter(refresh_tokens::user_id.eq(&user_key))
                        .count()
                        .get_result::<i64>(connection)?,
                    role_grants::table
                        .filter(role_grants::user_id.eq(&user_key))
                        .count()
                        .get_result::<i64>(connection)?,
                    memberships::table
                        .filter(memberships::user_id.eq(&user_key))
                        .count()
                        .get_result::<i64>(connection)?,
                    idempotency_keys::table
                        .filter(idempotency_keys::user_id.eq(&user_key))
                        .count()
                        .get_result::<i64>(connection)?,
                ];
                let (email, name, hash): (String, String, String) = users::table
                    .filter(users::id.eq(&user_key))
                    .select((users::email, users::display_name, users::password_hash))
                    .first(connection)?;
                Ok((counts, email, name, hash))
            })
            .await
            .unwrap_or_else(|error| panic!("{error:?}"));
        assert_eq!(leftovers.0, [0, 0, 0, 0, 0], "{engine:?}");
        assert!(leftovers.1.ends_with("@deleted.invalid") && leftovers.2.is_empty() && leftovers.3.is_empty());
        app.stop().await;
    }
}

#[tokio::test]
async fn the_export_needs_a_signed_in_user() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    assert_eq!(error_code(&app.graphql("mutation { exportMyData }", json!({})).await), "UNAUTHENTICATED");
    app.stop().await;
}
