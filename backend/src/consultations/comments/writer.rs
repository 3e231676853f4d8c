//! Group commit for submitted comments.
//!
//! A comment that passed its read-only checks still needs a short write transaction: the round
//! re-checked, the rate limits counted, the insert and the receipt. Written one by one, every
//! comment pays for its own commit and rewrites the same index pages (fourteen indexes end in
//! the time-ordered ID, so consecutive comments share their last pages). Under load that, not
//! the checks, is what limits how many comments a server accepts.
//!
//! Submissions therefore queue here, and one writer at a time takes everything queued, renders
//! the receipts (the consultations' titles read once per batch) and writes it in one transaction: the rounds of the batch read in one query, the authors'
//! recent counts in one, one advisory lock statement for all authors (PostgreSQL), the client
//! buckets once each, one multi-row insert for the comments and one for the receipts, one
//! commit. Each submission still gets its own answer: a comment whose round closed meanwhile or
//! whose author or client is over the limit is refused and nothing of it is stored, while the
//! rest of its batch is accepted. Nobody waits for a timer: a batch is whatever arrived while
//! the previous one was being written, so a lone comment is written at once.
//!
//! A submission with an idempotency key whose key its author already used is answered by the
//! comment that key created (or `CONFLICT`, for another text) and writes nothing; a new key is
//! stored with its comment, in the batch's transaction. The authors' locks, taken before the
//! keys are read, keep two batches on two instances from both storing one key.
//!
//! The writer runs as a task of the server's runtime, not of the HTTP worker that happened to
//! start it, so neither a client that disconnects nor a worker that stops first can strand the
//! queue. Every answer is sent only after the commit (or the failure) of its batch.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use fluent_bundle::FluentValue;
use tokio::runtime::Handle;
use tokio::sync::oneshot;

use crate::config::CommentRules;
use crate::consultations::comments::store as comment_store;
use crate::consultations::model::{
    Comment, CommentId, CommentInsertForm, Consultation, ConsultationId, ConsultationTranslation, RoundId,
};
use crate::consultations::statistics::counters as tally;
use crate::consultations::store;
use crate::consultations::translations::pick;
use crate::db::{Db, DbConnection, lock, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::idempotency::{BatchKeys, IdempotencyKey, Operation};
use crate::identity::accounts::service::recipient_of;
use crate::identity::model::{User, UserId};
use crate::live::{self, hub::CommentHub};
use crate::mail::outbox::NewMessage;
use crate::mail::{Mailer, templates};
use crate::throttle;

/// The most comments written in one transaction (SQLite allows 32,766 bound values in a
/// statement; a comment has 24 columns).
const MAX_BATCH: usize = 512;

/// A comment ready to be written, with what its receipt needs, the client bucket it counts
/// against, and the idempotency key it was sent with.
pub struct Submission {
    pub comment: Comment,
    pub author: Arc<User>,
    pub consultation: Consultation,
    pub round_title: String,
    pub client_bucket: String,
    pub idempotency_key: Option<IdempotencyKey>,
}

/// What became of an accepted submission.
#[derive(Debug)]
pub enum Accepted {
    /// Its comment was written.
    Written,
    /// Its idempotency key had already created this comment, from the same input.
    Earlier(CommentId),
}

/// The queue of comments waiting to be written. Cheap to clone.
#[derive(Clone)]
pub struct CommentIntake {
    shared: Arc<Shared>,
}

struct Shared {
    db: Db,
    mailer: Mailer,
    rules: CommentRules,
    runtime: Handle,
    state: Mutex<Queue>,
    /// Told of every committed batch (live subscribers).
    live: Arc<CommentHub>,
}

type Reply = oneshot::Sender<AppResult<Accepted>>;

#[derive(Default)]
struct Queue {
    waiting: Vec<(Submission, Reply)>,
    /// Whether a writer task is running (it keeps going until the queue is empty).
    writing: bool,
}

impl CommentIntake {
    /// `runtime` runs the writer: the server's own runtime, which outlives the HTTP workers, so
    /// a worker that stops first (a graceful shutdown) cannot take the writer down with it.
    pub fn new(db: Db, mailer: Mailer, rules: CommentRules, runtime: Handle, live: Arc<CommentHub>) -> Self {
        Self { shared: Arc::new(Shared { db, mailer, rules, runtime, state: Mutex::new(Queue::default()), live }) }
    }

    /// Writes the comment with the next batch; returns once that batch has committed, or with
    /// the reason this comment was refused (`ROUND_NOT_OPEN`, `RATE_LIMITED`, `CONFLICT` for an
    /// idempotency key used with another input).
    pub async fn accept(&self, submission: Submission) -> AppResult<Accepted> {
        let (reply, answer) = oneshot::channel();
        let start_writer = {
            let mut queue = self.shared.state.lock().unwrap_or_else(PoisonError::into_inner);
            queue.waiting.push((submission, reply));
            !std::mem::replace(&mut queue.writing, true)
        };
        if start_writer {
            self.shared.runtime.spawn(Arc::clone(&self.shared).write_until_empty());
        }
        answer.await.map_err(|_| AppError::internal(anyhow::anyhow!("the comment writer stopped")))?
    }
}

impl Shared {
    async fn write_until_empty(self: Arc<Self>) {
        // Should this task end early (a panic), queued submissions are answered with an error
        // and the next submission starts a new writer.
        let _stop = WriterStop(&self);
        while let Some(batch) = self.next_batch() {
            let (submissions, replies): (Vec<Submission>, Vec<Reply>) = batch.into_iter().unzip();
            let mailer = self.mailer.clone();
            let rules = self.rules;
            let submissions = Arc::new(submissions);
            let written = Arc::clone(&submissions);
            let outcome = self.db.run(move |connection| write_batch(connection, &mailer, rules, &written)).await;
            match outcome {
                Ok(answers) => {
                    let accepted =
                        submissions.iter().zip(&answers).filter(|(_, answer)| matches!(answer, Ok(Accepted::Written)));
                    self.live.committed(accepted.map(|(submission, _)| &submission.comment));
                    for (reply, answer) in replies.into_iter().zip(answers) {
                        // The caller may have gone away; its comment is stored all the same.
                        let _ = reply.send(answer);
                    }
                    self.mailer.wake_worker();
                }
                Err(error) => {
                    tracing::error!(error = ?error, comments = replies.len(), "writing a batch of comments failed");
                    for reply in replies {
                        let _ = reply.send(Err(AppError::internal(anyhow::anyhow!("the batch was not written"))));
                    }
                }
            }
        }
    }

    /// Takes up to [`MAX_BATCH`] waiting submissions; `None` (and the writer stops) when none wait.
    fn next_batch(&self) -> Option<Vec<(Submission, Reply)>> {
        let mut queue = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if queue.waiting.is_empty() {
            queue.writing = false;
            return None;
        }
        let take = queue.waiting.len().min(MAX_BATCH);
        Some(queue.waiting.drain(..take).collect())
    }
}

/// Marks the writer stopped when its task ends for any reason.
struct WriterStop<'a>(&'a Shared);

