//! The logframe page: the tree of entries with their indicators, the status buttons (submit,
//! approve, send back), new entries, the EU-layout spreadsheet out and in, and the approved
//! versions.

use super::figure;
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::ConflictView;
use crate::ui::organisations::download;
use crate::ui::vocabulary;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::policy::{self, Permission, Target};
use mekong_app::results::{Logframe, LogframeEntryDraft};
use mekong_core::Lang;
use mekong_core::results::Level;
use mekong_core::validation::FieldErrors;
use serde::Deserialize;

/// An entry's edit form: the stored titles and assumptions, or what the user typed when
/// their save could not be made (then open, with its errors or the conflict).
pub struct EntryForm {
    /// The title in each language: (code, endonym, value, the problem with it).
    pub titles: Vec<(&'static str, &'static str, String, Option<String>)>,
    pub assumptions: String,
    pub version: i32,
    pub errors: FieldErrors,
    pub conflict: Option<ConflictView>,
    pub open: bool,
}

impl EntryForm {
    fn of(node: &mekong_core::results::LogframeNode) -> EntryForm {
        EntryForm {
            titles: Lang::ALL
                .iter()
                .map(|l| (l.code(), l.endonym(), node.title.exact(*l).unwrap_or_default().to_owned(), None))
                .collect(),
            assumptions: node.assumptions.clone(),
            version: node.version,
            errors: FieldErrors::default(),
            conflict: None,
            open: false,
        }
    }
}

/// A save of one entry's form that did not go through, to show again on its entry.
pub struct EntryEdit {
    id: mekong_core::ids::LogframeNodeId,
    form: EntryForm,
}

/// One entry of the tree, indented by its depth, with its indicators.
pub struct EntryLine {
    pub id: String,
    pub form: EntryForm,
    pub depth: usize,
    pub level: String,
    pub code: String,
    pub title: String,
    pub assumptions: String,
    pub indicators: Vec<(String, String, String, String, String)>,
}

fn tree(ctx: &PageCtx, logframe: &Logframe, code: &str, mut edit: Option<EntryEdit>) -> Vec<EntryLine> {
    let depth = |node: &mekong_core::results::LogframeNode| {
        let mut depth = 0;
        let mut parent = node.parent;
        while let Some(id) = parent {
            depth += 1;
            parent = logframe.node(id).and_then(|n| n.parent);
            if depth > 8 {
                break;
            }
        }
        depth
    };
    let mut ordered = Vec::new();
    // Depth first from the roots, children in code order.
    fn visit<'a>(
        logframe: &'a Logframe,
        parent: Option<mekong_core::ids::LogframeNodeId>,
        out: &mut Vec<&'a mekong_core::results::LogframeNode>,
    ) {
        for node in logframe.nodes.iter().filter(|n| n.parent == parent) {
            if out.iter().any(|n| n.id == node.id) {
                continue;
            }
            out.push(node);
            visit(logframe, Some(node.id), out);
        }
    }
    visit(logframe, None, &mut ordered);
    ordered
        .into_iter()
        .map(|node| EntryLine {
            id: node.id.to_string(),
            form: match edit.take_if(|e| e.id == node.id) {
                Some(edit) => edit.form,
                None => EntryForm::of(node),
            },
            depth: depth(node),
            level: vocabulary::label(ctx, "level", node.level.code()),
            code: node.code.clone(),
            title: node.title.get(ctx.tr.lang).to_owned(),
            assumptions: node.assumptions.clone(),
            indicators: logframe
                .indicators
                .iter()
                .filter(|i| i.node == node.id)
                .map(|i| {
                    (
                        format!("/results/{code}/indicators/{}", i.id),
                        i.code.clone(),
                        i.name.get(ctx.tr.lang).to_owned(),
                        i.baseline.map(|b| figure(ctx, b)).unwrap_or_default(),
                        i.final_target()
                            .map(|t| format!("{} ({})", figure(ctx, t.value), t.on.year()))
                            .unwrap_or_default(),
                    )
                })
                .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "results/logframe.html")]
struct LogframePage {
    ctx: PageCtx,
    code: String,
    title: String,
    status: String,
    status_code: &'static str,
    version: i32,
    entries: Vec<EntryLine>,
    versions: Vec<i32>,
    manage: bool,
    approve: bool,
    levels: Vec<crate::ui::vocabulary::Choice>,
    errors: FieldErrors,
    import_errors: Vec<String>,
    snapshot: Option<i32>,
    /// The new entry's fields as typed, shown back when they cannot be saved.
    new_entry: EntryInput,
    /// Title fields beyond French and English, for the new entry form: (code, endonym, typed).
    other_languages: Vec<(&'static str, &'static str, String)>,
    /// The entries a new one may hang under (not activities): code, "code title", chosen.
    parents: Vec<(String, String, bool)>,
}

