//! Accounts in the API: the `User` type and `me`.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::accounts::service::{self as accounts, ProfileChanges, Registration};
use super::administration::service::{self as administration, RoleScope};
use super::model::{Role, RoleGrant, RoleGrantId, User, UserId};
use super::service;
use super::sessions::service::{self as sessions, Session};
use crate::auth::permissions::{Action, allows};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::organizations::graphql::MembershipObject;
use crate::organizations::service as organizations;
use crate::privacy::service as privacy;

/// The kind of global ID that names a user.
pub const USER_KIND: &str = "User";
/// The kind of global ID that names a role grant.
pub const ROLE_GRANT_KIND: &str = "RoleGrant";
/// The kinds of objects a role can be limited to.
const SCOPE_KINDS: [&str; 2] = ["Consultation", "Course"];

/// A person with an account, as one viewer sees it.
pub struct UserObject {
    user: User,
    /// Shown to the account's owner by a means other than a token (signing in, following an
    /// emailed link): the private fields are visible.
    shown_to_owner: bool,
}

impl UserObject {
    /// The user as the request's principal may see them.
    pub fn new(user: User) -> Self {
        Self { user, shown_to_owner: false }
    }

    /// The user as their owner sees them, for answers that prove ownership by themselves.
    pub fn for_owner(user: User) -> Self {
        Self { user, shown_to_owner: true }
    }
}

/// A person with an account. Anyone who has a user's ID sees the public face (display name);
/// the private fields are for the user and platform admins.
#[Object(name = "User")]
impl UserObject {
    /// The user's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(USER_KIND, self.user.id.as_str()).encode()
    }

    /// The name shown beside the user's contributions ("deleted participant", in the reader's
    /// language, once the account is deleted).
    async fn display_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        if self.user.is_deleted() {
            let locale = &ctx.request()?.locale;
            return Ok(ctx.services()?.localizer.message(locale, "deleted-participant", &[]));
        }
        Ok(self.user.display_name.clone())
    }

    /// The email address. Only the user and platform admins see it; null for others.
    async fn email(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(self.private(ctx)?.then_some(self.user.email.as_str()))
    }

    /// The preferred language (BCP 47). Only the user and platform admins see it.
    async fn locale(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(self.private(ctx)?.then_some(self.user.locale.as_str()))
    }

    /// Whether the email address is confirmed. Only the user and platform admins see it.
    async fn email_verified(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<bool>> {
        Ok(self.private(ctx)?.then_some(self.user.email_verified_at.is_some()))
    }

    /// The roles the user holds. Only the user and platform admins see them; null for others.
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<RoleGrantObject>>> {
        if !self.private(ctx)? {
            return Ok(None);
        }
        let services = ctx.services()?;
        let grants = if self.shown_to_owner {
            service::own_grants(services, &self.user.id).await?
        } else {
            service::grants_of(services, ctx.principal()?, &self.user.id).await?
        };
        Ok(Some(grants.into_iter().map(RoleGrantObject).collect()))
    }

    /// The organizations the user belongs to (active memberships). Only the user and platform
    /// admins see them; null for others.
    async fn memberships(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<MembershipObject>>> {
        if !self.private(ctx)? {
            return Ok(None);
        }
        let memberships = organizations::active_memberships_of(ctx.services()?, self.user.id.clone()).await?;
        Ok(Some(memberships.into_iter().map(MembershipObject).collect()))
    }

    /// The country the user lives or works in (ISO 3166-1 alpha-2).
    async fn country(&self) -> Option<&str> {
        self.user.country_code.as_deref()
    }

    /// Whether the account is suspended. Only the user and platform admins see it.
    async fn suspended(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<bool>> {
        Ok(self.private(ctx)?.then_some(self.user.is_suspended()))
    }

    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.user.created_at.and_utc()
    }
}

impl UserObject {
    fn private(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.shown_to_owner || allows(ctx.principal()?, Action::ViewPrivateProfile(&self.user.id)))
    }
}

/// A role held by a user, platform-wide or within one consultation or course.
pub struct RoleGrantObject(pub RoleGrant);

/// A role held by a user, platform-wide or within one consultation or course.
#[Object(name = "RoleGrant")]
impl RoleGrantObject {
    /// The grant's global ID.
    async fn id(&self) -> ID {
        GlobalId::new(ROLE_GRANT_KIND, self.0.id.as_str()).encode()
    }

    /// The role.
    async fn role(&self) -> Option<Role> {
        Role::from_stored(&self.0.role)
    }

