//! Recording progress: completed lessons and graded quiz attempts. The change that finishes the
//! course (every lesson completed, every quiz passed) completes the enrollment and issues its
//! certificate in the same transaction.

use std::collections::{BTreeMap, BTreeSet};

use super::store::{self as progress, Progress};
use crate::auth::Principal;
use crate::auth::permissions::{Action, authorize};
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::request::RequestContext;
use crate::services::Services;
use crate::training::certification::issue::Issuer;
use crate::training::content::{Question, QuestionKind};
use crate::training::enrollment::model::{Enrollment, EnrollmentId, EnrollmentStatus, QuizAttempt, QuizAttemptId};
use crate::training::enrollment::store as enrollments;
use crate::training::model::{Course, LessonId, QuizId};
use crate::training::store as catalogue;

/// One question's answer: the chosen choice ids.
#[derive(Debug, Clone)]
pub struct Answer {
    pub question_id: String,
    pub choice_ids: Vec<String>,
}

/// Marks a lesson as completed (again is harmless). The participant, while ACTIVE.
pub async fn complete_lesson(
    services: &Services,
    request: &RequestContext,
    id: EnrollmentId,
    lesson: LessonId,
) -> AppResult<Enrollment> {
    let principal = request.signed_in()?.clone();
    let issuer = Issuer::of(services);
    let enrollment = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let (enrollment, course) = open_enrollment(connection, &principal, &id)?;
                if !progress::lesson_in_course(connection, &lesson, &course.id)? {
                    return Err(AppError::Validation {
                        field: "lessonId".into(),
                        message_id: "error-lesson-not-in-course",
                    });
                }
                progress::complete_lesson(connection, &enrollment.id, &lesson, time::now())?;
                complete_if_finished(connection, &issuer, enrollment, &course)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(enrollment)
}

/// Grades an attempt at a quiz and records it. The participant, while ACTIVE, within the
/// quiz's attempts and until they pass.
pub async fn submit_quiz(
    services: &Services,
    request: &RequestContext,
    id: EnrollmentId,
    quiz_id: QuizId,
    answers: Vec<Answer>,
) -> AppResult<QuizAttempt> {
    let principal = request.signed_in()?.clone();
    let issuer = Issuer::of(services);
    let attempt = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let (enrollment, course) = open_enrollment(connection, &principal, &id)?;
                let quiz = catalogue::quizzes_by_id(connection, std::slice::from_ref(&quiz_id))?
                    .into_iter()
                    .find(|quiz| quiz.course_id == course.id)
                    .ok_or(AppError::Validation { field: "quizId".into(), message_id: "error-quiz-not-in-course" })?;
                let previous = progress::attempts_at(connection, &enrollment.id, &quiz.id)?;
                if previous.iter().any(|attempt| attempt.passed) {
                    return Err(AppError::Conflict { message_id: "error-quiz-already-passed" });
                }
                if previous.len() >= usize::try_from(quiz.max_attempts).unwrap_or(0) {
                    return Err(AppError::Conflict { message_id: "error-quiz-attempts-used" });
                }
                let questions = quiz.questions();
                let answers = checked_answers(&questions, answers)?;
                let points = questions
                    .iter()
                    .filter(|question| answers.get(&question.id).is_some_and(|chosen| question.is_correct(chosen)))
                    .count();
                let max_score = questions.len();
                let attempt = QuizAttempt {
                    id: QuizAttemptId::generate(),
                    enrollment_id: enrollment.id.clone(),
                    quiz_id: quiz.id.clone(),
                    attempt: previous.len() as i32 + 1,
                    quiz_version: quiz.version,
                    answers: serde_json::to_string(&answers).map_err(AppError::internal)?,
                    score: points as i32,
                    max_score: max_score as i32,
                    passed: passes(points, max_score, course.pass_mark),
                    submitted_at: time::now(),
                };
                progress::insert_attempt(connection, &attempt).map_err(|error| match error {
                    diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                        AppError::Conflict { message_id: "error-quiz-attempts-used" }
                    }
                    other => other.into(),
                })?;
                if attempt.passed {
                    complete_if_finished(connection, &issuer, enrollment, &course)?;
                }
                Ok(attempt)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(attempt)
}

/// Whether `points` out of `max` reach the pass mark (a percentage).
fn passes(points: usize, max: usize, pass_mark: i32) -> bool {
    max > 0 && points * 100 >= max * usize::try_from(pass_mark).unwrap_or(100)
}

/// The caller's ACTIVE enrollment, locked against concurrent progress, and its course.
fn open_enrollment(
    connection: &mut DbConnection,
    principal: &Principal,
    id: &EnrollmentId,
) -> AppResult<(Enrollment, Course)> {
    let enrollment = enrollments::lock_enrollment(connection, id)?.ok_or(AppError::NotFound)?;
    authorize(Some(principal), Action::TakeCourse { is_own_enrollment: enrollment.user_id == principal.user_id })?;
    if enrollment.status() != EnrollmentStatus::Active {
        return Err(AppError::Conflict { message_id: "error-enrollment-not-active" });
    }
    let cohort = enrollments::find_cohort(connection, &enrollment.cohort_id)?.ok_or(AppError::NotFound)?;
    let course = catalogue::courses_by_id(connection, std::slice::from_ref(&cohort.course_id))?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    Ok((enrollment, course))
}

/// Completes the enrollment and issues its certificate if nothing is left to do.
fn complete_if_finished(
    connection: &mut DbConnection,
    issuer: &Issuer,
    mut enrollment: Enrollment,
    course: &Course,
) -> AppResult<Enrollment> {
    let progress: Progress = progress::progress_of(connection, &[(enrollment.id.clone(), course.id.clone())])?
        .remove(&enrollment.id)
        .unwrap_or_default();
    if !progress.is_complete() {
        return Ok(enrollment);
    }
    let now = time::now();
    enrollment.status = EnrollmentStatus::Completed.as_str().to_owned();
    enrollment.completed_at = Some(now);
    enrollment.updated_at = now;
    enrollments::save_enrollment(connection, &enrollment)?;
    issuer.issue(connection, &enrollment, course, now)?;
    Ok(enrollment)
}

/// The answers by question id, refused (`VALIDATION` on `answers`) unless each names a question
/// of the quiz once, with choices of that question (exactly one for a single-choice question).
/// Questions left out are simply wrong.
fn checked_answers(questions: &[Question], answers: Vec<Answer>) -> AppResult<BTreeMap<String, Vec<String>>> {
    let invalid = || AppError::Validation { field: "answers".into(), message_id: "error-quiz-answers" };
    let mut checked = BTreeMap::new();
    for answer in answers {
        let question = questions.iter().find(|question| question.id == answer.question_id).ok_or_else(invalid)?;
        let chosen: BTreeSet<&str> = answer.choice_ids.iter().map(String::as_str).collect();
        let known = chosen.iter().all(|id| question.choices.iter().any(|choice| choice.id == *id));
        let well_formed = chosen.len() == answer.choice_ids.len()
            && match question.kind {
                QuestionKind::Single => chosen.len() == 1,
                QuestionKind::Multiple => !chosen.is_empty(),
            };
        if !known || !well_formed {
            return Err(invalid());
        }
        if checked.insert(answer.question_id, answer.choice_ids).is_some() {
            return Err(invalid());
        }
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pass_mark_is_a_percentage_of_the_points() {
        assert!(passes(4, 6, 60));
        assert!(!passes(3, 6, 60));
        assert!(passes(6, 6, 100));
        assert!(!passes(0, 0, 1));
    }
}
