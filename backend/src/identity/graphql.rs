//! Accounts in the API: the `User` type and `me`.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::model::{Role, RoleGrant, User};
use super::service;
use crate::auth::permissions::{Action, allows};
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;

/// The kind of global ID that names a user.
pub const USER_KIND: &str = "User";

/// A person with an account.
pub struct UserObject(pub User);

/// A person with an account. Anyone who has a user's ID sees the public face (display name);
/// the private fields are for the user and platform admins.
#[Object(name = "User")]
impl UserObject {
    /// The user's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(USER_KIND, self.0.id.as_str()).encode()
    }

    /// The name shown beside the user's contributions.
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    /// The email address. Only the user and platform admins see it; null for others.
    async fn email(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(self.private(ctx)?.then_some(self.0.email.as_str()))
    }

    /// The preferred language (BCP 47). Only the user and platform admins see it.
    async fn locale(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(self.private(ctx)?.then_some(self.0.locale.as_str()))
    }

    /// Whether the email address is confirmed. Only the user and platform admins see it.
    async fn email_verified(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<bool>> {
        Ok(self.private(ctx)?.then_some(self.0.email_verified_at.is_some()))
    }

    /// The roles the user holds. Only the user and platform admins see them; null for others.
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<RoleGrantObject>>> {
        if !self.private(ctx)? {
            return Ok(None);
        }
        let grants = service::grants_of(ctx.services()?, ctx.principal()?, &self.0.id).await?;
        Ok(Some(grants.into_iter().map(RoleGrantObject).collect()))
    }

    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

impl UserObject {
    fn private(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(allows(ctx.principal()?, Action::ViewPrivateProfile(&self.0.id)))
    }
}

/// A role held by a user, platform-wide or within one consultation or course.
pub struct RoleGrantObject(pub RoleGrant);

/// A role held by a user, platform-wide or within one consultation or course.
#[Object(name = "RoleGrant")]
impl RoleGrantObject {
    /// The grant's global ID.
    async fn id(&self) -> ID {
        GlobalId::new("RoleGrant", self.0.id.as_str()).encode()
    }

    /// The role.
    async fn role(&self) -> Option<Role> {
        Role::from_stored(&self.0.role)
    }

    /// The consultation or course the role is limited to; null when it is platform-wide.
    async fn scope_id(&self) -> Option<ID> {
        self.0.scope_id.clone().map(ID)
    }

    /// When the role was granted.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// Root fields of `Query` for accounts.
#[derive(Default)]
pub struct IdentityQuery;

#[Object]
impl IdentityQuery {
    /// The signed-in user; null without a valid access token.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserObject>> {
        Ok(service::me(ctx.services()?, ctx.principal()?).await?.map(UserObject))
    }
}
