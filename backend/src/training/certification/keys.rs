//! The key set published at `/.well-known/jwks.json`: the public part of every key that has
//! signed certificates. A key is remembered when a server starts with it, so that changing
//! `AGORA_CERT_SIGNING_KEY` (or moving from the generated key to a configured one) never makes
//! the certificates signed before unverifiable.

use diesel::prelude::*;
use serde_json::Value;

use crate::db::schema::certificate_keys;
use crate::db::{DbConnection, time};
use crate::training::credentials::{SigningKey, jwk_set};

/// Records the public part of `key` (once; later starts with the same key change nothing).
pub fn remember(connection: &mut DbConnection, key: &SigningKey) -> QueryResult<()> {
    let row = (
        certificate_keys::kid.eq(key.kid()),
        certificate_keys::public_jwk.eq(key.public_jwk().to_string()),
        certificate_keys::first_used_at.eq(time::now()),
    );
    let insert = diesel::insert_into(certificate_keys::table).values(row);
    match connection {
        DbConnection::Postgresql(pg) => insert.on_conflict_do_nothing().execute(pg),
        DbConnection::Sqlite(sqlite) => insert.on_conflict_do_nothing().execute(sqlite),
    }
    .map(drop)
}

/// The JWK Set: `current` first, then every key that signed before it, newest first.
pub fn published(connection: &mut DbConnection, current: &SigningKey) -> QueryResult<Value> {
    let stored: Vec<(String, String)> = certificate_keys::table
        .order(certificate_keys::first_used_at.desc())
        .select((certificate_keys::kid, certificate_keys::public_jwk))
        .load(connection)?;
    let earlier = stored
        .into_iter()
        .filter(|(kid, _)| kid != current.kid())
        .filter_map(|(_, jwk)| serde_json::from_str::<Value>(&jwk).ok());
    Ok(jwk_set(std::iter::once(current.public_jwk()).chain(earlier)))
}
