//! The notification job: finds rounds whose opening or coming close (48 hours ahead) followers
//! have not been told about and records those notices, then sends every pending notice (these
//! and the ones extensions and outcomes recorded) a chunk of followers at a time. Every
//! instance runs it; each email still goes out once, because a round is claimed by a
//! conditional update of its marker in the transaction that records the notice, and a chunk by
//! a conditional update of the notice's `sent_through` in the transaction that queues its
//! emails: only the transaction that changed the row goes on (on PostgreSQL a concurrent
//! claimer waits for the row lock, then sees the marker moved; on SQLite write transactions are
//! serialized). Between passes it sleeps until the next round falls due, so nothing waits for a
//! fixed tick.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use tokio::sync::watch;

use super::notices::{self, Notice, Notifier};
use super::store;
use crate::consultations::model::{CommentRound, RoundId};
use crate::consultations::store as consultations;
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::services::Services;

/// How long before a round closes its followers are reminded.
pub const REMINDER_AHEAD: TimeDelta = TimeDelta::hours(48);
/// Rounds claimed per query; a pass repeats until a batch comes back short.
const BATCH: i64 = 20;

/// Runs until `shutdown` turns true: when the next round falls due (an opening, a reminder),
/// at least every `interval` (`AGORA_NOTIFY_INTERVAL_SECONDS`), and whenever a change on this
/// instance wakes it (`Services::notification_wake`).
pub async fn run(services: Arc<Services>, interval: Duration, mut shutdown: watch::Receiver<bool>) {
    let notifier = Notifier::new(&services);
    loop {
        match pass(&services, &notifier).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "notified the followers of consultations"),
            Err(error) => tracing::error!(error = ?error, "notifying followers failed"),
        }
        let pause = pause_before_next_pass(&services, interval).await;
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = services.notification_wake.notified() => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Until the next round falls due (a moment after, so that it is due when the pass looks), but
/// no longer than `interval`: a round scheduled on another instance is found by then.
async fn pause_before_next_pass(services: &Services, interval: Duration) -> Duration {
    const PAST_DUE: Duration = Duration::from_millis(5);
    let now = time::now();
    match services.db.run(move |connection| Ok(store::next_due(connection, now, REMINDER_AHEAD)?)).await {
        Ok(Some(due)) => (due - now).to_std().map_or(PAST_DUE, |until| until + PAST_DUE).min(interval),
        Ok(None) => interval,
        Err(error) => {
            tracing::error!(error = ?error, "finding when rounds fall due failed");
            interval
        }
    }
}

/// Records every due notice (openings first, so that a round opening less than 48 hours before
/// it closes is announced before it is reminded of), then sends the pending ones. Returns how
/// many emails were queued.
pub async fn pass(services: &Services, notifier: &Notifier) -> AppResult<usize> {
    for kind in [Due::Opening, Due::Reminder] {
        loop {
            let now = time::now();
            let rounds = services.db.run(move |connection| kind.find(connection, now)).await?;
            for round in &rounds {
                let round = round.clone();
                services
                    .db
                    .run(move |connection| {
                        write_transaction(connection, |connection| kind.claim(connection, &round, now))
                    })
                    .await?;
            }
            if rounds.len() < BATCH as usize {
                break;
            }
        }
    }
    send_pending(services, notifier).await
}

/// Sends the pending notices, chunk by chunk, each chunk in its own transaction.
async fn send_pending(services: &Services, notifier: &Notifier) -> AppResult<usize> {
    let mut sent = 0;
    loop {
        let pending = services.db.run(|connection| Ok(store::pending_notices(connection, BATCH)?)).await?;
        for notice in &pending {
            loop {
                let (id, sender) = (notice.id.clone(), notifier.clone());
                let chunk = services
                    .db
                    .run(move |connection| {
                        write_transaction(connection, |connection| sender.send_next_chunk(connection, &id))
                    })
                    .await?;
                let Some(queued) = chunk else { break };
                sent += queued;
                notifier.mailer.wake_worker();
            }
        }
        if pending.len() < BATCH as usize {
            return Ok(sent);
        }
    }
}

/// The two kinds of notices the job finds.
#[derive(Debug, Clone, Copy)]
enum Due {
    Opening,
    Reminder,
}

impl Due {
    fn find(self, connection: &mut DbConnection, now: NaiveDateTime) -> AppResult<Vec<RoundId>> {
        Ok(match self {
            Due::Opening => store::rounds_awaiting_opened_notice(connection, now, BATCH)?,
            Due::Reminder => store::rounds_due_reminder(connection, now, now + REMINDER_AHEAD, BATCH)?,
        })
    }

    fn claim(self, connection: &mut DbConnection, round: &RoundId, now: NaiveDateTime) -> AppResult<()> {
        match self {
            Due::Opening => announce_opening(connection, round, now),
            Due::Reminder => {
                if !store::claim_reminder(connection, round, now, now + REMINDER_AHEAD)? {
                    return Ok(());
                }
                notice_about_round(connection, round, now, |round| Notice::RoundClosingSoon(round))
            }
        }
    }
}

/// Claims the announcement of a round's opening and, if this caller won it, records the notice
/// for the followers. Call inside a write transaction (the job's, or `createCommentRound`'s for
/// a round of a published consultation that opens at once).
pub fn announce_opening(connection: &mut DbConnection, round: &RoundId, now: NaiveDateTime) -> AppResult<()> {
    if !store::claim_opened_notice(connection, round, now)? {
        return Ok(());
    }
    notice_about_round(connection, round, now, |round| Notice::RoundOpened(round))
}

fn notice_about_round(
    connection: &mut DbConnection,
    round: &RoundId,
    now: NaiveDateTime,
    notice: impl for<'a> Fn(&'a CommentRound) -> Notice<'a>,
) -> AppResult<()> {
    let round = consultations::find_round(connection, round)?.ok_or(AppError::NotFound)?;
    notices::queue(connection, &round.consultation_id, notice(&round), now)
}
