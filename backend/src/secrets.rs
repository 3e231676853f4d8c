//! Secrets the server generates when they are not configured.
//!
//! The JWT secret (`AGORA_JWT_SECRET`) signs access tokens; every instance must use the same
//! one. Unset on SQLite (one machine), it is generated once and kept in the data folder; unset
//! on PostgreSQL (possibly many instances), it is generated once and stored in the database,
//! where every instance finds it. Either way a warning says so, because a production
//! deployment should configure it.
//!
//! The certificate signing key (`AGORA_CERT_SIGNING_KEY`) signs certificates; unset, it is
//! generated once and stored in the database on either engine, since the certificates it
//! signed live there too and must keep verifying.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use diesel::prelude::*;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

use crate::config::Config;
use crate::db::schema::server_secrets;
use crate::db::{Backend, Db, DbConnection, time};
use crate::training::certification::keys;
use crate::training::credentials::SigningKey;

/// The name of the JWT secret in files and in `server_secrets`.
const JWT_SECRET_NAME: &str = "jwt-secret";
/// The name of the certificate signing key (PKCS#8 PEM) in `server_secrets`.
const CERT_KEY_NAME: &str = "cert-signing-key";

/// The secrets of a running server.
#[derive(Clone)]
pub struct Secrets {
    pub jwt: SecretString,
    /// Signs certificates; its public part is served at `/.well-known/jwks.json`.
    pub certificate_key: Arc<SigningKey>,
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
        let certificate_key = Arc::new(certificate_key(config, db).await?);
        Ok(Self { jwt, certificate_key })
    }
}

/// The configured or stored signing key, remembered in the published key set.
async fn certificate_key(config: &Config, db: &Db) -> anyhow::Result<SigningKey> {
    let key = configured_or_stored_key(config, db).await?;
    let remembered = key.clone();
    db.run_task(move |connection| Ok(keys::remember(connection, &remembered)?)).await?;
    Ok(key)
}

async fn configured_or_stored_key(config: &Config, db: &Db) -> anyhow::Result<SigningKey> {
    if let Some(pem) = &config.cert_signing_key {
        return SigningKey::from_pkcs8_pem(pem.expose_secret()).context("reading AGORA_CERT_SIGNING_KEY");
    }
    let pem = db
        .run_task(|connection| {
            stored_in_database(connection, CERT_KEY_NAME, || {
                let key = SigningKey::generate().to_pkcs8_pem().context("encoding a new certificate key")?;
                Ok(key.expose_secret().to_owned())
            })
        })
        .await?;
    tracing::warn!(
        "AGORA_CERT_SIGNING_KEY is not set; using a generated key stored in the database. Set it in production."
    );
    SigningKey::from_pkcs8_pem(pem.expose_secret()).context("reading the stored certificate signing key")
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

fn secret_in_database(connection: &mut DbConnection, name: &str) -> anyhow::Result<SecretString> {
    stored_in_database(connection, name, || Ok(generate()))
}

/// Inserts a value from `make` unless the secret exists (another instance got there first),
/// then reads the one stored.
fn stored_in_database(
    connection: &mut DbConnection,
    name: &str,
    make: impl FnOnce() -> anyhow::Result<String>,
) -> anyhow::Result<SecretString> {
    let existing: Option<String> =
        server_secrets::table.find(name).select(server_secrets::value).get_result(connection).optional()?;
    if let Some(value) = existing {
        return Ok(SecretString::from(value));
    }
    let candidate =
        (server_secrets::name.eq(name), server_secrets::value.eq(make()?), server_secrets::created_at.eq(time::now()));
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
