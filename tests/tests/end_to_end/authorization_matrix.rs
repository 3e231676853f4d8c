//! The authorization matrix: every mutation and every field that is not public, tried as each
//! kind of caller, on every engine, with the outcome the design gives each of them.
//!
//! What it proves:
//! - **Completeness.** The mutation names are read from the live schema by introspection and
//!   must equal the rows of [`mutation_rows`]: a new mutation without a row fails this test,
//!   naming the mutation.
//! - **Mutations.** Each row builds a fresh, *valid* request for each persona (new fixtures
//!   wherever the mutation consumes or changes something: a new user to suspend, a new
//!   organization to verify, a freshly made caller to delete) and states the designed outcome:
//!   allowed, or refused with `UNAUTHENTICATED`, `FORBIDDEN` or `EMAIL_NOT_VERIFIED`. Since the
//!   inputs are valid, any other outcome is about who calls, not about what they sent. The public
//!   mutations (register, login, …) are allowed for everyone: a token never gets in their way.
//! - **Fields.** `me`, `auditLog`, `failedMail`, the private fields of `User`,
//!   `Organization.members`, unverified organizations and `node(id:)` of users, audit entries,
//!   failed mail, organizations and memberships are shown, hidden (null) or refused as designed
//!   for each persona
//!   ([`field_rows`], [`check_listings`]).
//! - **IDOR.** No ID lets one person read or change another's data ([`check_idor`]): private
//!   fields through `node(id:)` for every pair of people, memberships of another organization,
//!   an invitation sent to someone else, another person's role grant, and `exportMyData` /
//!   `deleteMyAccount`, which only ever concern the caller.
//!
//! The personas, set up once per engine in one test app ([`World::build`]): anonymous (no token),
//! unverified (signed in, email not confirmed), participant (verified, nothing else), member and
//! official (active `MEMBER` / `OFFICIAL` of a verified `GOVERNMENT` organization), moderator and
//! instructor (platform-wide roles), admin (platform admin), and org-admin (the organization's
//! creator and `ADMIN`, the one non-platform-admin allowed to manage its members).
//!
//! Every disagreement is collected and reported at the end, one line per cell, so one run shows
//! the whole picture.
//!
//! **Adding a mutation:** add a `row!` to [`mutation_rows`] with the mutation's name, its outcome
//! per persona (a preset such as `PLATFORM_ADMINS`, or an array in [`PERSONAS`] order), and an
//! `async fn(&World, Persona) -> Call` that builds a valid request for that persona. Use
//! `world.call(persona, …)` for the shared persona, or `Call::new(world.mint(persona).await, …)`
//! when the mutation changes or consumes its caller. A non-public field gets a [`FieldRow`].

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};

use agora::auth::access_token;
use agora::auth::password::Password;
use agora::consultations::following::token::UnfollowTokens;
use agora::consultations::model::ConsultationId;
use agora::db::schema::mail_outbox;
use agora::db::write_transaction;
use agora::error::AppError;
use agora::graphql::node::GlobalId;
use agora::identity::model::UserId;
use agora::mail::graphql::FAILED_MAIL_KIND;
use agora::mail::outbox::status as mail_status;
use agora::mail::{Recipient, templates};
use agora::training::model::QuizId;
use agora_tests::classroom::{self, COURSE};
use agora_tests::consultation_fixture::{self, consultation_input, round_input};
use agora_tests::websocket::{self, receive_unless_closed, response_of, try_send};
use agora_tests::{Engine, TestApp, engines, error_code};
use diesel::prelude::*;
use fluent_bundle::FluentValue;
use serde_json::{Value, json};

/// The password of every account here (the one `TestApp::create_admin` sets).
const PASSWORD: &str = "correct horse battery staple";
/// Another valid password, for checks that need two.
const OTHER_PASSWORD: &str = "a different quiet meadow";

/// This test sends many account emails, registrations, invitations and comments from one client
/// address; throttling has its own tests, so its limits are raised out of the way here.
const OVERRIDES: &[(&str, &str)] = &[
    ("AGORA_REGISTRATIONS_PER_HOUR", "1000"),
    ("AGORA_ACCOUNT_EMAILS_PER_CLIENT_PER_HOUR", "1000"),
    ("AGORA_INVITATIONS_PER_INVITER_PER_HOUR", "1000"),
    ("AGORA_INVITATIONS_PER_ORGANIZATION_PER_DAY", "1000"),
    ("AGORA_COMMENTS_PER_HOUR", "1000"),
    ("AGORA_COMMENTS_PER_CLIENT_PER_HOUR", "10000"),
    ("AGORA_COURSE_CONTENT", concat!(env!("CARGO_MANIFEST_DIR"), "/../course-content")),
];

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Persona {
    Anonymous,
    Unverified,
    Participant,
    Member,
    Official,
    Moderator,
    Instructor,
    Admin,
    OrgAdmin,
}

/// The columns of the matrix.
const PERSONAS: [Persona; 9] = [
    Persona::Anonymous,
    Persona::Unverified,
    Persona::Participant,
    Persona::Member,
    Persona::Official,
    Persona::Moderator,
    Persona::Instructor,
    Persona::Admin,
    Persona::OrgAdmin,
];

/// What a persona gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The mutation succeeds / the field is shown.
    Allowed,
    /// The field is null, without an error.
    Hidden,
    /// An error with this `extensions.code`.
    Refused(&'static str),
}

impl Outcome {
    fn label(self) -> String {
        match self {
            Outcome::Allowed => "allowed".to_owned(),
            Outcome::Hidden => "hidden (null)".to_owned(),
            Outcome::Refused(code) => code.to_owned(),
        }
    }
}

const OK: Outcome = Outcome::Allowed;
const NULL: Outcome = Outcome::Hidden;
const UNAUTH: Outcome = Outcome::Refused("UNAUTHENTICATED");
const FORBID: Outcome = Outcome::Refused("FORBIDDEN");
const UNVERIFIED: Outcome = Outcome::Refused("EMAIL_NOT_VERIFIED");
const NOT_FOUND: Outcome = Outcome::Refused("NOT_FOUND");

// Presets, in PERSONAS order:
//  anonymous, unverified, participant, member, official, moderator, instructor, admin, org-admin
const EVERYONE: [Outcome; 9] = [OK; 9];
const SIGNED_IN: [Outcome; 9] = [UNAUTH, OK, OK, OK, OK, OK, OK, OK, OK];
const VERIFIED: [Outcome; 9] = [UNAUTH, UNVERIFIED, OK, OK, OK, OK, OK, OK, OK];
const PLATFORM_ADMINS: [Outcome; 9] = [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK, FORBID];
const ORGANIZATION_ADMINS: [Outcome; 9] = [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK, OK];
// For fields: shown or null.
const SEEN_SIGNED_IN: [Outcome; 9] = [NULL, OK, OK, OK, OK, OK, OK, OK, OK];
const SEEN_BY_ADMINS: [Outcome; 9] = [NULL, NULL, NULL, NULL, NULL, NULL, NULL, OK, NULL];
const SEEN_BY_MEMBERS: [Outcome; 9] = [NULL, NULL, NULL, OK, OK, NULL, NULL, OK, OK];
/// Running a consultation: the officials of its organization (platform admins see it but do not run it).
const OFFICIALS: [Outcome; 9] = [UNAUTH, FORBID, FORBID, FORBID, OK, FORBID, FORBID, FORBID, FORBID];
/// Acting on a draft: only its officials and platform admins see it; to anyone else it does not exist.
const DRAFT_OFFICIALS: [Outcome; 9] =
    [UNAUTH, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, FORBID, NOT_FOUND];
const MODERATORS: [Outcome; 9] = [UNAUTH, FORBID, FORBID, FORBID, FORBID, OK, FORBID, OK, FORBID];
const SEEN_BY_OFFICIALS: [Outcome; 9] = [NULL, NULL, NULL, NULL, OK, NULL, NULL, OK, NULL];
/// A confidential comment's text: the consultation's officials, moderators and admins (and its author).
const SEEN_BY_REVIEWERS: [Outcome; 9] = [NULL, NULL, NULL, NULL, OK, OK, NULL, OK, NULL];
const MEMBERS_ONLY: [Outcome; 9] = [UNAUTH, FORBID, FORBID, OK, OK, FORBID, FORBID, OK, OK];
/// The unverified organization has the member persona (and its host) as members.
/// Instructors (platform-wide here) and platform admins.
const INSTRUCTORS: [Outcome; 9] = [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, OK, OK, FORBID];
const SEEN_BY_INSTRUCTORS: [Outcome; 9] = [NULL, NULL, NULL, NULL, NULL, NULL, OK, OK, NULL];
/// The participant of an enrollment: every signed-in persona acts on their own, except the
/// unverified one, who cannot enroll and so tries someone else's.
const OWN_ENROLLMENT: [Outcome; 9] = [UNAUTH, FORBID, OK, OK, OK, OK, OK, OK, OK];
const SEEN_BY_ITS_MEMBERS: [Outcome; 9] = [NULL, NULL, NULL, OK, NULL, NULL, NULL, OK, NULL];

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) }";
const RESEND: &str = "mutation($email: String!) { resendVerification(email: $email) }";
const LOGIN: &str = "mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken }
}";
const REQUEST_RESET: &str = "mutation($email: String!) { requestPasswordReset(email: $email) }";
const CREATE_ORGANIZATION: &str = "mutation($name: String!, $kind: OrganizationKind!) {
  createOrganization(input: { name: $name, kind: $kind, country: \"KE\" }) { id }
}";
const VERIFY_ORGANIZATION: &str = "mutation($id: ID!) { verifyOrganization(id: $id) { id verified } }";
const INVITE: &str = "mutation($org: ID!, $email: String!, $role: MembershipRole!) {
  addOrganizationMember(organizationId: $org, email: $email, role: $role) { id status }
}";
const ACCEPT: &str = "mutation($token: String!) { acceptMembership(token: $token) { id status } }";
const CHANGE_ROLE: &str =
    "mutation($id: ID!, $role: MembershipRole!) { changeMembershipRole(membershipId: $id, role: $role) { id role } }";
const REMOVE: &str = "mutation($id: ID!) { removeOrganizationMember(membershipId: $id) }";
const GRANT: &str = "mutation($user: ID!, $role: Role!) { grantRole(userId: $user, role: $role) { id role } }";
const REVOKE: &str = "mutation($id: ID!) { revokeRole(grantId: $id) }";
const REINSTATE: &str = "mutation($user: ID!) { reinstateUser(userId: $user) { id } }";
const SUSPEND: &str = "mutation($user: ID!, $reason: String!) { suspendUser(userId: $user, reason: $reason) { id } }";
const CREATE_CONSULTATION: &str =
    "mutation($input: CreateConsultationInput!) { createConsultation(input: $input) { id sections { id } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishConsultation(id: $id) { id status } }";
