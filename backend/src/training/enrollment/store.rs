//! Queries on cohorts and enrollments. Changes to seats are made by `service` inside a write
//! transaction that first locks the cohort ([`lock_cohort`]).

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, max};
use diesel::prelude::*;

use super::model::{Cohort, CohortId, Enrollment, EnrollmentId, EnrollmentStatus, SeatKind};
use super::seat_rules::SeatsTaken;
use crate::db::DbConnection;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::{cohorts, enrollments};
use crate::identity::model::UserId;
use crate::training::model::CourseId;

pub fn find_cohort(connection: &mut DbConnection, id: &CohortId) -> QueryResult<Option<Cohort>> {
    cohorts::table.find(id).select(Cohort::as_select()).get_result(connection).optional()
}

pub fn cohorts_by_id(connection: &mut DbConnection, ids: &[CohortId]) -> QueryResult<Vec<Cohort>> {
    cohorts::table.filter(cohorts::id.eq_any(ids)).select(Cohort::as_select()).load(connection)
}

/// The cohorts of several courses, earliest start first.
pub fn cohorts_of(connection: &mut DbConnection, courses: &[CourseId]) -> QueryResult<Vec<Cohort>> {
    cohorts::table
        .filter(cohorts::course_id.eq_any(courses))
        .order((cohorts::course_id, cohorts::starts_at, cohorts::id))
        .select(Cohort::as_select())
        .load(connection)
}

/// Reads a cohort and keeps every other transaction that changes its seats waiting until this
/// one ends: a row lock on PostgreSQL; on SQLite the write transaction already holds the only
/// write lock.
pub fn lock_cohort(connection: &mut DbConnection, id: &CohortId) -> QueryResult<Option<Cohort>> {
    match connection {
        DbConnection::Postgresql(pg) => {
            cohorts::table.find(id).select(Cohort::as_select()).for_update().get_result(pg).optional()
        }
        DbConnection::Sqlite(_) => find_cohort(connection, id),
    }
}

pub fn insert_cohort(connection: &mut DbConnection, cohort: &Cohort) -> QueryResult<()> {
    diesel::insert_into(cohorts::table).values(cohort).execute(connection).map(drop)
}

/// Writes a cohort's changeable settings.
pub fn update_cohort(connection: &mut DbConnection, cohort: &Cohort) -> QueryResult<()> {
    diesel::update(cohorts::table.find(&cohort.id))
        .set((
            cohorts::name.eq(&cohort.name),
            cohorts::starts_at.eq(cohort.starts_at),
            cohorts::ends_at.eq(cohort.ends_at),
            cohorts::enrollment_opens_at.eq(cohort.enrollment_opens_at),
            cohorts::enrollment_closes_at.eq(cohort.enrollment_closes_at),
            cohorts::capacity.eq(cohort.capacity),
            cohorts::priority_seats.eq(cohort.priority_seats),
            cohorts::requires_approval.eq(cohort.requires_approval),
            cohorts::priority_released_at.eq(cohort.priority_released_at),
            cohorts::updated_at.eq(cohort.updated_at),
        ))
        .execute(connection)
        .map(drop)
}

/// Cohorts whose enrollment closed before `at` and whose free priority seats have not yet gone
/// to their waitlists.
pub fn cohorts_due_for_release(connection: &mut DbConnection, at: NaiveDateTime) -> QueryResult<Vec<CohortId>> {
    cohorts::table
        .filter(cohorts::priority_released_at.is_null())
        .filter(cohorts::enrollment_closes_at.le(at))
        .select(cohorts::id)
        .load(connection)
}

pub fn find_enrollment(connection: &mut DbConnection, id: &EnrollmentId) -> QueryResult<Option<Enrollment>> {
    enrollments::table.find(id).select(Enrollment::as_select()).get_result(connection).optional()
}

/// Reads an enrollment and keeps other transactions recording progress on it waiting until this
/// one ends (a row lock on PostgreSQL; SQLite's writers take turns anyway).
pub fn lock_enrollment(connection: &mut DbConnection, id: &EnrollmentId) -> QueryResult<Option<Enrollment>> {
    match connection {
        DbConnection::Postgresql(pg) => {
            enrollments::table.find(id).select(Enrollment::as_select()).for_update().get_result(pg).optional()
        }
        DbConnection::Sqlite(_) => find_enrollment(connection, id),
    }
}

pub fn enrollments_by_id(connection: &mut DbConnection, ids: &[EnrollmentId]) -> QueryResult<Vec<Enrollment>> {
    enrollments::table.filter(enrollments::id.eq_any(ids)).select(Enrollment::as_select()).load(connection)
}

