//! Typed configuration read from the `AGORA_*` environment variables.
//!
//! Every setting has a default that suits the embedded set-up (SQLite and mail files under
//! `data/`), so a fresh clone runs with no configuration at all. A value that cannot be used
//! is reported as a [`ConfigError`] naming the variable; `main` prints it on one line and
//! exits, so an operator never has to read a backtrace to find a typo.

pub mod settings;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use chrono::TimeDelta;
use secrecy::SecretString;
use url::Url;

pub use settings::Setting;

/// At most `max_hits` in any `window` (what a throttle allows).
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max_hits: i32,
    pub window: TimeDelta,
}

/// Where the data lives. The variant decides which diesel connection the pool opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// A file path handed to SQLite as is (the `sqlite://` prefix removed).
    Sqlite(PathBuf),
    /// A libpq connection URL.
    Postgres(String),
}

impl DatabaseTarget {
    /// Parses `sqlite://path`, `sqlite:path` or `postgres://…` / `postgresql://…`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(path) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err("the sqlite:// URL names no file".into());
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Url::parse(raw).map_err(|e| format!("not a valid PostgreSQL URL ({e})"))?;
            return Ok(Self::Postgres(raw.to_owned()));
        }
        let scheme = raw.split(':').next().unwrap_or_default();
        Err(format!("unknown database scheme '{scheme}' (use sqlite://PATH or postgres://USER@HOST/DB)"))
    }

    /// A description that is safe to log (no password).
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
            Self::Postgres(raw) => match Url::parse(raw) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        let _ = url.set_password(Some("***"));
                    }
                    url.to_string()
                }
                Err(_) => "postgres://(unparsable)".into(),
            },
        }
    }
}

/// Where outgoing mail goes.
#[derive(Debug, Clone)]
pub enum MailTarget {
    /// An `smtp://` or `smtps://` URL understood by lettre (user and password included).
    Smtp(SecretString),
    /// One `.eml` file per message in this folder.
    Files(PathBuf),
    /// Kept in memory; only for tests that inspect messages directly.
    Memory,
}

/// Limits that keep one GraphQL request from costing the server too much.
#[derive(Debug, Clone, Copy)]
pub struct QueryLimits {
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
    pub max_batch: usize,
    pub max_body_bytes: usize,
    /// List totals (`totalCount`) one request may count, every operation of a batch together.
    pub max_counts: usize,
}

/// How the mail worker retries.
#[derive(Debug, Clone, Copy)]
pub struct MailRetry {
    pub max_attempts: i32,
    pub base_delay: Duration,
    pub poll_interval: Duration,
}

/// The cost of argon2id password hashing.
#[derive(Debug, Clone, Copy)]
pub struct PasswordHashCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

/// How often clients and accounts may do sensitive things.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleLimits {
    /// Failed sign-ins, per account and per client address.
    pub login_failures: Limit,
    /// Registrations per client address.
    pub registrations: Limit,
    /// Account emails (verification, reset) per recipient address.
    pub emails_per_recipient: Limit,
    /// Account emails per client address.
    pub emails_per_client: Limit,
    /// Membership invitations per inviting account.
    pub invitations_per_inviter: Limit,
    /// Membership invitations per organization.
    pub invitations_per_organization: Limit,
    /// Membership invitations per invited address, from all organizations together.
    pub invitations_per_recipient: Limit,
}

/// The rules of commenting that an operator may tune.
#[derive(Debug, Clone, Copy)]
pub struct CommentRules {
    /// The longest comment, in characters.
    pub max_length: usize,
    /// How deep replies may nest (a reply to a top-level comment has depth 1).
    pub max_depth: i32,
    /// Distinct flags that hide a comment until a moderator reviews it.
    pub flags_to_hide: i32,
    /// Comments per account.
    pub per_account: Limit,
    /// Comments per client address.
    pub per_client: Limit,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Text,
}

