//! Importing a spreadsheet into the directory: upload, map its columns, preview every row with
//! its errors in the reader's language, then commit all of it or nothing.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{render, render_with_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, RawForm, State};
use axum::http::StatusCode;
use axum::response::Response;
use mekong_app::imports::{ImportKind, ImportPreview};
use mekong_app::{App, AppError};
use mekong_core::validation::FieldErrors;

#[derive(Template)]
#[template(path = "imports/upload.html")]
struct UploadPage {
    ctx: PageCtx,
    errors: FieldErrors,
}

/// One column of the file, and the fields it can fill.
pub struct ColumnChoice {
    pub index: usize,
    pub header: String,
    pub options: Vec<FieldOption>,
}

pub struct FieldOption {
    pub field: &'static str,
    pub label: String,
    pub selected: bool,
}

pub struct RowView {
    pub line: usize,
    pub label: String,
    pub problems: Vec<String>,
    pub duplicate_of: String,
}

#[derive(Template)]
#[template(path = "imports/preview.html")]
struct PreviewPage {
    ctx: PageCtx,
    upload: String,
    kind: &'static str,
    columns: Vec<ColumnChoice>,
    rows: Vec<RowView>,
    error_count: usize,
    duplicate_count: usize,
    row_count: usize,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "imports/done.html")]
struct DonePage {
    ctx: PageCtx,
    created: usize,
    list_href: &'static str,
}

pub async fn form(ctx: PageCtx) -> Response {
    render(&UploadPage { ctx, errors: FieldErrors::default() })
}

fn preview_page(ctx: PageCtx, preview: ImportPreview, problem: Option<String>) -> PreviewPage {
    let field_label = |field: &str| ctx.t(&format!("import-field-{}", field.replace('_', "-")));
    let columns = preview
        .headers
        .iter()
        .enumerate()
        .map(|(index, header)| {
            let current = preview.mapping.get(index).cloned().flatten();
            let options = preview
                .kind
                .fields()
                .iter()
                .map(|field| FieldOption {
                    field,
                    label: field_label(field),
                    selected: current.as_deref() == Some(*field),
                })
                .collect();
            ColumnChoice { index, header: header.clone(), options }
        })
        .collect();
    let rows = preview
        .rows
        .iter()
        .filter(|r| !r.errors.is_empty() || r.duplicate_of.is_some())
        .map(|r| RowView {
            line: r.line,
            label: r.label.clone(),
            problems: r.errors.0.iter().map(|e| format!("{}: {}", field_label(&e.field), ctx.t(&e.message))).collect(),
            duplicate_of: r.duplicate_of.clone().unwrap_or_default(),
        })
        .collect();
    PreviewPage {
        upload: preview.upload.clone(),
        kind: preview.kind.code(),
        columns,
        rows,
        error_count: preview.error_count(),
        duplicate_count: preview.duplicate_count(),
        row_count: preview.rows.len(),
        problem,
        ctx,
    }
}

/// Receives the file, then shows the preview under the proposed mapping.
pub async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let mut kind = ImportKind::People;
    let mut bytes = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("kind") => {
                kind = ImportKind::parse(&field.text().await.unwrap_or_default()).unwrap_or(ImportKind::People)
            }
            Some("file") => bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            _ => {}
        }
    }
    let (upload, table) = match state.app.stage_upload(&ctx.actor, &bytes).await {
        Ok(staged) => staged,
        Err(AppError::Validation(errors)) => {
            return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &UploadPage { ctx, errors }));
        }
        Err(other) => return Err(other.into()),
    };
    let mapping = App::suggested_mapping(kind, &table.headers);
    let preview = state.app.preview_import(&ctx.actor, &upload, kind, mapping).await?;
    Ok(render(&preview_page(ctx, preview, None)))
}

/// The mapping and choices posted back from the preview.
struct Choices {
    upload: String,
    kind: ImportKind,
    mapping: Vec<Option<String>>,
    skip_duplicates: bool,
}

fn choices(body: &[u8]) -> Result<Choices, WebError> {
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let value = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let kind =
        ImportKind::parse(&value("kind")).ok_or_else(|| WebError(AppError::field("kind", "error-file-unreadable")))?;
    let columns = value("columns").parse::<usize>().unwrap_or(0).min(500);
    let mapping = (0..columns)
        .map(|i| Some(value(&format!("map_{i}"))).filter(|f| kind.fields().contains(&f.as_str())))
        .collect();
    Ok(Choices { upload: value("upload"), kind, mapping, skip_duplicates: value("skip_duplicates") == "yes" })
}

pub async fn remap(State(state): State<AppState>, ctx: PageCtx, RawForm(body): RawForm) -> Result<Response, WebError> {
    let choices = choices(&body)?;
    let preview = state.app.preview_import(&ctx.actor, &choices.upload, choices.kind, choices.mapping).await?;
    Ok(render(&preview_page(ctx, preview, None)))
}

pub async fn commit(State(state): State<AppState>, ctx: PageCtx, RawForm(body): RawForm) -> Result<Response, WebError> {
    let choices = choices(&body)?;
    let outcome = state
        .app
        .commit_import(&ctx.actor, &choices.upload, choices.kind, choices.mapping.clone(), choices.skip_duplicates)
        .await;
    match outcome {
        Ok(created) => {
            let list_href = if choices.kind == ImportKind::People { "/people" } else { "/organisations" };
            Ok(render(&DonePage { ctx, created, list_href }))
        }
        Err(AppError::Validation(errors)) => {
            let problem = errors.0.first().map(|e| ctx.t(&e.message));
            let preview = state.app.preview_import(&ctx.actor, &choices.upload, choices.kind, choices.mapping).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &preview_page(ctx, preview, problem)))
        }
        Err(other) => Err(other.into()),
    }
}