const CREATE_ROUND: &str =
    "mutation($input: CreateCommentRoundInput!) { createCommentRound(input: $input) { id status } }";
const SUBMIT_COMMENT: &str = "mutation($input: SubmitCommentInput!) { submitComment(input: $input) { id } }";
const ENDORSE: &str = "mutation($id: ID!) { endorseComment(id: $id) { id endorsementCount } }";
const CREATE_COHORT: &str = "mutation($input: CreateCohortInput!) { createCohort(input: $input) { id } }";
const ENROLL: &str = "mutation($cohort: ID!) { enroll(cohortId: $cohort) { id status } }";
const COMPLETE: &str = "mutation($enrollment: ID!, $lesson: ID!) { completeLesson(enrollmentId: $enrollment, lessonId: $lesson) { id status } }";
const SUBMIT_QUIZ: &str = "mutation($enrollment: ID!, $quiz: ID!, $answers: [QuizAnswerInput!]!) {
  submitQuiz(enrollmentId: $enrollment, quizId: $quiz, answers: $answers) { id passed } }";
const DELETE_ACCOUNT: &str = "mutation($password: String!) { deleteMyAccount(password: $password) }";
const USER_NODE: &str = "query($id: ID!) {
  node(id: $id) { id ... on User { displayName email locale emailVerified roles { id role } suspended memberships { role } } }
}";
const MEMBERSHIP_NODE: &str = "query($id: ID!) { node(id: $id) { id ... on Membership { role status } } }";
/// The fields of `User` that only the user and platform admins see.
const PRIVATE_FIELDS: &[&str] = &["email", "locale", "emailVerified", "roles", "suspended", "memberships"];

#[tokio::test]
async fn every_mutation_and_private_field_answers_each_persona_as_designed() {
    for engine in engines() {
        let world = World::build(engine).await;
        let rows = mutation_rows();
        let mut findings = Findings::default();
        check_completeness(&world, &rows, &mut findings).await;
        check_fields(&world, &mut findings).await;
        check_listings(&world, &mut findings).await;
        check_idor(&world, &mut findings).await;
        check_mutations(&world, &rows, &mut findings).await;
        assert!(
            findings.0.is_empty(),
            "{engine:?}: {} cells disagree with the design:\n{}",
            findings.0.len(),
            findings.0.join("\n")
        );
        world.app.stop().await;
    }
}

// ---------------------------------------------------------------------------------------------
// The mutation matrix
// ---------------------------------------------------------------------------------------------

/// A request built for one persona: who sends it, and what.
struct Call {
    caller: Actor,
    query: &'static str,
    variables: Value,
}

impl Call {
    fn new(caller: Actor, query: &'static str, variables: Value) -> Self {
        Self { caller, query, variables }
    }
}

type Build = for<'w> fn(&'w World, Persona) -> Pin<Box<dyn Future<Output = Call> + 'w>>;

/// One mutation: the outcome per persona (in [`PERSONAS`] order) and how to build a valid request.
struct MutationRow {
    mutation: &'static str,
    expect: [Outcome; 9],
    build: Build,
}

macro_rules! row {
    ($mutation:literal, $expect:expr, $build:ident) => {
        MutationRow { mutation: $mutation, expect: $expect, build: |world, persona| Box::pin($build(world, persona)) }
    };
}

/// One row per mutation of the schema.
fn mutation_rows() -> Vec<MutationRow> {
    vec![
        // Public: valid input succeeds whoever calls, with or without a token.
        row!("register", EVERYONE, register),
        row!("resendVerification", EVERYONE, resend_verification),
        row!("verifyEmail", EVERYONE, verify_email),
        row!("login", EVERYONE, login),
        row!("refreshSession", EVERYONE, refresh_session),
        row!("logout", EVERYONE, logout),
        row!("requestPasswordReset", EVERYONE, request_password_reset),
        row!("resetPassword", EVERYONE, reset_password),
        // The caller's own account.
        row!("updateProfile", SIGNED_IN, update_profile),
        row!("exportMyData", SIGNED_IN, export_my_data),
        row!("deleteMyAccount", SIGNED_IN, delete_my_account),
        // Organizations.
        row!("createOrganization", VERIFIED, create_organization),
        row!("verifyOrganization", PLATFORM_ADMINS, verify_organization),
        row!("withdrawOrganizationVerification", PLATFORM_ADMINS, withdraw_organization_verification),
        row!("addOrganizationMember", ORGANIZATION_ADMINS, add_organization_member),
        row!("acceptMembership", VERIFIED, accept_membership),
        row!("changeMembershipRole", ORGANIZATION_ADMINS, change_membership_role),
        row!("removeOrganizationMember", ORGANIZATION_ADMINS, remove_organization_member),
        // Platform administration.
        row!("grantRole", PLATFORM_ADMINS, grant_role),
        row!("revokeRole", PLATFORM_ADMINS, revoke_role),
        row!("suspendUser", PLATFORM_ADMINS, suspend_user),
        row!("reinstateUser", PLATFORM_ADMINS, reinstate_user),
        row!("requeueFailedMail", PLATFORM_ADMINS, requeue_failed_mail),
        // Consultations and rounds.
        row!("createConsultation", OFFICIALS, create_consultation),
        row!("updateConsultation", OFFICIALS, update_consultation),
        row!("updateSection", OFFICIALS, update_section),
        row!("publishConsultation", DRAFT_OFFICIALS, publish_consultation),
        row!("closeConsultation", OFFICIALS, close_consultation),
        row!("createCommentRound", OFFICIALS, create_comment_round),
        row!("extendCommentRound", OFFICIALS, extend_comment_round),
        row!("closeCommentRound", OFFICIALS, close_comment_round),
        // Comments.
        row!("submitComment", VERIFIED, submit_comment),
        row!("editComment", VERIFIED, edit_comment),
        row!("withdrawComment", VERIFIED, withdraw_comment),
        row!("endorseComment", VERIFIED, endorse_comment),
        row!("unendorseComment", VERIFIED, unendorse_comment),
        row!("flagComment", VERIFIED, flag_comment),
        row!("moderateComment", MODERATORS, moderate_comment),
        row!("respondToComment", OFFICIALS, respond_to_comment),
        row!("publishOutcome", OFFICIALS, publish_outcome),
        // Following consultations.
        row!("followConsultation", VERIFIED, follow_consultation),
        row!("unfollowConsultation", SIGNED_IN, unfollow_consultation),
        row!("unfollowByToken", EVERYONE, unfollow_by_token),
        // Courses.
        row!("createCohort", INSTRUCTORS, create_cohort),
        row!("updateCohort", INSTRUCTORS, update_cohort),
        row!("enroll", VERIFIED, enroll),
        row!("withdrawEnrollment", OWN_ENROLLMENT, withdraw_enrollment),
        row!("decideEnrollment", INSTRUCTORS, decide_enrollment),
        row!("completeLesson", OWN_ENROLLMENT, complete_lesson),
        row!("submitQuiz", OWN_ENROLLMENT, submit_quiz),
        row!("revokeCertificate", INSTRUCTORS, revoke_certificate),
    ]
}

async fn register(world: &World, persona: Persona) -> Call {
    let email = world.fresh_email("registering");
    let input =
        json!({ "email": email, "password": PASSWORD, "displayName": "Newcomer", "country": "KE", "locale": "en" });
    world.call(persona, REGISTER, json!({ "input": input }))
}

async fn resend_verification(world: &World, persona: Persona) -> Call {
    let target = world.account("awaiting-verification", false).await;
    world.call(persona, RESEND, json!({ "email": target.email }))
}

async fn verify_email(world: &World, persona: Persona) -> Call {
    let target = world.account("verifying", false).await;
    expect_data(&world.app.graphql(RESEND, json!({ "email": target.email })).await, "resendVerification");
    let token = world.app.token_mailed_to(&target.email).await;
    world.call(persona, "mutation($token: String!) { verifyEmail(token: $token) { id } }", json!({ "token": token }))
}

async fn login(world: &World, persona: Persona) -> Call {
    let target = world.account("signing-in", true).await;
    world.call(persona, LOGIN, json!({ "email": target.email, "password": PASSWORD }))
}

async fn refresh_session(world: &World, persona: Persona) -> Call {
    let refresh_token = world.refresh_token_of_fresh_session().await;
    let query = "mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }";
    world.call(persona, query, json!({ "token": refresh_token }))
}

async fn logout(world: &World, persona: Persona) -> Call {
    let refresh_token = world.refresh_token_of_fresh_session().await;
    world.call(persona, "mutation($token: String!) { logout(refreshToken: $token) }", json!({ "token": refresh_token }))
}

async fn request_password_reset(world: &World, persona: Persona) -> Call {
    let target = world.account("forgetful", true).await;
    world.call(persona, REQUEST_RESET, json!({ "email": target.email }))
}

async fn reset_password(world: &World, persona: Persona) -> Call {
    let target = world.account("resetting", true).await;
    expect_data(&world.app.graphql(REQUEST_RESET, json!({ "email": target.email })).await, "requestPasswordReset");
    let token = world.app.token_mailed_to(&target.email).await;
    let query =
        "mutation($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }";
    world.call(persona, query, json!({ "token": token, "password": OTHER_PASSWORD }))
}

async fn update_profile(world: &World, persona: Persona) -> Call {
    let query = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }";
    world.call(persona, query, json!({ "input": { "displayName": "Renamed" } }))
}

async fn export_my_data(world: &World, persona: Persona) -> Call {
    world.call(persona, "mutation { exportMyData }", json!({}))
}

async fn delete_my_account(world: &World, persona: Persona) -> Call {
    Call::new(world.mint(persona).await, DELETE_ACCOUNT, json!({ "password": PASSWORD }))
}

async fn create_organization(world: &World, persona: Persona) -> Call {
    let variables = json!({ "name": "Open Data Collective", "kind": "CIVIL_SOCIETY" });
    Call::new(world.mint(persona).await, CREATE_ORGANIZATION, variables)
}

async fn verify_organization(world: &World, persona: Persona) -> Call {
    let organization = world.create_organization(&world.host, "CIVIL_SOCIETY").await;
    world.call(persona, VERIFY_ORGANIZATION, json!({ "id": organization }))
}