    /// The consultation or course the role is limited to (its ID, as the API gives it); null
    /// when the role is platform-wide.
    async fn scope_id(&self) -> Option<ID> {
        let key = self.0.scope_id.as_deref()?;
        Some(match self.0.scope_type.as_deref() {
            Some(kind) => GlobalId::new(kind, key).encode(),
            None => ID(key.to_owned()),
        })
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
        Ok(service::me(ctx.services()?, ctx.principal()?).await?.map(UserObject::new))
    }
}

/// A new account.
#[derive(InputObject)]
pub struct RegisterInput {
    /// The email address; a verification link is sent to it.
    pub email: String,
    /// 10 to 128 characters; common passwords are refused. A few words make a good one.
    pub password: String,
    /// The name shown beside the user's contributions.
    pub display_name: String,
    /// The country the user lives or works in (ISO 3166-1 alpha-2, e.g. `KE`).
    pub country: String,
    /// The preferred language (any BCP 47 tag, e.g. `fr` or `pt-BR`).
    pub locale: String,
}

/// Changes to the signed-in user's profile; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateProfileInput {
    /// A new display name.
    pub display_name: Option<String>,
    /// A new country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// A new preferred language (BCP 47).
    pub locale: Option<String>,
}

/// A signed-in session.
pub struct SessionObject(pub Session);

/// A signed-in session: send `accessToken` as `Authorization: Bearer …`, and exchange
/// `refreshToken` for a new session with `refreshSession` before `expiresAt`.
#[Object(name = "Session")]
impl SessionObject {
    /// The access token (a JWT), valid for 15 minutes.
    async fn access_token(&self) -> &str {
        &self.0.access_token
    }

    /// When the access token expires.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.access_token_expires_at
    }

    /// The refresh token: single use, valid for 30 days. Keep it secret.
    async fn refresh_token(&self) -> &str {
        &self.0.refresh_token
    }

    /// When the refresh token expires.
    async fn refresh_token_expires_at(&self) -> DateTime<Utc> {
        self.0.refresh_token_expires_at
    }

    /// The signed-in user.
    async fn user(&self) -> UserObject {
        UserObject::for_owner(self.0.user.clone())
    }
}

/// Root fields of `Mutation` for accounts and sessions.
#[derive(Default)]
pub struct IdentityMutation;

#[Object]
impl IdentityMutation {
    /// Creates an account and emails a verification link. Answers `true` for any valid input,
    /// whether or not the address already has an account: the email tells its owner the rest.
    async fn register(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new account.")] input: RegisterInput,
    ) -> async_graphql::Result<bool> {
        let registration = Registration {
            email: &input.email,
            password: &input.password,
            display_name: &input.display_name,
            country: &input.country,
            locale: &input.locale,
        };
        accounts::register(ctx.services()?, ctx.request()?, registration).await?;
        Ok(true)
    }

