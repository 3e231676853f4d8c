//! Organizations and memberships in the API.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::model::{
    Membership, MembershipId, MembershipRole, MembershipStatus, Organization, OrganizationFilter, OrganizationId,
    OrganizationKind,
};
use super::service::{self, NewOrganization};
use crate::connection_types;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::idempotency::Operation;
use crate::idempotency::graphql::key_of;
use crate::identity::graphql::UserObject;

/// The kind of global ID that names an organization.
pub const ORGANIZATION_KIND: &str = "Organization";
/// The kind of global ID that names a membership.
pub const MEMBERSHIP_KIND: &str = "Membership";

/// An organization as the API shows it.
pub struct OrganizationObject(pub Organization);

connection_types!(OrganizationConnection, OrganizationEdge, OrganizationObject);

/// A government, an intergovernmental body, an NGO, a company, a university or a technical
/// community whose members take part on its behalf.
#[Object(name = "Organization")]
impl OrganizationObject {
    /// The organization's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(ORGANIZATION_KIND, self.0.id.as_str()).encode()
    }

    /// The organization's name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What kind of stakeholder it is.
    async fn kind(&self) -> OrganizationKind {
        self.0.kind()
    }

    /// Where it is based (ISO 3166-1 alpha-2); null for intergovernmental bodies.
    async fn country(&self) -> Option<&str> {
        self.0.country_code.as_deref()
    }

    /// Its website.
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }

    /// Whether a platform admin verified that it is what it says it is.
    async fn verified(&self) -> bool {
        self.0.is_verified()
    }

    /// When it was verified.
    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verified_at.map(|at| at.and_utc())
    }

    /// Why its verification was withdrawn, if it was.
    async fn verification_withdrawal_reason(&self) -> Option<&str> {
        self.0.withdrawal_reason.as_deref()
    }

    /// When it joined the platform.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    /// Its members (with open invitations, for its admins). Members and platform admins only.
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many memberships to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return memberships after this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<MembershipConnection> {
        let page = crate::graphql::pagination::requested_page(ctx, first, after)?;
        let members = service::members(ctx.services()?, ctx.principal()?, self.0.id.clone(), page).await?;
        Ok(MembershipConnection::from_page(members.map(MembershipObject), |m| {
            service::cursor_at(m.0.created_at, m.0.id.as_str())
        }))
    }
}

/// A membership as the API shows it.
pub struct MembershipObject(pub Membership);

connection_types!(MembershipConnection, MembershipEdge, MembershipObject);

/// A person's place in an organization, or an invitation to take one.
#[Object(name = "Membership")]
impl MembershipObject {
    /// The membership's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(MEMBERSHIP_KIND, self.0.id.as_str()).encode()
    }

    /// What the member may do.
    async fn role(&self) -> MembershipRole {
        self.0.role()
    }

    /// Whether it is still an invitation.
    async fn status(&self) -> MembershipStatus {
        if self.0.is_active() { MembershipStatus::Active } else { MembershipStatus::Invited }
    }

    /// The organization. (Whoever may see a membership may see its organization.)
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrganizationObject>> {
        let organization = ctx.loaders()?.organizations.load_one(self.0.organization_id.clone()).await;
        Ok(organization.map_err(AppError::from)?.map(OrganizationObject))
    }

    /// The member; null while the invitation is open.
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserObject>> {
        let Some(user) = self.0.user_id.clone() else { return Ok(None) };
        let user = ctx.loaders()?.users.load_one(user).await.map_err(AppError::from)?;
        Ok(user.map(UserObject::new))
    }

    /// When the invitation was sent, or the member joined.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// A new organization.
#[derive(InputObject)]
pub struct CreateOrganizationInput {
    /// Its name (up to 200 characters).
    pub name: String,
    /// What kind of stakeholder it is.
    pub kind: OrganizationKind,
    /// Where it is based (ISO 3166-1 alpha-2); omit for intergovernmental bodies.
    pub country: Option<String>,
    /// Its website (http or https).
    pub website: Option<String>,
    /// Makes retrying safe: a key of your choosing, new for each organization (1–100 letters,
    /// digits and `-_.:`, such as a UUID). Sent again by the same account with the same input
    /// within 24 hours, it returns the organization the first request created instead of
    /// creating another; with a different input it is `CONFLICT`.
    pub idempotency_key: Option<String>,
}

/// Root fields of `Query` for organizations.
#[derive(Default)]
pub struct OrganizationQuery;

