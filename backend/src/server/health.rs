//! Probes and metrics for operators: `/healthz` (the process answers), `/readyz` (the database
//! answers and every migration is applied) and `/metrics` (Prometheus).
//!
//! Metrics tell an outsider how busy the platform is and how its mail fares, so `/metrics` is
//! not public: a scraper on another machine sends `Authorization: Bearer AGORA_METRICS_TOKEN`,
//! and without a token only a client on this machine that did not come through a proxy may read
//! it.

use actix_web::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use actix_web::{HttpRequest, HttpResponse, web};
use secrecy::ExposeSecret;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::AppState;
use crate::db::migrations;
use crate::mail::outbox;

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let check = state.services.db.run_task(migrations::all_applied).await;
    match check {
        Ok(true) => HttpResponse::Ok().json(json!({ "status": "ready" })),
        Ok(false) => HttpResponse::ServiceUnavailable().json(json!({ "status": "migrations pending" })),
        Err(error) => {
            tracing::warn!(error = format!("{error:#}"), "readiness check failed");
            HttpResponse::ServiceUnavailable().json(json!({ "status": "database unavailable" }))
        }
    }
}

pub async fn metrics(state: web::Data<AppState>, http: HttpRequest) -> HttpResponse {
    if let Err(refusal) = may_read_metrics(&state, &http) {
        return refusal;
    }
    let counts = state
        .services
        .db
        .run_task(|connection| Ok((outbox::pending_count(connection)?, outbox::failed_count(connection)?)));
    match counts.await {
        Ok((pending, failed)) => {
            state.metrics.mail_outbox_depth.set(pending);
            state.metrics.mail_failed.set(failed);
        }
        Err(error) => tracing::warn!(error = format!("{error:#}"), "could not measure the outbox"),
    }
    let statements = state.services.db.statements_run();
    state.metrics.db_statements.inc_by(statements.saturating_sub(state.metrics.db_statements.get()));
    match state.metrics.render() {
        Ok(text) => HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(text),
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "rendering metrics failed");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// `Err` with the refusal unless the caller may read the metrics (see the module doc).
fn may_read_metrics(state: &AppState, http: &HttpRequest) -> Result<(), HttpResponse> {
    match &state.services.config.metrics_token {
        Some(token) => {
            let presented = http
                .headers()
                .get(AUTHORIZATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.strip_prefix("Bearer "))
                .unwrap_or_default();
            // Digests of equal length compare in the same time whatever the token's prefix.
            if Sha256::digest(presented.trim()) == Sha256::digest(token.expose_secret()) {
                Ok(())
            } else {
                Err(HttpResponse::Unauthorized().insert_header((WWW_AUTHENTICATE, "Bearer")).finish())
            }
        }
        None => {
            let local_peer = http.peer_addr().is_some_and(|peer| peer.ip().is_loopback());
            let proxied = http.headers().contains_key("x-forwarded-for") || http.headers().contains_key("forwarded");
            if local_peer && !proxied { Ok(()) } else { Err(HttpResponse::Forbidden().finish()) }
        }
    }
}
