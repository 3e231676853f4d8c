//! One's own data across the platform: `exportMyData` gives a person everything held about them,
//! and `deleteMyAccount` erases it, keeping public contributions attributed to a "deleted
//! participant".
//!
//! Every domain knows its own tables and offers an `export` and an `erase` for one person
//! (`identity::privacy_store`, `consultations::privacy`, `training::privacy`,
//! `idempotency::privacy`); this module sits above them all and asks each in turn, so no domain
//! calls another for it. A test (`privacy` in the end-to-end suite) reads the foreign keys of the
//! live schema and fails when a table that refers to a user is missing from the export or the
//! deletion.

pub mod service;
