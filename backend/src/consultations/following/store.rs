//! Queries of following: the followers of a consultation, and the markers on comment rounds
//! that make each notice go out once (claimed with conditional updates whose affected-row count
//! says who won).

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::consultations::model::{ConsultationId, ConsultationStatus, RoundId};
use crate::db::DbConnection;
use crate::db::schema::{comment_rounds, consultation_follows, consultations, follower_notices, users};
use crate::identity::model::UserId;

/// A follower as a notification needs them.
#[derive(Debug, Clone, Queryable)]
pub struct Follower {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub locale: String,
}

/// A notice on its way to a consultation's followers (see migration 000011).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = follower_notices)]
pub struct FollowerNotice {
    pub id: String,
    pub consultation_id: ConsultationId,
    /// The mail template.
    pub template: String,
    pub round_title: Option<String>,
    pub closes_at: Option<NaiveDateTime>,
    pub extension_reason: Option<String>,
    pub created_at: NaiveDateTime,
    /// The user ID of the last follower sent to; empty before the first chunk.
    pub sent_through: String,
    pub finished_at: Option<NaiveDateTime>,
}

pub fn insert_notice(connection: &mut DbConnection, notice: &FollowerNotice) -> QueryResult<()> {
    diesel::insert_into(follower_notices::table).values(notice).execute(connection).map(drop)
}

/// Notices not yet sent to every follower, oldest first.
pub fn pending_notices(connection: &mut DbConnection, limit: i64) -> QueryResult<Vec<FollowerNotice>> {
    follower_notices::table
        .filter(follower_notices::finished_at.is_null())
        .order((follower_notices::created_at, follower_notices::id))
        .limit(limit)
        .select(FollowerNotice::as_select())
        .load(connection)
}

pub fn find_notice(connection: &mut DbConnection, id: &str) -> QueryResult<Option<FollowerNotice>> {
    follower_notices::table.find(id).select(FollowerNotice::as_select()).first(connection).optional()
}

/// Claims the chunk of followers after `from` up to `through` (and, with `finished`, marks the
/// notice sent to all); true for the one caller that moved the notice on (on PostgreSQL a
/// concurrent claimer waits for the row lock, then finds `sent_through` moved).
pub fn claim_chunk(
    connection: &mut DbConnection,
    notice: &str,
    from: &str,
    through: &str,
    finished: Option<NaiveDateTime>,
) -> QueryResult<bool> {
    let claimed = diesel::update(
        follower_notices::table
            .find(notice)
            .filter(follower_notices::sent_through.eq(from))
            .filter(follower_notices::finished_at.is_null()),
    )
    .set((follower_notices::sent_through.eq(through), follower_notices::finished_at.eq(finished)))
    .execute(connection)?;
    Ok(claimed == 1)
}

/// Starts following; false if `user` already follows.
pub fn follow(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    user: &UserId,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let insert = diesel::insert_into(consultation_follows::table).values((
        consultation_follows::consultation_id.eq(consultation),
        consultation_follows::user_id.eq(user),
        consultation_follows::followed_at.eq(at),
    ));
    let inserted = match connection {
        DbConnection::Postgresql(pg) => insert.on_conflict_do_nothing().execute(pg)?,
        DbConnection::Sqlite(sqlite) => insert.on_conflict_do_nothing().execute(sqlite)?,
    };
    Ok(inserted == 1)
}

/// Stops following; false if `user` did not follow.
pub fn unfollow(connection: &mut DbConnection, consultation: &ConsultationId, user: &UserId) -> QueryResult<bool> {
    let deleted = diesel::delete(
        consultation_follows::table
            .filter(consultation_follows::consultation_id.eq(consultation))
            .filter(consultation_follows::user_id.eq(user)),
    )
    .execute(connection)?;
    Ok(deleted == 1)
}

/// Which of `consultations` `user` follows.
pub fn followed_among(
    connection: &mut DbConnection,
    user: &UserId,
    consultations: &[ConsultationId],
) -> QueryResult<Vec<ConsultationId>> {
    consultation_follows::table
        .filter(consultation_follows::user_id.eq(user))
        .filter(consultation_follows::consultation_id.eq_any(consultations))
        .select(consultation_follows::consultation_id)
        .load(connection)
}

/// How many follow each of `consultations` (those without followers are left out).
pub fn follower_counts(
    connection: &mut DbConnection,
    consultations: &[ConsultationId],
) -> QueryResult<Vec<(ConsultationId, i64)>> {
    consultation_follows::table
        .filter(consultation_follows::consultation_id.eq_any(consultations))
        .group_by(consultation_follows::consultation_id)
        .select((consultation_follows::consultation_id, diesel::dsl::count_star()))
        .load(connection)
}

/// Up to `limit` followers who can receive mail (not deleted, not suspended), in user-ID order
/// after `after`: a keyset page, so a long list is read in bounded chunks.
pub fn followers_page(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    after: Option<&UserId>,
    limit: i64,
) -> QueryResult<Vec<Follower>> {
    let mut query = consultation_follows::table
        .inner_join(users::table)
        .filter(consultation_follows::consultation_id.eq(consultation))
        .filter(users::deleted_at.is_null())
        .filter(users::suspended_at.is_null())
        .order(consultation_follows::user_id)
        .limit(limit)
        .select((users::id, users::email, users::display_name, users::locale))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(consultation_follows::user_id.gt(after));
    }
    query.load(connection)
}

