//! The delivery worker: claims due outbox messages, sends them, and records the outcome.
//!
//! Delivery is at least once: a message is marked sent only after the transport accepted it,
//! and the Message-ID stored with it never changes, so a receiver can drop a duplicate. A
//! failed attempt is retried with exponential backoff until `max_attempts`, then the message
//! is marked failed with its last error. The worker stops between messages on shutdown.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::TimeDelta;
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use tokio::sync::{Notify, watch};

use super::content_language::ContentLanguage;
use super::list_unsubscribe::{ListUnsubscribe, ListUnsubscribePost};
use super::outbox::{self, OutboxMessage};
use super::transport::{DeliveryError, MailTransport};
use crate::config::MailRetry;
use crate::db::{Db, time};
use crate::telemetry::Metrics;

/// How long a claimed message stays reserved for the worker that claimed it.
const CLAIM_LEASE: TimeDelta = TimeDelta::minutes(2);
/// How many messages one claim takes.
const BATCH_SIZE: i64 = 20;
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 60 * 60);

/// Everything the worker needs; built once per server.
pub struct MailWorker {
    pub db: Db,
    pub transport: MailTransport,
    pub from: Mailbox,
    pub retry: MailRetry,
    pub wake: Arc<Notify>,
    pub metrics: Metrics,
}

impl MailWorker {
    /// Delivers due messages until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!("mail worker started");
        loop {
            let full_batch = match self.deliver_due(&shutdown).await {
                Ok(claimed) => claimed as i64 == BATCH_SIZE,
                Err(error) => {
                    tracing::error!(error = format!("{error:#}"), "mail delivery round failed");
                    false
                }
            };
            if *shutdown.borrow() {
                break;
            }
            if full_batch {
                continue;
            }
            tokio::select! {
                _ = shutdown.changed() => break,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(self.retry.poll_interval) => {}
            }
        }
        tracing::info!("mail worker stopped");
    }

    /// Claims one batch of due messages and attempts each; returns how many were claimed.
    async fn deliver_due(&self, shutdown: &watch::Receiver<bool>) -> anyhow::Result<usize> {
        let now = time::now();
        let claimed = self
            .db
            .run_task(move |connection| Ok(outbox::claim_due(connection, now, now + CLAIM_LEASE, BATCH_SIZE)?))
            .await?;
        let count = claimed.len();
        let mut delivered = Vec::new();
        for message in claimed {
            if *shutdown.borrow() {
                // The lease runs out and another round (or instance) retries it.
                break;
            }
            if let Some(sent) = self.attempt(message).await? {
                delivered.push(sent);
            }
        }
        // One write for the whole batch: if the process dies before it, the batch is sent again
        // with the same Message-IDs (at least once, see the README).
        if !delivered.is_empty() {
            let at = time::now();
            self.db.run_task(move |connection| Ok(outbox::mark_sent(connection, &delivered, at)?)).await?;
        }
        Ok(count)
    }

    /// Attempts one message: `Some((id, attempts))` when the transport accepted it (the caller
    /// records it with the rest of the batch); a failure is recorded at once.
    async fn attempt(&self, message: OutboxMessage) -> anyhow::Result<Option<(String, i32)>> {
        let attempts = message.attempts + 1;
        let outcome = match self.build(&message) {
            Ok(email) => self.transport.deliver(&email, &message.id).await,
            Err(error) => Err(error),
        };
        let id = message.id.clone();
        match outcome {
            Ok(()) => {
                self.metrics.mail_delivered.inc();
                tracing::info!(outbox_id = %id, attempts, template = %message.template, "mail delivered");
                Ok(Some((id, attempts)))
            }
            Err(failure) => {
                let retry_at = (!failure.permanent && attempts < self.retry.max_attempts)
                    .then(|| time::now() + backoff(self.retry.base_delay, attempts));
                self.metrics.mail_failed_attempts.inc();
                tracing::warn!(
                    outbox_id = %id, attempts, permanent = failure.permanent, gives_up = retry_at.is_none(),
                    error = %failure.detail, "mail delivery attempt failed"
                );
                self.db
                    .run_task(move |connection| {
                        outbox::mark_failed_attempt(connection, &id, attempts, &failure.detail, retry_at)
                            .context("recording a failed delivery")
                    })
                    .await?;
                Ok(None)
            }
        }
    }

    fn build(&self, message: &OutboxMessage) -> Result<Message, DeliveryError> {
        let permanent = |detail: String| DeliveryError { permanent: true, detail };
        let address = message
            .recipient_address
            .parse()
            .map_err(|error| permanent(format!("invalid recipient address: {error}")))?;
        let mut builder = Message::builder()
            .message_id(Some(message.message_id.clone()))
            .from(self.from.clone())
            .to(Mailbox::new(message.recipient_name.clone(), address))
            .subject(&message.subject)
            .header(ContentLanguage(message.locale.clone()));
        if let Some(url) = &message.list_unsubscribe {
            builder = builder.header(ListUnsubscribe(url.clone())).header(ListUnsubscribePost);
        }
        builder
            .multipart(MultiPart::alternative_plain_html(message.body_text.clone(), message.body_html.clone()))
            .map_err(|error| permanent(format!("cannot build the message: {error}")))
    }
}

/// The wait before the next attempt after `attempts` failed ones: base × 2^(attempts−1), capped.
fn backoff(base: Duration, attempts: i32) -> TimeDelta {
    let exponent = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(20);
    let delay = base.saturating_mul(2u32.saturating_pow(exponent)).min(MAX_BACKOFF);
    TimeDelta::from_std(delay).unwrap_or(TimeDelta::hours(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), TimeDelta::seconds(30));
        assert_eq!(backoff(base, 2), TimeDelta::seconds(60));
        assert_eq!(backoff(base, 4), TimeDelta::seconds(240));
        assert_eq!(backoff(base, 40), TimeDelta::hours(6));
    }
}
