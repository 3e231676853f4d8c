//! Cohorts and enrollment over HTTP on every engine, as people meet them.
//!
//! - Who may create a cohort (platform admins, platform instructors, instructors of that course;
//!   not an instructor of another course nor a participant), which settings are refused and with
//!   which `extensions.field`, and that creating one is audited.
//! - Enrolling: a free seat makes an enrollment `ACTIVE`; a participant from a low- or
//!   lower-middle-income country takes a `PRIORITY` seat first; a seat kept for them is not
//!   given to anyone else while enrollment is open (they wait at visible positions 1, 2, 3…);
//!   enrolling twice, outside the window, unverified or anonymously is refused; eligibility and
//!   the report go by the country at enrollment time, whatever the profile says later.
//! - A withdrawal, a rejection or a larger capacity gives the freed seats to the waitlist in
//!   the same request, in order, with a promotion email; once enrollment has closed, priority
//!   seats still free go to the waitlist too.
//! - Cohorts that need approval: requests hold no seat until an instructor decides (audited).
//! - Rosters, waitlists and reports are for the course's instructors and admins; an enrollment
//!   is seen by its participant and them only.
//! - Races: many people enrolling at the same moment never take more seats than there are, and
//!   the waitlist gets positions without gaps or duplicates (the bursts print their rate); a
//!   double click enrolls once; concurrent withdrawals and decisions promote each waiting person
//!   once, in order; many readers at the close of enrollment release the kept seats once.

use std::collections::{BTreeMap, BTreeSet};

use std::time::{Duration, Instant};

use agora_tests::classroom::{
    COURSE, CREATE_COHORT, Classroom, DAY, UPDATE_COHORT, cohort_input, course_field, from_now, grant_instructor,
};
use agora_tests::consultation_fixture::{Person, error_field, id_in, success};
use agora_tests::{Engine, TestApp, engines, error_code};
use chrono::Utc;
use futures_util::future::join_all;
use serde_json::{Value, json};

const OTHER_COURSE: &str = "ai-safety-evaluation-incident-reporting";

const COHORT: &str = "query($id: ID!) {
  cohort(id: $id) { id capacity prioritySeats enrollmentOpen seatsTaken seatsAvailable waitlistLength }
}";
const ENROLL: &str = "mutation($id: ID!) {
  enroll(cohortId: $id) { id status seat priorityEligible country incomeGroup waitlistPosition }
}";
const WITHDRAW: &str = "mutation($id: ID!) { withdrawEnrollment(id: $id) { id status seat waitlistPosition } }";
const DECIDE: &str = "mutation($id: ID!, $approve: Boolean!) {
  decideEnrollment(id: $id, approve: $approve) { id status seat waitlistPosition }
}";
const ENROLLMENT: &str = "query($id: ID!) {
  node(id: $id) { ... on Enrollment { id status seat priorityEligible country incomeGroup waitlistPosition } }
}";
/// A page of the roster; `list` is an alias so that [`every_page`] reads the roster and the
/// waitlist alike.
const ROSTER: &str = "query($id: ID!, $status: EnrollmentStatus, $after: String) {
  cohort(id: $id) { list: roster(status: $status, first: 100, after: $after) { totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id status seat priorityEligible waitlistPosition participant { displayName } } } } }
}";
const WAITLIST: &str = "query($id: ID!, $after: String) {
  cohort(id: $id) { list: waitlist(first: 100, after: $after) { totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id status seat priorityEligible waitlistPosition participant { displayName } } } } }
}";
const REPORT: &str = "query($id: ID!) {
  cohort(id: $id) { report {
    total { group enrolled waitlisted }
    byIncomeGroup { group enrolled waitlisted }
    byRegion { group enrolled waitlisted } } }
}";

/// Sleeps until a little after `at` (an RFC 3339 time).
async fn wait_until(at: &Value) {
    let at = chrono::DateTime::parse_from_rfc3339(at.as_str().expect("a time")).expect("an RFC 3339 time");
    let wait = (at.with_timezone(&Utc) - Utc::now()).to_std().unwrap_or_default() + Duration::from_millis(300);
    tokio::time::sleep(wait).await;
}

/// An enrollment's place: `[status, seat, waitlistPosition]`.
fn place(enrollment: &Value) -> Value {
    json!([enrollment["status"], enrollment["seat"], enrollment["waitlistPosition"]])
}

async fn try_enroll(app: &TestApp, token: &str, cohort: &str) -> Value {
    app.graphql_as(token, ENROLL, json!({ "id": cohort })).await
}

async fn enroll(app: &TestApp, person: &Person, cohort: &str) -> Value {
    success(&try_enroll(app, &person.token, cohort).await, "enroll").clone()
}

async fn withdraw(app: &TestApp, person: &Person, enrollment: &Value) -> Value {
    app.graphql_as(&person.token, WITHDRAW, json!({ "id": enrollment["id"] })).await
}

async fn decide(app: &TestApp, person: &Person, enrollment: &Value, approve: bool) -> Value {
    app.graphql_as(&person.token, DECIDE, json!({ "id": enrollment["id"], "approve": approve })).await
}

/// An enrollment as `viewer` reads it with `node(id:)`: null if they may not see it.
async fn enrollment(app: &TestApp, viewer: &Person, enrollment: &Value) -> Value {
    let response = app.graphql_as(&viewer.token, ENROLLMENT, json!({ "id": enrollment["id"] })).await;
    assert!(response["errors"].is_null(), "no errors expected: {response}");
    response["data"]["node"].clone()
}

/// A cohort's public fields, read anonymously.
async fn cohort(app: &TestApp, id: &str) -> Value {
    success(&app.graphql(COHORT, json!({ "id": id })).await, "cohort").clone()
}

/// `[seatsTaken, seatsAvailable, waitlistLength]` of a cohort.
fn counts(cohort: &Value) -> Value {
    json!([cohort["seatsTaken"], cohort["seatsAvailable"], cohort["waitlistLength"]])
}

/// Every enrollment of a roster or waitlist query ([`ROSTER`], [`WAITLIST`]), page by page.
async fn every_page(app: &TestApp, viewer: &Person, query: &str, mut variables: Value) -> Vec<Value> {
    let mut nodes = Vec::new();
    loop {
        let response = app.graphql_as(&viewer.token, query, variables.clone()).await;
        let list = &success(&response, "cohort")["list"];
        nodes.extend(list["edges"].as_array().expect("edges").iter().map(|edge| edge["node"].clone()));
        if list["pageInfo"]["hasNextPage"] != true {
            assert_eq!(list["totalCount"], nodes.len(), "{response}");
            return nodes;
        }
        variables["after"] = list["pageInfo"]["endCursor"].clone();
    }
}

