//! Training in the API. The catalogue: `courses` and `course(slug:)`, and the `Course`,
//! `CourseModule`, `Lesson` and `Quiz` objects (each a `Node`); texts are read in the request's
//! locale with the usual fallback chain, one translation per object; a quiz shows its questions
//! and choices but never which choices are correct, nor the explanations (those come with quiz
//! attempts). Taking courses: `Cohort`, `Enrollment`, `QuizAttempt`, `Certificate`,
//! `myEnrollments`, `cohort(id:)`, `verifyCertificate` and the training mutations. Resolvers
//! call the services; every rule lives there.

mod certificate;
mod cohort;
mod course;
mod enrollment;
mod inputs;
mod lesson;
mod module;
mod mutation;
mod query;
mod quiz;
mod quiz_attempt;

pub use certificate::{CertificateObject, CertificateVerificationObject};
pub use cohort::CohortObject;
pub use course::CourseObject;
pub use enrollment::EnrollmentObject;
pub use lesson::LessonObject;
pub use module::CourseModuleObject;
pub use mutation::TrainingMutation;
pub use query::TrainingQuery;
pub use quiz::QuizObject;
pub use quiz_attempt::QuizAttemptObject;

use async_graphql::{Context, ID};

use crate::consultations::translations::pick;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::training::enrollment::model::{CohortId, EnrollmentId};
use crate::training::model::{
    CourseTranslation, LessonId, LessonTranslation, ModuleTranslation, QuizId, QuizTranslation,
};

/// The kind of global ID that names a course.
pub const COURSE_KIND: &str = "Course";
/// The kind of global ID that names a module of a course.
pub const MODULE_KIND: &str = "CourseModule";
/// The kind of global ID that names a lesson.
pub const LESSON_KIND: &str = "Lesson";
/// The kind of global ID that names a quiz.
pub const QUIZ_KIND: &str = "Quiz";
/// The kind of global ID that names a cohort.
pub const COHORT_KIND: &str = "Cohort";
/// The kind of global ID that names an enrollment.
pub const ENROLLMENT_KIND: &str = "Enrollment";
/// The kind of global ID that names a quiz attempt.
pub const QUIZ_ATTEMPT_KIND: &str = "QuizAttempt";

fn cohort_key(id: &ID) -> Result<CohortId, AppError> {
    GlobalId::require(id, COHORT_KIND, CohortId)
}

fn enrollment_key(id: &ID) -> Result<EnrollmentId, AppError> {
    GlobalId::require(id, ENROLLMENT_KIND, EnrollmentId)
}

fn lesson_key(id: &ID) -> Result<LessonId, AppError> {
    GlobalId::require(id, LESSON_KIND, LessonId)
}

fn quiz_key(id: &ID) -> Result<QuizId, AppError> {
    GlobalId::require(id, QUIZ_KIND, QuizId)
}

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
