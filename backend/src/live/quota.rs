//! How many live subscriptions one websocket may hold at once.
//!
//! Every subscription of a socket may have a comment on its way to the client, and a client
//! chooses how many subscriptions it opens: bounding them bounds what one socket can make the
//! server hold for it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{AppError, AppResult};

/// Live subscriptions one socket may hold.
pub const PER_SOCKET: usize = 25;

/// The count of one socket's live subscriptions, kept in its session data.
#[derive(Default)]
pub struct SocketQuota(Arc<AtomicUsize>);

impl SocketQuota {
    /// Takes a place; `QUERY_TOO_COMPLEX` when the socket already holds [`PER_SOCKET`].
    pub fn take(&self) -> AppResult<QuotaPlace> {
        let taken = self.0.fetch_add(1, Ordering::AcqRel);
        let place = QuotaPlace(Arc::clone(&self.0));
        if taken >= PER_SOCKET {
            return Err(AppError::TooManySubscriptions { limit: PER_SOCKET });
        }
        Ok(place)
    }
}

/// A place held for as long as a subscription lives.
pub struct QuotaPlace(Arc<AtomicUsize>);

impl Drop for QuotaPlace {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
