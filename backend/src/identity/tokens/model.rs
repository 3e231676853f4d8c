//! Rows of the token tables: refresh tokens (sessions) and single-use emailed tokens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{account_tokens, refresh_tokens};
use crate::identity::model::UserId;

/// One refresh token of a session family.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshToken {
    pub id: String,
    pub user_id: UserId,
    pub family_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub rotated_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A new refresh token.
#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenInsertForm<'a> {
    pub id: &'a str,
    pub user_id: &'a UserId,
    pub family_id: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// What an emailed token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
        }
    }
}

/// A single-use emailed token.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = account_tokens)]
pub struct AccountToken {
    pub id: String,
    pub user_id: UserId,
    pub purpose: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

/// A new emailed token.
#[derive(Debug, Insertable)]
#[diesel(table_name = account_tokens)]
pub struct AccountTokenInsertForm<'a> {
    pub id: &'a str,
    pub user_id: &'a UserId,
    pub purpose: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}
