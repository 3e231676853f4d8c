//! Serializing transactions that decide on the same thing (one author's rate limit) without
//! locking a table: on PostgreSQL a transaction-scoped advisory lock on a hash of the key; on
//! SQLite nothing, since its writers already take turns (see `transaction`).

use diesel::RunQueryDsl;
use diesel::sql_types::Text;

use super::DbConnection;

/// Waits until no other transaction holds `key`, and holds it until this transaction ends.
/// Call it inside a write transaction.
pub fn serialize_on(connection: &mut DbConnection, key: &str) -> diesel::QueryResult<()> {
    match connection {
        DbConnection::Postgresql(pg) => diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind::<Text, _>(key)
            .execute(pg)
            .map(drop),
        DbConnection::Sqlite(_) => Ok(()),
    }
}
