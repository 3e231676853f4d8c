//! The `agora` command: `serve` (the default), `migrate`, `import-courses`, `create-admin`,
//! `export-schema`, `send-test-email`.
//!
//! Configuration comes from `AGORA_*` variables (see `config.rs` and the README). A problem
//! ends the process with one clear line and a non-zero exit code, never a backtrace.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use fluent_bundle::FluentValue;

use agora::app::Application;
use agora::config::{Config, settings};
use agora::db::{Db, write_transaction};
use agora::error::AppError;
use agora::identity::service::NewAdmin;
use agora::mail::{Recipient, templates};
use agora::training::import::import_catalogue;
use agora::{graphql, identity, telemetry};

#[derive(Parser)]
#[command(
    name = "agora",
    version,
    about = "Agora: multistakeholder consultation and capacity building",
    after_help = settings::help()
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run pending migrations, import the course content, then serve the API and deliver mail
    /// (the default).
    #[command(after_help = settings::help())]
    Serve,
    /// Run pending database migrations and exit.
    Migrate,
    /// Import the courses of a course content folder: new and changed courses are written,
    /// unchanged ones skipped, and a course with problems is refused (exit code 1) with each
    /// problem as `file:line: message`.
    ImportCourses {
        /// The folder (default: AGORA_COURSE_CONTENT, itself `course-content` by default).
        dir: Option<PathBuf>,
    },
    /// Print the GraphQL schema (SDL) to standard output.
    ExportSchema,
    /// Create a platform administrator account (verified, with the ADMIN role; audited).
    CreateAdmin {
        /// The administrator's email address.
        #[arg(long)]
        email: String,
        /// The password (at least 10 characters); can also come from AGORA_ADMIN_PASSWORD.
        #[arg(long, env = "AGORA_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        /// The name shown for the administrator (default: the part of the address before @).
        #[arg(long)]
        name: Option<String>,
    },
    /// Queue a test email to check the mail configuration; a running server delivers it.
    SendTestEmail {
        /// The address to send to.
        #[arg(long)]
        to: String,
        /// The language of the message (a BCP 47 tag).
        #[arg(long, default_value = "en")]
        locale: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::ExportSchema = command {
        return print_schema();
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("agora: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init_logging(&config.log_filter, config.log_format);
    let names: Vec<String> = std::env::vars_os().filter_map(|(name, _)| name.into_string().ok()).collect();
    for unknown in settings::unknown(names.iter().map(String::as_str)) {
        tracing::warn!(variable = unknown, "unknown AGORA_* variable ignored (see `agora serve --help`)");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("agora: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let message = one_line(&format!("{error:#}"));
            tracing::error!(error = %message, "agora stopped");
            eprintln!("agora: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Causes from libraries (libpq, for one) may span lines; an operator gets one.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[allow(clippy::print_stdout)]
fn print_schema() -> ExitCode {
    print!("{}", graphql::sdl());
    ExitCode::SUCCESS
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            let application = Application::build(config).await?;
            application.import_course_content().await;
            application.serve()?.wait().await
        }
        Command::Migrate => {
            migrated_database(&config).await?;
            Ok(())
        }
        Command::ImportCourses { dir } => import_courses(&config, dir).await,
        Command::SendTestEmail { to, locale } => send_test_email(config, to, locale).await,
        Command::CreateAdmin { email, password, name } => create_admin(config, email, password, name).await,
        Command::ExportSchema => Ok(()),
    }
}

/// Opens the configured database and runs its pending migrations.
async fn migrated_database(config: &Config) -> anyhow::Result<Db> {
    let target = config.database.clone();
    let db = tokio::task::spawn_blocking(move || Db::connect(&target, 1))
        .await?
        .with_context(|| format!("AGORA_DATABASE_URL: cannot use {}", config.database.redacted()))?;
    let applied = db.migrate().await?;
    tracing::info!(applied, "migrations are up to date");
    Ok(db)
}

/// Imports a course content folder and prints what became of each course; fails when a course
/// was refused, so that scripts notice.
#[allow(clippy::print_stdout)]
async fn import_courses(config: &Config, dir: Option<PathBuf>) -> anyhow::Result<()> {
    let folder = dir.unwrap_or_else(|| config.course_content.clone());
    let db = migrated_database(config).await?;
    let report = import_catalogue(&db, &folder).await?;
    print!("{report}");
    let refused = report.refused.len();
    if refused > 0 {
        let read = report.imported.len() + report.updated.len() + report.unchanged.len();
        anyhow::bail!("{refused} of {} courses refused (their problems are listed above)", refused + read);
    }
    Ok(())
}

async fn create_admin(config: Config, email: String, password: String, name: Option<String>) -> anyhow::Result<()> {
    let application = Application::build(config).await?;
    let services = application.services();
    let input = NewAdmin { email: &email, password: &password, display_name: name.as_deref() };
    match identity::service::create_admin(services, input).await {
        Ok(user) => {
            tracing::info!(user_id = %user.id, "administrator created");
            eprintln!("agora: administrator {} created", user.email);
            Ok(())
        }
        Err(error) => {
            let locale = services.localizer.default_locale().clone();
            let (message_id, args) = error.message("cli");
            let message = services.localizer.plain_message(&locale, message_id, &args);
            match error.field() {
                Some(field) => anyhow::bail!("--{}: {message}", cli_flag(field)),
                None => anyhow::bail!("{message}"),
            }
        }
    }
}

/// The command-line flag for a field named in a validation error.
fn cli_flag(field: &str) -> &str {
    match field {
        "displayName" => "name",
        other => other,
    }
}

async fn send_test_email(config: Config, to: String, locale: String) -> anyhow::Result<()> {
    let server_url = config.public_base_url().to_string();
    let application = Application::build(config).await?;
    let services = application.services();
    let recipient = Recipient {
        address: to.clone(),
        name: None,
        locale: locale.parse().with_context(|| format!("'{locale}' is not a language tag"))?,
    };
    let mailer = services.mailer.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                mailer
                    .enqueue(connection, templates::TEST, &recipient, &[("serverUrl", FluentValue::from(server_url))])
                    .map_err(AppError::from)
            })
        })
        .await
        .map_err(|error| anyhow::anyhow!("queueing the message failed: {error:?}"))?;
    tracing::info!(to, "test email queued; a running `agora serve` delivers it");
    Ok(())
}
