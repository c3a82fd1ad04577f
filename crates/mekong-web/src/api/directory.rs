//! The directory as JSON: organisations, people (contact details as the caller may see them),
//! and the member cities as GeoJSON.

use super::query::{ApiQuery, check_page, within_pages};
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::organisations::FilterQuery;
use crate::ui::people::PeopleQuery;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mekong_app::AppError;
use mekong_core::ids::OrganisationId;
use mekong_core::people::{Organisation, Person};
use serde::Serialize;
use utoipa::ToSchema;

/// An organisation of the directory.
#[derive(Serialize, ToSchema)]
pub struct OrganisationDto {
    id: String,
    /// `local_authority`, `university`, `ngo`...
    kind: String,
    name_fr: String,
    name_en: String,
    name_local: String,
    /// ISO 3166-1 alpha-2.
    country: String,
    admin_region: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    website: String,
    languages: Vec<String>,
    themes: Vec<String>,
    /// The member city, for a member local authority.
    city: Option<String>,
    /// The latest membership status, for local authorities.
    membership: Option<String>,
    /// Sent back with a change, so that a change made since is not overwritten.
    version: i32,
}

impl From<Organisation> for OrganisationDto {
    fn from(org: Organisation) -> Self {
        OrganisationDto {
            id: org.id.to_string(),
            kind: org.kind.code().to_owned(),
            name_fr: org.names.fr,
            name_en: org.names.en,
            name_local: org.names.local,
            country: org.country.as_str().to_owned(),
            admin_region: org.admin_region,
            latitude: org.latitude,
            longitude: org.longitude,
            website: org.website,
            languages: org.languages,
            themes: org.themes.iter().map(|t| t.code().to_owned()).collect(),
            city: org.city.map(|c| c.to_string()),
            membership: org.membership.map(|m| m.status.code().to_owned()),
            version: org.version,
        }
    }
}

/// A page of results.
#[derive(Serialize, ToSchema)]
pub struct PageDto<T> {
    items: Vec<T>,
    total: u64,
    page: u64,
    pages: u64,
}

/// A person of the directory; emails and phones are empty when the caller may not see them.
#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    id: String,
    name_local: String,
    name_romanised: String,
    function: String,
    emails: Vec<String>,
    phones: Vec<String>,
    country: Option<String>,
    organisations: Vec<String>,
    focal_point_of: Option<String>,
    /// Sent back with a change, so that a change made since is not overwritten.
    version: i32,
}

impl From<Person> for PersonDto {
    fn from(p: Person) -> Self {
        PersonDto {
            id: p.id.to_string(),
            name_local: p.name_local,
            name_romanised: p.name_romanised,
            function: p.function,
            emails: p.emails.iter().map(ToString::to_string).collect(),
            phones: p.phones,
            country: p.country.map(|c| c.as_str().to_owned()),
            organisations: p.affiliations.iter().map(|a| a.organisation.to_string()).collect(),
            focal_point_of: p.focal_point_of.map(|c| c.to_string()),
            version: p.version,
        }
    }
}

/// Organisations, filtered and paged like the list page.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "directory", operation_id = "list_organisations",
    params(
        ("q" = Option<String>, Query, description = "Name, in any script, accents ignored"),
        ("kind" = Option<String>, Query), ("country" = Option<String>, Query), ("theme" = Option<String>, Query),
        ("language" = Option<String>, Query),
        ("page" = Option<u64>, Query, minimum = 1, description = "From 1; past the last page is 404")
    ),
    responses((status = 200, description = "A page of organisations", body = PageDto<OrganisationDto>)))]
pub async fn organisations(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<FilterQuery>,
) -> Result<Json<PageDto<OrganisationDto>>, WebError> {
    let page = state.app.organisations(&ctx.actor, &query.filter(), check_page(query.page)?).await?;
    let pages = page.pages();
    within_pages(page.page, pages)?;
    Ok(Json(PageDto {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        page: page.page,
        pages,
    }))
}

/// One organisation.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "directory", operation_id = "get_organisation",
    params(("id" = String, Path)),
    responses((status = 200, description = "The organisation", body = OrganisationDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn organisation(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<OrganisationDto>, WebError> {
    let id = uuid::Uuid::parse_str(&id).map(OrganisationId).map_err(|_| WebError(AppError::NotFound))?;
    Ok(Json(state.app.organisation_record(&ctx.actor, id).await?.into()))
}

/// People, filtered and paged like the list page.
#[utoipa::path(get, path = "/api/v1/people", tag = "directory", operation_id = "list_people",
    security(("bearer" = [])),
    params(("q" = Option<String>, Query), ("country" = Option<String>, Query), ("kind" = Option<String>, Query),
        ("theme" = Option<String>, Query), ("language" = Option<String>, Query),
        ("page" = Option<u64>, Query, minimum = 1, description = "From 1; past the last page is 404")),
    responses((status = 200, description = "A page of people", body = PageDto<PersonDto>), (status = 401, body = super::ApiErrorDto)))]
pub async fn people(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<PeopleQuery>,
) -> Result<Json<PageDto<PersonDto>>, WebError> {
    let page = state.app.people(&ctx.actor, &query.filter(), check_page(query.page)?).await?;
    let pages = page.pages();
    within_pages(page.page, pages)?;
    Ok(Json(PageDto {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        page: page.page,
        pages,
    }))
}

/// The member cities as a GeoJSON feature collection.
#[utoipa::path(get, path = "/api/v1/cities.geojson", tag = "directory", operation_id = "cities_geojson",
    responses((status = 200, description = "GeoJSON FeatureCollection of points", content_type = "application/geo+json")))]
pub async fn cities_geojson(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let points = state.app.city_map_points(&ctx.actor, ctx.tr.lang).await?;
    let body = mekong_docs::points_geojson(&points).to_string();
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body).into_response())
}
