//! Comment rounds: when comments are taken, from whom, and their extensions and closing.

pub mod service;
