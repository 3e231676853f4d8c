//! `Enrollment`: someone's place in a cohort, their progress and their certificate. Seen by the
//! participant, the course's instructors and platform admins.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::certificate::CertificateObject;
use super::cohort::CohortObject;
use super::quiz_attempt::QuizAttemptObject;
use super::{ENROLLMENT_KIND, LESSON_KIND};
use crate::connection_types;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::identity::countries::model::IncomeGroup;
use crate::identity::graphql::UserObject;
use crate::training::enrollment::model::{Cohort, Enrollment, EnrollmentStatus, SeatKind};
use crate::training::progress::store as progress;

/// An enrollment as the API shows it.
pub struct EnrollmentObject(pub Enrollment);

connection_types!(EnrollmentConnection, EnrollmentEdge, EnrollmentObject);

impl EnrollmentObject {
    async fn cohort_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Cohort> {
        let cohort = ctx.loaders()?.training.cohorts.load_one(self.0.cohort_id.clone()).await;
        Ok(cohort.map_err(AppError::from)?.ok_or(AppError::NotFound)?)
    }
}

/// How far a participant has got.
#[derive(SimpleObject)]
#[graphql(name = "EnrollmentProgress")]
pub struct ProgressObject {
    /// Lessons done and quizzes passed, as a whole percentage of all of them (100 = finished).
    percent: i32,
    /// Current lessons of the course completed.
    lessons_completed: i32,
    /// Current lessons of the course.
    lessons_total: i32,
    /// Current quizzes of the course passed.
    quizzes_passed: i32,
    /// Current quizzes of the course.
    quizzes_total: i32,
}

/// Someone's enrollment in a cohort: requested, waiting, holding a seat, completed or ended.
#[Object(name = "Enrollment")]
impl EnrollmentObject {
    /// The enrollment's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(ENROLLMENT_KIND, self.0.id.as_str()).encode()
    }

    /// The cohort.
    async fn cohort(&self, ctx: &Context<'_>) -> async_graphql::Result<CohortObject> {
        Ok(CohortObject(self.cohort_of(ctx).await?))
    }

    /// The participant (their private fields follow the usual rules of `User`).
    async fn participant(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserObject>> {
        let user = ctx.loaders()?.users.load_one(self.0.user_id.clone()).await;
        Ok(user.map_err(AppError::from)?.filter(|user| !user.is_deleted()).map(UserObject::new))
    }

    /// Where the enrollment is.
    async fn status(&self) -> EnrollmentStatus {
        self.0.status()
    }

    /// The kind of seat held (while `ACTIVE` or `COMPLETED`).
    async fn seat(&self) -> Option<SeatKind> {
        self.0.seat()
    }

    /// Whether the participant's country was low- or lower-middle-income when they enrolled,
    /// which lets them take a priority seat.
    async fn priority_eligible(&self) -> bool {
        self.0.priority_eligible
    }

    /// The participant's country when they enrolled (ISO 3166-1 alpha-2).
    async fn country(&self) -> Option<&str> {
        self.0.country_code.as_deref()
    }

    /// That country's income group when they enrolled.
    async fn income_group(&self) -> Option<IncomeGroup> {
        self.0.income_group()
    }

    /// The place on the waitlist (1 = next to get a seat), while `WAITLISTED`.
    async fn waitlist_position(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<i32>> {
        let (EnrollmentStatus::Waitlisted, Some(number)) = (self.0.status(), self.0.waitlist_number) else {
            return Ok(None);
        };
        let key = (self.0.cohort_id.clone(), number);
        let position = ctx.loaders()?.training.waitlist_positions.load_one(key).await.map_err(AppError::from)?;
        Ok(position.map(|position| i32::try_from(position).unwrap_or(i32::MAX)))
    }

    /// Why the participant wants to take part, as they wrote it when enrolling.
    async fn motivation(&self) -> Option<&str> {
        self.0.motivation.as_deref()
    }

    /// Lessons done and quizzes passed.
    async fn progress(&self, ctx: &Context<'_>) -> async_graphql::Result<ProgressObject> {
        let cohort = self.cohort_of(ctx).await?;
        let key = (self.0.id.clone(), cohort.course_id);
        let loaded = ctx.loaders()?.training.progress.load_one(key).await;
        let progress: progress::Progress = loaded.map_err(AppError::from)?.unwrap_or_default();
        let int = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(ProgressObject {
            percent: progress.percent(),
            lessons_completed: int(progress.lessons_completed),
            lessons_total: int(progress.lessons_total),
            quizzes_passed: int(progress.quizzes_passed),
            quizzes_total: int(progress.quizzes_total),
        })
    }

    /// The lessons completed (global IDs), in the order they were completed.
    async fn completed_lesson_ids(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ID>> {
        let lessons = ctx.loaders()?.training.completed_lessons.load_one(self.0.id.clone()).await;
        let lessons = lessons.map_err(AppError::from)?.unwrap_or_default();
        Ok(lessons.into_iter().map(|lesson| GlobalId::new(LESSON_KIND, lesson.as_str()).encode()).collect())
    }

    /// Every quiz attempt, by quiz, first attempt first.
    async fn quiz_attempts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<QuizAttemptObject>> {
        let attempts = ctx.loaders()?.training.quiz_attempts.load_one(self.0.id.clone()).await;
        Ok(attempts.map_err(AppError::from)?.unwrap_or_default().into_iter().map(QuizAttemptObject).collect())
    }

    /// The certificate, once the enrollment is `COMPLETED`.
    async fn certificate(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CertificateObject>> {
        let certificate = ctx.loaders()?.training.certificates.load_one(self.0.id.clone()).await;
        Ok(certificate.map_err(AppError::from)?.map(CertificateObject))
    }

    /// When the enrollment (or request) was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    /// When the current seat was given.
    async fn seated_at(&self) -> Option<DateTime<Utc>> {
        self.0.seated_at.map(|at| at.and_utc())
    }

    /// When an instructor approved or rejected it.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at.map(|at| at.and_utc())
    }

    /// When the course was completed.
    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.0.completed_at.map(|at| at.and_utc())
    }

    /// When the participant withdrew.
    async fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.0.withdrawn_at.map(|at| at.and_utc())
    }
}