    /// Sends a new verification link if the address has an unverified account. Always `true`.
    async fn resend_verification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The address of the account.")] email: String,
    ) -> async_graphql::Result<bool> {
        accounts::resend_verification(ctx.services()?, ctx.request()?, &email).await?;
        Ok(true)
    }

    /// Confirms an email address with the token from the verification link. The link proves
    /// the mailbox, not the password given at registration (anyone can register any address), so
    /// a verification page should let the reader of the link choose the account's password here:
    /// only the mailbox owner then holds a way in.
    async fn verify_email(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `token` of the verification link.")] token: String,
        #[graphql(desc = "The account's password from now on (10 to 128 characters; it may be the one given at \
                          registration). It replaces the registration password and ends every session of the \
                          account. Without it, the address is confirmed and the registration password stays.")]
        password: Option<String>,
    ) -> async_graphql::Result<UserObject> {
        let user = accounts::verify_email(ctx.services()?, &token, password.as_deref()).await?;
        Ok(UserObject::for_owner(user))
    }

    /// Signs in. Failed attempts are limited per account and per client (`RATE_LIMITED`).
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's email address.")] email: String,
        #[graphql(desc = "The account's password.")] password: String,
    ) -> async_graphql::Result<SessionObject> {
        Ok(SessionObject(sessions::login(ctx.services()?, ctx.request()?, &email, &password).await?))
    }

    /// Exchanges a refresh token for a new session; the old refresh token stops working.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The refresh token of the current session.")] refresh_token: String,
    ) -> async_graphql::Result<SessionObject> {
        Ok(SessionObject(sessions::refresh(ctx.services()?, &refresh_token).await?))
    }

    /// Ends the session of this refresh token. Always `true`.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The refresh token of the session to end.")] refresh_token: String,
    ) -> async_graphql::Result<bool> {
        sessions::logout(ctx.services()?, &refresh_token).await?;
        Ok(true)
    }

    /// Emails a password reset link (valid one hour) if the address has an account. Always `true`.
    async fn request_password_reset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The address of the account.")] email: String,
    ) -> async_graphql::Result<bool> {
        accounts::request_password_reset(ctx.services()?, ctx.request()?, &email).await?;
        Ok(true)
    }

    /// Sets a new password with the token from the reset link; every session of the account ends.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `token` of the reset link.")] token: String,
        #[graphql(desc = "The new password (10 to 128 characters).")] new_password: String,
    ) -> async_graphql::Result<bool> {
        accounts::reset_password(ctx.services()?, &token, &new_password).await?;
        Ok(true)
    }

    /// Grants a role, platform-wide or (for `MODERATOR` and `INSTRUCTOR`) within one
    /// consultation or course. Platform admins; audited; the user is emailed.
    async fn grant_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user's ID.")] user_id: ID,
        #[graphql(desc = "The role.")] role: Role,
        #[graphql(desc = "A consultation's or a course's ID; none for platform-wide.")] scope_id: Option<ID>,
    ) -> async_graphql::Result<RoleGrantObject> {
        let user = GlobalId::decode_kind(&user_id, USER_KIND).map(UserId).ok_or(AppError::NotFound)?;
        let scope = scope_id
            .map(|id| {
                GlobalId::decode(&id)
                    .filter(|global| SCOPE_KINDS.contains(&global.kind.as_str()))
                    .map(|global| RoleScope { kind: global.kind, id: global.key })
                    .ok_or_else(|| AppError::invalid("scopeId"))
            })
            .transpose()?;
        Ok(RoleGrantObject(administration::grant_role(ctx.services()?, ctx.request()?, user, role, scope).await?))
    }

    /// Revokes a role. Platform admins; audited; the platform keeps at least one admin.
    async fn revoke_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The grant's ID.")] grant_id: ID,
    ) -> async_graphql::Result<bool> {
        let grant = GlobalId::decode_kind(&grant_id, ROLE_GRANT_KIND).map(RoleGrantId).ok_or(AppError::NotFound)?;
        administration::revoke_role(ctx.services()?, ctx.request()?, grant).await?;
        Ok(true)
    }

    /// Suspends an account with a reason: it can no longer sign in and its sessions end.
    /// Platform admins; audited; the user is emailed.
    async fn suspend_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user's ID.")] user_id: ID,
        #[graphql(desc = "Why, in words the user will read.")] reason: String,
    ) -> async_graphql::Result<UserObject> {
        let user = GlobalId::decode_kind(&user_id, USER_KIND).map(UserId).ok_or(AppError::NotFound)?;
        Ok(UserObject::new(administration::suspend_user(ctx.services()?, ctx.request()?, user, &reason).await?))
    }

    /// Everything the platform holds about the caller, as a JSON document (one key per table).
    async fn export_my_data(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(privacy::export(ctx.services()?, ctx.request()?).await?)
    }

    /// Deletes the caller's account: personal data is erased and contributions stay, attributed
    /// to a deleted participant. Refused while the caller is the last admin of an organization.
    async fn delete_my_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's password, to confirm.")] password: String,
    ) -> async_graphql::Result<bool> {
        privacy::delete_account(ctx.services()?, ctx.request()?, &password).await?;
        Ok(true)
    }

    /// Lifts a suspension: the account can sign in again. Platform admins; audited; the user is
    /// emailed.
    async fn reinstate_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user's ID.")] user_id: ID,
    ) -> async_graphql::Result<UserObject> {
        let user = GlobalId::decode_kind(&user_id, USER_KIND).map(UserId).ok_or(AppError::NotFound)?;
        Ok(UserObject::new(administration::reinstate_user(ctx.services()?, ctx.request()?, user).await?))
    }

    /// Changes the signed-in user's display name, country or language.
    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fields to change.")] input: UpdateProfileInput,
    ) -> async_graphql::Result<UserObject> {
        let changes = ProfileChanges {
            display_name: input.display_name.as_deref(),
            country: input.country.as_deref(),
            locale: input.locale.as_deref(),
        };
        Ok(UserObject::new(accounts::update_profile(ctx.services()?, ctx.request()?, changes).await?))
    }
}
