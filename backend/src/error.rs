//! The one error type of requests, and how it reaches a client.
//!
//! Which error type is used where:
//! - `diesel::QueryResult` inside `store` functions (plain queries);
//! - [`AppError`] in services and resolvers: every variant has a stable code from API.md
//!   ([`ErrorCode`]) and a Fluent message id, so the client gets a code to act on and a
//!   message in its own language;
//! - `anyhow::Error` outside requests (start-up, CLI, the mail worker), where a person reads
//!   the log.
//!
//! `AppError` deliberately does not implement `Display`: async-graphql turns any `Display`
//! error into a client-visible message, so a stray `?` could leak SQL. Instead it converts into
//! an `async_graphql::Error` that carries the `AppError` itself as its source, and
//! `graphql::errors` renders it in the request locale in one place. Internal details are
//! logged there with the request id and never sent.

use std::fmt;

use fluent_bundle::FluentValue;

/// The stable, machine-readable error codes of the API (`extensions.code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    Validation,
    Conflict,
    EmailNotVerified,
    RoundNotOpen,
    RateLimited,
    BadRequest,
    QueryTooComplex,
    PayloadTooLarge,
    EnrollmentClosed,
    Internal,
}

impl ErrorCode {
    /// Every code, for metrics and for tests that keep the list in step with API.md.
    pub const ALL: [ErrorCode; 13] = [
        Self::Unauthenticated,
        Self::Forbidden,
        Self::NotFound,
        Self::Validation,
        Self::Conflict,
        Self::EmailNotVerified,
        Self::RoundNotOpen,
        Self::RateLimited,
        Self::BadRequest,
        Self::QueryTooComplex,
        Self::PayloadTooLarge,
        Self::EnrollmentClosed,
        Self::Internal,
    ];

    /// The code as clients see it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::Validation => "VALIDATION",
            Self::Conflict => "CONFLICT",
            Self::EmailNotVerified => "EMAIL_NOT_VERIFIED",
            Self::RoundNotOpen => "ROUND_NOT_OPEN",
            Self::RateLimited => "RATE_LIMITED",
            Self::BadRequest => "BAD_REQUEST",
            Self::QueryTooComplex => "QUERY_TOO_COMPLEX",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::EnrollmentClosed => "ENROLLMENT_CLOSED",
            Self::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a request failed. See the module documentation for why this has no `Display`.
#[derive(Debug)]
pub enum AppError {
    Unauthenticated,
    InvalidCredentials,
    /// The right password, but the account is suspended.
    AccountSuspended,
    Forbidden,
    NotFound,
    /// Bad input in one field; `message_id` names a Fluent message that may use `$field`.
    Validation {
        field: String,
        message_id: &'static str,
    },
    /// A duplicate or a state transition that is not allowed; `message_id` says which.
    Conflict {
        message_id: &'static str,
    },
    EmailNotVerified,
    RoundNotOpen,
    RateLimited {
        retry_after_minutes: u64,
    },
    EnrollmentClosed,
    /// The GraphQL document does not parse or validate; `detail` describes the client's mistake.
    BadRequest {
        detail: String,
    },
    MutationOverGet,
    QueryTooDeep {
        limit: usize,
    },
    QueryTooComplex {
        cost: usize,
        limit: usize,
    },
    TooManyAliases {
        limit: usize,
    },
    BatchTooLarge {
        limit: usize,
    },
    PageTooLarge {
        limit: usize,
    },
    /// More list totals (`totalCount`) than one request may count.
    TooManyCounts {
        limit: usize,
    },
    PayloadTooLarge {
        limit_bytes: usize,
    },
    /// A websocket already holds as many live subscriptions as it may.
    TooManySubscriptions {
        limit: usize,
    },
    /// Anything unexpected. The cause is logged with the request id; the client sees only that id.
    Internal(anyhow::Error),
}

impl AppError {
    /// Wraps an unexpected failure (a database error, a closed channel…).
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self::Internal(cause.into())
    }

