//! Throttling: how often one client or one account may do something (sign in and fail,
//! register, ask for emails…).
//!
//! Counters live in the database so that every instance sees the same counts. Each bucket
//! (an action plus who does it) counts hits per fixed window; the estimate weighs the previous
//! window by how much of it still overlaps the sliding window, which avoids the burst a plain
//! fixed window allows at its edges. Identifying parts of a bucket (an email address) are
//! hashed, so the table holds no personal data.
//!
//! Work that is costly or must not be repeated too often (checking a password) is guarded by a
//! [`reserve`]d hit: counted before the work, in one write transaction that decides and records
//! at once, and given back with [`refund`] when the work turns out not to count. A check that
//! records only afterwards lets every concurrent request through while none has recorded yet.

use chrono::{DateTime, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::Limit;
use crate::db::schema::rate_limit_windows;
use crate::db::{DbConnection, lock, write_transaction};
use crate::error::AppError;

/// How long windows are kept after they close.
const RETENTION: TimeDelta = TimeDelta::days(2);

/// A bucket name: the action and a hash of who does it.
pub fn bucket(action: &str, subject: &str) -> String {
    let digest = Sha256::digest(subject.trim().to_lowercase().as_bytes());
    let short: String = digest.iter().take(12).map(|byte| format!("{byte:02x}")).collect();
    format!("{action}:{short}")
}

/// How many more hits a bucket takes now, and when it takes more once it is full.
#[derive(Debug, Clone, Copy)]
pub struct Room {
    pub available: i32,
    pub retry_after_minutes: u64,
    /// Hits taken from `available` and not recorded yet (for callers that decide several at once).
    pub used: i32,
}

/// The room left in a bucket; nothing is recorded.
pub fn room(connection: &mut DbConnection, bucket: &str, limit: Limit, now: NaiveDateTime) -> QueryResult<Room> {
    let (current_start, previous_start) = windows(limit, now);
    let counts: Vec<(NaiveDateTime, i32)> = rate_limit_windows::table
        .filter(rate_limit_windows::bucket.eq(bucket))
        .filter(rate_limit_windows::window_start.eq_any([current_start, previous_start]))
        .select((rate_limit_windows::window_start, rate_limit_windows::hits))
        .load(connection)?;
    let hits_in = |start: NaiveDateTime| counts.iter().find(|(s, _)| *s == start).map_or(0, |(_, hits)| *hits);
    let elapsed = (now - current_start).num_milliseconds() as f64 / limit.window.num_milliseconds().max(1) as f64;
    let estimate = f64::from(hits_in(current_start)) + f64::from(hits_in(previous_start)) * (1.0 - elapsed);
    let available = (f64::from(limit.max_hits) - estimate).ceil().max(0.0) as i32;
    let retry_after = (current_start + limit.window - now).num_seconds().max(1);
    Ok(Room { available, retry_after_minutes: (retry_after as u64).div_ceil(60), used: 0 })
}

/// `RATE_LIMITED` if the bucket is full; nothing is recorded.
pub fn check(connection: &mut DbConnection, bucket: &str, limit: Limit, now: NaiveDateTime) -> Result<(), AppError> {
    let room = room(connection, bucket, limit, now)?;
    if room.available == 0 {
        return Err(AppError::RateLimited { retry_after_minutes: room.retry_after_minutes });
    }
    Ok(())
}

/// Records one hit in the bucket's current window.
pub fn record(connection: &mut DbConnection, bucket: &str, limit: Limit, now: NaiveDateTime) -> QueryResult<()> {
    record_hits(connection, bucket, limit, now, 1)
}

/// Records `hits` hits in the bucket's current window.
pub fn record_hits(
    connection: &mut DbConnection,
    bucket: &str,
    limit: Limit,
    now: NaiveDateTime,
    hits: i32,
) -> QueryResult<()> {
    let (current_start, _) = windows(limit, now);
    let row = (
        rate_limit_windows::bucket.eq(bucket),
        rate_limit_windows::window_start.eq(current_start),
        rate_limit_windows::hits.eq(hits),
    );
    let insert = diesel::insert_into(rate_limit_windows::table).values(row);
    let increment = rate_limit_windows::hits.eq(rate_limit_windows::hits + hits);
    let key = (rate_limit_windows::bucket, rate_limit_windows::window_start);
    match connection {
        DbConnection::Postgresql(pg) => insert.on_conflict(key).do_update().set(increment).execute(pg)?,
        DbConnection::Sqlite(sqlite) => insert.on_conflict(key).do_update().set(increment).execute(sqlite)?,
    };
    if now.and_utc().timestamp_subsec_micros().is_multiple_of(64) {
        diesel::delete(rate_limit_windows::table.filter(rate_limit_windows::window_start.lt(now - RETENTION)))
            .execute(connection)?;
    }
    Ok(())
}

/// Hits taken by [`reserve`]: each bucket with the start of the window its hit went into.
#[derive(Debug, Clone)]
pub struct Reservation {
    hits: Vec<(String, NaiveDateTime)>,
}

/// Takes one hit from each bucket, all or none: `RATE_LIMITED`, and nothing taken, if any of them
/// is full. Deciding and recording are one write transaction that holds each bucket (an advisory
/// lock on PostgreSQL, SQLite's single writer), so however many requests race, on however many
/// instances, a bucket never gives out more than its room. Opens its own transaction: call it
/// outside one.
pub fn reserve(
    connection: &mut DbConnection,
    buckets: &[String],
    limit: Limit,
    now: NaiveDateTime,
) -> Result<Reservation, AppError> {
    let mut buckets = buckets.to_vec();
    buckets.sort();
    buckets.dedup();
    write_transaction(connection, |connection| {
        lock::serialize_on_all(connection, &buckets)?;
        let mut retry_after_minutes = None;
        for bucket in &buckets {
            let room = room(connection, bucket, limit, now)?;
            if room.available == 0 {
                retry_after_minutes = retry_after_minutes.max(Some(room.retry_after_minutes));
            }
        }
        if let Some(retry_after_minutes) = retry_after_minutes {
            return Err(AppError::RateLimited { retry_after_minutes });
        }
        let (window_start, _) = windows(limit, now);
        for bucket in &buckets {
            record(connection, bucket, limit, now)?;
        }
        Ok(Reservation { hits: buckets.into_iter().map(|bucket| (bucket, window_start)).collect() })
    })
}

/// Gives back the hit that `reservation` took from `bucket`.
pub fn refund(connection: &mut DbConnection, reservation: &Reservation, bucket: &str) -> QueryResult<()> {
    let Some((_, window_start)) = reservation.hits.iter().find(|(reserved, _)| reserved == bucket) else {
        return Ok(());
    };
    diesel::update(
        rate_limit_windows::table
            .filter(rate_limit_windows::bucket.eq(bucket))
            .filter(rate_limit_windows::window_start.eq(window_start))
            .filter(rate_limit_windows::hits.gt(0)),
    )
    .set(rate_limit_windows::hits.eq(rate_limit_windows::hits - 1))
    .execute(connection)
    .map(drop)
}

/// Forgets a bucket's hits (a successful sign-in clears the account's failures).
pub fn clear(connection: &mut DbConnection, bucket: &str) -> QueryResult<()> {
    diesel::delete(rate_limit_windows::table.filter(rate_limit_windows::bucket.eq(bucket)))
        .execute(connection)
        .map(drop)
}

/// Checks, then records: for actions that count every attempt (registrations, emails).
pub fn hit(connection: &mut DbConnection, bucket: &str, limit: Limit, now: NaiveDateTime) -> Result<(), AppError> {
    check(connection, bucket, limit, now)?;
    record(connection, bucket, limit, now)?;
    Ok(())
}

/// The start of the window holding `now` and of the one before it.
fn windows(limit: Limit, now: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    let length = limit.window.num_seconds().max(1);
    let start = now.and_utc().timestamp().div_euclid(length) * length;
    let current = DateTime::from_timestamp(start, 0).map_or(now, |at| at.naive_utc());
    (current, current - limit.window)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_hide_who_they_count() {
        let bucket = bucket("login-failure", "Amina@Example.org");
        assert!(bucket.starts_with("login-failure:"));
        assert!(!bucket.contains("amina"));
        assert_eq!(bucket, super::bucket("login-failure", " amina@example.org"));
    }

    #[test]
    fn windows_are_aligned() {
        let limit = Limit { max_hits: 5, window: TimeDelta::minutes(15) };
        let now = DateTime::from_timestamp(1_800_000_123, 0).expect("valid").naive_utc();
        let (current, previous) = windows(limit, now);
        assert_eq!(current.and_utc().timestamp() % 900, 0);
        assert!(current <= now && now < current + limit.window);
        assert_eq!(current - previous, limit.window);
    }
}
