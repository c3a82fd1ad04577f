//! Database errors mapped, in one place, to what callers can act on.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    /// The record changed since it was read (optimistic concurrency).
    #[error("the record was changed by someone else")]
    Conflict,
    #[error("a record with the same {0} already exists")]
    Duplicate(String),
    #[error("cannot open the database: {0}")]
    Unreachable(String),
    #[error("database error: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Turns a unique-constraint violation into `Duplicate`, other errors pass through.
    pub(crate) fn from_write(error: sea_orm::DbErr, what: &str) -> StoreError {
        match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::Duplicate(what.to_owned()),
            _ => StoreError::Database(error),
        }
    }
}
