//! Requests for pages that do not exist.

use crate::WebError;
use mekong_app::AppError;

pub async fn not_found() -> WebError {
    WebError(AppError::NotFound)
}
