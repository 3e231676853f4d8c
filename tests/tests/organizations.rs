//! Organizations and memberships over HTTP on every engine: creation by verified users,
//! verification by platform admins, invitations that only their addressee can accept, and an
//! organization that always keeps an admin.

use agora_tests::{Engine, TestApp, engines, error_code};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name kind country verified members { totalCount edges { node { role status } } } }
}";
const ORGANIZATION: &str = "query($id: ID!) { organization(id: $id) { id name verified } }";
const INVITE: &str = "mutation($org: ID!, $email: String!, $role: MembershipRole!) {
  addOrganizationMember(organizationId: $org, email: $email, role: $role) { id role status }
}";
const ACCEPT: &str =
    "mutation($token: String!) { acceptMembership(token: $token) { id role status organization { name } } }";

struct People {
    admin: String,
    alice: String,
    bob: String,
}

async fn people(app: &TestApp) -> People {
    let admin = app.create_admin("root@example.org").await;
    let alice = app.create_user("alice@example.org", "Alice", "en").await;
    let bob = app.create_user("bob@example.org", "Bob", "fr").await;
    People { admin: app.access_token(&admin), alice: app.access_token(&alice), bob: app.access_token(&bob) }
}

async fn create_organization(app: &TestApp, token: &str, kind: &str) -> String {
    let input = json!({ "input": { "name": "Digital Rights Watch", "kind": kind, "country": "ke", "website": "https://drw.example.org" } });
    let created = app.graphql_as(token, CREATE, input).await;
    created["data"]["createOrganization"]["id"].as_str().unwrap_or_else(|| panic!("created: {created}")).to_owned()
}

