//! The input objects of the training mutations.

use async_graphql::{ID, InputObject};
use chrono::{DateTime, Utc};

use crate::training::progress::service::Answer;

/// A new cohort of a course.
#[derive(InputObject)]
pub struct CreateCohortInput {
    /// The course's slug.
    pub course_slug: String,
    /// A name that tells cohorts of the course apart (up to 200 characters).
    pub name: String,
    /// When the cohort starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends (after it starts).
    pub ends_at: DateTime<Utc>,
    /// From when people can enroll.
    pub enrollment_opens_at: DateTime<Utc>,
    /// Until when people can enroll (after it opens, no later than the end).
    pub enrollment_closes_at: DateTime<Utc>,
    /// How many seats (1 to 10,000).
    pub capacity: i32,
    /// How many of them are kept for participants from low- and lower-middle-income countries
    /// while enrollment is open (0 to `capacity`).
    #[graphql(default)]
    pub priority_seats: i32,
    /// Whether instructors approve each request before it gets a seat.
    #[graphql(default)]
    pub requires_approval: bool,
}

/// Changes to a cohort; fields left out stay as they are.
#[derive(InputObject)]
pub struct UpdateCohortInput {
    /// The cohort's ID.
    pub id: ID,
    /// A new name.
    pub name: Option<String>,
    /// A new start.
    pub starts_at: Option<DateTime<Utc>>,
    /// A new end.
    pub ends_at: Option<DateTime<Utc>>,
    /// A new opening of enrollment.
    pub enrollment_opens_at: Option<DateTime<Utc>>,
    /// A new closing of enrollment.
    pub enrollment_closes_at: Option<DateTime<Utc>>,
    /// A new number of seats, no lower than the seats taken; more seats promote from the
    /// waitlist at once.
    pub capacity: Option<i32>,
    /// A new number of priority seats.
    pub priority_seats: Option<i32>,
    /// Whether requests need approval from now on.
    pub requires_approval: Option<bool>,
}

/// The answer to one question of a quiz.
#[derive(InputObject)]
pub struct QuizAnswerInput {
    /// The question's ID in its quiz.
    pub question_id: String,
    /// The chosen choices' IDs (exactly one for a single-choice question).
    pub choice_ids: Vec<String>,
}

impl From<QuizAnswerInput> for Answer {
    fn from(input: QuizAnswerInput) -> Self {
        Self { question_id: input.question_id, choice_ids: input.choice_ids }
    }
}
