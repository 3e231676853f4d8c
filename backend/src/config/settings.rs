//! Every `AGORA_*` variable in one table: its name, its default and a one-line meaning.
//!
//! The parser in `config/mod.rs` takes its defaults from here and `agora serve --help` prints
//! the table, so an operator can configure the server without the docs, and the help can never
//! disagree with what the server actually does.

use std::fmt::Write as _;

/// What an unset variable means.
#[derive(Debug, Clone, Copy)]
pub enum Fallback {
    /// This value is used, parsed like a value that was set.
    Value(&'static str),
    /// There is no value; the text says what happens instead.
    Unset(&'static str),
}

/// One configuration variable.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub name: &'static str,
    pub fallback: Fallback,
    pub meaning: &'static str,
}

impl Setting {
    /// The default value, for settings that have one.
    pub fn default_value(&self) -> Option<&'static str> {
        match self.fallback {
            Fallback::Value(value) => Some(value),
            Fallback::Unset(_) => None,
        }
    }
}

macro_rules! settings {
    ($( $constant:ident = $name:literal, $fallback:expr, $meaning:literal; )*) => {
        $( pub const $constant: Setting = Setting { name: $name, fallback: $fallback, meaning: $meaning }; )*
        /// Every setting, in the order the help lists them.
        pub const ALL: &[Setting] = &[ $( $constant ),* ];
    };
}

use Fallback::{Unset, Value};

settings! {
    DATABASE_URL = "AGORA_DATABASE_URL", Value("sqlite://data/agora.db"),
        "sqlite://PATH for the embedded database, or postgres://USER:PASS@HOST:PORT/DB";
    DATABASE_POOL_SIZE = "AGORA_DATABASE_POOL_SIZE", Value("10"),
        "database connections this process keeps open";
    LISTEN = "AGORA_LISTEN", Value("127.0.0.1:8080"),
        "IP address and port to serve on (0.0.0.0:8080 for every interface)";
    PUBLIC_URL = "AGORA_PUBLIC_URL", Unset("this server, from AGORA_LISTEN"),
        "base URL of the links in emails (normally the frontend)";
    DATA_DIR = "AGORA_DATA_DIR", Value("data"),
        "folder for files the server generates for itself (the JWT secret on SQLite)";
    JWT_SECRET = "AGORA_JWT_SECRET", Unset("generated once and stored, with a warning"),
        "HMAC secret (at least 32 bytes) signing access tokens; set it in production";
    CERT_SIGNING_KEY = "AGORA_CERT_SIGNING_KEY", Unset("generated once and stored in the database"),
        "Ed25519 private key (PKCS#8 PEM) signing course certificates";
    MAIL_URL = "AGORA_MAIL_URL", Value("file://data/mail"),
        "smtp://USER:PASS@HOST:PORT (?tls=required for STARTTLS), smtps://…, or file://DIR";
    MAIL_FROM = "AGORA_MAIL_FROM", Value("Agora <no-reply@localhost>"),
        "sender mailbox of every email";
    MAIL_MAX_ATTEMPTS = "AGORA_MAIL_MAX_ATTEMPTS", Value("8"),
        "delivery attempts before a message is marked failed";
    MAIL_RETRY_BASE_MS = "AGORA_MAIL_RETRY_BASE_MS", Value("30000"),
        "wait after the first failed delivery; doubles after each failure, up to 6 hours";
    MAIL_POLL_MS = "AGORA_MAIL_POLL_MS", Value("1000"),
        "how often the mail worker looks for due messages";
    COURSE_CONTENT = "AGORA_COURSE_CONTENT", Value("course-content"),
        "folder of course material, imported at start-up";
    CORS_ORIGINS = "AGORA_CORS_ORIGINS", Unset("no browser origin is allowed"),
        "comma-separated browser origins allowed to call the API";
    TRUSTED_PROXIES = "AGORA_TRUSTED_PROXIES", Unset("X-Forwarded-For is ignored"),
        "comma-separated IP addresses of reverse proxies whose X-Forwarded-For is believed";
    LOGIN_FAILURES_PER_15_MIN = "AGORA_LOGIN_FAILURES_PER_15_MIN", Value("5"),
        "failed sign-ins allowed per account, and per client address, in any 15 minutes";
    REGISTRATIONS_PER_HOUR = "AGORA_REGISTRATIONS_PER_HOUR", Value("10"),
        "registrations allowed per client address in any hour";
    ACCOUNT_EMAILS_PER_HOUR = "AGORA_ACCOUNT_EMAILS_PER_HOUR", Value("5"),
        "account emails (verification, password reset) per recipient address in any hour";
    ACCOUNT_EMAILS_PER_CLIENT_PER_HOUR = "AGORA_ACCOUNT_EMAILS_PER_CLIENT_PER_HOUR", Value("20"),
        "resendVerification and requestPasswordReset calls per client address in any hour";
    INVITATIONS_PER_INVITER_PER_HOUR = "AGORA_INVITATIONS_PER_INVITER_PER_HOUR", Value("20"),
        "membership invitations one account may send in any hour";
    INVITATIONS_PER_ORGANIZATION_PER_DAY = "AGORA_INVITATIONS_PER_ORGANIZATION_PER_DAY", Value("100"),
        "membership invitations one organization may send in any 24 hours";
    INVITATIONS_PER_RECIPIENT_PER_DAY = "AGORA_INVITATIONS_PER_RECIPIENT_PER_DAY", Value("3"),
        "membership invitations one email address may receive in any 24 hours, from all organizations together";
    COMMENT_MAX_LENGTH = "AGORA_COMMENT_MAX_LENGTH", Value("10000"),
        "longest comment, in characters";
    COMMENT_MAX_DEPTH = "AGORA_COMMENT_MAX_DEPTH", Value("3"),
        "how deep replies may nest (a top-level comment has depth 0)";
    FLAGS_TO_HIDE = "AGORA_FLAGS_TO_HIDE", Value("3"),
        "distinct flags that hide a comment until a moderator reviews it";
    COMMENTS_PER_HOUR = "AGORA_COMMENTS_PER_HOUR", Value("30"),
        "comments one account may submit in any hour";
    COMMENTS_PER_CLIENT_PER_HOUR = "AGORA_COMMENTS_PER_CLIENT_PER_HOUR", Value("300"),
        "comments allowed per client address in any hour";
    MAX_QUERY_DEPTH = "AGORA_MAX_QUERY_DEPTH", Value("15"),
        "deepest nesting allowed in a GraphQL document";
    MAX_QUERY_COMPLEXITY = "AGORA_MAX_QUERY_COMPLEXITY", Value("5000"),
        "highest computed cost allowed for a GraphQL document";
    MAX_ALIASES = "AGORA_MAX_ALIASES", Value("50"),
        "most aliased fields allowed in one document";
    MAX_BATCH = "AGORA_MAX_BATCH", Value("10"),
        "most operations allowed in one batched POST";
    MAX_COUNTS_PER_REQUEST = "AGORA_MAX_COUNTS_PER_REQUEST", Value("10"),
        "most list totals (totalCount) one request may count, the operations of a batch together";
    MAX_BODY_BYTES = "AGORA_MAX_BODY_BYTES", Value("262144"),
        "largest request body, in bytes";
    PASSWORD_HASH_MEMORY_KIB = "AGORA_PASSWORD_HASH_MEMORY_KIB", Value("47104"),
        "memory argon2id uses to hash one password, in KiB";
    PASSWORD_HASH_ITERATIONS = "AGORA_PASSWORD_HASH_ITERATIONS", Value("2"),
        "passes argon2id makes over that memory";
    LOG = "AGORA_LOG", Value("info"),
        "log filter in tracing syntax, e.g. info,agora=debug";
    LOG_FORMAT = "AGORA_LOG_FORMAT", Value("json"),
        "json (one object per line) or text";
    NOTIFY_INTERVAL_SECONDS = "AGORA_NOTIFY_INTERVAL_SECONDS", Value("60"),
        "longest pause of the job that emails consultations' followers";
    SHUTDOWN_TIMEOUT_SECS = "AGORA_SHUTDOWN_TIMEOUT_SECS", Value("30"),
        "on SIGTERM or SIGINT, how long requests in progress may take to finish";
    REQUEST_BODY_TIMEOUT_SECS = "AGORA_REQUEST_BODY_TIMEOUT_SECS", Value("30"),
        "longest time a client may take to send a request body (a slow sender is cut off)";
    WEBSOCKETS_PER_CLIENT = "AGORA_WEBSOCKETS_PER_CLIENT", Value("20"),
        "open websockets one client address (an IPv6 /64) may hold on one instance";
    METRICS_TOKEN = "AGORA_METRICS_TOKEN", Unset("/metrics answers only clients on this machine"),
        "bearer token a Prometheus scraper sends to read /metrics from another machine";
}

