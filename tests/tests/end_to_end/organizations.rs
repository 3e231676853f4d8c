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
    create_named_organization(app, token, kind, "Digital Rights Watch").await
}

async fn create_named_organization(app: &TestApp, token: &str, kind: &str, name: &str) -> String {
    let input =
        json!({ "input": { "name": name, "kind": kind, "country": "ke", "website": "https://drw.example.org" } });
    let created = app.graphql_as(token, CREATE, input).await;
    created["data"]["createOrganization"]["id"].as_str().unwrap_or_else(|| panic!("created: {created}")).to_owned()
}

/// A new organization created by `token`'s holder and verified by `admin` (only verified
/// organizations invite).
async fn verified_organization(app: &TestApp, token: &str, admin: &str, kind: &str) -> String {
    let organization = create_organization(app, token, kind).await;
    verify(app, admin, &organization).await;
    organization
}

async fn verify(app: &TestApp, admin: &str, organization: &str) {
    let verify = "mutation($id: ID!) { verifyOrganization(id: $id) { verified } }";
    let verified = app.graphql_as(admin, verify, json!({ "id": organization })).await;
    assert_eq!(verified["data"]["verifyOrganization"]["verified"], true, "{verified}");
}

async fn withdraw(app: &TestApp, admin: &str, organization: &str) {
    let withdraw =
        "mutation($id: ID!) { withdrawOrganizationVerification(id: $id, reason: \"Not registered\") { verified } }";
    let withdrawn = app.graphql_as(admin, withdraw, json!({ "id": organization })).await;
    assert_eq!(withdrawn["data"]["withdrawOrganizationVerification"]["verified"], false, "{withdrawn}");
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
        let organization = verified_organization(&app, &people.alice, &people.admin, "CIVIL_SOCIETY").await;

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

        verify(&app, &people.admin, &organization).await;
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
        withdraw(&app, &people.admin, &organization).await;
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
    let admin = app.create_admin("root@example.org").await;
    let organization =
        verified_organization(&app, &app.access_token(&alice), &app.access_token(&admin), "ACADEMIA").await;
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

#[tokio::test]
async fn only_verified_organizations_invite() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let people = people(&app).await;
        let organization = create_organization(&app, &people.alice, "CIVIL_SOCIETY").await;
        let invite = |token: String, email: &'static str| {
            let app = &app;
            let variables = json!({ "org": organization, "email": email, "role": "MEMBER" });
            async move { app.graphql_as(&token, INVITE, variables).await }
        };

        for (who, token) in [("its admin", people.alice.clone()), ("a platform admin", people.admin.clone())] {
            let refused = invite(token, "outsider@example.org").await;
            assert_eq!(error_code(&refused), "CONFLICT", "{engine:?}: {who}: {refused}");
        }
        assert!(app.mail_to("outsider@example.org").await.is_empty(), "an unverified organization sends no mail");
        let bobs = create_organization(&app, &people.bob, "ACADEMIA").await;
        let in_french = app
            .graphql_as(&people.bob, INVITE, json!({ "org": bobs, "email": "outsider@example.org", "role": "MEMBER" }))
            .await;
        let message = in_french["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.starts_with("Seule une organisation vérifiée"), "in the caller's language: {in_french}");

        verify(&app, &people.admin, &organization).await;
        let invited = invite(people.alice.clone(), "bob@example.org").await;
        assert_eq!(invited["data"]["addOrganizationMember"]["status"], "INVITED", "{invited}");
        let token = app.token_mailed_to("bob@example.org").await;

        withdraw(&app, &people.admin, &organization).await;
        let refused = invite(people.alice.clone(), "carol@example.org").await;
        assert_eq!(error_code(&refused), "CONFLICT", "withdrawn: {refused}");
        assert!(app.mail_to("carol@example.org").await.is_empty());
        let accepted = app.graphql_as(&people.bob, ACCEPT, json!({ "token": token })).await;
        assert_eq!(
            accepted["data"]["acceptMembership"]["status"], "ACTIVE",
            "an invitation sent while it was verified still stands: {accepted}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn invitations_are_throttled_per_inviter_per_organization_and_per_recipient() {
    let limits = [
        ("AGORA_INVITATIONS_PER_INVITER_PER_HOUR", "2"),
        ("AGORA_INVITATIONS_PER_ORGANIZATION_PER_DAY", "3"),
        ("AGORA_INVITATIONS_PER_RECIPIENT_PER_DAY", "2"),
    ];
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &limits).await;
        let people = people(&app).await;
        let invite = |token: &str, organization: &str, email: &str| {
            let variables = json!({ "org": organization, "email": email, "role": "MEMBER" });
            let (app, token) = (&app, token.to_owned());
            async move { app.graphql_as(&token, INVITE, variables).await }
        };
        let invited = |response: &Value| response["data"]["addOrganizationMember"]["status"] == "INVITED";
        let limited = |response: &Value, what: &str| {
            assert_eq!(error_code(response), "RATE_LIMITED", "{engine:?}: {what}: {response}");
        };

        // Per inviter: Alice's third invitation within the hour.
        let organization = verified_organization(&app, &people.alice, &people.admin, "CIVIL_SOCIETY").await;
        let to_bob = app
            .graphql_as(
                &people.alice,
                INVITE,
                json!({ "org": organization, "email": "bob@example.org", "role": "ADMIN" }),
            )
            .await;
        assert!(invited(&to_bob), "{to_bob}");
        let token = app.token_mailed_to("bob@example.org").await;
        app.graphql_as(&people.bob, ACCEPT, json!({ "token": token })).await;
        assert!(invited(&invite(&people.alice, &organization, "a1@example.org").await));
        limited(&invite(&people.alice, &organization, "a2@example.org").await, "a third invitation by one person");
        assert!(app.mail_to("a2@example.org").await.is_empty());

        // Per organization: Bob, its other admin, may invite once more before the organization's three.
        assert!(invited(&invite(&people.bob, &organization, "b1@example.org").await));
        limited(&invite(&people.bob, &organization, "b2@example.org").await, "a fourth invitation by one organization");

        // Per recipient: one address invited twice, by two organizations, then no more.
        let carol = app.create_user("carol@example.org", "Carol", "en").await;
        let dave = app.create_user("dave@example.org", "Dave", "en").await;
        let (carol, dave) = (app.access_token(&carol), app.access_token(&dave));
        let carols = verified_organization(&app, &carol, &people.admin, "ACADEMIA").await;
        let daves = verified_organization(&app, &dave, &people.admin, "INDUSTRY").await;
        assert!(invited(&invite(&carol, &carols, "target@example.org").await));
        assert!(invited(&invite(&dave, &daves, "target@example.org").await));
        limited(&invite(&carol, &carols, "target@example.org").await, "a third invitation to one address");
        assert_eq!(app.mail_to("target@example.org").await.len(), 2, "{engine:?}");
        assert!(invited(&invite(&carol, &carols, "someone-else@example.org").await), "other addresses still get one");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_invitation_names_the_inviter_and_makes_no_link_of_chosen_names() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let people = people(&app).await;
        let eve = app.create_user("eve@example.org", "Eve of www.evil.example", "en").await;
        let eve = app.access_token(&eve);
        let organization = create_named_organization(&app, &eve, "CIVIL_SOCIETY", "Visit https://evil.example").await;
        verify(&app, &people.admin, &organization).await;
        let invited = app
            .graphql_as(&eve, INVITE, json!({ "org": organization, "email": "outsider@example.org", "role": "MEMBER" }))
            .await;
        assert_eq!(invited["data"]["addOrganizationMember"]["status"], "INVITED", "{engine:?}: {invited}");

        let mail = app.mail_to("outsider@example.org").await;
        let message = mail.last().expect("the invitation");
        assert_eq!(message.subject, "Invitation to join an organization on Agora", "no chosen text in the subject");
        assert!(
            message.body_text.contains("Eve of www[.]evil[.]example invites you")
                && message.body_text.contains("“Visit https[:]//evil[.]example”")
                && message.body_text.contains("on Agora"),
            "the inviter, the organization and the platform are named: {}",
            message.body_text
        );
        for part in [&message.subject, &message.body_text, &message.body_html] {
            assert!(!part.contains("evil.example"), "no address a mail client would link: {part}");
        }
        assert_eq!(message.body_html.matches("<a ").count(), 1, "{}", message.body_html);
        assert!(message.body_html.contains("<a href=\"http"), "{}", message.body_html);
        assert!(message.body_html.contains("/invitations?token="), "the one link is the invitation's");
        app.stop().await;
    }
}
