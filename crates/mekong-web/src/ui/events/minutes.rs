//! The agenda (sessions with uploaded documents), the minutes, and the follow-ups of a
//! meeting, as forms on the event's page.

use super::{ShowForms, event_id, parse_uuid, show_page};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::redirect_with_flash;
use crate::state::AppState;
use crate::ui::organisations::download;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::events::{ActionItemDraft, AgendaItemDraft, Upload};
use mekong_core::ids::{ActionItemId, AgendaItemId};
use serde::Deserialize;

/// The agenda form as typed, kept to show again with its errors.
#[derive(Debug, Clone, Default)]
pub struct AgendaInput {
    pub starts: String,
    pub ends: String,
    pub title: String,
    pub speakers: String,
    pub place: String,
}

impl AgendaInput {
    /// Whether anything was typed (the form opens again to show its errors).
    pub fn touched(&self) -> bool {
        !(self.starts.is_empty() && self.title.is_empty())
    }
}

pub async fn add_agenda_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let event = event_id(&id)?;
    state.app.authorise_event_management(&ctx.actor, event).await?;
    let mut multipart = multipart.map_err(|_| AppError::field("documents", "error-file-unreadable"))?;
    let mut input = AgendaInput::default();
    let mut documents = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "documents" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            documents.push(Upload { name: file_name, bytes });
            continue;
        }
        let value = field.text().await.unwrap_or_default();
        match name.as_str() {
            "starts" => input.starts = value,
            "ends" => input.ends = value,
            "title" => input.title = value,
            "speakers" => input.speakers = value,
            "place" => input.place = value,
            _ => {}
        }
    }
    let draft = AgendaItemDraft {
        starts: input.starts.clone(),
        ends: input.ends.clone(),
        title: input.title.clone(),
        speakers: input.speakers.clone(),
        place: input.place.clone(),
    };
    match state.app.add_agenda_item(&ctx.actor, event, &draft, documents).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/events/{id}#agenda-heading"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let detail = state.app.event(&ctx.actor, event).await?;
            show_page(&state, ctx, detail, ShowForms { errors, agenda: input, ..ShowForms::default() }).await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn remove_agenda_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, item)): Path<(String, String)>,
) -> Result<Response, WebError> {
    state.app.remove_agenda_item(&ctx.actor, event_id(&id)?, AgendaItemId(parse_uuid(&item)?)).await?;
    Ok(redirect_with_flash(&format!("/events/{id}#agenda-heading"), "flash-saved", jar, state.config.tls))
}

pub async fn document(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (file, name, bytes) = state.app.agenda_document(&ctx.actor, event_id(&id)?, &sha256).await?;
    let content_type: &'static str = mekong_app::files::served_content_type(&file.content_type);
    Ok(download(bytes, content_type, &name))
}

#[derive(Deserialize)]
pub struct MinutesInput {
    #[serde(default)]
    version: i32,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    decisions: String,
}

pub async fn save_minutes(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<MinutesInput>,
) -> Result<Response, WebError> {
    state.app.save_minutes(&ctx.actor, event_id(&id)?, input.version, &input.summary, &input.decisions).await?;
    Ok(redirect_with_flash(&format!("/events/{id}"), "flash-saved", jar, state.config.tls))
}

/// The follow-up form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub version: i32,
    /// Set by a row's status form, which does not carry the owner.
    #[serde(default)]
    pub keep_owner: String,
}

async fn save_action(
    state: AppState,
    ctx: PageCtx,
    jar: CookieJar,
    id: String,
    item: Option<ActionItemId>,
    input: ActionInput,
) -> Result<Response, WebError> {
    let event = event_id(&id)?;
    let draft = ActionItemDraft {
        title: input.title.clone(),
        owner: (input.keep_owner != "yes").then(|| input.owner.clone()),
        due_on: input.due_on.clone(),
        status: input.status.clone(),
    };
    match state.app.save_action_item(&ctx.actor, event, item.map(|i| (i, input.version)), &draft).await {
        Ok(_) => {
            Ok(redirect_with_flash(&format!("/events/{id}#actions-heading"), "flash-saved", jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => {
            let detail = state.app.event(&ctx.actor, event).await?;
            show_page(&state, ctx, detail, ShowForms { errors, action: input, ..ShowForms::default() }).await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn add_action_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<ActionInput>,
) -> Result<Response, WebError> {
    save_action(state, ctx, jar, id, None, input).await
}

pub async fn update_action_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, item)): Path<(String, String)>,
    Form(input): Form<ActionInput>,
) -> Result<Response, WebError> {
    let item = ActionItemId(parse_uuid(&item)?);
    save_action(state, ctx, jar, id, Some(item), input).await
}
