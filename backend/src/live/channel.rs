//! The PostgreSQL channel on which the comment writer announces accepted comments: their IDs,
//! comma-separated, in payloads under PostgreSQL's 8000-byte limit.
//!
//! The announcement is made inside the batch transaction. PostgreSQL holds a transaction's
//! notifications until it commits and drops them if it rolls back, so listeners hear of exactly
//! the comments that were stored, once they can be read.

use diesel::RunQueryDsl;
use diesel::sql_types::{Array, Text};

use crate::consultations::model::CommentId;
use crate::db::DbConnection;

/// The channel every instance listens on.
pub const CHANNEL: &str = "agora_comments_accepted";

/// The largest payload sent (PostgreSQL refuses 8000 bytes or more).
const MAX_PAYLOAD_BYTES: usize = 7999;

/// Announces `ids` on PostgreSQL (one statement, whatever their number); nothing on SQLite,
/// where the writer hands its comments to the hub after the commit.
pub fn announce<'a>(
    connection: &mut DbConnection,
    ids: impl Iterator<Item = &'a CommentId>,
) -> diesel::QueryResult<()> {
    let DbConnection::Postgresql(pg) = connection else {
        return Ok(());
    };
    let payloads = payloads(ids);
    if payloads.is_empty() {
        return Ok(());
    }
    diesel::sql_query(
        "SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY n",
    )
    .bind::<Text, _>(CHANNEL)
    .bind::<Array<Text>, _>(payloads)
    .execute(pg)
    .map(drop)
}

/// The IDs in as few payloads as fit.
fn payloads<'a>(ids: impl Iterator<Item = &'a CommentId>) -> Vec<String> {
    let mut payloads: Vec<String> = Vec::new();
    let mut current = String::new();
    for id in ids {
        if !current.is_empty() && current.len() + 1 + id.as_str().len() > MAX_PAYLOAD_BYTES {
            payloads.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(',');
        }
        current.push_str(id.as_str());
    }
    if !current.is_empty() {
        payloads.push(current);
    }
    payloads
}

/// The IDs of one payload.
pub fn parse(payload: &str) -> impl Iterator<Item = CommentId> + '_ {
    payload.split(',').filter(|id| !id.is_empty()).map(|id| CommentId(id.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_stay_under_the_limit_and_keep_every_id_in_order() {
        let ids: Vec<CommentId> = (0..1000).map(|_| CommentId::generate()).collect();
        let payloads = payloads(ids.iter());
        assert!(payloads.len() > 1, "1000 IDs need several payloads");
        assert!(payloads.iter().all(|payload| payload.len() <= MAX_PAYLOAD_BYTES));
        let parsed: Vec<CommentId> = payloads.iter().flat_map(|payload| parse(payload)).collect();
        assert_eq!(parsed, ids);
    }

    #[test]
    fn no_ids_make_no_payload() {
        assert!(payloads(std::iter::empty()).is_empty());
    }
}
