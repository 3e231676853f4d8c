//! Organization rules: who may create, verify, invite, promote and remove; invitations that
//! nobody becomes a member without accepting; and an organization that always keeps an admin.
//! Every membership change and every verification decision is audited.
//!
//! Invitations are the one email a user makes the platform send to any address, so they are
//! kept from becoming a mail relay:
//! - only a verified organization invites (a platform admin has looked at its name and who runs
//!   it); an unverified one, new or withdrawn, gets `CONFLICT`. Members who joined before a
//!   withdrawal stay, and an invitation already sent can still be accepted;
//! - invitations are throttled per inviting account, per organization and per invited address
//!   (`AGORA_INVITATIONS_PER_*`; every invitation sent counts, to an account or not), and
//!   `RATE_LIMITED` says when to try again;
//! - the email names the person who invites and the platform; its subject holds no text anyone
//!   chose, and in its body the organization's and the inviter's names are written so that no
//!   mail client makes a link of them ([`crate::mail::defang`]).

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use fluent_bundle::FluentValue;
use serde_json::json;

use super::model::{
    Membership, MembershipId, MembershipInsertForm, MembershipRole, MembershipStatus, Organization, OrganizationFilter,
    OrganizationId, OrganizationInsertForm, OrganizationKind,
};
use super::store;
use crate::audit::service::{self as audit, Actor, Target};
use crate::auth::Principal;
use crate::auth::permissions::{Action, authorize};
use crate::auth::secret_token::{self, SecretToken};
use crate::consultations::rounds::service as rounds;
use crate::db::page::{Cursor, Page, PageRequest};
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey, Outcome};
use crate::identity::accounts::email::Email;
use crate::identity::accounts::links::token_link;
use crate::identity::accounts::profile::parse_country;
use crate::identity::accounts::service::recipient_of;
use crate::identity::model::UserId;
use crate::identity::store as users;
use crate::mail::defang::defang;
use crate::mail::{Recipient, templates};
use crate::names::parse_name;
use crate::request::RequestContext;
use crate::services::Services;
use crate::text::parse_text;
use crate::throttle;

/// How long an invitation can be accepted.
const INVITATION_LIFETIME: TimeDelta = TimeDelta::days(14);
/// The longest organization name.
const MAX_NAME: usize = 200;
/// The longest reason for withdrawing a verification.
const MAX_REASON: usize = 2000;

/// What `createOrganization` receives.
pub struct NewOrganization<'a> {
    pub name: &'a str,
    pub kind: OrganizationKind,
    pub country: Option<&'a str>,
    pub website: Option<&'a str>,
    /// Makes a retry answer with the organization the first request created.
    pub idempotency_key: Option<IdempotencyKey>,
}

