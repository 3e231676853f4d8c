//! Participation statistics: the [`counters`] kept in step with every change of a published
//! comment, reading them as breakdowns ([`service`]), and the SQL that reads them ([`store`]).

pub mod counters;
pub mod service;
pub mod store;