/// The waitlist as an instructor reads it: `(display name, position)`, next first.
async fn waitlist(room: &Classroom, cohort: &str) -> Vec<(String, i64)> {
    let nodes = every_page(&room.app, &room.instructor, WAITLIST, json!({ "id": cohort })).await;
    nodes
        .iter()
        .map(|node| {
            let name = node["participant"]["displayName"].as_str().expect("a name").to_owned();
            (name, node["waitlistPosition"].as_i64().expect("a position"))
        })
        .collect()
}

/// A report's rows as `group → [enrolled, waitlisted]`.
fn rows(report: &Value, list: &str) -> BTreeMap<String, [i64; 2]> {
    let rows = report[list].as_array().unwrap_or_else(|| panic!("no {list} in {report}"));
    rows.iter()
        .map(|row| {
            let count = |field: &str| row[field].as_i64().expect("a count");
            (row["group"].as_str().expect("a group").to_owned(), [count("enrolled"), count("waitlisted")])
        })
        .collect()
}

async fn report(app: &TestApp, viewer: &Person, cohort: &str) -> Value {
    let response = app.graphql_as(&viewer.token, REPORT, json!({ "id": cohort })).await;
    success(&response, "cohort")["report"].clone()
}

fn groups(entries: &[(&str, [i64; 2])]) -> BTreeMap<String, [i64; 2]> {
    entries.iter().map(|(group, counts)| ((*group).to_owned(), *counts)).collect()
}

/// How many audit entries record `action` (on `target`, if given).
async fn audit_count(app: &TestApp, admin: &Person, action: &str, target: Option<&str>) -> i64 {
    let query = "query($action: String, $target: ID) { auditLog(action: $action, targetId: $target) { totalCount } }";
    let response = app.graphql_as(&admin.token, query, json!({ "action": action, "target": target })).await;
    success(&response, "auditLog")["totalCount"].as_i64().expect("a count")
}

/// Asserts that the newest email to `person` tells them a seat of [`COURSE`] is now theirs.
async fn assert_promotion_mailed(app: &TestApp, person: &Person) {
    let mail = app.mail_to(&person.email).await;
    let newest = mail.last().unwrap_or_else(|| panic!("no mail to {}", person.email));
    assert_eq!(newest.template, "mail-enrollment-promoted", "{}: {}", person.email, newest.subject);
    let title = course_field(app, COURSE, "title").await;
    assert_eq!(newest.subject, format!("A seat is yours: {title}"));
}

async fn promotions_mailed(app: &TestApp, person: &Person) -> usize {
    app.mail_to(&person.email).await.iter().filter(|mail| mail.template == "mail-enrollment-promoted").count()
}

#[tokio::test]
async fn instructors_of_the_course_and_admins_create_cohorts_and_others_are_refused() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let platform_instructor = Person::verified(app, "lead.teacher@example.org", "Lead Teacher", "en").await;
        grant_instructor(app, &room.admin, &platform_instructor, None).await;
        let other_instructor = Person::verified(app, "safety.teacher@example.org", "Safety Teacher", "en").await;
        grant_instructor(app, &room.admin, &other_instructor, Some(OTHER_COURSE)).await;
        let participant = room.participant("Amina", Some("KE")).await;

        let mut created = BTreeSet::new();
        for (who, person) in [
            ("admin", &room.admin),
            ("platform instructor", &platform_instructor),
            ("course instructor", &room.instructor),
        ] {
            let input = cohort_input(json!({ "name": format!("Cohort by the {who}") }));
            let response = app.graphql_as(&person.token, CREATE_COHORT, json!({ "input": input })).await;
            let cohort = success(&response, "createCohort");
            assert_eq!(cohort["name"], format!("Cohort by the {who}"), "{engine:?}");
            assert_eq!(cohort["course"]["slug"], COURSE);
            assert_eq!(
                [&cohort["capacity"], &cohort["prioritySeats"], &cohort["requiresApproval"], &cohort["enrollmentOpen"]],
                [&json!(2), &json!(0), &json!(false), &json!(true)]
            );
            assert_eq!(counts(cohort), json!([0, 2, 0]));
            created.insert(id_in(cohort));
        }

        for (who, person) in [("an instructor of another course", &other_instructor), ("a participant", &participant)] {
            let response =
                app.graphql_as(&person.token, CREATE_COHORT, json!({ "input": cohort_input(json!({})) })).await;
            assert_eq!(error_code(&response), "FORBIDDEN", "{engine:?}: {who}: {response}");
        }
        let anonymous = app.graphql(CREATE_COHORT, json!({ "input": cohort_input(json!({})) })).await;
        assert_eq!(error_code(&anonymous), "UNAUTHENTICATED", "{anonymous}");

        let listed = app
            .graphql("query($slug: String!) { course(slug: $slug) { cohorts { id } } }", json!({ "slug": COURSE }))
            .await;
        let listed: BTreeSet<String> =
            success(&listed, "course")["cohorts"].as_array().expect("cohorts").iter().map(id_in).collect();
        assert_eq!(listed, created, "{engine:?}: only the allowed creations made cohorts");
        assert_eq!(audit_count(app, &room.admin, "cohort.create", None).await, 3, "{engine:?}");
        for id in &created {
            assert_eq!(audit_count(app, &room.admin, "cohort.create", Some(id)).await, 1, "{engine:?}: {id}");
        }
        room.app.stop().await;
    }
}

