//! Reports as JSON: a programme's periods with their narrative and snapshots (and each
//! snapshot's documents), and a figure of a snapshot with the records behind it.

use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use mekong_app::AppError;
use mekong_core::reporting::ReportKind;
use serde::Serialize;
use utoipa::ToSchema;

/// A snapshot of a period, with the address of each of its documents.
#[derive(Serialize, ToSchema)]
pub struct SnapshotDto {
    id: String,
    /// RFC 3339.
    taken_at: String,
    sha256: String,
    /// `eu-narrative.docx`, `eu-narrative.pdf`, `eu-financial.xlsx`, `aimf-note.pdf`, each at
    /// `/reports/snapshots/{id}/{document}`.
    documents: Vec<String>,
}

/// A reporting period with its narrative's state and its snapshots, newest first.
#[derive(Serialize, ToSchema)]
pub struct ReportPeriodDto {
    /// `2025`, `2026-H1`.
    code: String,
    starts: String,
    ends: String,
    locked: bool,
    /// `draft` or `final`; none until the narrative is written.
    narrative_status: Option<String>,
    /// `interim` or `final`.
    stage: Option<String>,
    /// Who signed the narrative off, when it is.
    signed_off_by: Option<String>,
    snapshots: Vec<SnapshotDto>,
}

#[utoipa::path(get, path = "/api/v1/reports/{programme}", tag = "reporting", operation_id = "programme_reports",
    security(("bearer" = [])),
    params(("programme" = String, Path, description = "The programme's code (`SGA4`)")),
    responses((status = 200, description = "Each reporting period with its narrative and snapshots", body = [ReportPeriodDto]),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn periods(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Json<Vec<ReportPeriodDto>>, WebError> {
    let view = state.app.reports(&ctx.actor, &code).await?;
    Ok(Json(
        view.periods
            .iter()
            .map(|p| ReportPeriodDto {
                code: p.period.code.clone(),
                starts: p.period.starts.to_string(),
                ends: p.period.ends.to_string(),
                locked: p.period.locked,
                narrative_status: p.narrative.as_ref().map(|n| n.status.code().to_owned()),
                stage: p.narrative.as_ref().map(|n| n.stage.code().to_owned()),
                signed_off_by: p.narrative.as_ref().and_then(|n| n.signed_off.as_ref()).map(|s| s.name.clone()),
                snapshots: p
                    .snapshots
                    .iter()
                    .map(|s| SnapshotDto {
                        id: s.id.to_string(),
                        taken_at: s.taken_at.to_string(),
                        sha256: s.sha256.clone(),
                        documents: ReportKind::ALL.iter().map(|k| k.code().to_owned()).collect(),
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// A record behind a figure, as it stood when the snapshot was taken.
#[derive(Serialize, ToSchema)]
pub struct FigureRecordDto {
    /// `value`, `event`, `participant`, `expense`.
    kind: String,
    id: String,
    label: String,
    /// What it adds to the figure, as printed.
    contributes: String,
    evidence: String,
    /// Its page in Mekong.
    path: String,
}

/// A figure printed in a snapshot's reports, with every record that adds up to it.
#[derive(Serialize, ToSchema)]
pub struct FigureDto {
    key: String,
    label: String,
    /// As printed, in the report's language.
    display: String,
    snapshot_sha256: String,
    records: Vec<FigureRecordDto>,
}

#[utoipa::path(get, path = "/api/v1/reports/snapshots/{id}/figures/{figure}", tag = "reporting", operation_id = "report_figure",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The snapshot's id"),
        ("figure" = String, Path, description = "The figure's key (`participants`, `spent-total`, `indicator-OC1.1`)")),
    responses((status = 200, description = "The figure and its records", body = FigureDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn figure(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, key)): Path<(String, String)>,
) -> Result<Json<FigureDto>, WebError> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| WebError(AppError::NotFound))?;
    let view = state.app.snapshot(&ctx.actor, id).await?;
    let figure = view.snapshot.figures.get(&key).ok_or(WebError(AppError::NotFound))?;
    Ok(Json(FigureDto {
        key: key.clone(),
        label: figure.label.clone(),
        display: figure.display.clone(),
        snapshot_sha256: view.sha256.clone(),
        records: figure
            .records
            .iter()
            .map(|r| FigureRecordDto {
                kind: r.kind.clone(),
                id: r.id.clone(),
                label: r.label.clone(),
                contributes: r.contributes.clone(),
                evidence: r.evidence.clone(),
                path: r.path.clone(),
            })
            .collect(),
    }))
}
