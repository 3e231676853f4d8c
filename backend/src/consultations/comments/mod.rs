//! Comments: what a participant submits in a round ([`service`]), written in batches by the
//! [`writer`], listed with filters ([`listing`]), confirmed by tracking number ([`receipts`]),
//! and answered by officials ([`responses`]). [`store`] holds their SQL.

pub mod listing;
pub mod receipts;
pub mod responses;
pub mod service;
pub mod store;
pub mod writer;