async fn withdraw_organization_verification(world: &World, persona: Persona) -> Call {
    let organization = world.create_organization(&world.host, "CIVIL_SOCIETY").await;
    world.verify_organization(&organization).await;
    let query =
        "mutation($id: ID!, $reason: String!) { withdrawOrganizationVerification(id: $id, reason: $reason) { id } }";
    world.call(persona, query, json!({ "id": organization, "reason": "Not a registered body" }))
}

async fn add_organization_member(world: &World, persona: Persona) -> Call {
    let email = world.fresh_email("invited");
    world.call(persona, INVITE, json!({ "org": world.organization, "email": email, "role": "MEMBER" }))
}

async fn accept_membership(world: &World, persona: Persona) -> Call {
    let caller = world.mint(persona).await;
    let organization = world.create_organization(&world.host, "ACADEMIA").await;
    world.verify_organization(&organization).await;
    let invited =
        world.send(&world.host, INVITE, json!({ "org": organization, "email": caller.email, "role": "MEMBER" })).await;
    expect_data(&invited, "addOrganizationMember");
    let token = world.app.token_mailed_to(&caller.email).await;
    Call::new(caller, ACCEPT, json!({ "token": token }))
}

async fn change_membership_role(world: &World, persona: Persona) -> Call {
    let target = world.account("promoted", true).await;
    let membership = world.join(&world.organization, world.actor(Persona::OrgAdmin), &target, "MEMBER").await;
    world.call(persona, CHANGE_ROLE, json!({ "id": membership, "role": "OFFICIAL" }))
}

async fn remove_organization_member(world: &World, persona: Persona) -> Call {
    let target = world.account("removed", true).await;
    let membership = world.join(&world.organization, world.actor(Persona::OrgAdmin), &target, "MEMBER").await;
    world.call(persona, REMOVE, json!({ "id": membership }))
}

async fn grant_role(world: &World, persona: Persona) -> Call {
    let target = world.account("promoted", true).await;
    world.call(persona, GRANT, json!({ "user": target.global_id(), "role": "MODERATOR" }))
}

async fn revoke_role(world: &World, persona: Persona) -> Call {
    let target = world.account("demoted", true).await;
    let grant = world.grant(&target, "MODERATOR").await;
    world.call(persona, REVOKE, json!({ "id": grant }))
}

async fn suspend_user(world: &World, persona: Persona) -> Call {
    let target = world.account("suspended", true).await;
    world.call(persona, SUSPEND, json!({ "user": target.global_id(), "reason": "Coordinated fake submissions" }))
}

async fn reinstate_user(world: &World, persona: Persona) -> Call {
    let target = world.account("reinstated", true).await;
    let suspended = world
        .send(world.actor(Persona::Admin), SUSPEND, json!({ "user": target.global_id(), "reason": "Review pending" }))
        .await;
    expect_data(&suspended, "suspendUser");
    world.call(persona, REINSTATE, json!({ "user": target.global_id() }))
}

async fn requeue_failed_mail(world: &World, persona: Persona) -> Call {
    let query = "mutation($ids: [ID!]) { requeueFailedMail(ids: $ids) }";
    world.call(persona, query, json!({ "ids": [world.failed_mail().await] }))
}

async fn create_consultation(world: &World, persona: Persona) -> Call {
    let slug = format!("draft-{}", world.counter.fetch_add(1, Ordering::Relaxed));
    world.call(persona, CREATE_CONSULTATION, json!({ "input": consultation_input(&world.organization, &slug) }))
}

async fn update_consultation(world: &World, persona: Persona) -> Call {
    let (consultation, _) = world.published_consultation().await;
    let input = json!({ "id": consultation, "topics": ["data protection"] });
    world.call(
        persona,
        "mutation($input: UpdateConsultationInput!) { updateConsultation(input: $input) { id } }",
        json!({ "input": input }),
    )
}

async fn update_section(world: &World, persona: Persona) -> Call {
    let input = json!({ "id": world.section, "translations": [{ "locale": "en", "heading": "Scope", "body": "Revised text." }] });
    world.call(
        persona,
        "mutation($input: UpdateSectionInput!) { updateSection(input: $input) { id version } }",
        json!({ "input": input }),
    )
}

async fn publish_consultation(world: &World, persona: Persona) -> Call {
    let consultation = world.draft_consultation().await;
    world.call(
        persona,
        "mutation($id: ID!) { publishConsultation(id: $id) { id status } }",
        json!({ "id": consultation }),
    )
}

async fn close_consultation(world: &World, persona: Persona) -> Call {
    let (consultation, _) = world.published_consultation().await;
    world.call(
        persona,
        "mutation($id: ID!) { closeConsultation(id: $id) { id status } }",
        json!({ "id": consultation }),
    )
}

async fn create_comment_round(world: &World, persona: Persona) -> Call {
    world.call(persona, CREATE_ROUND, json!({ "input": round_input(&world.consultation, "PUBLIC") }))
}

async fn extend_comment_round(world: &World, persona: Persona) -> Call {
    let round = world.open_round().await;
    let query = "mutation($id: ID!, $closesAt: DateTime!, $reason: String!) {
  extendCommentRound(id: $id, closesAt: $closesAt, reason: $reason) { id closesAt }
}";
    world.call(
        persona,
        query,
        json!({ "id": round, "closesAt": "2100-01-01T00:00:00Z", "reason": "Requests from civil society" }),
    )
}

async fn close_comment_round(world: &World, persona: Persona) -> Call {
    let round = world.open_round().await;
    world.call(persona, "mutation($id: ID!) { closeCommentRound(id: $id) { id status } }", json!({ "id": round }))
}

async fn submit_comment(world: &World, persona: Persona) -> Call {
    world.call(persona, SUBMIT_COMMENT, json!({ "input": comment_input(&world.round, false) }))
}

/// The persona's own comment when it may comment; someone else's otherwise.
async fn own_comment(world: &World, persona: Persona) -> String {
    match persona {
        Persona::Anonymous | Persona::Unverified => world.comment_by(&world.host, false).await,
        _ => world.comment_by(world.actor(persona), false).await,
    }
}

async fn edit_comment(world: &World, persona: Persona) -> Call {
    let comment = own_comment(world, persona).await;
    let query = "mutation($id: ID!, $body: String!) { editComment(id: $id, body: $body) { id version } }";
    world.call(persona, query, json!({ "id": comment, "body": "On reflection, the scope is too narrow." }))
}

async fn withdraw_comment(world: &World, persona: Persona) -> Call {
    let comment = own_comment(world, persona).await;
    world.call(persona, "mutation($id: ID!) { withdrawComment(id: $id) { id status } }", json!({ "id": comment }))
}

async fn endorse_comment(world: &World, persona: Persona) -> Call {
    let comment = world.comment_by(&world.host, false).await;
    world.call(persona, ENDORSE, json!({ "id": comment }))
}

async fn unendorse_comment(world: &World, persona: Persona) -> Call {
    let comment = world.comment_by(&world.host, false).await;
    if !matches!(persona, Persona::Anonymous | Persona::Unverified) {
        expect_data(&world.send(world.actor(persona), ENDORSE, json!({ "id": comment })).await, "endorseComment");
    }
    world.call(
        persona,
        "mutation($id: ID!) { unendorseComment(id: $id) { id endorsementCount } }",
        json!({ "id": comment }),
    )
}

async fn follow_consultation(world: &World, persona: Persona) -> Call {
    world.call(persona, "mutation($id: ID!) { followConsultation(id: $id) }", json!({ "id": world.consultation }))
}

async fn unfollow_consultation(world: &World, persona: Persona) -> Call {
    world.call(persona, "mutation($id: ID!) { unfollowConsultation(id: $id) }", json!({ "id": world.consultation }))
}

/// The emailed link's token of the host, who follows the shared consultation: it needs no
/// sign-in, so whoever holds it may use it.
async fn unfollow_by_token(world: &World, persona: Persona) -> Call {
    let follow = "mutation($id: ID!) { followConsultation(id: $id) }";
    expect_data(&world.send(&world.host, follow, json!({ "id": world.consultation })).await, "followConsultation");
    let host = world.host.id.clone().expect("the host has an account");
    let consultation = GlobalId::decode_kind(&world.consultation, "Consultation").expect("a consultation ID");
    let token = UnfollowTokens::new(&world.app.services.secrets.jwt)
        .issue(&host, &ConsultationId(consultation), chrono::Utc::now())
        .expect("a token");
    world.call(persona, "mutation($token: String!) { unfollowByToken(token: $token) }", json!({ "token": token }))
}

async fn flag_comment(world: &World, persona: Persona) -> Call {
    let comment = world.comment_by(&world.host, false).await;
    world.call(persona, "mutation($id: ID!) { flagComment(id: $id, reason: SPAM) }", json!({ "id": comment }))
}

async fn moderate_comment(world: &World, persona: Persona) -> Call {
    let comment = world.comment_by(&world.host, false).await;
    let query = "mutation($id: ID!, $reason: String!) { moderateComment(id: $id, action: HIDE, reason: $reason) { id status } }";
    world.call(persona, query, json!({ "id": comment, "reason": "Personal attack" }))
}

async fn respond_to_comment(world: &World, persona: Persona) -> Call {
    let comment = world.comment_by(&world.host, false).await;
    let query = "mutation($id: ID!, $body: String!) { respondToComment(id: $id, body: $body) { id } }";
    world.call(persona, query, json!({ "id": comment, "body": "Thank you; we will consider this." }))
}

async fn publish_outcome(world: &World, persona: Persona) -> Call {
    let (consultation, section) = world.published_consultation().await;
    let input = json!({
        "consultationId": consultation,
        "summary": "The scope now covers public bodies.",
        "sectionOutcomes": [{ "sectionId": section, "changes": "Public bodies added to the scope." }],
    });
    let query = "mutation($input: PublishOutcomeInput!) { publishOutcome(input: $input) { id status } }";
    world.call(persona, query, json!({ "input": input }))
}

async fn create_cohort(world: &World, persona: Persona) -> Call {
    world.call(persona, CREATE_COHORT, json!({ "input": cohort_input(false) }))
}

async fn update_cohort(world: &World, persona: Persona) -> Call {
    let cohort = world.cohort(false).await;
    let query = "mutation($input: UpdateCohortInput!) { updateCohort(input: $input) { id capacity } }";
    world.call(persona, query, json!({ "input": { "id": cohort, "capacity": 60 } }))
}

