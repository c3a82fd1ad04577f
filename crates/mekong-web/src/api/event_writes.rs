//! Writing events through the API: events created and changed by their organisers, a
//! registration as the public form takes it, and an answer an organiser received another way,
//! through the same use cases as the pages (the policy, the checks, the version, the trail).

use super::body::ApiJson;
use super::events::{EventDto, ParticipantDto};
use crate::WebError;
use crate::context::{ClientAddress, PageCtx};
use crate::state::AppState;
use crate::ui::events::{event_id, parse_uuid};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mekong_app::AppError;
use mekong_app::events::Registration;
use mekong_core::Lang;
use mekong_core::events::{EventDraft, Needs};
use mekong_core::ids::{EventId, ParticipantId};
use mekong_core::validation::FieldErrors;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// An event as a client sends it: the form's fields, titles and descriptions per language.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct EventInput {
    /// `conference`, `workshop`, `study_visit`, `steering_committee`, `webinar`, `bilateral_meeting`.
    #[schema(example = "workshop")]
    kind: String,
    /// `draft`, `announced`, `held`, `cancelled`.
    #[schema(example = "announced")]
    status: String,
    /// Title per language code (`fr`, `en`, `km`, `lo`, `vi`); at least one. Errors name
    /// the field `title_<code>`.
    #[schema(example = json!({ "en": "Workshop on flood maps", "fr": "Atelier sur les cartes des crues" }))]
    title: BTreeMap<String, String>,
    /// Description per language code.
    description: BTreeMap<String, String>,
    /// The hosting member city's code (`KH-PNH`); a focal point hosts only their own city's.
    #[schema(example = "KH-PNH")]
    host_city: String,
    /// The hosting organisation's id.
    host_organisation: String,
    /// ISO 3166-1 alpha-2, when no host city says it.
    country: String,
    #[schema(example = "Phnom Penh City Hall")]
    venue: String,
    online_url: String,
    /// Wall-clock start in `time_zone`: `YYYY-MM-DDTHH:MM` (seconds allowed).
    #[schema(example = "2027-03-10T09:00")]
    starts: String,
    #[schema(example = "2027-03-10T17:00")]
    ends: String,
    /// IANA time zone (`Asia/Phnom_Penh`).
    #[schema(example = "Asia/Phnom_Penh")]
    time_zone: String,
    /// Language codes.
    languages: Vec<String>,
    interpretation: String,
    /// Places; none for no limit.
    #[schema(minimum = 1)]
    capacity: Option<u32>,
    /// Theme codes.
    themes: Vec<String>,
    /// The action-plan activity it implements.
    activity_code: String,
    open_registration: bool,
    /// For a change: the version read, so that a change made since is not overwritten.
    version: i32,
}

impl EventInput {
    /// The draft, and the problems of what the draft has no place for (unknown language codes).
    fn draft(&self) -> (EventDraft, FieldErrors) {
        let mut errors = FieldErrors::default();
        let mut texts = |map: &BTreeMap<String, String>, prefix: &str| {
            map.iter()
                .filter_map(|(code, text)| match Lang::from_tag(code) {
                    Some(lang) => Some((lang, text.clone())),
                    None => {
                        errors.add(&format!("{prefix}_{code}"), "error-language");
                        None
                    }
                })
                .collect::<BTreeMap<Lang, String>>()
        };
        let titles = texts(&self.title, "title");
        let descriptions = texts(&self.description, "description");
        let draft = EventDraft {
            kind: self.kind.clone(),
            status: self.status.clone(),
            titles,
            descriptions,
            host_city: self.host_city.clone(),
            host_organisation: self.host_organisation.clone(),
            country: self.country.clone(),
            venue: self.venue.clone(),
            online_url: self.online_url.clone(),
            starts: self.starts.clone(),
            ends: self.ends.clone(),
            time_zone: self.time_zone.clone(),
            languages: self.languages.clone(),
            interpretation: self.interpretation.clone(),
            capacity: self.capacity.map(|c| c.to_string()).unwrap_or_default(),
            themes: self.themes.clone(),
            activity_code: self.activity_code.clone(),
            open_registration: self.open_registration,
        };
        (draft, errors)
    }
}

/// The event saved, or the problems of what the client sent.
async fn save(state: &AppState, ctx: &PageCtx, id: Option<EventId>, input: &EventInput) -> Result<EventDto, WebError> {
    let (draft, problems) = input.draft();
    if !problems.is_empty() {
        return Err(WebError(AppError::Validation(problems)));
    }
    let event = state.app.save_event(&ctx.actor, id.map(|id| (id, input.version)), &draft).await?;
    Ok(EventDto::from(&event))
}

/// Creates an event.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", operation_id = "create_event",
    security(("bearer" = [])),
    request_body = EventInput,
    responses((status = 201, description = "Created", body = EventDto),
        (status = 422, description = "A field does not read (named in `fields`), or the host city is not the caller's", body = super::ApiErrorDto)))]
