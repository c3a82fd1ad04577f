//! JSON bodies of the API read into their types, or answered as the documented JSON error (axum's
//! own `Json` answers a plain-text 400 or 415 no generated client expects).

use crate::WebError;
use axum::Json;
use axum::extract::{FromRequest, Request};
use mekong_app::AppError;
use serde::de::DeserializeOwned;

/// A JSON body read into `T`; a body that does not read is a 422 naming the field when it can.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(_) => Err(WebError(AppError::field("body", "error-json-body"))),
        }
    }
}