async fn enroll(world: &World, persona: Persona) -> Call {
    world.call(persona, ENROLL, json!({ "cohort": world.cohort }))
}

/// An enrollment of the persona in a new cohort (the host's for those who cannot enroll).
async fn own_enrollment(world: &World, persona: Persona) -> String {
    let participant = match persona {
        Persona::Anonymous | Persona::Unverified => &world.host,
        _ => world.actor(persona),
    };
    world.enrollment_of(participant, false).await
}

async fn withdraw_enrollment(world: &World, persona: Persona) -> Call {
    let enrollment = own_enrollment(world, persona).await;
    let query = "mutation($id: ID!) { withdrawEnrollment(id: $id) { id status } }";
    world.call(persona, query, json!({ "id": enrollment }))
}

async fn decide_enrollment(world: &World, persona: Persona) -> Call {
    let enrollment = world.enrollment_of(&world.host, true).await;
    let query = "mutation($id: ID!) { decideEnrollment(id: $id, approve: true) { id status } }";
    world.call(persona, query, json!({ "id": enrollment }))
}

async fn complete_lesson(world: &World, persona: Persona) -> Call {
    let enrollment = own_enrollment(world, persona).await;
    world.call(persona, COMPLETE, json!({ "enrollment": enrollment, "lesson": world.course.lessons[0] }))
}

async fn submit_quiz(world: &World, persona: Persona) -> Call {
    let enrollment = own_enrollment(world, persona).await;
    let (quiz, answers) = &world.course.quizzes[0];
    world.call(persona, SUBMIT_QUIZ, json!({ "enrollment": enrollment, "quiz": quiz, "answers": answers }))
}

async fn revoke_certificate(world: &World, persona: Persona) -> Call {
    let code = world.certificate_of(&world.host).await;
    let query =
        "mutation($code: String!) { revokeCertificate(code: $code, reason: \"Issued in error\") { code revokedAt } }";
    world.call(persona, query, json!({ "code": code }))
}

/// A cohort of the shared course, open for enrollment now, with room for everyone.
fn cohort_input(requires_approval: bool) -> Value {
    let room =
        json!({ "name": "Matrix cohort", "capacity": 50, "prioritySeats": 5, "requiresApproval": requires_approval });
    classroom::cohort_input(room)
}

/// A public comment that opposes, confidential or not.
fn comment_input(round: &str, confidential: bool) -> Value {
    let mut input = consultation_fixture::comment_input(round, "The definitions in section 1 are too broad.");
    input["stance"] = json!("OPPOSE");
    input["confidential"] = json!(confidential);
    input
}

/// The schema's mutations and the matrix's rows are the same set, and each row allows someone
/// (a row nobody passes would prove nothing about its request).
async fn check_completeness(world: &World, rows: &[MutationRow], findings: &mut Findings) {
    let schema = world.app.graphql("{ __schema { mutationType { fields { name } } } }", json!({})).await;
    let fields = schema["data"]["__schema"]["mutationType"]["fields"].as_array().expect("the mutation fields");
    let in_schema: BTreeSet<&str> = fields.iter().filter_map(|field| field["name"].as_str()).collect();
    let in_matrix: BTreeSet<&str> = rows.iter().map(|row| row.mutation).collect();
    for missing in in_schema.difference(&in_matrix) {
        findings.push(format!("mutation {missing} has no row in the authorization matrix: add one to mutation_rows"));
    }
    for stale in in_matrix.difference(&in_schema) {
        findings.push(format!("the matrix has a row for {stale}, which the schema does not have"));
    }
    findings.require(in_matrix.len() == rows.len(), "a mutation has two rows in the matrix".to_owned());
    for row in rows.iter().filter(|row| !row.expect.contains(&OK)) {
        findings
            .push(format!("the row for {} allows nobody, so nothing shows that its request is valid", row.mutation));
    }
}

