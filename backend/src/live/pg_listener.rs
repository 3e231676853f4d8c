//! On PostgreSQL, each instance listens on [`channel::CHANNEL`] and hands the announced
//! comments to its hub.
//!
//! `LISTEN` needs a connection of its own that stays open, so the listener opens one outside
//! the pool and keeps it on a blocking thread. Diesel reads notifications without waiting
//! (`PgConnection::notifications_iter` consumes what has arrived and returns), and does not
//! expose the socket to wait on, so the thread looks every [`POLL`]: a non-blocking read that
//! costs next to nothing and bounds the added delay. Each round's notifications are loaded in
//! one query, only for consultations someone here watches, and not at all when nobody does.
//!
//! A lost connection is reopened with growing pauses; comments accepted while it was down are
//! then read back from the table (IDs are time-ordered) so subscribers miss none, and the IDs
//! delivered recently are remembered so none arrives twice. The thread stops when the server
//! does.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta};
use diesel::connection::Connection;
use diesel::{PgConnection, RunQueryDsl};
use tokio::sync::watch;

use super::hub::CommentHub;
use super::{channel, store};
use crate::config::DatabaseTarget;
use crate::consultations::model::{Comment, CommentId};
use crate::db::{DbConnection, time};
use crate::services::Services;

/// How often arrived notifications are read.
const POLL: Duration = Duration::from_millis(10);
/// How long the connection may stay quiet before a query checks that it still works.
const HEALTH_CHECK: Duration = Duration::from_secs(15);
/// The first pause before reconnecting; it doubles up to [`MAX_RETRY`].
const FIRST_RETRY: Duration = Duration::from_millis(200);
const MAX_RETRY: Duration = Duration::from_secs(10);
/// How far before a lost connection's last sign of life the catch-up reads: a comment's ID is
/// made when it is submitted, a little before its batch commits.
const CATCH_UP_MARGIN: TimeDelta = TimeDelta::seconds(60);
/// The most comments read back after a reconnection.
const CATCH_UP_LIMIT: i64 = 5000;
/// How many delivered IDs are remembered to skip duplicates after a catch-up.
const REMEMBERED: usize = 8192;

/// Runs until `shutdown` turns true; returns at once on SQLite.
pub async fn run(services: Arc<Services>, shutdown: watch::Receiver<bool>) {
    let DatabaseTarget::Postgres(url) = &services.config.database else { return };
    let url = listener_url(url);
    let hub = Arc::clone(&services.live);
    if let Err(error) = tokio::task::spawn_blocking(move || listen(&url, &hub, &shutdown)).await {
        tracing::error!(%error, "the live comment listener ended abnormally");
    }
}

/// The database URL with a connection timeout and TCP keepalives, so that neither an
/// unreachable server nor a silently dropped connection keeps the listener waiting for long.
fn listener_url(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else { return url.to_owned() };
    let present: HashSet<String> = parsed.query_pairs().map(|(name, _)| name.into_owned()).collect();
    let wanted = [
        ("connect_timeout", "10"),
        ("keepalives_idle", "30"),
        ("keepalives_interval", "10"),
        ("keepalives_count", "3"),
        ("application_name", "agora-live-listener"),
    ];
    for (name, value) in wanted {
        if !present.contains(name) {
            parsed.query_pairs_mut().append_pair(name, value);
        }
    }
    parsed.to_string()
}

fn stopping(shutdown: &watch::Receiver<bool>) -> bool {
    *shutdown.borrow() || shutdown.has_changed().is_err()
}

/// Sleeps `duration` in short steps; `true` if the server is stopping.
fn pause(duration: Duration, shutdown: &watch::Receiver<bool>) -> bool {
    let until = Instant::now() + duration;
    while Instant::now() < until {
        if stopping(shutdown) {
            return true;
        }
        std::thread::sleep(POLL.min(until.saturating_duration_since(Instant::now())));
    }
    stopping(shutdown)
}

fn listen(url: &str, hub: &CommentHub, shutdown: &watch::Receiver<bool>) {
    let mut delivered = Delivered::default();
    // When the previous connection was last known to work: what was accepted after it is read back.
    let mut gap_since: Option<NaiveDateTime> = None;
    let mut retry = FIRST_RETRY;
    while !stopping(shutdown) {
        match Session::open(url) {
            Ok(mut session) => {
                hub.set_listening(true);
                retry = FIRST_RETRY;
                if let Some(since) = gap_since.take() {
                    match session.catch_up(hub, since, &mut delivered) {
                        Ok(0) => {}
                        Ok(comments) => {
                            tracing::info!(comments, "live comments accepted during a reconnection delivered")
                        }
                        Err(error) => tracing::warn!(%error, "reading back the comments of a reconnection failed"),
                    }
                }
                let (alive_at, error) = session.serve(hub, shutdown, &mut delivered);
                hub.set_listening(false);
                let Some(error) = error else { return };
                tracing::warn!(%error, "the live comment listener lost its database connection; reconnecting");
                gap_since = Some(alive_at);
            }
            Err(error) => {
                tracing::warn!(error = %one_line(&error.to_string()), "the live comment listener cannot connect");
            }
        }
        if pause(retry, shutdown) {
            return;
        }
        retry = (retry * 2).min(MAX_RETRY);
    }
}

