//! The test harness: start the real Agora server on port 0 with a fresh database and speak
//! GraphQL to it over HTTP, the way clients do.
//!
//! Every test runs on SQLite (a temporary file), and also on PostgreSQL when
//! `AGORA_TEST_POSTGRES_URL` is set: each test then gets its own database, created from a
//! migrated template and dropped afterwards, so tests run in parallel and never depend on order.

pub mod classroom;
pub mod consultation_fixture;
pub mod database;
pub mod smtp_server;
pub mod websocket;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use agora::app::{Application, RunningServer};
use agora::config::Config;
use agora::identity;
use agora::identity::model::{UserId, UserInsertForm};
use agora::identity::service::NewAdmin;
use agora::mail::outbox::OutboxMessage;
use agora::mail::transport::Mailbox;
use agora::services::Services;
use serde_json::{Value, json};

pub use database::{Engine, TestDatabase, engines};

/// A secret that satisfies the length rule; tests never share tokens with anything real.
pub const TEST_JWT_SECRET: &str = "agora-test-secret-0123456789abcdefghijklmnopqrstuvwxyz";

/// A running server with its own database and data folder.
pub struct TestApp {
    pub engine: Engine,
    pub base_url: String,
    pub client: reqwest::Client,
    pub services: Arc<Services>,
    mailbox: Option<Mailbox>,
    server: Option<RunningServer>,
    config: Config,
    /// Owned by the first instance only; other instances share it.
    _data_dir: Option<tempfile::TempDir>,
    _database: Option<TestDatabase>,
}

impl TestApp {
    /// Starts a server on `engine` with the test defaults (mail kept in memory).
    pub async fn spawn(engine: Engine) -> Self {
        Self::spawn_with(engine, &[]).await
    }

    /// Starts a server on `engine`; `overrides` are `AGORA_*` variables that replace the defaults.
    pub async fn spawn_with(engine: Engine, overrides: &[(&str, &str)]) -> Self {
        let database = TestDatabase::create(engine).await;
        let data_dir = tempfile::tempdir().expect("a temporary data folder");
        // No courses unless a test asks for some: importing them would slow every start-up.
        let no_courses = data_dir.path().join("course-content");
        std::fs::create_dir(&no_courses).expect("an empty course content folder");
        let mut vars = vec![
            ("AGORA_DATABASE_URL".to_owned(), database.url().to_owned()),
            ("AGORA_LISTEN".to_owned(), "127.0.0.1:0".to_owned()),
            ("AGORA_DATA_DIR".to_owned(), data_dir.path().display().to_string()),
            ("AGORA_MAIL_URL".to_owned(), "memory://".to_owned()),
            ("AGORA_JWT_SECRET".to_owned(), TEST_JWT_SECRET.to_owned()),
            ("AGORA_COURSE_CONTENT".to_owned(), no_courses.display().to_string()),
            ("AGORA_MAIL_RETRY_BASE_MS".to_owned(), "100".to_owned()),
            ("AGORA_MAIL_POLL_MS".to_owned(), "50".to_owned()),
            ("AGORA_DATABASE_POOL_SIZE".to_owned(), "4".to_owned()),
            ("AGORA_SHUTDOWN_TIMEOUT_SECS".to_owned(), "5".to_owned()),
            // Still argon2id, at a cost that keeps the suite fast.
            ("AGORA_PASSWORD_HASH_MEMORY_KIB".to_owned(), "1024".to_owned()),
            ("AGORA_PASSWORD_HASH_ITERATIONS".to_owned(), "1".to_owned()),
        ];
        for (name, value) in overrides {
            vars.retain(|(existing, _)| existing != name);
            vars.push(((*name).to_owned(), (*value).to_owned()));
        }
        let config = Config::from_vars(vars).expect("the test configuration is valid");
        let (server, services, mailbox, base_url) = start(config.clone()).await;
        Self {
            engine,
            base_url,
            client: reqwest::Client::new(),
            services,
            mailbox,
            server: Some(server),
            config,
            _data_dir: Some(data_dir),
            _database: Some(database),
        }
    }

    /// Another server on the same database and configuration, like a second instance behind a
    /// load balancer. Stop it before the first one, which owns the database.
    pub async fn another_instance(&self) -> TestApp {
        let (server, services, mailbox, base_url) = start(self.config.clone()).await;
        Self {
            engine: self.engine,
            base_url,
            client: reqwest::Client::new(),
            services,
            mailbox,
            server: Some(server),
            config: self.config.clone(),
            _data_dir: None,
            _database: None,
        }
    }

