//! The idempotency keys an account stored, for `exportMyData` and `deleteMyAccount`. They are
//! technical and short-lived (24 hours), but they are the account's: they are exported (what
//! each created, without the fingerprint of the input) and deleted with the account.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::db::DbConnection;
use crate::db::schema::idempotency_keys;
use crate::identity::model::UserId;

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct KeyExport {
    operation: String,
    key: String,
    object_id: String,
    created_at: NaiveDateTime,
}

/// `idempotency_keys`: the account's keys, oldest first.
pub fn export(connection: &mut DbConnection, user: &UserId) -> QueryResult<Value> {
    let keys: Vec<KeyExport> = idempotency_keys::table
        .filter(idempotency_keys::user_id.eq(user))
        .order(idempotency_keys::created_at.asc())
        .select((
            idempotency_keys::operation,
            idempotency_keys::idempotency_key,
            idempotency_keys::object_id,
            idempotency_keys::created_at,
        ))
        .load(connection)?;
    Ok(json!({ "idempotency_keys": keys }))
}

pub fn erase(connection: &mut DbConnection, user: &UserId) -> QueryResult<()> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::user_id.eq(user))).execute(connection).map(drop)
}
