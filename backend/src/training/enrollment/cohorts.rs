//! Creating and changing cohorts (instructors of the course or platform-wide, and platform
//! admins; audited), and giving the waitlist the priority seats still free once a cohort's
//! enrollment window has closed.

use chrono::NaiveDateTime;
use serde_json::json;

use super::model::{Cohort, CohortId};
use super::store;
use super::waitlist_promotion::fill_free_seats;
use crate::audit::service::{self as audit, Actor, Target};
use crate::db::{time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::mail::Mailer;
use crate::names::parse_name;
use crate::request::RequestContext;
use crate::services::Services;
use crate::training::access::authorize_teaching;
use crate::training::store as catalogue;

const MAX_NAME: usize = 200;
/// More seats than any training room or video call holds; a typo guard, not a business rule.
const MAX_CAPACITY: i32 = 10_000;

/// A new cohort, as `createCohort` takes it.
#[derive(Debug, Clone)]
pub struct NewCohort {
    pub course_slug: String,
    pub name: String,
    pub schedule: Schedule,
    pub capacity: i32,
    pub priority_seats: i32,
    pub requires_approval: bool,
}

/// A cohort's dates.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub enrollment_opens_at: NaiveDateTime,
    pub enrollment_closes_at: NaiveDateTime,
}

/// What `updateCohort` changes; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct CohortChanges {
    pub name: Option<String>,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub enrollment_opens_at: Option<NaiveDateTime>,
    pub enrollment_closes_at: Option<NaiveDateTime>,
    pub capacity: Option<i32>,
    pub priority_seats: Option<i32>,
    pub requires_approval: Option<bool>,
}

/// Creates a cohort of a course. Audited.
pub async fn create(services: &Services, request: &RequestContext, new: NewCohort) -> AppResult<Cohort> {
    let principal = request.signed_in()?.clone();
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            let course = catalogue::find_course_by_slug(connection, &new.course_slug)?
                .ok_or(AppError::Validation { field: "courseSlug".into(), message_id: "error-course-unknown" })?;
            authorize_teaching(Some(&principal), &course.id)?;
            let name = parse_name(&new.name, "name", MAX_NAME, "error-validation")?;
            check_schedule(&new.schedule)?;
            check_seats(new.capacity, new.priority_seats)?;
            let now = time::now();
            let cohort = Cohort {
                id: CohortId::generate(),
                course_id: course.id,
                name,
                starts_at: time::truncate(new.schedule.starts_at),
                ends_at: time::truncate(new.schedule.ends_at),
                enrollment_opens_at: time::truncate(new.schedule.enrollment_opens_at),
                enrollment_closes_at: time::truncate(new.schedule.enrollment_closes_at),
                capacity: new.capacity,
                priority_seats: new.priority_seats,
                requires_approval: new.requires_approval,
                priority_released_at: None,
                created_by: Some(principal.user_id.clone()),
                created_at: now,
                updated_at: now,
            };
            write_transaction(connection, |connection| {
                store::insert_cohort(connection, &cohort)?;
                let actor = Actor { user_id: Some(principal.user_id.as_str()), request_id: Some(&request_id) };
                audit::record(connection, actor, "cohort.create", Some(target(&cohort.id)), &settings(&cohort))?;
                Ok(cohort)
            })
        })
        .await
}

/// Changes a cohort. A larger capacity promotes from the waitlist at once; a capacity below the
/// seats already taken is refused. Audited.
pub async fn update(
    services: &Services,
    request: &RequestContext,
    id: CohortId,
    changes: CohortChanges,
) -> AppResult<Cohort> {
    let principal = request.signed_in()?.clone();
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let cohort = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let mut cohort = store::lock_cohort(connection, &id)?.ok_or(AppError::NotFound)?;
                authorize_teaching(Some(&principal), &cohort.course_id)?;
                apply(&mut cohort, changes)?;
                let taken = store::seats_taken(connection, &cohort.id)?;
                if cohort.capacity < taken.total() {
                    return Err(AppError::Validation {
                        field: "capacity".into(),
                        message_id: "error-capacity-below-taken",
                    });
                }
                let now = time::now();
                if cohort.enrollment_closes_at > now {
                    cohort.priority_released_at = None;
                }
                cohort.updated_at = now;
                store::update_cohort(connection, &cohort)?;
                let promoted = fill_free_seats(connection, &mailer, &mut cohort)?;
                let actor = Actor { user_id: Some(principal.user_id.as_str()), request_id: Some(&request_id) };
                let mut details = settings(&cohort);
                details["promoted"] = json!(promoted);
                audit::record(connection, actor, "cohort.update", Some(target(&cohort.id)), &details)?;
                Ok(cohort)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(cohort)
}

