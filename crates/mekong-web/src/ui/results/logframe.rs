//! The logframe page: the tree of entries with their indicators, the status buttons (submit,
//! approve, send back), new entries, the EU-layout spreadsheet out and in, and the approved
//! versions.

use super::figure;
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
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

/// One entry of the tree, indented by its depth, with its indicators.
pub struct EntryLine {
    pub id: String,
    /// The entry's title in each language, for its edit form.
    pub titles: Vec<(&'static str, &'static str, String)>,
    pub depth: usize,
    pub level: String,
    pub code: String,
    pub title: String,
    pub assumptions: String,
    pub indicators: Vec<(String, String, String, String, String)>,
}

fn tree(ctx: &PageCtx, logframe: &Logframe, code: &str) -> Vec<EntryLine> {
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
            titles: Lang::ALL
                .iter()
                .map(|l| (l.code(), l.endonym(), node.title.exact(*l).unwrap_or_default().to_owned()))
                .collect(),
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
    /// Title fields beyond French and English, for the new entry form.
    other_languages: Vec<(&'static str, &'static str)>,
}

async fn logframe_page(
    state: &AppState,
    ctx: PageCtx,
    code: String,
    errors: FieldErrors,
    import_errors: Vec<String>,
) -> Result<Response, WebError> {
    let logframe = state.app.logframe(&ctx.actor, &code).await?;
    Ok(page(state, ctx, code, logframe, None, errors, import_errors))
}

fn page(
    state: &AppState,
    ctx: PageCtx,
    code: String,
    logframe: Logframe,
    snapshot: Option<i32>,
    errors: FieldErrors,
    import_errors: Vec<String>,
) -> Response {
    let programme = &logframe.programme;
    let page = LogframePage {
        title: programme.title.get(ctx.tr.lang).to_owned(),
        status: vocabulary::label(&ctx, "logframe-status", programme.status.code()),
        status_code: programme.status.code(),
        version: programme.version,
        entries: tree(&ctx, &logframe, &code),
        versions: (1..=programme.approved_version).rev().collect(),
        manage: snapshot.is_none() && state.app.manages_results(&ctx.actor),
        approve: snapshot.is_none()
            && policy::authorise(&ctx.actor, Permission::ApproveLogframe, &Target::Nothing).is_ok(),
        levels: Level::ALL
            .iter()
            .map(|l| crate::ui::vocabulary::Choice {
                code: l.code(),
                label: vocabulary::label(&ctx, "level", l.code()),
                selected: false,
            })
            .collect(),
        errors,
        import_errors,
        snapshot,
        other_languages: [Lang::Km, Lang::Lo, Lang::Vi].iter().map(|l| (l.code(), l.endonym())).collect(),
        code,
        ctx,
    };
    let status = if page.errors.is_empty() && page.import_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with_status(status, &page)
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(code): Path<String>) -> Result<Response, WebError> {
    logframe_page(&state, ctx, code, FieldErrors::default(), Vec::new()).await
}

pub async fn version(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, version)): Path<(String, i32)>,
) -> Result<Response, WebError> {
    let logframe = state.app.approved_logframe(&ctx.actor, &code, version).await?;
    Ok(page(&state, ctx, code, logframe, Some(version), FieldErrors::default(), Vec::new()))
}

#[derive(Deserialize)]
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
}

pub async fn add_entry(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<EntryInput>,
) -> Result<Response, WebError> {
    let draft = LogframeEntryDraft {
        level: input.level,
        code: input.code,
        parent: input.parent,
        titles: vec![
            (Lang::Fr, input.title_fr),
            (Lang::En, input.title_en),
            (Lang::Km, input.title_km),
            (Lang::Lo, input.title_lo),
            (Lang::Vi, input.title_vi),
        ],
        assumptions: input.assumptions,
    };
    match state.app.add_logframe_entry(&ctx.actor, &code, &draft).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/results/{code}/logframe"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => logframe_page(&state, ctx, code, errors, Vec::new()).await,
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
    let titles = [
        (Lang::Fr, input.title_fr),
        (Lang::En, input.title_en),
        (Lang::Km, input.title_km),
        (Lang::Lo, input.title_lo),
        (Lang::Vi, input.title_vi),
    ];
    match state.app.update_logframe_entry(&ctx.actor, &code, entry, &titles, &input.assumptions).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/results/{code}/logframe"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => logframe_page(&state, ctx, code, errors, Vec::new()).await,
        Err(other) => Err(other.into()),
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
        Err(AppError::Validation(errors)) => logframe_page(&state, ctx, code, errors, Vec::new()).await,
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
    if !state.app.manages_results(&ctx.actor) {
        return Err(AppError::Forbidden.into());
    }
    let bytes = uploaded_file(multipart).await;
    match state.app.import_logframe(&ctx.actor, &code, &bytes).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/results/{code}/logframe"), "flash-imported", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let problems = sheet_problems(&ctx, &errors);
            logframe_page(&state, ctx, code, FieldErrors::default(), problems).await
        }
        Err(other) => Err(other.into()),
    }
}