pub async fn create_event(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<(StatusCode, Json<EventDto>), WebError> {
    Ok((StatusCode::CREATED, Json(save(&state, &ctx, None, &input).await?)))
}

/// Changes an event, from the version read. Moving or cancelling it tells its participants,
/// as the page does.
#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "events", operation_id = "update_event",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = EventInput,
    responses((status = 200, description = "Saved", body = EventDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "Changed by someone else since the version sent", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn update_event(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    body: Result<ApiJson<EventInput>, WebError>,
) -> Result<Json<EventDto>, WebError> {
    let id = event_id(&id)?;
    // Rights come before input: another city's event answers 403 whatever was sent.
    state.app.authorise_event_management(&ctx.actor, id).await?;
    let ApiJson(input) = body?;
    Ok(Json(save(&state, &ctx, Some(id), &input).await?))
}

/// A registration as the public form takes it.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct RegistrationInput {
    /// The name in Latin letters.
    #[schema(example = "Dara Chan")]
    name: String,
    /// The name in the person's own script.
    local_name: String,
    /// Where the personal link to change or cancel is sent (never in the answer).
    #[schema(example = "dara@example.org")]
    email: String,
    organisation: String,
    /// ISO 3166-1 alpha-2.
    country: String,
    /// `female`, `male`, `other` or empty.
    sex: String,
    /// The language letters are written in (`fr`, `en`, `km`, `lo`, `vi`).
    language: String,
    dietary: String,
    interpretation: String,
    travel: String,
}

/// Registers someone to an open event, as its public form does: a place, or the waiting list
/// when it is full; a letter with their personal link goes to the address given.
#[utoipa::path(post, path = "/api/v1/events/{id}/registrations", tag = "events", operation_id = "register_to_event",
    params(("id" = String, Path)),
    request_body = RegistrationInput,
    responses((status = 201, description = "Registered: `accepted`, or `waiting` when full", body = ParticipantDto),
        (status = 404, description = "No such event open for registration", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`), or the address is already registered", body = super::ApiErrorDto),
        (status = 429, description = "Too many registrations from one address in an hour", body = super::ApiErrorDto)))]
pub async fn register(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientAddress(client_address): ClientAddress,
    Path(id): Path<String>,
    body: Result<ApiJson<RegistrationInput>, WebError>,
) -> Result<(StatusCode, Json<ParticipantDto>), WebError> {
    let id = event_id(&id)?;
    let (input, unreadable) = match body {
        Ok(ApiJson(input)) => (input, None),
        Err(error) => (RegistrationInput::default(), Some(error)),
    };
    let form = Registration {
        name: input.name,
        local_name: input.local_name,
        email: input.email,
        organisation: input.organisation,
        country: input.country,
        sex: input.sex,
        language: input.language,
        client_address,
        needs: Needs { dietary: input.dietary, interpretation: input.interpretation, travel: input.travel },
    };
    // An unreadable body still meets the event's rules first (an event not open is a 404).
    match state.app.register(&ctx.actor, id, &form).await {
        Ok(participant) => Ok((StatusCode::CREATED, Json(ParticipantDto::from(&participant)))),
        Err(error @ AppError::Validation(_)) => Err(unreadable.unwrap_or(WebError(error))),
        Err(error) => Err(error.into()),
    }
}

/// An answer an organiser received another way (by phone, in a letter).
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AnswerInput {
    /// `yes` (a place, or the waiting list when full), `no`, `maybe`.
    #[schema(example = "yes")]
    answer: String,
    /// The participant's version read, so that an answer given since is not overwritten.
    version: i32,
}

/// Records a participant's answer for them, with the same rules for places as their own answer.
#[utoipa::path(post, path = "/api/v1/events/{id}/participants/{participant}/answer", tag = "events",
    operation_id = "record_participant_answer",
    security(("bearer" = [])),
    params(("id" = String, Path), ("participant" = String, Path)),
    request_body = AnswerInput,
    responses((status = 204, description = "Recorded; the event's participants show it"),
        (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "The participant's answer changed since the version sent", body = super::ApiErrorDto),
        (status = 422, description = "Not an answer, or the event takes no more answers", body = super::ApiErrorDto)))]
pub async fn record_answer(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, participant)): Path<(String, String)>,
    body: Result<ApiJson<AnswerInput>, WebError>,
) -> Result<StatusCode, WebError> {
    let id = event_id(&id)?;
    let participant = ParticipantId(parse_uuid(&participant)?);
    let (input, unreadable) = match body {
        Ok(ApiJson(input)) => (input, None),
        Err(error) => (AnswerInput::default(), Some(error)),
    };
    // An unreadable body (an empty answer, which records nothing) still meets the event's rules first.
    match state.app.record_answer(&ctx.actor, id, participant, &input.answer, input.version).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(error @ (AppError::Forbidden | AppError::Unauthenticated | AppError::NotFound)) => Err(error.into()),
        Err(error) => Err(unreadable.unwrap_or(WebError(error))),
    }
}
