//! The SQL of participation statistics: reading the maintained counters and the text groups
//! (campaigns), each with an index that answers it without scanning the comments.

use diesel::prelude::*;

use crate::consultations::campaigns::service::CAMPAIGN_SIZE;
use crate::consultations::model::{Comment, CommentStatus, ConsultationId, RoundId};
use crate::db::DbConnection;
use crate::db::schema::{comment_text_groups, comments, participation_counts};

/// The `(dimension, value, count)` rows of a round's counters, or of every round of a
/// consultation.
pub fn counts(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    round: Option<&RoundId>,
) -> QueryResult<Vec<(String, String, i64)>> {
    let mut query = participation_counts::table
        .filter(participation_counts::consultation_id.eq(consultation))
        .select((participation_counts::dimension, participation_counts::value, participation_counts::count))
        .into_boxed();
    if let Some(round) = round {
        query = query.filter(participation_counts::round_id.eq(round));
    }
    query.load(connection)
}

/// The largest text groups of at least [`CAMPAIGN_SIZE`] comments (at most `limit`), as
/// `(round, fingerprint, size)`, read backwards along `comment_text_groups_largest(_in_round)`:
/// no sort, however many small groups there are.
pub fn largest_groups(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    round: Option<&RoundId>,
    limit: i64,
) -> QueryResult<Vec<(RoundId, String, i64)>> {
    let mut query = comment_text_groups::table
        .filter(comment_text_groups::size.ge(CAMPAIGN_SIZE))
        .select((comment_text_groups::round_id, comment_text_groups::fingerprint, comment_text_groups::size))
        .order((comment_text_groups::size.desc(), comment_text_groups::fingerprint.desc()))
        .limit(limit)
        .into_boxed();
    query = match round {
        Some(round) => query.filter(comment_text_groups::round_id.eq(round)),
        None => query.filter(comment_text_groups::consultation_id.eq(consultation)),
    };
    query.load(connection)
}

/// The earliest published comment of each text group (one indexed look-up per group: a query
/// for all members at once would read every comment of a large campaign).
pub fn first_comments_of_groups(
    connection: &mut DbConnection,
    keys: &[(RoundId, String)],
) -> QueryResult<Vec<((RoundId, String), Comment)>> {
    let mut found = Vec::with_capacity(keys.len());
    for (round, fingerprint) in keys {
        if let Some(comment) = first_of_group(connection, round, fingerprint)? {
            found.push(((round.clone(), fingerprint.clone()), comment));
        }
    }
    Ok(found)
}

fn first_of_group(connection: &mut DbConnection, round: &RoundId, fingerprint: &str) -> QueryResult<Option<Comment>> {
    comments::table
        .filter(comments::round_id.eq(round))
        .filter(comments::text_fingerprint.eq(fingerprint))
        .filter(comments::status.eq(CommentStatus::Published.as_str()))
        .order(comments::id)
        .select(Comment::as_select())
        .first(connection)
        .optional()
}

/// The current sizes of text groups (for a page of comments): `(round, fingerprint, size)`.
pub fn group_sizes(
    connection: &mut DbConnection,
    keys: &[(RoundId, String)],
) -> QueryResult<Vec<(RoundId, String, i64)>> {
    let rounds: Vec<&RoundId> = keys.iter().map(|(round, _)| round).collect();
    let fingerprints: Vec<&String> = keys.iter().map(|(_, fingerprint)| fingerprint).collect();
    let rows: Vec<(RoundId, String, i64)> = comment_text_groups::table
        .filter(comment_text_groups::round_id.eq_any(rounds))
        .filter(comment_text_groups::fingerprint.eq_any(fingerprints))
        .select((comment_text_groups::round_id, comment_text_groups::fingerprint, comment_text_groups::size))
        .load(connection)?;
    Ok(rows
        .into_iter()
        .filter(|(round, fingerprint, _)| keys.iter().any(|(r, f)| r == round && f == fingerprint))
        .collect())
}
