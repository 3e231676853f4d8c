//! The notification job: finds rounds whose opening or coming close (48 hours ahead) followers
//! have not been told about, and tells them. Every instance runs it; each notice still goes out
//! once, because a round is claimed by a conditional update of its marker in the same write
//! transaction that queues the emails, and only the transaction that changed the row sends (on
//! PostgreSQL a concurrent claimer waits for the row lock, then sees the marker set; on SQLite
//! write transactions are serialized).

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use tokio::sync::watch;

use super::notices::{Notice, Notifier};
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

/// Runs until `shutdown` turns true, every `interval` (`AGORA_NOTIFY_INTERVAL_SECONDS`).
pub async fn run(services: Arc<Services>, interval: Duration, mut shutdown: watch::Receiver<bool>) {
    let notifier = Notifier::new(&services);
    loop {
        match pass(&services, &notifier).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "notified the followers of consultations"),
            Err(error) => tracing::error!(error = ?error, "notifying followers failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Sends every due notice: openings first, so that a round opening less than 48 hours before
/// it closes is announced before it is reminded of. Returns how many emails were queued.
pub async fn pass(services: &Services, notifier: &Notifier) -> AppResult<usize> {
    let mut sent = 0;
    for kind in [Due::Opening, Due::Reminder] {
        loop {
            let now = time::now();
            let rounds = services.db.run(move |connection| kind.find(connection, now)).await?;
            for round in &rounds {
                let (round, notifier) = (round.clone(), notifier.clone());
                sent += services
                    .db
                    .run(move |connection| {
                        write_transaction(connection, |connection| kind.claim(connection, &notifier, &round, now))
                    })
                    .await?;
            }
            if sent > 0 {
                notifier.mailer.wake_worker();
            }
            if rounds.len() < BATCH as usize {
                break;
            }
        }
    }
    Ok(sent)
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

    fn claim(
        self,
        connection: &mut DbConnection,
        notifier: &Notifier,
        round: &RoundId,
        now: NaiveDateTime,
    ) -> AppResult<usize> {
        match self {
            Due::Opening => announce_opening(connection, notifier, round, now),
            Due::Reminder => {
                if !store::claim_reminder(connection, round, now, now + REMINDER_AHEAD)? {
                    return Ok(0);
                }
                notify_about_round(connection, notifier, round, |round| Notice::RoundClosingSoon(round))
            }
        }
    }
}

/// Claims the announcement of a round's opening and, if this caller won it, queues it to the
/// followers. Call inside a write transaction (the job's, or `createCommentRound`'s for a round
/// of a published consultation that opens at once).
pub fn announce_opening(
    connection: &mut DbConnection,
    notifier: &Notifier,
    round: &RoundId,
    now: NaiveDateTime,
) -> AppResult<usize> {
    if !store::claim_opened_notice(connection, round, now)? {
        return Ok(0);
    }
    notify_about_round(connection, notifier, round, |round| Notice::RoundOpened(round))
}

fn notify_about_round(
    connection: &mut DbConnection,
    notifier: &Notifier,
    round: &RoundId,
    notice: impl for<'a> Fn(&'a CommentRound) -> Notice<'a>,
) -> AppResult<usize> {
    let round = consultations::find_round(connection, round)?.ok_or(AppError::NotFound)?;
    let consultation =
        consultations::find_consultation(connection, &round.consultation_id)?.ok_or(AppError::NotFound)?;
    notifier.notify_followers(connection, &consultation, notice(&round))
}
