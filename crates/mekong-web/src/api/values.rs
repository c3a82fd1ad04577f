//! Indicator values through the API: a city's (or the network's) entry grid for a period, read,
//! saved as drafts, submitted for validation, and validated or returned by the network's staff,
//! through the same use cases as the entry grid (the policy, the checks, the versions, the trail).

use super::body::ApiJson;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::events::parse_uuid;
use axum::Json;
use axum::extract::{Path, State};
use mekong_app::AppError;
use mekong_app::results::{CellEntry, Grid, GridScope, Review};
use mekong_core::ids::{IndicatorId, PeriodId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One cell of the grid as stored.
#[derive(Serialize, ToSchema)]
pub struct CellDto {
    /// `""` for the total, else `dimension=category` (`sex=female`).
    cell: String,
    /// The number (1 or 0 for yes/no); null when none, and for a qualitative indicator.
    value: Option<f64>,
    /// The qualitative answer, or a comment on the number.
    comment: String,
    /// `draft`, `submitted`, `validated`, `returned`; null when nothing was entered.
    status: Option<String>,
    /// Why the value was sent back.
    review_comment: String,
    /// Sent back with a change (0 for a cell with nothing entered yet).
    version: i32,
}

/// One indicator's line of the grid.
#[derive(Serialize, ToSchema)]
pub struct GridRowDto {
    indicator: String,
    code: String,
    /// Name per language code.
    name: BTreeMap<String, String>,
    unit: String,
    /// `number`, `percentage`, `yes_no`, `qualitative`.
    measure: String,
    cells: Vec<CellDto>,
}

/// The entry grid of one period for one city (or the network).
#[derive(Serialize, ToSchema)]
pub struct GridDto {
    programme: String,
    period: String,
    /// The period's code (`2026-H1`).
    period_code: String,
    /// `KH-PNH`, or `network`.
    scope: String,
    /// Whether values may still be entered (the period is not locked).
    editable: bool,
    rows: Vec<GridRowDto>,
}

impl From<Grid> for GridDto {
    fn from(grid: Grid) -> Self {
        GridDto {
            programme: grid.programme_code,
            period: grid.period.id.to_string(),
            period_code: grid.period.code,
            scope: grid.scope.key(),
            editable: grid.editable,
            rows: grid
                .rows
                .into_iter()
                .map(|row| GridRowDto {
                    indicator: row.indicator.id.to_string(),
                    code: row.indicator.code.clone(),
                    name: mekong_core::Lang::ALL
                        .iter()
                        .filter_map(|l| Some((l.code().to_owned(), row.indicator.name.exact(*l)?.to_owned())))
                        .collect(),
                    unit: row.indicator.unit.clone(),
                    measure: row.indicator.measure.code().to_owned(),
                    cells: row
                        .cells
                        .into_iter()
                        .map(|(cell, stored)| CellDto {
                            cell,
                            value: stored.as_ref().and_then(|v| v.value),
                            comment: stored.as_ref().map(|v| v.comment.clone()).unwrap_or_default(),
                            status: stored.as_ref().map(|v| v.status.code().to_owned()),
                            review_comment: stored.as_ref().map(|v| v.review_comment.clone()).unwrap_or_default(),
                            version: stored.as_ref().map_or(0, |v| v.version),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A value as a client sends it: a JSON number, `true`/`false` for yes/no, text as the entry
/// grid takes it (read with the number rules of the token owner's language; the qualitative
/// answer for a qualitative indicator), or null to clear it.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ValueInput {
    Number(f64),
    Flag(bool),
    Text(String),
}

/// One cell as a client sends it.
#[derive(Deserialize, ToSchema)]
pub struct CellInput {
    /// The indicator's id.
    indicator: String,
    /// `""` (the default) for the total, else `dimension=category`.
    #[serde(default)]
    cell: String,
    #[serde(default)]
    value: Option<ValueInput>,
    /// A comment on the number (a qualitative indicator's answer is its `value`).
    #[serde(default)]
    comment: String,
    /// The cell's version read (0 for a cell with nothing entered yet).
    #[serde(default)]
    version: i32,
}

/// Cells to save, all or none. Errors name a cell `v.<indicator>.<cell>`.
#[derive(Deserialize, ToSchema)]
pub struct ValuesInput {
    #[serde(default)]
    values: Vec<CellInput>,
}

impl ValuesInput {
    fn entries(&self) -> Result<Vec<CellEntry>, WebError> {
        self.values
            .iter()
            .map(|cell| {
                let indicator = uuid::Uuid::parse_str(&cell.indicator).map(IndicatorId).map_err(|_| {
                    AppError::field(&format!("v.{}.{}", cell.indicator, cell.cell), "error-unknown-indicator")
                })?;
                let raw = match &cell.value {
                    None => String::new(),
                    Some(ValueInput::Number(n)) => mekong_core::numbers::format_for_input(*n),
                    Some(ValueInput::Flag(yes)) => (if *yes { "yes" } else { "no" }).to_owned(),
                    Some(ValueInput::Text(text)) => text.clone(),
                };
                Ok(CellEntry {
                    indicator,
                    cell: cell.cell.clone(),
                    raw,
                    comment: cell.comment.clone(),
                    version: cell.version,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()
            .map_err(WebError)
    }
}

/// How many values a write changed.
#[derive(Serialize, ToSchema)]
pub struct ChangedDto {
    changed: usize,
}

fn grid_path(period: &str, scope: &str) -> Result<(PeriodId, GridScope), WebError> {
    let period = PeriodId(parse_uuid(period)?);
    let scope = GridScope::parse(scope).ok_or(WebError(AppError::NotFound))?;
    Ok((period, scope))
}

/// A city's (or the network's) values for a period, as its entry grid shows them.
#[utoipa::path(get, path = "/api/v1/programmes/{programme}/periods/{period}/values/{scope}", tag = "results",
    operation_id = "get_values",
    security(("bearer" = [])),
    params(("programme" = String, Path, description = "The programme's code, such as SGA4"),
        ("period" = String, Path, description = "The period's id"),
        ("scope" = String, Path, description = "A member city's code (`KH-PNH`), or `network`")),
    responses((status = 200, description = "The grid", body = GridDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn values(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((programme, period, scope)): Path<(String, String, String)>,
) -> Result<Json<GridDto>, WebError> {
    let (period, scope) = grid_path(&period, &scope)?;
    Ok(Json(state.app.grid(&ctx.actor, &programme, period, scope).await?.into()))
}

/// Saves values, or submits them for validation, all or none.
async fn save(
    state: &AppState,
    ctx: &PageCtx,
    (programme, period, scope): (String, String, String),
    body: Result<ApiJson<ValuesInput>, WebError>,
    submit: bool,
) -> Result<Json<ChangedDto>, WebError> {
    let (period, scope) = grid_path(&period, &scope)?;
    // Rights come before input: an unreadable body is saved as no cell at all, which still
    // meets the grid's rules, so that another city's grid answers 403 whatever was sent.
    let (entries, unreadable) = match body.and_then(|ApiJson(input)| input.entries()) {
        Ok(entries) => (entries, None),
        Err(error) => (Vec::new(), Some(error)),
    };
    let changed = state.app.save_grid(&ctx.actor, &programme, period, scope, &entries, submit).await?;
    match unreadable {
        Some(error) => Err(error),
        None => Ok(Json(ChangedDto { changed })),
    }
}

/// Saves a city's (or the network's) values for a period as drafts: every cell is checked,
/// and nothing is saved if one is wrong or was changed since its version.
#[utoipa::path(put, path = "/api/v1/programmes/{programme}/periods/{period}/values/{scope}", tag = "results",
    operation_id = "save_values",
    security(("bearer" = [])),
    params(("programme" = String, Path), ("period" = String, Path), ("scope" = String, Path)),
    request_body = ValuesInput,
    responses((status = 200, description = "Saved as drafts", body = ChangedDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "A cell changed since the version sent; nothing was saved", body = super::ApiErrorDto),
        (status = 422, description = "A cell does not read (named `v.<indicator>.<cell>` in `fields`); nothing was saved", body = super::ApiErrorDto)))]
pub async fn save_values(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(path): Path<(String, String, String)>,
    body: Result<ApiJson<ValuesInput>, WebError>,
) -> Result<Json<ChangedDto>, WebError> {
    save(&state, &ctx, path, body, false).await
}

/// Saves values and submits them for validation, as the grid's Submit button does: the cells
/// sent (changed or not, when drafts or returned) become `submitted`.
#[utoipa::path(post, path = "/api/v1/programmes/{programme}/periods/{period}/values/{scope}/submission", tag = "results",
    operation_id = "submit_values",
    security(("bearer" = [])),
    params(("programme" = String, Path), ("period" = String, Path), ("scope" = String, Path)),
    request_body = ValuesInput,
    responses((status = 200, description = "Submitted", body = ChangedDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "A cell changed since the version sent; nothing was saved", body = super::ApiErrorDto),
        (status = 422, description = "A cell does not read (named `v.<indicator>.<cell>` in `fields`); nothing was saved", body = super::ApiErrorDto)))]
pub async fn submit_values(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(path): Path<(String, String, String)>,
    body: Result<ApiJson<ValuesInput>, WebError>,
) -> Result<Json<ChangedDto>, WebError> {
    save(&state, &ctx, path, body, true).await
}

/// A reviewer's decision.
#[derive(Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Validate,
    /// Sent back to the authors, with a comment.
    Return,
}

/// The staff's decision on the submitted values of a grid.
#[derive(Deserialize, ToSchema)]
pub struct ReviewInput {
    /// One indicator's id; none for every submitted value of the grid.
    #[serde(default)]
    indicator: Option<String>,
    decision: Decision,
    /// Why, when returned (needed then).
    #[serde(default)]
    comment: String,
}

/// Validates the submitted values of a grid (one indicator's, or all), or returns them to their
/// authors with a comment, as the grid's review does.
#[utoipa::path(post, path = "/api/v1/programmes/{programme}/periods/{period}/values/{scope}/review", tag = "results",
    operation_id = "review_values",
    security(("bearer" = [])),
    params(("programme" = String, Path), ("period" = String, Path), ("scope" = String, Path)),
    request_body = ReviewInput,
    responses((status = 200, description = "Validated or returned", body = ChangedDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 422, description = "A return without a comment, a locked period, or a body that does not read", body = super::ApiErrorDto)))]
pub async fn review_values(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((programme, period, scope)): Path<(String, String, String)>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Result<Json<ChangedDto>, WebError> {
    let (period, scope) = grid_path(&period, &scope)?;
    let indicator = match input.indicator.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(IndicatorId(parse_uuid(raw)?)),
    };
    let review = Review { indicator, validate: input.decision == Decision::Validate, comment: input.comment };
    let changed = state.app.review_values(&ctx.actor, &programme, period, scope, &review).await?;
    Ok(Json(ChangedDto { changed }))
}
