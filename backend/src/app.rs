//! Assembling a server: configuration → database (migrated) → services → schema → course
//! catalogue imported → HTTP and the mail worker. The binary and the test harness both start
//! servers through [`Application`].

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use anyhow::Context;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{Notify, watch};

use crate::auth::access_token::AccessTokens;
use crate::auth::password::{Password, PasswordHasher};
use crate::config::Config;
use crate::consultations::comments::writer::CommentIntake;
use crate::db::Db;
use crate::graphql::{AgoraSchema, build_schema};
use crate::i18n::Localizer;
use crate::live::hub::CommentHub;
use crate::mail::Mailer;
use crate::mail::transport::{MailTransport, Mailbox};
use crate::mail::worker::MailWorker;
use crate::secrets::Secrets;
use crate::server::{self, Stopper};
use crate::services::Services;
use crate::telemetry::Metrics;
use crate::training::import::import_catalogue;

/// A server ready to listen: migrated database, services and schema.
pub struct Application {
    config: Arc<Config>,
    services: Arc<Services>,
    schema: AgoraSchema,
    metrics: Metrics,
    transport: MailTransport,
    wake: Arc<Notify>,
}

impl Application {
    /// Connects to the database, runs pending migrations and builds the services.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let config = Arc::new(config);
        let localizer = Arc::new(Localizer::embedded()?);
        let target = config.database.clone();
        let pool_size = config.database_pool_size;
        let db = tokio::task::spawn_blocking(move || Db::connect(&target, pool_size))
            .await
            .context("opening the database")?
            .with_context(|| format!("AGORA_DATABASE_URL: cannot use {}", config.database.redacted()))?;
        let applied = db.migrate().await?;
        if applied > 0 {
            tracing::info!(applied, "database migrations applied");
        }
        let secrets = Secrets::load_or_generate(&config, &db).await?;
        let transport = MailTransport::from_target(&config.mail)?;
        let metrics = Metrics::new()?;
        let wake = Arc::new(Notify::new());
        let message_domain = config.public_base_url().host_str().unwrap_or("localhost").to_owned();
        let mailer = Mailer::new(Arc::clone(&localizer), message_domain, Arc::clone(&wake));
        let passwords = PasswordHasher::new(config.password_hash.memory_kib, config.password_hash.iterations)?;
        let access_tokens = AccessTokens::new(&secrets.jwt);
        let random_password = Password::parse(&crate::db::ids::new_id(), "password")
            .map_err(|_| anyhow::anyhow!("a random UUID is a valid password"))?;
        let timing_equalizer_hash = passwords
            .hash(&random_password)
            .await
            .map_err(|_| anyhow::anyhow!("hashing the timing equalizer failed"))?;
        let live = Arc::new(CommentHub::new(db.backend()));
        let comment_intake = CommentIntake::new(
            db.clone(),
            mailer.clone(),
            config.comments,
            tokio::runtime::Handle::current(),
            Arc::clone(&live),
        );
        let services = Arc::new(Services {
            config: Arc::clone(&config),
            db,
            localizer,
            mailer,
            comment_intake,
            secrets,
            passwords,
            access_tokens,
            timing_equalizer_hash,
            live,
            notification_wake: tokio::sync::Notify::new(),
        });
        let schema = build_schema(Arc::clone(&services), config.limits);
        Ok(Self { config, services, schema, metrics, transport, wake })
    }

    /// Imports the course catalogue (`AGORA_COURSE_CONTENT`), as a server does before it serves.
    /// Content never stops a server: a missing folder is a warning, a refused course is logged
    /// with its problems (and keeps its last import), and a failed import is logged as an error.
    pub async fn import_course_content(&self) {
        let folder = &self.config.course_content;
        if !folder.is_dir() {
            tracing::warn!(folder = %folder.display(), "the course content folder is missing; no course was imported");
            return;
        }
        match import_catalogue(&self.services.db, folder).await {
            Ok(report) => report.log(),
            Err(error) => tracing::error!(error = %format!("{error:#}"), "importing the course content failed"),
        }
    }

    /// The services (the CLI and tests call them directly).
    pub fn services(&self) -> &Arc<Services> {
        &self.services
    }

    /// The mail captured in memory, when the mail target is `memory://`.
    pub fn mailbox(&self) -> Option<Mailbox> {
        match &self.transport {
            MailTransport::Memory(mailbox) => Some(Arc::clone(mailbox)),
            _ => None,
        }
    }

    /// Binds `AGORA_LISTEN` and starts serving; SIGTERM or SIGINT stops it gracefully (the binary).
    pub fn serve(self) -> anyhow::Result<RunningServer> {
        let listener = TcpListener::bind(self.config.listen)
            .with_context(|| format!("AGORA_LISTEN: cannot listen on {}", self.config.listen))?;
        // Handlers are installed before the server announces itself, so a signal that arrives
        // at any moment after that stops it gracefully.
        let mut terminate = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
        let mut interrupt = signal(SignalKind::interrupt()).context("installing the SIGINT handler")?;
        let running = self.serve_on(listener)?;
        let stopper = running.stopper.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = terminate.recv() => tracing::info!("SIGTERM received; stopping gracefully"),
                _ = interrupt.recv() => tracing::info!("SIGINT received; stopping gracefully"),
            }
            stopper.stop().await;
        });
        Ok(running)
    }

    /// Starts serving on `listener`: the HTTP server and the background tasks (the mail worker,
    /// the seat sweeper, the live comment listener and the notification job).
    pub fn serve_on(self, listener: TcpListener) -> anyhow::Result<RunningServer> {
        let address = listener.local_addr()?;
        let (shutdown, shutdown_signal) = watch::channel(false);
        let from = self.config.mail_from.parse().context("AGORA_MAIL_FROM")?;
        let worker = MailWorker {
            db: self.services.db.clone(),
            transport: self.transport,
            from,
            retry: self.config.mail_retry,
            wake: self.wake,
            metrics: self.metrics.clone(),
        };
        let services = &self.services;
        let background = BackgroundTasks {
            sweeper: tokio::spawn(crate::training::enrollment::sweeper::run(
                Arc::clone(services),
                shutdown_signal.clone(),
            )),
            live_listener: tokio::spawn(crate::live::pg_listener::run(Arc::clone(services), shutdown_signal.clone())),
            notifications: tokio::spawn(crate::consultations::following::job::run(
                Arc::clone(services),
                self.config.notify_interval,
                shutdown_signal.clone(),
            )),
            mail_worker: tokio::spawn(worker.run(shutdown_signal)),
        };
        let (http, stopper) = server::start(self.schema, self.services, self.metrics, listener)?;
        let http = tokio::spawn(http);
        tracing::info!(%address, database = %self.config.database.redacted(), "Agora is listening");
        Ok(RunningServer { address, stopper, http, shutdown, background })
    }
}