pub fn find_enrollment_of(
    connection: &mut DbConnection,
    cohort: &CohortId,
    user: &UserId,
) -> QueryResult<Option<Enrollment>> {
    enrollments::table
        .filter(enrollments::cohort_id.eq(cohort))
        .filter(enrollments::user_id.eq(user))
        .select(Enrollment::as_select())
        .get_result(connection)
        .optional()
}

/// The cohorts someone is enrolled in (in any status), in ID order: the order in which to lock
/// them.
pub fn cohorts_of_user(connection: &mut DbConnection, user: &UserId) -> QueryResult<Vec<CohortId>> {
    enrollments::table
        .filter(enrollments::user_id.eq(user))
        .order(enrollments::cohort_id)
        .select(enrollments::cohort_id)
        .load(connection)
}

/// Someone's enrollments, newest first.
pub fn enrollments_of_user(connection: &mut DbConnection, user: &UserId) -> QueryResult<Vec<Enrollment>> {
    enrollments::table
        .filter(enrollments::user_id.eq(user))
        .order((enrollments::created_at.desc(), enrollments::id.desc()))
        .select(Enrollment::as_select())
        .load(connection)
}

pub fn insert_enrollment(connection: &mut DbConnection, enrollment: &Enrollment) -> QueryResult<()> {
    diesel::insert_into(enrollments::table).values(enrollment).execute(connection).map(drop)
}

/// Writes an enrollment's state (status, seat, waitlist place, decision and times).
pub fn save_enrollment(connection: &mut DbConnection, enrollment: &Enrollment) -> QueryResult<()> {
    diesel::update(enrollments::table.find(&enrollment.id))
        .set((
            enrollments::status.eq(&enrollment.status),
            enrollments::seat.eq(&enrollment.seat),
            enrollments::priority_eligible.eq(enrollment.priority_eligible),
            enrollments::country_code.eq(&enrollment.country_code),
            enrollments::income_group.eq(&enrollment.income_group),
            enrollments::region.eq(&enrollment.region),
            enrollments::motivation.eq(&enrollment.motivation),
            enrollments::waitlist_number.eq(enrollment.waitlist_number),
            enrollments::decided_by.eq(&enrollment.decided_by),
            enrollments::decided_at.eq(enrollment.decided_at),
            enrollments::seated_at.eq(enrollment.seated_at),
            enrollments::completed_at.eq(enrollment.completed_at),
            enrollments::withdrawn_at.eq(enrollment.withdrawn_at),
            enrollments::updated_at.eq(enrollment.updated_at),
        ))
        .execute(connection)
        .map(drop)
}

/// The seats a cohort's enrollments hold, by kind.
pub fn seats_taken(connection: &mut DbConnection, cohort: &CohortId) -> QueryResult<SeatsTaken> {
    let rows: Vec<(Option<String>, i64)> = enrollments::table
        .filter(enrollments::cohort_id.eq(cohort))
        .filter(enrollments::seat.is_not_null())
        .group_by(enrollments::seat)
        .select((enrollments::seat, count_star()))
        .load(connection)?;
    let mut taken = SeatsTaken::default();
    for (seat, count) in rows {
        let count = i32::try_from(count).unwrap_or(i32::MAX);
        match seat.as_deref().and_then(SeatKind::from_stored) {
            Some(SeatKind::Priority) => taken.priority = count,
            Some(SeatKind::General) => taken.general = count,
            None => {}
        }
    }
    Ok(taken)
}

/// The waitlist of a cohort, in order.
pub fn waitlist(connection: &mut DbConnection, cohort: &CohortId) -> QueryResult<Vec<Enrollment>> {
    enrollments::table
        .filter(enrollments::cohort_id.eq(cohort))
        .filter(enrollments::status.eq(EnrollmentStatus::Waitlisted.as_str()))
        .order((enrollments::waitlist_number, enrollments::id))
        .select(Enrollment::as_select())
        .load(connection)
}

/// The waitlist numbers of several cohorts, in waitlist order within each cohort.
pub fn waitlist_numbers(connection: &mut DbConnection, cohorts: &[CohortId]) -> QueryResult<Vec<(CohortId, i32)>> {
    let rows: Vec<(CohortId, Option<i32>)> = enrollments::table
        .filter(enrollments::cohort_id.eq_any(cohorts))
        .filter(enrollments::status.eq(EnrollmentStatus::Waitlisted.as_str()))
        .order((enrollments::cohort_id, enrollments::waitlist_number))
        .select((enrollments::cohort_id, enrollments::waitlist_number))
        .load(connection)?;
    Ok(rows.into_iter().filter_map(|(cohort, number)| Some((cohort, number?))).collect())
}

