//! The one web error: mapped to an HTTP status in a single `match`, then rendered as a localised
//! HTML page or as JSON `{code, message, fields}` by the error layer, which knows the reader.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mekong_app::AppError;
use mekong_core::validation::FieldErrors;

/// An error on its way to the reader.
#[derive(Debug)]
pub struct WebError(pub AppError);

impl From<AppError> for WebError {
    fn from(error: AppError) -> Self {
        WebError(error)
    }
}

/// What the error layer needs to render an error: kept in the response's extensions.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    /// Stable code a user can quote to support (`MK-404`).
    pub code: &'static str,
    /// Message id of the explanation.
    pub message: &'static str,
    pub fields: FieldErrors,
}

impl ErrorInfo {
    pub fn of(error: &AppError) -> ErrorInfo {
        let (status, code, message) = match error {
            AppError::NotFound => (StatusCode::NOT_FOUND, "MK-404", "error-not-found"),
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "MK-401", "error-unauthenticated"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "MK-403", "error-forbidden"),
            AppError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "MK-422", "error-validation"),
            AppError::Conflict => (StatusCode::CONFLICT, "MK-409", "error-conflict"),
            AppError::Throttled => (StatusCode::TOO_MANY_REQUESTS, "MK-429", "error-throttled"),
            AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "MK-503", "error-unavailable"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "MK-500", "error-internal"),
        };
        let fields = match error {
            AppError::Validation(fields) => fields.clone(),
            _ => FieldErrors::default(),
        };
        ErrorInfo { status, code, message, fields }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let info = ErrorInfo::of(&self.0);
        if info.status.is_server_error() {
            // Internals go to the log with the request id, never to the reader.
            tracing::error!(error = %self.0, code = info.code, "request failed");
        }
        let mut response = info.status.into_response();
        response.extensions_mut().insert(info);
        response
    }
}