/// A server that is running.
pub struct RunningServer {
    address: SocketAddr,
    stopper: Stopper,
    http: tokio::task::JoinHandle<std::io::Result<()>>,
    shutdown: watch::Sender<bool>,
    background: BackgroundTasks,
}

/// What runs beside the HTTP server, until the shutdown signal.
struct BackgroundTasks {
    mail_worker: tokio::task::JoinHandle<()>,
    /// Releases kept priority seats once enrollment windows close.
    sweeper: tokio::task::JoinHandle<()>,
    /// On PostgreSQL, hands comments accepted by any instance to this one's live subscribers.
    live_listener: tokio::task::JoinHandle<()>,
    /// Tells followers of consultations when rounds open and close.
    notifications: tokio::task::JoinHandle<()>,
}

impl RunningServer {
    /// The address the server listens on (useful with port 0).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Waits until the HTTP server ends (after a signal), then stops the background tasks.
    pub async fn wait(self) -> anyhow::Result<()> {
        let RunningServer { http, shutdown, background, .. } = self;
        let served = http.await.context("the HTTP server task failed")?;
        background.stop(shutdown).await;
        served.context("the HTTP server failed")
    }

    /// Stops gracefully: websockets close, requests in flight finish, then the background tasks stop.
    pub async fn stop(self) {
        self.stopper.stop().await;
        let _ = self.http.await;
        self.background.stop(self.shutdown).await;
    }
}

impl BackgroundTasks {
    async fn stop(self, shutdown: watch::Sender<bool>) {
        let _ = shutdown.send(true);
        let tasks = [
            (self.mail_worker, "the mail worker"),
            (self.sweeper, "the seat sweeper"),
            (self.live_listener, "the live comment listener"),
            (self.notifications, "the notification job"),
        ];
        for (task, name) in tasks {
            if let Err(error) = task.await {
                tracing::error!(%error, task = name, "a background task ended abnormally");
            }
        }
    }
}
