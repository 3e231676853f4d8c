//! Cohorts and enrollment: who gets a seat, who waits, and in which order.
//!
//! - [`model`], [`store`]: the rows and their queries;
//! - [`seat_rules`]: the seat rules as pure functions (priority seats, the waitlist order);
//! - [`waitlist_promotion`]: applying them when seats free up, inside the transaction that freed
//!   them;
//! - [`cohorts`]: creating and changing cohorts, releasing kept seats after enrollment closes;
//! - [`service`]: enrolling, withdrawing, instructors' decisions;
//! - [`notify`]: the emails these send;
//! - [`reading`]: who sees which cohort, enrollment, roster and waitlist;
//! - [`report`]: enrollment and completion by income group and region;
//! - [`sweeper`]: releasing kept seats of closed windows in the background.

pub mod cohorts;
pub mod model;
pub mod notify;
pub mod reading;
pub mod report;
pub mod seat_rules;
pub mod service;
pub mod store;
pub mod sweeper;
pub mod waitlist_promotion;
