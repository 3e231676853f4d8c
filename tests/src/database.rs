//! Fresh databases for tests: a temporary SQLite file, or a PostgreSQL database created from a
//! migrated template (one per set of migrations) and dropped with `WITH (FORCE)` afterwards.

use std::path::Path;

use agora::db::DbConnection;
use agora::db::migrations;
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl};
use sha2::{Digest, Sha256};

/// The variable that enables PostgreSQL runs (an admin URL, e.g. `postgres://postgres@127.0.0.1:5432/postgres`).
pub const POSTGRES_URL_VARIABLE: &str = "AGORA_TEST_POSTGRES_URL";

/// The database engines a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// SQLite always; PostgreSQL too when `AGORA_TEST_POSTGRES_URL` is set.
pub fn engines() -> Vec<Engine> {
    let mut engines = vec![Engine::Sqlite];
    if admin_url().is_some() {
        engines.push(Engine::Postgres);
    }
    engines
}

fn admin_url() -> Option<String> {
    std::env::var(POSTGRES_URL_VARIABLE).ok().filter(|url| !url.trim().is_empty())
}

/// A database that exists for one test.
pub struct TestDatabase {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// Creates an empty (SQLite) or migrated (PostgreSQL) database.
    pub async fn create(engine: Engine) -> Self {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let url = format!("sqlite://{}", dir.path().join("agora.db").display());
                Self { url, cleanup: Cleanup::Sqlite(dir) }
            }
            Engine::Postgres => {
                let admin_url = admin_url().expect("AGORA_TEST_POSTGRES_URL is set");
                let name = format!("agora_test_{}", uuid::Uuid::now_v7().simple());
                let (admin, database) = (admin_url.clone(), name.clone());
                let url = tokio::task::spawn_blocking(move || create_postgres_database(&admin, &database))
                    .await
                    .expect("creating a PostgreSQL test database");
                Self { url, cleanup: Cleanup::Postgres { admin_url, name } }
            }
        }
    }

    /// The `AGORA_DATABASE_URL` of this database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A direct connection, for tests that look at rows.
    pub fn connect(&self) -> DbConnection {
        match &self.cleanup {
            Cleanup::Sqlite(_) => DbConnection::Sqlite(
                diesel::SqliteConnection::establish(self.url.trim_start_matches("sqlite://")).expect("SQLite opens"),
            ),
            Cleanup::Postgres { .. } => {
                DbConnection::Postgresql(PgConnection::establish(&self.url).expect("PostgreSQL connects"))
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let (admin_url, database) = (admin_url.clone(), name.clone());
            // Dropping runs on its own thread: Drop may run inside the async runtime.
            let dropped = std::thread::spawn(move || {
                let mut admin = PgConnection::establish(&admin_url)?;
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))?;
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
            })
            .join();
            if !matches!(dropped, Ok(Ok(()))) {
                eprintln!("warning: could not drop the test database {name}");
            }
        }
    }
}

#[derive(diesel::QueryableByName)]
struct DatabaseCount {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    count: i64,
}

/// Arbitrary constant naming the advisory lock that serializes template creation and copies.
const TEMPLATE_LOCK_KEY: i64 = 0x4147_4f52_4154_4553;

fn create_postgres_database(admin_url: &str, name: &str) -> String {
    let template = format!("agora_test_template_{}", migrations_fingerprint());
    let mut admin = PgConnection::establish(admin_url).expect("connecting with AGORA_TEST_POSTGRES_URL");
    admin.batch_execute(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK_KEY})")).expect("taking the template lock");
    let existing: DatabaseCount = diesel::sql_query("SELECT count(*) AS count FROM pg_database WHERE datname = $1")
        .bind::<diesel::sql_types::Text, _>(&template)
        .get_result(&mut admin)
        .expect("looking for the template");
    if existing.count == 0 {
        admin.batch_execute(&format!("CREATE DATABASE {template}")).expect("creating the template");
        let mut connection = DbConnection::Postgresql(
            PgConnection::establish(&database_url(admin_url, &template)).expect("connecting to the template"),
        );
        migrations::run_pending(&mut connection).expect("migrating the template");
    }
    admin.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}")).expect("copying the template");
    admin
        .batch_execute(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK_KEY})"))
        .expect("releasing the template lock");
    database_url(admin_url, name)
}

/// `admin_url` with its database name replaced.
fn database_url(admin_url: &str, database: &str) -> String {
    let mut url = url::Url::parse(admin_url).expect("AGORA_TEST_POSTGRES_URL is a URL");
    url.set_path(&format!("/{database}"));
    url.to_string()
}

/// A short hash of the PostgreSQL migrations, so a changed migration gets a new template.
fn migrations_fingerprint() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/migrations/postgres");
    let mut files = Vec::new();
    collect_files(&root, &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&file).expect("reading a migration"));
    }
    hasher.finalize().iter().take(6).map(|byte| format!("{byte:02x}")).collect()
}

fn collect_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("reading the migrations folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            collect_files(&path, files);
        } else {
            files.push(path);
        }
    }
}
