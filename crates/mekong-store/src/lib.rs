//! The database: one set of migrations and queries for SQLite and PostgreSQL, returning core types.
//! Dialect differences stay inside this crate.

pub mod audit;
mod connection;
pub mod directory;
mod error;
pub mod identity;
pub mod jobs;
pub mod people;
mod migrations;
mod time;

pub use connection::{Backend, Store, WriteTxn, redact_url};
pub use error::StoreError;
