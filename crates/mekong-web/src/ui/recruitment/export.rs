//! A call's applications as a spreadsheet for its managers: CSV or XLSX, one row each.

use super::call_id;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::organisations::download;
use axum::extract::{Path, State};
use axum::response::Response;
use mekong_app::AppError;

pub async fn applications_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let table = state.app.applications_table(&ctx.actor, call_id(&id)?).await?;
    let bytes = mekong_docs::write_csv(&table).map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(bytes, "text/csv; charset=utf-8", "applications.csv"))
}

pub async fn applications_xlsx(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let table = state.app.applications_table(&ctx.actor, call_id(&id)?).await?;
    let bytes =
        mekong_docs::write_xlsx(&table, "Applications").map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "applications.xlsx"))
}