#[tokio::test]
async fn invalid_cohort_settings_are_refused_with_the_field_at_fault() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let cases = [
            (json!({ "endsAt": from_now(10 * DAY) }), "endsAt"),
            (json!({ "endsAt": from_now(14 * DAY) }), "endsAt"),
            (json!({ "enrollmentClosesAt": from_now(61 * DAY) }), "enrollmentClosesAt"),
            (json!({ "enrollmentOpensAt": from_now(8 * DAY) }), "enrollmentClosesAt"),
            (json!({ "capacity": 0 }), "capacity"),
            (json!({ "capacity": 10_001 }), "capacity"),
            (json!({ "capacity": 5, "prioritySeats": 6 }), "prioritySeats"),
            (json!({ "prioritySeats": -1 }), "prioritySeats"),
            (json!({ "courseSlug": "no-such-course" }), "courseSlug"),
            (json!({ "name": "   " }), "name"),
        ];
        for (changes, field) in cases {
            let input = cohort_input(changes.clone());
            let response = room.app.graphql_as(&room.admin.token, CREATE_COHORT, json!({ "input": input })).await;
            assert_eq!(error_code(&response), "VALIDATION", "{engine:?}: {changes}: {response}");
            assert_eq!(error_field(&response), field, "{engine:?}: {changes}: {response}");
        }
        assert_eq!(audit_count(&room.app, &room.admin, "cohort.create", None).await, 0, "{engine:?}");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn a_free_seat_makes_an_enrollment_active_and_kept_seats_wait_for_eligible_participants() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": 4, "prioritySeats": 2 })).await;

        let kamau = enroll(app, &room.participant("Kamau", Some("KE")).await, &cohort_id).await;
        assert_eq!(place(&kamau), json!(["ACTIVE", "PRIORITY", null]), "{engine:?}: a priority seat first");
        assert_eq!(
            [&kamau["priorityEligible"], &kamau["country"], &kamau["incomeGroup"]],
            [&json!(true), &json!("KE"), &json!("LOWER_MIDDLE")]
        );
        let claire_person = room.participant("Claire", Some("FR")).await;
        let claire = enroll(app, &claire_person, &cohort_id).await;
        assert_eq!(place(&claire), json!(["ACTIVE", "GENERAL", null]), "{engine:?}");
        assert_eq!([&claire["priorityEligible"], &claire["incomeGroup"]], [&json!(false), &json!("HIGH")]);
        let hans = enroll(app, &room.participant("Hans", Some("DE")).await, &cohort_id).await;
        assert_eq!(place(&hans), json!(["ACTIVE", "GENERAL", null]), "{engine:?}");
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([3, 1, 0]), "{engine:?}: one priority seat is free");

        let marie_person = room.participant("Marie", Some("FR")).await;
        let marie = enroll(app, &marie_person, &cohort_id).await;
        assert_eq!(place(&marie), json!(["WAITLISTED", null, 1]), "{engine:?}: the free seat is kept");
        let jonas_person = room.participant("Jonas", Some("DE")).await;
        let jonas = enroll(app, &jonas_person, &cohort_id).await;
        assert_eq!(place(&jonas), json!(["WAITLISTED", null, 2]), "{engine:?}");
        let lucie = enroll(app, &room.participant("Lucie", None).await, &cohort_id).await;
        assert_eq!(place(&lucie), json!(["WAITLISTED", null, 3]), "{engine:?}");
        assert_eq!(lucie["priorityEligible"], false);

        let okello = enroll(app, &room.participant("Okello", Some("UG")).await, &cohort_id).await;
        assert_eq!(
            place(&okello),
            json!(["ACTIVE", "PRIORITY", null]),
            "{engine:?}: the kept seat, ahead of the waitlist"
        );
        assert_eq!(okello["incomeGroup"], "LOW");
        let wanjiru = enroll(app, &room.participant("Wanjiru", Some("KE")).await, &cohort_id).await;
        assert_eq!(place(&wanjiru), json!(["WAITLISTED", null, 4]), "{engine:?}: no seat left at all");
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([4, 0, 4]), "{engine:?}");

        let expected = [("Marie", 1), ("Jonas", 2), ("Lucie", 3), ("Wanjiru", 4)].map(|(name, n)| (name.to_owned(), n));
        assert_eq!(waitlist(&room, &cohort_id).await, expected, "{engine:?}");
        assert_eq!(place(&enrollment(app, &jonas_person, &jonas).await), json!(["WAITLISTED", null, 2]));

        for (person, name) in [(&claire_person, "active"), (&marie_person, "waitlisted")] {
            let again = try_enroll(app, &person.token, &cohort_id).await;
            assert_eq!(error_code(&again), "CONFLICT", "{engine:?}: {name}: {again}");
        }
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([4, 0, 4]), "{engine:?}");
        let mail = app.mail_to(&marie_person.email).await;
        assert_eq!(mail.iter().map(|mail| mail.template.as_str()).collect::<Vec<_>>(), ["mail-enrollment-waitlisted"]);
        room.app.stop().await;
    }
}