/// The whole configuration of one `agora` process.
#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseTarget,
    pub database_pool_size: u32,
    pub listen: SocketAddr,
    pub public_url: Option<Url>,
    pub data_dir: PathBuf,
    pub jwt_secret: Option<SecretString>,
    pub cert_signing_key: Option<SecretString>,
    pub mail: MailTarget,
    pub mail_from: String,
    pub mail_retry: MailRetry,
    pub course_content: PathBuf,
    pub cors_origins: Vec<String>,
    pub trusted_proxies: Vec<IpAddr>,
    pub limits: QueryLimits,
    pub password_hash: PasswordHashCost,
    pub throttle: ThrottleLimits,
    pub comments: CommentRules,
    pub log_filter: String,
    pub log_format: LogFormat,
    pub shutdown_timeout: Duration,
    /// The longest a request body may take to arrive (`AGORA_REQUEST_BODY_TIMEOUT_SECS`).
    pub request_body_timeout: Duration,
    /// Open websockets per client address on one instance (`AGORA_WEBSOCKETS_PER_CLIENT`).
    pub websockets_per_client: usize,
    /// The bearer token that opens `/metrics` to other machines (`AGORA_METRICS_TOKEN`).
    pub metrics_token: Option<SecretString>,
    /// How often the notification job looks for rounds that opened or close within 48 hours
    /// (`AGORA_NOTIFY_INTERVAL_SECONDS`).
    pub notify_interval: Duration,
}