/// Gives the waitlists of every cohort whose enrollment has closed the priority seats still
/// free there (run periodically, and before a cohort is read). Returns how many were promoted.
pub async fn release_due_priority_seats(services: &Services) -> AppResult<usize> {
    let mailer = services.mailer.clone();
    let promoted = services
        .db
        .run(move |connection| {
            let due = store::cohorts_due_for_release(connection, time::now())?;
            let mut promoted = 0;
            for id in due {
                promoted += release(connection, &mailer, &id)?;
            }
            Ok(promoted)
        })
        .await?;
    if promoted > 0 {
        services.mailer.wake_worker();
    }
    Ok(promoted)
}

/// Releases one cohort's free priority seats if its window has closed and that is not done yet.
pub async fn release_if_due(services: &Services, cohort: Cohort) -> AppResult<Cohort> {
    if !cohort.priority_release_due(time::now()) {
        return Ok(cohort);
    }
    let mailer = services.mailer.clone();
    let id = cohort.id.clone();
    let cohort = services
        .db
        .run(move |connection| {
            release(connection, &mailer, &id)?;
            store::find_cohort(connection, &id)?.ok_or(AppError::NotFound)
        })
        .await?;
    services.mailer.wake_worker();
    Ok(cohort)
}

fn release(connection: &mut crate::db::DbConnection, mailer: &Mailer, id: &CohortId) -> AppResult<usize> {
    write_transaction(connection, |connection| {
        let Some(mut cohort) = store::lock_cohort(connection, id)? else { return Ok(0) };
        if !cohort.priority_release_due(time::now()) {
            return Ok(0);
        }
        Ok(fill_free_seats(connection, mailer, &mut cohort)?)
    })
}

fn apply(cohort: &mut Cohort, changes: CohortChanges) -> AppResult<()> {
    if let Some(name) = changes.name {
        cohort.name = parse_name(&name, "name", MAX_NAME, "error-validation")?;
    }
    let schedule = Schedule {
        starts_at: changes.starts_at.map_or(cohort.starts_at, time::truncate),
        ends_at: changes.ends_at.map_or(cohort.ends_at, time::truncate),
        enrollment_opens_at: changes.enrollment_opens_at.map_or(cohort.enrollment_opens_at, time::truncate),
        enrollment_closes_at: changes.enrollment_closes_at.map_or(cohort.enrollment_closes_at, time::truncate),
    };
    check_schedule(&schedule)?;
    cohort.starts_at = schedule.starts_at;
    cohort.ends_at = schedule.ends_at;
    cohort.enrollment_opens_at = schedule.enrollment_opens_at;
    cohort.enrollment_closes_at = schedule.enrollment_closes_at;
    cohort.capacity = changes.capacity.unwrap_or(cohort.capacity);
    cohort.priority_seats = changes.priority_seats.unwrap_or(cohort.priority_seats);
    check_seats(cohort.capacity, cohort.priority_seats)?;
    cohort.requires_approval = changes.requires_approval.unwrap_or(cohort.requires_approval);
    Ok(())
}

fn check_schedule(schedule: &Schedule) -> AppResult<()> {
    let invalid = |field: &str| AppError::Validation { field: field.into(), message_id: "error-cohort-dates" };
    if schedule.ends_at <= schedule.starts_at {
        return Err(invalid("endsAt"));
    }
    if schedule.enrollment_closes_at <= schedule.enrollment_opens_at || schedule.enrollment_closes_at > schedule.ends_at
    {
        return Err(invalid("enrollmentClosesAt"));
    }
    Ok(())
}

fn check_seats(capacity: i32, priority_seats: i32) -> AppResult<()> {
    let invalid = |field: &str| AppError::Validation { field: field.into(), message_id: "error-cohort-capacity" };
    if !(1..=MAX_CAPACITY).contains(&capacity) {
        return Err(invalid("capacity"));
    }
    if !(0..=capacity).contains(&priority_seats) {
        return Err(invalid("prioritySeats"));
    }
    Ok(())
}

fn settings(cohort: &Cohort) -> serde_json::Value {
    json!({
        "courseId": cohort.course_id,
        "name": cohort.name,
        "capacity": cohort.capacity,
        "prioritySeats": cohort.priority_seats,
        "requiresApproval": cohort.requires_approval,
        "enrollmentOpensAt": cohort.enrollment_opens_at.and_utc().to_rfc3339(),
        "enrollmentClosesAt": cohort.enrollment_closes_at.and_utc().to_rfc3339(),
    })
}

fn target(id: &CohortId) -> Target<'_> {
    Target { kind: "Cohort", id: id.as_str() }
}