#[tokio::test]
async fn enrolling_needs_an_open_window_a_verified_account_and_a_sign_in() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let amina = room.participant("Amina", Some("KE")).await;
        let not_yet = room.cohort(json!({ "enrollmentOpensAt": from_now(DAY) })).await;
        let closed =
            room.cohort(json!({ "enrollmentOpensAt": from_now(-2 * DAY), "enrollmentClosesAt": from_now(-DAY) })).await;
        for (cohort_id, when) in [(&not_yet, "not open yet"), (&closed, "closed")] {
            assert_eq!(cohort(app, cohort_id).await["enrollmentOpen"], false, "{engine:?}: {when}");
            let refused = try_enroll(app, &amina.token, cohort_id).await;
            assert_eq!(error_code(&refused), "ENROLLMENT_CLOSED", "{engine:?}: {when}: {refused}");
        }

        let open = room.cohort(json!({})).await;
        let unverified = Person::unverified(app, "new@example.org").await;
        let refused = try_enroll(app, &unverified.token, &open).await;
        assert_eq!(error_code(&refused), "EMAIL_NOT_VERIFIED", "{engine:?}: {refused}");
        let anonymous = app.graphql(ENROLL, json!({ "id": open })).await;
        assert_eq!(error_code(&anonymous), "UNAUTHENTICATED", "{engine:?}: {anonymous}");
        let with_motivation =
            "mutation($id: ID!, $why: String) { enroll(cohortId: $id, motivation: $why) { motivation } }";
        let rambling =
            app.graphql_as(&amina.token, with_motivation, json!({ "id": open, "why": "x".repeat(2001) })).await;
        assert_eq!(error_field(&rambling), "motivation", "{engine:?}: {rambling}");

        for cohort_id in [&not_yet, &closed, &open] {
            assert_eq!(counts(&cohort(app, cohort_id).await), json!([0, 2, 0]), "{engine:?}");
        }
        let mine = app.graphql_as(&amina.token, "{ myEnrollments { id } }", json!({})).await;
        assert_eq!(success(&mine, "myEnrollments"), &json!([]), "{engine:?}: nothing was recorded");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn eligibility_is_the_country_at_enrollment_time() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": 2, "prioritySeats": 1 })).await;
        let kamau = room.participant("Kamau", Some("KE")).await;
        let claire = room.participant("Claire", Some("FR")).await;
        let kamau_enrollment = enroll(app, &kamau, &cohort_id).await;
        let claire_enrollment = enroll(app, &claire, &cohort_id).await;

        let update = "mutation($country: String) { updateProfile(input: { country: $country }) { country } }";
        for (person, country) in [(&kamau, "FR"), (&claire, "KE")] {
            let moved = app.graphql_as(&person.token, update, json!({ "country": country })).await;
            assert_eq!(success(&moved, "updateProfile")["country"], country, "{engine:?}");
        }

        let kamau_now = enrollment(app, &kamau, &kamau_enrollment).await;
        assert_eq!(
            [&kamau_now["priorityEligible"], &kamau_now["country"], &kamau_now["incomeGroup"], &kamau_now["seat"]],
            [&json!(true), &json!("KE"), &json!("LOWER_MIDDLE"), &json!("PRIORITY")],
            "{engine:?}"
        );
        let claire_now = enrollment(app, &claire, &claire_enrollment).await;
        assert_eq!(
            [&claire_now["priorityEligible"], &claire_now["country"], &claire_now["incomeGroup"], &claire_now["seat"]],
            [&json!(false), &json!("FR"), &json!("HIGH"), &json!("GENERAL")],
            "{engine:?}"
        );
        let report = report(app, &room.instructor, &cohort_id).await;
        assert_eq!(rows(&report, "byIncomeGroup"), groups(&[("HIGH", [1, 0]), ("LOWER_MIDDLE", [1, 0])]), "{engine:?}");
        assert_eq!(rows(&report, "byRegion"), groups(&[("AFRICA", [1, 0]), ("EUROPE", [1, 0])]), "{engine:?}");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn withdrawing_a_seat_promotes_the_next_on_the_waitlist_in_the_same_request() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": 1 })).await;
        let [amina, baraka, chidi, dalia] = [
            room.participant("Amina", Some("KE")).await,
            room.participant("Baraka", Some("KE")).await,
            room.participant("Chidi", Some("FR")).await,
            room.participant("Dalia", None).await,
        ];
        let mut enrollments = Vec::new();
        for person in [&amina, &baraka, &chidi, &dalia] {
            enrollments.push(enroll(app, person, &cohort_id).await);
        }
        let positions: Vec<Value> = enrollments.iter().map(|e| e["waitlistPosition"].clone()).collect();
        assert_eq!(positions, [json!(null), json!(1), json!(2), json!(3)], "{engine:?}");

        for (person, who) in [(&chidi, "another participant"), (&room.instructor, "an instructor")] {
            let refused = withdraw(app, person, &enrollments[0]).await;
            assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: {who}: {refused}");
        }
        let withdrawn = withdraw(app, &amina, &enrollments[0]).await;
        assert_eq!(place(success(&withdrawn, "withdrawEnrollment")), json!(["WITHDRAWN", null, null]), "{engine:?}");
        assert_eq!(
            place(&enrollment(app, &baraka, &enrollments[1]).await),
            json!(["ACTIVE", "GENERAL", null]),
            "{engine:?}"
        );
        assert_eq!(
            place(&enrollment(app, &chidi, &enrollments[2]).await),
            json!(["WAITLISTED", null, 1]),
            "{engine:?}"
        );
        assert_eq!(
            place(&enrollment(app, &dalia, &enrollments[3]).await),
            json!(["WAITLISTED", null, 2]),
            "{engine:?}"
        );
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([1, 0, 2]), "{engine:?}");
        assert_promotion_mailed(app, &baraka).await;
        assert_eq!(promotions_mailed(app, &chidi).await, 0, "{engine:?}");

        let again = withdraw(app, &amina, &enrollments[0]).await;
        assert_eq!(error_code(&again), "CONFLICT", "{engine:?}: {again}");

        let left_waitlist = withdraw(app, &chidi, &enrollments[2]).await;
        assert_eq!(place(success(&left_waitlist, "withdrawEnrollment")), json!(["WITHDRAWN", null, null]));
        assert_eq!(
            place(&enrollment(app, &dalia, &enrollments[3]).await),
            json!(["WAITLISTED", null, 1]),
            "{engine:?}"
        );
        assert_eq!(place(&enrollment(app, &baraka, &enrollments[1]).await), json!(["ACTIVE", "GENERAL", null]));

        let back = enroll(app, &amina, &cohort_id).await;
        assert_eq!(back["id"], enrollments[0]["id"], "{engine:?}: the same enrollment comes back");
        assert_eq!(place(&back), json!(["WAITLISTED", null, 2]), "{engine:?}: at the end of the waitlist");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn a_freed_priority_seat_goes_to_the_first_eligible_person_on_the_waitlist() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": 3, "prioritySeats": 1 })).await;
        let people = room.crowd("Person", &[Some("KE"), Some("FR"), Some("DE"), Some("FR"), Some("KE")]).await;
        let mut enrollments = Vec::new();
        for person in &people {
            enrollments.push(enroll(app, person, &cohort_id).await);
        }
        assert_eq!(
            enrollments.iter().map(place).collect::<Vec<_>>(),
            [
                json!(["ACTIVE", "PRIORITY", null]),
                json!(["ACTIVE", "GENERAL", null]),
                json!(["ACTIVE", "GENERAL", null]),
                json!(["WAITLISTED", null, 1]),
                json!(["WAITLISTED", null, 2])
            ],
            "{engine:?}"
        );

        success(&withdraw(app, &people[0], &enrollments[0]).await, "withdrawEnrollment");
        let promoted = enrollment(app, &people[4], &enrollments[4]).await;
        assert_eq!(place(&promoted), json!(["ACTIVE", "PRIORITY", null]), "{engine:?}: the kept seat passes the first");
        assert_eq!(place(&enrollment(app, &people[3], &enrollments[3]).await), json!(["WAITLISTED", null, 1]));
        assert_promotion_mailed(app, &people[4]).await;

        success(&decide(app, &room.instructor, &enrollments[4], false).await, "decideEnrollment");
        assert_eq!(place(&enrollment(app, &people[3], &enrollments[3]).await), json!(["WAITLISTED", null, 1]));
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([2, 1, 1]), "{engine:?}: the seat is kept again");

        success(&withdraw(app, &people[1], &enrollments[1]).await, "withdrawEnrollment");
        let seated = enrollment(app, &people[3], &enrollments[3]).await;
        assert_eq!(place(&seated), json!(["ACTIVE", "GENERAL", null]), "{engine:?}: a general seat for the first");
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([2, 1, 0]), "{engine:?}");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn requests_hold_no_seat_until_an_instructor_decides() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": 1, "requiresApproval": true })).await;
        let [amina, baraka, chidi] = [
            room.participant("Amina", Some("KE")).await,
            room.participant("Baraka", Some("FR")).await,
            room.participant("Chidi", None).await,
        ];
        let first = enroll(app, &amina, &cohort_id).await;
        let second = enroll(app, &baraka, &cohort_id).await;
        for request in [&first, &second] {
            assert_eq!(place(request), json!(["PENDING_APPROVAL", null, null]), "{engine:?}");
        }
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([0, 1, 0]), "{engine:?}: requests hold no seat");
        let pending =
            every_page(app, &room.instructor, ROSTER, json!({ "id": cohort_id, "status": "PENDING_APPROVAL" })).await;
        assert_eq!(pending.len(), 2, "{engine:?}");

        let refused = decide(app, &amina, &first, true).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{engine:?}: a participant cannot decide: {refused}");

        let approved = decide(app, &room.instructor, &first, true).await;
        assert_eq!(place(success(&approved, "decideEnrollment")), json!(["ACTIVE", "GENERAL", null]), "{engine:?}");
        let again = decide(app, &room.instructor, &first, true).await;
        assert_eq!(error_code(&again), "CONFLICT", "{engine:?}: approving an active enrollment: {again}");
        let full = decide(app, &room.admin, &second, true).await;
        assert_eq!(place(success(&full, "decideEnrollment")), json!(["WAITLISTED", null, 1]), "{engine:?}");

        let third = enroll(app, &chidi, &cohort_id).await;
        let rejected = decide(app, &room.instructor, &third, false).await;
        assert_eq!(place(success(&rejected, "decideEnrollment")), json!(["REJECTED", null, null]), "{engine:?}");
        let late = decide(app, &room.instructor, &third, true).await;
        assert_eq!(error_code(&late), "CONFLICT", "{engine:?}: approving a rejected request: {late}");

        let removed = decide(app, &room.instructor, &first, false).await;
        assert_eq!(place(success(&removed, "decideEnrollment")), json!(["REJECTED", null, null]), "{engine:?}");
        assert_eq!(place(&enrollment(app, &baraka, &second).await), json!(["ACTIVE", "GENERAL", null]), "{engine:?}");
        assert_promotion_mailed(app, &baraka).await;
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([1, 0, 0]), "{engine:?}");
        let retry = try_enroll(app, &amina.token, &cohort_id).await;
        assert_eq!(error_code(&retry), "CONFLICT", "{engine:?}: a rejected participant cannot ask again: {retry}");

        let admin = &room.admin;
        assert_eq!(audit_count(app, admin, "enrollment.approve", None).await, 2, "{engine:?}");
        assert_eq!(audit_count(app, admin, "enrollment.reject", None).await, 2, "{engine:?}");
        let first_id = first["id"].as_str().expect("an id");
        assert_eq!(audit_count(app, admin, "enrollment.reject", Some(first_id)).await, 1, "{engine:?}");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn a_larger_capacity_promotes_from_the_waitlist_and_a_capacity_below_the_seats_taken_is_refused() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": 1 })).await;
        let people = [
            room.participant("Amina", Some("FR")).await,
            room.participant("Baraka", Some("FR")).await,
            room.participant("Chidi", Some("DE")).await,
            room.participant("Dalia", None).await,
        ];
        let mut enrollments = Vec::new();
        for person in &people {
            enrollments.push(enroll(app, person, &cohort_id).await);
        }

        let participant = app
            .graphql_as(&people[3].token, UPDATE_COHORT, json!({ "input": { "id": cohort_id, "capacity": 10 } }))
            .await;
        assert_eq!(error_code(&participant), "FORBIDDEN", "{engine:?}: {participant}");
        let raised = app
            .graphql_as(&room.instructor.token, UPDATE_COHORT, json!({ "input": { "id": cohort_id, "capacity": 3 } }))
            .await;
        let raised = success(&raised, "updateCohort");
        assert_eq!(raised["capacity"], 3);
        assert_eq!(counts(raised), json!([3, 0, 1]), "{engine:?}: the same request promoted two");
        let places: Vec<Value> = join_all(people.iter().zip(&enrollments).map(|(p, e)| enrollment(app, p, e))).await;
        assert_eq!(
            places.iter().map(place).collect::<Vec<_>>(),
            [
                json!(["ACTIVE", "GENERAL", null]),
                json!(["ACTIVE", "GENERAL", null]),
                json!(["ACTIVE", "GENERAL", null]),
                json!(["WAITLISTED", null, 1])
            ],
            "{engine:?}: promoted in waitlist order"
        );
        assert_promotion_mailed(app, &people[1]).await;
        assert_promotion_mailed(app, &people[2]).await;
        assert_eq!(promotions_mailed(app, &people[3]).await, 0);

        let lowered = app
            .graphql_as(&room.admin.token, UPDATE_COHORT, json!({ "input": { "id": cohort_id, "capacity": 2 } }))
            .await;
        assert_eq!(error_code(&lowered), "VALIDATION", "{engine:?}: {lowered}");
        assert_eq!(error_field(&lowered), "capacity", "{lowered}");
        let too_many_kept = json!({ "input": { "id": cohort_id, "capacity": 4, "prioritySeats": 5 } });
        let too_many_kept = app.graphql_as(&room.admin.token, UPDATE_COHORT, too_many_kept).await;
        assert_eq!(error_field(&too_many_kept), "prioritySeats", "{engine:?}: {too_many_kept}");
        let other_instructor = Person::verified(app, "safety.teacher@example.org", "Safety Teacher", "en").await;
        grant_instructor(app, &room.admin, &other_instructor, Some(OTHER_COURSE)).await;
        let outsider = app
            .graphql_as(&other_instructor.token, UPDATE_COHORT, json!({ "input": { "id": cohort_id, "capacity": 9 } }))
            .await;
        assert_eq!(error_code(&outsider), "FORBIDDEN", "{engine:?}: {outsider}");
        assert_eq!(cohort(app, &cohort_id).await["capacity"], 3, "{engine:?}: nothing changed");
        assert_eq!(audit_count(app, &room.admin, "cohort.update", Some(&cohort_id)).await, 1, "{engine:?}");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn kept_seats_stay_kept_when_capacity_grows_and_go_to_the_waitlist_when_enrollment_closes_early() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": 2, "prioritySeats": 1 })).await;
        let people = room.crowd("Person", &[Some("FR"), Some("DE"), Some("FR")]).await;
        let mut enrollments = Vec::new();
        for person in &people {
            enrollments.push(enroll(app, person, &cohort_id).await);
        }
        assert_eq!(enrollments[2]["waitlistPosition"], 2, "{engine:?}");

        let update = |input: Value| app.graphql_as(&room.instructor.token, UPDATE_COHORT, json!({ "input": input }));
        let raised = update(json!({ "id": cohort_id, "capacity": 3 })).await;
        assert_eq!(counts(success(&raised, "updateCohort")), json!([2, 1, 1]), "{engine:?}: one general seat more");
        assert_eq!(place(&enrollment(app, &people[1], &enrollments[1]).await), json!(["ACTIVE", "GENERAL", null]));
        assert_eq!(place(&enrollment(app, &people[2], &enrollments[2]).await), json!(["WAITLISTED", null, 1]));

        let closed = update(json!({ "id": cohort_id, "enrollmentClosesAt": from_now(-60) })).await;
        assert_eq!(counts(success(&closed, "updateCohort")), json!([3, 0, 0]), "{engine:?}: {closed}");
        assert_eq!(place(&enrollment(app, &people[2], &enrollments[2]).await), json!(["ACTIVE", "PRIORITY", null]));
        assert_promotion_mailed(app, &people[2]).await;
        assert_eq!(cohort(app, &cohort_id).await["enrollmentOpen"], false, "{engine:?}");

        let fewer_kept = room.cohort(json!({ "capacity": 2, "prioritySeats": 1 })).await;
        let [claire, hans] = [&people[0], &people[1]];
        enroll(app, claire, &fewer_kept).await;
        let waiting = enroll(app, hans, &fewer_kept).await;
        assert_eq!(place(&waiting), json!(["WAITLISTED", null, 1]), "{engine:?}");
        let unkept = update(json!({ "id": fewer_kept, "prioritySeats": 0 })).await;
        assert_eq!(counts(success(&unkept, "updateCohort")), json!([2, 0, 0]), "{engine:?}: {unkept}");
        assert_eq!(place(&enrollment(app, hans, &waiting).await), json!(["ACTIVE", "GENERAL", null]), "{engine:?}");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn free_priority_seats_go_to_the_waitlist_once_enrollment_has_closed() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let claire = room.participant("Claire", Some("FR")).await;
        let hans = room.participant("Hans", Some("DE")).await;
        let marie = room.participant("Marie", Some("FR")).await;
        let cohort_id = room.cohort(json!({ "capacity": 2, "prioritySeats": 1 })).await;
        assert_eq!(place(&enroll(app, &claire, &cohort_id).await), json!(["ACTIVE", "GENERAL", null]), "{engine:?}");
        let hans_enrollment = enroll(app, &hans, &cohort_id).await;
        assert_eq!(place(&hans_enrollment), json!(["WAITLISTED", null, 1]), "{engine:?}: the priority seat is kept");
        let marie_enrollment = enroll(app, &marie, &cohort_id).await;
        assert_eq!(place(&marie_enrollment), json!(["WAITLISTED", null, 2]), "{engine:?}");

        let closes = room.close_enrollment_soon(&cohort_id).await;
        wait_until(&closes).await;

        let settled = cohort(app, &cohort_id).await;
        assert_eq!(settled["enrollmentOpen"], false, "{engine:?}");
        assert_eq!(counts(&settled), json!([2, 0, 1]), "{engine:?}: reading settled the seats");
        assert_eq!(place(&enrollment(app, &hans, &hans_enrollment).await), json!(["ACTIVE", "PRIORITY", null]));
        assert_eq!(place(&enrollment(app, &marie, &marie_enrollment).await), json!(["WAITLISTED", null, 1]));
        assert_promotion_mailed(app, &hans).await;
        assert_eq!(promotions_mailed(app, &marie).await, 0);

        let late = try_enroll(app, &room.participant("Kamau", Some("KE")).await.token, &cohort_id).await;
        assert_eq!(error_code(&late), "ENROLLMENT_CLOSED", "{engine:?}: {late}");
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([2, 0, 1]), "{engine:?}: settled once");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn the_sweeper_releases_kept_seats_without_anyone_reading_the_cohort() {
    for engine in engines() {
        let mut room = Classroom::open(engine).await;
        let claire = room.participant("Claire", Some("FR")).await;
        let hans = room.participant("Hans", Some("DE")).await;
        let cohort_id = room.cohort(json!({ "capacity": 2, "prioritySeats": 1 })).await;
        enroll(&room.app, &claire, &cohort_id).await;
        let waiting = enroll(&room.app, &hans, &cohort_id).await;
        assert_eq!(place(&waiting), json!(["WAITLISTED", null, 1]), "{engine:?}");
        let closes = room.close_enrollment_soon(&cohort_id).await;
        wait_until(&closes).await;

        // A server runs the sweeper as it starts, then every minute; reading an enrollment (not
        // the cohort) settles nothing by itself.
        room.app.restart().await;
        let mut seen = Value::Null;
        for _ in 0..50 {
            seen = enrollment(&room.app, &hans, &waiting).await;
            if seen["status"] == "ACTIVE" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(place(&seen), json!(["ACTIVE", "PRIORITY", null]), "{engine:?}: the sweeper promoted Hans");
        assert_promotion_mailed(&room.app, &hans).await;
        room.app.stop().await;
    }
}

/// Everyone in `people` enrolls at the same moment, each with their own token; the enrollments
/// (in the order of `people`) and how long the burst took.
async fn burst(app: &TestApp, people: &[Person], cohort: &str) -> (Vec<Value>, Duration) {
    let started = Instant::now();
    let responses = join_all(people.iter().map(|person| try_enroll(app, &person.token, cohort))).await;
    let elapsed = started.elapsed();
    (responses.iter().map(|response| success(response, "enroll").clone()).collect(), elapsed)
}

fn print_rate(label: &str, engine: Engine, n: usize, elapsed: Duration) {
    let rate = n as f64 / elapsed.as_secs_f64();
    eprintln!("{label}: {n} enrollments in {} ms on {engine:?} = {rate:.0}/s", elapsed.as_millis());
}

/// The waitlist positions of `enrollments`, sorted.
fn positions(enrollments: &[&Value]) -> Vec<i64> {
    let mut positions: Vec<i64> = enrollments
        .iter()
        .map(|e| e["waitlistPosition"].as_i64().unwrap_or_else(|| panic!("no position: {e}")))
        .collect();
    positions.sort_unstable();
    positions
}

fn with_status<'a>(enrollments: &'a [Value], status: &str) -> Vec<&'a Value> {
    enrollments.iter().filter(|e| e["status"] == status).collect()
}

