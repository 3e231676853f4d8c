//! Agora: an open platform for multistakeholder consultation and capacity building.
//!
//! This crate is the whole server: configuration, the data layer on PostgreSQL or SQLite, the
//! GraphQL API, localization, mail, and the domains. `main.rs` is a thin CLI over it; the
//! black-box tests in `tests/` start it through [`app::Application`].
//!
//! Dependencies point one way: `graphql` → services → stores → `db`; `server` is the only
//! module that knows HTTP.

pub mod app;
pub mod audit;
pub mod auth;
pub mod config;
pub mod consultations;
pub mod db;
pub mod error;
pub mod graphql;
pub mod html;
pub mod i18n;
pub mod idempotency;
pub mod identity;
pub mod live;
pub mod mail;
pub mod names;
pub mod organizations;
pub mod privacy;
pub mod readable_code;
pub mod request;
pub mod secrets;
pub mod server;
pub mod services;
pub mod telemetry;
pub mod text;
pub mod throttle;
pub mod training;
