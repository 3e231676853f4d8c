//! `Cohort`: one run of a course, its seats, and for its instructors the roster, the waitlist
//! and the report.

use std::collections::HashMap;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::COHORT_KIND;
use super::course::CourseObject;
use super::enrollment::{EnrollmentConnection, EnrollmentObject};
use crate::db::page::Cursor;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::training::enrollment::model::{Cohort, EnrollmentStatus};
use crate::training::enrollment::reading;
use crate::training::enrollment::report::{self, Tally};

/// A cohort as the API shows it.
pub struct CohortObject(pub Cohort);

impl CohortObject {
    async fn counts(&self, ctx: &Context<'_>) -> async_graphql::Result<HashMap<EnrollmentStatus, i64>> {
        let loaded = ctx.loaders()?.training.enrollment_counts.load_one(self.0.id.clone()).await;
        Ok(loaded.map_err(AppError::from)?.unwrap_or_default())
    }

    async fn count(&self, ctx: &Context<'_>, statuses: &[EnrollmentStatus]) -> async_graphql::Result<i32> {
        let counts = self.counts(ctx).await?;
        Ok(statuses.iter().map(|status| counts.get(status).copied().unwrap_or(0)).sum::<i64>() as i32)
    }
}

/// One run of a course with its dates and seats. Anyone can see cohorts; a verified account
/// can enroll while enrollment is open.
#[Object(name = "Cohort")]
impl CohortObject {
    /// The cohort's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(COHORT_KIND, self.0.id.as_str()).encode()
    }

    /// The course taught.
    async fn course(&self, ctx: &Context<'_>) -> async_graphql::Result<CourseObject> {
        let course = ctx.loaders()?.training.courses.load_one(self.0.course_id.clone()).await;
        Ok(CourseObject(course.map_err(AppError::from)?.ok_or(AppError::NotFound)?))
    }

    /// The cohort's name, as its instructors wrote it (e.g. "Spring 2027, Nairobi").
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// When the cohort starts.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at.and_utc()
    }

    /// When the cohort ends.
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at.and_utc()
    }

    /// From when people can enroll.
    async fn enrollment_opens_at(&self) -> DateTime<Utc> {
        self.0.enrollment_opens_at.and_utc()
    }

    /// Until when people can enroll (excluded).
    async fn enrollment_closes_at(&self) -> DateTime<Utc> {
        self.0.enrollment_closes_at.and_utc()
    }

    /// Whether enrolling is possible now.
    async fn enrollment_open(&self) -> bool {
        self.0.enrollment_open_at(crate::db::time::now())
    }

    /// How many seats the cohort has.
    async fn capacity(&self) -> i32 {
        self.0.capacity
    }

    /// How many of the seats are kept for participants from low- and lower-middle-income
    /// countries while enrollment is open; those still free when it closes go to the waitlist.
    async fn priority_seats(&self) -> i32 {
        self.0.priority_seats
    }

    /// Whether instructors approve each request before it gets a seat.
    async fn requires_approval(&self) -> bool {
        self.0.requires_approval
    }

    /// How many seats are taken (active and completed enrollments).
    async fn seats_taken(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        self.count(ctx, &[EnrollmentStatus::Active, EnrollmentStatus::Completed]).await
    }

    /// How many seats are free (some may be kept for priority participants).
    async fn seats_available(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let taken = self.count(ctx, &[EnrollmentStatus::Active, EnrollmentStatus::Completed]).await?;
        Ok((self.0.capacity - taken).max(0))
    }

    /// How many people are on the waitlist.
    async fn waitlist_length(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        self.count(ctx, &[EnrollmentStatus::Waitlisted]).await
    }

    /// The caller's enrollment in this cohort, if any.
    async fn my_enrollment(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<EnrollmentObject>> {
        let found = reading::mine_in(ctx.services()?, ctx.principal()?, self.0.id.clone()).await?;
        Ok(found.map(EnrollmentObject))
    }

    /// Every enrollment in the order made, optionally of one status (e.g. `PENDING_APPROVAL`
    /// for the requests to decide). Instructors of the course and admins; null with an error
    /// for anyone else.
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn roster(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only enrollments of this status.")] status: Option<EnrollmentStatus>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return enrollments after this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<Option<EnrollmentConnection>> {
        let page = crate::graphql::pagination::requested_page(ctx, first, after)?;
        let rows = reading::roster(ctx.services()?, ctx.principal()?, &self.0, status, page).await?;
        Ok(Some(EnrollmentConnection::from_page(rows.map(EnrollmentObject), |enrollment| {
            Cursor::new("", enrollment.0.id.as_str())
        })))
    }

    /// The waitlist, next to be promoted first. Instructors of the course and admins; null with
    /// an error for anyone else.
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn waitlist(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return enrollments after this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<Option<EnrollmentConnection>> {
        let page = crate::graphql::pagination::requested_page(ctx, first, after)?;
        let rows = reading::waitlist(ctx.services()?, ctx.principal()?, &self.0, page).await?;
        Ok(Some(EnrollmentConnection::from_page(rows.map(EnrollmentObject), |enrollment| {
            Cursor::new(enrollment.0.waitlist_number.unwrap_or_default().to_string(), enrollment.0.id.as_str())
        })))
    }

    /// Enrollment and completion by income group and UN region of the participants' countries
    /// (as they were when each enrolled). Instructors of the course and admins; null with an
    /// error for anyone else.
    async fn report(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CohortReportObject>> {
        let report = report::of_cohort(ctx.services()?, ctx.principal()?, &self.0).await?;
        let rows = |groups: std::collections::BTreeMap<String, Tally>| {
            groups.into_iter().map(|(group, tally)| ReportRowObject::new(group, &tally)).collect()
        };
        Ok(Some(CohortReportObject {
            total: ReportRowObject::new("ALL".to_owned(), &report.total),
            by_income_group: rows(report.by_income_group),
            by_region: rows(report.by_region),
        }))
    }

    /// When the cohort was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// A cohort's enrollments and completions by group of participants.
#[derive(SimpleObject)]
#[graphql(name = "CohortReport")]
pub struct CohortReportObject {
    /// Every participant (`group` is `ALL`).
    total: ReportRowObject,
    /// By World Bank income group of the country (`LOW`, `LOWER_MIDDLE`, `UPPER_MIDDLE`,
    /// `HIGH`; `UNKNOWN` without a classified country).
    by_income_group: Vec<ReportRowObject>,
    /// By UN region of the country (`AFRICA`, `AMERICAS`, `ASIA`, `EUROPE`, `OCEANIA`;
    /// `UNKNOWN` without a country).
    by_region: Vec<ReportRowObject>,
}

/// The counts of one group of participants.
#[derive(SimpleObject)]
#[graphql(name = "CohortReportRow")]
pub struct ReportRowObject {
    /// The group (see the list that holds this row).
    group: String,
    /// Holding a seat: active or completed.
    enrolled: i32,
    /// Completed the course.
    completed: i32,
    /// Completed, as a whole percentage of `enrolled`.
    completion_rate: i32,
    /// Waiting for a seat.
    waitlisted: i32,
    /// Waiting for an instructor's decision.
    pending_approval: i32,
    /// Withdrew.
    withdrawn: i32,
    /// Declined by an instructor.
    rejected: i32,
}

impl ReportRowObject {
    fn new(group: String, tally: &Tally) -> Self {
        let int = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
        Self {
            group,
            enrolled: int(tally.enrolled),
            completed: int(tally.completed),
            completion_rate: tally.completion_rate(),
            waitlisted: int(tally.waitlisted),
            pending_approval: int(tally.pending_approval),
            withdrawn: int(tally.withdrawn),
            rejected: int(tally.rejected),
        }
    }
}
