//! Member cities as JSON.

use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use mekong_core::Lang;
use mekong_core::directory::City;
use serde::Serialize;
use utoipa::ToSchema;

/// A member local authority.
#[derive(Serialize, ToSchema)]
pub struct CityDto {
    /// Human code: country, dash, three letters.
    #[schema(example = "KH-PNH")]
    code: String,
    names: NamesDto,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "KH")]
    country: String,
    admin_region: String,
    population: Option<PopulationDto>,
    latitude: f64,
    longitude: f64,
    /// Where the facts come from.
    source: String,
    /// Membership confirmed by a public source, not only announced.
    verified: bool,
}

/// A name in French, English and local script.
#[derive(Serialize, ToSchema)]
pub struct NamesDto {
    fr: String,
    en: String,
    #[schema(example = "ភ្នំពេញ")]
    local: String,
}

#[derive(Serialize, ToSchema)]
pub struct PopulationDto {
    count: u64,
    year: i16,
}

impl From<City> for CityDto {
    fn from(city: City) -> Self {
        CityDto {
            names: NamesDto {
                fr: city.name.get(Lang::Fr).to_owned(),
                en: city.name.get(Lang::En).to_owned(),
                local: city.local_name().unwrap_or_default().to_owned(),
            },
            code: city.code.to_string(),
            country: city.country.iso2().to_owned(),
            admin_region: city.admin_region,
            population: city.population.map(|p| PopulationDto { count: p.count, year: p.year }),
            latitude: city.latitude,
            longitude: city.longitude,
            source: city.source,
            verified: city.verified,
        }
    }
}

/// Every member city, by code.
#[utoipa::path(get, path = "/api/v1/cities", tag = "directory", operation_id = "list_cities",
    responses((status = 200, description = "The member cities", body = [CityDto])))]
pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Json<Vec<CityDto>>, WebError> {
    let cities = state.app.list_cities(&ctx.actor).await?;
    Ok(Json(cities.iter().cloned().map(CityDto::from).collect()))
}

/// One member city.
#[utoipa::path(get, path = "/api/v1/cities/{code}", tag = "directory", operation_id = "get_city",
    params(("code" = String, Path, description = "City code", example = "KH-PNH")),
    responses(
        (status = 200, description = "The city", body = CityDto),
        (status = 404, description = "No such city", body = super::ApiErrorDto)
    ))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Json<CityDto>, WebError> {
    Ok(Json(state.app.city(&ctx.actor, &code).await?.into()))
}