/// A configuration value that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(std::env::vars())
    }

    /// Reads the given variables (tests pass their own instead of touching the process environment).
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, ConfigError> {
        let vars = Vars(vars.into_iter().filter(|(name, _)| name.starts_with("AGORA_")).collect());
        let database = DatabaseTarget::parse(&vars.text(&settings::DATABASE_URL))
            .map_err(|message| ConfigError { variable: settings::DATABASE_URL.name, message })?;
        let listen: SocketAddr = vars.parsed(&settings::LISTEN)?;
        let public_url = match vars.get(&settings::PUBLIC_URL) {
            None => None,
            Some(raw) => Some(Url::parse(raw).map_err(|e| ConfigError {
                variable: settings::PUBLIC_URL.name,
                message: format!("not a URL ({e})"),
            })?),
        };
        let jwt_secret = vars.get(&settings::JWT_SECRET).map(str::to_owned);
        if let Some(secret) = &jwt_secret
            && secret.len() < 32
        {
            return Err(ConfigError {
                variable: settings::JWT_SECRET.name,
                message: "must be at least 32 bytes long".into(),
            });
        }
        let mail = parse_mail_target(&vars.text(&settings::MAIL_URL))?;
        let mail_from = vars.text(&settings::MAIL_FROM);
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError {
                variable: settings::MAIL_FROM.name,
                message: format!("'{mail_from}' is not a mailbox like 'Agora <no-reply@example.org>'"),
            });
        }
        let trusted_proxies = vars
            .list(&settings::TRUSTED_PROXIES)
            .into_iter()
            .map(|raw| {
                raw.parse::<IpAddr>().map_err(|_| ConfigError {
                    variable: settings::TRUSTED_PROXIES.name,
                    message: format!("'{raw}' is not an IP address"),
                })
            })
            .collect::<Result<_, _>>()?;
        let log_format = match vars.text(&settings::LOG_FORMAT).as_str() {
            "json" => LogFormat::Json,
            "text" => LogFormat::Text,
            other => {
                return Err(ConfigError {
                    variable: settings::LOG_FORMAT.name,
                    message: format!("'{other}' is neither 'json' nor 'text'"),
                });
            }
        };
        let comment_rules = CommentRules {
            max_length: vars.parsed(&settings::COMMENT_MAX_LENGTH)?,
            max_depth: vars.parsed(&settings::COMMENT_MAX_DEPTH)?,
            flags_to_hide: vars.parsed(&settings::FLAGS_TO_HIDE)?,
            per_account: Limit { max_hits: vars.parsed(&settings::COMMENTS_PER_HOUR)?, window: TimeDelta::hours(1) },
            per_client: Limit {
                max_hits: vars.parsed(&settings::COMMENTS_PER_CLIENT_PER_HOUR)?,
                window: TimeDelta::hours(1),
            },
        };
        for (variable, valid) in [
            (settings::COMMENT_MAX_LENGTH.name, comment_rules.max_length >= 1),
            (settings::COMMENT_MAX_DEPTH.name, comment_rules.max_depth >= 0),
            (settings::FLAGS_TO_HIDE.name, comment_rules.flags_to_hide >= 1),
            (settings::COMMENTS_PER_HOUR.name, comment_rules.per_account.max_hits >= 1),
            (settings::COMMENTS_PER_CLIENT_PER_HOUR.name, comment_rules.per_client.max_hits >= 1),
        ] {
            if !valid {
                return Err(ConfigError { variable, message: "must be at least 1 (0 for the depth)".into() });
            }
        }
        let notify_interval = Duration::from_secs(vars.parsed(&settings::NOTIFY_INTERVAL_SECONDS)?);
        if notify_interval.is_zero() {
            return Err(ConfigError {
                variable: settings::NOTIFY_INTERVAL_SECONDS.name,
                message: "must be at least 1".into(),
            });
        }
        Ok(Self {
            database_pool_size: vars.parsed(&settings::DATABASE_POOL_SIZE)?,
            database,
            listen,
            public_url,
            data_dir: PathBuf::from(vars.text(&settings::DATA_DIR)),
            jwt_secret: jwt_secret.map(SecretString::from),
            cert_signing_key: vars.get(&settings::CERT_SIGNING_KEY).map(SecretString::from),
            mail,
            mail_from,
            mail_retry: MailRetry {
                max_attempts: vars.parsed(&settings::MAIL_MAX_ATTEMPTS)?,
                base_delay: Duration::from_millis(vars.parsed(&settings::MAIL_RETRY_BASE_MS)?),
                poll_interval: Duration::from_millis(vars.parsed(&settings::MAIL_POLL_MS)?),
            },
            course_content: PathBuf::from(vars.text(&settings::COURSE_CONTENT)),
            cors_origins: vars.list(&settings::CORS_ORIGINS),
            trusted_proxies,
            limits: QueryLimits {
                max_depth: vars.parsed(&settings::MAX_QUERY_DEPTH)?,
                max_complexity: vars.parsed(&settings::MAX_QUERY_COMPLEXITY)?,
                max_aliases: vars.parsed(&settings::MAX_ALIASES)?,
                max_batch: vars.parsed(&settings::MAX_BATCH)?,
                max_body_bytes: vars.parsed(&settings::MAX_BODY_BYTES)?,
                max_counts: vars.parsed(&settings::MAX_COUNTS_PER_REQUEST)?,
            },
            password_hash: PasswordHashCost {
                memory_kib: vars.parsed(&settings::PASSWORD_HASH_MEMORY_KIB)?,
                iterations: vars.parsed(&settings::PASSWORD_HASH_ITERATIONS)?,
            },
            throttle: ThrottleLimits {
                login_failures: Limit {
                    max_hits: vars.parsed(&settings::LOGIN_FAILURES_PER_15_MIN)?,
                    window: TimeDelta::minutes(15),
                },
                registrations: Limit {
                    max_hits: vars.parsed(&settings::REGISTRATIONS_PER_HOUR)?,
                    window: TimeDelta::hours(1),
                },
                emails_per_recipient: Limit {
                    max_hits: vars.parsed(&settings::ACCOUNT_EMAILS_PER_HOUR)?,
                    window: TimeDelta::hours(1),
                },
                emails_per_client: Limit {
                    max_hits: vars.parsed(&settings::ACCOUNT_EMAILS_PER_CLIENT_PER_HOUR)?,
                    window: TimeDelta::hours(1),
                },
                invitations_per_inviter: Limit {
                    max_hits: at_least_one(&vars, &settings::INVITATIONS_PER_INVITER_PER_HOUR)?,
                    window: TimeDelta::hours(1),
                },
                invitations_per_organization: Limit {
                    max_hits: at_least_one(&vars, &settings::INVITATIONS_PER_ORGANIZATION_PER_DAY)?,
                    window: TimeDelta::days(1),
                },
                invitations_per_recipient: Limit {
                    max_hits: at_least_one(&vars, &settings::INVITATIONS_PER_RECIPIENT_PER_DAY)?,
                    window: TimeDelta::days(1),
                },
            },
            comments: comment_rules,
            log_filter: vars.text(&settings::LOG),
            log_format,
            shutdown_timeout: Duration::from_secs(vars.parsed(&settings::SHUTDOWN_TIMEOUT_SECS)?),
            request_body_timeout: Duration::from_secs(
                at_least_one(&vars, &settings::REQUEST_BODY_TIMEOUT_SECS)?.unsigned_abs().into(),
            ),
            websockets_per_client: at_least_one(&vars, &settings::WEBSOCKETS_PER_CLIENT)?.unsigned_abs() as usize,
            metrics_token: vars.get(&settings::METRICS_TOKEN).map(|token| SecretString::from(token.to_owned())),
            notify_interval,
        })
    }

    /// The base URL for links in emails: `AGORA_PUBLIC_URL`, or this server itself.
    pub fn public_base_url(&self) -> Url {
        self.public_url.clone().unwrap_or_else(|| {
            let host = match self.listen.ip() {
                ip if ip.is_unspecified() => "localhost".to_owned(),
                IpAddr::V6(ip) => format!("[{ip}]"),
                IpAddr::V4(ip) => ip.to_string(),
            };
            Url::parse(&format!("http://{host}:{}/", self.listen.port()))
                .unwrap_or_else(|_| Url::parse("http://localhost/").expect("a constant URL parses"))
        })
    }
}

