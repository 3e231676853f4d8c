//! Enrolling, withdrawing, and instructors' decisions on requests. Every change of seats runs
//! in one write transaction with the cohort locked, so two people can never take the same
//! seat, and a seat that frees goes to the waitlist in that same transaction.

use fluent_bundle::FluentValue;
use serde_json::json;

use super::model::{Cohort, CohortId, Enrollment, EnrollmentId, EnrollmentStatus};
use super::notify;
use super::seat_rules::Seats;
use super::store;
use super::waitlist_promotion::fill_free_seats;
use crate::audit::service::{self as audit, Actor, Target};
use crate::auth::permissions::{Action, authorize};
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::countries::model as countries;
use crate::identity::model::User;
use crate::mail::{Mailer, templates};
use crate::request::RequestContext;
use crate::services::Services;
use crate::text::parse_optional_text;
use crate::training::access::authorize_teaching;

const MAX_MOTIVATION: usize = 2_000;

/// Enrolls the caller: a seat if one is free (a priority seat first for an eligible
/// participant), else a waitlist place; a request pending approval if the cohort needs one.
pub async fn enroll(
    services: &Services,
    request: &RequestContext,
    cohort_id: CohortId,
    motivation: Option<String>,
) -> AppResult<Enrollment> {
    let principal = request.signed_in()?;
    authorize(Some(principal), Action::Enroll)?;
    let account = principal.account.clone();
    let motivation = motivation
        .map(|text| parse_optional_text(&text, "motivation", MAX_MOTIVATION))
        .transpose()?
        .filter(|text| !text.is_empty());
    let mailer = services.mailer.clone();
    let enrollment = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let cohort = store::lock_cohort(connection, &cohort_id)?.ok_or(AppError::NotFound)?;
                let now = time::now();
                if !cohort.enrollment_open_at(now) {
                    return Err(AppError::EnrollmentClosed);
                }
                let existing = store::find_enrollment_of(connection, &cohort.id, &account.id)?;
                let (mut enrollment, is_new) = match existing {
                    None => (new_enrollment(&cohort, &account, now), true),
                    Some(previous) if previous.status() == EnrollmentStatus::Withdrawn => (previous, false),
                    Some(previous) if previous.status() == EnrollmentStatus::Rejected => {
                        return Err(AppError::Conflict { message_id: "error-enrollment-status" });
                    }
                    Some(_) => return Err(AppError::Conflict { message_id: "error-already-enrolled" }),
                };
                record_country(&mut enrollment, &account);
                enrollment.motivation = motivation;
                enrollment.decided_by = None;
                enrollment.decided_at = None;
                enrollment.seated_at = None;
                enrollment.withdrawn_at = None;
                enrollment.updated_at = now;
                if cohort.requires_approval {
                    enrollment.status = EnrollmentStatus::PendingApproval.as_str().to_owned();
                    enrollment.waitlist_number = None;
                } else {
                    seat_or_waitlist(connection, &cohort, &mut enrollment)?;
                }
                if is_new {
                    store::insert_enrollment(connection, &enrollment)?;
                } else {
                    store::save_enrollment(connection, &enrollment)?;
                }
                announce(connection, &mailer, &cohort, &enrollment, false)?;
                Ok(enrollment)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(enrollment)
}

/// Withdraws the caller's enrollment (or request, or waitlist place); a seat it held goes to
/// the waitlist at once.
pub async fn withdraw(services: &Services, request: &RequestContext, id: EnrollmentId) -> AppResult<Enrollment> {
    let principal = request.signed_in()?.clone();
    let mailer = services.mailer.clone();
    let enrollment = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let (mut cohort, mut enrollment) = lock(connection, &id)?;
                let is_own_enrollment = enrollment.user_id == principal.user_id;
                authorize(Some(&principal), Action::TakeCourse { is_own_enrollment })?;
                if !is_open(&enrollment) {
                    return Err(AppError::Conflict { message_id: "error-enrollment-status" });
                }
                withdraw_locked(connection, &mailer, &mut cohort, &mut enrollment)?;
                Ok(enrollment)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(enrollment)
}

/// An instructor's decision: approving a request gives a seat if one is free, else a waitlist
/// place; rejecting ends a request, a waitlist place or an enrollment, and frees its seat.
/// Audited.
pub async fn decide(
    services: &Services,
    request: &RequestContext,
    id: EnrollmentId,
    approve: bool,
) -> AppResult<Enrollment> {
    let principal = request.signed_in()?.clone();
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let enrollment = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let (mut cohort, mut enrollment) = lock(connection, &id)?;
                authorize_teaching(Some(&principal), &cohort.course_id)?;
                let now = time::now();
                let status = enrollment.status();
                let held_seat = enrollment.seat.is_some();
                if approve {
                    if status != EnrollmentStatus::PendingApproval {
                        return Err(AppError::Conflict { message_id: "error-enrollment-status" });
                    }
                    seat_or_waitlist(connection, &cohort, &mut enrollment)?;
                } else {
                    if !matches!(
                        status,
                        EnrollmentStatus::PendingApproval | EnrollmentStatus::Waitlisted | EnrollmentStatus::Active
                    ) {
                        return Err(AppError::Conflict { message_id: "error-enrollment-status" });
                    }
                    enrollment.status = EnrollmentStatus::Rejected.as_str().to_owned();
                    enrollment.seat = None;
                }
                enrollment.decided_by = Some(principal.user_id.clone());
                enrollment.decided_at = Some(now);
                enrollment.updated_at = now;
                store::save_enrollment(connection, &enrollment)?;
                if approve {
                    announce(connection, &mailer, &cohort, &enrollment, true)?;
                } else {
                    notify::tell(connection, &mailer, &cohort, &enrollment, templates::ENROLLMENT_REJECTED, &[])?;
                    if held_seat {
                        fill_free_seats(connection, &mailer, &mut cohort)?;
                    }
                }
                let actor = Actor { user_id: Some(principal.user_id.as_str()), request_id: Some(&request_id) };
                let action = if approve { "enrollment.approve" } else { "enrollment.reject" };
                let details =
                    json!({ "cohortId": cohort.id, "status": enrollment.status, "previousStatus": status.as_str() });
                audit::record(connection, actor, action, Some(target(&enrollment.id)), &details)?;
                Ok(enrollment)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(enrollment)
}