/// The configuration section of `agora serve --help`.
pub fn help() -> String {
    let mut text = String::from(
        "Configuration (environment variables; an empty value counts as unset, a bad value stops the server \
         with one line naming the variable):\n",
    );
    for setting in ALL {
        let fallback = match setting.fallback {
            Value(value) => format!("default: {value}"),
            Unset(meaning) => format!("unset: {meaning}"),
        };
        let _ = write!(text, "\n  {}  [{fallback}]\n      {}\n", setting.name, setting.meaning);
    }
    text
}

/// `AGORA_*` variables that the server does not know, likely typos an operator should hear of.
pub fn unknown<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    /// Read by the command line or by the test and load tooling, not by the server's configuration.
    const ELSEWHERE: &[&str] = &["AGORA_ADMIN_PASSWORD", "AGORA_TEST_", "AGORA_LOAD_", "AGORA_UPDATE_SCHEMA"];
    names
        .into_iter()
        .filter(|name| name.starts_with("AGORA_"))
        .filter(|name| !ALL.iter().any(|setting| setting.name == *name))
        .filter(|name| !ELSEWHERE.iter().any(|prefix| name.starts_with(prefix)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_documented() {
        for (index, setting) in ALL.iter().enumerate() {
            assert!(setting.name.starts_with("AGORA_"), "{}", setting.name);
            assert!(!setting.meaning.is_empty(), "{} has no meaning", setting.name);
            assert!(ALL[..index].iter().all(|earlier| earlier.name != setting.name), "{} twice", setting.name);
        }
    }

    #[test]
    fn the_help_lists_every_setting_with_its_default() {
        let help = help();
        for setting in ALL {
            assert!(help.contains(setting.name), "{} missing from the help", setting.name);
            if let Some(value) = setting.default_value() {
                assert!(help.contains(&format!("default: {value}]")), "{}'s default missing", setting.name);
            }
        }
    }

    #[test]
    fn typos_are_noticed_and_other_tools_variables_are_not() {
        let names = ["AGORA_LISTN", "AGORA_LISTEN", "AGORA_TEST_POSTGRES_URL", "AGORA_ADMIN_PASSWORD", "PATH"];
        assert_eq!(unknown(names), ["AGORA_LISTN"]);
    }
}
