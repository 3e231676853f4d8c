//! Serializing transactions that decide on the same thing (one author's rate limit) without
//! locking a table: on PostgreSQL a transaction-scoped advisory lock on a hash of each key; on
//! SQLite nothing, since its writers already take turns (see `transaction`).

use diesel::RunQueryDsl;
use diesel::sql_types::{Array, Text};

use super::DbConnection;

/// Waits until no other transaction holds any of `keys`, and holds them until this transaction
/// ends. Call it inside a write transaction, with the keys sorted: two transactions that take
/// overlapping keys in the same order cannot deadlock.
pub fn serialize_on_all(connection: &mut DbConnection, keys: &[String]) -> diesel::QueryResult<()> {
    match connection {
        DbConnection::Postgresql(pg) if !keys.is_empty() => diesel::sql_query(
            "SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n",
        )
        .bind::<Array<Text>, _>(keys)
        .execute(pg)
        .map(drop),
        _ => Ok(()),
    }
}
