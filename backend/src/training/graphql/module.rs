//! `CourseModule`: a part of a course, with its lessons and quiz.

use async_graphql::{Context, ID, Object};

use super::lesson::LessonObject;
use super::quiz::QuizObject;
use super::{MODULE_KIND, localized};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::training::model::{CourseModule, ModuleTranslation};

/// A module as the API shows it.
pub struct CourseModuleObject(pub CourseModule);

impl CourseModuleObject {
    async fn localized(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ModuleTranslation>> {
        let loaded = ctx.loaders()?.training.module_translations.load_one(self.0.id.clone()).await;
        let translations = loaded.map_err(AppError::from)?.unwrap_or_default();
        Ok(localized(ctx, &translations)?.cloned())
    }
}

/// A part of a course: lessons to read in order, and often a quiz at the end.
#[Object(name = "CourseModule")]
impl CourseModuleObject {
    /// The module's global ID; it stays the same when the course's text is edited.
    pub async fn id(&self) -> ID {
        GlobalId::new(MODULE_KIND, self.0.id.as_str()).encode()
    }

    /// The module's name in the course's files (`01-why-consult` → `why-consult`), unique in the
    /// course and stable.
    async fn key(&self) -> &str {
        &self.0.key
    }

    /// Its place in the course (1 for the first).
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// The title in the request's locale (or the closest available).
    async fn title(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.title).unwrap_or_default())
    }

    /// A short summary in the request's locale (or the closest available).
    async fn summary(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.summary).unwrap_or_default())
    }

    /// The locale of the title and summary shown (it may differ from the request's).
    async fn locale(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.locale).unwrap_or_default())
    }

    /// Its lessons, in order.
    async fn lessons(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LessonObject>> {
        let lessons = ctx.loaders()?.training.lessons.load_one(self.0.id.clone()).await;
        Ok(lessons.map_err(AppError::from)?.unwrap_or_default().into_iter().map(LessonObject).collect())
    }

    /// Its quiz; null when the module has none.
    async fn quiz(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<QuizObject>> {
        let quiz = ctx.loaders()?.training.quizzes.load_one(self.0.id.clone()).await;
        Ok(quiz.map_err(AppError::from)?.map(QuizObject))
    }
}
