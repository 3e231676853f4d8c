//! Training set up the way its people set it up, over GraphQL: a server with the repository's
//! courses (or a copy of them), a platform admin, an instructor of [`COURSE`], the course's
//! lessons and quizzes (with right and wrong answers to each), cohorts, participants, and a
//! participant's way through the course to a certificate.

use std::path::Path;

use agora::graphql::node::GlobalId;
use agora::training::model::QuizId;
use chrono::Utc;
use serde_json::{Value, json};

use crate::consultation_fixture::{Person, id_in, success};
use crate::{Engine, TestApp, course_content_root};

/// The course every classroom teaches.
pub const COURSE: &str = "ai-risk-governance-foundations";
/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Creates a cohort and selects what the enrollment tests check.
pub const CREATE_COHORT: &str = "mutation($input: CreateCohortInput!) {
  createCohort(input: $input) { id name capacity prioritySeats requiresApproval enrollmentOpen enrollmentClosesAt
    seatsTaken seatsAvailable waitlistLength course { slug } }
}";
pub const UPDATE_COHORT: &str = "mutation($input: UpdateCohortInput!) {
  updateCohort(input: $input) { id capacity seatsTaken seatsAvailable waitlistLength }
}";
pub const COMPLETE_LESSON: &str = "mutation($enrollment: ID!, $lesson: ID!) {
  completeLesson(enrollmentId: $enrollment, lessonId: $lesson) {
    id status progress { percent lessonsCompleted lessonsTotal quizzesPassed quizzesTotal } } }";
pub const SUBMIT_QUIZ: &str = "mutation($enrollment: ID!, $quiz: ID!, $answers: [QuizAnswerInput!]!) {
  submitQuiz(enrollmentId: $enrollment, quizId: $quiz, answers: $answers) {
    id attempt score maxScore percent passed attemptsLeft
    results { questionId chosenChoiceIds correct correctChoiceIds explanation } } }";
/// An enrollment's progress and certificate, read with `node(id:)`.
pub const ENROLLMENT_PROGRESS: &str = "query($id: ID!) { node(id: $id) { ... on Enrollment {
  status completedAt progress { percent lessonsCompleted quizzesPassed } completedLessonIds
  certificate { code status credential verificationUrl issuedAt revokedAt revocationReason course { slug } } } } }";
const ENROLL: &str = "mutation($cohort: ID!) { enroll(cohortId: $cohort) { id status } }";

/// One engine's server with the courses, a platform admin, an instructor of [`COURSE`] and the
/// course's lessons and quizzes.
pub struct Classroom {
    pub app: TestApp,
    pub admin: Person,
    /// `INSTRUCTOR` of [`COURSE`].
    pub instructor: Person,
    /// The IDs of the course's lessons, in order.
    pub lessons: Vec<String>,
    /// Each quiz's ID with its right and one wrong set of answers.
    pub quizzes: Vec<Quiz>,
}

/// A quiz of [`COURSE`] and answers to it.
pub struct Quiz {
    pub id: String,
    pub max_attempts: i64,
    /// Every question answered right.
    pub right: Value,
    /// Every question answered wrong.
    pub wrong: Value,
}

impl Classroom {
    /// A classroom with the repository's courses.
    pub async fn open(engine: Engine) -> Self {
        Self::open_with(engine, &course_content_root(), &[]).await
    }

    /// A classroom with the courses in `content`; `overrides` are `AGORA_*` variables.
    pub async fn open_with(engine: Engine, content: &Path, overrides: &[(&str, &str)]) -> Self {
        let content = content.display().to_string();
        let mut settings = vec![("AGORA_COURSE_CONTENT", content.as_str())];
        settings.extend_from_slice(overrides);
        let app = TestApp::spawn_with(engine, &settings).await;
        let admin = Person::admin(&app, "admin@example.org").await;
        let instructor = Person::verified(&app, "teacher@example.org", "Teacher", "en").await;
        grant_instructor(&app, &admin, &instructor, Some(COURSE)).await;
        let mut classroom = Self { app, admin, instructor, lessons: Vec::new(), quizzes: Vec::new() };
        classroom.read_course().await;
        classroom
    }

