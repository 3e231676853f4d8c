//! Participation statistics: who took part in a consultation or a round, by stakeholder kind,
//! country income group, UN region, language and stance, and how many distinct texts and
//! campaigns it received.
//!
//! The figures come from the counters that [`super::counters`] keeps as comments change (a few
//! rows per round), never from a scan of the comments, so they cost the same for ten comments or
//! a million.
//! They count published comments (replies included; withdrawn and hidden ones leave the
//! figures); zero cells are left out.
//!
//! What small-cell suppression protects: who the participants are. The breakdowns by the
//! author's attributes (stakeholder kind, income group and region of their country, language)
//! publish counts from 1 to 4 as "fewer than 5", so that the statistics never point at a small
//! group of people such as the two participants from one region. Comment lists filtered by the
//! same attributes follow the same rule for readers who do not see everything (`listing`
//! withholds a list that selects fewer than 5 people), so no answer of the API counts or names
//! such a group. It is not secrecy: every published comment still shows, to anyone and in the
//! open-data export, what it says about its own author; the rule keeps the API from singling
//! small groups out. The stance breakdown and the totals are exact: a stance is what a comment
//! says rather than who wrote it, every comment shows it and readers filter by it to read the
//! other side, and with the exact total a lone withheld stance would follow by subtraction.

use std::collections::BTreeMap;

use diesel::QueryResult;

use crate::auth::Principal;
use crate::consultations::access;
use crate::consultations::model::{CommentRound, Consultation, ConsultationId, RoundId};
use crate::consultations::statistics::store as counters_store;
use crate::consultations::store;
use crate::db::DbConnection;
use crate::error::{AppError, AppResult};
use crate::services::Services;

/// Counts below this (and above zero) are withheld.
pub const SMALL_CELL: i64 = 5;

/// Whether small counts of a breakdown are withheld: those by who the authors are (see the
/// module documentation), not the stance.
pub fn withholds_small_counts(dimension: &str) -> bool {
    use crate::consultations::statistics::counters::dimension::{INCOME_GROUP, LANGUAGE, REGION, STAKEHOLDER_KIND};
    [STAKEHOLDER_KIND, INCOME_GROUP, REGION, LANGUAGE].contains(&dimension)
}

/// A count as it is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishedCount {
    Exact(i64),
    FewerThanFive,
}

impl PublishedCount {
    pub fn of(count: i64) -> Self {
        if (1..SMALL_CELL).contains(&count) { Self::FewerThanFive } else { Self::Exact(count.max(0)) }
    }
}

/// The raw figures of a consultation or a round, before small counts are withheld.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// `(dimension, value) → count`, zero rows left out.
    pub counts: BTreeMap<(String, String), i64>,
}

impl Figures {
    pub fn count(&self, dimension: &str, value: &str) -> i64 {
        self.counts.get(&(dimension.to_owned(), value.to_owned())).copied().unwrap_or(0)
    }

    /// The non-zero cells of one dimension, largest first (then by value).
    pub fn cells(&self, dimension: &str) -> Vec<(String, i64)> {
        let mut cells: Vec<(String, i64)> = self
            .counts
            .iter()
            .filter(|((name, _), count)| name == dimension && **count > 0)
            .map(|((_, value), count)| (value.clone(), *count))
            .collect();
        cells.sort_by(|(a, a_count), (b, b_count)| b_count.cmp(a_count).then_with(|| a.cmp(b)));
        cells
    }
}

/// The statistics of a consultation, or of one of its rounds.
pub struct Participation {
    pub consultation: Consultation,
    pub round: Option<CommentRound>,
    pub figures: Figures,
}

/// The statistics the caller asked for; `NOT_FOUND` for a consultation the caller may not see
/// or a round of another consultation.
pub async fn participation(
    services: &Services,
    principal: Option<&Principal>,
    consultation_id: ConsultationId,
    round_id: Option<RoundId>,
) -> AppResult<Participation> {
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let (consultation, _) = access::visible(connection, principal.as_ref(), &consultation_id)?;
            let round = match &round_id {
                Some(id) => Some(
                    store::find_round(connection, id)?
                        .filter(|round| round.consultation_id == consultation.id)
                        .ok_or(AppError::NotFound)?,
                ),
                None => None,
            };
            let figures = figures(connection, &consultation.id, round.as_ref().map(|round| &round.id))?;
            Ok(Participation { consultation, round, figures })
        })
        .await
}

/// The counters of a round, or the sum over the rounds of a consultation.
pub fn figures(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    round: Option<&RoundId>,
) -> QueryResult<Figures> {
    let mut figures = Figures::default();
    for (dimension, value, count) in counters_store::counts(connection, consultation, round)? {
        *figures.counts.entry((dimension, value)).or_insert(0) += count;
    }
    figures.counts.retain(|_, count| *count != 0);
    Ok(figures)
}

/// A campaign: a text group of at least
/// [`CAMPAIGN_SIZE`](crate::consultations::campaigns::service::CAMPAIGN_SIZE) published comments
/// in one round.
#[derive(Debug, Clone)]
pub struct Campaign {
    pub round_id: RoundId,
    pub fingerprint: String,
    pub size: i64,
}

/// The largest campaigns of a consultation or round (at most `limit`).
pub async fn largest_campaigns(
    services: &Services,
    consultation: ConsultationId,
    round: Option<RoundId>,
    limit: i64,
) -> AppResult<Vec<Campaign>> {
    services
        .db
        .run(move |connection| {
            let groups = counters_store::largest_groups(connection, &consultation, round.as_ref(), limit)?;
            Ok(groups
                .into_iter()
                .map(|(round_id, fingerprint, size)| Campaign { round_id, fingerprint, size })
                .collect())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultations::statistics::counters::dimension;

    #[test]
    fn small_counts_are_withheld() {
        assert_eq!(PublishedCount::of(0), PublishedCount::Exact(0));
        for count in 1..5 {
            assert_eq!(PublishedCount::of(count), PublishedCount::FewerThanFive);
        }
        assert_eq!(PublishedCount::of(5), PublishedCount::Exact(5));
        assert_eq!(PublishedCount::of(1_000_000), PublishedCount::Exact(1_000_000));
    }

    #[test]
    fn small_counts_are_withheld_by_who_the_authors_are_not_by_stance() {
        for protected in [dimension::STAKEHOLDER_KIND, dimension::INCOME_GROUP, dimension::REGION, dimension::LANGUAGE]
        {
            assert!(withholds_small_counts(protected), "{protected}");
        }
        for exact in [dimension::STANCE, dimension::TOTAL, dimension::TEXTS] {
            assert!(!withholds_small_counts(exact), "{exact}");
        }
    }

    #[test]
    fn cells_are_largest_first_without_zeros() {
        let mut figures = Figures::default();
        for (value, count) in [("SUPPORT", 7), ("OPPOSE", 12), ("NEUTRAL", 0)] {
            figures.counts.insert((dimension::STANCE.to_owned(), value.to_owned()), count);
        }
        assert_eq!(figures.cells(dimension::STANCE), vec![("OPPOSE".to_owned(), 12), ("SUPPORT".to_owned(), 7)]);
    }
}
