//! The one error type of the use cases; the web layer maps it to statuses in one place.

use mekong_core::directory::DirectoryError;
use mekong_core::identity::IdentityError;
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
    /// Too many failed attempts: wait before trying again.
    #[error("too many attempts")]
    Throttled,
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A validation error on one field, with a message id.
    pub fn field(field: &str, message: &str) -> AppError {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        AppError::Validation(errors)
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict => AppError::Conflict,
            StoreError::Duplicate(field) => AppError::field(&field, "error-duplicate"),
            StoreError::Unreachable(message) => AppError::Unavailable(message),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<DirectoryError> for AppError {
    fn from(error: DirectoryError) -> Self {
        match error {
            DirectoryError::CityNotFound => AppError::NotFound,
            DirectoryError::InvalidCityCode => AppError::field("code", "error-city-code"),
            DirectoryError::InvalidCountry => AppError::field("country", "error-country"),
        }
    }
}

impl From<IdentityError> for AppError {
    fn from(error: IdentityError) -> Self {
        match error {
            IdentityError::InvalidEmail => AppError::field("email", "error-email"),
            IdentityError::PasswordTooShort => AppError::field("password", "error-password-short"),
            IdentityError::PasswordTooLong => AppError::field("password", "error-password-long"),
            IdentityError::PasswordTooWeak => AppError::field("password", "error-password-weak"),
            IdentityError::UnknownRole => AppError::field("role", "error-role"),
            IdentityError::ScopeRequired => AppError::field("scope", "error-scope-required"),
            IdentityError::ScopeNotAllowed => AppError::field("scope", "error-scope-not-allowed"),
        }
    }
}
