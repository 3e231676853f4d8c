//! The catalogue as the API reads it. Every imported course is public, signed in or not, so
//! there is no permission rule here; what readers never see is decided by the stores (retired
//! modules, lessons and quizzes) and by the GraphQL types (which choices are correct).

use super::model::{Course, CourseId, CourseModule, Lesson, LessonId, ModuleId, Quiz, QuizId};
use super::store;
use crate::db::page::{Page, PageRequest};
use crate::error::AppResult;
use crate::services::Services;

/// A page of courses, by slug.
pub async fn list(services: &Services, page: PageRequest) -> AppResult<Page<Course>> {
    services.db.run(move |connection| Ok(store::list_courses(connection, &page)?)).await
}

/// A course by slug.
pub async fn find_by_slug(services: &Services, slug: String) -> AppResult<Option<Course>> {
    services.db.run(move |connection| Ok(store::find_course_by_slug(connection, slug.trim())?)).await
}

/// A course by ID.
pub async fn find(services: &Services, id: CourseId) -> AppResult<Option<Course>> {
    services.db.run(move |connection| Ok(store::courses_by_id(connection, &[id])?.pop())).await
}

/// A module by ID, unless it is retired.
pub async fn find_module(services: &Services, id: ModuleId) -> AppResult<Option<CourseModule>> {
    services.db.run(move |connection| Ok(store::modules_by_id(connection, &[id])?.pop())).await
}

/// A lesson by ID, unless it is retired.
pub async fn find_lesson(services: &Services, id: LessonId) -> AppResult<Option<Lesson>> {
    services.db.run(move |connection| Ok(store::lessons_by_id(connection, &[id])?.pop())).await
}

/// A quiz by ID, unless it is retired.
pub async fn find_quiz(services: &Services, id: QuizId) -> AppResult<Option<Quiz>> {
    services.db.run(move |connection| Ok(store::quizzes_by_id(connection, &[id])?.pop())).await
}