#[tokio::test]
async fn verified_users_create_organizations_that_admins_verify() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let people = people(&app).await;
        let input = json!({ "input": { "name": "Ministry of ICT", "kind": "GOVERNMENT", "country": "KE" } });
        assert_eq!(error_code(&app.graphql(CREATE, input.clone()).await), "UNAUTHENTICATED");
        let unverified = app.create_unverified_user("new@example.org").await;
        let refused = app.graphql_as(&app.access_token(&unverified), CREATE, input).await;
        assert_eq!(error_code(&refused), "EMAIL_NOT_VERIFIED", "{engine:?}: {refused}");

        let created = app
            .graphql_as(
                &people.alice,
                CREATE,
                json!({ "input": { "name": " Digital Rights Watch ", "kind": "CIVIL_SOCIETY", "country": "ke" } }),
            )
            .await;
        let organization = &created["data"]["createOrganization"];
        assert_eq!(organization["name"], "Digital Rights Watch", "{created}");
        assert_eq!(organization["country"], "KE");
        assert_eq!(organization["verified"], false);
        assert_eq!(organization["members"]["edges"][0]["node"], json!({ "role": "ADMIN", "status": "ACTIVE" }));
        let id = organization["id"].clone();

        let hidden = app.graphql_as(&people.bob, ORGANIZATION, json!({ "id": id })).await;
        assert!(hidden["data"]["organization"].is_null(), "unverified organizations are not public: {hidden}");
        let listed = app.graphql("{ organizations { totalCount } }", json!({})).await;
        assert_eq!(listed["data"]["organizations"]["totalCount"], 0);

        let verify = "mutation($id: ID!) { verifyOrganization(id: $id) { verified verifiedAt } }";
        assert_eq!(error_code(&app.graphql_as(&people.alice, verify, json!({ "id": id })).await), "FORBIDDEN");
        let verified = app.graphql_as(&people.admin, verify, json!({ "id": id })).await;
        assert_eq!(verified["data"]["verifyOrganization"]["verified"], true, "{verified}");
        assert_eq!(error_code(&app.graphql_as(&people.admin, verify, json!({ "id": id })).await), "CONFLICT");
        let mail = app.mail_to("alice@example.org").await;
        assert_eq!(mail.last().map(|m| m.template.as_str()), Some("mail-organization-verified"));

        let public = app.graphql(ORGANIZATION, json!({ "id": id })).await;
        assert_eq!(public["data"]["organization"]["verified"], true);
        let by_kind =
            app.graphql("{ organizations(kind: CIVIL_SOCIETY, country: \"ke\") { totalCount } }", json!({})).await;
        assert_eq!(by_kind["data"]["organizations"]["totalCount"], 1);

        let withdraw = "mutation($id: ID!, $reason: String!) { withdrawOrganizationVerification(id: $id, reason: $reason) { verified verificationWithdrawalReason } }";
        let withdrawn =
            app.graphql_as(&people.admin, withdraw, json!({ "id": id, "reason": "Not a registered NGO" })).await;
        assert_eq!(withdrawn["data"]["withdrawOrganizationVerification"]["verified"], false, "{withdrawn}");
        let mail = app.mail_to("alice@example.org").await;
        assert_eq!(mail.last().map(|m| m.template.as_str()), Some("mail-organization-withdrawn"));
        assert!(mail.last().is_some_and(|m| m.body_text.contains("Not a registered NGO")));
        let again = app.graphql_as(&people.admin, withdraw, json!({ "id": id, "reason": "again" })).await;
        assert_eq!(error_code(&again), "CONFLICT");

        let audit =
            app.graphql_as(&people.admin, "{ auditLog(first: 100) { edges { node { action } } } }", json!({})).await;
        let actions: Vec<&str> = audit["data"]["auditLog"]["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .filter_map(|edge| edge["node"]["action"].as_str())
            .collect();
        for action in ["organization.create", "organization.verify", "organization.withdraw_verification"] {
            assert!(actions.contains(&action), "{action} is audited: {actions:?}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn only_the_invited_address_can_accept_an_invitation() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let people = people(&app).await;
        let organization = create_organization(&app, &people.alice, "CIVIL_SOCIETY").await;

        let official = app
            .graphql_as(
                &people.alice,
                INVITE,
                json!({ "org": organization, "email": "bob@example.org", "role": "OFFICIAL" }),
            )
            .await;
        assert_eq!(error_code(&official), "VALIDATION", "{engine:?}: {official}");
        assert_eq!(official["errors"][0]["extensions"]["field"], "role");

        let known = app
            .graphql_as(
                &people.alice,
                INVITE,
                json!({ "org": organization, "email": "Bob@Example.org", "role": "MEMBER" }),
            )
            .await;
        let unknown = app
            .graphql_as(
                &people.alice,
                INVITE,
                json!({ "org": organization, "email": "nobody@example.org", "role": "MEMBER" }),
            )
            .await;
        let shape = |response: &Value| {
            let invitation = &response["data"]["addOrganizationMember"];
            (invitation["role"].clone(), invitation["status"].clone())
        };
        assert_eq!(shape(&known), shape(&unknown), "the answer reveals nothing about accounts");
        assert_eq!(shape(&known), (json!("MEMBER"), json!("INVITED")));

        let not_admin = app
            .graphql_as(
                &people.bob,
                INVITE,
                json!({ "org": organization, "email": "eve@example.org", "role": "ADMIN" }),
            )
            .await;
        assert_eq!(error_code(&not_admin), "FORBIDDEN");

        let invitation = app.mail_to("Bob@Example.org").await;
        assert_eq!(invitation.last().map(|m| m.locale.as_str()), Some("fr"), "in the invitee's language");
        let token = app.token_mailed_to("Bob@Example.org").await;
        assert!(invitation.last().is_some_and(|m| m.body_text.contains("/invitations?token=")));

        let stolen = app.graphql_as(&people.admin, ACCEPT, json!({ "token": token })).await;
        assert_eq!(error_code(&stolen), "FORBIDDEN", "another account cannot use the link: {stolen}");
        let accepted = app.graphql_as(&people.bob, ACCEPT, json!({ "token": token })).await;
        assert_eq!(accepted["data"]["acceptMembership"]["status"], "ACTIVE", "{accepted}");
        assert_eq!(accepted["data"]["acceptMembership"]["organization"]["name"], "Digital Rights Watch");
        assert_eq!(error_code(&app.graphql_as(&people.bob, ACCEPT, json!({ "token": token })).await), "VALIDATION");

        let members = "query($id: ID!) { organization(id: $id) { id } }";
        assert!(
            app.graphql_as(&people.bob, members, json!({ "id": organization })).await["data"]["organization"]
                .is_object()
        );

        let mine = app
            .graphql_as(&people.bob, "{ me { memberships { role status organization { name } } } }", json!({}))
            .await;
        assert_eq!(
            mine["data"]["me"]["memberships"],
            json!([{ "role": "MEMBER", "status": "ACTIVE", "organization": { "name": "Digital Rights Watch" } }])
        );
        let others = "query($id: ID!) { node(id: $id) { ... on User { memberships { role } } } }";
        let bob_id = app.graphql_as(&people.bob, "{ me { id } }", json!({})).await["data"]["me"]["id"].clone();
        let seen_by_alice = app.graphql_as(&people.alice, others, json!({ "id": bob_id })).await;
        assert!(seen_by_alice["data"]["node"]["memberships"].is_null(), "memberships are private: {seen_by_alice}");

        let pending = app
            .graphql_as(
                &people.alice,
                INVITE,
                json!({ "org": organization, "email": "carol@example.org", "role": "MEMBER" }),
            )
            .await;
        let pending_id = pending["data"]["addOrganizationMember"]["id"].clone();
        let node = "query($id: ID!) { node(id: $id) { id } }";
        let by_member = app.graphql_as(&people.bob, node, json!({ "id": pending_id })).await;
        assert!(
            by_member["data"]["node"].is_null(),
            "an open invitation is for the organization's admins: {by_member}"
        );
        let by_admin = app.graphql_as(&people.alice, node, json!({ "id": pending_id })).await;
        assert_eq!(by_admin["data"]["node"]["id"], pending_id);
        app.stop().await;
    }
}

#[tokio::test]
async fn an_organization_always_keeps_an_admin() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let people = people(&app).await;
        let organization = create_organization(&app, &people.alice, "GOVERNMENT").await;
        let list = "query($id: ID!) { node(id: $id) { ... on Organization { members { edges { node { id role status user { displayName } } } } } } }";
        let members = app.graphql_as(&people.alice, list, json!({ "id": organization })).await;
        let alice_membership = members["data"]["node"]["members"]["edges"][0]["node"]["id"].clone();

        let change = "mutation($id: ID!, $role: MembershipRole!) { changeMembershipRole(membershipId: $id, role: $role) { role } }";
        let remove = "mutation($id: ID!) { removeOrganizationMember(membershipId: $id) }";
        let demote = app.graphql_as(&people.alice, change, json!({ "id": alice_membership, "role": "OFFICIAL" })).await;
        assert_eq!(error_code(&demote), "CONFLICT", "{engine:?}: {demote}");
        assert_eq!(
            error_code(&app.graphql_as(&people.alice, remove, json!({ "id": alice_membership })).await),
            "CONFLICT"
        );

        app.graphql_as(
            &people.alice,
            INVITE,
            json!({ "org": organization, "email": "bob@example.org", "role": "ADMIN" }),
        )
        .await;
        let token = app.token_mailed_to("bob@example.org").await;
        app.graphql_as(&people.bob, ACCEPT, json!({ "token": token })).await;

        let outsider_view = app.graphql_as(&people.admin, list, json!({ "id": organization })).await;
        assert_eq!(
            outsider_view["data"]["node"]["members"]["edges"].as_array().map(Vec::len),
            Some(2),
            "platform admins see members"
        );
        let official =
            app.graphql_as(&people.alice, change, json!({ "id": alice_membership, "role": "OFFICIAL" })).await;
        assert_eq!(official["data"]["changeMembershipRole"]["role"], "OFFICIAL", "{official}");
        let left = app.graphql_as(&people.alice, remove, json!({ "id": alice_membership })).await;
        assert_eq!(left["data"]["removeOrganizationMember"], true, "{left}");
        let as_former_member = app.graphql_as(&people.alice, list, json!({ "id": organization })).await;
        assert!(as_former_member["data"]["node"].is_null(), "an unverified organization hides from former members");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_invitation_page_signs_in_and_accepts() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let alice = app.create_user("alice@example.org", "Alice", "en").await;
    let organization = create_organization(&app, &app.access_token(&alice), "ACADEMIA").await;
    app.graphql(
        "mutation($input: RegisterInput!) { register(input: $input) }",
        json!({ "input": { "email": "carmen@example.org", "password": "a long and quiet river", "displayName": "Carmen", "country": "AR", "locale": "es" } }),
    )
    .await;
    let verification = app.token_mailed_to("carmen@example.org").await;
    app.graphql("mutation($token: String!) { verifyEmail(token: $token) { id } }", json!({ "token": verification }))
        .await;
    app.graphql_as(
        &app.access_token(&alice),
        INVITE,
        json!({ "org": organization, "email": "carmen@example.org", "role": "MEMBER" }),
    )
    .await;
    let token = app.token_mailed_to("carmen@example.org").await;

    let form = app.client.get(app.url("/invitations")).query(&[("token", &token)]).send().await.expect("answer");
    assert_eq!(form.status(), 200);
    assert!(form.text().await.expect("HTML").contains("Digital Rights Watch"));
    let accepted = app
        .client
        .post(app.url("/invitations"))
        .form(&[("token", token.as_str()), ("email", "carmen@example.org"), ("password", "a long and quiet river")])
        .send()
        .await
        .expect("answer");
    assert_eq!(accepted.status(), 200);
    let again = app
        .client
        .post(app.url("/invitations"))
        .form(&[("token", token.as_str()), ("email", "carmen@example.org"), ("password", "a long and quiet river")])
        .send()
        .await
        .expect("answer");
    assert_eq!(again.status(), 400, "the link works once");
    app.stop().await;
}
