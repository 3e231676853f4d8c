//! Open data: a consultation's comments as CSV and JSON files anyone may download.

pub mod service;
