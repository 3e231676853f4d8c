//! Queries on refresh tokens and emailed tokens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{account_tokens, refresh_tokens};
use crate::identity::model::UserId;
use crate::identity::tokens::model::{
    AccountToken, AccountTokenInsertForm, RefreshToken, RefreshTokenInsertForm, TokenPurpose,
};

pub fn insert_refresh_token(connection: &mut DbConnection, form: &RefreshTokenInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table).values(form).execute(connection).map(drop)
}

pub fn find_refresh_token(connection: &mut DbConnection, token_hash: &str) -> QueryResult<Option<RefreshToken>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshToken::as_select())
        .get_result(connection)
        .optional()
}

/// Marks a token rotated unless another request did so first; returns whether this one did.
pub fn mark_rotated(connection: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let updated = diesel::update(
        refresh_tokens::table.filter(refresh_tokens::id.eq(id)).filter(refresh_tokens::rotated_at.is_null()),
    )
    .set(refresh_tokens::rotated_at.eq(Some(at)))
    .execute(connection)?;
    Ok(updated == 1)
}

/// Revokes every live token of a session family.
pub fn revoke_family(connection: &mut DbConnection, family_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(at)))
    .execute(connection)
}

/// Revokes every session of a user.
pub fn revoke_all_of(connection: &mut DbConnection, user: &UserId, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(user)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(at)))
    .execute(connection)
}

pub fn insert_account_token(connection: &mut DbConnection, form: &AccountTokenInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(account_tokens::table).values(form).execute(connection).map(drop)
}

/// An unused, unexpired emailed token for `purpose`.
pub fn find_usable_account_token(
    connection: &mut DbConnection,
    purpose: TokenPurpose,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<AccountToken>> {
    account_tokens::table
        .filter(account_tokens::token_hash.eq(token_hash))
        .filter(account_tokens::purpose.eq(purpose.as_str()))
        .filter(account_tokens::used_at.is_null())
        .filter(account_tokens::expires_at.gt(now))
        .select(AccountToken::as_select())
        .get_result(connection)
        .optional()
}

/// Marks every outstanding token of the user for `purpose` as used (a link works once, and a
/// newer link or a completed action makes the older ones void). Returns how many it closed.
pub fn use_account_tokens(
    connection: &mut DbConnection,
    user: &UserId,
    purpose: TokenPurpose,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        account_tokens::table
            .filter(account_tokens::user_id.eq(user))
            .filter(account_tokens::purpose.eq(purpose.as_str()))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(Some(at)))
    .execute(connection)
}