fn parse_mail_target(raw: &str) -> Result<MailTarget, ConfigError> {
    let error = |message: String| ConfigError { variable: settings::MAIL_URL.name, message };
    if let Some(dir) = raw.strip_prefix("file://") {
        if dir.is_empty() {
            return Err(error("the file:// URL names no folder".into()));
        }
        return Ok(MailTarget::Files(PathBuf::from(dir)));
    }
    if raw == "memory://" {
        return Ok(MailTarget::Memory);
    }
    let url = Url::parse(raw).map_err(|e| error(format!("not a URL ({e})")))?;
    match url.scheme() {
        "smtp" | "smtps" => {
            if url.host_str().is_none_or(str::is_empty) {
                return Err(error("the SMTP URL names no host".into()));
            }
            Ok(MailTarget::Smtp(SecretString::from(raw.to_owned())))
        }
        other => Err(error(format!("unknown mail scheme '{other}' (use smtp://, smtps:// or file://)"))),
    }
}

/// A count that must be at least 1 (a limit of 0 would refuse every attempt).
fn at_least_one(vars: &Vars, setting: &Setting) -> Result<i32, ConfigError> {
    let value: i32 = vars.parsed(setting)?;
    if value < 1 {
        return Err(ConfigError { variable: setting.name, message: "must be at least 1".into() });
    }
    Ok(value)
}

/// The variables given, read through the settings table (which holds the defaults).
struct Vars(HashMap<String, String>);

impl Vars {
    /// The value set, if any (an empty value counts as unset).
    fn get(&self, setting: &Setting) -> Option<&str> {
        self.0.get(setting.name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// The value set, or else the default.
    fn text(&self, setting: &Setting) -> String {
        self.get(setting).or(setting.default_value()).unwrap_or_default().to_owned()
    }

    fn list(&self, setting: &Setting) -> Vec<String> {
        self.get(setting)
            .map(|raw| raw.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default()
    }

    fn parsed<T>(&self, setting: &Setting) -> Result<T, ConfigError>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        let raw = self.text(setting);
        raw.parse().map_err(|e| ConfigError { variable: setting.name, message: format!("cannot use '{raw}' ({e})") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn defaults_need_no_variables() {
        let config = config(&[]).expect("defaults are valid");
        assert_eq!(config.database, DatabaseTarget::Sqlite(PathBuf::from("data/agora.db")));
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert!(matches!(config.mail, MailTarget::Files(_)));
        assert_eq!(config.public_base_url().as_str(), "http://127.0.0.1:8080/");
    }

    #[test]
    fn an_unknown_database_scheme_names_the_variable() {
        let error = config(&[("AGORA_DATABASE_URL", "mysql://x")]).expect_err("refused");
        assert_eq!(error.variable, "AGORA_DATABASE_URL");
        assert!(error.message.contains("mysql"));
    }

    #[test]
    fn an_unparsable_address_names_the_variable() {
        let error = config(&[("AGORA_LISTEN", "localhost:http")]).expect_err("refused");
        assert_eq!(error.variable, "AGORA_LISTEN");
    }

    #[test]
    fn the_notification_interval_is_at_least_a_second() {
        assert_eq!(config(&[]).expect("defaults").notify_interval, Duration::from_secs(60));
        let error = config(&[("AGORA_NOTIFY_INTERVAL_SECONDS", "0")]).expect_err("refused");
        assert_eq!(error.variable, "AGORA_NOTIFY_INTERVAL_SECONDS");
    }

    #[test]
    fn invitation_limits_have_defaults_and_are_at_least_one() {
        let throttle = config(&[]).expect("defaults").throttle;
        assert_eq!(throttle.invitations_per_inviter.max_hits, 20);
        assert_eq!(throttle.invitations_per_organization.window, TimeDelta::days(1));
        assert_eq!(throttle.invitations_per_recipient.max_hits, 3);
        let error = config(&[("AGORA_INVITATIONS_PER_RECIPIENT_PER_DAY", "0")]).expect_err("refused");
        assert_eq!(error.variable, "AGORA_INVITATIONS_PER_RECIPIENT_PER_DAY");
    }

    #[test]
    fn a_short_jwt_secret_is_refused() {
        let error = config(&[("AGORA_JWT_SECRET", "short")]).expect_err("refused");
        assert_eq!(error.variable, "AGORA_JWT_SECRET");
    }

    #[test]
    fn postgres_passwords_are_redacted() {
        let target = DatabaseTarget::parse("postgres://agora:hunter2@db:5432/agora").expect("valid");
        assert!(!target.redacted().contains("hunter2"));
    }
}