async fn check_mutations(world: &World, rows: &[MutationRow], findings: &mut Findings) {
    for row in rows {
        for (persona, expected) in PERSONAS.into_iter().zip(row.expect) {
            let call = (row.build)(world, persona).await;
            let response = world.send(&call.caller, call.query, call.variables).await;
            findings.outcome(&format!("{} as {persona:?}", row.mutation), &response, row.mutation, expected);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fields that are not public
// ---------------------------------------------------------------------------------------------

/// A field (or object) that not everyone may see: a query, and where in its answer to look.
/// `Allowed` means every one of `fields` at `path` is non-null; `Hidden` that all are null.
struct FieldRow {
    field: &'static str,
    expect: [Outcome; 9],
    query: &'static str,
    variables: fn(&World) -> Value,
    path: &'static [&'static str],
    fields: &'static [&'static str],
}

fn field_rows() -> Vec<FieldRow> {
    let none = |_: &World| json!({});
    let bystander = |world: &World| json!({ "id": world.bystander.global_id() });
    let organization = |world: &World| json!({ "id": world.organization });
    let unverified = |world: &World| json!({ "id": world.unverified_organization });
    let draft = |world: &World| json!({ "id": world.draft });
    let confidential = |world: &World| json!({ "id": world.confidential_comment });
    vec![
        FieldRow {
            field: "consultation(id:) of a draft",
            expect: SEEN_BY_OFFICIALS,
            query: "query($id: ID!) { consultation(id: $id) { id } }",
            variables: draft,
            path: &[],
            fields: &["consultation"],
        },
        FieldRow {
            field: "node(id:) of a draft consultation",
            expect: SEEN_BY_OFFICIALS,
            query: "query($id: ID!) { node(id: $id) { id } }",
            variables: draft,
            path: &[],
            fields: &["node"],
        },
        FieldRow {
            field: "Comment: a confidential comment's text and tracking number",
            expect: SEEN_BY_REVIEWERS,
            query: "query($id: ID!) { node(id: $id) { id ... on Comment { body trackingNumber } } }",
            variables: confidential,
            path: &["node"],
            fields: &["body", "trackingNumber"],
        },
        FieldRow {
            field: "moderationQueue",
            expect: MODERATORS,
            query: "{ moderationQueue { totalCount } }",
            variables: none,
            path: &[],
            fields: &["moderationQueue"],
        },
        FieldRow {
            field: "Cohort: roster, waitlist and report",
            expect: INSTRUCTORS,
            query: "query($id: ID!) { cohort(id: $id) { roster { totalCount } waitlist { totalCount } report { total { enrolled } } } }",
            variables: |world| json!({ "id": world.cohort }),
            path: &[],
            fields: &["cohort"],
        },
        FieldRow {
            field: "node(id:) of another person's Enrollment",
            expect: SEEN_BY_INSTRUCTORS,
            query: "query($id: ID!) { node(id: $id) { id ... on Enrollment { status motivation } } }",
            variables: |world| json!({ "id": world.bystander_enrollment }),
            path: &[],
            fields: &["node"],
        },
        FieldRow {
            field: "me",
            expect: SEEN_SIGNED_IN,
            query: "{ me { id } }",
            variables: none,
            path: &[],
            fields: &["me"],
        },
        FieldRow {
            field: "me: one's own private fields",
            expect: SEEN_SIGNED_IN,
            query: "{ me { id email locale emailVerified roles { role } suspended memberships { role } } }",
            variables: none,
            path: &["me"],
            fields: PRIVATE_FIELDS,
        },
        FieldRow {
            field: "node(id:) User: public face",
            expect: EVERYONE,
            query: USER_NODE,
            variables: bystander,
            path: &["node"],
            fields: &["id", "displayName"],
        },
        FieldRow {
            field: "node(id:) User: another user's private fields",
            expect: SEEN_BY_ADMINS,
            query: USER_NODE,
            variables: bystander,
            path: &["node"],
            fields: PRIVATE_FIELDS,
        },
        FieldRow {
            field: "auditLog",
            expect: PLATFORM_ADMINS,
            query: "{ auditLog(first: 1) { totalCount edges { node { id action } } } }",
            variables: none,
            path: &[],
            fields: &["auditLog"],
        },
        FieldRow {
            field: "failedMail",
            expect: PLATFORM_ADMINS,
            query: "{ failedMail(first: 1) { totalCount edges { node { id recipientAddress lastError } } } }",
            variables: none,
            path: &[],
            fields: &["failedMail"],
        },
        FieldRow {
            field: "node(id:) FailedMail",
            expect: SEEN_BY_ADMINS,
            query: "query($id: ID!) { node(id: $id) { id ... on FailedMail { recipientAddress } } }",
            variables: |world| json!({ "id": world.failed_mail }),
            path: &[],
            fields: &["node"],
        },
        FieldRow {
            field: "node(id:) AuditEntry",
            expect: SEEN_BY_ADMINS,
            query: "query($id: ID!) { node(id: $id) { id ... on AuditEntry { action } } }",
            variables: |world| json!({ "id": world.audit_entry }),
            path: &[],
            fields: &["node"],
        },
        FieldRow {
            field: "organization(id:) of a verified organization",
            expect: EVERYONE,
            query: "query($id: ID!) { organization(id: $id) { id name } }",
            variables: organization,
            path: &[],
            fields: &["organization"],
        },
        FieldRow {
            field: "Organization.members",
            expect: MEMBERS_ONLY,
            query: "query($id: ID!) { organization(id: $id) { id members { totalCount } } }",
            variables: organization,
            path: &["organization"],
            fields: &["members"],
        },
        FieldRow {
            field: "node(id:) Organization.members",
            expect: MEMBERS_ONLY,
            query: "query($id: ID!) { node(id: $id) { id ... on Organization { members { totalCount } } } }",
            variables: organization,
            path: &["node"],
            fields: &["members"],
        },
        FieldRow {
            field: "organization(id:) of an unverified organization",
            expect: SEEN_BY_ITS_MEMBERS,
            query: "query($id: ID!) { organization(id: $id) { id name } }",
            variables: unverified,
            path: &[],
            fields: &["organization"],
        },
        FieldRow {
            field: "node(id:) of an unverified organization",
            expect: SEEN_BY_ITS_MEMBERS,
            query: "query($id: ID!) { node(id: $id) { id ... on Organization { name } } }",
            variables: unverified,
            path: &[],
            fields: &["node"],
        },
        FieldRow {
            field: "node(id:) Membership",
            expect: SEEN_BY_MEMBERS,
            query: MEMBERSHIP_NODE,
            variables: |world| json!({ "id": world.actor(Persona::Official).membership() }),
            path: &[],
            fields: &["node"],
        },
    ]
}

async fn check_fields(world: &World, findings: &mut Findings) {
    for row in field_rows() {
        for (persona, expected) in PERSONAS.into_iter().zip(row.expect) {
            let response = world.send(world.actor(persona), row.query, (row.variables)(world)).await;
            let actual = sight_of(&response, row.path, row.fields);
            if actual != expected.label() {
                findings.push(format!(
                    "{} as {persona:?}: expected {}, got {actual}: {response}",
                    row.field,
                    expected.label()
                ));
            }
        }
    }
}

/// What lists show: open invitations only to the organization's admins and platform admins;
/// members' email addresses only to themselves and platform admins; unverified organizations
/// only to platform admins.
async fn check_listings(world: &World, findings: &mut Findings) {
    let members = "query($id: ID!) {
  organization(id: $id) { members(first: 100) { edges { node { status user { id email } } } } }
}";
    for persona in [Persona::Member, Persona::Official, Persona::OrgAdmin, Persona::Admin] {
        let viewer = world.actor(persona);
        let response = world.send(viewer, members, json!({ "id": world.organization })).await;
        let Some(edges) = response["data"]["organization"]["members"]["edges"].as_array() else {
            findings.push(format!("Organization.members as {persona:?}: no list: {response}"));
            continue;
        };
        let invitations = edges.iter().filter(|edge| edge["node"]["status"] == "INVITED").count();
        let sees_invitations = matches!(persona, Persona::OrgAdmin | Persona::Admin);
        findings.require(
            (invitations > 0) == sees_invitations,
            format!("Organization.members as {persona:?}: {invitations} open invitations listed"),
        );
        for user in edges.iter().map(|edge| &edge["node"]["user"]).filter(|user| !user.is_null()) {
            let own = user["id"] == viewer.global_id().as_str();
            findings.require(
                user["email"].is_null() != (own || persona == Persona::Admin),
                format!("Organization.members as {persona:?}: a member's email is shown to the wrong people: {user}"),
            );
        }
    }

    let list = "{ organizations(first: 100) { edges { node { id } } } }";
    for persona in PERSONAS {
        let response = world.send(world.actor(persona), list, json!({})).await;
        let edges = response["data"]["organizations"]["edges"].as_array().cloned().unwrap_or_default();
        let listed = edges.iter().any(|edge| edge["node"]["id"] == world.unverified_organization.as_str());
        findings.require(
            listed == (persona == Persona::Admin),
            format!("organizations as {persona:?}: the unverified organization listed: {listed}: {response}"),
        );
    }

    let followed = "{ consultations(followed: true, first: 100) { edges { node { id viewerFollows } } } }";
    for persona in PERSONAS {
        let response = world.send(world.actor(persona), followed, json!({})).await;
        if persona == Persona::Anonymous {
            findings.require(
                error_code(&response) == "UNAUTHENTICATED",
                format!("consultations(followed: true) signed out: {response}"),
            );
            continue;
        }
        let edges = response["data"]["consultations"]["edges"].as_array().cloned().unwrap_or_default();
        findings.require(
            edges.iter().all(|edge| edge["node"]["viewerFollows"] == true),
            format!("consultations(followed: true) as {persona:?}: lists what they do not follow: {response}"),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// IDOR: another person's data through an ID
// ---------------------------------------------------------------------------------------------

async fn check_idor(world: &World, findings: &mut Findings) {
    private_fields_of_every_pair(world, findings).await;
    memberships_of_other_organizations(world, findings).await;
    invitations_sent_to_someone_else(world, findings).await;
    role_grants_of_others(world, findings).await;
    own_data_only(world, findings).await;
    unknown_and_foreign_ids(world, findings).await;
}

/// `node(id:)` of each person, seen by each persona: private fields for oneself and platform
/// admins only; `me` is always the caller.
async fn private_fields_of_every_pair(world: &World, findings: &mut Findings) {
    let subjects: Vec<&Actor> =
        PERSONAS.iter().map(|persona| world.actor(*persona)).filter(|actor| actor.id.is_some()).collect();
    for viewer_persona in PERSONAS {
        let viewer = world.actor(viewer_persona);
        for subject in subjects.iter().copied().chain([&world.bystander]) {
            let response = world.send(viewer, USER_NODE, json!({ "id": subject.global_id() })).await;
            let own = viewer.id == subject.id;
            let expected = if own || viewer_persona == Persona::Admin { OK } else { NULL };
            let actual = sight_of(&response, &["node"], PRIVATE_FIELDS);
            findings.require(
                actual == expected.label() && response["data"]["node"]["displayName"].is_string(),
                format!("node(id: {}) as {viewer_persona:?}: private fields {actual}: {response}", subject.email),
            );
        }
        if viewer.id.is_some() {
            let me = world.send(viewer, "{ me { id } }", json!({})).await;
            findings.require(
                me["data"]["me"]["id"] == viewer.global_id().as_str(),
                format!("me as {viewer_persona:?} is someone else: {me}"),
            );
        }
    }
}

/// An admin of one organization cannot change, remove or invite members in another; members
/// cannot promote themselves or remove each other; nothing changes.
async fn memberships_of_other_organizations(world: &World, findings: &mut Findings) {
    let org_admin = world.actor(Persona::OrgAdmin);
    let member = world.actor(Persona::Member);
    let official = world.actor(Persona::Official);
    let rival = &world.rival;
    let attempts = [
        (
            "the organization's admin changes a role in another organization",
            org_admin,
            CHANGE_ROLE,
            json!({ "id": rival.membership, "role": "ADMIN" }),
            "changeMembershipRole",
        ),
        (
            "the organization's admin removes a member of another organization",
            org_admin,
            REMOVE,
            json!({ "id": rival.membership }),
            "removeOrganizationMember",
        ),
        (
            "the organization's admin invites into another organization",
            org_admin,
            INVITE,
            json!({ "org": rival.organization, "email": world.fresh_email("intruder"), "role": "ADMIN" }),
            "addOrganizationMember",
        ),
        (
            "another organization's admin changes a member's role",
            &rival.admin,
            CHANGE_ROLE,
            json!({ "id": member.membership(), "role": "ADMIN" }),
            "changeMembershipRole",
        ),
        (
            "another organization's admin removes a member",
            &rival.admin,
            REMOVE,
            json!({ "id": member.membership() }),
            "removeOrganizationMember",
        ),
        (
            "another organization's admin invites",
            &rival.admin,
            INVITE,
            json!({ "org": world.organization, "email": world.fresh_email("intruder"), "role": "ADMIN" }),
            "addOrganizationMember",
        ),
        (
            "a member makes themselves admin",
            member,
            CHANGE_ROLE,
            json!({ "id": member.membership(), "role": "ADMIN" }),
            "changeMembershipRole",
        ),
        (
            "an official makes themselves admin",
            official,
            CHANGE_ROLE,
            json!({ "id": official.membership(), "role": "ADMIN" }),
            "changeMembershipRole",
        ),
        (
            "a member removes another member",
            member,
            REMOVE,
            json!({ "id": official.membership() }),
            "removeOrganizationMember",
        ),
        (
            "an official removes another member",
            official,
            REMOVE,
            json!({ "id": member.membership() }),
            "removeOrganizationMember",
        ),
        (
            "a member invites",
            member,
            INVITE,
            json!({ "org": world.organization, "email": world.fresh_email("intruder"), "role": "ADMIN" }),
            "addOrganizationMember",
        ),
    ];
    for (what, caller, query, variables, field) in attempts {
        let response = world.send(caller, query, variables).await;
        findings.outcome(what, &response, field, FORBID);
    }

    let admin = world.actor(Persona::Admin);
    for (membership, role) in
        [(rival.membership.as_str(), "MEMBER"), (member.membership(), "MEMBER"), (official.membership(), "OFFICIAL")]
    {
        let seen = world.send(admin, MEMBERSHIP_NODE, json!({ "id": membership })).await;
        findings.require(
            seen["data"]["node"]["role"] == role && seen["data"]["node"]["status"] == "ACTIVE",
            format!("a refused attempt changed a membership: {seen}"),
        );
    }
    let peek = world.send(&rival.admin, MEMBERSHIP_NODE, json!({ "id": member.membership() })).await;
    findings.require(
        peek["errors"].is_null() && peek["data"]["node"].is_null(),
        format!("another organization's admin sees a membership by its ID: {peek}"),
    );
    let list = "query($id: ID!) { organization(id: $id) { members { totalCount } } }";
    let listed = world.send(&rival.admin, list, json!({ "id": world.organization })).await;
    findings.outcome("another organization's admin lists its members", &listed, "organization", FORBID);

    // Leaving is the one change a member makes to a membership: their own.
    let leaver = world.account("leaving", true).await;
    let membership = world.join(&world.organization, org_admin, &leaver, "MEMBER").await;
    let left = world.send(&leaver, REMOVE, json!({ "id": membership })).await;
    findings.outcome("a member leaves (removes their own membership)", &left, "removeOrganizationMember", OK);
}

/// An invitation link works only for the account it was sent to, whoever else holds it.
async fn invitations_sent_to_someone_else(world: &World, findings: &mut Findings) {
    let invitee = world.account("invitee", true).await;
    let invited = world
        .send(
            world.actor(Persona::OrgAdmin),
            INVITE,
            json!({ "org": world.organization, "email": invitee.email, "role": "ADMIN" }),
        )
        .await;
    expect_data(&invited, "addOrganizationMember");
    let token = world.app.token_mailed_to(&invitee.email).await;
    let expected = [UNAUTH, UNVERIFIED, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID];
    for (persona, expected) in PERSONAS.into_iter().zip(expected) {
        let response = world.send(world.actor(persona), ACCEPT, json!({ "token": token })).await;
        let what = format!("acceptMembership with an invitation sent to someone else, as {persona:?}");
        findings.outcome(&what, &response, "acceptMembership", expected);
    }
    let accepted = world.send(&invitee, ACCEPT, json!({ "token": token })).await;
    findings.outcome("acceptMembership by its addressee after the refusals", &accepted, "acceptMembership", OK);
}

/// Only platform admins revoke or grant roles and suspend accounts, whoever the target is;
/// a refusal changes nothing.
async fn role_grants_of_others(world: &World, findings: &mut Findings) {
    let admin = world.actor(Persona::Admin);
    let moderator = world.actor(Persona::Moderator);
    let seen = world.send(admin, USER_NODE, json!({ "id": moderator.global_id() })).await;
    let grant = seen["data"]["node"]["roles"][0]["id"].as_str().expect("the moderator's grant").to_owned();
    for persona in PERSONAS.into_iter().filter(|persona| *persona != Persona::Admin) {
        let caller = world.actor(persona);
        let expected = if caller.id.is_some() { FORBID } else { UNAUTH };
        let revoked = world.send(caller, REVOKE, json!({ "id": grant })).await;
        findings.outcome(
            &format!("revokeRole of the moderator's grant as {persona:?}"),
            &revoked,
            "revokeRole",
            expected,
        );
        if caller.id.is_some() {
            let own = json!({ "user": caller.global_id(), "role": "ADMIN" });
            let granted = world.send(caller, GRANT, own).await;
            findings.outcome(&format!("grantRole ADMIN to oneself as {persona:?}"), &granted, "grantRole", expected);
        }
        let victim = json!({ "user": world.bystander.global_id(), "reason": "No reason" });
        let suspended = world.send(caller, SUSPEND, victim).await;
        findings.outcome(&format!("suspendUser of another user as {persona:?}"), &suspended, "suspendUser", expected);
    }
    let after = world.send(admin, USER_NODE, json!({ "id": moderator.global_id() })).await;
    findings.require(
        after["data"]["node"]["roles"] == json!([{ "id": grant, "role": "MODERATOR" }]),
        format!("refused revocations or grants changed the moderator's roles: {after}"),
    );
    let bystander = world.send(admin, USER_NODE, json!({ "id": world.bystander.global_id() })).await;
    findings.require(
        bystander["data"]["node"]["suspended"] == false && bystander["data"]["node"]["roles"] == json!([]),
        format!("refused attempts changed the bystander: {bystander}"),
    );
}

/// `exportMyData` returns the caller's data and nobody else's; `deleteMyAccount` checks the
/// caller's own password and erases the caller only.
async fn own_data_only(world: &World, findings: &mut Findings) {
    let everyone: Vec<&Actor> = PERSONAS
        .iter()
        .map(|persona| world.actor(*persona))
        .chain([&world.host, &world.bystander, &world.rival.admin])
        .filter(|actor| actor.id.is_some())
        .collect();
    for persona in PERSONAS.into_iter().filter(|persona| *persona != Persona::Anonymous) {
        let caller = world.actor(persona);
        let response = world.send(caller, "mutation { exportMyData }", json!({})).await;
        let Some(text) = response["data"]["exportMyData"].as_str() else {
            findings.push(format!("exportMyData as {persona:?}: {response}"));
            continue;
        };
        let document: Value = serde_json::from_str(text).expect("the export is JSON");
        let account = &document["data"]["users"];
        findings.require(
            account["id"] == caller.key() && account["email"] == caller.email.as_str(),
            format!("exportMyData as {persona:?} is not the caller's account: {account}"),
        );
        for other in everyone.iter().filter(|other| other.id != caller.id) {
            findings.require(
                !text.contains(&other.email),
                format!("exportMyData as {persona:?} contains {}'s address", other.email),
            );
        }
    }

    let deleter = world.account("deleting", true).await;
    let neighbour = world.account("neighbour", true).await;
    world.set_password_hash(neighbour.key(), &world.other_password_hash).await;
    let wrong = world.send(&deleter, DELETE_ACCOUNT, json!({ "password": OTHER_PASSWORD })).await;
    findings.outcome(
        "deleteMyAccount with another account's password (a credential failure)",
        &wrong,
        "deleteMyAccount",
        UNAUTH,
    );
    let deleted = world.send(&deleter, DELETE_ACCOUNT, json!({ "password": PASSWORD })).await;
    findings.outcome("deleteMyAccount with one's own password", &deleted, "deleteMyAccount", OK);
    let gone = world.send(&deleter, "{ me { id } }", json!({})).await;
    findings.outcome("the deleted account's token", &gone, "me", UNAUTH);
    let untouched = world.send(&neighbour, "{ me { id email } }", json!({})).await;
    findings.require(
        untouched["data"]["me"]["email"] == neighbour.email.as_str(),
        format!("another account was affected by a deletion: {untouched}"),
    );
}

/// IDs of nothing, or of the wrong kind, are `NOT_FOUND` (or null), never another object.
async fn unknown_and_foreign_ids(world: &World, findings: &mut Findings) {
    let admin = world.actor(Persona::Admin);
    let org_admin = world.actor(Persona::OrgAdmin);
    let nothing = |kind: &str| GlobalId::new(kind, &uuid::Uuid::now_v7().to_string()).encode().0;
    let attempts = [
        (
            "suspendUser of an organization's ID",
            admin,
            SUSPEND,
            json!({ "user": world.organization, "reason": "x" }),
            "suspendUser",
        ),
        (
            "verifyOrganization of a user's ID",
            admin,
            VERIFY_ORGANIZATION,
            json!({ "id": world.bystander.global_id() }),
            "verifyOrganization",
        ),
        ("revokeRole of no grant", admin, REVOKE, json!({ "id": nothing("RoleGrant") }), "revokeRole"),
        (
            "removeOrganizationMember of no membership",
            org_admin,
            REMOVE,
            json!({ "id": nothing("Membership") }),
            "removeOrganizationMember",
        ),
        (
            "changeMembershipRole of an organization's ID",
            org_admin,
            CHANGE_ROLE,
            json!({ "id": world.organization, "role": "ADMIN" }),
            "changeMembershipRole",
        ),
    ];
    for (what, caller, query, variables, field) in attempts {
        let response = world.send(caller, query, variables).await;
        findings.outcome(what, &response, field, NOT_FOUND);
    }
    let node = world.send(admin, MEMBERSHIP_NODE, json!({ "id": nothing("Membership") })).await;
    findings.require(
        node["errors"].is_null() && node["data"]["node"].is_null(),
        format!("node(id:) of no membership: {node}"),
    );
}

// ---------------------------------------------------------------------------------------------
// The same rights over the websocket
// ---------------------------------------------------------------------------------------------

/// `/graphql/ws` carries queries and mutations as well as subscriptions, so an open socket must
/// not outlive the rights of its account: a revoked role, a suspension or an expired access token
/// count for the socket's next operation as they do for the next HTTP request ("the principal is
/// loaded on every request so that a suspension or a revoked role takes effect at once").
///
/// AUTHORIZATION BUG found by this test (since fixed in the backend; this test keeps it fixed):
/// `websocket` in `backend/src/server/graphql_http.rs` resolved the principal once, in
/// `connection_init`, and every later operation of the socket reused it. A platform admin whose
/// role was revoked kept suspending users over a socket opened before; a suspended account kept
/// reading `me` and `auditLog`; an access token kept working after it expired.
#[tokio::test]
async fn an_open_socket_loses_the_rights_its_account_lost() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let root = app.create_admin("root@example.org").await;
        let root_token = app.access_token(&root);
        let second = app.create_admin("second@example.org").await;
        let victim = app.create_user("victim@example.org", "Victim", "en").await;
        let (second_id, victim_id) = (user_global_id(&second), user_global_id(&victim));
        let mut findings = Findings::default();

        let audit = "{ auditLog(first: 1) { totalCount } }";
        let mut socket = Socket::open(&app, &app.access_token(&second)).await;
        let before = socket.run(audit, json!({})).await;
        findings.socket("auditLog over the socket of an admin", &before, "auditLog", &["allowed"]);

        // The admin role is revoked: refused over HTTP at once, and so over the open socket.
        let roles = app.graphql_as(&root_token, USER_NODE, json!({ "id": second_id })).await;
        let grant = roles["data"]["node"]["roles"][0]["id"].clone();
        expect_data(&app.graphql_as(&root_token, REVOKE, json!({ "id": grant })).await, "revokeRole");
        let over_http = app.graphql_as(&app.access_token(&second), audit, json!({})).await;
        findings.outcome("auditLog over HTTP after the role was revoked", &over_http, "auditLog", FORBID);
        let suspend = json!({ "user": victim_id, "reason": "Over a socket opened while an admin" });
        let over_socket = socket.run(SUSPEND, suspend).await;
        let what = "suspendUser over the socket after the role was revoked";
        findings.socket(what, &over_socket, "suspendUser", &["FORBIDDEN", "socket closed"]);
        let seen = app.graphql_as(&root_token, USER_NODE, json!({ "id": victim_id })).await;
        findings.require(
            seen["data"]["node"]["suspended"] == false,
            format!("a former admin suspended a user over an open socket: {seen}"),
        );

        // The account is suspended: signed out everywhere.
        let suspended = json!({ "user": second_id, "reason": "Compromised account" });
        expect_data(&app.graphql_as(&root_token, SUSPEND, suspended).await, "suspendUser");
        let me = socket.run("{ me { id email } }", json!({})).await;
        let what = "me over the socket after the account was suspended";
        findings.socket(what, &me, "me", &["UNAUTHENTICATED", "socket closed"]);

        // An access token that expires while its socket is open.
        let issued = chrono::Utc::now() - access_token::LIFETIME - chrono::TimeDelta::seconds(3);
        let reader = app.create_user("reader@example.org", "Reader", "en").await;
        let (token, expires_at) = app.services.access_tokens.issue(&reader, 0, issued).expect("a token");
        let mut expiring = Socket::open(&app, &token).await;
        let past_leeway = expires_at + chrono::TimeDelta::seconds(7) - chrono::Utc::now();
        tokio::time::sleep(past_leeway.to_std().unwrap_or_default()).await;
        let over_http = app.graphql_as(&token, "{ me { id } }", json!({})).await;
        findings.outcome("me over HTTP with the expired token", &over_http, "me", UNAUTH);
        let rename = "mutation { updateProfile(input: { displayName: \"Renamed after expiry\" }) { id } }";
        let renamed = expiring.run(rename, json!({})).await;
        let what = "updateProfile over a socket whose access token expired";
        findings.socket(what, &renamed, "updateProfile", &["UNAUTHENTICATED", "socket closed"]);

        drop((socket, expiring));
        assert!(
            findings.0.is_empty(),
            "{engine:?}: AUTHORIZATION BUG: the websocket keeps the rights its account lost:\n{}",
            findings.0.join("\n")
        );
        app.stop().await;
    }
}

/// A graphql-transport-ws connection to `/graphql/ws`, authenticated in `connection_init`.
struct Socket {
    stream: websocket::Socket,
    operations: u32,
}

impl Socket {
    async fn open(app: &TestApp, token: &str) -> Socket {
        Socket { stream: websocket::initialized(app, Some(token)).await, operations: 0 }
    }

    /// Runs one operation: its result, or `None` when the server has closed the socket.
    async fn run(&mut self, query: &str, variables: Value) -> Option<Value> {
        self.operations += 1;
        let id = self.operations.to_string();
        let message = json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } });
        try_send(&mut self.stream, message).await.ok()?;
        loop {
            let message = receive_unless_closed(&mut self.stream).await?;
            if let Some(response) = response_of(&message) {
                if message["type"] == "next" {
                    receive_unless_closed(&mut self.stream).await; // complete
                }
                return Some(response);
            }
        }
    }
}