/// What the logframe page shows beyond the logframe itself.
#[derive(Default)]
struct LogframeProblems {
    errors: FieldErrors,
    import_errors: Vec<String>,
    new_entry: EntryInput,
    edit: Option<EntryEdit>,
}

async fn logframe_page(
    state: &AppState,
    ctx: PageCtx,
    code: String,
    problems: LogframeProblems,
) -> Result<Response, WebError> {
    let logframe = state.app.logframe(&ctx.actor, &code).await?;
    Ok(page(state, ctx, code, &logframe, None, problems))
}

fn page(
    state: &AppState,
    ctx: PageCtx,
    code: String,
    logframe: &Logframe,
    snapshot: Option<i32>,
    problems: LogframeProblems,
) -> Response {
    let programme = &logframe.programme;
    let conflict = problems.edit.as_ref().is_some_and(|e| e.form.conflict.is_some());
    let new_entry = problems.new_entry;
    let page = LogframePage {
        title: programme.title.get(ctx.tr.lang).to_owned(),
        status: vocabulary::label(&ctx, "logframe-status", programme.status.code()),
        status_code: programme.status.code(),
        version: programme.version,
        entries: tree(&ctx, logframe, &code, problems.edit),
        versions: (1..=programme.approved_version).rev().collect(),
        manage: snapshot.is_none() && state.app.manages_results(&ctx.actor),
        approve: snapshot.is_none()
            && policy::authorise(&ctx.actor, Permission::ApproveLogframe, &Target::Nothing).is_ok(),
        levels: Level::ALL
            .iter()
            .map(|l| crate::ui::vocabulary::Choice {
                code: l.code().into(),
                label: vocabulary::label(&ctx, "level", l.code()),
                selected: false,
            })
            .collect(),
        other_languages: [
            (Lang::Km, &new_entry.title_km),
            (Lang::Lo, &new_entry.title_lo),
            (Lang::Vi, &new_entry.title_vi),
        ]
        .iter()
        .map(|(l, typed)| (l.code(), l.endonym(), (*typed).clone()))
        .collect(),
        parents: logframe
            .nodes
            .iter()
            .filter(|n| n.level != Level::Activity)
            .map(|n| {
                let chosen = n.code.eq_ignore_ascii_case(new_entry.parent.trim());
                (n.code.clone(), format!("{} {}", n.code, n.title.get(ctx.tr.lang)), chosen)
            })
            .collect(),
        new_entry,
        errors: problems.errors,
        import_errors: problems.import_errors,
        snapshot,
        code,
        ctx,
    };
    let rejected = !page.errors.is_empty()
        || !page.import_errors.is_empty()
        || page.entries.iter().any(|e| !e.form.errors.is_empty());
    let status = match (conflict, rejected) {
        (true, _) => StatusCode::CONFLICT,
        (false, true) => StatusCode::UNPROCESSABLE_ENTITY,
        (false, false) => StatusCode::OK,
    };
    render_with_status(status, &page)
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(code): Path<String>) -> Result<Response, WebError> {
    logframe_page(&state, ctx, code, LogframeProblems::default()).await
}

pub async fn version(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, version)): Path<(String, i32)>,
) -> Result<Response, WebError> {
    let logframe = state.app.approved_logframe(&ctx.actor, &code, version).await?;
    Ok(page(&state, ctx, code, &logframe, Some(version), LogframeProblems::default()))
}

#[derive(Deserialize, Default)]
pub struct EntryInput {
    #[serde(default)]
    level: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    title_fr: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    title_km: String,
    #[serde(default)]
    title_lo: String,
    #[serde(default)]
    title_vi: String,
    #[serde(default)]
    assumptions: String,
    #[serde(default)]
    version: i32,
}

impl EntryInput {
    fn titles(&self) -> Vec<(Lang, String)> {
        vec![
            (Lang::Fr, self.title_fr.clone()),
            (Lang::En, self.title_en.clone()),
            (Lang::Km, self.title_km.clone()),
            (Lang::Lo, self.title_lo.clone()),
            (Lang::Vi, self.title_vi.clone()),
        ]
    }
}

