//! Probes and metrics for operators: `/healthz` (the process answers), `/readyz` (the database
//! answers and every migration is applied) and `/metrics` (Prometheus).

use actix_web::{HttpResponse, web};
use serde_json::json;

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

pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    match state.services.db.run_task(|connection| Ok(outbox::pending_count(connection)?)).await {
        Ok(depth) => state.metrics.mail_outbox_depth.set(depth),
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
