//! Keeps the campaign groups and the participation counts in step with the published comments.
//!
//! Every transaction that makes comments published or stops them being published (submission,
//! withdrawal, hiding, restoring, an edit that changes the text) calls [`record`] with the
//! change, so the statistics are read from a few counter rows instead of a scan of the
//! comments. The changes of one transaction are summed per row first and written with one
//! multi-row upsert per table, in key order, so that concurrent writers on PostgreSQL take the
//! row locks in the same order and a batch of a thousand comments costs two statements.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::consultations::campaigns::service::TextChange;
use crate::consultations::model::{Comment, CommentStatus, ConsultationId, RoundId};
use crate::db::DbConnection;
use crate::db::schema::{comment_text_groups, participation_counts};

/// The dimensions of the participation statistics, as stored in `participation_counts`.
pub mod dimension {
    pub const TOTAL: &str = "TOTAL";
    pub const STAKEHOLDER_KIND: &str = "STAKEHOLDER_KIND";
    pub const INCOME_GROUP: &str = "INCOME_GROUP";
    pub const REGION: &str = "REGION";
    pub const LANGUAGE: &str = "LANGUAGE";
    pub const STANCE: &str = "STANCE";
    pub const TEXTS: &str = "TEXTS";
}

/// The values of the `TEXTS` dimension.
pub mod texts {
    pub const UNIQUE: &str = "UNIQUE";
    pub const CAMPAIGNS: &str = "CAMPAIGNS";
    pub const IN_CAMPAIGNS: &str = "IN_CAMPAIGNS";
}

/// The value recorded when the author gave no country (no income group, no region).
pub const UNKNOWN: &str = "UNKNOWN";

/// Records that each comment became published (`+1`) or stopped being published (`-1`).
pub fn record(connection: &mut DbConnection, changes: &[(&Comment, i64)]) -> QueryResult<()> {
    let mut counts = Counts::default();
    let mut groups: BTreeMap<(RoundId, String), (ConsultationId, i64)> = BTreeMap::new();
    for &(comment, delta) in changes {
        for (dimension, value) in demographics(comment) {
            counts.add(comment, dimension, value, delta);
        }
        match &comment.text_fingerprint {
            Some(fingerprint) => {
                let entry = groups
                    .entry((comment.round_id.clone(), fingerprint.clone()))
                    .or_insert_with(|| (comment.consultation_id.clone(), 0));
                entry.1 += delta;
            }
            None => counts.add_texts(&comment.round_id, &comment.consultation_id, TextChange::single(delta)),
        }
    }
    groups.retain(|_, (_, delta)| *delta != 0);
    for (round, consultation, before, after) in resize_groups(connection, &groups)? {
        counts.add_texts(&round, &consultation, TextChange::of_group(before, after));
    }
    counts.write(connection)
}

/// The demographic values a comment is counted under.
fn demographics(comment: &Comment) -> [(&'static str, &str); 6] {
    [
        (dimension::TOTAL, ""),
        (dimension::STAKEHOLDER_KIND, &comment.stakeholder_kind),
        (dimension::INCOME_GROUP, comment.income_group.as_deref().unwrap_or(UNKNOWN)),
        (dimension::REGION, comment.region.as_deref().unwrap_or(UNKNOWN)),
        (dimension::LANGUAGE, &comment.language),
        (dimension::STANCE, &comment.stance),
    ]
}

/// Adds the deltas to the groups; returns each group's size before and after.
fn resize_groups(
    connection: &mut DbConnection,
    groups: &BTreeMap<(RoundId, String), (ConsultationId, i64)>,
) -> QueryResult<Vec<(RoundId, ConsultationId, i64, i64)>> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<_> = groups
        .iter()
        .map(|((round, fingerprint), (consultation, delta))| {
            (
                comment_text_groups::round_id.eq(round),
                comment_text_groups::fingerprint.eq(fingerprint),
                comment_text_groups::consultation_id.eq(consultation),
                comment_text_groups::size.eq(*delta),
            )
        })
        .collect();
    let upsert = diesel::insert_into(comment_text_groups::table)
        .values(rows)
        .on_conflict((comment_text_groups::round_id, comment_text_groups::fingerprint))
        .do_update()
        .set(comment_text_groups::size.eq(comment_text_groups::size + excluded(comment_text_groups::size)))
        .returning((comment_text_groups::round_id, comment_text_groups::fingerprint, comment_text_groups::size));
    let sizes: Vec<(RoundId, String, i64)> = match connection {
        DbConnection::Postgresql(pg) => upsert.get_results(pg)?,
        DbConnection::Sqlite(sqlite) => upsert.get_results(sqlite)?,
    };
    Ok(sizes
        .into_iter()
        .filter_map(|(round, fingerprint, after)| {
            let (consultation, delta) = groups.get(&(round.clone(), fingerprint))?;
            Some((round, consultation.clone(), after - delta, after))
        })
        .collect())
}

