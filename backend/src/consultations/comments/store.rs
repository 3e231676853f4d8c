//! Queries on comments and what hangs off them (earlier versions, endorsements, flags,
//! responses). Listing queries follow the indexes of migration 000006: equality on the scope
//! and the status (and on one filter), then the sort key and the ID.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::consultations::model::{
    Comment, CommentId, CommentInsertForm, CommentResponse, CommentStatus, ConsultationId, RoundId, SectionId,
};
use crate::db::DbConnection;
use crate::db::page::PageRequest;
use crate::db::schema::{comment_endorsements, comment_flags, comment_responses, comment_versions, comments};
use crate::identity::model::UserId;

/// Which list of comments.
#[derive(Debug, Clone)]
pub enum CommentScope {
    Consultation(ConsultationId),
    Round(RoundId),
    Section(SectionId),
    Replies(CommentId),
}

/// How a list of comments is ordered.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommentOrder {
    /// Most recent first.
    #[default]
    Newest,
    /// In the order they arrived.
    Oldest,
    /// Most endorsements first (then most recent).
    MostEndorsed,
}

/// The filters of a comment listing (all optional).
#[derive(Debug, Clone)]
pub struct CommentFilter {
    pub scope: CommentScope,
    pub status: CommentStatus,
    pub round: Option<RoundId>,
    pub section: Option<SectionId>,
    pub stance: Option<String>,
    pub stakeholder_kind: Option<String>,
    pub country: Option<String>,
    pub income_group: Option<String>,
    pub language: Option<String>,
    pub order: CommentOrder,
    /// Only the first comment (in time) of each group of identical texts that the filter lets
    /// through; comments without a fingerprint always stand for themselves.
    pub collapse_campaigns: bool,
}

impl CommentFilter {
    /// Whether the filter selects comments by who wrote them (the kind of stakeholder, the
    /// author's country or its income group, the language): the attributes whose small groups
    /// the participation statistics withhold.
    pub fn selects_by_author(&self) -> bool {
        self.stakeholder_kind.is_some()
            || self.country.is_some()
            || self.income_group.is_some()
            || self.language.is_some()
    }
}

/// Where a page starts: after this comment (and, for `MostEndorsed`, its endorsement count).
#[derive(Debug, Clone)]
pub struct CommentPosition {
    pub id: CommentId,
    pub endorsements: i32,
}

type BoxedComments<'a> = comments::BoxedQuery<'a, crate::db::MultiBackend>;

fn filtered(filter: &CommentFilter) -> BoxedComments<'_> {
    let mut query = comments::table.into_boxed();
    query = match &filter.scope {
        CommentScope::Consultation(id) => query.filter(comments::consultation_id.eq(id)),
        CommentScope::Round(id) => query.filter(comments::round_id.eq(id)),
        CommentScope::Section(id) => query.filter(comments::section_id.eq(id)),
        CommentScope::Replies(id) => query.filter(comments::parent_id.eq(id)),
    };
    query = query.filter(comments::status.eq(filter.status.as_str()));
    if let Some(round) = &filter.round {
        query = query.filter(comments::round_id.eq(round));
    }
    if let Some(section) = &filter.section {
        query = query.filter(comments::section_id.eq(section));
    }
    if let Some(stance) = &filter.stance {
        query = query.filter(comments::stance.eq(stance));
    }
    if let Some(kind) = &filter.stakeholder_kind {
        query = query.filter(comments::stakeholder_kind.eq(kind));
    }
    if let Some(country) = &filter.country {
        query = query.filter(comments::author_country.eq(country));
    }
    if let Some(group) = &filter.income_group {
        query = query.filter(comments::income_group.eq(group));
    }
    if let Some(language) = &filter.language {
        query = query.filter(comments::language.eq(language));
    }
    if filter.collapse_campaigns {
        query = query.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(&first_of_its_text(filter)));
    }
    query
}

/// The condition that keeps only the first comment of each text group among the comments the
/// filter selects: no earlier comment of the same round with the same fingerprint and status
/// that the filter also selects. Every filter is an equality on a column of the comment itself,
/// so "the filter also selects it" is "it has the same value in that column"; the condition
/// needs no bound values and is answered by the `comments_by_text` index.
fn first_of_its_text(filter: &CommentFilter) -> String {
    let mut same = vec!["round_id", "text_fingerprint", "status"];
    match filter.scope {
        CommentScope::Consultation(_) | CommentScope::Round(_) => {}
        CommentScope::Section(_) => same.push("section_id"),
        CommentScope::Replies(_) => same.push("parent_id"),
    }
    let optional = [
        (filter.section.is_some(), "section_id"),
        (filter.stance.is_some(), "stance"),
        (filter.stakeholder_kind.is_some(), "stakeholder_kind"),
        (filter.country.is_some(), "author_country"),
        (filter.income_group.is_some(), "income_group"),
        (filter.language.is_some(), "language"),
    ];
    same.extend(optional.into_iter().filter(|(applies, _)| *applies).map(|(_, column)| column));
    let conditions: String = same.iter().map(|column| format!(" AND earlier.{column} = comments.{column}")).collect();
    format!(
        "(comments.text_fingerprint IS NULL OR NOT EXISTS (SELECT 1 FROM comments AS earlier \
         WHERE earlier.id < comments.id{conditions}))"
    )
}

