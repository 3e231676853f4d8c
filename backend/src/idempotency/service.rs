//! Creating one object under a key, and answering a retry before doing anything else.

use chrono::NaiveDateTime;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::RETENTION;
use super::key::IdempotencyKey;
use super::store::{self, Earlier, KeyInsertForm};
use crate::db::{Db, DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::model::UserId;

/// How a creation under a key ended.
#[derive(Debug)]
pub enum Outcome<T> {
    /// This request created the object.
    Created(T),
    /// An earlier request with the same key and input created the object with this ID.
    Earlier(String),
}

/// The object an earlier request created under `key`, looked up before the request is checked
/// any further: a retry gets the first answer even where its input would no longer pass (the
/// slug its first request took, a closing time that has passed since). `CONFLICT` if the
/// earlier request's input was different.
pub async fn replayed(db: &Db, user: &UserId, key: Option<&IdempotencyKey>) -> AppResult<Option<String>> {
    let Some(key) = key.cloned() else { return Ok(None) };
    let user = user.clone();
    db.run(move |connection| earlier(connection, &user, &key, time::now())).await
}

/// Runs `create` in a write transaction that first stores `key` (if any) for `object_id`, the ID
/// `create` gives the new object: both are stored, or neither. If another request stored the key
/// first, storing it fails (on PostgreSQL once the other commits), this transaction is rolled
/// back, and the answer is the other request's object, or `CONFLICT` if its input was different.
pub fn create_once<T>(
    connection: &mut DbConnection,
    user: &UserId,
    key: Option<&IdempotencyKey>,
    object_id: &str,
    create: impl FnOnce(&mut DbConnection) -> AppResult<T>,
) -> AppResult<Outcome<T>> {
    let Some(key) = key else { return write_transaction(connection, create).map(Outcome::Created) };
    let mut taken = false;
    let created = write_transaction(connection, |connection| {
        let now = time::now();
        store::delete_expired(connection, std::slice::from_ref(user), now - RETENTION)?;
        if let Err(error) = store::insert_all(connection, &[KeyInsertForm::new(user, key, object_id, now)]) {
            taken = matches!(error, DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _));
            return Err(error.into());
        }
        create(connection)
    });
    match created {
        Ok(value) => Ok(Outcome::Created(value)),
        Err(_) if taken => earlier(connection, user, key, time::now())?
            .map(Outcome::Earlier)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("an idempotency key was taken and is gone"))),
        Err(error) => Err(error),
    }
}

fn earlier(
    connection: &mut DbConnection,
    user: &UserId,
    key: &IdempotencyKey,
    now: NaiveDateTime,
) -> AppResult<Option<String>> {
    store::find(connection, user, key, now - RETENTION)?.map(|earlier| same_input(&earlier, key)).transpose()
}

/// The earlier request's object if it came with the same input; `CONFLICT` otherwise.
pub(super) fn same_input(earlier: &Earlier, key: &IdempotencyKey) -> AppResult<String> {
    if earlier.input_fingerprint == key.fingerprint() {
        Ok(earlier.object_id.clone())
    } else {
        Err(AppError::Conflict { message_id: "error-idempotency-key-reused" })
    }
}
