//! Consultations set up the way their people set them up, over GraphQL: a verified government
//! organization with an official, a consultation with two sections, comment rounds, and verified
//! stakeholder organizations with members. Everything is returned as the IDs and tokens a client
//! would hold.

use agora::graphql::node::GlobalId;
use chrono::{SecondsFormat, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::TestApp;

/// The heading and text of the first section as created.
pub const SCOPE_HEADING: &str = "Scope";
pub const SCOPE_BODY: &str = "This act applies to artificial intelligence systems placed on the market.";
/// The heading and text of the second section as created.
pub const DEFINITIONS_HEADING: &str = "Definitions";
pub const DEFINITIONS_BODY: &str = "An AI system is a machine-based system that infers from its input.";
/// The title of the consultation in English.
pub const TITLE: &str = "Draft Artificial Intelligence Act";

const CREATE_ORGANIZATION: &str =
    "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }";
const VERIFY_ORGANIZATION: &str = "mutation($id: ID!) { verifyOrganization(id: $id) { id verified } }";
const INVITE: &str = "mutation($org: ID!, $email: String!, $role: MembershipRole!) {
  addOrganizationMember(organizationId: $org, email: $email, role: $role) { id }
}";
const ACCEPT: &str = "mutation($token: String!) { acceptMembership(token: $token) { id status } }";
const CREATE_CONSULTATION: &str =
    "mutation($input: CreateConsultationInput!) { createConsultation(input: $input) { id slug sections { id } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishConsultation(id: $id) { id status } }";
const CREATE_ROUND: &str =
    "mutation($input: CreateCommentRoundInput!) { createCommentRound(input: $input) { id status } }";
const SUBMIT: &str = "mutation($input: SubmitCommentInput!) { submitComment(input: $input) { id trackingNumber } }";
const GRANT: &str = "mutation($user: ID!, $role: Role!, $scope: ID) {
  grantRole(userId: $user, role: $role, scopeId: $scope) { id }
}";

/// A signed-in person: their global `User` ID, address and access token.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub email: String,
    pub token: String,
}

impl Person {
    /// A verified account without roles, signed in.
    pub async fn verified(app: &TestApp, email: &str, name: &str, locale: &str) -> Self {
        let user = app.create_user(email, name, locale).await;
        Self::signed_in(app, &user, email)
    }

    /// A signed-in account whose email address is not confirmed.
    pub async fn unverified(app: &TestApp, email: &str) -> Self {
        let user = app.create_unverified_user(email).await;
        Self::signed_in(app, &user, email)
    }

    /// A platform admin, signed in.
    pub async fn admin(app: &TestApp, email: &str) -> Self {
        let user = app.create_admin(email).await;
        Self::signed_in(app, &user, email)
    }

    /// A verified account from `country` (ISO 3166-1 alpha-2), set through `updateProfile`.
    pub async fn from_country(app: &TestApp, email: &str, name: &str, locale: &str, country: &str) -> Self {
        let person = Self::verified(app, email, name, locale).await;
        let updated = app
            .graphql_as(
                &person.token,
                "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { country } }",
                json!({ "input": { "country": country } }),
            )
            .await;
        success(&updated, "updateProfile");
        person
    }

    fn signed_in(app: &TestApp, user: &agora::identity::model::UserId, email: &str) -> Self {
        Self {
            id: GlobalId::new("User", user.as_str()).encode().0,
            email: email.to_owned(),
            token: app.access_token(user),
        }
    }
}

/// A verified `GOVERNMENT` organization: its creator (an `ADMIN` member, not an official), an
/// active `OFFICIAL`, and the platform admin who verified it.
pub struct Government {
    pub platform_admin: Person,
    pub organization_id: String,
    pub organization_admin: Person,
    pub official: Person,
}

impl Government {
    pub const NAME: &'static str = "Ministry of ICT";

    pub async fn set_up(app: &TestApp) -> Self {
        let platform_admin = Person::admin(app, "root@example.org").await;
        let organization_admin = Person::verified(app, "head@ministry.example.org", "Head of Unit", "en").await;
        let official = Person::verified(app, "official@ministry.example.org", "Policy Officer", "en").await;
        let organization_id = create_organization(app, &organization_admin, Self::NAME, "GOVERNMENT").await;
        verify(app, &platform_admin, &organization_id).await;
        join(app, &organization_admin, &organization_id, &official, "OFFICIAL").await;
        Self { platform_admin, organization_id, organization_admin, official }
    }