impl Drop for WriterStop<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut queue = self.0.state.lock().unwrap_or_else(PoisonError::into_inner);
            queue.waiting.clear();
            queue.writing = false;
        }
    }
}

/// Writes one batch in one transaction; one answer per submission, in order. The receipts are
/// rendered first, outside the transaction (the titles of the batch's consultations read in one
/// query).
fn write_batch(
    connection: &mut DbConnection,
    mailer: &Mailer,
    rules: CommentRules,
    submissions: &[Submission],
) -> AppResult<Vec<AppResult<Accepted>>> {
    let receipts = receipts(connection, mailer, submissions)?;
    write_transaction(connection, |connection| {
        let now = time::now();
        let round_ids: Vec<RoundId> = distinct(submissions.iter().map(|s| s.comment.round_id.clone()));
        let open: HashSet<RoundId> = store::rounds_with_consultations(connection, &round_ids)?
            .into_iter()
            .filter(|(round, consultation)| {
                crate::consultations::comments::service::takes_comments(round, consultation, now)
            })
            .map(|(round, _)| round.id)
            .collect();

        let authors: Vec<UserId> = distinct(submissions.iter().map(|s| s.comment.author_id.clone()));
        let mut keys: Vec<String> = authors.iter().map(|author| format!("comment-author:{author}")).collect();
        keys.sort();
        lock::serialize_on_all(connection, &keys)?;
        let since = now - rules.per_account.window;
        let mut written_by: HashMap<UserId, i64> =
            comment_store::counts_by_authors_since(connection, &authors, since)?.into_iter().collect();
        let keyed: Vec<(&UserId, &IdempotencyKey)> = submissions
            .iter()
            .filter_map(|s| s.idempotency_key.as_ref().map(|key| (&s.comment.author_id, key)))
            .collect();
        let mut known_keys = BatchKeys::load(connection, Operation::SubmitComment, &keyed, now)?;

        let mut room_of: HashMap<String, throttle::Room> = HashMap::new();
        for bucket in distinct(submissions.iter().map(|s| s.client_bucket.clone())) {
            let room = throttle::room(connection, &bucket, rules.per_client, now)?;
            room_of.insert(bucket, room);
        }

        let mut answers = Vec::with_capacity(submissions.len());
        let mut accepted = Vec::with_capacity(submissions.len());
        for (submission, receipt) in submissions.iter().zip(&receipts) {
            let comment = &submission.comment;
            let written = written_by.entry(comment.author_id.clone()).or_insert(0);
            let room = room_of
                .get_mut(&submission.client_bucket)
                .ok_or(AppError::Internal(anyhow::anyhow!("every bucket of the batch has its room")))?;
            let earlier = submission
                .idempotency_key
                .as_ref()
                .and_then(|key| known_keys.earlier(&comment.author_id, key).transpose());
            let answer = if let Some(earlier) = earlier {
                earlier.map(|id| Accepted::Earlier(CommentId(id)))
            } else if !open.contains(&comment.round_id) {
                Err(AppError::RoundNotOpen)
            } else if *written >= i64::from(rules.per_account.max_hits) {
                let oldest =
                    comment_store::oldest_by_author_since(connection, &comment.author_id, since)?.unwrap_or(now);
                let wait = (oldest + rules.per_account.window - now).num_seconds().max(1) as u64;
                Err(AppError::RateLimited { retry_after_minutes: wait.div_ceil(60) })
            } else if room.available == 0 {
                Err(AppError::RateLimited { retry_after_minutes: room.retry_after_minutes })
            } else {
                *written += 1;
                room.available -= 1;
                room.used += 1;
                if let Some(key) = &submission.idempotency_key {
                    known_keys.claim(&comment.author_id, key, comment.id.as_str());
                }
                accepted.push((submission, receipt));
                Ok(Accepted::Written)
            };
            answers.push(answer);
        }

        let forms: Vec<CommentInsertForm<'_>> =
            accepted.iter().map(|(submission, _)| CommentInsertForm::from(&submission.comment)).collect();
        comment_store::insert_comments(connection, &forms)?;
        known_keys.store(connection)?;
        let published: Vec<(&Comment, i64)> = accepted.iter().map(|(submission, _)| (&submission.comment, 1)).collect();
        tally::record(connection, &published)?;
        live::channel::announce(connection, accepted.iter().map(|(submission, _)| &submission.comment.id))?;
        for (bucket, room) in &room_of {
            if room.used > 0 {
                throttle::record_hits(connection, bucket, rules.per_client, now, room.used)?;
            }
        }
        let accepted_receipts: Vec<&NewMessage> = accepted.iter().map(|(_, receipt)| *receipt).collect();
        mailer.store_all(connection, &accepted_receipts)?;
        Ok(answers)
    })
}

