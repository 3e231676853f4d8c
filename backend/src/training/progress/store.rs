//! Queries on trainees' progress: completed lessons and quiz attempts, counted against the
//! lessons and quizzes of the course that are not retired (a part that left the content no
//! longer counts, one that came back counts again with the progress made on it).

use std::collections::HashMap;

use diesel::dsl::count;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{lesson_completions, lessons, quiz_attempts, quizzes};
use crate::training::enrollment::model::{EnrollmentId, QuizAttempt, QuizAttemptId};
use crate::training::model::{CourseId, LessonId, QuizId};

/// How far an enrollment has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub lessons_completed: i64,
    pub lessons_total: i64,
    pub quizzes_passed: i64,
    pub quizzes_total: i64,
}

impl Progress {
    /// Lessons done and quizzes passed, as a whole percentage of all of them (rounded down, so
    /// 100 means finished).
    pub fn percent(self) -> i32 {
        let total = self.lessons_total + self.quizzes_total;
        if total == 0 {
            return 0;
        }
        ((self.lessons_completed + self.quizzes_passed) * 100 / total) as i32
    }

    /// Every lesson completed and every quiz passed.
    pub fn is_complete(self) -> bool {
        self.lessons_total + self.quizzes_total > 0
            && self.lessons_completed == self.lessons_total
            && self.quizzes_passed == self.quizzes_total
    }
}

/// Whether `lesson` is a current lesson of `course`.
pub fn lesson_in_course(connection: &mut DbConnection, lesson: &LessonId, course: &CourseId) -> QueryResult<bool> {
    lessons::table
        .filter(lessons::id.eq(lesson))
        .filter(lessons::course_id.eq(course))
        .filter(lessons::retired_at.is_null())
        .count()
        .get_result::<i64>(connection)
        .map(|count| count > 0)
}

/// Records a completed lesson; completing it again changes nothing.
pub fn complete_lesson(
    connection: &mut DbConnection,
    enrollment: &EnrollmentId,
    lesson: &LessonId,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let row = (
        lesson_completions::enrollment_id.eq(enrollment),
        lesson_completions::lesson_id.eq(lesson),
        lesson_completions::completed_at.eq(at),
    );
    let insert = diesel::insert_into(lesson_completions::table).values(row);
    match connection {
        DbConnection::Postgresql(pg) => insert.on_conflict_do_nothing().execute(pg),
        DbConnection::Sqlite(sqlite) => insert.on_conflict_do_nothing().execute(sqlite),
    }
    .map(drop)
}

/// The lessons an enrollment has completed.
pub fn completed_lessons(
    connection: &mut DbConnection,
    enrollments: &[EnrollmentId],
) -> QueryResult<Vec<(EnrollmentId, LessonId)>> {
    lesson_completions::table
        .filter(lesson_completions::enrollment_id.eq_any(enrollments))
        .order((lesson_completions::enrollment_id, lesson_completions::completed_at))
        .select((lesson_completions::enrollment_id, lesson_completions::lesson_id))
        .load(connection)
}

/// The attempts of an enrollment at one quiz, first first.
pub fn attempts_at(
    connection: &mut DbConnection,
    enrollment: &EnrollmentId,
    quiz: &QuizId,
) -> QueryResult<Vec<QuizAttempt>> {
    quiz_attempts::table
        .filter(quiz_attempts::enrollment_id.eq(enrollment))
        .filter(quiz_attempts::quiz_id.eq(quiz))
        .order(quiz_attempts::attempt)
        .select(QuizAttempt::as_select())
        .load(connection)
}

/// Every attempt of several enrollments, by enrollment, then quiz, then attempt.
pub fn attempts_of(connection: &mut DbConnection, enrollments: &[EnrollmentId]) -> QueryResult<Vec<QuizAttempt>> {
    quiz_attempts::table
        .filter(quiz_attempts::enrollment_id.eq_any(enrollments))
        .order((quiz_attempts::enrollment_id, quiz_attempts::quiz_id, quiz_attempts::attempt))
        .select(QuizAttempt::as_select())
        .load(connection)
}

pub fn find_attempt(connection: &mut DbConnection, id: &QuizAttemptId) -> QueryResult<Option<QuizAttempt>> {
    quiz_attempts::table.find(id).select(QuizAttempt::as_select()).get_result(connection).optional()
}

pub fn insert_attempt(connection: &mut DbConnection, attempt: &QuizAttempt) -> QueryResult<()> {
    diesel::insert_into(quiz_attempts::table).values(attempt).execute(connection).map(drop)
}

/// The progress of several enrollments in one course each: four grouped queries whatever
/// their number.
pub fn progress_of(
    connection: &mut DbConnection,
    enrollments: &[(EnrollmentId, CourseId)],
) -> QueryResult<HashMap<EnrollmentId, Progress>> {
    let ids: Vec<&EnrollmentId> = enrollments.iter().map(|(id, _)| id).collect();
    let courses: Vec<&CourseId> = enrollments.iter().map(|(_, course)| course).collect();
    let lessons_per_course: HashMap<CourseId, i64> = lessons::table
        .filter(lessons::course_id.eq_any(&courses))
        .filter(lessons::retired_at.is_null())
        .group_by(lessons::course_id)
        .select((lessons::course_id, diesel::dsl::count_star()))
        .load::<(CourseId, i64)>(connection)?
        .into_iter()
        .collect();
    let quizzes_per_course: HashMap<CourseId, i64> = quizzes::table
        .filter(quizzes::course_id.eq_any(&courses))
        .filter(quizzes::retired_at.is_null())
        .group_by(quizzes::course_id)
        .select((quizzes::course_id, diesel::dsl::count_star()))
        .load::<(CourseId, i64)>(connection)?
        .into_iter()
        .collect();
    let completed: HashMap<EnrollmentId, i64> = lesson_completions::table
        .inner_join(lessons::table)
        .filter(lesson_completions::enrollment_id.eq_any(&ids))
        .filter(lessons::retired_at.is_null())
        .group_by(lesson_completions::enrollment_id)
        .select((lesson_completions::enrollment_id, diesel::dsl::count_star()))
        .load::<(EnrollmentId, i64)>(connection)?
        .into_iter()
        .collect();
    let passed: HashMap<EnrollmentId, i64> = quiz_attempts::table
        .inner_join(quizzes::table)
        .filter(quiz_attempts::enrollment_id.eq_any(&ids))
        .filter(quiz_attempts::passed.eq(true))
        .filter(quizzes::retired_at.is_null())
        .group_by(quiz_attempts::enrollment_id)
        .select((quiz_attempts::enrollment_id, count(quiz_attempts::quiz_id).aggregate_distinct()))
        .load::<(EnrollmentId, i64)>(connection)?
        .into_iter()
        .collect();
    Ok(enrollments
        .iter()
        .map(|(id, course)| {
            let progress = Progress {
                lessons_completed: completed.get(id).copied().unwrap_or(0),
                lessons_total: lessons_per_course.get(course).copied().unwrap_or(0),
                quizzes_passed: passed.get(id).copied().unwrap_or(0),
                quizzes_total: quizzes_per_course.get(course).copied().unwrap_or(0),
            };
            (id.clone(), progress)
        })
        .collect())
}
