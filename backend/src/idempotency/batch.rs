//! Keys of objects created together in one transaction (the comments of one intake batch): each
//! submission is answered by what an earlier request stored under its key, by an earlier
//! submission of the same batch, or creates its object and claims the key for it.
//!
//! A batch does not rely on the primary key to decide between concurrent requests, since one
//! failed insert would roll back every submission of the batch: it reads the keys once no other
//! transaction can store one of its accounts' keys (see [`BatchKeys::load`]), so the insert
//! cannot fail.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::RETENTION;
use super::key::{IdempotencyKey, Operation};
use super::service::same_input;
use super::store::{self, Earlier, KeyInsertForm};
use crate::db::DbConnection;
use crate::error::AppResult;
use crate::identity::model::UserId;

/// The keys of one batch: those already stored and those it claims.
pub struct BatchKeys<'a> {
    now: NaiveDateTime,
    known: HashMap<(UserId, String), Earlier>,
    claimed: Vec<KeyInsertForm<'a>>,
}

impl<'a> BatchKeys<'a> {
    /// Reads which of `keys` (of `operation`, each with the account that sent it) are stored
    /// already. Call it in the batch's write transaction after taking a lock on each of these
    /// accounts that every transaction storing their keys of `operation` takes (an advisory lock
    /// on PostgreSQL; SQLite's writers take turns anyway).
    pub fn load(
        connection: &mut DbConnection,
        operation: Operation,
        keys: &[(&UserId, &IdempotencyKey)],
        now: NaiveDateTime,
    ) -> QueryResult<Self> {
        let mut users: Vec<UserId> = keys.iter().map(|(user, _)| (*user).clone()).collect();
        users.sort();
        users.dedup();
        let raw: Vec<&str> = keys.iter().map(|(_, key)| key.key()).collect();
        let known = store::find_all(connection, operation, &users, &raw, now - RETENTION)?
            .into_iter()
            .map(|earlier| ((earlier.user_id.clone(), earlier.idempotency_key.clone()), earlier))
            .collect();
        Ok(Self { now, known, claimed: Vec::new() })
    }

    /// The object an earlier request, or an earlier submission of this batch, created under
    /// `key`; `CONFLICT` if its input was different.
    pub fn earlier(&self, user: &UserId, key: &IdempotencyKey) -> AppResult<Option<String>> {
        self.known.get(&(user.clone(), key.key().to_owned())).map(|earlier| same_input(earlier, key)).transpose()
    }

    /// Claims `key` for `object_id`, an object this batch creates.
    pub fn claim(&mut self, user: &'a UserId, key: &'a IdempotencyKey, object_id: &'a str) {
        let earlier = Earlier {
            user_id: user.clone(),
            idempotency_key: key.key().to_owned(),
            object_id: object_id.to_owned(),
            input_fingerprint: key.fingerprint().to_owned(),
        };
        self.known.insert((user.clone(), key.key().to_owned()), earlier);
        self.claimed.push(KeyInsertForm::new(user, key, object_id, self.now));
    }

    /// Stores the claimed keys, in the transaction that stores their objects.
    pub fn store(self, connection: &mut DbConnection) -> QueryResult<()> {
        if self.claimed.is_empty() {
            return Ok(());
        }
        let mut users: Vec<UserId> = self.claimed.iter().map(|form| form.user_id.clone()).collect();
        users.sort();
        users.dedup();
        store::delete_expired(connection, &users, self.now - RETENTION)?;
        store::insert_all(connection, &self.claimed)
    }
}
