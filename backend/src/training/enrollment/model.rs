//! Rows of the cohort, enrollment, progress and certificate tables, and their vocabularies.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{certificates, cohorts, enrollments, quiz_attempts};
use crate::identity::countries::model::IncomeGroup;
use crate::identity::model::UserId;
use crate::training::model::{CourseId, QuizId};
use crate::{stored_enum, typed_id};

typed_id!(
    /// The ID of a cohort.
    CohortId
);
typed_id!(
    /// The ID of an enrollment.
    EnrollmentId
);
typed_id!(
    /// The ID of a quiz attempt.
    QuizAttemptId
);
typed_id!(
    /// The ID of a certificate (its public name is its code).
    CertificateId
);

stored_enum!(
    /// Where an enrollment is in its life.
    EnrollmentStatus {
        /// Waiting for an instructor's decision; holds no seat.
        PendingApproval => "PENDING_APPROVAL",
        /// Holds a seat and is taking the course.
        Active => "ACTIVE",
        /// Waiting for a seat, at a visible position.
        Waitlisted => "WAITLISTED",
        /// Every lesson done and every quiz passed; the certificate is issued.
        Completed => "COMPLETED",
        /// Left by the participant.
        Withdrawn => "WITHDRAWN",
        /// Declined by an instructor.
        Rejected => "REJECTED",
    }
);

stored_enum!(
    /// The kind of seat an enrollment holds.
    SeatKind {
        /// One of the seats kept for participants from low- and lower-middle-income countries.
        Priority => "PRIORITY",
        /// Any other seat.
        General => "GENERAL",
    }
);

/// A cohort: one run of a course with its dates and seats.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cohorts)]
#[diesel(treat_none_as_default_value = false)]
pub struct Cohort {
    pub id: CohortId,
    pub course_id: CourseId,
    pub name: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub enrollment_opens_at: NaiveDateTime,
    pub enrollment_closes_at: NaiveDateTime,
    pub capacity: i32,
    pub priority_seats: i32,
    pub requires_approval: bool,
    pub priority_released_at: Option<NaiveDateTime>,
    pub created_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Cohort {
    /// Whether enrolling is possible at `at`: from the opening time, until (excluding) the closing time.
    pub fn enrollment_open_at(&self, at: NaiveDateTime) -> bool {
        self.enrollment_opens_at <= at && at < self.enrollment_closes_at
    }

    /// Whether the priority seats still free should go to the waitlist: the window has closed
    /// and that has not been done yet.
    pub fn priority_release_due(&self, at: NaiveDateTime) -> bool {
        self.priority_released_at.is_none() && at >= self.enrollment_closes_at
    }
}

/// Someone's enrollment in a cohort.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = enrollments)]
#[serde(rename_all = "camelCase")]
#[diesel(treat_none_as_default_value = false)]
pub struct Enrollment {
    pub id: EnrollmentId,
    pub cohort_id: CohortId,
    pub user_id: UserId,
    pub status: String,
    /// `PRIORITY` or `GENERAL` while the enrollment holds a seat (ACTIVE, COMPLETED).
    pub seat: Option<String>,
    /// Whether the participant's country was low- or lower-middle-income when they enrolled.
    pub priority_eligible: bool,
    /// The participant's country when they enrolled, with its income group and UN region then.
    pub country_code: Option<String>,
    pub income_group: Option<String>,
    pub region: Option<String>,
    pub motivation: Option<String>,
    /// Orders the waitlist: smaller numbers are promoted first.
    pub waitlist_number: Option<i32>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<NaiveDateTime>,
    pub seated_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Enrollment {
    pub fn status(&self) -> EnrollmentStatus {
        EnrollmentStatus::from_stored(&self.status).unwrap_or(EnrollmentStatus::Withdrawn)
    }

    pub fn seat(&self) -> Option<SeatKind> {
        self.seat.as_deref().and_then(SeatKind::from_stored)
    }

    pub fn income_group(&self) -> Option<IncomeGroup> {
        self.income_group.as_deref().and_then(IncomeGroup::from_stored)
    }
}

/// One submitted attempt at a quiz, graded.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = quiz_attempts)]
#[serde(rename_all = "camelCase")]
pub struct QuizAttempt {
    pub id: QuizAttemptId,
    pub enrollment_id: EnrollmentId,
    pub quiz_id: QuizId,
    /// 1 for the first attempt.
    pub attempt: i32,
    /// The version of the quiz the attempt answered.
    pub quiz_version: i32,
    /// JSON: question id → the chosen choice ids.
    pub answers: String,
    pub score: i32,
    pub max_score: i32,
    pub passed: bool,
    pub submitted_at: NaiveDateTime,
}

impl QuizAttempt {
    /// The answers by question id.
    pub fn answers(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        serde_json::from_str(&self.answers).unwrap_or_default()
    }
}

/// A certificate: what completing a course earned.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = certificates)]
#[serde(rename_all = "camelCase")]
#[diesel(treat_none_as_default_value = false)]
pub struct Certificate {
    pub id: CertificateId,
    /// The short public code (CERT-XXXX-XXXX-XXXX).
    pub code: String,
    pub enrollment_id: EnrollmentId,
    pub user_id: UserId,
    pub course_id: CourseId,
    /// The language the certificate's texts were issued in.
    pub locale: String,
    /// The signed credential (VC-JWT); `None` once the holder has deleted their account.
    pub credential: Option<String>,
    pub issued_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revocation_reason: Option<String>,
    pub revoked_by: Option<UserId>,
}
