//! Database access: the connection enum, the pool, migrations, and the one helper through which
//! every query runs.
//!
//! Diesel is synchronous, so queries must never run on an actix worker thread: [`Db::run`]
//! moves the work onto tokio's blocking pool together with a pooled connection.
//!
//! Lookups of one row by a unique key use `get_result`, not `first`: `first` adds `LIMIT ?`, and
//! SQLite (since 3.47) plans around the bound limit, so it prepares such a statement afresh every
//! time it runs, which cost a quarter of the server's time under load.

mod connection;
pub mod ids;
pub mod lock;
pub mod migrations;
pub mod page;
pub mod schema;
pub mod stored_enum;
pub mod time;
mod transaction;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;
use diesel::r2d2::Pool;
use tokio::sync::Semaphore;

use crate::config::DatabaseTarget;
use crate::error::{AppError, AppResult};

pub use connection::{Backend, ConnectError, ConnectionManager, DbConnection, MultiBackend};
pub use transaction::write_transaction;

/// Logs failed connection attempts as one warning line each (r2d2 would log them as errors).
#[derive(Debug)]
struct LogConnectErrors;

impl diesel::r2d2::HandleError<ConnectError> for LogConnectErrors {
    fn handle_error(&self, error: ConnectError) {
        let message = error.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
        tracing::warn!(error = %message, "opening a database connection failed");
    }
}

/// A pool of connections to the configured database. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager>,
    /// One permit per pooled connection: callers queue here, as futures, rather than as
    /// blocking threads parked inside the pool (which costs a thread and a wake-up each).
    permits: Arc<Semaphore>,
    backend: Backend,
    statements: Arc<AtomicU64>,
}

impl Db {
    /// Opens the pool and checks that one connection works, so a wrong URL fails at start-up.
    pub fn connect(target: &DatabaseTarget, max_size: u32) -> anyhow::Result<Self> {
        let backend = match target {
            DatabaseTarget::Postgres(_) => Backend::Postgres,
            DatabaseTarget::Sqlite(path) => {
                if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(folder)
                        .with_context(|| format!("creating the database folder {}", folder.display()))?;
                }
                Backend::Sqlite
            }
        };
        let statements = Arc::new(AtomicU64::new(0));
        // Connections are not pinged on every check-out (a round trip per request); a connection
        // that broke is dropped when it is returned (`has_broken`).
        let max_size = max_size.max(1);
        let pool = Pool::builder()
            .max_size(max_size)
            .min_idle(Some(1))
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .error_handler(Box::new(LogConnectErrors))
            .build(ConnectionManager::new(target.clone(), statements.clone()))
            .with_context(|| format!("connecting to {}", target.redacted()))?;
        let permits = Arc::new(Semaphore::new(max_size as usize));
        Ok(Self { pool, permits, backend, statements })
    }

    /// How many SQL statements this pool's connections have run since it opened (for the
    /// `db_statements_total` metric and for tests that guard against N+1 queries).
    pub fn statements_run(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// The engine behind this pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `work` with a pooled connection on the blocking pool.
    pub async fn run<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut connection = pool.get().map_err(AppError::internal)?;
            work(&mut connection)
        })
        .await
        .map_err(AppError::internal)?
    }

    /// Like [`Db::run`], for work outside requests (start-up, CLI, background jobs).
    pub async fn run_task<T, F>(&self, work: F) -> anyhow::Result<T>
    where
        F: FnOnce(&mut DbConnection) -> anyhow::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self.permits.acquire().await.context("the database pool is closed")?;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut connection = pool.get().context("taking a database connection")?;
            work(&mut connection)
        })
        .await
        .context("a database task panicked")?
    }

    /// Runs the pending migrations; returns how many ran.
    pub async fn migrate(&self) -> anyhow::Result<usize> {
        self.run_task(migrations::run_pending).await
    }
}
