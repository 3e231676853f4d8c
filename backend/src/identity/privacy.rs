//! What the identity domain holds about one person, table by table (the account, roles,
//! memberships, sessions, emailed links, audit entries, mail): read for `exportMyData`, erased
//! for `deleteMyAccount`, by `crate::privacy` with every other domain's part.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::db::DbConnection;
use crate::db::schema::{
    account_tokens, audit_log, mail_outbox, memberships, organizations, refresh_tokens, role_grants, users,
};
use crate::identity::model::UserId;

diesel::define_sql_function! {
    /// SQL `lower()`: mail may have been addressed with other letter case than the account's.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The account, without its password hash.
#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountExport {
    id: String,
    email: String,
    display_name: String,
    locale: String,
    country: Option<String>,
    email_verified_at: Option<NaiveDateTime>,
    suspended_at: Option<NaiveDateTime>,
    suspension_reason: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct GrantExport {
    role: String,
    scope_id: Option<String>,
    granted_at: NaiveDateTime,
}

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct MembershipExport {
    organization_id: String,
    organization: String,
    role: String,
    status: String,
    since: NaiveDateTime,
}

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationExport {
    id: String,
    name: String,
    created_at: NaiveDateTime,
}

/// A session, without its token hash.
#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionExport {
    started_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    rotated_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

/// An emailed link, without its token hash.
#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct LinkExport {
    purpose: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    used_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct AuditExport {
    action: String,
    target_type: Option<String>,
    target_id: Option<String>,
    details: String,
    at: NaiveDateTime,
}

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct MailExport {
    template: String,
    subject: String,
    status: String,
    created_at: NaiveDateTime,
}

/// The export, one key per table (secrets such as hashes left out).
pub fn export(connection: &mut DbConnection, user: &UserId) -> QueryResult<Value> {
    let account: AccountExport = users::table
        .find(user)
        .select((
            users::id,
            users::email,
            users::display_name,
            users::locale,
            users::country_code,
            users::email_verified_at,
            users::suspended_at,
            users::suspension_reason,
            users::created_at,
            users::updated_at,
        ))
        .get_result(connection)?;
    let email_normalized: String = users::table.find(user).select(users::email_normalized).get_result(connection)?;
    let grants: Vec<GrantExport> = role_grants::table
        .filter(role_grants::user_id.eq(user))
        .select((role_grants::role, role_grants::scope_id, role_grants::created_at))
        .load(connection)?;
    let member_of: Vec<MembershipExport> = memberships::table
        .inner_join(organizations::table)
        .filter(memberships::user_id.eq(user).or(memberships::invited_email.eq(&email_normalized)))
        .select((
            organizations::id,
            organizations::name,
            memberships::role,
            memberships::status,
            memberships::created_at,
        ))
        .load(connection)?;
    let created: Vec<OrganizationExport> = organizations::table
        .filter(organizations::created_by.eq(user).or(organizations::verified_by.eq(user)))
        .select((organizations::id, organizations::name, organizations::created_at))
        .load(connection)?;
    let sessions: Vec<SessionExport> = refresh_tokens::table
        .filter(refresh_tokens::user_id.eq(user))
        .select((
            refresh_tokens::created_at,
            refresh_tokens::expires_at,
            refresh_tokens::rotated_at,
            refresh_tokens::revoked_at,
        ))
        .load(connection)?;
    let links: Vec<LinkExport> = account_tokens::table
        .filter(account_tokens::user_id.eq(user))
        .select((
            account_tokens::purpose,
            account_tokens::created_at,
            account_tokens::expires_at,
            account_tokens::used_at,
        ))
        .load(connection)?;
    let actions: Vec<AuditExport> = audit_log::table
        .filter(audit_log::actor_id.eq(user.as_str()).or(audit_log::target_id.eq(user.as_str())))
        .order(audit_log::created_at.asc())
        .select((
            audit_log::action,
            audit_log::target_type,
            audit_log::target_id,
            audit_log::details,
            audit_log::created_at,
        ))
        .load(connection)?;
    let mail: Vec<MailExport> = mail_outbox::table
        .filter(lower(mail_outbox::recipient_address).eq(&email_normalized))
        .select((mail_outbox::template, mail_outbox::subject, mail_outbox::status, mail_outbox::created_at))
        .load(connection)?;
    Ok(json!({
        "users": account,
        "role_grants": grants,
        "memberships": member_of,
        "organizations": created,
        "refresh_tokens": sessions,
        "account_tokens": links,
        "audit_log": actions,
        "mail_outbox": mail,
    }))
}

/// Erases what the identity domain holds about the person, except the account row
/// ([`empty_account`] comes last, once every domain has read what it needs).
pub fn erase(connection: &mut DbConnection, user: &UserId) -> QueryResult<()> {
    let email_normalized: String = users::table.find(user).select(users::email_normalized).get_result(connection)?;
    diesel::delete(refresh_tokens::table.filter(refresh_tokens::user_id.eq(user))).execute(connection)?;
    diesel::delete(account_tokens::table.filter(account_tokens::user_id.eq(user))).execute(connection)?;
    diesel::delete(role_grants::table.filter(role_grants::user_id.eq(user))).execute(connection)?;
    diesel::update(role_grants::table.filter(role_grants::granted_by.eq(user)))
        .set(role_grants::granted_by.eq(None::<String>))
        .execute(connection)?;
    diesel::delete(
        memberships::table.filter(memberships::user_id.eq(user).or(memberships::invited_email.eq(&email_normalized))),
    )
    .execute(connection)?;
    diesel::update(memberships::table.filter(memberships::invited_by.eq(user)))
        .set(memberships::invited_by.eq(None::<String>))
        .execute(connection)?;
    diesel::update(organizations::table.filter(organizations::created_by.eq(user)))
        .set(organizations::created_by.eq(None::<String>))
        .execute(connection)?;
    diesel::update(organizations::table.filter(organizations::verified_by.eq(user)))
        .set(organizations::verified_by.eq(None::<String>))
        .execute(connection)?;
    diesel::delete(mail_outbox::table.filter(lower(mail_outbox::recipient_address).eq(&email_normalized)))
        .execute(connection)?;
    Ok(())
}

/// Empties the account row: it stays, so that contributions and audit entries keep a stable,
/// now anonymous, reference.
pub fn empty_account(connection: &mut DbConnection, user: &UserId, at: NaiveDateTime) -> QueryResult<()> {
    let placeholder = format!("deleted-{user}@deleted.invalid");
    diesel::update(users::table.find(user))
        .set((
            users::email.eq(&placeholder),
            users::email_normalized.eq(&placeholder),
            users::display_name.eq(""),
            users::password_hash.eq(""),
            users::locale.eq("en"),
            users::country_code.eq(None::<String>),
            users::suspension_reason.eq(None::<String>),
            users::tokens_valid_after.eq(Some(at)),
            users::token_generation.eq(users::token_generation + 1),
            users::deleted_at.eq(Some(at)),
            users::updated_at.eq(at),
        ))
        .execute(connection)?;
    Ok(())
}
