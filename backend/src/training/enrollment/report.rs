//! Reports for instructors and admins: a cohort's enrollments and completions by the World Bank
//! income group and the UN region of participants' countries when they enrolled, to see whether
//! the places reserved for lower-income countries reach the people they are for.

use std::collections::BTreeMap;

use super::model::{Cohort, EnrollmentStatus};
use super::store;
use crate::auth::Principal;
use crate::error::AppResult;
use crate::services::Services;
use crate::training::access::authorize_teaching;

/// The key of participants whose country is not known (or not classified).
pub const UNKNOWN: &str = "UNKNOWN";

/// Counts for one group of participants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Holding a seat (active or completed).
    pub enrolled: i64,
    pub completed: i64,
    pub waitlisted: i64,
    pub pending_approval: i64,
    pub withdrawn: i64,
    pub rejected: i64,
}

impl Tally {
    fn add(&mut self, status: EnrollmentStatus, count: i64) {
        match status {
            EnrollmentStatus::Active => self.enrolled += count,
            EnrollmentStatus::Completed => {
                self.enrolled += count;
                self.completed += count;
            }
            EnrollmentStatus::Waitlisted => self.waitlisted += count,
            EnrollmentStatus::PendingApproval => self.pending_approval += count,
            EnrollmentStatus::Withdrawn => self.withdrawn += count,
            EnrollmentStatus::Rejected => self.rejected += count,
        }
    }

    /// Completed as a whole percentage of those who held a seat.
    pub fn completion_rate(&self) -> i32 {
        if self.enrolled == 0 { 0 } else { (self.completed * 100 / self.enrolled) as i32 }
    }
}

/// A cohort's report.
#[derive(Debug, Clone, Default)]
pub struct CohortReport {
    pub total: Tally,
    /// By income group (`LOW`, `LOWER_MIDDLE`, `UPPER_MIDDLE`, `HIGH`, or [`UNKNOWN`]).
    pub by_income_group: BTreeMap<String, Tally>,
    /// By UN region (`AFRICA`, `AMERICAS`, …, or [`UNKNOWN`]).
    pub by_region: BTreeMap<String, Tally>,
}

/// The report of one cohort (instructors of its course and admins).
pub async fn of_cohort(services: &Services, principal: Option<&Principal>, cohort: &Cohort) -> AppResult<CohortReport> {
    authorize_teaching(principal, &cohort.course_id)?;
    let id = cohort.id.clone();
    let rows = services.db.run(move |connection| Ok(store::demographics(connection, &id)?)).await?;
    let mut report = CohortReport::default();
    for store::DemographicCount { income_group, region, status, count } in rows {
        let Some(status) = EnrollmentStatus::from_stored(&status) else { continue };
        report.total.add(status, count);
        let income_group = income_group.unwrap_or_else(|| UNKNOWN.to_owned());
        report.by_income_group.entry(income_group).or_default().add(status, count);
        let region = region.unwrap_or_else(|| UNKNOWN.to_owned());
        report.by_region.entry(region).or_default().add(status, count);
    }
    Ok(report)
}
