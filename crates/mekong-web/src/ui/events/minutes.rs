//! The agenda (sessions with uploaded documents), the minutes, and the follow-ups of a
//! meeting, as forms on the event's page.

use super::{ShowForms, event_id, parse_uuid, show_page};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::organisations::download;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::events::{ActionItemDraft, AgendaItemDraft, Upload};
use mekong_core::events::AgendaItem;
use mekong_core::ids::{ActionItemId, AgendaItemId};
use mekong_core::validation::FieldErrors;
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

/// The agenda form as a browser sends it (multipart, with the session's documents).
async fn read_agenda_form(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(AgendaInput, i32, Vec<Upload>), AppError> {
    let mut multipart = multipart.map_err(|_| AppError::field("documents", "error-file-unreadable"))?;
    let mut input = AgendaInput::default();
    let mut version = 0;
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
            "version" => version = value.trim().parse().unwrap_or_default(),
            _ => {}
        }
    }
    Ok((input, version, documents))
}

impl AgendaInput {
    fn draft(&self) -> AgendaItemDraft {
        AgendaItemDraft {
            starts: self.starts.clone(),
            ends: self.ends.clone(),
            title: self.title.clone(),
            speakers: self.speakers.clone(),
            place: self.place.clone(),
        }
    }

    fn of(item: &AgendaItem) -> AgendaInput {
        let local = |at: jiff::civil::DateTime| at.strftime("%Y-%m-%dT%H:%M").to_string();
        AgendaInput {
            starts: local(item.starts),
            ends: local(item.ends),
            title: item.title.clone(),
            speakers: item.speakers.clone(),
            place: item.place.clone(),
        }
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
    let (input, _, documents) = read_agenda_form(multipart).await?;
    match state.app.save_agenda_item(&ctx.actor, event, None, &input.draft(), documents).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/events/{id}#agenda-heading"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            show_page(&state, ctx, event, ShowForms { errors, agenda: input, ..ShowForms::default() }).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "events/agenda_item.html")]
struct AgendaItemPage {
    ctx: PageCtx,
    event_id: String,
    event_title: String,
    item_id: String,
    form: AgendaInput,
    version: i32,
    documents: Vec<String>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

pub async fn edit_agenda_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, item)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let event = event_id(&id)?;
    let item = state.app.agenda_item(&ctx.actor, event, AgendaItemId(parse_uuid(&item)?)).await?;
    let form = AgendaInput::of(&item);
    agenda_item_page(&state, ctx, &item, form, item.version, FieldErrors::default(), None).await
}

pub async fn update_agenda_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, item)): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let event = event_id(&id)?;
    let item_id = AgendaItemId(parse_uuid(&item)?);
    state.app.authorise_event_management(&ctx.actor, event).await?;
    let (input, version, documents) = read_agenda_form(multipart).await?;
    let saved =
        state.app.save_agenda_item(&ctx.actor, event, Some((item_id, version)), &input.draft(), documents).await;
    match saved {
        Ok(_) => Ok(redirect_with_flash(&format!("/events/{id}#agenda-heading"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let current = state.app.agenda_item(&ctx.actor, event, item_id).await?;
            agenda_item_page(&state, ctx, &current, input, version, errors, None).await
        }
        Err(AppError::Conflict) => {
            let current = state.app.agenda_item(&ctx.actor, event, item_id).await?;
            let saved = AgendaInput::of(&current);
            let conflict = ConflictView::compare(
                &ctx,
                [
                    ("field-starts", input.starts.clone(), saved.starts),
                    ("field-ends", input.ends.clone(), saved.ends),
                    ("field-session", input.title.clone(), saved.title),
                    ("field-speakers", input.speakers.clone(), saved.speakers),
                    ("field-room", input.place.clone(), saved.place),
                ],
            );
            agenda_item_page(&state, ctx, &current, input, current.version, FieldErrors::default(), Some(conflict))
                .await
        }
        Err(other) => Err(other.into()),
    }
}

async fn agenda_item_page(
    state: &AppState,
    ctx: PageCtx,
    item: &AgendaItem,
    form: AgendaInput,
    version: i32,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
) -> Result<Response, WebError> {
    let (event, _) = state.app.visible_event(&ctx.actor, item.event).await?;
    let status = form_status(&errors, conflict.as_ref());
    let page = AgendaItemPage {
        event_id: event.id.to_string(),
        event_title: event.title.get(ctx.tr.lang).to_owned(),
        item_id: item.id.to_string(),
        form,
        version,
        documents: item.documents.iter().map(|d| d.name.clone()).collect(),
        errors,
        conflict,
        ctx,
    };
    Ok(render_with_status(status, &page))
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

/// The minutes as typed.
#[derive(Deserialize, Default)]
pub struct MinutesInput {
    #[serde(default)]
    version: i32,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub decisions: String,
}

pub async fn save_minutes(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<MinutesInput>,
) -> Result<Response, WebError> {
    let event = event_id(&id)?;
    match state.app.save_minutes(&ctx.actor, event, input.version, &input.summary, &input.decisions).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/events/{id}"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Conflict) => {
            let saved = state.app.event_minutes(&ctx.actor, event).await?.unwrap_or_default();
            let conflict = ConflictView::compare(
                &ctx,
                [
                    ("field-summary", input.summary.clone(), saved.summary),
                    ("field-decisions", input.decisions.clone(), saved.decisions),
                ],
            );
            let forms = ShowForms { minutes: Some(input), conflict: Some(conflict), ..ShowForms::default() };
            show_page(&state, ctx, event, forms).await
        }
        Err(other) => Err(other.into()),
    }
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
            show_page(&state, ctx, event, ShowForms { errors, action: input, ..ShowForms::default() }).await
        }
        Err(AppError::Conflict) if let Some(item) = item => {
            let items = state.app.event_action_items(&ctx.actor, event).await?;
            let saved = items.iter().find(|a| a.id == item).ok_or(AppError::NotFound)?;
            let label = |status: &str| crate::ui::vocabulary::label(&ctx, "action-status", status);
            let conflict = ConflictView::compare(
                &ctx,
                [
                    ("field-action", input.title.clone(), saved.title.clone()),
                    ("field-status", label(&input.status), label(saved.status.code())),
                ],
            );
            show_page(&state, ctx, event, ShowForms { conflict: Some(conflict), ..ShowForms::default() }).await
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
