//! The SQL of the open-data files: published comments in keyset chunks, and the names shown
//! beside them.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::consultations::model::{Comment, CommentId, CommentStatus, ConsultationId};
use crate::db::DbConnection;
use crate::db::schema::{comments, organizations, users};

/// Up to `limit` published comments of a consultation after `after`, oldest first; confidential
/// ones only when `include_confidential`.
pub fn published_after(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    include_confidential: bool,
    after: Option<&CommentId>,
    limit: i64,
) -> QueryResult<Vec<Comment>> {
    let mut query = comments::table
        .filter(comments::consultation_id.eq(consultation))
        .filter(comments::status.eq(CommentStatus::Published.as_str()))
        .into_boxed();
    if !include_confidential {
        query = query.filter(comments::confidential.eq(false));
    }
    if let Some(after) = after {
        query = query.filter(comments::id.gt(after.clone()));
    }
    query.order(comments::id.asc()).limit(limit).select(Comment::as_select()).load(connection)
}

/// Each author's display name, and whether the account was deleted, by account ID.
pub fn author_names(connection: &mut DbConnection, ids: &[&str]) -> QueryResult<HashMap<String, (String, bool)>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name, users::deleted_at.is_not_null()))
        .load::<(String, String, bool)>(connection)?
        .into_iter()
        .map(|(id, name, deleted)| (id, (name, deleted)))
        .collect())
}

/// Each organization's name, by ID.
pub fn organization_names(connection: &mut DbConnection, ids: &[&str]) -> QueryResult<HashMap<String, String>> {
    Ok(organizations::table
        .filter(organizations::id.eq_any(ids))
        .select((organizations::id, organizations::name))
        .load::<(String, String)>(connection)?
        .into_iter()
        .collect())
}
