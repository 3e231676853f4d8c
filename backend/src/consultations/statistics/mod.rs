//! Participation statistics: the [`counters`] kept in step with every change of a published
//! comment, and reading them as breakdowns ([`service`]).

pub mod counters;
pub mod service;
