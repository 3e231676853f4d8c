//! Write transactions that behave the same on both engines.
//!
//! Diesel opens SQLite transactions as `DEFERRED`: the write lock is only requested at the
//! first write, and if another connection holds it then, SQLite fails at once with "database
//! is locked" instead of waiting. Taking the lock up front (`BEGIN IMMEDIATE`) makes a writer
//! wait its turn within `busy_timeout`, like a PostgreSQL transaction would.
//!
//! SQLite admits one writer at a time, and a connection waiting in `busy_timeout` sleeps in
//! growing steps (1, 2, 5, 10… ms) however soon the lock frees, which wastes most of the
//! database's time under load. Writers of this process therefore queue on [`SQLITE_WRITER`]
//! first and each finds the database free when its turn comes; `busy_timeout` remains for
//! other processes (the command line).

use std::sync::{Mutex, PoisonError};

use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};

use super::DbConnection;

/// The queue of this process's SQLite writers (see the module documentation).
static SQLITE_WRITER: Mutex<()> = Mutex::new(());

/// Runs `work` in a transaction that is allowed to write; commits on `Ok`, rolls back on `Err`.
pub fn write_transaction<T, E, F>(connection: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    if let DbConnection::Postgresql(_) = connection {
        return connection.transaction(work);
    }
    let _turn = SQLITE_WRITER.lock().unwrap_or_else(PoisonError::into_inner);
    with_sqlite(connection, |sqlite| AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE"))?;
    match work(connection) {
        Ok(value) => {
            with_sqlite(connection, AnsiTransactionManager::commit_transaction)?;
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback) = with_sqlite(connection, AnsiTransactionManager::rollback_transaction) {
                tracing::error!(error = %rollback, "rolling back a SQLite transaction failed");
            }
            Err(error)
        }
    }
}

fn with_sqlite(
    connection: &mut DbConnection,
    action: impl FnOnce(&mut diesel::SqliteConnection) -> diesel::QueryResult<()>,
) -> diesel::QueryResult<()> {
    match connection {
        DbConnection::Sqlite(sqlite) => action(sqlite),
        DbConnection::Postgresql(_) => Ok(()),
    }
}