fn user_global_id(user: &UserId) -> String {
    GlobalId::new("User", user.as_str()).encode().0
}

// ---------------------------------------------------------------------------------------------
// The world: one test app with its personas and fixtures
// ---------------------------------------------------------------------------------------------

/// Someone who sends requests: a signed-in account, or nobody (no token).
#[derive(Debug, Clone)]
struct Actor {
    id: Option<UserId>,
    email: String,
    token: Option<String>,
    /// The membership in the main organization (member, official and org-admin personas).
    membership: Option<String>,
}

impl Actor {
    /// The `User` ID the API gives this account.
    fn global_id(&self) -> String {
        user_global_id(self.id.as_ref().expect("a signed-in actor"))
    }

    /// The ID of the membership in the main organization.
    fn membership(&self) -> &str {
        self.membership.as_deref().expect("a member of the main organization")
    }

    /// The account's key as stored.
    fn key(&self) -> &str {
        self.id.as_ref().map(UserId::as_str).expect("a signed-in actor")
    }
}

/// The lessons and quizzes of the shared course, with each quiz's right answers.
#[derive(Default)]
struct CourseParts {
    lessons: Vec<String>,
    quizzes: Vec<(String, Value)>,
}

impl CourseParts {
    async fn read(app: &TestApp) -> Self {
        let query = "query($slug: String!) { course(slug: $slug) { modules { lessons { id } quiz { id } } } }";
        let course = app.graphql(query, json!({ "slug": COURSE })).await;
        let modules = course["data"]["course"]["modules"].as_array().cloned().unwrap_or_default();
        let lessons: Vec<String> = modules
            .iter()
            .flat_map(|module| module["lessons"].as_array().cloned().unwrap_or_default())
            .map(|lesson| lesson["id"].as_str().expect("a lesson ID").to_owned())
            .collect();
        let mut quizzes = Vec::new();
        for id in modules.iter().filter_map(|module| module["quiz"]["id"].as_str()) {
            let key = GlobalId::decode(id).expect("a quiz ID").key;
            let stored = app
                .services
                .db
                .run(move |connection| Ok(agora::training::store::quizzes_by_id(connection, &[QuizId(key)])?))
                .await
                .expect("reading a quiz");
            let answers: Vec<Value> = stored[0]
                .questions()
                .iter()
                .map(|question| {
                    let right: Vec<&str> = question
                        .choices
                        .iter()
                        .filter(|choice| choice.correct)
                        .map(|choice| choice.id.as_str())
                        .collect();
                    json!({ "questionId": question.id, "choiceIds": right })
                })
                .collect();
            quizzes.push((id.to_owned(), Value::Array(answers)));
        }
        assert!(!lessons.is_empty() && !quizzes.is_empty(), "the shared course is imported: {course}");
        Self { lessons, quizzes }
    }
}

