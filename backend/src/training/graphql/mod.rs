//! The course catalogue in the API: `courses` and `course(slug:)`, and the `Course`,
//! `CourseModule`, `Lesson` and `Quiz` objects (each a `Node`). Texts are read in the request's
//! locale with the usual fallback chain, one translation per object; a quiz shows its questions
//! and choices but never which choices are correct, nor the explanations (those come with quiz
//! attempts).

mod course;
mod lesson;
mod module;
mod query;
mod quiz;

pub use course::CourseObject;
pub use lesson::LessonObject;
pub use module::CourseModuleObject;
pub use query::TrainingQuery;
pub use quiz::QuizObject;

use async_graphql::Context;

use crate::consultations::translations::pick;
use crate::graphql::context::ContextExt;
use crate::training::model::{CourseTranslation, LessonTranslation, ModuleTranslation, QuizTranslation};

/// The kind of global ID that names a course.
pub const COURSE_KIND: &str = "Course";
/// The kind of global ID that names a module of a course.
pub const MODULE_KIND: &str = "CourseModule";
/// The kind of global ID that names a lesson.
pub const LESSON_KIND: &str = "Lesson";
/// The kind of global ID that names a quiz.
pub const QUIZ_KIND: &str = "Quiz";

/// The text of a part of a course in one locale.
trait Translation {
    fn locale(&self) -> &str;
    /// Whether this is the text as written (not a translation of it).
    fn is_original(&self) -> bool;
}

macro_rules! translation {
    ($($row:ty),+) => {
        $(impl Translation for $row {
            fn locale(&self) -> &str {
                &self.locale
            }

            fn is_original(&self) -> bool {
                self.translates_version.is_none()
            }
        })+
    };
}

translation!(CourseTranslation, ModuleTranslation, LessonTranslation, QuizTranslation);

/// The translation a reader sees: the request's locale, its language, the original, English,
/// then any.
fn localized<'a, T: Translation>(ctx: &Context<'_>, translations: &'a [T]) -> async_graphql::Result<Option<&'a T>> {
    let original = translations.iter().find(|text| text.is_original()).map_or("", |text| text.locale());
    Ok(pick(translations, |text| text.locale(), &ctx.request()?.locale, original))
}
