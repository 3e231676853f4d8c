//! Open data: a consultation's comments as CSV and JSON files anyone may download ([`service`];
//! its SQL in [`store`]).

pub mod service;
pub mod store;