/// Another verified organization with its own admin and member.
struct Rival {
    organization: String,
    admin: Actor,
    membership: String,
}

struct World {
    app: TestApp,
    cast: BTreeMap<Persona, Actor>,
    /// Creates throwaway organizations for the rows that need one.
    host: Actor,
    /// Never acts: the person whose data others try to reach.
    bystander: Actor,
    /// The main organization: verified, `GOVERNMENT`, with the member, official and org-admin.
    organization: String,
    /// Unverified (its verification withdrawn), hosted by `host`, with the member persona as a member.
    unverified_organization: String,
    rival: Rival,
    audit_entry: String,
    /// A message the outbox gave up delivering.
    failed_mail: String,
    /// Published by the official persona, with one section and an open public round.
    consultation: String,
    section: String,
    round: String,
    /// A draft of the main organization.
    draft: String,
    /// A confidential comment by `host` in `round`.
    confidential_comment: String,
    /// The shared course's lessons and quizzes (with the right answers).
    course: CourseParts,
    /// An open cohort of the shared course that nobody has enrolled in yet.
    cohort: String,
    /// The bystander's enrollment in a cohort of their own.
    bystander_enrollment: String,
    password_hash: String,
    other_password_hash: String,
    counter: AtomicUsize,
}

impl World {
    async fn build(engine: Engine) -> World {
        let app = TestApp::spawn_with(engine, OVERRIDES).await;
        let hash = |password: &str| {
            let password = Password::parse(password, "password").expect("a valid password");
            let hasher = app.services.passwords.clone();
            async move { hasher.hash(&password).await.expect("hashing") }
        };
        let (password_hash, other_password_hash) = (hash(PASSWORD).await, hash(OTHER_PASSWORD).await);
        let nobody = Actor { id: None, email: String::new(), token: None, membership: None };
        let mut world = World {
            app,
            cast: BTreeMap::new(),
            host: nobody.clone(),
            bystander: nobody.clone(),
            organization: String::new(),
            unverified_organization: String::new(),
            rival: Rival { organization: String::new(), admin: nobody, membership: String::new() },
            audit_entry: String::new(),
            failed_mail: String::new(),
            consultation: String::new(),
            section: String::new(),
            round: String::new(),
            draft: String::new(),
            confidential_comment: String::new(),
            course: CourseParts::default(),
            cohort: String::new(),
            bystander_enrollment: String::new(),
            password_hash,
            other_password_hash,
            counter: AtomicUsize::new(0),
        };

        let admin = world.mint(Persona::Admin).await;
        world.cast.insert(Persona::Admin, admin);
        let mut org_admin = world.account("org-admin", true).await;
        world.organization = world.create_organization(&org_admin, "GOVERNMENT").await;
        world.verify_organization(&world.organization).await;
        let list = "query($id: ID!) { organization(id: $id) { members { edges { node { id } } } } }";
        let own = world.send(&org_admin, list, json!({ "id": world.organization })).await;
        org_admin.membership = Some(string_at(&own, &["organization", "members", "edges", "0", "node", "id"]));
        world.cast.insert(Persona::OrgAdmin, org_admin);
        for persona in PERSONAS.into_iter().filter(|persona| !matches!(persona, Persona::Admin | Persona::OrgAdmin)) {
            let actor = world.mint(persona).await;
            world.cast.insert(persona, actor);
        }
        world.host = world.account("host", true).await;
        world.bystander = world.account("bystander", true).await;

        let pending = world.fresh_email("pending");
        let invited = world
            .send(
                world.actor(Persona::OrgAdmin),
                INVITE,
                json!({ "org": world.organization, "email": pending, "role": "MEMBER" }),
            )
            .await;
        expect_data(&invited, "addOrganizationMember");

        // Only a verified organization invites: this one has its member from before a withdrawal.
        world.unverified_organization = world.create_organization(&world.host, "CIVIL_SOCIETY").await;
        world.verify_organization(&world.unverified_organization).await;
        world.join(&world.unverified_organization, &world.host, world.actor(Persona::Member), "MEMBER").await;
        let withdraw = "mutation($id: ID!) { withdrawOrganizationVerification(id: $id, reason: \"Unknown\") { id } }";
        let withdrawn =
            world.send(world.actor(Persona::Admin), withdraw, json!({ "id": world.unverified_organization })).await;
        expect_data(&withdrawn, "withdrawOrganizationVerification");

        let rival_admin = world.account("rival-admin", true).await;
        let rival_member = world.account("rival-member", true).await;
        let rival_organization = world.create_organization(&rival_admin, "INDUSTRY").await;
        world.verify_organization(&rival_organization).await;
        let membership = world.join(&rival_organization, &rival_admin, &rival_member, "MEMBER").await;
        world.rival = Rival { organization: rival_organization, admin: rival_admin, membership };

        let audit = world
            .send(world.actor(Persona::Admin), "{ auditLog(first: 1) { edges { node { id } } } }", json!({}))
            .await;
        world.audit_entry = string_at(&audit, &["auditLog", "edges", "0", "node", "id"]);
        world.failed_mail = world.failed_mail().await;

        (world.consultation, world.section) = world.published_consultation().await;
        world.round = world.round_in(&world.consultation).await;
        world.draft = world.draft_consultation().await;
        world.confidential_comment = world.comment_by(&world.host, true).await;
        world.course = CourseParts::read(&world.app).await;
        world.cohort = world.cohort(false).await;
        world.bystander_enrollment = world.enrollment_of(&world.bystander, false).await;
        world
    }

    /// The `FailedMail` ID of a new message that the outbox gave up delivering (stored failed in
    /// one transaction, so the worker never sees it due).
    async fn failed_mail(&self) -> String {
        let locale = "en".parse().expect("a language tag");
        let recipient = Recipient { address: self.fresh_email("undeliverable"), name: None, locale };
        let args = [("serverUrl", FluentValue::from("http://agora.test/"))];
        let message = self.app.services.mailer.render(templates::TEST, &recipient, &args);
        let mailer = self.app.services.mailer.clone();
        let stored = self
            .app
            .services
            .db
            .run(move |connection| {
                write_transaction(connection, |connection| {
                    let id = mailer.store(connection, &message)?;
                    diesel::update(mail_outbox::table.find(&id))
                        .set((
                            mail_outbox::status.eq(mail_status::FAILED),
                            mail_outbox::attempts.eq(8),
                            mail_outbox::last_error.eq("451 4.4.1 mailbox unavailable"),
                        ))
                        .execute(connection)?;
                    Ok::<_, AppError>(id)
                })
            })
            .await;
        let id = stored.unwrap_or_else(|error| panic!("storing a failed message failed: {error:?}"));
        GlobalId::new(FAILED_MAIL_KIND, &id).encode().to_string()
    }

    /// A new cohort of the shared course, created by the admin persona.
    async fn cohort(&self, requires_approval: bool) -> String {
        let input = json!({ "input": cohort_input(requires_approval) });
        let created = self.send(self.actor(Persona::Admin), CREATE_COHORT, input).await;
        string_at(&created, &["createCohort", "id"])
    }

    /// `participant`'s enrollment in a new cohort: ACTIVE, or PENDING_APPROVAL if the cohort
    /// needs approval.
    async fn enrollment_of(&self, participant: &Actor, requires_approval: bool) -> String {
        let cohort = self.cohort(requires_approval).await;
        let enrolled = self.send(participant, ENROLL, json!({ "cohort": cohort })).await;
        string_at(&enrolled, &["enroll", "id"])
    }