#[tokio::test]
async fn concurrent_enrollments_for_the_last_seat_give_it_to_exactly_one_person() {
    const N: usize = 20;
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": 1 })).await;
        let people = room.crowd("Racer", &[None; N]).await;

        let (enrollments, elapsed) = burst(app, &people, &cohort_id).await;
        print_rate("race", engine, N, elapsed);
        let active = with_status(&enrollments, "ACTIVE");
        assert_eq!(active.len(), 1, "{engine:?}: exactly one seat: {enrollments:?}");
        assert_eq!(active[0]["seat"], "GENERAL");
        let waiting = with_status(&enrollments, "WAITLISTED");
        assert_eq!(waiting.len(), N - 1, "{engine:?}: {enrollments:?}");
        assert_eq!(positions(&waiting), (1..N as i64).collect::<Vec<_>>(), "{engine:?}: distinct positions");

        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([1, 0, N - 1]), "{engine:?}");
        let listed = waitlist(&room, &cohort_id).await;
        assert_eq!(listed.iter().map(|(_, n)| *n).collect::<Vec<_>>(), (1..N as i64).collect::<Vec<_>>());
        room.app.stop().await;
    }
}

#[tokio::test]
async fn a_burst_of_two_hundred_enrollments_fills_general_and_priority_seats_exactly() {
    const N: usize = 200;
    const CAPACITY: usize = 50;
    const PRIORITY: usize = 10;
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": CAPACITY, "prioritySeats": PRIORITY })).await;
        let countries: Vec<Option<&str>> = (0..N).map(|i| Some(if i % 2 == 0 { "KE" } else { "FR" })).collect();
        let people = room.crowd("Crowd", &countries).await;

        let (enrollments, elapsed) = burst(app, &people, &cohort_id).await;
        print_rate("burst", engine, N, elapsed);
        for (i, enrollment) in enrollments.iter().enumerate() {
            assert_eq!(enrollment["priorityEligible"], i % 2 == 0, "{engine:?}: {enrollment}");
        }
        let active = with_status(&enrollments, "ACTIVE");
        assert_eq!(active.len(), CAPACITY, "{engine:?}");
        let priority: Vec<&&Value> = active.iter().filter(|e| e["seat"] == "PRIORITY").collect();
        assert_eq!(priority.len(), PRIORITY, "{engine:?}: 100 eligible people enrolled while the seats were kept");
        assert!(priority.iter().all(|e| e["priorityEligible"] == true), "{engine:?}: {priority:?}");
        let waiting = with_status(&enrollments, "WAITLISTED");
        assert_eq!(waiting.len(), N - CAPACITY, "{engine:?}");
        let expected: Vec<i64> = (1..=(N - CAPACITY) as i64).collect();
        assert_eq!(positions(&waiting), expected, "{engine:?}: no gaps, no duplicates");

        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([CAPACITY, 0, N - CAPACITY]), "{engine:?}");
        let seated = every_page(app, &room.instructor, ROSTER, json!({ "id": cohort_id, "status": "ACTIVE" })).await;
        assert_eq!(seated.iter().filter(|e| e["seat"] == "PRIORITY").count(), PRIORITY, "{engine:?}");
        let listed = waitlist(&room, &cohort_id).await;
        assert_eq!(listed.iter().map(|(_, n)| *n).collect::<Vec<_>>(), expected, "{engine:?}: listed in order");
        let counted = report(app, &room.admin, &cohort_id).await;
        let income = rows(&counted, "byIncomeGroup");
        assert_eq!(income["LOWER_MIDDLE"][0] + income["HIGH"][0], CAPACITY as i64, "{engine:?}: {counted}");
        assert_eq!(income["LOWER_MIDDLE"][1] + income["HIGH"][1], (N - CAPACITY) as i64, "{engine:?}: {counted}");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn concurrent_double_clicks_withdrawals_and_decisions_keep_seats_and_positions_consistent() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;

        let clicked = room.cohort(json!({ "capacity": 5 })).await;
        let amina = room.participant("Amina", Some("KE")).await;
        let twice = join_all([try_enroll(app, &amina.token, &clicked), try_enroll(app, &amina.token, &clicked)]).await;
        let outcomes: BTreeSet<&str> =
            twice.iter().map(|r| if r["errors"].is_null() { "enrolled" } else { error_code(r) }).collect();
        assert_eq!(outcomes, BTreeSet::from(["CONFLICT", "enrolled"]), "{engine:?}: {twice:?}");
        assert_eq!(counts(&cohort(app, &clicked).await), json!([1, 4, 0]), "{engine:?}: one seat for a double click");

        let withdrawn = room.cohort(json!({ "capacity": 5 })).await;
        let people = room.crowd("Person", &[None; 15]).await;
        let mut enrollments = Vec::new();
        for person in &people {
            enrollments.push(enroll(app, person, &withdrawn).await);
        }
        let leaving = join_all((0..5).map(|i| withdraw(app, &people[i], &enrollments[i]))).await;
        assert!(leaving.iter().all(|r| r["errors"].is_null()), "{engine:?}: {leaving:?}");
        assert_eq!(counts(&cohort(app, &withdrawn).await), json!([5, 0, 5]), "{engine:?}");
        for i in 5..15 {
            let now = enrollment(app, &people[i], &enrollments[i]).await;
            let expected = if i < 10 { json!(["ACTIVE", "GENERAL", null]) } else { json!(["WAITLISTED", null, i - 9]) };
            assert_eq!(place(&now), expected, "{engine:?}: person {i}");
            assert_eq!(promotions_mailed(app, &people[i]).await, usize::from(i < 10), "{engine:?}: person {i}");
        }

        let decided = room.cohort(json!({ "capacity": 2, "requiresApproval": true })).await;
        let applicants = room.crowd("Applicant", &[None; 7]).await;
        let mut requests = Vec::new();
        for person in &applicants {
            requests.push(enroll(app, person, &decided).await);
        }
        let approvals = join_all(requests[..6].iter().map(|r| decide(app, &room.instructor, r, true))).await;
        let approved: Vec<Value> = approvals.iter().map(|r| success(r, "decideEnrollment").clone()).collect();
        assert_eq!(with_status(&approved, "ACTIVE").len(), 2, "{engine:?}: {approved:?}");
        assert_eq!(positions(&with_status(&approved, "WAITLISTED")), [1, 2, 3, 4], "{engine:?}: {approved:?}");

        let both =
            join_all([decide(app, &room.instructor, &requests[6], true), decide(app, &room.admin, &requests[6], true)])
                .await;
        let outcomes: BTreeSet<&str> =
            both.iter().map(|r| if r["errors"].is_null() { "approved" } else { error_code(r) }).collect();
        assert_eq!(outcomes, BTreeSet::from(["CONFLICT", "approved"]), "{engine:?}: {both:?}");
        let request_id = requests[6]["id"].as_str().expect("an id");
        assert_eq!(audit_count(app, &room.admin, "enrollment.approve", Some(request_id)).await, 1, "{engine:?}");
        assert_eq!(counts(&cohort(app, &decided).await), json!([2, 0, 5]), "{engine:?}");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn many_readers_at_the_close_of_enrollment_release_the_kept_seats_once() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let people = room.crowd("Person", &[Some("FR"), Some("DE"), Some("FR"), None]).await;
        let cohort_id = room.cohort(json!({ "capacity": 3, "prioritySeats": 2 })).await;
        let mut enrollments = Vec::new();
        for person in &people {
            enrollments.push(enroll(app, person, &cohort_id).await);
        }
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([1, 2, 3]), "{engine:?}: two seats kept");
        let closes = room.close_enrollment_soon(&cohort_id).await;
        wait_until(&closes).await;

        let reads = join_all((0..20).map(|_| app.graphql(COHORT, json!({ "id": cohort_id })))).await;
        for read in &reads {
            assert_eq!(counts(success(read, "cohort")), json!([3, 0, 1]), "{engine:?}: every reader sees it settled");
        }
        let places: Vec<Value> = join_all(people.iter().zip(&enrollments).map(|(p, e)| enrollment(app, p, e)))
            .await
            .iter()
            .map(place)
            .collect();
        assert_eq!(
            places,
            [
                json!(["ACTIVE", "GENERAL", null]),
                json!(["ACTIVE", "PRIORITY", null]),
                json!(["ACTIVE", "PRIORITY", null]),
                json!(["WAITLISTED", null, 1])
            ],
            "{engine:?}"
        );
        for (i, person) in people.iter().enumerate() {
            assert_eq!(promotions_mailed(app, person).await, usize::from(i == 1 || i == 2), "{engine:?}: person {i}");
        }
        room.app.stop().await;
    }
}

