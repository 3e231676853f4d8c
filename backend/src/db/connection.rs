//! The one connection type of the application: PostgreSQL or SQLite, chosen from the URL.
//!
//! Diesel's `MultiConnection` lets every query be written once against [`DbConnection`];
//! only upserts and PostgreSQL-only features need a `match` on the variant. The pool manager
//! opens the variant that the configured URL names (diesel's own `establish` would try each
//! backend in turn) and tunes SQLite for a server on every new connection.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use diesel::connection::{InstrumentationEvent, SimpleConnection};
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, R2D2Connection};

use crate::config::DatabaseTarget;

/// A connection to either database engine.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Which engine a connection or pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// SQLite settings for a server: concurrent readers beside one writer (WAL), every commit
/// flushed to disk before it returns (`FULL`: an accepted comment survives a power cut, not only
/// a crash of the process; comments are committed in batches, so this costs one flush per
/// batch), waiting for the write lock instead of failing at once, and enforced foreign keys.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA busy_timeout = 10000;
PRAGMA foreign_keys = ON;";

/// Why a pooled connection could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(transparent)]
    Connection(#[from] diesel::ConnectionError),
    #[error(transparent)]
    Setup(#[from] diesel::result::Error),
}

/// The r2d2 manager that opens connections for one [`DatabaseTarget`]. Every connection it
/// opens counts the SQL statements it runs into one shared counter (see `Db::statements_run`).
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    target: DatabaseTarget,
    statements: Arc<AtomicU64>,
}

impl ConnectionManager {
    pub fn new(target: DatabaseTarget, statements: Arc<AtomicU64>) -> Self {
        Self { target, statements }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        let mut connection = match &self.target {
            DatabaseTarget::Postgres(url) => DbConnection::Postgresql(diesel::PgConnection::establish(url)?),
            DatabaseTarget::Sqlite(path) => {
                let mut connection = diesel::SqliteConnection::establish(&path.to_string_lossy())?;
                connection.batch_execute(SQLITE_PRAGMAS)?;
                DbConnection::Sqlite(connection)
            }
        };
        let statements = self.statements.clone();
        connection.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { .. } = event {
                statements.fetch_add(1, Ordering::Relaxed);
            }
        });
        Ok(connection)
    }

    fn is_valid(&self, connection: &mut DbConnection) -> Result<(), ConnectError> {
        Ok(connection.ping()?)
    }

    fn has_broken(&self, connection: &mut DbConnection) -> bool {
        connection.is_broken()
    }
}
