//! Rows of the identity tables and the role vocabulary.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{role_grants, users};
use crate::typed_id;

typed_id!(
    /// The ID of a user account.
    UserId
);
typed_id!(
    /// The ID of one role grant.
    RoleGrantId
);

/// A user account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub email_normalized: String,
    pub display_name: String,
    pub password_hash: String,
    pub locale: String,
    pub country_code: Option<String>,
    pub email_verified_at: Option<NaiveDateTime>,
    pub suspended_at: Option<NaiveDateTime>,
    pub suspension_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When the account's tokens were last revoked (a password change); a record only, since
    /// `token_generation` decides which access tokens are valid.
    pub tokens_valid_after: Option<NaiveDateTime>,
    /// Set when the owner deleted the account; the row then holds no personal data.
    pub deleted_at: Option<NaiveDateTime>,
    /// The generation of the account's credentials: a password change moves it on, and an access
    /// token is valid only for the generation it was issued under.
    pub token_generation: i32,
}

impl User {
    pub fn is_verified(&self) -> bool {
        self.email_verified_at.is_some()
    }

    pub fn is_suspended(&self) -> bool {
        self.suspended_at.is_some()
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

/// A new account.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct UserInsertForm<'a> {
    pub id: &'a UserId,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub locale: &'a str,
    pub country_code: Option<&'a str>,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A platform role. `MODERATOR` and `INSTRUCTOR` may be scoped to one consultation or course.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Runs the platform: verifies organizations, suspends users, grants roles, reads the audit log.
    Admin,
    /// Reviews flagged comments and hides or restores them.
    Moderator,
    /// Runs course cohorts: enrollment decisions, rosters, progress.
    Instructor,
}

impl Role {
    /// The role as stored in `role_grants.role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "ADMIN",
            Self::Moderator => "MODERATOR",
            Self::Instructor => "INSTRUCTOR",
        }
    }

    /// Reads a stored role.
    pub fn from_stored(value: &str) -> Option<Self> {
        match value {
            "ADMIN" => Some(Self::Admin),
            "MODERATOR" => Some(Self::Moderator),
            "INSTRUCTOR" => Some(Self::Instructor),
            _ => None,
        }
    }
}

/// A role held by a user, platform-wide (`scope_id` empty) or within one consultation or course.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = role_grants)]
pub struct RoleGrant {
    pub id: RoleGrantId,
    pub user_id: UserId,
    pub role: String,
    pub scope_id: Option<String>,
    pub granted_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    /// The kind of object `scope_id` names (`Consultation`, `Course`).
    pub scope_type: Option<String>,
}

/// A new role grant.
#[derive(Debug, Insertable)]
#[diesel(table_name = role_grants)]
pub struct RoleGrantInsertForm<'a> {
    pub id: &'a RoleGrantId,
    pub user_id: &'a UserId,
    pub role: &'a str,
    pub scope_id: Option<&'a str>,
    pub granted_by: Option<&'a UserId>,
    pub created_at: NaiveDateTime,
    pub scope_type: Option<&'a str>,
}
