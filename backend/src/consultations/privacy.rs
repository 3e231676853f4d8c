//! What the consultation tables hold about one person, for `exportMyData` and
//! `deleteMyAccount`. Comments, endorsements and flags are part of a consultation's public
//! record: on deletion they stay, attributed to the emptied account ("deleted participant"),
//! so counts and threads stay whole; references that only name who did an official's work
//! (created a consultation, a round, a section version, wrote a response, published an outcome)
//! are cleared. Follows of consultations are deleted.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::db::DbConnection;
use crate::db::schema::{
    comment_endorsements, comment_flags, comment_responses, comment_rounds, comment_versions, comments,
    consultation_outcomes, consultations, section_versions,
};
use crate::identity::model::UserId;

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct CommentExport {
    id: String,
    tracking_number: String,
    consultation_id: String,
    round_id: String,
    section_id: Option<String>,
    parent_id: Option<String>,
    organization_id: Option<String>,
    language: String,
    stance: String,
    confidential: bool,
    status: String,
    body: String,
    created_at: NaiveDateTime,
    edited_at: Option<NaiveDateTime>,
    withdrawn_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct CommentVersionExport {
    comment_id: String,
    version: i32,
    body: String,
    written_at: NaiveDateTime,
}

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReactionExport {
    comment_id: String,
    at: NaiveDateTime,
}

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct FlagExport {
    comment_id: String,
    reason: String,
    at: NaiveDateTime,
}

#[derive(Queryable, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResponseExport {
    comment_id: String,
    body: String,
    at: NaiveDateTime,
}

/// The person's comments, their earlier texts, endorsements, flags, responses, the
/// consultations they follow, and what they created as an official — one key per table.
pub fn export(connection: &mut DbConnection, user: &UserId) -> QueryResult<Value> {
    let written: Vec<CommentExport> = comments::table
        .filter(comments::author_id.eq(user))
        .order(comments::id)
        .select((
            comments::id,
            comments::tracking_number,
            comments::consultation_id,
            comments::round_id,
            comments::section_id,
            comments::parent_id,
            comments::organization_id,
            comments::language,
            comments::stance,
            comments::confidential,
            comments::status,
            comments::body,
            comments::created_at,
            comments::edited_at,
            comments::withdrawn_at,
        ))
        .load(connection)?;
    let earlier_texts: Vec<CommentVersionExport> = comment_versions::table
        .inner_join(comments::table)
        .filter(comments::author_id.eq(user))
        .order((comment_versions::comment_id, comment_versions::version))
        .select((
            comment_versions::comment_id,
            comment_versions::version,
            comment_versions::body,
            comment_versions::created_at,
        ))
        .load(connection)?;
    let endorsements: Vec<ReactionExport> = comment_endorsements::table
        .filter(comment_endorsements::user_id.eq(user))
        .select((comment_endorsements::comment_id, comment_endorsements::created_at))
        .load(connection)?;
    let flags: Vec<FlagExport> = comment_flags::table
        .filter(comment_flags::user_id.eq(user))
        .select((comment_flags::comment_id, comment_flags::reason, comment_flags::created_at))
        .load(connection)?;
    let responses: Vec<ResponseExport> = comment_responses::table
        .filter(comment_responses::author_id.eq(user))
        .select((comment_responses::comment_id, comment_responses::body, comment_responses::created_at))
        .load(connection)?;
    let created_consultations: Vec<(String, String)> = consultations::table
        .filter(consultations::created_by.eq(user))
        .select((consultations::id, consultations::slug))
        .load(connection)?;
    let created_rounds: Vec<(String, String)> = comment_rounds::table
        .filter(comment_rounds::created_by.eq(user))
        .select((comment_rounds::id, comment_rounds::title))
        .load(connection)?;
    let outcomes: Vec<(String, NaiveDateTime)> = consultation_outcomes::table
        .filter(consultation_outcomes::published_by.eq(user))
        .select((consultation_outcomes::consultation_id, consultation_outcomes::published_at))
        .load(connection)?;
    let section_edits: Vec<(String, i32)> = section_versions::table
        .filter(section_versions::created_by.eq(user))
        .select((section_versions::section_id, section_versions::version))
        .load(connection)?;
    let follows = super::following::store::follows_of(connection, user)?;
    Ok(json!({
        "comments": written,
        "comment_versions": earlier_texts,
        "comment_endorsements": endorsements,
        "comment_flags": flags,
        "comment_responses": responses,
        "consultations": created_consultations.into_iter().map(|(id, slug)| json!({ "id": id, "slug": slug })).collect::<Vec<_>>(),
        "comment_rounds": created_rounds.into_iter().map(|(id, title)| json!({ "id": id, "title": title })).collect::<Vec<_>>(),
        "consultation_outcomes": outcomes.into_iter().map(|(id, at)| json!({ "consultationId": id, "publishedAt": at })).collect::<Vec<_>>(),
        "section_versions": section_edits.into_iter().map(|(section, version)| json!({ "sectionId": section, "version": version })).collect::<Vec<_>>(),
        "consultation_follows": follows.into_iter().map(|(id, at)| json!({ "consultationId": id, "followedAt": at })).collect::<Vec<_>>(),
    }))
}

/// Clears the references that only record who did an official's work and deletes the person's
/// follows; comments, endorsements and flags stay with the emptied account (see the module
/// documentation).
pub fn erase(connection: &mut DbConnection, user: &UserId) -> QueryResult<()> {
    diesel::update(consultations::table.filter(consultations::created_by.eq(user)))
        .set(consultations::created_by.eq(None::<String>))
        .execute(connection)?;
    diesel::update(comment_rounds::table.filter(comment_rounds::created_by.eq(user)))
        .set(comment_rounds::created_by.eq(None::<String>))
        .execute(connection)?;
    diesel::update(section_versions::table.filter(section_versions::created_by.eq(user)))
        .set(section_versions::created_by.eq(None::<String>))
        .execute(connection)?;
    diesel::update(consultation_outcomes::table.filter(consultation_outcomes::published_by.eq(user)))
        .set(consultation_outcomes::published_by.eq(None::<String>))
        .execute(connection)?;
    diesel::update(comment_responses::table.filter(comment_responses::author_id.eq(user)))
        .set(comment_responses::author_id.eq(None::<String>))
        .execute(connection)?;
    super::following::store::delete_follows_of(connection, user)?;
    Ok(())
}