#[tokio::test]
async fn rosters_waitlists_and_reports_are_for_the_courses_instructors_and_admins() {
    const EVERYTHING: &str = "query($id: ID!) { cohort(id: $id) {
      roster { totalCount edges { node { status participant { displayName } } } }
      waitlist { totalCount edges { node { status waitlistPosition participant { displayName } } } }
      report { total { enrolled } byIncomeGroup { group enrolled } byRegion { group enrolled } } } }";
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let other_instructor = Person::verified(app, "safety.teacher@example.org", "Safety Teacher", "en").await;
        grant_instructor(app, &room.admin, &other_instructor, Some(OTHER_COURSE)).await;
        let cohort_id = room.cohort(json!({ "capacity": 1 })).await;
        let amina = room.participant("Amina", Some("KE")).await;
        let claire = room.participant("Claire", Some("FR")).await;
        let amina_enrollment = enroll(app, &amina, &cohort_id).await;
        let claire_enrollment = enroll(app, &claire, &cohort_id).await;

        for viewer in [&room.instructor, &room.admin] {
            let response = app.graphql_as(&viewer.token, EVERYTHING, json!({ "id": cohort_id })).await;
            let cohort = success(&response, "cohort");
            assert_eq!(cohort["roster"]["totalCount"], 2, "{engine:?}: {}", viewer.email);
            let names: Vec<&Value> = cohort["roster"]["edges"]
                .as_array()
                .expect("edges")
                .iter()
                .map(|e| &e["node"]["participant"]["displayName"])
                .collect();
            assert_eq!(names, [&json!("Amina"), &json!("Claire")]);
            assert_eq!(cohort["waitlist"]["totalCount"], 1);
            assert_eq!(cohort["waitlist"]["edges"][0]["node"]["waitlistPosition"], 1);
            assert_eq!(cohort["waitlist"]["edges"][0]["node"]["participant"]["displayName"], "Claire");
            assert_eq!(cohort["report"]["total"]["enrolled"], 1);
            let income = &cohort["report"]["byIncomeGroup"];
            assert_eq!(
                income,
                &json!([{ "group": "HIGH", "enrolled": 0 }, { "group": "LOWER_MIDDLE", "enrolled": 1 }])
            );
        }

        for field in ["roster { totalCount }", "waitlist { totalCount }", "report { total { enrolled } }"] {
            let query = format!("query($id: ID!) {{ cohort(id: $id) {{ seatsTaken {field} }} }}");
            for (viewer, who) in [(&amina, "a participant"), (&other_instructor, "an instructor of another course")] {
                let response = app.graphql_as(&viewer.token, &query, json!({ "id": cohort_id })).await;
                assert_eq!(error_code(&response), "FORBIDDEN", "{engine:?}: {who}: {field}: {response}");
                let name = field.split(' ').next().expect("a field name");
                assert_eq!(response["errors"][0]["path"], json!(["cohort", name]), "{response}");
            }
            let anonymous = app.graphql(&query, json!({ "id": cohort_id })).await;
            assert_eq!(error_code(&anonymous), "UNAUTHENTICATED", "{engine:?}: {field}: {anonymous}");
        }
        assert_eq!(counts(&cohort(app, &cohort_id).await), json!([1, 0, 1]), "{engine:?}: the counts are public");

        assert!(enrollment(app, &claire, &amina_enrollment).await.is_null(), "{engine:?}: another participant's");
        assert!(enrollment(app, &other_instructor, &amina_enrollment).await.is_null(), "{engine:?}: another course's");
        assert_eq!(enrollment(app, &amina, &amina_enrollment).await["id"], amina_enrollment["id"], "{engine:?}");
        assert_eq!(enrollment(app, &room.instructor, &amina_enrollment).await["id"], amina_enrollment["id"]);
        let anonymous = app.graphql(ENROLLMENT, json!({ "id": amina_enrollment["id"] })).await;
        assert!(anonymous["data"]["node"].is_null(), "{engine:?}: {anonymous}");

        let second_cohort = room.cohort(json!({ "name": "Autumn cohort, online" })).await;
        let second = enroll(app, &amina, &second_cohort).await;
        let mine = "{ myEnrollments { id status cohort { name } } }";
        let amina_mine = app.graphql_as(&amina.token, mine, json!({})).await;
        let ids: Vec<&Value> =
            success(&amina_mine, "myEnrollments").as_array().expect("a list").iter().map(|e| &e["id"]).collect();
        assert_eq!(ids, [&second["id"], &amina_enrollment["id"]], "{engine:?}: newest first, only her own");
        let claire_mine = app.graphql_as(&claire.token, mine, json!({})).await;
        let ids: Vec<&Value> =
            success(&claire_mine, "myEnrollments").as_array().expect("a list").iter().map(|e| &e["id"]).collect();
        assert_eq!(ids, [&claire_enrollment["id"]], "{engine:?}");
        let nobody = app.graphql(mine, json!({})).await;
        assert_eq!(error_code(&nobody), "UNAUTHENTICATED", "{engine:?}: {nobody}");
        let my_enrollment = "query($id: ID!) { cohort(id: $id) { myEnrollment { id } } }";
        let own = app.graphql_as(&claire.token, my_enrollment, json!({ "id": cohort_id })).await;
        assert_eq!(success(&own, "cohort")["myEnrollment"]["id"], claire_enrollment["id"], "{engine:?}");
        room.app.stop().await;
    }
}

