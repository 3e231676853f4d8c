//! Rows of the course tables (the catalogue as imported from `course-content/`) and their
//! vocabularies.
//!
//! Modules, lessons and quizzes keep their IDs from one import to the next (they are matched by
//! key), so that progress recorded against them survives edits; `retired_at` marks those that
//! left the content. Quiz questions and texts are stored as JSON of the content reader's own
//! types, so a quiz read back is graded exactly as it was written.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::content::{Level, Question, QuestionText};
use crate::db::schema::{
    course_module_translations, course_modules, course_translations, courses, lesson_translations, lessons,
    quiz_translations, quizzes,
};
use crate::typed_id;

typed_id!(
    /// The ID of a course.
    CourseId
);
typed_id!(
    /// The ID of a module of a course.
    ModuleId
);
typed_id!(
    /// The ID of a lesson.
    LessonId
);
typed_id!(
    /// The ID of a module's quiz.
    QuizId
);

/// How much a course expects its trainees to know already.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseLevel {
    /// No prior knowledge needed.
    Introductory,
    /// Builds on an introductory course or some experience of the field.
    Intermediate,
    /// For practitioners of the field.
    Advanced,
}

impl CourseLevel {
    const ALL: [Self; 3] = [Self::Introductory, Self::Intermediate, Self::Advanced];

    /// The value as stored and as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Introductory => "INTRODUCTORY",
            Self::Intermediate => "INTERMEDIATE",
            Self::Advanced => "ADVANCED",
        }
    }

    /// Reads a stored value.
    pub fn from_stored(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|level| level.as_str() == value)
    }
}

impl From<Level> for CourseLevel {
    fn from(level: Level) -> Self {
        match level {
            Level::Introductory => Self::Introductory,
            Level::Intermediate => Self::Intermediate,
            Level::Advanced => Self::Advanced,
        }
    }
}

/// Reads a stored JSON array of locales.
fn locales(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// A course.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = courses)]
pub struct Course {
    pub id: CourseId,
    pub slug: String,
    pub original_locale: String,
    pub level: String,
    pub estimated_hours: i32,
    pub pass_mark: i32,
    pub version: i32,
    /// A JSON array of the locales the whole course can be read in.
    pub available_locales: String,
    /// A JSON array of the locales with a translation behind its original.
    pub outdated_locales: String,
    /// The content's fingerprint when it was last imported.
    pub fingerprint: String,
    /// When the import last found the course changed (or new).
    pub imported_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Course {
    pub fn level(&self) -> CourseLevel {
        CourseLevel::from_stored(&self.level).unwrap_or(CourseLevel::Introductory)
    }

    pub fn available_locales(&self) -> Vec<String> {
        locales(&self.available_locales)
    }

    pub fn outdated_locales(&self) -> Vec<String> {
        locales(&self.outdated_locales)
    }
}

/// What an import writes on a course row (all of it, on a new course: `created_at` aside).
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = courses)]
pub struct CourseForm<'a> {
    pub slug: &'a str,
    pub original_locale: &'a str,
    pub level: &'a str,
    pub estimated_hours: i32,
    pub pass_mark: i32,
    pub version: i32,
    pub available_locales: &'a str,
    pub outdated_locales: &'a str,
    pub fingerprint: &'a str,
    pub imported_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A course's title and summary in one locale.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = course_translations)]
#[diesel(treat_none_as_default_value = false)]
pub struct CourseTranslation {
    pub course_id: CourseId,
    pub locale: String,
    pub title: String,
    pub summary: String,
    /// The version of the original this translates; `None` for the original.
    pub translates_version: Option<i32>,
}

/// A module of a course.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = course_modules)]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct CourseModule {
    pub id: ModuleId,
    pub course_id: CourseId,
    pub key: String,
    /// 1 for the first module of the course.
    pub position: i32,
    pub version: i32,
    pub retired_at: Option<NaiveDateTime>,
}

/// A module's title and summary in one locale.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = course_module_translations)]
#[diesel(treat_none_as_default_value = false)]
pub struct ModuleTranslation {
    pub module_id: ModuleId,
    pub locale: String,
    pub title: String,
    pub summary: String,
    pub translates_version: Option<i32>,
}

/// A lesson.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = lessons)]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct Lesson {
    pub id: LessonId,
    pub course_id: CourseId,
    pub module_id: ModuleId,
    pub key: String,
    /// 1 for the first lesson of its module.
    pub position: i32,
    pub estimated_minutes: i32,
    pub version: i32,
    pub retired_at: Option<NaiveDateTime>,
}

/// A lesson in one locale, as readers get it (the Markdown it was rendered from stays behind).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lesson_translations)]
pub struct LessonTranslation {
    pub lesson_id: LessonId,
    pub locale: String,
    pub title: String,
    /// Rendered and sanitized at import: safe to send to a browser as it is.
    pub html: String,
    pub translates_version: Option<i32>,
}

/// A lesson in one locale, as an import writes it.
#[derive(Debug, Insertable)]
#[diesel(table_name = lesson_translations)]
#[diesel(treat_none_as_default_value = false)]
pub struct LessonTranslationForm<'a> {
    pub lesson_id: &'a LessonId,
    pub locale: &'a str,
    pub title: &'a str,
    pub markdown: &'a str,
    pub html: &'a str,
    pub translates_version: Option<i32>,
}

/// A module's quiz.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = quizzes)]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct Quiz {
    pub id: QuizId,
    pub course_id: CourseId,
    pub module_id: ModuleId,
    pub key: String,
    pub version: i32,
    pub max_attempts: i32,
    /// JSON of the graded questions ([`Question`]s), correct choices included.
    pub questions: String,
    pub retired_at: Option<NaiveDateTime>,
}

impl Quiz {
    /// The questions in quiz order, with which choices are correct: never for a client as is.
    pub fn questions(&self) -> Vec<Question> {
        serde_json::from_str(&self.questions).unwrap_or_default()
    }
}

/// A quiz's text in one locale.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = quiz_translations)]
#[diesel(treat_none_as_default_value = false)]
pub struct QuizTranslation {
    pub quiz_id: QuizId,
    pub locale: String,
    /// JSON: question id → its prompt, explanation and choice texts ([`QuestionText`]).
    pub text: String,
    pub translates_version: Option<i32>,
}

impl QuizTranslation {
    /// The text by question id.
    pub fn questions(&self) -> BTreeMap<String, QuestionText> {
        serde_json::from_str(&self.text).unwrap_or_default()
    }
}
