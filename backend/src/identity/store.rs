//! Queries on accounts and role grants.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::accounts::email::Email;
use super::model::{Role, RoleGrant, RoleGrantId, RoleGrantInsertForm, User, UserId, UserInsertForm};
use crate::db::DbConnection;
use crate::db::schema::{role_grants, users};

pub fn insert_user(connection: &mut DbConnection, form: &UserInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table).values(form).execute(connection).map(drop)
}

/// What a new account starts with.
pub struct NewAccount<'a> {
    pub email: &'a Email,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub locale: &'a str,
    pub country_code: Option<&'a str>,
    /// Whether the address counts as confirmed from the start (accounts an operator creates).
    pub verified: bool,
}

/// Creates an account at `now`, under a new ID, and returns it.
pub fn create_account(
    connection: &mut DbConnection,
    account: &NewAccount<'_>,
    now: NaiveDateTime,
) -> QueryResult<User> {
    let id = UserId::generate();
    let form = UserInsertForm {
        id: &id,
        email: account.email.as_entered(),
        email_normalized: account.email.normalized(),
        display_name: account.display_name,
        password_hash: account.password_hash,
        locale: account.locale,
        country_code: account.country_code,
        email_verified_at: account.verified.then_some(now),
        created_at: now,
        updated_at: now,
    };
    insert_user(connection, &form)?;
    users::table.find(&id).select(User::as_select()).get_result(connection)
}

pub fn find_user(connection: &mut DbConnection, id: &UserId) -> QueryResult<Option<User>> {
    users::table.find(id).select(User::as_select()).get_result(connection).optional()
}

pub fn find_user_by_email(connection: &mut DbConnection, email_normalized: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email_normalized.eq(email_normalized))
        .select(User::as_select())
        .get_result(connection)
        .optional()
}

pub fn mark_email_verified(connection: &mut DbConnection, id: &UserId, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id).filter(users::email_verified_at.is_null()))
        .set((users::email_verified_at.eq(Some(at)), users::updated_at.eq(at)))
        .execute(connection)
        .map(drop)
}

/// Replaces the password hash; every access token issued so far stops working.
pub fn set_password(connection: &mut DbConnection, id: &UserId, hash: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::token_generation.eq(users::token_generation + 1),
            users::tokens_valid_after.eq(Some(at)),
            users::updated_at.eq(at),
        ))
        .execute(connection)
        .map(drop)
}

/// Changes the given profile fields (`None` keeps a field).
pub fn update_profile(
    connection: &mut DbConnection,
    id: &UserId,
    display_name: Option<&str>,
    country_code: Option<&str>,
    locale: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let target = || users::table.find(id);
    if let Some(name) = display_name {
        diesel::update(target()).set(users::display_name.eq(name)).execute(connection)?;
    }
    if let Some(country) = country_code {
        diesel::update(target()).set(users::country_code.eq(Some(country))).execute(connection)?;
    }
    if let Some(locale) = locale {
        diesel::update(target()).set(users::locale.eq(locale)).execute(connection)?;
    }
    diesel::update(target()).set(users::updated_at.eq(at)).execute(connection).map(drop)
}

pub fn insert_grant(connection: &mut DbConnection, form: &RoleGrantInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(role_grants::table).values(form).execute(connection).map(drop)
}

pub fn find_grant(connection: &mut DbConnection, id: &RoleGrantId) -> QueryResult<Option<RoleGrant>> {
    role_grants::table.find(id).select(RoleGrant::as_select()).get_result(connection).optional()
}

pub fn delete_grant(connection: &mut DbConnection, id: &RoleGrantId) -> QueryResult<()> {
    diesel::delete(role_grants::table.find(id)).execute(connection).map(drop)
}

/// How many accounts hold the platform-wide `ADMIN` role.
pub fn platform_admin_count(connection: &mut DbConnection) -> QueryResult<i64> {
    role_grants::table
        .filter(role_grants::role.eq(Role::Admin.as_str()))
        .filter(role_grants::scope_id.is_null())
        .count()
        .get_result(connection)
}

/// Marks an account suspended with the reason.
pub fn suspend(connection: &mut DbConnection, id: &UserId, reason: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::suspended_at.eq(Some(at)), users::suspension_reason.eq(Some(reason)), users::updated_at.eq(at)))
        .execute(connection)
        .map(drop)
}

/// Lifts a suspension.
pub fn reinstate(connection: &mut DbConnection, id: &UserId, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::suspended_at.eq(None::<NaiveDateTime>),
            users::suspension_reason.eq(None::<String>),
            users::updated_at.eq(at),
        ))
        .execute(connection)
        .map(drop)
}

/// Every role the user holds, oldest first.
/// A user with the roles they hold, in one query (every signed-in request needs both).
pub fn find_user_with_grants(
    connection: &mut DbConnection,
    id: &UserId,
) -> QueryResult<Option<(User, Vec<RoleGrant>)>> {
    let rows: Vec<(User, Option<RoleGrant>)> = users::table
        .left_join(role_grants::table)
        .filter(users::id.eq(id))
        .order((role_grants::created_at.asc(), role_grants::id.asc()))
        .select((User::as_select(), Option::<RoleGrant>::as_select()))
        .load(connection)?;
    let mut rows = rows.into_iter();
    let Some((user, first)) = rows.next() else {
        return Ok(None);
    };
    let grants = first.into_iter().chain(rows.filter_map(|(_, grant)| grant)).collect();
    Ok(Some((user, grants)))
}

pub fn grants_of(connection: &mut DbConnection, user: &UserId) -> QueryResult<Vec<RoleGrant>> {
    role_grants::table
        .filter(role_grants::user_id.eq(user))
        .order((role_grants::created_at.asc(), role_grants::id.asc()))
        .select(RoleGrant::as_select())
        .load(connection)
}