    async fn read_course(&mut self) {
        let query =
            "query($slug: String!) { course(slug: $slug) { modules { lessons { id } quiz { id maxAttempts } } } }";
        let course = self.app.graphql(query, json!({ "slug": COURSE })).await;
        let modules = course["data"]["course"]["modules"].as_array().cloned().expect("the course is imported");
        self.lessons = modules
            .iter()
            .flat_map(|module| module["lessons"].as_array().cloned().unwrap_or_default())
            .map(|lesson| lesson["id"].as_str().expect("an ID").to_owned())
            .collect();
        self.quizzes.clear();
        for quiz in modules.iter().map(|module| &module["quiz"]).filter(|quiz| !quiz.is_null()) {
            let id = quiz["id"].as_str().expect("an ID").to_owned();
            let (right, wrong) = self.answers_to(&id).await;
            self.quizzes.push(Quiz { id, max_attempts: quiz["maxAttempts"].as_i64().expect("a number"), right, wrong });
        }
    }

    /// The right answers to a quiz (read from the stored quiz) and answers that get every
    /// question wrong.
    async fn answers_to(&self, quiz: &str) -> (Value, Value) {
        let key = GlobalId::decode(quiz).expect("a quiz ID").key;
        let stored = self
            .app
            .services
            .db
            .run(move |connection| Ok(agora::training::store::quizzes_by_id(connection, &[QuizId(key)])?))
            .await
            .expect("reading the quiz");
        let questions = stored[0].questions();
        let answers = |correct: bool| -> Value {
            questions
                .iter()
                .map(|question| {
                    let chosen: Vec<&str> = question
                        .choices
                        .iter()
                        .filter(|choice| choice.correct == correct)
                        .map(|choice| choice.id.as_str())
                        .take(if correct { usize::MAX } else { 1 })
                        .collect();
                    json!({ "questionId": question.id, "choiceIds": chosen })
                })
                .collect()
        };
        (answers(true), answers(false))
    }

    /// Creates a cohort as the course's instructor ([`cohort_input`] with `changes`).
    pub async fn create_cohort(&self, changes: Value) -> Value {
        let input = json!({ "input": cohort_input(changes) });
        let response = self.app.graphql_as(&self.instructor.token, CREATE_COHORT, input).await;
        success(&response, "createCohort").clone()
    }

    /// Creates a cohort as the course's instructor and returns its ID.
    pub async fn cohort(&self, changes: Value) -> String {
        id_in(&self.create_cohort(changes).await)
    }

    /// Moves the cohort's enrollment closing to one second from now (after the enrollments a
    /// test needs are made, however slow the machine) and returns the new closing time.
    pub async fn close_enrollment_soon(&self, cohort: &str) -> Value {
        let closes = from_now(1);
        let input = json!({ "input": { "id": cohort, "enrollmentClosesAt": closes } });
        success(&self.app.graphql_as(&self.instructor.token, UPDATE_COHORT, input).await, "updateCohort");
        json!(closes)
    }

    /// A verified participant named `name` (`name@example.org`, in English), from `country`
    /// (none if `None`).
    pub async fn participant(&self, name: &str, country: Option<&str>) -> Person {
        let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
        match country {
            Some(country) => Person::from_country(&self.app, &email, name, "en", country).await,
            None => Person::verified(&self.app, &email, name, "en").await,
        }
    }

    /// Participants named `{prefix} 0`, `{prefix} 1`…, one per entry of `countries`.
    pub async fn crowd(&self, prefix: &str, countries: &[Option<&str>]) -> Vec<Person> {
        let mut people = Vec::new();
        for (i, country) in countries.iter().enumerate() {
            people.push(self.participant(&format!("{prefix} {i}"), *country).await);
        }
        people
    }