/// One listening connection.
struct Session {
    connection: DbConnection,
}

impl Session {
    fn open(url: &str) -> Result<Self, diesel::ConnectionError> {
        let mut pg = PgConnection::establish(url)?;
        diesel::sql_query(format!("LISTEN {}", channel::CHANNEL))
            .execute(&mut pg)
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
        Ok(Self { connection: DbConnection::Postgresql(pg) })
    }

    /// Delivers announcements until the server stops (`None`) or the connection fails; returns
    /// when the connection last worked.
    fn serve(
        &mut self,
        hub: &CommentHub,
        shutdown: &watch::Receiver<bool>,
        delivered: &mut Delivered,
    ) -> (NaiveDateTime, Option<diesel::result::Error>) {
        let mut alive_at = time::now();
        let mut checked = Instant::now();
        loop {
            if pause(POLL, shutdown) {
                return (alive_at, None);
            }
            let round_started = time::now();
            let outcome = match self.arrived() {
                Ok(ids) if !ids.is_empty() => self.deliver(hub, &ids, delivered),
                Ok(_) if checked.elapsed() >= HEALTH_CHECK => {
                    checked = Instant::now();
                    diesel::sql_query("SELECT 1").execute(&mut self.connection).map(drop)
                }
                Ok(_) => Ok(()),
                Err(error) => Err(error),
            };
            match outcome {
                Ok(()) => alive_at = round_started,
                Err(error) => return (alive_at, Some(error)),
            }
        }
    }

    /// The IDs announced since the last look.
    fn arrived(&mut self) -> diesel::QueryResult<Vec<CommentId>> {
        let DbConnection::Postgresql(pg) = &mut self.connection else { return Ok(Vec::new()) };
        let mut ids = Vec::new();
        for notification in pg.notifications_iter() {
            let notification = notification?;
            if notification.channel == channel::CHANNEL {
                ids.extend(channel::parse(&notification.payload));
            }
        }
        Ok(ids)
    }

    /// Loads the announced comments that someone here watches, in one query, and publishes them.
    fn deliver(&mut self, hub: &CommentHub, ids: &[CommentId], delivered: &mut Delivered) -> diesel::QueryResult<()> {
        let watched = hub.watched();
        if watched.is_empty() {
            return Ok(());
        }
        let comments = store::published_among(&mut self.connection, ids, &watched)?;
        hub.publish(delivered.keep_new(comments));
        Ok(())
    }

    /// Delivers what was accepted since `since` and not delivered yet; returns how many.
    fn catch_up(
        &mut self,
        hub: &CommentHub,
        since: NaiveDateTime,
        delivered: &mut Delivered,
    ) -> diesel::QueryResult<usize> {
        let watched = hub.watched();
        if watched.is_empty() {
            return Ok(0);
        }
        let comments = store::published_since(&mut self.connection, since - CATCH_UP_MARGIN, &watched, CATCH_UP_LIMIT)?;
        let fresh = delivered.keep_new(comments);
        let count = fresh.len();
        hub.publish(fresh);
        Ok(count)
    }
}

/// The IDs delivered lately, so that a comment read back after a reconnection that was also
/// announced is delivered once.
#[derive(Default)]
struct Delivered {
    order: VecDeque<CommentId>,
    known: HashSet<CommentId>,
}

impl Delivered {
    /// The comments not delivered yet, remembered as delivered.
    fn keep_new(&mut self, comments: Vec<Comment>) -> Vec<Comment> {
        let fresh: Vec<Comment> =
            comments.into_iter().filter(|comment| self.known.insert(comment.id.clone())).collect();
        self.order.extend(fresh.iter().map(|comment| comment.id.clone()));
        while self.order.len() > REMEMBERED {
            if let Some(oldest) = self.order.pop_front() {
                self.known.remove(&oldest);
            }
        }
        fresh
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::listener_url;

    #[test]
    fn the_listener_url_adds_timeouts_without_overriding_the_operator() {
        let url = listener_url("postgres://agora@db:5432/agora?sslmode=require&connect_timeout=3");
        assert!(url.contains("sslmode=require"), "{url}");
        assert!(url.contains("connect_timeout=3"), "{url}");
        assert!(!url.contains("connect_timeout=10"), "{url}");
        assert!(url.contains("keepalives_idle=30"), "{url}");
    }
}
