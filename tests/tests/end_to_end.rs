//! Agora's black-box tests, one module per area, built as a single test binary: every module
//! starts real servers and speaks to them over HTTP and websockets the way clients do (see the
//! `agora_tests` harness). One binary instead of one per file links the server once, which keeps
//! the build small and quick; `cargo test -p agora-tests --test end_to_end following::` runs one
//! area.

mod accounts_and_audit;
mod administration;
mod authorization_matrix;
mod campaigns;
mod certificates;
mod comment_listing;
mod comments;
mod consultations;
mod courses;
mod data_layer;
mod enrollment;
mod following;
mod http_endpoints;
mod live_comments;
mod localization;
mod mail_delivery;
mod moderation;
mod organizations;
mod outcomes;
mod participation_stats;
mod privacy;
mod query_limits;
mod sign_in;
mod websocket;
