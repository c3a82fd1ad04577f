//! Turning a page template into a response.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use mekong_app::AppError;

/// Renders a page; a template failure is an internal error, logged, never shown.
pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            crate::WebError(AppError::Internal(format!("template: {error}"))).into_response()
        }
    }
}