/// Counter changes, summed per row and kept in key order.
#[derive(Default)]
struct Counts {
    rows: BTreeMap<(RoundId, &'static str, String), (ConsultationId, i64)>,
}

impl Counts {
    fn add(&mut self, comment: &Comment, dimension: &'static str, value: &str, delta: i64) {
        self.add_row(&comment.round_id, &comment.consultation_id, dimension, value, delta);
    }

    fn add_texts(&mut self, round: &RoundId, consultation: &ConsultationId, change: TextChange) {
        self.add_row(round, consultation, dimension::TEXTS, texts::UNIQUE, change.unique);
        self.add_row(round, consultation, dimension::TEXTS, texts::CAMPAIGNS, change.campaigns);
        self.add_row(round, consultation, dimension::TEXTS, texts::IN_CAMPAIGNS, change.in_campaigns);
    }

    fn add_row(
        &mut self,
        round: &RoundId,
        consultation: &ConsultationId,
        dimension: &'static str,
        value: &str,
        delta: i64,
    ) {
        if delta == 0 {
            return;
        }
        let entry =
            self.rows.entry((round.clone(), dimension, value.to_owned())).or_insert_with(|| (consultation.clone(), 0));
        entry.1 += delta;
    }

    fn write(self, connection: &mut DbConnection) -> QueryResult<()> {
        let rows: Vec<_> = self
            .rows
            .iter()
            .filter(|(_, (_, delta))| *delta != 0)
            .map(|((round, dimension, value), (consultation, delta))| {
                (
                    participation_counts::round_id.eq(round),
                    participation_counts::dimension.eq(*dimension),
                    participation_counts::value.eq(value),
                    participation_counts::consultation_id.eq(consultation),
                    participation_counts::count.eq(*delta),
                )
            })
            .collect();
        if rows.is_empty() {
            return Ok(());
        }
        let upsert = diesel::insert_into(participation_counts::table)
            .values(rows)
            .on_conflict((participation_counts::round_id, participation_counts::dimension, participation_counts::value))
            .do_update()
            .set(participation_counts::count.eq(participation_counts::count + excluded(participation_counts::count)));
        match connection {
            DbConnection::Postgresql(pg) => upsert.execute(pg),
            DbConnection::Sqlite(sqlite) => upsert.execute(sqlite),
        }
        .map(drop)
    }
}

/// Records a comment's move from one status to another.
pub fn status_changed(
    connection: &mut DbConnection,
    comment: &Comment,
    from: CommentStatus,
    to: CommentStatus,
) -> QueryResult<()> {
    match (from == CommentStatus::Published, to == CommentStatus::Published) {
        (true, false) => record(connection, &[(comment, -1)]),
        (false, true) => record(connection, &[(comment, 1)]),
        _ => Ok(()),
    }
}

/// Records that a published comment's text changed from `before`'s to `after`'s (its group may
/// change; its demographics do not, so they net out).
pub fn text_changed(connection: &mut DbConnection, before: &Comment, after: &Comment) -> QueryResult<()> {
    if before.status() != CommentStatus::Published || before.text_fingerprint == after.text_fingerprint {
        return Ok(());
    }
    record(connection, &[(before, -1), (after, 1)])
}
