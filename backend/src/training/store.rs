//! Reading the course catalogue: courses, and the modules, lessons and quizzes that are not
//! retired, for several parents at a time (the DataLoaders batch them). Imports write through
//! `import::store`.

use diesel::prelude::*;

use super::model::{
    Course, CourseId, CourseModule, CourseTranslation, Lesson, LessonId, LessonTranslation, ModuleId,
    ModuleTranslation, Quiz, QuizId, QuizTranslation,
};
use crate::db::DbConnection;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::{
    course_module_translations, course_modules, course_translations, courses, lesson_translations, lessons,
    quiz_translations, quizzes,
};

pub fn find_course_by_slug(connection: &mut DbConnection, slug: &str) -> QueryResult<Option<Course>> {
    courses::table.filter(courses::slug.eq(slug)).select(Course::as_select()).get_result(connection).optional()
}

pub fn courses_by_id(connection: &mut DbConnection, ids: &[CourseId]) -> QueryResult<Vec<Course>> {
    courses::table.filter(courses::id.eq_any(ids)).select(Course::as_select()).load(connection)
}

/// A page of courses by slug, after the slug in the page's cursor.
pub fn list_courses(connection: &mut DbConnection, page: &PageRequest) -> QueryResult<Page<Course>> {
    let total_count = page.total(|| courses::table.count().get_result(connection))?;
    let mut query = courses::table.into_boxed();
    if let Some(after) = &page.after {
        query = query.filter(courses::slug.gt(after.key.clone()));
    }
    let rows = query.order(courses::slug).limit(page.fetch_limit()).select(Course::as_select()).load(connection)?;
    Ok(Page::from_rows(rows, page, total_count))
}

pub fn course_translations_of(connection: &mut DbConnection, ids: &[CourseId]) -> QueryResult<Vec<CourseTranslation>> {
    course_translations::table
        .filter(course_translations::course_id.eq_any(ids))
        .order((course_translations::course_id, course_translations::locale))
        .select(CourseTranslation::as_select())
        .load(connection)
}

/// The modules of several courses that are not retired, in course order.
pub fn modules_of(connection: &mut DbConnection, courses: &[CourseId]) -> QueryResult<Vec<CourseModule>> {
    course_modules::table
        .filter(course_modules::course_id.eq_any(courses))
        .filter(course_modules::retired_at.is_null())
        .order((course_modules::course_id, course_modules::position))
        .select(CourseModule::as_select())
        .load(connection)
}

/// Modules by ID, retired ones left out.
pub fn modules_by_id(connection: &mut DbConnection, ids: &[ModuleId]) -> QueryResult<Vec<CourseModule>> {
    course_modules::table
        .filter(course_modules::id.eq_any(ids))
        .filter(course_modules::retired_at.is_null())
        .select(CourseModule::as_select())
        .load(connection)
}

pub fn module_translations_of(connection: &mut DbConnection, ids: &[ModuleId]) -> QueryResult<Vec<ModuleTranslation>> {
    course_module_translations::table
        .filter(course_module_translations::module_id.eq_any(ids))
        .order((course_module_translations::module_id, course_module_translations::locale))
        .select(ModuleTranslation::as_select())
        .load(connection)
}

/// The lessons of several modules that are not retired, in module order.
pub fn lessons_of(connection: &mut DbConnection, modules: &[ModuleId]) -> QueryResult<Vec<Lesson>> {
    lessons::table
        .filter(lessons::module_id.eq_any(modules))
        .filter(lessons::retired_at.is_null())
        .order((lessons::module_id, lessons::position))
        .select(Lesson::as_select())
        .load(connection)
}

/// Lessons by ID, retired ones left out.
pub fn lessons_by_id(connection: &mut DbConnection, ids: &[LessonId]) -> QueryResult<Vec<Lesson>> {
    lessons::table
        .filter(lessons::id.eq_any(ids))
        .filter(lessons::retired_at.is_null())
        .select(Lesson::as_select())
        .load(connection)
}

pub fn lesson_translations_of(connection: &mut DbConnection, ids: &[LessonId]) -> QueryResult<Vec<LessonTranslation>> {
    lesson_translations::table
        .filter(lesson_translations::lesson_id.eq_any(ids))
        .order((lesson_translations::lesson_id, lesson_translations::locale))
        .select(LessonTranslation::as_select())
        .load(connection)
}

/// The quizzes of several modules that are not retired.
pub fn quizzes_of(connection: &mut DbConnection, modules: &[ModuleId]) -> QueryResult<Vec<Quiz>> {
    quizzes::table
        .filter(quizzes::module_id.eq_any(modules))
        .filter(quizzes::retired_at.is_null())
        .select(Quiz::as_select())
        .load(connection)
}

/// Quizzes by ID, retired ones left out.
pub fn quizzes_by_id(connection: &mut DbConnection, ids: &[QuizId]) -> QueryResult<Vec<Quiz>> {
    quizzes::table
        .filter(quizzes::id.eq_any(ids))
        .filter(quizzes::retired_at.is_null())
        .select(Quiz::as_select())
        .load(connection)
}

pub fn quiz_translations_of(connection: &mut DbConnection, ids: &[QuizId]) -> QueryResult<Vec<QuizTranslation>> {
    quiz_translations::table
        .filter(quiz_translations::quiz_id.eq_any(ids))
        .order((quiz_translations::quiz_id, quiz_translations::locale))
        .select(QuizTranslation::as_select())
        .load(connection)
}