/// The follows of one person, for `exportMyData`.
pub fn follows_of(connection: &mut DbConnection, user: &UserId) -> QueryResult<Vec<(ConsultationId, NaiveDateTime)>> {
    consultation_follows::table
        .filter(consultation_follows::user_id.eq(user))
        .order(consultation_follows::consultation_id)
        .select((consultation_follows::consultation_id, consultation_follows::followed_at))
        .load(connection)
}

/// Removes every follow of one person (`deleteMyAccount`).
pub fn delete_follows_of(connection: &mut DbConnection, user: &UserId) -> QueryResult<usize> {
    diesel::delete(consultation_follows::table.filter(consultation_follows::user_id.eq(user))).execute(connection)
}

/// Open rounds of published consultations whose opening has not been announced, oldest first.
pub fn rounds_awaiting_opened_notice(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<RoundId>> {
    comment_rounds::table
        .inner_join(consultations::table)
        .filter(awaiting_opened_notice(now))
        .filter(consultations::status.eq(ConsultationStatus::Published.as_str()))
        .order((comment_rounds::opens_at, comment_rounds::id))
        .limit(limit)
        .select(comment_rounds::id)
        .load(connection)
}

/// The first moment after `now` at which a round of a published consultation falls due for the
/// notification job: an opening not yet announced, or `ahead` before a closing time not yet
/// reminded of. `None` when no round is waiting.
pub fn next_due(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    ahead: TimeDelta,
) -> QueryResult<Option<NaiveDateTime>> {
    let live_rounds = || {
        comment_rounds::table
            .inner_join(consultations::table)
            .filter(consultations::status.eq(ConsultationStatus::Published.as_str()))
            .filter(comment_rounds::closed_at.is_null())
    };
    let next_opening: Option<NaiveDateTime> = live_rounds()
        .filter(comment_rounds::opened_notice_at.is_null())
        .filter(comment_rounds::opens_at.gt(now))
        .select(diesel::dsl::min(comment_rounds::opens_at))
        .first(connection)?;
    let next_closing: Option<NaiveDateTime> = live_rounds()
        .filter(comment_rounds::closes_at.gt(now + ahead))
        .filter(
            comment_rounds::reminder_sent_for
                .is_null()
                .or(comment_rounds::reminder_sent_for.ne(comment_rounds::closes_at.nullable())),
        )
        .select(diesel::dsl::min(comment_rounds::closes_at))
        .first(connection)?;
    Ok(next_opening.into_iter().chain(next_closing.map(|closing| closing - ahead)).min())
}

/// Marks the round's opening as announced; true for the one caller that changed the row (on
/// PostgreSQL a concurrent claimer waits for the row lock, then finds the marker set).
pub fn claim_opened_notice(connection: &mut DbConnection, round: &RoundId, now: NaiveDateTime) -> QueryResult<bool> {
    let claimed = diesel::update(comment_rounds::table.find(round).filter(awaiting_opened_notice(now)))
        .set(comment_rounds::opened_notice_at.eq(now))
        .execute(connection)?;
    Ok(claimed == 1)
}

/// Whether the round's opening was announced (an extension is only news after it).
pub fn opened_notice_sent(connection: &mut DbConnection, round: &RoundId) -> QueryResult<bool> {
    let at: Option<NaiveDateTime> =
        comment_rounds::table.find(round).select(comment_rounds::opened_notice_at).first(connection)?;
    Ok(at.is_some())
}

/// Announced open rounds of published consultations closing by `horizon` whose current closing
/// time has had no reminder yet, soonest first.
pub fn rounds_due_reminder(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    horizon: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<RoundId>> {
    comment_rounds::table
        .inner_join(consultations::table)
        .filter(awaiting_reminder(now, horizon))
        .filter(consultations::status.eq(ConsultationStatus::Published.as_str()))
        .order((comment_rounds::closes_at, comment_rounds::id))
        .limit(limit)
        .select(comment_rounds::id)
        .load(connection)
}

/// Records that the round's current closing time has had its reminder; true for the one caller
/// that changed the row.
pub fn claim_reminder(
    connection: &mut DbConnection,
    round: &RoundId,
    now: NaiveDateTime,
    horizon: NaiveDateTime,
) -> QueryResult<bool> {
    let claimed = diesel::update(comment_rounds::table.find(round).filter(awaiting_reminder(now, horizon)))
        .set(comment_rounds::reminder_sent_for.eq(comment_rounds::closes_at.nullable()))
        .execute(connection)?;
    Ok(claimed == 1)
}

/// An open round whose opening has not been announced: what the job looks for and what its
/// claim re-checks.
#[diesel::dsl::auto_type]
fn awaiting_opened_notice(now: NaiveDateTime) -> _ {
    comment_rounds::opened_notice_at
        .is_null()
        .and(comment_rounds::opens_at.le(now))
        .and(comment_rounds::closes_at.gt(now))
        .and(comment_rounds::closed_at.is_null())
}

/// An announced open round closing by `horizon` whose current closing time has had no
/// reminder: what the job looks for and what its claim re-checks.
#[diesel::dsl::auto_type]
fn awaiting_reminder(now: NaiveDateTime, horizon: NaiveDateTime) -> _ {
    comment_rounds::closed_at
        .is_null()
        .and(comment_rounds::opened_notice_at.is_not_null())
        .and(comment_rounds::closes_at.gt(now))
        .and(comment_rounds::closes_at.le(horizon))
        .and(
            comment_rounds::reminder_sent_for
                .is_null()
                .or(comment_rounds::reminder_sent_for.ne(comment_rounds::closes_at.nullable())),
        )
}