    /// The code of a new certificate of `participant`: every lesson completed and every quiz
    /// passed in a new cohort.
    async fn certificate_of(&self, participant: &Actor) -> String {
        let enrollment = self.enrollment_of(participant, false).await;
        for lesson in &self.course.lessons {
            let done = self.send(participant, COMPLETE, json!({ "enrollment": enrollment, "lesson": lesson })).await;
            expect_data(&done, "completeLesson");
        }
        for (quiz, answers) in &self.course.quizzes {
            let variables = json!({ "enrollment": enrollment, "quiz": quiz, "answers": answers });
            expect_data(&self.send(participant, SUBMIT_QUIZ, variables).await, "submitQuiz");
        }
        let query = "query($id: ID!) { node(id: $id) { ... on Enrollment { status certificate { code } } } }";
        let read = self.send(participant, query, json!({ "id": enrollment })).await;
        string_at(&read, &["node", "certificate", "code"])
    }

    /// A new draft consultation of the main organization, by the official persona; its ID and
    /// the ID of its first section.
    async fn draft_with_section(&self) -> (String, String) {
        let slug = format!("consultation-{}", self.counter.fetch_add(1, Ordering::Relaxed));
        let input = json!({ "input": consultation_input(&self.organization, &slug) });
        let created = self.send(self.actor(Persona::Official), CREATE_CONSULTATION, input).await;
        let id = string_at(&created, &["createConsultation", "id"]);
        let section = string_at(&created, &["createConsultation", "sections", "0", "id"]);
        (id, section)
    }

    async fn draft_consultation(&self) -> String {
        self.draft_with_section().await.0
    }

    /// A new published consultation; its ID and its first section's.
    async fn published_consultation(&self) -> (String, String) {
        let (id, section) = self.draft_with_section().await;
        expect_data(
            &self.send(self.actor(Persona::Official), PUBLISH, json!({ "id": id })).await,
            "publishConsultation",
        );
        (id, section)
    }

    /// A new open public round in `consultation`.
    async fn round_in(&self, consultation: &str) -> String {
        let created = self
            .send(self.actor(Persona::Official), CREATE_ROUND, json!({ "input": round_input(consultation, "PUBLIC") }))
            .await;
        string_at(&created, &["createCommentRound", "id"])
    }

    /// A new open round in the shared consultation.
    async fn open_round(&self) -> String {
        self.round_in(&self.consultation).await
    }

    /// A new comment by `author` in the shared round.
    async fn comment_by(&self, author: &Actor, confidential: bool) -> String {
        let submitted =
            self.send(author, SUBMIT_COMMENT, json!({ "input": comment_input(&self.round, confidential) })).await;
        string_at(&submitted, &["submitComment", "id"])
    }

    fn actor(&self, persona: Persona) -> &Actor {
        self.cast.get(&persona).expect("every persona is cast")
    }

    /// A request as the shared persona.
    fn call(&self, persona: Persona, query: &'static str, variables: Value) -> Call {
        Call::new(self.actor(persona).clone(), query, variables)
    }

    async fn send(&self, caller: &Actor, query: &str, variables: Value) -> Value {
        match &caller.token {
            Some(token) => self.app.graphql_as(token, query, variables).await,
            None => self.app.graphql(query, variables).await,
        }
    }

    fn fresh_email(&self, label: &str) -> String {
        format!("{label}-{}@example.org", self.counter.fetch_add(1, Ordering::Relaxed))
    }

    /// A new account with [`PASSWORD`], verified or not, holding nothing.
    async fn account(&self, label: &str, verified: bool) -> Actor {
        let email = self.fresh_email(label);
        let id = if verified {
            self.app.create_user(&email, label, "en").await
        } else {
            self.app.create_unverified_user(&email).await
        };
        self.set_password_hash(id.as_str(), &self.password_hash).await;
        let token = self.app.access_token(&id);
        Actor { id: Some(id), email, token: Some(token), membership: None }
    }

    /// A new person of the persona's kind (for rows that change or consume their caller).
    async fn mint(&self, persona: Persona) -> Actor {
        let label = format!("{persona:?}").to_lowercase();
        match persona {
            Persona::Anonymous => Actor { id: None, email: self.fresh_email(&label), token: None, membership: None },
            Persona::Unverified => self.account(&label, false).await,
            Persona::Participant => self.account(&label, true).await,
            Persona::Member | Persona::Official | Persona::OrgAdmin => {
                let mut actor = self.account(&label, true).await;
                let role = match persona {
                    Persona::Member => "MEMBER",
                    Persona::Official => "OFFICIAL",
                    _ => "ADMIN",
                };
                let inviter = self.actor(Persona::OrgAdmin);
                actor.membership = Some(self.join(&self.organization, inviter, &actor, role).await);
                actor
            }
            Persona::Moderator | Persona::Instructor => {
                let actor = self.account(&label, true).await;
                self.grant(&actor, &label.to_uppercase()).await;
                actor
            }
            Persona::Admin => {
                let email = self.fresh_email(&label);
                let id = self.app.create_admin(&email).await;
                let token = self.app.access_token(&id);
                Actor { id: Some(id), email, token: Some(token), membership: None }
            }
        }
    }

    async fn set_password_hash(&self, user: &str, hash: &str) {
        let (user, hash) = (user.to_owned(), hash.to_owned());
        let updated = self
            .app
            .services
            .db
            .run(move |connection| {
                use agora::db::schema::users;
                use diesel::prelude::*;
                diesel::update(users::table.find(&user)).set(users::password_hash.eq(hash)).execute(connection)?;
                Ok(())
            })
            .await;
        updated.unwrap_or_else(|error| panic!("setting a password failed: {error:?}"));
    }

    /// `invitee` joins `organization` with `role` at `inviter`'s invitation; the membership's ID.
    async fn join(&self, organization: &str, inviter: &Actor, invitee: &Actor, role: &str) -> String {
        let invited =
            self.send(inviter, INVITE, json!({ "org": organization, "email": invitee.email, "role": role })).await;
        expect_data(&invited, "addOrganizationMember");
        let token = self.app.token_mailed_to(&invitee.email).await;
        let accepted = self.send(invitee, ACCEPT, json!({ "token": token })).await;
        string_at(&accepted, &["acceptMembership", "id"])
    }

    /// A platform-wide role granted by the admin persona; the grant's ID.
    async fn grant(&self, user: &Actor, role: &str) -> String {
        let granted =
            self.send(self.actor(Persona::Admin), GRANT, json!({ "user": user.global_id(), "role": role })).await;
        string_at(&granted, &["grantRole", "id"])
    }

    async fn create_organization(&self, owner: &Actor, kind: &str) -> String {
        let variables =
            json!({ "name": format!("Organization {}", self.counter.fetch_add(1, Ordering::Relaxed)), "kind": kind });
        let created = self.send(owner, CREATE_ORGANIZATION, variables).await;
        string_at(&created, &["createOrganization", "id"])
    }

    async fn verify_organization(&self, organization: &str) {
        let verified = self.send(self.actor(Persona::Admin), VERIFY_ORGANIZATION, json!({ "id": organization })).await;
        expect_data(&verified, "verifyOrganization");
    }

    /// The refresh token of a new session of a new account.
    async fn refresh_token_of_fresh_session(&self) -> String {
        let target = self.account("session", true).await;
        let session = self.app.graphql(LOGIN, json!({ "email": target.email, "password": PASSWORD })).await;
        string_at(&session, &["login", "refreshToken"])
    }
}

// ---------------------------------------------------------------------------------------------
// Reading answers
// ---------------------------------------------------------------------------------------------

/// Disagreements with the design, one line each.
#[derive(Default)]
struct Findings(Vec<String>);

impl Findings {
    /// Records `what` unless an operation over a socket had one of the `accepted` outcomes
    /// (an outcome label, or `socket closed`).
    fn socket(&mut self, what: &str, result: &Option<Value>, field: &str, accepted: &[&str]) {
        let actual = result.as_ref().map_or_else(|| "socket closed".to_owned(), |response| outcome_of(response, field));
        if !accepted.contains(&actual.as_str()) {
            self.push(format!("{what}: expected {}, got {actual}: {result:?}", accepted.join(" or ")));
        }
    }

    fn push(&mut self, finding: String) {
        self.0.push(finding);
    }

    fn require(&mut self, holds: bool, finding: String) {
        if !holds {
            self.push(finding);
        }
    }

    /// Records `what` unless the answer for root `field` has the `expected` outcome.
    fn outcome(&mut self, what: &str, response: &Value, field: &str, expected: Outcome) {
        let actual = outcome_of(response, field);
        if actual != expected.label() {
            self.push(format!("{what}: expected {}, got {actual}: {response}", expected.label()));
        }
    }
}

/// `allowed` (no error, a value), the error code, or what else came back.
fn outcome_of(response: &Value, field: &str) -> String {
    if let Some(errors) = response["errors"].as_array() {
        let code = errors.first().and_then(|error| error["extensions"]["code"].as_str());
        return code.unwrap_or("an error without a code").to_owned();
    }
    if response["data"][field].is_null() { "hidden (null)".to_owned() } else { "allowed".to_owned() }
}

/// For a field probe: the error code, or whether `fields` at `path` are all shown or all null.
fn sight_of(response: &Value, path: &[&str], fields: &[&str]) -> String {
    if response["errors"].is_array() {
        return outcome_of(response, "");
    }
    let at = path.iter().fold(&response["data"], |value, step| &value[*step]);
    let shown = fields.iter().filter(|field| !at[**field].is_null()).count();
    match shown {
        0 => "hidden (null)".to_owned(),
        n if n == fields.len() => "allowed".to_owned(),
        n => format!("partly shown ({n} of {} fields)", fields.len()),
    }
}

/// Panics with the answer unless the mutation `field` succeeded.
fn expect_data(response: &Value, field: &str) {
    assert!(response["errors"].is_null() && !response["data"][field].is_null(), "{field} failed: {response}");
}

/// The string at `path` under `data` (numeric steps index arrays); panics with the answer if none.
fn string_at(response: &Value, path: &[&str]) -> String {
    let at = path.iter().fold(&response["data"], |value, step| match step.parse::<usize>() {
        Ok(index) => &value[index],
        Err(_) => &value[*step],
    });
    at.as_str().unwrap_or_else(|| panic!("no string at {path:?}: {response}")).to_owned()
}
