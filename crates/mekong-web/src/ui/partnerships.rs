//! The coordinator's partnership pages: the prospects pipeline (overdue next actions first) and
//! the saved mailing lists with who they reach.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::people::{PeopleQuery, PersonRow, person_row};
use crate::ui::vocabulary::{self, Choice};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::partnerships::ProspectDraft;
use mekong_core::ids::{MailingListId, ProspectId};
use mekong_core::people::Prospect;
use mekong_core::validation::FieldErrors;
use serde::Deserialize;

#[derive(Clone)]
pub struct ProspectRow {
    pub id: String,
    pub organisation: String,
    pub organisation_href: String,
    pub stage: String,
    pub stages: Vec<Choice>,
    pub notes: String,
    pub next_action: String,
    pub due: String,
    pub due_value: String,
    pub overdue: bool,
    pub version: i32,
    /// Why the row's form is shown again with what was typed: a refused value, or a conflict.
    pub problem: Option<String>,
    pub conflict: Option<ConflictView>,
}

/// A save of one prospect's row that did not go through, to show again on its row.
pub struct ProspectEdit {
    id: ProspectId,
    input: ProspectInput,
    problem: Option<String>,
    conflict: Option<ConflictView>,
}

#[derive(Template)]
#[template(path = "partnerships/prospects.html")]
struct ProspectsPage {
    ctx: PageCtx,
    overdue: Vec<ProspectRow>,
    prospects: Vec<ProspectRow>,
    stages: Vec<Choice>,
    draft: ProspectInput,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct ProspectInput {
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    next_action: String,
    #[serde(default)]
    due_on: String,
    #[serde(default)]
    version: i32,
}

impl ProspectInput {
    fn draft(&self) -> ProspectDraft {
        ProspectDraft {
            organisation: self.organisation.clone(),
            stage: self.stage.clone(),
            notes: self.notes.clone(),
            next_action: self.next_action.clone(),
            due_on: self.due_on.clone(),
        }
    }
}

fn prospect_row(ctx: &PageCtx, prospect: &Prospect, today: jiff::civil::Date) -> ProspectRow {
    ProspectRow {
        id: prospect.id.to_string(),
        organisation: prospect.organisation_name.for_reader(ctx.tr.lang).to_owned(),
        organisation_href: format!("/organisations/{}", prospect.organisation),
        stage: vocabulary::label(ctx, "stage", prospect.stage.code()),
        stages: vocabulary::stages(ctx, prospect.stage.code()),
        notes: prospect.notes.clone(),
        next_action: prospect.next_action.clone(),
        due: prospect.due_on.map(|d| mekong_i18n::format_date(ctx.tr.lang, d)).unwrap_or_default(),
        due_value: prospect.due_on.map(|d| d.to_string()).unwrap_or_default(),
        overdue: prospect.overdue(today),
        version: prospect.version,
        problem: None,
        conflict: None,
    }
}

impl ProspectRow {
    /// The row as the user typed it when their save did not go through.
    fn typed(self, ctx: &PageCtx, edit: ProspectEdit) -> ProspectRow {
        ProspectRow {
            stages: vocabulary::stages(ctx, &edit.input.stage),
            next_action: edit.input.next_action,
            due_value: edit.input.due_on,
            notes: edit.input.notes,
            version: edit.input.version,
            problem: edit.problem,
            conflict: edit.conflict,
            ..self
        }
    }
}

/// A prospect row's fields as a person reads them, to compare a stale save with the saved one.
fn prospect_fields(ctx: &PageCtx, input: &ProspectInput) -> Vec<(&'static str, String)> {
    vec![
        ("field-stage", vocabulary::label(ctx, "stage", &input.stage)),
        ("field-next-action", input.next_action.clone()),
        ("field-due-on", input.due_on.clone()),
        ("field-notes", input.notes.clone()),
    ]
}

async fn prospects_page(
    state: &AppState,
    ctx: PageCtx,
    draft: ProspectInput,
    errors: FieldErrors,
    mut edit: Option<ProspectEdit>,
) -> Result<ProspectsPage, WebError> {
    let today = state.app.today();
    let rows: Vec<ProspectRow> = state
        .app
        .prospects(&ctx.actor)
        .await?
        .iter()
        .map(|p| {
            let row = prospect_row(&ctx, p, today);
            match edit.take_if(|e| e.id == p.id) {
                Some(edit) => row.typed(&ctx, edit),
                None => row,
            }
        })
        .collect();
    Ok(ProspectsPage {
        overdue: rows.iter().filter(|r| r.overdue).cloned().collect(),
        prospects: rows,
        stages: vocabulary::stages(&ctx, &draft.stage),
        draft,
        errors,
        ctx,
    })
}

pub async fn prospects(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    Ok(render(&prospects_page(&state, ctx, ProspectInput::default(), FieldErrors::default(), None).await?))
}

async fn save(
    state: AppState,
    ctx: PageCtx,
    jar: CookieJar,
    id: Option<ProspectId>,
    input: ProspectInput,
) -> Result<Response, WebError> {
    match state.app.save_prospect(&ctx.actor, id.map(|id| (id, input.version)), &input.draft()).await {
        Ok(_) => Ok(redirect_with_flash("/prospects", "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) if let Some(id) = id => {
            let problem = errors.0.iter().map(|e| ctx.t(&e.message)).collect::<Vec<_>>().join(" ");
            let edit = ProspectEdit { id, input, problem: Some(problem), conflict: None };
            let page =
                prospects_page(&state, ctx, ProspectInput::default(), FieldErrors::default(), Some(edit)).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &prospects_page(&state, ctx, input, errors, None).await?,
        )),
        Err(AppError::Conflict) if let Some(id) = id => {
            let current = state.app.prospects(&ctx.actor).await?.into_iter().find(|p| p.id == id);
            let current = current.ok_or(AppError::NotFound)?;
            let saved = ProspectInput {
                organisation: input.organisation.clone(),
                stage: current.stage.code().to_owned(),
                notes: current.notes.clone(),
                next_action: current.next_action.clone(),
                due_on: current.due_on.map(|d| d.to_string()).unwrap_or_default(),
                version: current.version,
            };
            let conflict = ConflictView::between(&ctx, prospect_fields(&ctx, &input), prospect_fields(&ctx, &saved));
            let edit = ProspectEdit {
                id,
                input: ProspectInput { version: current.version, ..input },
                problem: None,
                conflict: Some(conflict),
            };
            let page =
                prospects_page(&state, ctx, ProspectInput::default(), FieldErrors::default(), Some(edit)).await?;
            Ok(render_with_status(StatusCode::CONFLICT, &page))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn create_prospect(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(input): Form<ProspectInput>,
) -> Result<Response, WebError> {
    save(state, ctx, jar, None, input).await
}

pub async fn update_prospect(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<ProspectInput>,
) -> Result<Response, WebError> {
    let id = uuid::Uuid::parse_str(&id).map(ProspectId).map_err(|_| WebError(AppError::NotFound))?;
    save(state, ctx, jar, Some(id), input).await
}

#[derive(Template)]
#[template(path = "partnerships/lists.html")]
struct ListsPage {
    ctx: PageCtx,
    lists: Vec<(String, String)>,
}

pub async fn mailing_lists(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let lists = state
        .app
        .mailing_lists(&ctx.actor)
        .await?
        .into_iter()
        .map(|l| (format!("/mailing-lists/{}", l.id), l.name))
        .collect();
    Ok(render(&ListsPage { ctx, lists }))
}

#[derive(Template)]
#[template(path = "partnerships/list.html")]
struct ListPage {
    ctx: PageCtx,
    id: String,
    name: String,
    recipients: Vec<PersonRow>,
    people_href: String,
    /// The rename form: the name as saved, or as typed when it could not be saved.
    typed_name: String,
    version: i32,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

/// Why the rename form is shown again: what was typed, with its errors or the conflict.
struct Rename {
    name: String,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

pub async fn mailing_list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    list_page(&state, ctx, list_id(&id)?, None).await
}

fn list_id(raw: &str) -> Result<MailingListId, WebError> {
    uuid::Uuid::parse_str(raw).map(MailingListId).map_err(|_| WebError(AppError::NotFound))
}

async fn list_page(
    state: &AppState,
    ctx: PageCtx,
    id: MailingListId,
    rename: Option<Rename>,
) -> Result<Response, WebError> {
    let (list, people) = state.app.mailing_list_recipients(&ctx.actor, id).await?;
    let filter = &list.filter;
    let query = PeopleQuery {
        q: filter.text.clone(),
        country: filter.country.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
        kind: filter.organisation_kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        theme: filter.theme.map(|t| t.code().to_owned()).unwrap_or_default(),
        language: filter.language.clone().unwrap_or_default(),
        city: filter.city.as_ref().map(ToString::to_string).unwrap_or_default(),
        focal_points: if filter.focal_points_only { "yes".into() } else { String::new() },
        page: None,
    };
    let rename = rename.unwrap_or(Rename { name: list.name.clone(), errors: FieldErrors::default(), conflict: None });
    let status = form_status(&rename.errors, rename.conflict.as_ref());
    let page = ListPage {
        recipients: people.iter().map(|p| person_row(&ctx, p)).collect(),
        people_href: format!("/people?{}", query.query_string()),
        id: list.id.to_string(),
        name: list.name,
        typed_name: rename.name,
        version: list.version,
        errors: rename.errors,
        conflict: rename.conflict,
        ctx,
    };
    Ok(render_with_status(status, &page))
}

#[derive(Deserialize)]
pub struct RenameInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: i32,
}

pub async fn rename_mailing_list(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<RenameInput>,
) -> Result<Response, WebError> {
    let id = list_id(&id)?;
    match state.app.rename_mailing_list(&ctx.actor, id, input.version, &input.name).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/mailing-lists/{id}"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            list_page(&state, ctx, id, Some(Rename { name: input.name, errors, conflict: None })).await
        }
        Err(AppError::Conflict) => {
            let saved = state.app.mailing_list_recipients(&ctx.actor, id).await?.0.name;
            let conflict = ConflictView::compare(&ctx, [("field-list-name", input.name.clone(), saved)]);
            let rename = Rename { name: input.name, errors: FieldErrors::default(), conflict: Some(conflict) };
            list_page(&state, ctx, id, Some(rename)).await
        }
        Err(other) => Err(other.into()),
    }
}
