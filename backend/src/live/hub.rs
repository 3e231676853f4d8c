//! The in-process fan-out of accepted comments to this instance's subscribers.
//!
//! One `tokio::sync::broadcast` ring per watched consultation, created by its first subscriber
//! and dropped with its last: a subscriber wakes only for its consultation, and comments of
//! consultations nobody watches are neither cloned nor loaded. Sending never blocks. A
//! subscriber that falls more than [`CAPACITY`] comments behind skips the oldest (logged at
//! debug) rather than making anything wait, so one ring holds at most [`CAPACITY`] comments,
//! whoever reads slowly.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::broadcast::{self, error::RecvError};

use crate::consultations::model::{Comment, ConsultationId};
use crate::db::Backend;

/// Comments a subscriber may fall behind before it loses the oldest: twice the largest batch
/// the writer commits at once, so a reader that keeps up never loses any.
pub const CAPACITY: usize = 1024;

/// This instance's subscribers, by consultation.
pub struct CommentHub {
    rings: Mutex<HashMap<ConsultationId, broadcast::Sender<Arc<Comment>>>>,
    /// SQLite: the writer hands its commits here. PostgreSQL: the listener does.
    writer_delivers: bool,
    /// Whether comments committed now will reach this hub (always on SQLite; on PostgreSQL
    /// while the listener's `LISTEN` is in place).
    listening: AtomicBool,
}

impl CommentHub {
    pub fn new(backend: Backend) -> Self {
        let writer_delivers = backend == Backend::Sqlite;
        Self { rings: Mutex::default(), writer_delivers, listening: AtomicBool::new(writer_delivers) }
    }

    /// Starts receiving the comments accepted in `consultation` from now on.
    pub fn watch(self: &Arc<Self>, consultation: ConsultationId) -> Watch {
        let mut rings = self.rings.lock().unwrap_or_else(PoisonError::into_inner);
        let receiver = match rings.get(&consultation) {
            Some(sender) => sender.subscribe(),
            None => {
                let (sender, receiver) = broadcast::channel(CAPACITY);
                rings.insert(consultation.clone(), sender);
                receiver
            }
        };
        Watch { hub: Arc::clone(self), consultation, receiver: Some(receiver) }
    }

    /// The consultations someone on this instance watches.
    pub fn watched(&self) -> Vec<ConsultationId> {
        self.rings.lock().unwrap_or_else(PoisonError::into_inner).keys().cloned().collect()
    }

    /// How many subscribers watch `consultation` here.
    pub fn watchers_of(&self, consultation: &ConsultationId) -> usize {
        let rings = self.rings.lock().unwrap_or_else(PoisonError::into_inner);
        rings.get(consultation).map_or(0, broadcast::Sender::receiver_count)
    }

    /// Whether a comment committed now will be delivered here.
    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    pub(super) fn set_listening(&self, listening: bool) {
        self.listening.store(listening, Ordering::Release);
    }

    /// Called by the comment writer after a batch committed, with its accepted comments. On
    /// SQLite they go to the subscribers; on PostgreSQL nothing happens here (the listener
    /// delivers what `pg_notify` announced, on every instance).
    pub fn committed<'a>(&self, comments: impl Iterator<Item = &'a Comment>) {
        if !self.writer_delivers {
            return;
        }
        let rings = self.rings.lock().unwrap_or_else(PoisonError::into_inner);
        if rings.is_empty() {
            return;
        }
        for comment in comments {
            if let Some(sender) = rings.get(&comment.consultation_id) {
                // An error means every receiver just went away: nobody to tell.
                let _ = sender.send(Arc::new(comment.clone()));
            }
        }
    }

    /// Hands loaded comments to the subscribers of their consultations.
    pub(super) fn publish(&self, comments: Vec<Comment>) {
        let rings = self.rings.lock().unwrap_or_else(PoisonError::into_inner);
        for comment in comments {
            if let Some(sender) = rings.get(&comment.consultation_id) {
                let _ = sender.send(Arc::new(comment));
            }
        }
    }
}

/// One subscriber's place in a consultation's ring; leaving drops the ring with its last
/// subscriber.
pub struct Watch {
    hub: Arc<CommentHub>,
    consultation: ConsultationId,
    receiver: Option<broadcast::Receiver<Arc<Comment>>>,
}

impl Watch {
    /// The next accepted comment; `None` once the hub is gone.
    ///
    /// Each call first yields to the scheduler once, so each stream hands over one comment per
    /// turn of the socket's task (`server/websocket.rs`), which waits while the client is not
    /// reading: a client that stops reading leaves its backlog in the bounded ring, not in memory
    /// of its own.
    pub async fn next(&mut self) -> Option<Arc<Comment>> {
        tokio::task::yield_now().await;
        let receiver = self.receiver.as_mut()?;
        loop {
            match receiver.recv().await {
                Ok(comment) => return Some(comment),
                Err(RecvError::Lagged(missed)) => tracing::debug!(
                    missed,
                    consultation = %self.consultation,
                    "a live subscriber fell behind and skipped the oldest comments"
                ),
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        drop(self.receiver.take());
        let mut rings = self.hub.rings.lock().unwrap_or_else(PoisonError::into_inner);
        if rings.get(&self.consultation).is_some_and(|sender| sender.receiver_count() == 0) {
            rings.remove(&self.consultation);
        }
    }
}
