//! Logs and metrics.
//!
//! Logs are JSON lines (or text for a terminal) through `tracing`; every request runs in a span
//! that carries its request id. Metrics live in a Prometheus registry owned by each server, not
//! a process-global one, so several servers in one process (tests) keep separate counts.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::config::LogFormat;

/// Installs the process-wide log subscriber (the binary calls this once; tests do not).
pub fn init_logging(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let installed = match format {
        LogFormat::Json => {
            builder.json().with_current_span(true).with_span_list(false).with_span_events(FmtSpan::NONE).try_init()
        }
        LogFormat::Text => builder.try_init(),
    };
    if installed.is_err() {
        tracing::debug!("a log subscriber was already installed");
    }
}

/// The metrics of one server.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    pub http_requests: IntCounterVec,
    pub http_duration: HistogramVec,
    pub graphql_errors: IntCounterVec,
    pub mail_delivered: IntCounter,
    pub mail_failed_attempts: IntCounter,
    pub mail_outbox_depth: IntGauge,
    pub mail_failed: IntGauge,
    pub db_statements: IntCounter,
}

impl Metrics {
    pub fn new() -> anyhow::Result<Self> {
        let registry = Registry::new_custom(Some("agora".into()), None)?;
        let http_requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route and status"),
            &["method", "route", "status"],
        )?;
        let http_duration = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by route")
                .buckets(vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["route"],
        )?;
        let graphql_errors = IntCounterVec::new(
            Opts::new("graphql_errors_total", "GraphQL errors sent to clients, by code"),
            &["code"],
        )?;
        let mail_delivered = IntCounter::new("mail_delivered_total", "Emails handed to the transport")?;
        let mail_failed_attempts = IntCounter::new("mail_failed_attempts_total", "Failed email delivery attempts")?;
        let mail_outbox_depth = IntGauge::new("mail_outbox_depth", "Emails waiting for delivery")?;
        let mail_failed = IntGauge::new(
            "mail_failed",
            "Emails given up after their last attempt, waiting for an admin to requeue them",
        )?;
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_duration.clone()))?;
        registry.register(Box::new(graphql_errors.clone()))?;
        registry.register(Box::new(mail_delivered.clone()))?;
        registry.register(Box::new(mail_failed_attempts.clone()))?;
        let db_statements = IntCounter::new("db_statements_total", "SQL statements run by this server")?;
        registry.register(Box::new(mail_outbox_depth.clone()))?;
        registry.register(Box::new(mail_failed.clone()))?;
        registry.register(Box::new(db_statements.clone()))?;
        Ok(Self {
            registry,
            http_requests,
            http_duration,
            graphql_errors,
            mail_delivered,
            mail_failed_attempts,
            mail_outbox_depth,
            mail_failed,
            db_statements,
        })
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> anyhow::Result<String> {
        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
        Ok(String::from_utf8(buffer)?)
    }
}
