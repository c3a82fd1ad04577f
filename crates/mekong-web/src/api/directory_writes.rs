//! Writing the directory through the API: organisations created and changed by a city's own tools
//! through the same use cases as the pages (the policy, the checks, the version, the trail).

use super::body::ApiJson;
use super::directory::OrganisationDto;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mekong_app::AppError;
use mekong_app::organisations::Created;
use mekong_core::drafts::OrganisationDraft;
use mekong_core::ids::OrganisationId;
use serde::Deserialize;
use utoipa::ToSchema;

/// An organisation as a client sends it: the same fields as the form, as text.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct OrganisationInput {
    /// `local_authority`, `university`, `ngo`, `company`...
    #[schema(example = "university")]
    kind: String,
    #[schema(example = "Institut de technologie du Cambodge")]
    name_fr: String,
    name_en: String,
    name_local: String,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "KH")]
    country: String,
    admin_region: String,
    latitude: String,
    longitude: String,
    website: String,
    /// Language codes separated by commas.
    languages: String,
    /// Theme codes separated by commas.
    themes: String,
    /// The member city's code, for a member local authority.
    city: String,
    /// Network role codes separated by commas.
    network_roles: String,
    /// Create even when organisations of a similar name exist (they are answered with 409).
    keep_both: bool,
    /// For a change: the version read, so that a change made since is not overwritten.
    version: i32,
}

impl OrganisationInput {
    fn draft(&self) -> OrganisationDraft {
        OrganisationDraft {
            kind: self.kind.clone(),
            name_fr: self.name_fr.clone(),
            name_en: self.name_en.clone(),
            name_local: self.name_local.clone(),
            country: self.country.clone(),
            admin_region: self.admin_region.clone(),
            latitude: self.latitude.clone(),
            longitude: self.longitude.clone(),
            website: self.website.clone(),
            languages: self.languages.clone(),
            themes: self.themes.clone(),
            city: self.city.clone(),
            network_roles: self.network_roles.clone(),
        }
    }
}

/// Creates an organisation.
#[utoipa::path(post, path = "/api/v1/organisations", tag = "directory", operation_id = "create_organisation",
    security(("bearer" = [])),
    request_body = OrganisationInput,
    responses((status = 201, description = "Created", body = OrganisationDto),
        (status = 409, description = "Organisations of a similar name exist: send again with keep_both", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn create_organisation(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<(StatusCode, Json<OrganisationDto>), WebError> {
    match state.app.create_organisation(&ctx.actor, &input.draft(), input.keep_both).await? {
        Created::Done(organisation) => Ok((StatusCode::CREATED, Json(organisation.into()))),
        Created::PossibleDuplicates(_) => Err(WebError(AppError::Conflict)),
    }
}

/// Changes an organisation, from the version read.
#[utoipa::path(put, path = "/api/v1/organisations/{id}", tag = "directory", operation_id = "update_organisation",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = OrganisationInput,
    responses((status = 200, description = "Saved", body = OrganisationDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "Changed by someone else since the version sent", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn update_organisation(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    body: Result<ApiJson<OrganisationInput>, WebError>,
) -> Result<Json<OrganisationDto>, WebError> {
    let id = uuid::Uuid::parse_str(&id).map(OrganisationId).map_err(|_| WebError(AppError::NotFound))?;
    // Rights come before input: an unreadable body still meets the record's rules first, so
    // that another city's organisation answers 403 whatever was sent.
    let (input, unreadable) = match body {
        Ok(ApiJson(input)) => (input, None),
        Err(error) => (OrganisationInput::default(), Some(error)),
    };
    match state.app.update_organisation(&ctx.actor, id, input.version, &input.draft()).await {
        Ok(saved) => Ok(Json(saved.into())),
        Err(error @ (AppError::Forbidden | AppError::Unauthenticated | AppError::NotFound)) => Err(error.into()),
        Err(error) => Err(unreadable.unwrap_or(WebError(error))),
    }
}