    /// Enrolls the holder of `token` in `cohort`: the enrollment's ID and status.
    pub async fn enroll(&self, token: &str, cohort: &str) -> (String, String) {
        let enrolled = self.app.graphql_as(token, ENROLL, json!({ "cohort": cohort })).await;
        (text(&enrolled, &["enroll", "id"]), text(&enrolled, &["enroll", "status"]))
    }

    /// Completes a lesson of an enrollment: the whole response.
    pub async fn complete(&self, token: &str, enrollment: &str, lesson: &str) -> Value {
        self.app.graphql_as(token, COMPLETE_LESSON, json!({ "enrollment": enrollment, "lesson": lesson })).await
    }

    /// Submits answers to a quiz of an enrollment: the whole response.
    pub async fn submit(&self, token: &str, enrollment: &str, quiz: &str, answers: &Value) -> Value {
        let variables = json!({ "enrollment": enrollment, "quiz": quiz, "answers": answers });
        self.app.graphql_as(token, SUBMIT_QUIZ, variables).await
    }

    /// Completes every lesson and passes every quiz; the certificate's code.
    pub async fn finish(&self, token: &str, enrollment: &str) -> String {
        for lesson in &self.lessons {
            success(&self.complete(token, enrollment, lesson).await, "completeLesson");
        }
        for quiz in &self.quizzes {
            let submitted = self.submit(token, enrollment, &quiz.id, &quiz.right).await;
            assert_eq!(submitted["data"]["submitQuiz"]["passed"], true, "{submitted}");
        }
        let read = self.app.graphql_as(token, ENROLLMENT_PROGRESS, json!({ "id": enrollment })).await;
        assert_eq!(read["data"]["node"]["status"], "COMPLETED", "{read}");
        text(&read, &["node", "certificate", "code"])
    }
}

/// An RFC 3339 time `seconds` from now (in the past if negative).
pub fn from_now(seconds: i64) -> String {
    (Utc::now() + chrono::Duration::seconds(seconds)).to_rfc3339()
}

/// A cohort of [`COURSE`] with two general seats, open for enrollment for a week, starting in
/// two weeks; `changes` replace any of these.
pub fn cohort_input(changes: Value) -> Value {
    let mut input = json!({
        "courseSlug": COURSE,
        "name": "Spring cohort, Nairobi",
        "startsAt": from_now(14 * DAY),
        "endsAt": from_now(60 * DAY),
        "enrollmentOpensAt": from_now(-3600),
        "enrollmentClosesAt": from_now(7 * DAY),
        "capacity": 2,
        "prioritySeats": 0,
    });
    for (key, value) in changes.as_object().expect("an object of changes") {
        input[key] = value.clone();
    }
    input
}

/// A field of the course with slug `slug`, read anonymously.
pub async fn course_field(app: &TestApp, slug: &str, field: &str) -> String {
    let response =
        app.graphql("query($slug: String!) { course(slug: $slug) { id title } }", json!({ "slug": slug })).await;
    success(&response, "course")[field].as_str().expect("a string").to_owned()
}

/// Grants `INSTRUCTOR` to `user`, for the course with slug `course`, or platform-wide.
pub async fn grant_instructor(app: &TestApp, admin: &Person, user: &Person, course: Option<&str>) {
    let scope = match course {
        Some(slug) => Value::String(course_field(app, slug, "id").await),
        None => Value::Null,
    };
    let grant =
        "mutation($user: ID!, $scope: ID) { grantRole(userId: $user, role: INSTRUCTOR, scopeId: $scope) { id } }";
    success(&app.graphql_as(&admin.token, grant, json!({ "user": user.id, "scope": scope })).await, "grantRole");
}

/// The text at `path` under a response's `data` (panics with the response if there is none).
pub fn text(response: &Value, path: &[&str]) -> String {
    let at = path.iter().fold(&response["data"], |value, step| &value[*step]);
    at.as_str().unwrap_or_else(|| panic!("no text at {path:?}: {response}")).to_owned()
}
