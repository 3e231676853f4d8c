//! What platform admins do to accounts: grant and revoke roles, suspend users and lift
//! suspensions. Every action is audited and the person concerned is emailed in their language.

use fluent_bundle::FluentValue;
use serde_json::json;

use crate::audit::service::{self as audit, Actor, Target};
use crate::auth::permissions::{Action, authorize};
use crate::consultations::{self, model::ConsultationId};
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::accounts::service::recipient_of;
use crate::identity::model::{Role, RoleGrant, RoleGrantId, RoleGrantInsertForm, User, UserId};
use crate::identity::{store, tokens::store as tokens_store};
use crate::mail::templates;
use crate::request::RequestContext;
use crate::services::Services;
use crate::training::{self, model::CourseId};

/// The longest suspension reason.
const MAX_REASON: usize = 2000;

/// What a role is limited to: a consultation or a course (its kind and ID), or nothing.
#[derive(Debug, Clone)]
pub struct RoleScope {
    pub kind: String,
    pub id: String,
}

/// Grants a role, platform-wide or within one consultation or course (platform admins).
pub async fn grant_role(
    services: &Services,
    request: &RequestContext,
    user: UserId,
    role: Role,
    scope: Option<RoleScope>,
) -> AppResult<RoleGrant> {
    authorize(request.principal(), Action::ManageAccounts)?;
    let admin = request.caller()?;
    if role == Role::Admin && scope.is_some() {
        return Err(AppError::Validation { field: "scopeId".into(), message_id: "error-admin-is-platform-wide" });
    }
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let grant = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let target = store::find_user(connection, &user)?.ok_or(AppError::NotFound)?;
                if let Some(scope) = &scope
                    && !scope_exists(connection, scope)?
                {
                    return Err(AppError::invalid("scopeId"));
                }
                let scope_id = scope.as_ref().map(|scope| scope.id.as_str());
                let held = store::grants_of(connection, &user)?;
                if held.iter().any(|grant| grant.role == role.as_str() && grant.scope_id.as_deref() == scope_id) {
                    return Err(AppError::Conflict { message_id: "error-role-already-granted" });
                }
                let id = RoleGrantId::generate();
                store::insert_grant(
                    connection,
                    &RoleGrantInsertForm {
                        id: &id,
                        user_id: &user,
                        role: role.as_str(),
                        scope_id,
                        granted_by: Some(&admin),
                        created_at: time::now(),
                        scope_type: scope.as_ref().map(|scope| scope.kind.as_str()),
                    },
                )?;
                let actor = Actor { user_id: Some(admin.as_str()), request_id: Some(&request_id) };
                let details =
                    json!({ "role": role.as_str(), "scopeType": scope.as_ref().map(|s| &s.kind), "scopeId": scope_id });
                audit::record(connection, actor, "role.grant", Some(user_target(&user)), &details)?;
                let args = [("role", FluentValue::from(role.as_str()))];
                mailer.enqueue(connection, templates::ROLE_GRANTED, &recipient_of(&target), &args)?;
                store::find_grant(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(grant)
}

/// Revokes a role (platform admins); the platform always keeps one admin.
pub async fn revoke_role(services: &Services, request: &RequestContext, grant: RoleGrantId) -> AppResult<()> {
    authorize(request.principal(), Action::ManageAccounts)?;
    let admin = request.caller()?;
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let grant = store::find_grant(connection, &grant)?.ok_or(AppError::NotFound)?;
                if grant.role == Role::Admin.as_str() && store::platform_admin_count(connection)? <= 1 {
                    return Err(AppError::Conflict { message_id: "error-last-platform-admin" });
                }
                store::delete_grant(connection, &grant.id)?;
                let actor = Actor { user_id: Some(admin.as_str()), request_id: Some(&request_id) };
                let details = json!({ "role": grant.role, "scopeId": grant.scope_id });
                audit::record(connection, actor, "role.revoke", Some(user_target(&grant.user_id)), &details)?;
                Ok(())
            })
        })
        .await
}

/// Suspends an account (platform admins): it can no longer sign in, its sessions end, and its
/// owner is told why.
pub async fn suspend_user(
    services: &Services,
    request: &RequestContext,
    user: UserId,
    reason: &str,
) -> AppResult<User> {
    authorize(request.principal(), Action::ManageAccounts)?;
    let admin = request.caller()?;
    if admin == user {
        return Err(AppError::Conflict { message_id: "error-cannot-suspend-self" });
    }
    let reason = reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > MAX_REASON {
        return Err(AppError::invalid("reason"));
    }
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let suspended = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let target = store::find_user(connection, &user)?.ok_or(AppError::NotFound)?;
                if target.is_suspended() {
                    return Err(AppError::Conflict { message_id: "error-already-suspended" });
                }
                let now = time::now();
                store::suspend(connection, &user, &reason, now)?;
                tokens_store::revoke_all_of(connection, &user, now)?;
                let actor = Actor { user_id: Some(admin.as_str()), request_id: Some(&request_id) };
                audit::record(
                    connection,
                    actor,
                    "user.suspend",
                    Some(user_target(&user)),
                    &json!({ "reason": reason }),
                )?;
                mailer.enqueue(
                    connection,
                    templates::ACCOUNT_SUSPENDED,
                    &recipient_of(&target),
                    &[("reason", FluentValue::from(reason.clone()))],
                )?;
                store::find_user(connection, &user)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(suspended)
}

/// Lifts a suspension (platform admins): the account can sign in again, and its owner is told.
pub async fn reinstate_user(services: &Services, request: &RequestContext, user: UserId) -> AppResult<User> {
    authorize(request.principal(), Action::ManageAccounts)?;
    let admin = request.caller()?;
    let request_id = request.request_id.clone();
    let mailer = services.mailer.clone();
    let reinstated = services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let target =
                    store::find_user(connection, &user)?.filter(|user| !user.is_deleted()).ok_or(AppError::NotFound)?;
                if !target.is_suspended() {
                    return Err(AppError::Conflict { message_id: "error-not-suspended" });
                }
                store::reinstate(connection, &user, time::now())?;
                let actor = Actor { user_id: Some(admin.as_str()), request_id: Some(&request_id) };
                audit::record(connection, actor, "user.reinstate", Some(user_target(&user)), &json!({}))?;
                mailer.enqueue(connection, templates::ACCOUNT_REINSTATED, &recipient_of(&target), &[])?;
                store::find_user(connection, &user)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    services.mailer.wake_worker();
    Ok(reinstated)
}

/// Whether the consultation or course a role is limited to exists (other kinds are refused
/// before this, when the ID is decoded).
fn scope_exists(connection: &mut DbConnection, scope: &RoleScope) -> AppResult<bool> {
    Ok(match scope.kind.as_str() {
        "Consultation" => {
            consultations::store::find_consultation(connection, &ConsultationId(scope.id.clone()))?.is_some()
        }
        "Course" => !training::store::courses_by_id(connection, &[CourseId(scope.id.clone())])?.is_empty(),
        _ => false,
    })
}

fn user_target(user: &UserId) -> Target<'_> {
    Target { kind: "User", id: user.as_str() }
}
