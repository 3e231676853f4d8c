//! Queries on organizations and memberships.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{
    Membership, MembershipId, MembershipInsertForm, MembershipRole, MembershipStatus, Organization, OrganizationFilter,
    OrganizationId, OrganizationInsertForm,
};
use crate::db::DbConnection;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::{memberships, organizations};
use crate::identity::model::UserId;

pub fn insert_organization(connection: &mut DbConnection, form: &OrganizationInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(organizations::table).values(form).execute(connection).map(drop)
}

pub fn find_organization(connection: &mut DbConnection, id: &OrganizationId) -> QueryResult<Option<Organization>> {
    organizations::table.find(id).select(Organization::as_select()).get_result(connection).optional()
}

/// Organizations matching `filter`, newest first, after the cursor `(created_at, id)` if any.
pub fn list_organizations(
    connection: &mut DbConnection,
    filter: &OrganizationFilter,
    page: &PageRequest,
    after: Option<(NaiveDateTime, OrganizationId)>,
) -> QueryResult<Page<Organization>> {
    let filtered = || {
        let mut query = organizations::table.into_boxed();
        if let Some(kind) = filter.kind {
            query = query.filter(organizations::kind.eq(kind.as_str()));
        }
        if let Some(country) = &filter.country_code {
            query = query.filter(organizations::country_code.eq(country.clone()));
        }
        if !filter.include_unverified {
            query = query.filter(organizations::verified_at.is_not_null());
        }
        query
    };
    let total_count = page.total(|| filtered().count().get_result(connection))?;
    let mut query = filtered();
    if let Some((created_at, id)) = after {
        query = query.filter(
            organizations::created_at
                .lt(created_at)
                .or(organizations::created_at.eq(created_at).and(organizations::id.lt(id))),
        );
    }
    let rows = query
        .order((organizations::created_at.desc(), organizations::id.desc()))
        .limit(page.fetch_limit())
        .select(Organization::as_select())
        .load(connection)?;
    Ok(Page::from_rows(rows, page, total_count))
}

/// Marks an organization verified (`Some`) or withdraws the verification with a reason.
pub fn set_verification(
    connection: &mut DbConnection,
    id: &OrganizationId,
    verified_by: Option<&UserId>,
    withdrawal_reason: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let verified_at = verified_by.map(|_| at);
    diesel::update(organizations::table.find(id))
        .set((
            organizations::verified_at.eq(verified_at),
            organizations::verified_by.eq(verified_by),
            organizations::withdrawal_reason.eq(withdrawal_reason),
            organizations::updated_at.eq(at),
        ))
        .execute(connection)
        .map(drop)
}

pub fn insert_membership(connection: &mut DbConnection, form: &MembershipInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(memberships::table).values(form).execute(connection).map(drop)
}

pub fn find_membership(connection: &mut DbConnection, id: &MembershipId) -> QueryResult<Option<Membership>> {
    memberships::table.find(id).select(Membership::as_select()).get_result(connection).optional()
}

/// The active membership of `user` in `organization`, if any.
pub fn active_membership(
    connection: &mut DbConnection,
    organization: &OrganizationId,
    user: &UserId,
) -> QueryResult<Option<Membership>> {
    memberships::table
        .filter(memberships::organization_id.eq(organization))
        .filter(memberships::user_id.eq(user))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .select(Membership::as_select())
        .get_result(connection)
        .optional()
}

/// Whether `user` is an active `OFFICIAL` of `organization`.
pub fn is_official(connection: &mut DbConnection, organization: &OrganizationId, user: &UserId) -> QueryResult<bool> {
    Ok(active_membership(connection, organization, user)?
        .is_some_and(|membership| membership.role() == MembershipRole::Official))
}

/// Whether `user` is an active `OFFICIAL` of `organization` and, if so, whether the organization
/// is verified now: `None` when not an official, `Some(verified)` otherwise (one query).
pub fn official_standing(
    connection: &mut DbConnection,
    organization: &OrganizationId,
    user: &UserId,
) -> QueryResult<Option<bool>> {
    let verified_at: Option<Option<NaiveDateTime>> = memberships::table
        .inner_join(organizations::table)
        .filter(memberships::organization_id.eq(organization))
        .filter(memberships::user_id.eq(user))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .filter(memberships::role.eq(MembershipRole::Official.as_str()))
        .select(organizations::verified_at)
        .first(connection)
        .optional()?;
    Ok(verified_at.map(|verified_at| verified_at.is_some()))
}

/// The open invitation for `email` to `organization`, if any.
pub fn pending_invitation(
    connection: &mut DbConnection,
    organization: &OrganizationId,
    email_normalized: &str,
) -> QueryResult<Option<Membership>> {
    memberships::table
        .filter(memberships::organization_id.eq(organization))
        .filter(memberships::invited_email.eq(email_normalized))
        .filter(memberships::status.eq(MembershipStatus::Invited.as_str()))
        .select(Membership::as_select())
        .get_result(connection)
        .optional()
}