/// The receipt email of each comment, in its author's language.
fn receipts(connection: &mut DbConnection, mailer: &Mailer, submissions: &[Submission]) -> AppResult<Vec<NewMessage>> {
    let consultations: Vec<ConsultationId> =
        distinct(submissions.iter().map(|submission| submission.consultation.id.clone()));
    let translations = store::consultation_translations_of(connection, &consultations)?;
    Ok(submissions
        .iter()
        .map(|submission| {
            let recipient = recipient_of(&submission.author);
            let consultation = &submission.consultation;
            let own: Vec<&ConsultationTranslation> =
                translations.iter().filter(|translation| translation.consultation_id == consultation.id).collect();
            let title = pick(&own, |translation| &translation.locale, &recipient.locale, &consultation.original_locale)
                .map(|translation| translation.title.clone())
                .unwrap_or_default();
            let comment = &submission.comment;
            let args = [
                ("consultation", FluentValue::from(title)),
                ("round", FluentValue::from(submission.round_title.clone())),
                ("trackingNumber", FluentValue::from(comment.tracking_number.clone())),
                ("submittedAt", FluentValue::from(comment.created_at.format("%Y-%m-%d %H:%M UTC").to_string())),
            ];
            mailer.render(templates::COMMENT_RECEIPT, &recipient, &args)
        })
        .collect())
}

/// The values in first-seen order, each once.
fn distinct<T: Clone + Eq + std::hash::Hash>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut seen = HashSet::new();
    values.filter(|value| seen.insert(value.clone())).collect()
}
