//! What an import writes: course rows, and modules, lessons and quizzes inserted, updated or
//! retired one kind at a time (one multi-row insert per kind), with their translations
//! rewritten. Callers run these inside one write transaction per course.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{
    course_module_translations, course_modules, course_translations, courses, lesson_translations, lessons,
    quiz_translations, quizzes,
};
use crate::training::model::{
    CourseForm, CourseId, CourseModule, CourseTranslation, Lesson, LessonId, LessonTranslationForm, ModuleId,
    ModuleTranslation, Quiz, QuizId, QuizTranslation,
};

/// Inserts rows in one statement (a multi-row insert needs the concrete connection).
macro_rules! insert_all {
    ($connection:expr, $table:expr, $rows:expr) => {{
        let rows = $rows;
        if rows.is_empty() {
            Ok(())
        } else {
            let insert = diesel::insert_into($table).values(rows);
            match $connection {
                DbConnection::Postgresql(pg) => insert.execute(pg),
                DbConnection::Sqlite(sqlite) => insert.execute(sqlite),
            }
            .map(drop)
        }
    }};
}

/// Each imported course's slug and fingerprint.
pub fn fingerprints(connection: &mut DbConnection) -> QueryResult<Vec<(String, String)>> {
    courses::table.select((courses::slug, courses::fingerprint)).load(connection)
}

pub fn insert_course(
    connection: &mut DbConnection,
    id: &CourseId,
    form: &CourseForm<'_>,
    created_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(courses::table)
        .values((courses::id.eq(id), courses::created_at.eq(created_at), form))
        .execute(connection)
        .map(drop)
}

pub fn update_course(connection: &mut DbConnection, id: &CourseId, form: &CourseForm<'_>) -> QueryResult<()> {
    diesel::update(courses::table.find(id)).set(form).execute(connection).map(drop)
}

/// Replaces every translation of a course.
pub fn replace_course_translations(
    connection: &mut DbConnection,
    id: &CourseId,
    rows: &[CourseTranslation],
) -> QueryResult<()> {
    diesel::delete(course_translations::table.filter(course_translations::course_id.eq(id))).execute(connection)?;
    insert_all!(connection, course_translations::table, rows)
}

/// Every module of a course, retired ones included.
pub fn all_modules_of(connection: &mut DbConnection, course: &CourseId) -> QueryResult<Vec<CourseModule>> {
    course_modules::table
        .filter(course_modules::course_id.eq(course))
        .select(CourseModule::as_select())
        .load(connection)
}

pub fn insert_modules(connection: &mut DbConnection, rows: &[CourseModule]) -> QueryResult<()> {
    insert_all!(connection, course_modules::table, rows)
}

pub fn update_module(connection: &mut DbConnection, row: &CourseModule) -> QueryResult<()> {
    diesel::update(course_modules::table.find(&row.id)).set(row).execute(connection).map(drop)
}

pub fn retire_modules(connection: &mut DbConnection, ids: &[ModuleId], at: NaiveDateTime) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(course_modules::table.filter(course_modules::id.eq_any(ids)))
        .set(course_modules::retired_at.eq(at))
        .execute(connection)
        .map(drop)
}

/// Replaces the translations of the given modules.
pub fn replace_module_translations(
    connection: &mut DbConnection,
    ids: &[ModuleId],
    rows: &[ModuleTranslation],
) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::delete(course_module_translations::table.filter(course_module_translations::module_id.eq_any(ids)))
        .execute(connection)?;
    insert_all!(connection, course_module_translations::table, rows)
}

/// Every lesson of a course, retired ones included.
pub fn all_lessons_of(connection: &mut DbConnection, course: &CourseId) -> QueryResult<Vec<Lesson>> {
    lessons::table.filter(lessons::course_id.eq(course)).select(Lesson::as_select()).load(connection)
}

pub fn insert_lessons(connection: &mut DbConnection, rows: &[Lesson]) -> QueryResult<()> {
    insert_all!(connection, lessons::table, rows)
}

pub fn update_lesson(connection: &mut DbConnection, row: &Lesson) -> QueryResult<()> {
    diesel::update(lessons::table.find(&row.id)).set(row).execute(connection).map(drop)
}

pub fn retire_lessons(connection: &mut DbConnection, ids: &[LessonId], at: NaiveDateTime) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(lessons::table.filter(lessons::id.eq_any(ids)))
        .set(lessons::retired_at.eq(at))
        .execute(connection)
        .map(drop)
}

/// Replaces the translations of the given lessons.
pub fn replace_lesson_translations(
    connection: &mut DbConnection,
    ids: &[LessonId],
    rows: &[LessonTranslationForm<'_>],
) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::delete(lesson_translations::table.filter(lesson_translations::lesson_id.eq_any(ids)))
        .execute(connection)?;
    insert_all!(connection, lesson_translations::table, rows)
}

/// Every quiz of a course, retired ones included.
pub fn all_quizzes_of(connection: &mut DbConnection, course: &CourseId) -> QueryResult<Vec<Quiz>> {
    quizzes::table.filter(quizzes::course_id.eq(course)).select(Quiz::as_select()).load(connection)
}

pub fn insert_quizzes(connection: &mut DbConnection, rows: &[Quiz]) -> QueryResult<()> {
    insert_all!(connection, quizzes::table, rows)
}

pub fn update_quiz(connection: &mut DbConnection, row: &Quiz) -> QueryResult<()> {
    diesel::update(quizzes::table.find(&row.id)).set(row).execute(connection).map(drop)
}

pub fn retire_quizzes(connection: &mut DbConnection, ids: &[QuizId], at: NaiveDateTime) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(quizzes::table.filter(quizzes::id.eq_any(ids)))
        .set(quizzes::retired_at.eq(at))
        .execute(connection)
        .map(drop)
}

/// Replaces the translations of the given quizzes.
pub fn replace_quiz_translations(
    connection: &mut DbConnection,
    ids: &[QuizId],
    rows: &[QuizTranslation],
) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::delete(quiz_translations::table.filter(quiz_translations::quiz_id.eq_any(ids))).execute(connection)?;
    insert_all!(connection, quiz_translations::table, rows)
}