/// Whether an enrollment can still be withdrawn: a request, a seat or a waitlist place.
pub fn is_open(enrollment: &Enrollment) -> bool {
    matches!(
        enrollment.status(),
        EnrollmentStatus::PendingApproval | EnrollmentStatus::Active | EnrollmentStatus::Waitlisted
    )
}

/// Withdraws an open enrollment of `cohort` (whose lock the caller holds); a seat it held goes
/// to the waitlist in the same transaction.
pub fn withdraw_locked(
    connection: &mut DbConnection,
    mailer: &Mailer,
    cohort: &mut Cohort,
    enrollment: &mut Enrollment,
) -> AppResult<()> {
    let now = time::now();
    let held_seat = enrollment.seat.is_some();
    enrollment.status = EnrollmentStatus::Withdrawn.as_str().to_owned();
    enrollment.seat = None;
    enrollment.withdrawn_at = Some(now);
    enrollment.updated_at = now;
    store::save_enrollment(connection, enrollment)?;
    if held_seat {
        fill_free_seats(connection, mailer, cohort)?;
    }
    Ok(())
}

/// The enrollment and its cohort, the cohort locked.
fn lock(connection: &mut DbConnection, id: &EnrollmentId) -> AppResult<(Cohort, Enrollment)> {
    let cohort_id = store::find_enrollment(connection, id)?.ok_or(AppError::NotFound)?.cohort_id;
    let cohort = store::lock_cohort(connection, &cohort_id)?.ok_or(AppError::NotFound)?;
    let enrollment = store::find_enrollment(connection, id)?.ok_or(AppError::NotFound)?;
    Ok((cohort, enrollment))
}

fn new_enrollment(cohort: &Cohort, account: &User, now: chrono::NaiveDateTime) -> Enrollment {
    Enrollment {
        id: EnrollmentId::generate(),
        cohort_id: cohort.id.clone(),
        user_id: account.id.clone(),
        status: EnrollmentStatus::PendingApproval.as_str().to_owned(),
        seat: None,
        priority_eligible: false,
        country_code: None,
        income_group: None,
        region: None,
        motivation: None,
        waitlist_number: None,
        decided_by: None,
        decided_at: None,
        seated_at: None,
        completed_at: None,
        withdrawn_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// Records the participant's country as it is now, with its income group and region: what
/// priority eligibility and the reports go by.
fn record_country(enrollment: &mut Enrollment, account: &User) {
    let country = account.country_code.as_deref().and_then(countries::find);
    enrollment.country_code = country.map(|country| country.code.clone());
    enrollment.income_group = country.and_then(|country| country.income_group).map(|group| group.as_str().to_owned());
    enrollment.region = country.map(|country| country.region.as_str().to_owned());
    enrollment.priority_eligible =
        country.and_then(|country| country.income_group).is_some_and(|group| group.is_priority());
}

/// Gives the enrollment a seat if one is free for it, else the next waitlist place.
fn seat_or_waitlist(connection: &mut DbConnection, cohort: &Cohort, enrollment: &mut Enrollment) -> AppResult<()> {
    let now = time::now();
    let taken = store::seats_taken(connection, &cohort.id)?;
    match Seats::of(cohort, now).seat_for(taken, enrollment.priority_eligible) {
        Some(seat) => {
            enrollment.status = EnrollmentStatus::Active.as_str().to_owned();
            enrollment.seat = Some(seat.as_str().to_owned());
            enrollment.seated_at = Some(now);
        }
        None => {
            enrollment.status = EnrollmentStatus::Waitlisted.as_str().to_owned();
            enrollment.seat = None;
            enrollment.waitlist_number = Some(store::next_waitlist_number(connection, &cohort.id)?);
        }
    }
    Ok(())
}

/// Emails the participant what enrolling (or an approval) gave them.
fn announce(
    connection: &mut DbConnection,
    mailer: &Mailer,
    cohort: &Cohort,
    enrollment: &Enrollment,
    approved: bool,
) -> AppResult<()> {
    match enrollment.status() {
        EnrollmentStatus::Active => {
            let template = if approved { templates::ENROLLMENT_APPROVED } else { templates::ENROLLMENT_ACTIVE };
            notify::tell(connection, mailer, cohort, enrollment, template, &[])?;
        }
        EnrollmentStatus::Waitlisted => {
            let position = store::waitlist_position(connection, enrollment)?.unwrap_or(1);
            let extra = [("position", FluentValue::from(position as f64))];
            notify::tell(connection, mailer, cohort, enrollment, templates::ENROLLMENT_WAITLISTED, &extra)?;
        }
        EnrollmentStatus::PendingApproval => {
            notify::tell(connection, mailer, cohort, enrollment, templates::ENROLLMENT_REQUESTED, &[])?;
        }
        _ => {}
    }
    Ok(())
}

fn target(id: &EnrollmentId) -> Target<'_> {
    Target { kind: "Enrollment", id: id.as_str() }
}
