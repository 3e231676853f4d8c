//! Queries on accounts and role grants.

use diesel::prelude::*;

use super::model::{RoleGrant, RoleGrantInsertForm, User, UserId, UserInsertForm};
use crate::db::DbConnection;
use crate::db::schema::{role_grants, users};

pub fn insert_user(connection: &mut DbConnection, form: &UserInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table).values(form).execute(connection).map(drop)
}

pub fn find_user(connection: &mut DbConnection, id: &UserId) -> QueryResult<Option<User>> {
    users::table.find(id).select(User::as_select()).first(connection).optional()
}

pub fn find_user_by_email(connection: &mut DbConnection, email_normalized: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email_normalized.eq(email_normalized))
        .select(User::as_select())
        .first(connection)
        .optional()
}

pub fn insert_grant(connection: &mut DbConnection, form: &RoleGrantInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(role_grants::table).values(form).execute(connection).map(drop)
}

/// Every role the user holds, oldest first.
pub fn grants_of(connection: &mut DbConnection, user: &UserId) -> QueryResult<Vec<RoleGrant>> {
    role_grants::table
        .filter(role_grants::user_id.eq(user))
        .order((role_grants::created_at.asc(), role_grants::id.asc()))
        .select(RoleGrant::as_select())
        .load(connection)
}
