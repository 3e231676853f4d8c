//! Sessions: signing in and out and refreshing ([`service`]), and the throttle every password
//! check goes through ([`password_attempts`]).

pub mod password_attempts;
pub mod service;