pub async fn add_entry(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<EntryInput>,
) -> Result<Response, WebError> {
    let draft = LogframeEntryDraft {
        level: input.level.clone(),
        code: input.code.clone(),
        parent: input.parent.clone(),
        titles: input.titles(),
        assumptions: input.assumptions.clone(),
    };
    match state.app.add_logframe_entry(&ctx.actor, &code, &draft).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/results/{code}/logframe"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            logframe_page(
                &state,
                ctx,
                code,
                LogframeProblems { errors, new_entry: input, ..LogframeProblems::default() },
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// Saves a draft entry's titles and assumptions.
pub async fn update_entry(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, entry)): Path<(String, String)>,
    Form(input): Form<EntryInput>,
) -> Result<Response, WebError> {
    let entry = mekong_core::ids::LogframeNodeId(crate::ui::events::parse_uuid(&entry)?);
    let titles = input.titles();
    let saved =
        state.app.update_logframe_entry(&ctx.actor, &code, entry, input.version, &titles, &input.assumptions).await;
    let typed = |version: i32, errors: FieldErrors, conflict: Option<ConflictView>| EntryForm {
        titles: titles
            .iter()
            .map(|(l, value)| {
                let problem = ctx.field_error(&errors, &format!("title_{}", l.code()));
                (l.code(), l.endonym(), value.clone(), problem)
            })
            .collect(),
        assumptions: input.assumptions.clone(),
        version,
        errors,
        conflict,
        open: true,
    };
    let edit = match saved {
        Ok(_) => {
            return Ok(redirect_with_flash(&format!("/results/{code}/logframe"), "flash-saved", jar, state.config.tls));
        }
        Err(AppError::Validation(errors)) => EntryEdit { id: entry, form: typed(input.version, errors, None) },
        Err(AppError::Conflict) => {
            let logframe = state.app.logframe(&ctx.actor, &code).await?;
            let current = logframe.node(entry).ok_or(AppError::NotFound)?;
            let mut fields: Vec<(&str, String, String)> = titles
                .iter()
                .map(|(l, value)| {
                    (title_label(*l), value.clone(), current.title.exact(*l).unwrap_or_default().to_owned())
                })
                .collect();
            fields.push(("field-assumptions", input.assumptions.clone(), current.assumptions.clone()));
            let conflict = ConflictView::compare(&ctx, fields);
            EntryEdit { id: entry, form: typed(current.version, FieldErrors::default(), Some(conflict)) }
        }
        Err(other) => return Err(other.into()),
    };
    logframe_page(&state, ctx, code, LogframeProblems { edit: Some(edit), ..LogframeProblems::default() }).await
}

/// The label of a title field in one language.
fn title_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "field-title-fr",
        Lang::En => "field-title-en",
        Lang::Km => "field-title-km",
        Lang::Lo => "field-title-lo",
        Lang::Vi => "field-title-vi",
    }
}

#[derive(Deserialize)]
pub struct StatusInput {
    #[serde(default)]
    status: String,
    #[serde(default)]
    version: i32,
}

pub async fn set_status(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<StatusInput>,
) -> Result<Response, WebError> {
    match state.app.set_logframe_status(&ctx.actor, &code, input.version, &input.status).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/results/{code}/logframe"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            logframe_page(&state, ctx, code, LogframeProblems { errors, ..LogframeProblems::default() }).await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn export(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let table = state.app.logframe_table(&ctx.actor, &code).await?;
    let bytes = mekong_docs::write_xlsx(&table, "Logframe").map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{code}-logframe.xlsx"),
    ))
}

/// `row:column` problems of a spreadsheet as sentences in the reader's language.
pub(crate) fn sheet_problems(ctx: &PageCtx, errors: &FieldErrors) -> Vec<String> {
    errors
        .0
        .iter()
        .map(|e| match e.field.split_once(':') {
            Some((row, column)) => ctx.tr.t_with(
                "sheet-problem",
                &[
                    ("row", mekong_i18n::Arg::from(row)),
                    ("column", mekong_i18n::Arg::from(column)),
                    ("problem", mekong_i18n::Arg::from(ctx.t(&e.message).as_str())),
                ],
            ),
            None => ctx.t(&e.message),
        })
        .collect()
}

/// The file of an upload form, after the reader's rights were checked.
pub(crate) async fn uploaded_file(multipart: Result<Multipart, MultipartRejection>) -> Vec<u8> {
    let Ok(mut multipart) = multipart else { return Vec::new() };
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            return field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        }
    }
    Vec::new()
}

pub async fn import(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let bytes = uploaded_file(multipart).await;
    match state.app.import_logframe(&ctx.actor, &code, &bytes).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/results/{code}/logframe"), "flash-imported", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let problems = sheet_problems(&ctx, &errors);
            logframe_page(
                &state,
                ctx,
                code,
                LogframeProblems { import_errors: problems, ..LogframeProblems::default() },
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