    /// The URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// POSTs a query and returns the whole JSON response.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.post_json(json!({ "query": query, "variables": variables })).await
    }

    /// POSTs any JSON body to `/graphql` and returns the JSON response.
    pub async fn post_json(&self, body: Value) -> Value {
        self.send(self.client.post(self.url("/graphql")).json(&body)).await
    }

    /// POSTs a query with `Authorization: Bearer <token>` and returns the JSON response.
    pub async fn graphql_as(&self, token: &str, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables });
        self.send(self.client.post(self.url("/graphql")).bearer_auth(token).json(&body)).await
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Value {
        let response = request.send().await.expect("the server answers");
        response.json().await.expect("the answer is JSON")
    }

    /// Creates a platform admin through the same service as `agora create-admin`.
    pub async fn create_admin(&self, email: &str) -> UserId {
        let input = NewAdmin { email, password: "correct horse battery staple", display_name: Some("Admin") };
        let admin = identity::service::create_admin(&self.services, input).await;
        admin.unwrap_or_else(|error| panic!("creating an admin failed: {error:?}")).id
    }

    /// Inserts a verified account without roles (tests that are not about registration).
    pub async fn create_user(&self, email: &str, display_name: &str, locale: &str) -> UserId {
        self.insert_user(email, display_name, locale, true).await
    }

    /// Inserts an account whose email address is not confirmed yet.
    pub async fn create_unverified_user(&self, email: &str) -> UserId {
        self.insert_user(email, "Unverified", "en", false).await
    }

    async fn insert_user(&self, email: &str, display_name: &str, locale: &str, verified: bool) -> UserId {
        let (email, display_name, locale) = (email.to_owned(), display_name.to_owned(), locale.to_owned());
        let created = self
            .services
            .db
            .run(move |connection| {
                let id = UserId::generate();
                let now = agora::db::time::now();
                identity::store::insert_user(
                    connection,
                    &UserInsertForm {
                        id: &id,
                        email: &email,
                        email_normalized: &email.to_lowercase(),
                        display_name: &display_name,
                        password_hash: "not-a-usable-hash",
                        locale: &locale,
                        country_code: None,
                        email_verified_at: verified.then_some(now),
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                Ok(id)
            })
            .await;
        created.unwrap_or_else(|error| panic!("creating a user failed: {error:?}"))
    }

    /// A valid access token for `user`, as a sign-in would issue it while the account's password
    /// has never changed (the first `token_generation`).
    pub fn access_token(&self, user: &UserId) -> String {
        let issued = self.services.access_tokens.issue(user, 0, chrono::Utc::now());
        issued.unwrap_or_else(|error| panic!("issuing a token failed: {error:?}")).0
    }

    /// Every message queued for `address`, oldest first, as stored in the outbox (rendered text,
    /// before transfer encoding).
    pub async fn mail_to(&self, address: &str) -> Vec<OutboxMessage> {
        let address = address.to_owned();
        let rows = self
            .services
            .db
            .run(move |connection| {
                use agora::db::schema::mail_outbox;
                use diesel::prelude::*;
                Ok(mail_outbox::table
                    .filter(mail_outbox::recipient_address.eq(address))
                    .order((mail_outbox::created_at.asc(), mail_outbox::id.asc()))
                    .select(OutboxMessage::as_select())
                    .load(connection)?)
            })
            .await;
        rows.unwrap_or_else(|error| panic!("reading the outbox failed: {error:?}"))
    }

    /// The `token` query parameter of the first link in the newest message to `address`.
    pub async fn token_mailed_to(&self, address: &str) -> String {
        let mail = self.mail_to(address).await;
        let newest = mail.last().unwrap_or_else(|| panic!("no mail to {address}"));
        token_in(&newest.body_text).unwrap_or_else(|| panic!("no token link in: {}", newest.body_text))
    }

    /// Mail captured in memory so far, as raw RFC 5322 text.
    pub fn captured_mail(&self) -> Vec<String> {
        let mailbox = self.mailbox.as_ref().expect("the mail target is memory://");
        mailbox.lock().expect("mailbox lock").iter().map(|mail| mail.raw.clone()).collect()
    }

    /// Stops the server gracefully and starts a new one on the same database and data folder.
    pub async fn restart(&mut self) {
        self.client = reqwest::Client::new();
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
        let (server, services, mailbox, base_url) = start(self.config.clone()).await;
        self.server = Some(server);
        self.services = services;
        self.mailbox = mailbox;
        self.base_url = base_url;
    }

    /// Like [`TestApp::restart`], with the configuration changed by `change` (an operator editing
    /// the environment between two runs).
    pub async fn restart_with(&mut self, change: impl FnOnce(&mut Config)) {
        change(&mut self.config);
        self.restart().await;
    }

    /// Stops the server gracefully (dropping the app also cleans up, without waiting).
    pub async fn stop(mut self) {
        // Closing the client's idle keep-alive connections lets the graceful stop finish at once.
        self.client = reqwest::Client::new();
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
    }
}

/// Starts a server on a free port, as `agora serve` does (course content imported first); links
/// in its emails point at that port.
async fn start(mut config: Config) -> (RunningServer, Arc<Services>, Option<Mailbox>, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    config.listen = listener.local_addr().expect("a bound address");
    let application = Application::build(config).await.expect("the application builds");
    application.import_course_content().await;
    let services = Arc::clone(application.services());
    let mailbox = application.mailbox();
    let server = application.serve_on(listener).expect("the server starts");
    let base_url = format!("http://{}", server.address());
    (server, services, mailbox, base_url)
}

/// The value of the first `token=` query parameter in a text.
pub fn token_in(text: &str) -> Option<String> {
    let start = text.find("token=")? + "token=".len();
    let token: String =
        text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    (!token.is_empty()).then_some(token)
}

/// The `extensions.code` of the first error of a response (panics with the response if none).
pub fn error_code(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error with a code, got {response}"))
}

/// The repository's course content (`course-content/`).
pub fn course_content_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../course-content")
}

/// A copy of the repository's course content that a test may edit.
pub fn course_content_copy() -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("a temporary folder");
    copy_tree(&course_content_root(), copy.path());
    copy
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("a readable folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir(&target).expect("a new folder");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copied file");
        }
    }
}
