//! The JSON API under `/api/v1/`, described by an OpenAPI 3 document generated from the code.

pub mod cities;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Mekong API",
        description = "The network's data: member cities, and more as areas land."
    ),
    paths(cities::list, cities::show),
    components(schemas(cities::CityDto, cities::NamesDto, cities::PopulationDto, ApiErrorDto))
)]
struct ApiDoc;

/// The error document every API route answers with on failure.
#[derive(utoipa::ToSchema, serde::Serialize)]
pub struct ApiErrorDto {
    /// Stable code, such as `MK-404`.
    code: String,
    /// Explanation in the reader's language.
    message: String,
    /// Problems with particular input fields.
    fields: Vec<serde_json::Value>,
}

pub fn openapi_document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

pub async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi_document(),
    )
}
