//! HTTP: actix-web wiring only. Routes, middleware, and carrying requests to the GraphQL
//! schema; nothing outside this module knows about actix.

mod body_deadline;
mod certificates;
mod client_address;
mod draining;
mod exports;
mod graphiql;
mod graphql_http;
mod health;
mod nul_in_path;
mod pages;
mod request_middleware;
mod unfollow_page;
mod websocket;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use tokio::sync::watch;

use crate::graphql::AgoraSchema;
use crate::services::Services;
use crate::telemetry::Metrics;

pub use draining::Stopper;

/// What every handler can reach.
pub struct AppState {
    pub schema: AgoraSchema,
    pub services: Arc<Services>,
    pub metrics: Metrics,
    /// Becomes `true` when the server begins to stop: open websockets close at once.
    pub closing: watch::Receiver<bool>,
    /// Requests whose responses are not finished, which a graceful stop waits for.
    in_flight: Arc<draining::InFlight>,
    /// Open websockets per client address.
    sockets: websocket::ClientSockets,
}

/// Starts serving on `listener`; the returned server runs until the [`Stopper`] stops it.
/// Signals are handled by the caller (see `app::RunningServer`), not by actix.
pub fn start(
    schema: AgoraSchema,
    services: Arc<Services>,
    metrics: Metrics,
    listener: TcpListener,
) -> std::io::Result<(actix_web::dev::Server, Stopper)> {
    let config = Arc::clone(&services.config);
    let (closing, closing_signal) = watch::channel(false);
    let in_flight = Arc::new(draining::InFlight::default());
    let state = web::Data::new(AppState {
        schema,
        services,
        metrics,
        closing: closing_signal,
        in_flight: Arc::clone(&in_flight),
        sockets: websocket::ClientSockets::default(),
    });
    let cors_origins = config.cors_origins.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .wrap(from_fn(nul_in_path::refuse))
            .wrap(cors(&cors_origins))
            .wrap(Compress::default())
            .wrap(from_fn(body_deadline::enforce))
            .wrap(from_fn(draining::track))
            .wrap(from_fn(request_middleware::observe))
            .configure(routes)
    })
    .listen(listener)?
    .shutdown_timeout(config.shutdown_timeout.as_secs())
    .client_request_timeout(Duration::from_secs(10))
    .disable_signals();
    let server = server.run();
    let stopper =
        Stopper { http: server.handle(), closing: Arc::new(closing), in_flight, timeout: config.shutdown_timeout };
    Ok((server, stopper))
}

fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/graphql", web::post().to(graphql_http::post))
        .route("/graphql", web::get().to(graphql_http::get))
        .route("/graphql/ws", web::get().to(websocket::websocket))
        .route("/graphiql", web::get().to(graphiql::page))
        .route("/graphiql/assets/{file}", web::get().to(graphiql::asset))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(health::metrics))
        .route("/verify-email", web::get().to(pages::verify_email_form))
        .route("/verify-email", web::post().to(pages::verify_email))
        .route("/reset-password", web::get().to(pages::reset_password_form))
        .route("/reset-password", web::post().to(pages::reset_password))
        .route("/invitations", web::get().to(pages::invitation_form))
        .route("/invitations", web::post().to(pages::accept_invitation))
        .route("/unfollow", web::get().to(unfollow_page::confirm))
        .route("/unfollow", web::post().to(unfollow_page::unfollow))
        .route("/exports/consultations/{slug}/{file}", web::get().to(exports::comments))
        .route("/.well-known/jwks.json", web::get().to(certificates::jwks_document))
        .route("/certificates/{code}", web::get().to(certificates::certificate_page));
}

fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST"])
        .allowed_headers(["authorization", "content-type", "accept-language", "x-request-id"])
        .expose_headers(["x-request-id"])
        .max_age(3600)
}