#[tokio::test]
async fn the_report_counts_participants_by_income_group_and_region_at_enrollment() {
    for engine in engines() {
        let room = Classroom::open(engine).await;
        let app = &room.app;
        let cohort_id = room.cohort(json!({ "capacity": 4 })).await;
        let participants = [
            ("Kamau", Some("KE")),
            ("Okello", Some("UG")),
            ("Claire", Some("FR")),
            ("Abebe", Some("ET")),
            ("Sam", None),
        ];
        let mut enrollments = BTreeMap::new();
        for (name, country) in participants {
            let person = room.participant(name, country).await;
            enrollments.insert(name, enroll(app, &person, &cohort_id).await);
        }
        assert_eq!(enrollments["Sam"]["status"], "WAITLISTED", "{engine:?}");
        // Ethiopia is unclassified in the World Bank's FY2026 list (see the countries data): it
        // counts in its region but in no income group, and gives no priority.
        let abebe = &enrollments["Abebe"];
        assert_eq!(
            [&abebe["country"], &abebe["incomeGroup"], &abebe["priorityEligible"]],
            [&json!("ET"), &json!(null), &json!(false)]
        );

        let counted = report(app, &room.admin, &cohort_id).await;
        assert_eq!(counted["total"], json!({ "group": "ALL", "enrolled": 4, "waitlisted": 1 }), "{engine:?}");
        assert_eq!(
            rows(&counted, "byIncomeGroup"),
            groups(&[("LOWER_MIDDLE", [1, 0]), ("LOW", [1, 0]), ("HIGH", [1, 0]), ("UNKNOWN", [1, 1])]),
            "{engine:?}: {counted}"
        );
        assert_eq!(
            rows(&counted, "byRegion"),
            groups(&[("AFRICA", [3, 0]), ("EUROPE", [1, 0]), ("UNKNOWN", [0, 1])]),
            "{engine:?}: {counted}"
        );
        assert_eq!(
            report(app, &room.instructor, &cohort_id).await,
            counted,
            "{engine:?}: the instructor reads the same"
        );
        room.app.stop().await;
    }
}
