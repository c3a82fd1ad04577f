//! The network's positions as JSON: those the caller may read (published ones; drafts too for
//! staff), and one theme's with its texts per language and its sources.

use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use mekong_app::AppError;
use mekong_core::Lang;
use mekong_core::advocacy::Position;
use mekong_core::text::Text;
use mekong_core::vocabulary::Theme;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The network's position on a theme.
#[derive(Serialize, ToSchema)]
pub struct PositionDto {
    id: String,
    /// A theme code (`climate_change`).
    theme: String,
    /// `draft` or `published`.
    status: String,
    /// Per language code.
    title: BTreeMap<String, String>,
    statement: BTreeMap<String, String>,
    /// The key messages per language code, one per entry.
    messages: BTreeMap<String, Vec<String>>,
    /// Event ids.
    events: Vec<String>,
    /// Library document ids.
    documents: Vec<String>,
    /// Good practice ids.
    practices: Vec<String>,
    /// Where its two-page brief is.
    brief: String,
    /// RFC 3339.
    updated_at: String,
    version: i32,
}

fn per_language(text: &Text) -> BTreeMap<String, String> {
    Lang::ALL.iter().filter_map(|l| text.exact(*l).map(|t| (l.code().to_owned(), t.to_owned()))).collect()
}

fn dto(position: &Position) -> PositionDto {
    PositionDto {
        id: position.id.to_string(),
        theme: position.theme.code().to_owned(),
        status: position.status.code().to_owned(),
        title: per_language(&position.title),
        statement: per_language(&position.statement),
        messages: Lang::ALL
            .iter()
            .filter(|l| position.messages.exact(**l).is_some())
            .map(|l| (l.code().to_owned(), position.messages_in(*l).into_iter().map(str::to_owned).collect()))
            .collect(),
        events: position.events.iter().map(ToString::to_string).collect(),
        documents: position.documents.iter().map(ToString::to_string).collect(),
        practices: position.practices.iter().map(ToString::to_string).collect(),
        brief: format!("/advocacy/{}/brief.pdf", position.theme.code()),
        updated_at: position.updated_at.to_string(),
        version: position.version,
    }
}

#[utoipa::path(get, path = "/api/v1/advocacy", tag = "advocacy", operation_id = "list_positions",
    responses((status = 200, description = "The positions the caller may read, by theme: published ones to all, drafts too to staff", body = Vec<PositionDto>)))]
pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Json<Vec<PositionDto>>, WebError> {
    Ok(Json(state.app.positions(&ctx.actor).await?.iter().map(dto).collect()))
}

#[utoipa::path(get, path = "/api/v1/advocacy/{theme}", tag = "advocacy", operation_id = "show_position",
    params(("theme" = String, Path, description = "A theme code (`climate_change`)")),
    responses((status = 200, description = "The position on the theme", body = PositionDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(theme): Path<String>,
) -> Result<Json<PositionDto>, WebError> {
    let theme = Theme::parse(&theme).ok_or(WebError(AppError::NotFound))?;
    Ok(Json(dto(&state.app.position(&ctx.actor, theme).await?.position)))
}
