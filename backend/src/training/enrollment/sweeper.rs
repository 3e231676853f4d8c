//! A background task that gives the waitlists the priority seats still free once a cohort's
//! enrollment window has closed, so that promotions (and their emails) happen even when nobody
//! reads the cohort. Every instance may run it: the cohort lock makes each release happen once.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::cohorts::release_due_priority_seats;
use crate::services::Services;

/// How often closed enrollment windows are looked for.
const PERIOD: Duration = Duration::from_secs(60);

/// Runs until `shutdown` turns true.
pub async fn run(services: Arc<Services>, mut shutdown: watch::Receiver<bool>) {
    loop {
        match release_due_priority_seats(&services).await {
            Ok(0) => {}
            Ok(promoted) => tracing::info!(promoted, "released priority seats of closed enrollment windows"),
            Err(error) => tracing::error!(error = ?error, "releasing priority seats failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(PERIOD) => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}
