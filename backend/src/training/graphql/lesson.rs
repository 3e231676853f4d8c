//! `Lesson`: one text to read, as sanitized HTML.

use async_graphql::{Context, ID, Object};

use super::course::CourseObject;
use super::{LESSON_KIND, localized};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::training::model::{Lesson, LessonTranslation};

/// A lesson as the API shows it.
pub struct LessonObject(pub Lesson);

impl LessonObject {
    async fn localized(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<LessonTranslation>> {
        let loaded = ctx.loaders()?.training.lesson_translations.load_one(self.0.id.clone()).await;
        let translations = loaded.map_err(AppError::from)?.unwrap_or_default();
        Ok(localized(ctx, &translations)?.cloned())
    }
}

/// One lesson of a course module: a text to read.
#[Object(name = "Lesson")]
impl LessonObject {
    /// The lesson's global ID; it stays the same when the lesson's text is edited or the lesson
    /// moves, so progress recorded against it survives.
    pub async fn id(&self) -> ID {
        GlobalId::new(LESSON_KIND, self.0.id.as_str()).encode()
    }

    /// The lesson's name in the course's files (`02-who-takes-part.md` → `who-takes-part`),
    /// unique in the course and stable.
    async fn key(&self) -> &str {
        &self.0.key
    }

    /// Its place in its module (1 for the first).
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// The title in the request's locale (or the closest available).
    async fn title(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.title).unwrap_or_default())
    }

    /// About how many minutes the lesson takes to read.
    async fn estimated_minutes(&self) -> i32 {
        self.0.estimated_minutes
    }

    /// The text in the request's locale (or the closest available), as HTML rendered from the
    /// lesson's Markdown and sanitized: no scripts, styles, event handlers or `javascript:`
    /// links, so it can be put into a page as it is.
    async fn html(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.html).unwrap_or_default())
    }

    /// The locale of the title and text shown (it may differ from the request's).
    async fn locale(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.localized(ctx).await?.map(|t| t.locale).unwrap_or_default())
    }

    /// The course the lesson belongs to.
    async fn course(&self, ctx: &Context<'_>) -> async_graphql::Result<CourseObject> {
        let course = ctx.loaders()?.training.courses.load_one(self.0.course_id.clone()).await;
        Ok(CourseObject(course.map_err(AppError::from)?.ok_or(AppError::NotFound)?))
    }
}
