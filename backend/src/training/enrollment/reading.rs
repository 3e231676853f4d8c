//! Reading cohorts and enrollments with their visibility rules: cohorts are public; an
//! enrollment is seen by its participant, the course's instructors and platform admins; the
//! roster, the waitlist and the reports by instructors and admins only.

use super::cohorts::release_if_due;
use super::model::{Cohort, CohortId, Enrollment, EnrollmentId, EnrollmentStatus, QuizAttempt, QuizAttemptId};
use super::store;
use crate::auth::Principal;
use crate::db::DbConnection;
use crate::db::page::{Page, PageRequest};
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::training::access::{authorize_teaching, teaches};
use crate::training::progress::store as progress;

/// A cohort by ID (anyone). Once its enrollment has closed, the free priority seats go to the
/// waitlist first, so what is read is up to date.
pub async fn find_cohort(services: &Services, id: CohortId) -> AppResult<Option<Cohort>> {
    let Some(cohort) = services.db.run(move |connection| Ok(store::find_cohort(connection, &id)?)).await? else {
        return Ok(None);
    };
    release_if_due(services, cohort).await.map(Some)
}

/// An enrollment, if the caller may see it.
pub async fn find_enrollment_visible(
    services: &Services,
    principal: Option<&Principal>,
    id: EnrollmentId,
) -> AppResult<Option<Enrollment>> {
    let Some(principal) = principal.cloned() else { return Ok(None) };
    services.db.run(move |connection| visible(connection, &principal, &id)).await
}

/// A quiz attempt, if the caller may see its enrollment.
pub async fn find_attempt_visible(
    services: &Services,
    principal: Option<&Principal>,
    id: QuizAttemptId,
) -> AppResult<Option<QuizAttempt>> {
    let Some(principal) = principal.cloned() else { return Ok(None) };
    services
        .db
        .run(move |connection| {
            let Some(attempt) = progress::find_attempt(connection, &id)? else { return Ok(None) };
            Ok(visible(connection, &principal, &attempt.enrollment_id)?.map(|_| attempt))
        })
        .await
}

fn visible(connection: &mut DbConnection, principal: &Principal, id: &EnrollmentId) -> AppResult<Option<Enrollment>> {
    let Some(enrollment) = store::find_enrollment(connection, id)? else { return Ok(None) };
    if enrollment.user_id == principal.user_id {
        return Ok(Some(enrollment));
    }
    let cohort = store::find_cohort(connection, &enrollment.cohort_id)?.ok_or(AppError::NotFound)?;
    Ok(teaches(Some(principal), &cohort.course_id).then_some(enrollment))
}

/// The caller's enrollments, newest first.
pub async fn mine(services: &Services, principal: Option<&Principal>) -> AppResult<Vec<Enrollment>> {
    let user = principal.ok_or(AppError::Unauthenticated)?.user_id.clone();
    services.db.run(move |connection| Ok(store::enrollments_of_user(connection, &user)?)).await
}

/// The caller's enrollment in a cohort, if any (none for someone not signed in).
pub async fn mine_in(
    services: &Services,
    principal: Option<&Principal>,
    cohort: CohortId,
) -> AppResult<Option<Enrollment>> {
    let Some(user) = principal.map(|principal| principal.user_id.clone()) else { return Ok(None) };
    services.db.run(move |connection| Ok(store::find_enrollment_of(connection, &cohort, &user)?)).await
}

/// A page of a cohort's enrollments (instructors and admins).
pub async fn roster(
    services: &Services,
    principal: Option<&Principal>,
    cohort: &Cohort,
    status: Option<EnrollmentStatus>,
    page: PageRequest,
) -> AppResult<Page<Enrollment>> {
    authorize_teaching(principal, &cohort.course_id)?;
    let id = cohort.id.clone();
    services.db.run(move |connection| Ok(store::roster_page(connection, &id, status, &page)?)).await
}

/// A page of a cohort's waitlist in order (instructors and admins).
pub async fn waitlist(
    services: &Services,
    principal: Option<&Principal>,
    cohort: &Cohort,
    page: PageRequest,
) -> AppResult<Page<Enrollment>> {
    authorize_teaching(principal, &cohort.course_id)?;
    let id = cohort.id.clone();
    services.db.run(move |connection| Ok(store::waitlist_page(connection, &id, &page)?)).await
}