#[Object]
impl OrganizationQuery {
    /// Verified organizations, newest first (platform admins also see unverified ones). Public.
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many organizations to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return organizations after this cursor.")] after: Option<String>,
        #[graphql(desc = "Only this kind.")] kind: Option<OrganizationKind>,
        #[graphql(desc = "Only those based in this country (ISO 3166-1 alpha-2).")] country: Option<String>,
    ) -> async_graphql::Result<OrganizationConnection> {
        let page = crate::graphql::pagination::requested_page(ctx, first, after)?;
        let filter = OrganizationFilter {
            kind,
            country_code: country.map(|code| code.trim().to_ascii_uppercase()),
            include_unverified: false,
        };
        let organizations = service::list(ctx.services()?, ctx.principal()?, filter, page).await?;
        Ok(OrganizationConnection::from_page(organizations.map(OrganizationObject), |o| {
            service::cursor_at(o.0.created_at, o.0.id.as_str())
        }))
    }

    /// One organization; null if there is none or the caller may not see it.
    async fn organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization's ID.")] id: ID,
    ) -> async_graphql::Result<Option<OrganizationObject>> {
        let Some(id) = GlobalId::decode_kind(&id, ORGANIZATION_KIND) else { return Ok(None) };
        let organization = service::find_visible(ctx.services()?, ctx.principal()?, OrganizationId(id)).await?;
        Ok(organization.map(OrganizationObject))
    }
}

/// Root fields of `Mutation` for organizations and memberships.
#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Creates an organization with the caller as its admin. It shows as unverified until a
    /// platform admin verifies it. Needs a verified email address. Safe to retry with
    /// `input.idempotencyKey`.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new organization.")] input: CreateOrganizationInput,
    ) -> async_graphql::Result<OrganizationObject> {
        let new = NewOrganization {
            name: &input.name,
            kind: input.kind,
            country: input.country.as_deref(),
            website: input.website.as_deref(),
            idempotency_key: key_of(Operation::CreateOrganization, &input)?,
        };
        Ok(OrganizationObject(service::create(ctx.services()?, ctx.request()?, new).await?))
    }

    /// Marks an organization verified. Platform admins; audited; its creator is emailed.
    async fn verify_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization's ID.")] id: ID,
    ) -> async_graphql::Result<OrganizationObject> {
        let id = organization_id(&id)?;
        Ok(OrganizationObject(service::verify(ctx.services()?, ctx.request()?, id).await?))
    }

    /// Withdraws an organization's verification. Platform admins; audited; its admins are emailed.
    /// Until it is verified again it invites nobody and its officials act on nothing
    /// (`CONFLICT`), though they still read what officials read; the open and scheduled rounds
    /// of its published consultations close now, and their followers are told.
    async fn withdraw_organization_verification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization's ID.")] id: ID,
        #[graphql(desc = "Why, in words its admins will read.")] reason: String,
    ) -> async_graphql::Result<OrganizationObject> {
        let id = organization_id(&id)?;
        Ok(OrganizationObject(service::withdraw_verification(ctx.services()?, ctx.request()?, id, &reason).await?))
    }

    /// Invites an address to join (status `INVITED`); the invitation is emailed, naming the
    /// inviter. The answer says nothing about whether the address has an account. The
    /// organization's admins only, and only while it is verified (`CONFLICT` otherwise);
    /// `RATE_LIMITED` past the limits per inviter, per organization and per invited address.
    async fn add_organization_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization's ID.")] organization_id: ID,
        #[graphql(desc = "The address to invite.")] email: String,
        #[graphql(desc = "The role to offer; `OFFICIAL` only in governmental organizations.")] role: MembershipRole,
    ) -> async_graphql::Result<MembershipObject> {
        let organization = self::organization_id(&organization_id)?;
        Ok(MembershipObject(service::invite(ctx.services()?, ctx.request()?, organization, &email, role).await?))
    }

    /// Accepts an emailed invitation: the signed-in, verified invitee becomes a member.
    async fn accept_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `token` of the invitation link.")] token: String,
    ) -> async_graphql::Result<MembershipObject> {
        Ok(MembershipObject(service::accept(ctx.services()?, ctx.request()?, &token).await?))
    }

    /// Changes a member's role. The organization's admins; an organization keeps at least one admin.
    async fn change_membership_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The membership's ID.")] membership_id: ID,
        #[graphql(desc = "The new role.")] role: MembershipRole,
    ) -> async_graphql::Result<MembershipObject> {
        let id = self::membership_id(&membership_id)?;
        Ok(MembershipObject(service::change_role(ctx.services()?, ctx.request()?, id, role).await?))
    }

    /// Removes a member or cancels an invitation (the organization's admins), or leaves (the
    /// member). An organization keeps at least one admin.
    async fn remove_organization_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The membership's ID.")] membership_id: ID,
    ) -> async_graphql::Result<bool> {
        let id = self::membership_id(&membership_id)?;
        service::remove(ctx.services()?, ctx.request()?, id).await?;
        Ok(true)
    }
}

fn organization_id(id: &ID) -> Result<OrganizationId, AppError> {
    GlobalId::require(id, ORGANIZATION_KIND, OrganizationId)
}

fn membership_id(id: &ID) -> Result<MembershipId, AppError> {
    GlobalId::require(id, MEMBERSHIP_KIND, MembershipId)
}