/// One page of comments in keyset order (`page.fetch_limit()` rows, so the caller can tell
/// whether more follow).
pub fn list_comments(
    connection: &mut DbConnection,
    filter: &CommentFilter,
    page: &PageRequest,
    after: Option<&CommentPosition>,
) -> QueryResult<Vec<Comment>> {
    let mut query = filtered(filter);
    query = match (filter.order, after) {
        (CommentOrder::Newest, Some(after)) => query.filter(comments::id.lt(after.id.clone())),
        (CommentOrder::Oldest, Some(after)) => query.filter(comments::id.gt(after.id.clone())),
        (CommentOrder::MostEndorsed, Some(after)) => query.filter(
            comments::endorsement_count
                .lt(after.endorsements)
                .or(comments::endorsement_count.eq(after.endorsements).and(comments::id.lt(after.id.clone()))),
        ),
        (_, None) => query,
    };
    query = match filter.order {
        CommentOrder::Newest => query.order(comments::id.desc()),
        CommentOrder::Oldest => query.order(comments::id.asc()),
        CommentOrder::MostEndorsed => query.order((comments::endorsement_count.desc(), comments::id.desc())),
    };
    query.limit(page.fetch_limit()).select(Comment::as_select()).load(connection)
}

/// How many comments match the filter (only computed when a client asks for `totalCount`).
pub fn count_comments(connection: &mut DbConnection, filter: &CommentFilter) -> QueryResult<i64> {
    filtered(filter).count().get_result(connection)
}

/// How many different people wrote the comments the filter selects, counted up to `limit`
/// (campaigns are not collapsed: the people behind a collapsed group are still selected). The
/// comments are read oldest first in chunks along the listing's index, and reading stops as
/// soon as `limit` authors are found, which in a large list is within the first chunk.
pub fn distinct_authors_up_to(
    connection: &mut DbConnection,
    filter: &CommentFilter,
    limit: usize,
) -> QueryResult<usize> {
    const CHUNK: i64 = 256;
    let filter = CommentFilter { collapse_campaigns: false, ..filter.clone() };
    let mut authors: HashSet<UserId> = HashSet::new();
    let mut after: Option<CommentId> = None;
    loop {
        let mut query = filtered(&filter);
        if let Some(after) = &after {
            query = query.filter(comments::id.gt(after.clone()));
        }
        let chunk: Vec<(CommentId, UserId)> = query
            .order(comments::id.asc())
            .limit(CHUNK)
            .select((comments::id, comments::author_id))
            .load(connection)?;
        let read = chunk.len();
        for (id, author) in chunk {
            authors.insert(author);
            after = Some(id);
        }
        if authors.len() >= limit || read < CHUNK as usize {
            return Ok(authors.len().min(limit));
        }
    }
}

