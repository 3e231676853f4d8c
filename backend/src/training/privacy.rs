//! What the training tables hold about one person, for `exportMyData` and `deleteMyAccount`.
//!
//! On deletion, the person first leaves every cohort they wait in or hold a seat in, and the
//! seats go to the waitlists as on any withdrawal ([`withdraw_everywhere`]). Then
//! [`erase`] removes their motivations, progress and quiz answers, and the signed credentials of
//! their certificates (which name them); the enrollment rows stay with the emptied account,
//! holding only the country data the cohort reports count, and a certificate's code keeps
//! answering with its course and date, without a name. References that only record who did an
//! instructor's work (created a cohort, decided a request, revoked a certificate) are cleared.

use diesel::prelude::*;
use serde_json::{Value, json};

use crate::db::DbConnection;
use crate::db::schema::{certificates, cohorts, enrollments, lesson_completions, quiz_attempts};
use crate::error::AppResult;
use crate::identity::model::UserId;
use crate::mail::Mailer;
use crate::training::enrollment::model::{Certificate, Enrollment, QuizAttempt};
use crate::training::enrollment::service::{is_open, withdraw_locked};
use crate::training::enrollment::store;

/// The person's enrollments, completed lessons, quiz attempts and certificates, and the cohorts
/// they created as an instructor.
pub fn export(connection: &mut DbConnection, user: &UserId) -> QueryResult<Value> {
    let own = enrollments::table.filter(enrollments::user_id.eq(user)).select(enrollments::id);
    let enrolled: Vec<Enrollment> = enrollments::table
        .filter(enrollments::user_id.eq(user))
        .order(enrollments::id)
        .select(Enrollment::as_select())
        .load(connection)?;
    let lessons: Vec<(String, String, chrono::NaiveDateTime)> = lesson_completions::table
        .filter(lesson_completions::enrollment_id.eq_any(own))
        .select((lesson_completions::enrollment_id, lesson_completions::lesson_id, lesson_completions::completed_at))
        .load(connection)?;
    let attempts: Vec<QuizAttempt> = quiz_attempts::table
        .filter(quiz_attempts::enrollment_id.eq_any(own))
        .order((quiz_attempts::enrollment_id, quiz_attempts::quiz_id, quiz_attempts::attempt))
        .select(QuizAttempt::as_select())
        .load(connection)?;
    let earned: Vec<Certificate> =
        certificates::table.filter(certificates::user_id.eq(user)).select(Certificate::as_select()).load(connection)?;
    let created_cohorts: Vec<(String, String)> =
        cohorts::table.filter(cohorts::created_by.eq(user)).select((cohorts::id, cohorts::name)).load(connection)?;
    Ok(json!({
        "enrollments": enrolled,
        "lesson_completions": lessons
            .into_iter()
            .map(|(enrollment, lesson, at)| json!({ "enrollmentId": enrollment, "lessonId": lesson, "completedAt": at }))
            .collect::<Vec<_>>(),
        "quiz_attempts": attempts,
        "certificates": earned,
        "cohorts": created_cohorts.into_iter().map(|(id, name)| json!({ "id": id, "name": name })).collect::<Vec<_>>(),
    }))
}

/// Withdraws the person from every cohort where they wait or hold a seat, giving the seats to
/// the waitlists (whose promoted participants are emailed). Call it in the deleting
/// transaction, before [`erase`].
pub fn withdraw_everywhere(connection: &mut DbConnection, mailer: &Mailer, user: &UserId) -> AppResult<()> {
    for cohort_id in store::cohorts_of_user(connection, user)? {
        let Some(mut cohort) = store::lock_cohort(connection, &cohort_id)? else { continue };
        let Some(mut enrollment) = store::find_enrollment_of(connection, &cohort_id, user)? else { continue };
        if is_open(&enrollment) {
            withdraw_locked(connection, mailer, &mut cohort, &mut enrollment)?;
        }
    }
    Ok(())
}

/// Erases the person's training data (see the module documentation).
pub fn erase(connection: &mut DbConnection, user: &UserId) -> QueryResult<()> {
    let own = enrollments::table.filter(enrollments::user_id.eq(user)).select(enrollments::id);
    diesel::delete(lesson_completions::table.filter(lesson_completions::enrollment_id.eq_any(own)))
        .execute(connection)?;
    diesel::delete(quiz_attempts::table.filter(quiz_attempts::enrollment_id.eq_any(own))).execute(connection)?;
    diesel::update(enrollments::table.filter(enrollments::user_id.eq(user)))
        .set(enrollments::motivation.eq(None::<String>))
        .execute(connection)?;
    diesel::update(enrollments::table.filter(enrollments::decided_by.eq(user)))
        .set(enrollments::decided_by.eq(None::<String>))
        .execute(connection)?;
    diesel::update(certificates::table.filter(certificates::user_id.eq(user)))
        .set(certificates::credential.eq(None::<String>))
        .execute(connection)?;
    diesel::update(certificates::table.filter(certificates::revoked_by.eq(user)))
        .set(certificates::revoked_by.eq(None::<String>))
        .execute(connection)?;
    diesel::update(cohorts::table.filter(cohorts::created_by.eq(user)))
        .set(cohorts::created_by.eq(None::<String>))
        .execute(connection)?;
    Ok(())
}
