//! The database: one set of migrations and queries for SQLite and PostgreSQL, returning core types.
//! Dialect differences stay inside this crate.

pub mod advocacy;
pub mod assistance;
pub mod audit;
mod connection;
pub mod directory;
pub mod documents;
mod erasure;
mod error;
mod events;
pub mod finance;
pub mod funding;
pub mod iati;
pub mod identity;
pub mod integrity;
pub mod jobs;
mod migrations;
pub mod news;
pub mod people;
pub mod practices;
pub mod projects;
mod records;
pub mod recruitment;
pub mod recruitment_intake;
pub mod recruitment_procedure;
pub mod reporting;
pub mod results;
pub mod search;
mod time;

pub use connection::{Backend, Store, WriteTxn, redact_url};
pub use error::StoreError;
pub use events::{ParticipantsWhere, StoredFile, TookPart};