/// Inserts comments in one statement.
pub fn insert_comments(connection: &mut DbConnection, forms: &[CommentInsertForm<'_>]) -> QueryResult<()> {
    if forms.is_empty() {
        return Ok(());
    }
    let insert = diesel::insert_into(comments::table).values(forms);
    match connection {
        DbConnection::Postgresql(pg) => insert.execute(pg),
        DbConnection::Sqlite(sqlite) => insert.execute(sqlite),
    }
    .map(drop)
}

pub fn find_comment(connection: &mut DbConnection, id: &CommentId) -> QueryResult<Option<Comment>> {
    comments::table.find(id).select(Comment::as_select()).get_result(connection).optional()
}

pub fn find_by_tracking_number(connection: &mut DbConnection, tracking_number: &str) -> QueryResult<Option<Comment>> {
    comments::table
        .filter(comments::tracking_number.eq(tracking_number))
        .select(Comment::as_select())
        .get_result(connection)
        .optional()
}

/// Comments by ID (for DataLoaders).
pub fn comments_by_id(connection: &mut DbConnection, ids: &[CommentId]) -> QueryResult<Vec<Comment>> {
    comments::table.filter(comments::id.eq_any(ids)).select(Comment::as_select()).load(connection)
}

/// How many comments each of `authors` submitted since `since` (the per-account rate limit);
/// authors with none are left out. IDs are UUIDv7, which start with their creation time, so
/// the range is read from the `(author_id, id)` index without touching older comments.
pub fn counts_by_authors_since(
    connection: &mut DbConnection,
    authors: &[UserId],
    since: NaiveDateTime,
) -> QueryResult<Vec<(UserId, i64)>> {
    comments::table
        .filter(comments::author_id.eq_any(authors))
        .filter(comments::id.ge(CommentId(crate::db::ids::lower_bound_at(since))))
        .group_by(comments::author_id)
        .select((comments::author_id, diesel::dsl::count_star()))
        .load(connection)
}

/// When the oldest of `author`'s comments since `since` was written (when the per-account
/// window frees a place).
pub fn oldest_by_author_since(
    connection: &mut DbConnection,
    author: &UserId,
    since: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    comments::table
        .filter(comments::author_id.eq(author))
        .filter(comments::id.ge(CommentId(crate::db::ids::lower_bound_at(since))))
        .order(comments::id.asc())
        .select(comments::created_at)
        .first(connection)
        .optional()
}

/// Keeps the current text as a version and replaces it (with its fingerprint); `false` if the
/// comment was edited meanwhile (its version is no longer the one read).
pub fn replace_body(
    connection: &mut DbConnection,
    comment: &Comment,
    body: &str,
    text_fingerprint: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let replaced = diesel::update(comments::table.find(&comment.id).filter(comments::version.eq(comment.version)))
        .set((
            comments::body.eq(body),
            comments::text_fingerprint.eq(text_fingerprint),
            comments::version.eq(comment.version + 1),
            comments::edited_at.eq(at),
        ))
        .execute(connection)?;
    if replaced == 0 {
        return Ok(false);
    }
    diesel::insert_into(comment_versions::table)
        .values((
            comment_versions::comment_id.eq(&comment.id),
            comment_versions::version.eq(comment.version),
            comment_versions::body.eq(&comment.body),
            comment_versions::created_at.eq(comment.edited_at.unwrap_or(comment.created_at)),
        ))
        .execute(connection)?;
    Ok(true)
}

/// The earlier texts of a comment, oldest first: `(version, body, written_at)`.
pub fn versions_of(connection: &mut DbConnection, id: &CommentId) -> QueryResult<Vec<(i32, String, NaiveDateTime)>> {
    comment_versions::table
        .filter(comment_versions::comment_id.eq(id))
        .order(comment_versions::version)
        .select((comment_versions::version, comment_versions::body, comment_versions::created_at))
        .load(connection)
}

/// Withdraws a comment; it leaves the review queue (there is nothing left to moderate).
/// `false` if its status changed since it was read.
pub fn set_withdrawn(connection: &mut DbConnection, comment: &Comment, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(comments::table.find(&comment.id).filter(comments::status.eq(&comment.status)))
        .set((
            comments::status.eq(CommentStatus::Withdrawn.as_str()),
            comments::withdrawn_at.eq(at),
            comments::review_requested_at.eq(None::<NaiveDateTime>),
        ))
        .execute(connection)
        .map(|changed| changed > 0)
}

/// Sets the moderation status; the comment leaves the review queue. `false` if its status
/// changed since it was read.
pub fn set_moderation(
    connection: &mut DbConnection,
    comment: &Comment,
    status: CommentStatus,
    reason: Option<&str>,
) -> QueryResult<bool> {
    diesel::update(comments::table.find(&comment.id).filter(comments::status.eq(&comment.status)))
        .set((
            comments::status.eq(status.as_str()),
            comments::moderation_reason.eq(reason),
            comments::review_requested_at.eq(None::<NaiveDateTime>),
        ))
        .execute(connection)
        .map(|changed| changed > 0)
}

/// Records an endorsement; `false` if the user had already endorsed the comment (also when two
/// requests race: the primary key lets one row in, the other inserts nothing).
pub fn add_endorsement(
    connection: &mut DbConnection,
    comment: &CommentId,
    user: &UserId,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let row = (
        comment_endorsements::comment_id.eq(comment),
        comment_endorsements::user_id.eq(user),
        comment_endorsements::created_at.eq(at),
    );
    let insert = diesel::insert_into(comment_endorsements::table).values(row);
    let inserted = match connection {
        DbConnection::Postgresql(pg) => insert.on_conflict_do_nothing().execute(pg)?,
        DbConnection::Sqlite(sqlite) => insert.on_conflict_do_nothing().execute(sqlite)?,
    };
    if inserted == 0 {
        return Ok(false);
    }
    diesel::update(comments::table.find(comment))
        .set(comments::endorsement_count.eq(comments::endorsement_count + 1))
        .execute(connection)?;
    Ok(true)
}

/// Removes an endorsement; `false` if there was none.
pub fn remove_endorsement(connection: &mut DbConnection, comment: &CommentId, user: &UserId) -> QueryResult<bool> {
    let removed = diesel::delete(comment_endorsements::table.find((comment, user))).execute(connection)?;
    if removed == 0 {
        return Ok(false);
    }
    diesel::update(comments::table.find(comment))
        .set(comments::endorsement_count.eq(comments::endorsement_count - 1))
        .execute(connection)?;
    Ok(true)
}

/// Which of `comments` the user endorsed.
pub fn endorsed_by(connection: &mut DbConnection, user: &UserId, ids: &[CommentId]) -> QueryResult<Vec<CommentId>> {
    comment_endorsements::table
        .filter(comment_endorsements::user_id.eq(user))
        .filter(comment_endorsements::comment_id.eq_any(ids))
        .select(comment_endorsements::comment_id)
        .load(connection)
}

/// Records a flag and asks for review; returns the new number of flags, or `None` if the user
/// had already flagged the comment.
pub fn add_flag(
    connection: &mut DbConnection,
    comment: &Comment,
    user: &UserId,
    reason: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    let row = (
        comment_flags::comment_id.eq(&comment.id),
        comment_flags::user_id.eq(user),
        comment_flags::reason.eq(reason),
        comment_flags::created_at.eq(at),
    );
    let insert = diesel::insert_into(comment_flags::table).values(row);
    let inserted = match connection {
        DbConnection::Postgresql(pg) => insert.on_conflict_do_nothing().execute(pg)?,
        DbConnection::Sqlite(sqlite) => insert.on_conflict_do_nothing().execute(sqlite)?,
    };
    if inserted == 0 {
        return Ok(None);
    }
    diesel::update(comments::table.find(&comment.id))
        .set((
            comments::flag_count.eq(comments::flag_count + 1),
            comments::review_requested_at.eq(comment.review_requested_at.unwrap_or(at)),
        ))
        .execute(connection)?;
    comments::table.find(&comment.id).select(comments::flag_count).get_result(connection).map(Some)
}

/// The flags of a comment: `(reason, count)`.
pub fn flag_reasons(connection: &mut DbConnection, comment: &CommentId) -> QueryResult<Vec<(String, i64)>> {
    comment_flags::table
        .filter(comment_flags::comment_id.eq(comment))
        .group_by(comment_flags::reason)
        .select((comment_flags::reason, diesel::dsl::count_star()))
        .order(comment_flags::reason)
        .load(connection)
}

/// Marks a published comment hidden pending review (it reached the flag threshold); an earlier
/// moderator's reason no longer applies. `false` if it was no longer published.
pub fn hide_pending_review(connection: &mut DbConnection, id: &CommentId) -> QueryResult<bool> {
    diesel::update(comments::table.find(id).filter(comments::status.eq(CommentStatus::Published.as_str())))
        .set((comments::status.eq(CommentStatus::Hidden.as_str()), comments::moderation_reason.eq(None::<String>)))
        .execute(connection)
        .map(|changed| changed > 0)
}

/// Comments waiting for a moderator, oldest request first; `consultations` limits the queue
/// (scoped moderators), `None` means every consultation.
pub fn review_queue(
    connection: &mut DbConnection,
    consultations: Option<&[ConsultationId]>,
    page: &PageRequest,
    after: Option<(NaiveDateTime, CommentId)>,
) -> QueryResult<(Vec<Comment>, i64)> {
    let filtered = || {
        let mut query = comments::table.filter(comments::review_requested_at.is_not_null()).into_boxed();
        if let Some(consultations) = consultations {
            query = query.filter(comments::consultation_id.eq_any(consultations.to_vec()));
        }
        query
    };
    let total = page.total(|| filtered().count().get_result(connection))?;
    let mut query = filtered();
    if let Some((requested_at, id)) = after {
        query = query.filter(
            comments::review_requested_at
                .gt(requested_at)
                .or(comments::review_requested_at.eq(requested_at).and(comments::id.gt(id))),
        );
    }
    let rows = query
        .order((comments::review_requested_at.asc(), comments::id.asc()))
        .limit(page.fetch_limit())
        .select(Comment::as_select())
        .load(connection)?;
    Ok((rows, total))
}

pub fn insert_response(connection: &mut DbConnection, response: &CommentResponse) -> QueryResult<()> {
    diesel::insert_into(comment_responses::table).values(response).execute(connection).map(drop)
}

/// The responses to several comments, oldest first.
pub fn responses_to(connection: &mut DbConnection, ids: &[CommentId]) -> QueryResult<Vec<CommentResponse>> {
    comment_responses::table
        .filter(comment_responses::comment_id.eq_any(ids))
        .order((comment_responses::created_at, comment_responses::id))
        .select(CommentResponse::as_select())
        .load(connection)
}
