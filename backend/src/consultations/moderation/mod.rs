//! Moderation: flags from readers, and moderators hiding and restoring comments.

pub mod service;
