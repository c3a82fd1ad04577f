//! Writing people through the API: created, read back and changed by a city's own tools through
//! the same use cases as the pages (the policy, the checks, the version, the trail).

use super::body::ApiJson;
use super::directory::PersonDto;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mekong_app::AppError;
use mekong_app::organisations::Created;
use mekong_core::drafts::PersonDraft;
use mekong_core::ids::PersonId;
use serde::Deserialize;
use utoipa::ToSchema;

/// A person as a client sends them: the same fields as the form, as text.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PersonInput {
    /// The name in the person's own script.
    name_local: String,
    /// The name in Latin letters (one of the two names is needed).
    #[schema(example = "Chea Sophal")]
    name_romanised: String,
    title: String,
    /// `female`, `male`, `other` or empty.
    sex: String,
    function: String,
    /// Email addresses separated by commas.
    #[schema(example = "sophal@example.org")]
    emails: String,
    /// Phone numbers separated by commas.
    phones: String,
    /// Language codes separated by commas.
    languages: String,
    /// Theme codes separated by commas.
    themes: String,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "KH")]
    country: String,
    /// `consent`, `legitimate_interest`, `contract`...; with `consent_given_on`.
    consent_basis: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    consent_given_on: String,
    consent_channel: String,
    /// `yes` to let partners see their contacts.
    share_with_partners: String,
    /// The member city's code (`KH-PNH`) the person is the focal point of.
    focal_point_of: String,
    /// The organisation's id.
    organisation: String,
    /// Since when they work with that organisation (`YYYY-MM-DD`).
    #[schema(format = Date)]
    organisation_since: String,
    /// Create even when people of a similar name exist (they are answered with 409).
    keep_both: bool,
    /// For a change: the version read, so that a change made since is not overwritten.
    version: i32,
}

impl PersonInput {
    fn draft(&self) -> PersonDraft {
        PersonDraft {
            name_local: self.name_local.clone(),
            name_romanised: self.name_romanised.clone(),
            title: self.title.clone(),
            sex: self.sex.clone(),
            function: self.function.clone(),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            languages: self.languages.clone(),
            themes: self.themes.clone(),
            country: self.country.clone(),
            consent_basis: self.consent_basis.clone(),
            consent_given_on: self.consent_given_on.clone(),
            consent_channel: self.consent_channel.clone(),
            share_with_partners: self.share_with_partners.clone(),
            focal_point_of: self.focal_point_of.clone(),
            organisation: self.organisation.clone(),
            organisation_since: self.organisation_since.clone(),
        }
    }
}

pub(crate) fn person_id(raw: &str) -> Result<PersonId, WebError> {
    uuid::Uuid::parse_str(raw).map(PersonId).map_err(|_| WebError(AppError::NotFound))
}

/// One person (contacts empty when the caller may not see them).
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "directory", operation_id = "get_person",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, description = "The person", body = PersonDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn person(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<PersonDto>, WebError> {
    Ok(Json(state.app.person(&ctx.actor, person_id(&id)?).await?.person.into()))
}

/// Creates a person.
#[utoipa::path(post, path = "/api/v1/people", tag = "directory", operation_id = "create_person",
    security(("bearer" = [])),
    request_body = PersonInput,
    responses((status = 201, description = "Created", body = PersonDto),
        (status = 409, description = "People of a similar name exist: send again with keep_both", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn create_person(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiJson(input): ApiJson<PersonInput>,
) -> Result<(StatusCode, Json<PersonDto>), WebError> {
    match state.app.create_person(&ctx.actor, &input.draft(), input.keep_both).await? {
        Created::Done(person) => Ok((StatusCode::CREATED, Json(person.into()))),
        Created::PossibleDuplicates(_) => Err(WebError(AppError::Conflict)),
    }
}

/// Changes a person, from the version read.
#[utoipa::path(put, path = "/api/v1/people/{id}", tag = "directory", operation_id = "update_person",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = PersonInput,
    responses((status = 200, description = "Saved", body = PersonDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "Changed by someone else since the version sent", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn update_person(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    body: Result<ApiJson<PersonInput>, WebError>,
) -> Result<Json<PersonDto>, WebError> {
    let id = person_id(&id)?;
    // Rights come before input: an unreadable body still meets the record's rules first, so
    // that another city's person answers 403 whatever was sent.
    let (input, unreadable) = match body {
        Ok(ApiJson(input)) => (input, None),
        Err(error) => (PersonInput::default(), Some(error)),
    };
    match state.app.update_person(&ctx.actor, id, input.version, &input.draft()).await {
        Ok(saved) => Ok(Json(saved.into())),
        Err(error @ (AppError::Forbidden | AppError::Unauthenticated | AppError::NotFound)) => Err(error.into()),
        Err(error) => Err(unreadable.unwrap_or(WebError(error))),
    }
}
