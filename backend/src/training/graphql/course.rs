//! `Course` and its translations.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::cohort::CohortObject;
use super::module::CourseModuleObject;
use super::{COURSE_KIND, localized};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::training::model::{Course, CourseLevel, CourseTranslation};

/// A course as the API shows it.
pub struct CourseObject(pub Course);

/// A course's title and summary in one locale.
#[derive(SimpleObject)]
#[graphql(name = "CourseTranslation")]
pub struct CourseTranslationObject {
    /// The locale (BCP 47).
    locale: String,
    /// The title.
    title: String,
    /// A short summary.
    summary: String,
}

impl From<CourseTranslation> for CourseTranslationObject {
    fn from(row: CourseTranslation) -> Self {
        Self { locale: row.locale, title: row.title, summary: row.summary }
    }
}

impl CourseObject {
    async fn translations_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CourseTranslation>> {
        let loaded = ctx.loaders()?.training.course_translations.load_one(self.0.id.clone()).await;
        Ok(loaded.map_err(AppError::from)?.unwrap_or_default())
    }

    async fn localized(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CourseTranslation>> {
        let translations = self.translations_of(ctx).await?;
        Ok(localized(ctx, &translations)?.cloned())
    }
}

/// A capacity-building course: modules of lessons, each module with an optional quiz. Courses
/// are written as files (`course-content/`) and imported by the server; anyone may read them.
#[Object(name = "Course")]
impl CourseObject {
    /// The course's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(COURSE_KIND, self.0.id.as_str()).encode()
    }

    /// The course's short name in URLs (lower-case letters, digits, hyphens); stable.
    async fn slug(&self) -> &str {
        &self.0.slug
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
        Ok(self.localized(ctx).await?.map(|t| t.locale).unwrap_or_else(|| self.0.original_locale.clone()))
    }

    /// How much the course expects its trainees to know already.
    async fn level(&self) -> CourseLevel {
        self.0.level()
    }

    /// About how many hours the course takes.
    async fn estimated_hours(&self) -> i32 {
        self.0.estimated_hours
    }

    /// The percentage of quiz points needed to pass (1 to 100).
    async fn pass_mark(&self) -> i32 {
        self.0.pass_mark
    }

    /// The version of the course's own text (title and summary), raised when it changes.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The locale the course was written in; the others translate it.
    async fn original_locale(&self) -> &str {
        &self.0.original_locale
    }

    /// The locales the whole course can be read in: the original, and those into which every
    /// module, lesson and quiz is translated. Other parts may be translated into more.
    async fn available_locales(&self) -> Vec<String> {
        self.0.available_locales()
    }

    /// The locales in which some part of the course (its title, a module, a lesson or a quiz)
    /// translates an older version of the original: still shown, but behind.
    async fn outdated_locales(&self) -> Vec<String> {
        self.0.outdated_locales()
    }

    /// Every translation of the title and summary.
    async fn translations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CourseTranslationObject>> {
        Ok(self.translations_of(ctx).await?.into_iter().map(Into::into).collect())
    }

    /// Its modules, in order.
    async fn modules(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CourseModuleObject>> {
        let modules = ctx.loaders()?.training.modules.load_one(self.0.id.clone()).await;
        Ok(modules.map_err(AppError::from)?.unwrap_or_default().into_iter().map(CourseModuleObject).collect())
    }

    /// Its cohorts, earliest start first.
    async fn cohorts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CohortObject>> {
        let cohorts = ctx.loaders()?.training.cohorts_of_course.load_one(self.0.id.clone()).await;
        Ok(cohorts.map_err(AppError::from)?.unwrap_or_default().into_iter().map(CohortObject).collect())
    }

    /// When the course was first imported.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    /// When its content last changed (the last import that found it changed).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at.and_utc()
    }
}