    /// Creates a draft consultation with two sections ([`SCOPE_HEADING`], [`DEFINITIONS_HEADING`]).
    pub async fn draft(&self, app: &TestApp, slug: &str) -> Consultation {
        let input = consultation_input(&self.organization_id, slug);
        let created = app.graphql_as(&self.official.token, CREATE_CONSULTATION, json!({ "input": input })).await;
        let consultation = success(&created, "createConsultation");
        let sections = consultation["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .map(|section| section["id"].as_str().expect("a section ID").to_owned())
            .collect();
        Consultation { id: id_in(consultation), slug: slug.to_owned(), sections }
    }

    /// Publishes a draft.
    pub async fn publish(&self, app: &TestApp, consultation: &Consultation) {
        let published = app.graphql_as(&self.official.token, PUBLISH, json!({ "id": consultation.id })).await;
        assert_eq!(success(&published, "publishConsultation")["status"], "PUBLISHED");
    }

    /// A published consultation with two sections.
    pub async fn published(&self, app: &TestApp, slug: &str) -> Consultation {
        let consultation = self.draft(app, slug).await;
        self.publish(app, &consultation).await;
        consultation
    }

    /// Creates a round from an input (see [`round_input`]) and returns the whole response.
    pub async fn try_round(&self, app: &TestApp, input: Value) -> Value {
        app.graphql_as(&self.official.token, CREATE_ROUND, json!({ "input": input })).await
    }

    /// Creates a round from an input (see [`round_input`]) and returns its ID.
    pub async fn round(&self, app: &TestApp, input: Value) -> String {
        id_in(success(&self.try_round(app, input).await, "createCommentRound"))
    }

    /// Opens a `PUBLIC` round now, closing in a week.
    pub async fn open_public_round(&self, app: &TestApp, consultation: &Consultation) -> String {
        self.round(app, round_input(&consultation.id, "PUBLIC")).await
    }

    /// Grants `role` to `person` (platform-wide, or within `scope`, a consultation's ID); returns
    /// the grant's ID.
    pub async fn grant(&self, app: &TestApp, person: &Person, role: &str, scope: Option<&str>) -> String {
        let granted = app
            .graphql_as(&self.platform_admin.token, GRANT, json!({ "user": person.id, "role": role, "scope": scope }))
            .await;
        id_in(success(&granted, "grantRole"))
    }
}

/// A consultation as its officials hold it.
#[derive(Debug, Clone)]
pub struct Consultation {
    pub id: String,
    pub slug: String,
    /// The section IDs, in order.
    pub sections: Vec<String>,
}

/// The usual starting point: a verified government organization, a published consultation
/// (`ai-act`) and a `PUBLIC` round open for a week.
pub struct OpenConsultation {
    pub government: Government,
    pub consultation: Consultation,
    pub round_id: String,
}

impl OpenConsultation {
    pub async fn set_up(app: &TestApp) -> Self {
        let government = Government::set_up(app).await;
        let consultation = government.published(app, "ai-act").await;
        let round_id = government.open_public_round(app, &consultation).await;
        Self { government, consultation, round_id }
    }

    pub fn official(&self) -> &Person {
        &self.government.official
    }

    pub fn platform_admin(&self) -> &Person {
        &self.government.platform_admin
    }
}

/// An organization that takes part in consultations: its creator (an `ADMIN` member) and a
/// `MEMBER`, both active.
pub struct Stakeholder {
    pub organization_id: String,
    pub name: String,
    pub admin: Person,
    pub member: Person,
}

impl Stakeholder {
    /// A verified organization of `kind` named `name`; its people's addresses derive from the name.
    pub async fn verified(app: &TestApp, platform_admin: &Person, kind: &str, name: &str) -> Self {
        let key = Self::key(name);
        let admin = Person::verified(app, &format!("{key}-admin@example.org"), &format!("{name} Admin"), "en").await;
        let member = Person::verified(app, &format!("{key}-member@example.org"), &format!("{name} Member"), "en").await;
        let organization_id = create_organization(app, &admin, name, kind).await;
        verify(app, platform_admin, &organization_id).await;
        join(app, &admin, &organization_id, &member, "MEMBER").await;
        Self { organization_id, name: name.to_owned(), admin, member }
    }

    /// An organization of `kind` that is not verified, with its members: one whose verification
    /// a platform admin of its own withdrew (an organization never verified invites nobody).
    pub async fn unverified(app: &TestApp, kind: &str, name: &str) -> Self {
        let platform_admin = Person::admin(app, &format!("{}-verifier@example.org", Self::key(name))).await;
        let stakeholder = Self::verified(app, &platform_admin, kind, name).await;
        let withdraw =
            "mutation($id: ID!) { withdrawOrganizationVerification(id: $id, reason: \"Not registered\") { verified } }";
        let withdrawn =
            app.graphql_as(&platform_admin.token, withdraw, json!({ "id": stakeholder.organization_id })).await;
        assert_eq!(success(&withdrawn, "withdrawOrganizationVerification")["verified"], false);
        stakeholder
    }

