//! Who gets which seat: the rules of a cohort's seats, as pure functions over counts, so that
//! they can be read (and tested) apart from the transactions that apply them.
//!
//! A cohort has `capacity` seats; `priority_seats` of them are kept for participants whose
//! country was low- or lower-middle-income when they enrolled. An eligible participant takes a
//! priority seat first and a general one when those are gone. While enrollment is open, a free
//! priority seat waits for an eligible participant; once it has closed, it goes to whoever is
//! next on the waitlist.

use super::model::{Cohort, Enrollment, EnrollmentId, SeatKind};

/// The seats a cohort's enrollments hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeatsTaken {
    pub priority: i32,
    pub general: i32,
}

impl SeatsTaken {
    pub fn total(self) -> i32 {
        self.priority + self.general
    }

    fn take(&mut self, seat: SeatKind) {
        match seat {
            SeatKind::Priority => self.priority += 1,
            SeatKind::General => self.general += 1,
        }
    }
}

/// A cohort's seat settings at one moment.
#[derive(Debug, Clone, Copy)]
pub struct Seats {
    pub capacity: i32,
    pub priority_seats: i32,
    /// Whether free priority seats are still kept for eligible participants (the enrollment
    /// window has not closed).
    pub reserve_priority: bool,
}

impl Seats {
    /// The settings of `cohort` at `at`.
    pub fn of(cohort: &Cohort, at: chrono::NaiveDateTime) -> Self {
        Self {
            capacity: cohort.capacity,
            priority_seats: cohort.priority_seats,
            reserve_priority: at < cohort.enrollment_closes_at,
        }
    }

    /// The seat a participant would get now, if any.
    pub fn seat_for(self, taken: SeatsTaken, eligible: bool) -> Option<SeatKind> {
        let free = (self.capacity - taken.total()).max(0);
        let priority_free = free.min((self.priority_seats - taken.priority).max(0));
        let general_free = free - priority_free;
        if eligible && priority_free > 0 {
            Some(SeatKind::Priority)
        } else if general_free > 0 {
            Some(SeatKind::General)
        } else if !self.reserve_priority && priority_free > 0 {
            Some(SeatKind::Priority)
        } else {
            None
        }
    }

    /// Who on the waitlist (given in waitlist order) gets a seat now, and which: each person in
    /// turn, skipping those only a kept priority seat could take if they are not eligible.
    pub fn promotions(self, mut taken: SeatsTaken, waitlist: &[Enrollment]) -> Vec<(EnrollmentId, SeatKind)> {
        let mut promoted = Vec::new();
        for candidate in waitlist {
            if taken.total() >= self.capacity {
                break;
            }
            if let Some(seat) = self.seat_for(taken, candidate.priority_eligible) {
                taken.take(seat);
                promoted.push((candidate.id.clone(), seat));
            }
        }
        promoted
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;
    use crate::identity::model::UserId;
    use crate::training::enrollment::model::{CohortId, EnrollmentStatus};

    fn seats(capacity: i32, priority_seats: i32, reserve_priority: bool) -> Seats {
        Seats { capacity, priority_seats, reserve_priority }
    }

    fn waiting(id: &str, eligible: bool) -> Enrollment {
        let at = NaiveDateTime::default();
        Enrollment {
            id: EnrollmentId(id.to_owned()),
            cohort_id: CohortId("c".to_owned()),
            user_id: UserId(id.to_owned()),
            status: EnrollmentStatus::Waitlisted.as_str().to_owned(),
            seat: None,
            priority_eligible: eligible,
            country_code: None,
            income_group: None,
            region: None,
            motivation: None,
            waitlist_number: Some(1),
            decided_by: None,
            decided_at: None,
            seated_at: None,
            completed_at: None,
            withdrawn_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn eligible_participants_take_priority_seats_first() {
        let open = seats(3, 1, true);
        assert_eq!(open.seat_for(SeatsTaken::default(), true), Some(SeatKind::Priority));
        assert_eq!(open.seat_for(SeatsTaken { priority: 1, general: 0 }, true), Some(SeatKind::General));
        assert_eq!(open.seat_for(SeatsTaken::default(), false), Some(SeatKind::General));
    }

    #[test]
    fn kept_priority_seats_wait_for_eligible_participants_while_enrollment_is_open() {
        let open = seats(3, 1, true);
        let general_full = SeatsTaken { priority: 0, general: 2 };
        assert_eq!(open.seat_for(general_full, false), None);
        assert_eq!(open.seat_for(general_full, true), Some(SeatKind::Priority));
        let closed = seats(3, 1, false);
        assert_eq!(closed.seat_for(general_full, false), Some(SeatKind::Priority));
    }

    #[test]
    fn a_full_cohort_has_no_seat_for_anyone() {
        let open = seats(2, 1, true);
        assert_eq!(open.seat_for(SeatsTaken { priority: 1, general: 1 }, true), None);
        assert_eq!(open.seat_for(SeatsTaken { priority: 0, general: 2 }, true), None);
    }

    #[test]
    fn promotion_follows_the_waitlist_and_skips_who_cannot_take_a_kept_seat() {
        let waitlist = [waiting("a", false), waiting("b", true), waiting("c", false)];
        let one_priority_free = seats(3, 1, true).promotions(SeatsTaken { priority: 0, general: 2 }, &waitlist);
        assert_eq!(one_priority_free, vec![(EnrollmentId("b".to_owned()), SeatKind::Priority)]);
        let after_close = seats(3, 1, false).promotions(SeatsTaken { priority: 0, general: 2 }, &waitlist);
        assert_eq!(after_close, vec![(EnrollmentId("a".to_owned()), SeatKind::Priority)]);
        let two_free = seats(4, 1, true).promotions(SeatsTaken { priority: 0, general: 2 }, &waitlist);
        assert_eq!(
            two_free,
            vec![(EnrollmentId("a".to_owned()), SeatKind::General), (EnrollmentId("b".to_owned()), SeatKind::Priority)]
        );
    }
}