/// The number a new waitlist place gets: after every number the cohort has handed out.
pub fn next_waitlist_number(connection: &mut DbConnection, cohort: &CohortId) -> QueryResult<i32> {
    let last: Option<i32> = enrollments::table
        .filter(enrollments::cohort_id.eq(cohort))
        .select(max(enrollments::waitlist_number))
        .get_result(connection)?;
    Ok(last.unwrap_or(0) + 1)
}

/// A waitlisted enrollment's position (1 = next to be promoted).
pub fn waitlist_position(connection: &mut DbConnection, enrollment: &Enrollment) -> QueryResult<Option<i64>> {
    let Some(number) = enrollment.waitlist_number else { return Ok(None) };
    if enrollment.status() != EnrollmentStatus::Waitlisted {
        return Ok(None);
    }
    enrollments::table
        .filter(enrollments::cohort_id.eq(&enrollment.cohort_id))
        .filter(enrollments::status.eq(EnrollmentStatus::Waitlisted.as_str()))
        .filter(enrollments::waitlist_number.le(number))
        .count()
        .get_result(connection)
        .map(Some)
}

/// A page of a cohort's enrollments in the order they were made, optionally of one status.
pub fn roster_page(
    connection: &mut DbConnection,
    cohort: &CohortId,
    status: Option<EnrollmentStatus>,
    page: &PageRequest,
) -> QueryResult<Page<Enrollment>> {
    let filtered = || {
        let mut query = enrollments::table.filter(enrollments::cohort_id.eq(cohort.clone())).into_boxed();
        if let Some(status) = status {
            query = query.filter(enrollments::status.eq(status.as_str()));
        }
        query
    };
    let total_count = page.total(|| filtered().count().get_result(connection))?;
    let mut query = filtered();
    if let Some(after) = &page.after {
        query = query.filter(enrollments::id.gt(after.id.clone()));
    }
    let rows =
        query.order(enrollments::id).limit(page.fetch_limit()).select(Enrollment::as_select()).load(connection)?;
    Ok(Page::from_rows(rows, page, total_count))
}

/// A page of a cohort's waitlist, next to be promoted first.
pub fn waitlist_page(
    connection: &mut DbConnection,
    cohort: &CohortId,
    page: &PageRequest,
) -> QueryResult<Page<Enrollment>> {
    let waiting = || {
        enrollments::table
            .filter(enrollments::cohort_id.eq(cohort.clone()))
            .filter(enrollments::status.eq(EnrollmentStatus::Waitlisted.as_str()))
            .into_boxed()
    };
    let total_count = page.total(|| waiting().count().get_result(connection))?;
    let mut query = waiting();
    if let Some(after) = &page.after {
        let number: i32 = after.key.parse().unwrap_or(i32::MAX);
        query = query.filter(
            enrollments::waitlist_number
                .gt(number)
                .or(enrollments::waitlist_number.eq(number).and(enrollments::id.gt(after.id.clone()))),
        );
    }
    let rows = query
        .order((enrollments::waitlist_number, enrollments::id))
        .limit(page.fetch_limit())
        .select(Enrollment::as_select())
        .load(connection)?;
    Ok(Page::from_rows(rows, page, total_count))
}

/// How many enrollments of each status several cohorts have: (cohort, status, count).
pub fn status_counts(connection: &mut DbConnection, cohorts: &[CohortId]) -> QueryResult<Vec<(CohortId, String, i64)>> {
    enrollments::table
        .filter(enrollments::cohort_id.eq_any(cohorts))
        .group_by((enrollments::cohort_id, enrollments::status))
        .select((enrollments::cohort_id, enrollments::status, count_star()))
        .load(connection)
}

/// How many of a cohort's enrollments have one status, income group and region (as recorded at
/// enrollment).
#[derive(Debug, Queryable)]
pub struct DemographicCount {
    pub income_group: Option<String>,
    pub region: Option<String>,
    pub status: String,
    pub count: i64,
}

/// A cohort's enrollments counted by status and by the income group and region recorded at
/// enrollment.
pub fn demographics(connection: &mut DbConnection, cohort: &CohortId) -> QueryResult<Vec<DemographicCount>> {
    enrollments::table
        .filter(enrollments::cohort_id.eq(cohort))
        .group_by((enrollments::income_group, enrollments::region, enrollments::status))
        .select((enrollments::income_group, enrollments::region, enrollments::status, count_star()))
        .load(connection)
}
