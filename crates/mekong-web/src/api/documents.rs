//! The documents library as JSON: a page of the documents the caller may read (filtered by
//! kind, theme, language and year), and one with its metadata, versions and links.

use super::query::ApiQuery;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use mekong_app::documents::LibraryListFilter;
use mekong_core::Lang;
use mekong_core::documents::{DocumentKind, LibraryDocument};
use mekong_core::ids::LibraryDocumentId;
use mekong_core::vocabulary::Theme;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// One uploaded version of a document.
#[derive(Serialize, ToSchema)]
pub struct DocumentVersionDto {
    /// From 1; the highest is the current one.
    number: u32,
    file_name: String,
    content_type: String,
    size: i64,
    sha256: String,
    note: String,
    uploaded_by: String,
    /// RFC 3339.
    uploaded_at: String,
    /// Where to download it (the document's audience applies).
    download: String,
}

/// A document of the library.
#[derive(Serialize, ToSchema)]
pub struct LibraryDocumentDto {
    id: String,
    /// The title per language code (`fr`, `km`...).
    title: BTreeMap<String, String>,
    /// `study`, `toolkit`, `presentation` or `report`.
    kind: String,
    themes: Vec<String>,
    cities: Vec<String>,
    /// The language of the document.
    language: String,
    year: i32,
    organisation: String,
    /// `public`, `network` or `staff`.
    audience: String,
    versions: Vec<DocumentVersionDto>,
    /// Event ids.
    events: Vec<String>,
    /// Good practice ids.
    practices: Vec<String>,
    version: i32,
}

fn dto(document: &LibraryDocument) -> LibraryDocumentDto {
    LibraryDocumentDto {
        id: document.id.to_string(),
        title: Lang::ALL
            .iter()
            .filter_map(|l| document.title.exact(*l).map(|t| (l.code().to_owned(), t.to_owned())))
            .collect(),
        kind: document.kind.code().to_owned(),
        themes: document.themes.iter().map(|t| t.code().to_owned()).collect(),
        cities: document.cities.iter().map(ToString::to_string).collect(),
        language: document.language.code().to_owned(),
        year: document.year,
        organisation: document.organisation.clone(),
        audience: document.audience.code().to_owned(),
        versions: document
            .versions
            .iter()
            .map(|v| DocumentVersionDto {
                number: v.number,
                file_name: v.file.name.clone(),
                content_type: v.file.content_type.clone(),
                size: v.file.size,
                sha256: v.file.sha256.clone(),
                note: v.note.clone(),
                uploaded_by: v.uploaded_by.clone(),
                uploaded_at: v.uploaded_at.to_string(),
                download: format!("/documents/{}/versions/{}", document.id, v.number),
            })
            .collect(),
        events: document.events.iter().map(ToString::to_string).collect(),
        practices: document.practices.iter().map(ToString::to_string).collect(),
        version: document.version,
    }
}

/// A page of documents.
#[derive(Serialize, ToSchema)]
pub struct LibraryPageDto {
    items: Vec<LibraryDocumentDto>,
    /// How many the caller may read with these filters.
    total: u64,
    /// From 1.
    page: u64,
    per_page: u64,
}

/// Filters of the library.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct LibraryQuery {
    /// `study`, `toolkit`, `presentation` or `report`.
    kind: Option<String>,
    /// A theme code (`climate_change`).
    theme: Option<String>,
    /// The document's language (`fr`, `km`...).
    language: Option<String>,
    year: Option<i32>,
    /// From 1.
    page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/documents", tag = "documents", operation_id = "list_documents",
    params(LibraryQuery),
    responses((status = 200, description = "A page of the documents the caller may read, newest first: public ones to all, network ones to members (a city's to its focal points), staff ones to staff", body = LibraryPageDto),
        (status = 422, body = super::ApiErrorDto)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<LibraryQuery>,
) -> Result<Json<LibraryPageDto>, WebError> {
    let filter = LibraryListFilter {
        kind: query.kind.as_deref().and_then(DocumentKind::parse),
        theme: query.theme.as_deref().and_then(Theme::parse),
        language: query.language.as_deref().and_then(Lang::from_tag),
        year: query.year,
        event: None,
    };
    let found = state.app.library(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    Ok(Json(LibraryPageDto {
        items: found.items.iter().map(dto).collect(),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
    }))
}

#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents", operation_id = "show_document",
    params(("id" = String, Path, description = "The document's id")),
    responses((status = 200, description = "The document with its versions", body = LibraryDocumentDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<LibraryDocumentDto>, WebError> {
    let id = crate::ui::events::parse_uuid(&id).map(LibraryDocumentId)?;
    let view = state.app.library_document(&ctx.actor, id).await?;
    Ok(Json(dto(&view.document)))
}
