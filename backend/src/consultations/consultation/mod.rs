//! A consultation itself: creating, editing, publishing and closing it, and its sections
//! (versioned once published).

pub mod service;
