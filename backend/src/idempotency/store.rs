//! The queries of `idempotency_keys`. A key older than [`super::RETENTION`] counts as gone
//! whether or not it has been deleted yet.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::key::{IdempotencyKey, Operation};
use crate::db::DbConnection;
use crate::db::schema::idempotency_keys;
use crate::identity::model::UserId;

/// What a stored key holds: the object it created and the fingerprint of the input.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
pub struct Earlier {
    pub user_id: UserId,
    pub idempotency_key: String,
    pub object_id: String,
    pub input_fingerprint: String,
}

#[derive(Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct KeyInsertForm<'a> {
    pub user_id: &'a UserId,
    pub operation: &'a str,
    pub idempotency_key: &'a str,
    pub object_id: &'a str,
    pub input_fingerprint: &'a str,
    pub created_at: NaiveDateTime,
}

impl<'a> KeyInsertForm<'a> {
    pub fn new(user: &'a UserId, key: &'a IdempotencyKey, object_id: &'a str, now: NaiveDateTime) -> Self {
        Self {
            user_id: user,
            operation: key.operation().as_str(),
            idempotency_key: key.key(),
            object_id,
            input_fingerprint: key.fingerprint(),
            created_at: now,
        }
    }
}

/// The account's key for the operation, if stored since `since`.
pub fn find(
    connection: &mut DbConnection,
    user: &UserId,
    key: &IdempotencyKey,
    since: NaiveDateTime,
) -> QueryResult<Option<Earlier>> {
    idempotency_keys::table
        .find((user, key.operation().as_str(), key.key()))
        .filter(idempotency_keys::created_at.ge(since))
        .select(Earlier::as_select())
        .get_result(connection)
        .optional()
}

/// The keys of `operation` stored since `since` by any of `users` under any of `keys` (a
/// superset of the pairs asked about; the caller matches them).
pub fn find_all(
    connection: &mut DbConnection,
    operation: Operation,
    users: &[UserId],
    keys: &[&str],
    since: NaiveDateTime,
) -> QueryResult<Vec<Earlier>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    idempotency_keys::table
        .filter(idempotency_keys::operation.eq(operation.as_str()))
        .filter(idempotency_keys::user_id.eq_any(users))
        .filter(idempotency_keys::idempotency_key.eq_any(keys.iter().copied()))
        .filter(idempotency_keys::created_at.ge(since))
        .select(Earlier::as_select())
        .load(connection)
}

/// Stores keys; a key already stored fails with a unique violation.
pub fn insert_all(connection: &mut DbConnection, forms: &[KeyInsertForm<'_>]) -> QueryResult<()> {
    if forms.is_empty() {
        return Ok(());
    }
    let insert = diesel::insert_into(idempotency_keys::table).values(forms);
    match connection {
        DbConnection::Postgresql(pg) => insert.execute(pg),
        DbConnection::Sqlite(sqlite) => insert.execute(sqlite),
    }
    .map(drop)
}

/// Deletes the keys of `users` stored before `before` (so that an expired key can be used
/// again), and now and then those of every account, so that the keys of an account that stores
/// no more are not kept longer than they count.
pub fn delete_expired(connection: &mut DbConnection, users: &[UserId], before: NaiveDateTime) -> QueryResult<()> {
    let expired = idempotency_keys::created_at.lt(before);
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::user_id.eq_any(users)).filter(expired))
        .execute(connection)?;
    if before.and_utc().timestamp_subsec_micros().is_multiple_of(64) {
        diesel::delete(idempotency_keys::table.filter(expired)).execute(connection)?;
    }
    Ok(())
}
