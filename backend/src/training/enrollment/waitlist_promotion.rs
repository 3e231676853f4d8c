//! Giving free seats to the waitlist, inside the transaction that freed them (a withdrawal, a
//! rejection, a larger capacity) or that found the enrollment window closed. The caller holds
//! the cohort's lock ([`super::store::lock_cohort`]).

use diesel::QueryResult;

use super::model::{Cohort, EnrollmentStatus};
use super::notify;
use super::seat_rules::Seats;
use super::store;
use crate::db::{DbConnection, time};
use crate::mail::{Mailer, templates};

/// Promotes whoever the seats now free go to, in waitlist order, and emails each of them; once
/// the enrollment window has closed, also releases the priority seats still free (recorded on
/// the cohort, which the caller passes mutably and this saves). Returns how many were promoted.
pub fn fill_free_seats(connection: &mut DbConnection, mailer: &Mailer, cohort: &mut Cohort) -> QueryResult<usize> {
    let now = time::now();
    let taken = store::seats_taken(connection, &cohort.id)?;
    let seats = Seats::of(cohort, now);
    let promoted = if taken.total() < cohort.capacity {
        let waitlist = store::waitlist(connection, &cohort.id)?;
        seats.promotions(taken, &waitlist)
    } else {
        Vec::new()
    };
    for (id, seat) in &promoted {
        let Some(mut enrollment) = store::find_enrollment(connection, id)? else { continue };
        enrollment.status = EnrollmentStatus::Active.as_str().to_owned();
        enrollment.seat = Some(seat.as_str().to_owned());
        enrollment.seated_at = Some(now);
        enrollment.updated_at = now;
        store::save_enrollment(connection, &enrollment)?;
        notify::tell(connection, mailer, cohort, &enrollment, templates::ENROLLMENT_PROMOTED, &[])?;
    }
    if cohort.priority_release_due(now) {
        cohort.priority_released_at = Some(now);
        cohort.updated_at = now;
        store::update_cohort(connection, cohort)?;
    }
    Ok(promoted.len())
}
