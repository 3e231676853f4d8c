//! Outcomes: what the government changed after a consultation, section by section, published
//! when it concludes.

pub mod service;
pub mod store;
