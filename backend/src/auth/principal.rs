//! The signed-in person behind a request, loaded from the database on every request so that
//! a suspension or a revoked role takes effect at once, on every instance.

use std::sync::Arc;

use super::access_token::AccessTokens;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::identity::model::{Role, RoleGrant, User, UserId};
use crate::identity::store;

/// A signed-in user and the roles they hold.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: UserId,
    /// The user's preferred locale (a BCP 47 tag), used when a request names none.
    pub locale: String,
    /// Whether the email address is confirmed (commenting, enrolling and creating
    /// organizations need it).
    pub email_verified: bool,
    pub grants: Vec<RoleGrant>,
    /// The account as read for this request (services that need more of it than the fields
    /// above use this instead of reading it again).
    pub account: Arc<User>,
}

impl Principal {
    /// Whether the user holds `role` platform-wide.
    pub fn has_platform_role(&self, role: Role) -> bool {
        self.grants.iter().any(|grant| grant.role == role.as_str() && grant.scope_id.is_none())
    }

    pub fn is_admin(&self) -> bool {
        self.has_platform_role(Role::Admin)
    }
}

/// The principal of a bearer token: `UNAUTHENTICATED` if the token is invalid or expired, was
/// issued before the account's password last changed (an earlier `token_generation`), or its
/// account is suspended or deleted.
pub async fn from_bearer(db: &Db, tokens: &AccessTokens, token: &str) -> AppResult<Principal> {
    let verified = tokens.verify(token)?;
    db.run(move |connection| {
        let (user, grants) =
            store::find_user_with_grants(connection, &verified.user_id)?.ok_or(AppError::Unauthenticated)?;
        let revoked = verified.generation != user.token_generation;
        if user.is_suspended() || user.is_deleted() || revoked {
            return Err(AppError::Unauthenticated);
        }
        Ok(Principal {
            email_verified: user.is_verified(),
            user_id: user.id.clone(),
            locale: user.locale.clone(),
            grants,
            account: Arc::new(user),
        })
    })
    .await
}
