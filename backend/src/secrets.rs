//! Secrets the server generates when they are not configured.
//!
//! The JWT secret (`AGORA_JWT_SECRET`) signs access tokens; every instance must use the same
//! one. Unset on SQLite (one machine), it is generated once and kept in the data folder; unset
//! on PostgreSQL (possibly many instances), it is generated once and stored in the database,
//! where every instance finds it. Either way a warning says so, because a production
//! deployment should configure it.

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use diesel::prelude::*;
use rand::RngCore;
use secrecy::SecretString;

use crate::config::Config;
use crate::db::schema::server_secrets;
use crate::db::{Backend, Db, DbConnection, time};

/// The name of the JWT secret in files and in `server_secrets`.
const JWT_SECRET_NAME: &str = "jwt-secret";

/// The secrets of a running server.
#[derive(Clone)]
pub struct Secrets {
    pub jwt: SecretString,
}

impl Secrets {
    /// Uses the configured secrets, generating and storing the missing ones.
    pub async fn load_or_generate(config: &Config, db: &Db) -> anyhow::Result<Self> {
        let jwt = match &config.jwt_secret {
            Some(secret) => secret.clone(),
            None => {
                let secret = match db.backend() {
                    Backend::Sqlite => secret_in_folder(&config.data_dir, JWT_SECRET_NAME)?,
                    Backend::Postgres => {
                        db.run_task(|connection| secret_in_database(connection, JWT_SECRET_NAME)).await?
                    }
                };
                tracing::warn!(
                    "AGORA_JWT_SECRET is not set; using a generated secret stored {}. Set it in production.",
                    match db.backend() {
                        Backend::Sqlite => "in the data folder",
                        Backend::Postgres => "in the database",
                    }
                );
                secret
            }
        };
        Ok(Self { jwt })
    }
}

fn generate() -> String {
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    STANDARD_NO_PAD.encode(bytes)
}

fn secret_in_folder(folder: &Path, name: &str) -> anyhow::Result<SecretString> {
    let path = folder.join(name);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim();
        if existing.len() >= 32 {
            return Ok(SecretString::from(existing.to_owned()));
        }
    }
    std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    let secret = generate();
    write_private(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    Ok(SecretString::from(secret))
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

/// Inserts a generated value unless another instance got there first, then reads the winner.
fn secret_in_database(connection: &mut DbConnection, name: &str) -> anyhow::Result<SecretString> {
    let candidate = (
        server_secrets::name.eq(name),
        server_secrets::value.eq(generate()),
        server_secrets::created_at.eq(time::now()),
    );
    let insert = diesel::insert_into(server_secrets::table).values(candidate);
    match connection {
        DbConnection::Postgresql(pg) => insert.on_conflict_do_nothing().execute(pg)?,
        DbConnection::Sqlite(sqlite) => insert.on_conflict_do_nothing().execute(sqlite)?,
    };
    let value: String = server_secrets::table
        .find(name)
        .select(server_secrets::value)
        .get_result(connection)
        .context("reading a stored secret")?;
    Ok(SecretString::from(value))
}
