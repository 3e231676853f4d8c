//! The reads of the listener: the announced comments that someone here watches, and, after a
//! lost connection, those accepted meanwhile.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::consultations::model::{Comment, CommentId, CommentStatus, ConsultationId};
use crate::db::DbConnection;
use crate::db::ids::lower_bound_at;
use crate::db::schema::comments;

/// The published comments among `ids` that belong to `consultations`, oldest first.
pub fn published_among(
    connection: &mut DbConnection,
    ids: &[CommentId],
    consultations: &[ConsultationId],
) -> QueryResult<Vec<Comment>> {
    comments::table
        .filter(comments::id.eq_any(ids))
        .filter(comments::consultation_id.eq_any(consultations))
        .filter(comments::status.eq(CommentStatus::Published.as_str()))
        .order(comments::id.asc())
        .select(Comment::as_select())
        .load(connection)
}

/// The published comments of `consultations` submitted since `since`, oldest first, at most
/// `limit` (IDs are time-ordered, so the range is read from the primary key).
pub fn published_since(
    connection: &mut DbConnection,
    since: NaiveDateTime,
    consultations: &[ConsultationId],
    limit: i64,
) -> QueryResult<Vec<Comment>> {
    comments::table
        .filter(comments::id.ge(CommentId(lower_bound_at(since))))
        .filter(comments::consultation_id.eq_any(consultations))
        .filter(comments::status.eq(CommentStatus::Published.as_str()))
        .order(comments::id.asc())
        .limit(limit)
        .select(Comment::as_select())
        .load(connection)
}
