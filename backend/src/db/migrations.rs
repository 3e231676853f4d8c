//! The two migration trees (`schema/migrations/{sqlite,postgres}`), embedded in the binary.
//!
//! `MigrationHarness` is implemented per engine, so each tree runs on its own variant. On
//! PostgreSQL several instances may start at once: an advisory lock makes them take turns, and
//! the later ones find nothing left to do.

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConnection;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../schema/migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../schema/migrations/postgres");

/// An arbitrary constant that identifies Agora's migration lock among advisory locks.
const MIGRATION_LOCK_KEY: i64 = 0x4147_4f52_415f_4d49;

/// Applies every pending migration; returns how many ran.
pub fn run_pending(connection: &mut DbConnection) -> anyhow::Result<usize> {
    match connection {
        DbConnection::Sqlite(sqlite) => {
            let applied = sqlite
                .run_pending_migrations(SQLITE_MIGRATIONS)
                .map_err(|e| anyhow::anyhow!("{e}"))
                .context("running the SQLite migrations")?;
            Ok(applied.len())
        }
        DbConnection::Postgresql(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
                .context("taking the migration lock")?;
            let outcome = pg
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|applied| applied.len())
                .map_err(|e| anyhow::anyhow!("{e}"))
                .context("running the PostgreSQL migrations");
            pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
                .context("releasing the migration lock")?;
            outcome
        }
    }
}

/// Whether every embedded migration has been applied (what `/readyz` reports).
pub fn all_applied(connection: &mut DbConnection) -> anyhow::Result<bool> {
    let pending = match connection {
        DbConnection::Sqlite(sqlite) => sqlite.has_pending_migration(SQLITE_MIGRATIONS),
        DbConnection::Postgresql(pg) => pg.has_pending_migration(POSTGRES_MIGRATIONS),
    };
    Ok(!pending.map_err(|e| anyhow::anyhow!("{e}"))?)
}