/// Creates an unverified organization with the caller as its admin (or, retried under an
/// idempotency key, answers with the one the first request created).
pub async fn create(
    services: &Services,
    request: &RequestContext,
    input: NewOrganization<'_>,
) -> AppResult<Organization> {
    let principal = request.principal();
    authorize(principal, Action::CreateOrganization)?;
    let creator = principal.ok_or(AppError::Unauthenticated)?.user_id.clone();
    if let Some(id) = idempotency::replayed(&services.db, &creator, input.idempotency_key.as_ref()).await? {
        return created_earlier(services, request, id).await;
    }
    let name = parse_name(input.name, "name", MAX_NAME, "error-validation")?;
    let country = input.country.map(parse_country).transpose()?;
    let website = input.website.map(parse_website).transpose()?;
    let kind = input.kind;
    let key = input.idempotency_key;
    let request_id = request.request_id.clone();
    let id = OrganizationId::generate();
    let outcome = services
        .db
        .run(move |connection| {
            idempotency::create_once(connection, &creator, key.as_ref(), id.as_str(), |connection| {
                let now = time::now();
                store::insert_organization(
                    connection,
                    &OrganizationInsertForm {
                        id: &id,
                        name: &name,
                        kind: kind.as_str(),
                        country_code: country.as_deref(),
                        website: website.as_deref(),
                        created_by: Some(&creator),
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                let membership = MembershipId::generate();
                store::insert_membership(
                    connection,
                    &MembershipInsertForm {
                        id: &membership,
                        organization_id: &id,
                        user_id: Some(&creator),
                        invited_email: None,
                        invitation_token_hash: None,
                        invitation_expires_at: None,
                        role: MembershipRole::Admin.as_str(),
                        status: MembershipStatus::Active.as_str(),
                        invited_by: None,
                        created_at: now,
                        accepted_at: Some(now),
                    },
                )?;
                let actor = Actor { user_id: Some(creator.as_str()), request_id: Some(&request_id) };
                let target = Target { kind: "Organization", id: id.as_str() };
                audit::record(
                    connection,
                    actor,
                    "organization.create",
                    Some(target),
                    &json!({ "kind": kind.as_str() }),
                )?;
                store::find_organization(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    match outcome {
        Outcome::Created(organization) => Ok(organization),
        Outcome::Earlier(id) => created_earlier(services, request, id).await,
    }
}

/// The organization an earlier request with the same idempotency key created, as it is now.
async fn created_earlier(services: &Services, request: &RequestContext, id: String) -> AppResult<Organization> {
    find_visible(services, request.principal(), OrganizationId(id)).await?.ok_or(AppError::NotFound)
}

/// Marks an organization verified (platform admins); its creator is emailed.
pub async fn verify(services: &Services, request: &RequestContext, id: OrganizationId) -> AppResult<Organization> {
    authorize(request.principal(), Action::VerifyOrganization)?;
    let admin = request.caller()?;
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let organization = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let organization = store::find_organization(connection, &id)?.ok_or(AppError::NotFound)?;
                if organization.is_verified() {
                    return Err(AppError::Conflict { message_id: "error-organization-already-verified" });
                }
                store::set_verification(connection, &id, Some(&admin), None, time::now())?;
                let actor = Actor { user_id: Some(admin.as_str()), request_id: Some(&request_id) };
                audit::record(connection, actor, "organization.verify", Some(org_target(&id)), &json!({}))?;
                if let Some(creator_id) = &organization.created_by
                    && let Some(creator) = users::find_user(connection, creator_id)?
                {
                    let args = [("organization", FluentValue::from(organization.name.clone()))];
                    mailer.enqueue(connection, templates::ORGANIZATION_VERIFIED, &recipient_of(&creator), &args)?;
                }
                store::find_organization(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(organization)
}

/// Withdraws a verification with a reason (platform admins). From then on the organization
/// invites nobody and its officials act on nothing (see `auth::permissions::Officialdom`); the
/// open and scheduled rounds of its published consultations close now, their followers are told
/// (`consultations::rounds::close_for_withdrawn_verification`), and its admins are emailed the
/// reason and all of this. Verifying it again restores its officials; closed rounds stay closed.
pub async fn withdraw_verification(
    services: &Services,
    request: &RequestContext,
    id: OrganizationId,
    reason: &str,
) -> AppResult<Organization> {
    authorize(request.principal(), Action::VerifyOrganization)?;
    let admin = request.caller()?;
    let reason = parse_text(reason, "reason", MAX_REASON)?;
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let organization = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let organization = store::find_organization(connection, &id)?.ok_or(AppError::NotFound)?;
                if !organization.is_verified() {
                    return Err(AppError::Conflict { message_id: "error-organization-not-verified" });
                }
                let now = time::now();
                store::set_verification(connection, &id, None, Some(&reason), now)?;
                let closed_rounds = rounds::close_for_withdrawn_verification(connection, &id, now)?;
                let actor = Actor { user_id: Some(admin.as_str()), request_id: Some(&request_id) };
                audit::record(
                    connection,
                    actor,
                    "organization.withdraw_verification",
                    Some(org_target(&id)),
                    &json!({ "reason": reason, "closedRounds": closed_rounds }),
                )?;
                for admin_id in store::admin_user_ids(connection, &id)? {
                    if let Some(user) = users::find_user(connection, &admin_id)? {
                        let args = [
                            ("organization", FluentValue::from(organization.name.clone())),
                            ("reason", FluentValue::from(reason.clone())),
                        ];
                        mailer.enqueue(connection, templates::ORGANIZATION_WITHDRAWN, &recipient_of(&user), &args)?;
                    }
                }
                store::find_organization(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    services.mailer.wake_worker();
    services.notification_wake.notify_one();
    Ok(organization)
}

/// Invites an address to join a verified organization with `role`. The answer is the same
/// whether or not the address has an account; the invitation email tells the rest.
pub async fn invite(
    services: &Services,
    request: &RequestContext,
    organization_id: OrganizationId,
    email: &str,
    role: MembershipRole,
) -> AppResult<Membership> {
    let inviter = request.caller()?;
    let email = Email::parse(email, "email")?;
    let request_id = request.request_id.clone();
    let request_locale = request.locale.clone();
    let principal = request.principal.clone();
    let inviter_name = principal.as_ref().map(|principal| principal.account.display_name.clone()).unwrap_or_default();
    let mailer = services.mailer.clone();
    let base = services.config.public_base_url();
    let limits = services.config.throttle;
    let membership = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let organization = store::find_organization(connection, &organization_id)?.ok_or(AppError::NotFound)?;
                let caller_is_organization_admin = is_organization_admin(connection, &organization_id, &inviter)?;
                authorize(principal.as_deref(), Action::ManageMembers { caller_is_organization_admin })?;
                if !organization.is_verified() {
                    return Err(AppError::Conflict { message_id: "error-invitation-needs-verification" });
                }
                check_role_fits(&organization, role)?;
                let invitee = users::find_user_by_email(connection, email.normalized())?;
                if let Some(invitee) = &invitee
                    && store::active_membership(connection, &organization_id, &invitee.id)?.is_some()
                {
                    return Err(AppError::Conflict { message_id: "error-already-member" });
                }
                let now = time::now();
                let buckets = [
                    (throttle::bucket("invitation-inviter", inviter.as_str()), limits.invitations_per_inviter),
                    (
                        throttle::bucket("invitation-organization", organization_id.as_str()),
                        limits.invitations_per_organization,
                    ),
                    (throttle::bucket("invitation-recipient", email.normalized()), limits.invitations_per_recipient),
                ];
                for (bucket, limit) in &buckets {
                    throttle::check(connection, bucket, *limit, now)?;
                }
                for (bucket, limit) in &buckets {
                    throttle::record(connection, bucket, *limit, now)?;
                }
                let secret = SecretToken::generate();
                let id = match store::pending_invitation(connection, &organization_id, email.normalized())? {
                    Some(existing) => {
                        store::renew_invitation(
                            connection,
                            &existing.id,
                            &secret.hash,
                            role,
                            now + INVITATION_LIFETIME,
                        )?;
                        existing.id
                    }
                    None => {
                        let id = MembershipId::generate();
                        store::insert_membership(
                            connection,
                            &MembershipInsertForm {
                                id: &id,
                                organization_id: &organization_id,
                                user_id: None,
                                invited_email: Some(email.normalized()),
                                invitation_token_hash: Some(&secret.hash),
                                invitation_expires_at: Some(now + INVITATION_LIFETIME),
                                role: role.as_str(),
                                status: MembershipStatus::Invited.as_str(),
                                invited_by: Some(&inviter),
                                created_at: now,
                                accepted_at: None,
                            },
                        )?;
                        id
                    }
                };
                let actor = Actor { user_id: Some(inviter.as_str()), request_id: Some(&request_id) };
                let details = json!({ "organization": organization_id.as_str(), "role": role.as_str() });
                audit::record(connection, actor, "membership.invite", Some(membership_target(&id)), &details)?;
                let recipient = Recipient {
                    address: email.as_entered().to_owned(),
                    name: invitee.as_ref().map(|user| user.display_name.clone()),
                    locale: invitee.as_ref().map_or(request_locale, |user| recipient_of(user).locale),
                };
                let args = [
                    ("organization", FluentValue::from(defang(&organization.name))),
                    ("inviter", FluentValue::from(defang(&inviter_name))),
                    ("link", FluentValue::from(token_link(&base, "invitations", &secret.token))),
                ];
                mailer.enqueue(connection, templates::MEMBERSHIP_INVITATION, &recipient, &args)?;
                store::find_membership(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(membership)
}

/// Accepts an invitation: the signed-in, verified invitee becomes a member.
pub async fn accept(services: &Services, request: &RequestContext, token: &str) -> AppResult<Membership> {
    let principal = request.signed_in()?;
    if !principal.email_verified {
        return Err(AppError::EmailNotVerified);
    }
    let user_id = principal.user_id.clone();
    let token_hash = secret_token::hash(token);
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let now = time::now();
                let invitation = store::find_invitation_by_token(connection, &token_hash)?
                    .filter(|invitation| invitation.invitation_expires_at.is_some_and(|expiry| expiry > now))
                    .ok_or_else(|| AppError::Validation { field: "token".into(), message_id: "error-token-invalid" })?;
                let user = users::find_user(connection, &user_id)?.ok_or(AppError::Unauthenticated)?;
                if invitation.invited_email.as_deref() != Some(user.email_normalized.as_str()) {
                    return Err(AppError::Forbidden);
                }
                if store::active_membership(connection, &invitation.organization_id, &user_id)?.is_some() {
                    return Err(AppError::Conflict { message_id: "error-already-member" });
                }
                store::accept_invitation(connection, &invitation.id, &user_id, now)?;
                let actor = Actor { user_id: Some(user_id.as_str()), request_id: Some(&request_id) };
                audit::record(
                    connection,
                    actor,
                    "membership.accept",
                    Some(membership_target(&invitation.id)),
                    &json!({}),
                )?;
                store::find_membership(connection, &invitation.id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// The organization an open invitation is for (the invitation page shows its name).
pub async fn invitation_preview(services: &Services, token: &str) -> AppResult<Organization> {
    let token_hash = secret_token::hash(token);
    services
        .db
        .run(move |connection| {
            let now = time::now();
            let invitation = store::find_invitation_by_token(connection, &token_hash)?
                .filter(|invitation| invitation.invitation_expires_at.is_some_and(|expiry| expiry > now))
                .ok_or_else(|| AppError::Validation { field: "token".into(), message_id: "error-token-invalid" })?;
            store::find_organization(connection, &invitation.organization_id)?.ok_or(AppError::NotFound)
        })
        .await
}

/// Changes a member's role (the organization's admins); the last admin cannot step down.
pub async fn change_role(
    services: &Services,
    request: &RequestContext,
    id: MembershipId,
    role: MembershipRole,
) -> AppResult<Membership> {
    let caller_id = request.caller()?;
    let principal = request.principal.clone();
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let membership = store::find_membership(connection, &id)?.ok_or(AppError::NotFound)?;
                let caller_is_organization_admin =
                    is_organization_admin(connection, &membership.organization_id, &caller_id)?;
                authorize(principal.as_deref(), Action::ManageMembers { caller_is_organization_admin })?;
                let organization =
                    store::find_organization(connection, &membership.organization_id)?.ok_or(AppError::NotFound)?;
                check_role_fits(&organization, role)?;
                if membership.is_active() && membership.role() == MembershipRole::Admin && role != MembershipRole::Admin
                {
                    keep_an_admin(connection, &membership.organization_id)?;
                }
                store::set_role(connection, &id, role)?;
                let actor = Actor { user_id: Some(caller_id.as_str()), request_id: Some(&request_id) };
                let details = json!({ "from": membership.role, "to": role.as_str() });
                audit::record(connection, actor, "membership.change_role", Some(membership_target(&id)), &details)?;
                store::find_membership(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// Removes a member or cancels an invitation (the organization's admins), or leaves (the
/// member); the last admin cannot leave.
pub async fn remove(services: &Services, request: &RequestContext, id: MembershipId) -> AppResult<()> {
    let caller_id = request.caller()?;
    let principal = request.principal.clone();
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let membership = store::find_membership(connection, &id)?.ok_or(AppError::NotFound)?;
                let caller_is_organization_admin =
                    is_organization_admin(connection, &membership.organization_id, &caller_id)?;
                let is_own_membership = membership.user_id.as_ref() == Some(&caller_id);
                authorize(
                    principal.as_deref(),
                    Action::RemoveMember { caller_is_organization_admin, is_own_membership },
                )?;
                if membership.is_active() && membership.role() == MembershipRole::Admin {
                    keep_an_admin(connection, &membership.organization_id)?;
                }
                store::delete_membership(connection, &id)?;
                let actor = Actor { user_id: Some(caller_id.as_str()), request_id: Some(&request_id) };
                let action = if is_own_membership { "membership.leave" } else { "membership.remove" };
                let details = json!({ "organization": membership.organization_id.as_str(), "role": membership.role });
                audit::record(connection, actor, action, Some(membership_target(&id)), &details)?;
                Ok(())
            })
        })
        .await
}

/// An organization, if the caller may see it: verified ones are public; unverified ones are
/// visible to their members and to platform admins.
pub async fn find_visible(
    services: &Services,
    principal: Option<&Principal>,
    id: OrganizationId,
) -> AppResult<Option<Organization>> {
    let viewer = principal.map(|principal| (principal.user_id.clone(), principal.is_admin()));
    services
        .db
        .run(move |connection| {
            let Some(organization) = store::find_organization(connection, &id)? else { return Ok(None) };
            let visible = organization.is_verified() || is_member_or_admin(connection, &id, viewer.as_ref())?;
            Ok(visible.then_some(organization))
        })
        .await
}

/// A membership, if the caller belongs to its organization (an open invitation: if the caller
/// administers it), or is a platform admin.
pub async fn find_membership_visible(
    services: &Services,
    principal: Option<&Principal>,
    id: MembershipId,
) -> AppResult<Option<Membership>> {
    let viewer = principal.map(|principal| (principal.user_id.clone(), principal.is_admin()));
    services
        .db
        .run(move |connection| {
            let Some(membership) = store::find_membership(connection, &id)? else { return Ok(None) };
            // An open invitation names an address: only the organization's admins see it.
            let visible = match (&viewer, membership.is_active()) {
                (_, true) => is_member_or_admin(connection, &membership.organization_id, viewer.as_ref())?,
                (Some((_, true)), false) => true,
                (Some((user, false)), false) => is_organization_admin(connection, &membership.organization_id, user)?,
                (None, false) => false,
            };
            Ok(visible.then_some(membership))
        })
        .await
}

/// A user's active memberships, oldest first. Callers check who may see them.
pub async fn active_memberships_of(services: &Services, user: UserId) -> AppResult<Vec<Membership>> {
    services
        .db
        .run(move |connection| {
            Ok(store::memberships_of(connection, &user)?.into_iter().filter(Membership::is_active).collect())
        })
        .await
}

/// Verified organizations (all of them for platform admins), newest first.
pub async fn list(
    services: &Services,
    principal: Option<&Principal>,
    mut filter: OrganizationFilter,
    page: PageRequest,
) -> AppResult<Page<Organization>> {
    filter.include_unverified = principal.is_some_and(Principal::is_admin);
    let after = page.after.as_ref().map(decode_cursor).transpose()?.map(|(at, id)| (at, OrganizationId(id)));
    services.db.run(move |connection| Ok(store::list_organizations(connection, &filter, &page, after)?)).await
}

/// The members of an organization (with open invitations for its admins), for its members.
pub async fn members(
    services: &Services,
    principal: Option<&Principal>,
    organization: OrganizationId,
    page: PageRequest,
) -> AppResult<Page<Membership>> {
    let viewer = principal.map(|principal| principal.user_id.clone());
    let principal = principal.cloned();
    let after = page.after.as_ref().map(decode_cursor).transpose()?.map(|(at, id)| (at, MembershipId(id)));
    services
        .db
        .run(move |connection| {
            let membership = match &viewer {
                Some(user) => store::active_membership(connection, &organization, user)?,
                None => None,
            };
            authorize(principal.as_ref(), Action::ViewMembers { caller_is_member: membership.is_some() })?;
            let sees_invitations = membership.is_some_and(|membership| membership.role() == MembershipRole::Admin)
                || principal.as_ref().is_some_and(Principal::is_admin);
            Ok(store::list_memberships(connection, &organization, sees_invitations, &page, after)?)
        })
        .await
}

/// The cursor of a row in a `(created_at, id)` order.
pub fn cursor_at(created_at: NaiveDateTime, id: &str) -> Cursor {
    Cursor::new(created_at.and_utc().to_rfc3339(), id)
}

fn decode_cursor(cursor: &Cursor) -> AppResult<(NaiveDateTime, String)> {
    let created_at = DateTime::parse_from_rfc3339(&cursor.key).map_err(|_| AppError::invalid("after"))?;
    Ok((created_at.with_timezone(&Utc).naive_utc(), cursor.id.clone()))
}

/// Whether the viewer (a user and whether they are a platform admin) is a platform admin or an
/// active member of the organization.
fn is_member_or_admin(
    connection: &mut DbConnection,
    organization: &OrganizationId,
    viewer: Option<&(UserId, bool)>,
) -> AppResult<bool> {
    Ok(match viewer {
        Some((_, true)) => true,
        Some((user, false)) => store::active_membership(connection, organization, user)?.is_some(),
        None => false,
    })
}

fn is_organization_admin(
    connection: &mut DbConnection,
    organization: &OrganizationId,
    user: &UserId,
) -> AppResult<bool> {
    Ok(store::active_membership(connection, organization, user)?.is_some_and(|m| m.role() == MembershipRole::Admin))
}

/// `OFFICIAL` exists only in governmental organizations.
fn check_role_fits(organization: &Organization, role: MembershipRole) -> AppResult<()> {
    if role == MembershipRole::Official && !organization.kind().is_governmental() {
        return Err(AppError::Validation { field: "role".into(), message_id: "error-official-needs-government" });
    }
    Ok(())
}

/// Refuses a change that would leave the organization without an active admin.
fn keep_an_admin(connection: &mut DbConnection, organization: &OrganizationId) -> AppResult<()> {
    if store::active_admin_count(connection, organization)? <= 1 {
        return Err(AppError::Conflict { message_id: "error-last-admin" });
    }
    Ok(())
}

fn org_target(id: &OrganizationId) -> Target<'_> {
    Target { kind: "Organization", id: id.as_str() }
}

fn membership_target(id: &MembershipId) -> Target<'_> {
    Target { kind: "Membership", id: id.as_str() }
}

fn parse_website(raw: &str) -> AppResult<String> {
    let url = url::Url::parse(raw.trim()).map_err(|_| AppError::invalid("website"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(AppError::invalid("website"));
    }
    Ok(url.to_string())
}
