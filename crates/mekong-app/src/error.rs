//! The one error type of the use cases; the web layer maps it to statuses in one place.

use mekong_core::directory::DirectoryError;
use mekong_core::validation::FieldErrors;
use mekong_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("you must sign in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid input")]
    Validation(FieldErrors),
    #[error("the record was changed by someone else")]
    Conflict,
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict => AppError::Conflict,
            StoreError::Duplicate(field) => {
                let mut errors = FieldErrors::default();
                errors.add(&field, "error-duplicate");
                AppError::Validation(errors)
            }
            StoreError::Unreachable(message) => AppError::Unavailable(message),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<DirectoryError> for AppError {
    fn from(error: DirectoryError) -> Self {
        match error {
            DirectoryError::CityNotFound => AppError::NotFound,
            DirectoryError::InvalidCityCode => field_error("code", "error-city-code"),
            DirectoryError::InvalidCountry => field_error("country", "error-country"),
        }
    }
}

fn field_error(field: &str, message: &str) -> AppError {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    AppError::Validation(errors)
}
