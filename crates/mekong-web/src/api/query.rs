//! Query strings of the API read into their types, or answered as the documented JSON error.
//! Axum's own `Query` answers a plain-text 400 ("Failed to deserialize query string: page: number
//! too large..."), which no client generated from the OpenAPI document expects.

use crate::WebError;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use mekong_app::AppError;
use serde::de::DeserializeOwned;

/// The message of every refused query parameter.
const MESSAGE: &str = "error-query-parameter";

/// A query string read into `T`; a parameter that does not read is a 422 naming it.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::try_from_uri(&parts.uri) {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(WebError(AppError::field(&parameter(&rejection.body_text()), MESSAGE))),
        }
    }
}

/// The parameter a rejection names (`page` in "...query string: page: invalid digit"), or
/// `query` when it names none a client could have sent.
fn parameter(text: &str) -> String {
    let named = text.strip_prefix("Failed to deserialize query string: ").and_then(|rest| rest.split_once(": "));
    match named {
        Some((name, _)) if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            name.to_owned()
        }
        _ => "query".to_owned(),
    }
}

/// Checks a page number against the pages there are: 0 is refused, a page past the last one is
/// not found (an empty list has one page, empty).
pub fn check_page(page: Option<u64>) -> Result<u64, WebError> {
    match page.unwrap_or(1) {
        0 => Err(WebError(AppError::field("page", MESSAGE))),
        page => Ok(page),
    }
}

/// After reading a page: past the last one is not found.
pub fn within_pages(page: u64, pages: u64) -> Result<(), WebError> {
    if page > pages.max(1) { Err(WebError(AppError::NotFound)) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::parameter;

    #[test]
    fn the_refused_parameter_is_named() {
        let text = "Failed to deserialize query string: page: number too large to fit in target type";
        assert_eq!(parameter(text), "page");
        assert_eq!(parameter("Failed to deserialize query string: expected `,` or `}`"), "query");
        assert_eq!(parameter("something else"), "query");
    }
}
