//! Rows of the organization tables and their vocabularies.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{memberships, organizations};
use crate::identity::model::UserId;
use crate::typed_id;

typed_id!(
    /// The ID of an organization.
    OrganizationId
);
typed_id!(
    /// The ID of a membership (or invitation).
    MembershipId
);

/// What kind of stakeholder an organization is.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganizationKind {
    /// A national or local government body (a ministry, an agency, a regulator).
    Government,
    /// A body of several states (a UN agency, a regional organization).
    Intergovernmental,
    /// A non-governmental or non-profit organization.
    CivilSociety,
    /// A company or a business association.
    Industry,
    /// A university or a research institute.
    Academia,
    /// A standards body, an open-source project or another technical community.
    TechnicalCommunity,
}

impl OrganizationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Government => "GOVERNMENT",
            Self::Intergovernmental => "INTERGOVERNMENTAL",
            Self::CivilSociety => "CIVIL_SOCIETY",
            Self::Industry => "INDUSTRY",
            Self::Academia => "ACADEMIA",
            Self::TechnicalCommunity => "TECHNICAL_COMMUNITY",
        }
    }

    pub fn from_stored(value: &str) -> Option<Self> {
        [
            Self::Government,
            Self::Intergovernmental,
            Self::CivilSociety,
            Self::Industry,
            Self::Academia,
            Self::TechnicalCommunity,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == value)
    }

    /// Governments and intergovernmental bodies have officials and own consultations.
    pub fn is_governmental(self) -> bool {
        matches!(self, Self::Government | Self::Intergovernmental)
    }
}

/// What a member may do in an organization.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipRole {
    /// May comment on the organization's behalf.
    Member,
    /// Manages the organization and its members.
    Admin,
    /// Speaks for a government or intergovernmental body: opens and runs its consultations.
    Official,
}

impl MembershipRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "MEMBER",
            Self::Admin => "ADMIN",
            Self::Official => "OFFICIAL",
        }
    }

    pub fn from_stored(value: &str) -> Option<Self> {
        [Self::Member, Self::Admin, Self::Official].into_iter().find(|role| role.as_str() == value)
    }
}

/// Whether a membership is still an invitation.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipStatus {
    /// Invited by email; not a member until the invitee accepts.
    Invited,
    /// A member.
    Active,
}

impl MembershipStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "INVITED",
            Self::Active => "ACTIVE",
        }
    }
}

/// An organization.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct Organization {
    pub id: OrganizationId,
    pub name: String,
    pub kind: String,
    pub country_code: Option<String>,
    pub website: Option<String>,
    pub created_by: Option<UserId>,
    pub verified_at: Option<NaiveDateTime>,
    pub verified_by: Option<UserId>,
    pub withdrawal_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Organization {
    pub fn kind(&self) -> OrganizationKind {
        OrganizationKind::from_stored(&self.kind).unwrap_or(OrganizationKind::CivilSociety)
    }

    pub fn is_verified(&self) -> bool {
        self.verified_at.is_some()
    }
}

/// A new organization.
#[derive(Debug, Insertable)]
#[diesel(table_name = organizations)]
pub struct OrganizationInsertForm<'a> {
    pub id: &'a OrganizationId,
    pub name: &'a str,
    pub kind: &'a str,
    pub country_code: Option<&'a str>,
    pub website: Option<&'a str>,
    pub created_by: Option<&'a UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A membership or an invitation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = memberships)]
pub struct Membership {
    pub id: MembershipId,
    pub organization_id: OrganizationId,
    pub user_id: Option<UserId>,
    pub invited_email: Option<String>,
    pub invitation_token_hash: Option<String>,
    pub invitation_expires_at: Option<NaiveDateTime>,
    pub role: String,
    pub status: String,
    pub invited_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
}

impl Membership {
    pub fn role(&self) -> MembershipRole {
        MembershipRole::from_stored(&self.role).unwrap_or(MembershipRole::Member)
    }

    pub fn is_active(&self) -> bool {
        self.status == MembershipStatus::Active.as_str()
    }
}

/// A new membership or invitation.
#[derive(Debug, Insertable)]
#[diesel(table_name = memberships)]
pub struct MembershipInsertForm<'a> {
    pub id: &'a MembershipId,
    pub organization_id: &'a OrganizationId,
    pub user_id: Option<&'a UserId>,
    pub invited_email: Option<&'a str>,
    pub invitation_token_hash: Option<&'a str>,
    pub invitation_expires_at: Option<NaiveDateTime>,
    pub role: &'a str,
    pub status: &'a str,
    pub invited_by: Option<&'a UserId>,
    pub created_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
}

/// Which organizations to list.
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    pub kind: Option<OrganizationKind>,
    pub country_code: Option<String>,
    /// Unverified organizations too (platform admins reviewing them).
    pub include_unverified: bool,
}