pub fn find_invitation_by_token(connection: &mut DbConnection, token_hash: &str) -> QueryResult<Option<Membership>> {
    memberships::table
        .filter(memberships::invitation_token_hash.eq(token_hash))
        .filter(memberships::status.eq(MembershipStatus::Invited.as_str()))
        .select(Membership::as_select())
        .get_result(connection)
        .optional()
}

/// Replaces an invitation's token, role and expiry (inviting the same address again).
pub fn renew_invitation(
    connection: &mut DbConnection,
    id: &MembershipId,
    token_hash: &str,
    role: MembershipRole,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(memberships::table.find(id))
        .set((
            memberships::invitation_token_hash.eq(Some(token_hash)),
            memberships::role.eq(role.as_str()),
            memberships::invitation_expires_at.eq(Some(expires_at)),
        ))
        .execute(connection)
        .map(drop)
}

/// Turns an invitation into a membership of `user`.
pub fn accept_invitation(
    connection: &mut DbConnection,
    id: &MembershipId,
    user: &UserId,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(memberships::table.find(id))
        .set((
            memberships::user_id.eq(Some(user)),
            memberships::status.eq(MembershipStatus::Active.as_str()),
            memberships::accepted_at.eq(Some(at)),
            memberships::invitation_token_hash.eq(None::<String>),
            memberships::invitation_expires_at.eq(None::<NaiveDateTime>),
        ))
        .execute(connection)
        .map(drop)
}

pub fn set_role(connection: &mut DbConnection, id: &MembershipId, role: MembershipRole) -> QueryResult<()> {
    diesel::update(memberships::table.find(id)).set(memberships::role.eq(role.as_str())).execute(connection).map(drop)
}

pub fn delete_membership(connection: &mut DbConnection, id: &MembershipId) -> QueryResult<()> {
    diesel::delete(memberships::table.find(id)).execute(connection).map(drop)
}

/// How many active admins an organization has.
pub fn active_admin_count(connection: &mut DbConnection, organization: &OrganizationId) -> QueryResult<i64> {
    memberships::table
        .filter(memberships::organization_id.eq(organization))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .filter(memberships::role.eq(MembershipRole::Admin.as_str()))
        .count()
        .get_result(connection)
}

/// Active members who administer the organization (they hear about its verification).
pub fn admin_user_ids(connection: &mut DbConnection, organization: &OrganizationId) -> QueryResult<Vec<UserId>> {
    memberships::table
        .filter(memberships::organization_id.eq(organization))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .filter(memberships::role.eq(MembershipRole::Admin.as_str()))
        .filter(memberships::user_id.is_not_null())
        .select(memberships::user_id.assume_not_null())
        .load(connection)
}

/// Members and invitations of an organization, oldest first, with keyset pagination.
pub fn list_memberships(
    connection: &mut DbConnection,
    organization: &OrganizationId,
    include_invitations: bool,
    page: &PageRequest,
    after: Option<(NaiveDateTime, MembershipId)>,
) -> QueryResult<Page<Membership>> {
    let filtered = || {
        let mut query = memberships::table.filter(memberships::organization_id.eq(organization.clone())).into_boxed();
        if !include_invitations {
            query = query.filter(memberships::status.eq(MembershipStatus::Active.as_str()));
        }
        query
    };
    let total_count = page.total(|| filtered().count().get_result(connection))?;
    let mut query = filtered();
    if let Some((created_at, id)) = after {
        query = query.filter(
            memberships::created_at
                .gt(created_at)
                .or(memberships::created_at.eq(created_at).and(memberships::id.gt(id))),
        );
    }
    let rows = query
        .order((memberships::created_at.asc(), memberships::id.asc()))
        .limit(page.fetch_limit())
        .select(Membership::as_select())
        .load(connection)?;
    Ok(Page::from_rows(rows, page, total_count))
}

/// Every active membership of a user (for `me` and export).
pub fn memberships_of(connection: &mut DbConnection, user: &UserId) -> QueryResult<Vec<Membership>> {
    memberships::table
        .filter(memberships::user_id.eq(user))
        .order((memberships::created_at.asc(), memberships::id.asc()))
        .select(Membership::as_select())
        .load(connection)
}

/// The organizations in which `user` is an active `OFFICIAL` (their draft consultations are
/// visible to them).
pub fn organizations_where_official(connection: &mut DbConnection, user: &UserId) -> QueryResult<Vec<OrganizationId>> {
    memberships::table
        .filter(memberships::user_id.eq(user))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .filter(memberships::role.eq(MembershipRole::Official.as_str()))
        .select(memberships::organization_id)
        .load(connection)
}
