//! Campaigns: many identical texts, grouped so that a reader sees one with its size.

pub mod service;