    /// A validation error on `field` with the generic message.
    pub fn invalid(field: impl Into<String>) -> Self {
        Self::Validation { field: field.into(), message_id: "error-validation" }
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated | Self::InvalidCredentials | Self::AccountSuspended => ErrorCode::Unauthenticated,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::NotFound => ErrorCode::NotFound,
            Self::Validation { .. } => ErrorCode::Validation,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::EmailNotVerified => ErrorCode::EmailNotVerified,
            Self::RoundNotOpen => ErrorCode::RoundNotOpen,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::EnrollmentClosed => ErrorCode::EnrollmentClosed,
            Self::BadRequest { .. } | Self::MutationOverGet => ErrorCode::BadRequest,
            Self::QueryTooDeep { .. }
            | Self::QueryTooComplex { .. }
            | Self::TooManyAliases { .. }
            | Self::BatchTooLarge { .. }
            | Self::PageTooLarge { .. }
            | Self::TooManyCounts { .. }
            | Self::TooManySubscriptions { .. } => ErrorCode::QueryTooComplex,
            Self::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The Fluent message id and its arguments. `request_id` fills the reference of internal errors.
    pub fn message(&self, request_id: &str) -> (&'static str, Vec<(&'static str, FluentValue<'static>)>) {
        let number = |n: usize| FluentValue::from(n as f64);
        match self {
            Self::Unauthenticated => ("error-unauthenticated", vec![]),
            Self::InvalidCredentials => ("error-invalid-credentials", vec![]),
            Self::AccountSuspended => ("error-account-suspended", vec![]),
            Self::Forbidden => ("error-forbidden", vec![]),
            Self::NotFound => ("error-not-found", vec![]),
            Self::Validation { field, message_id } => (message_id, vec![("field", FluentValue::from(field.clone()))]),
            Self::Conflict { message_id } => (message_id, vec![]),
            Self::EmailNotVerified => ("error-email-not-verified", vec![]),
            Self::RoundNotOpen => ("error-round-not-open", vec![]),
            Self::RateLimited { retry_after_minutes } => {
                ("error-rate-limited", vec![("minutes", FluentValue::from(*retry_after_minutes as f64))])
            }
            Self::EnrollmentClosed => ("error-enrollment-closed", vec![]),
            Self::BadRequest { detail } => ("error-bad-request", vec![("detail", FluentValue::from(detail.clone()))]),
            Self::MutationOverGet => ("error-mutation-over-get", vec![]),
            Self::QueryTooDeep { limit } => ("error-query-too-deep", vec![("limit", number(*limit))]),
            Self::QueryTooComplex { cost, limit } => {
                ("error-query-too-complex", vec![("cost", number(*cost)), ("limit", number(*limit))])
            }
            Self::TooManyAliases { limit } => ("error-too-many-aliases", vec![("limit", number(*limit))]),
            Self::BatchTooLarge { limit } => ("error-batch-too-large", vec![("limit", number(*limit))]),
            Self::PageTooLarge { limit } => ("error-page-too-large", vec![("limit", number(*limit))]),
            Self::TooManyCounts { limit } => ("error-too-many-counts", vec![("limit", number(*limit))]),
            Self::TooManySubscriptions { limit } => ("error-too-many-subscriptions", vec![("limit", number(*limit))]),
            Self::PayloadTooLarge { limit_bytes } => {
                ("error-payload-too-large", vec![("kilobytes", number(limit_bytes.div_ceil(1024)))])
            }
            Self::Internal(_) => ("error-internal", vec![("requestId", FluentValue::from(request_id.to_owned()))]),
        }
    }

    /// The field that validation errors point at (`extensions.field`).
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => Self::NotFound,
            other => Self::internal(other),
        }
    }
}

impl From<AppError> for async_graphql::Error {
    /// Keeps the `AppError` as the source; `graphql::errors` renders the message later, in
    /// the request locale. The placeholder message is only the code, never internal text.
    fn from(error: AppError) -> Self {
        async_graphql::Error {
            message: error.code().as_str().to_owned(),
            source: Some(std::sync::Arc::new(error)),
            extensions: None,
        }
    }
}

/// Results of services and resolvers.
pub type AppResult<T> = Result<T, AppError>;