    /// The part of its people's addresses that derives from an organization's name.
    fn key(name: &str) -> String {
        name.split_whitespace()
            .map(|word| word.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase())
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// A valid `CreateConsultationInput` with two sections in English.
pub fn consultation_input(organization: &str, slug: &str) -> Value {
    json!({
        "organizationId": organization,
        "slug": slug,
        "originalLocale": "en",
        "translations": [{ "locale": "en", "title": TITLE, "summary": "Rules for AI systems", "body": "The full text." }],
        "sections": [
            { "translations": [{ "locale": "en", "heading": SCOPE_HEADING, "body": SCOPE_BODY }] },
            { "translations": [{ "locale": "en", "heading": DEFINITIONS_HEADING, "body": DEFINITIONS_BODY }] },
        ],
        "topics": ["AI governance"],
        "country": "KE",
    })
}

/// A valid `CreateCommentRoundInput`: open since an hour ago, closing in a week.
pub fn round_input(consultation: &str, audience: &str) -> Value {
    json!({
        "consultationId": consultation,
        "title": "First reading",
        "opensAt": hours_from_now(-1),
        "closesAt": hours_from_now(24 * 7),
        "audience": audience,
    })
}

/// A `SubmitCommentInput` with only a round and a text.
pub fn comment_input(round: &str, body: &str) -> Value {
    json!({ "roundId": round, "body": body })
}

/// Submits a comment and returns the whole response.
pub async fn try_comment(app: &TestApp, token: &str, input: Value) -> Value {
    app.graphql_as(token, SUBMIT, json!({ "input": input })).await
}

/// Submits a comment that must be accepted; returns its ID.
pub async fn comment(app: &TestApp, token: &str, input: Value) -> String {
    id_in(success(&try_comment(app, token, input).await, "submitComment"))
}

/// How many published comments a consultation lists (as an anonymous reader).
pub async fn published_count(app: &TestApp, consultation: &str) -> i64 {
    let query = "query($id: ID!) { consultation(id: $id) { comments { totalCount } } }";
    let response = app.graphql(query, json!({ "id": consultation })).await;
    response["data"]["consultation"]["comments"]["totalCount"]
        .as_i64()
        .unwrap_or_else(|| panic!("no comment count: {response}"))
}

/// A time `hours` from now (negative: in the past), as the API writes times.
pub fn hours_from_now(hours: i64) -> String {
    (Utc::now() + TimeDelta::hours(hours)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// How a batch of responses came out, e.g. `"CONFLICT: 5, accepted: 1"`: each error code (or
/// `accepted`) with its count, in sorted order.
pub fn tally(responses: &[Value]) -> String {
    let mut counts = std::collections::BTreeMap::new();
    for response in responses {
        let outcome = match response["errors"][0]["extensions"]["code"].as_str() {
            Some(code) => code,
            None if response["errors"].is_null() => "accepted",
            None => "an error without a code",
        };
        *counts.entry(outcome).or_insert(0) += 1;
    }
    counts.iter().map(|(outcome, count)| format!("{outcome}: {count}")).collect::<Vec<_>>().join(", ")
}

/// `data.<field>` of a response that must have succeeded (panics with the response otherwise).
pub fn success<'a>(response: &'a Value, field: &str) -> &'a Value {
    assert!(response["errors"].is_null(), "{field} failed: {response}");
    let value = &response["data"][field];
    assert!(!value.is_null(), "{field} returned nothing: {response}");
    value
}

/// The `extensions.field` of the first error of a response.
pub fn error_field(response: &Value) -> &str {
    response["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error naming a field, got {response}"))
}

/// The `id` of an object in a response.
pub fn id_in(object: &Value) -> String {
    object["id"].as_str().unwrap_or_else(|| panic!("no id in {object}")).to_owned()
}

async fn create_organization(app: &TestApp, creator: &Person, name: &str, kind: &str) -> String {
    let input = json!({ "input": { "name": name, "kind": kind, "country": "KE" } });
    id_in(success(&app.graphql_as(&creator.token, CREATE_ORGANIZATION, input).await, "createOrganization"))
}

/// `admin` invites `person` with `role` and `person` accepts from the emailed link.
async fn join(app: &TestApp, admin: &Person, organization: &str, person: &Person, role: &str) {
    let variables = json!({ "org": organization, "email": person.email, "role": role });
    success(&app.graphql_as(&admin.token, INVITE, variables).await, "addOrganizationMember");
    let token = app.token_mailed_to(&person.email).await;
    let accepted = app.graphql_as(&person.token, ACCEPT, json!({ "token": token })).await;
    assert_eq!(success(&accepted, "acceptMembership")["status"], "ACTIVE");
}

async fn verify(app: &TestApp, platform_admin: &Person, organization: &str) {
    let verified = app.graphql_as(&platform_admin.token, VERIFY_ORGANIZATION, json!({ "id": organization })).await;
    assert_eq!(success(&verified, "verifyOrganization")["verified"], true);
}
