//! Missions as JSON: those the caller may see, and one with its estimate, report and the
//! expenses its costs became.

use super::events::MoneyDto;
use super::query::ApiQuery;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::missions::mission_id;
use axum::Json;
use axum::extract::{Path, State};
use mekong_core::finance::missions::{Mission, MissionStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A mission order.
#[derive(Serialize, ToSchema)]
pub struct MissionDto {
    id: String,
    /// `MIS-2026-003`.
    number: String,
    /// The programme's code.
    programme: String,
    traveller: String,
    purpose: String,
    /// Member cities visited, in order (`KH-PNH`).
    cities: Vec<String>,
    departs: String,
    returns: String,
    plan_activity: Option<String>,
    budget_line: Option<String>,
    /// The estimated transport, in the currency it will be paid in.
    transport: MoneyDto,
    /// `draft`, `submitted`, `approved`, `returned`, `reported`.
    status: String,
    review_comment: String,
    reviewed_by: String,
    entered_by: String,
    version: i32,
}

fn mission_dto(mission: &Mission, programme: String) -> MissionDto {
    MissionDto {
        id: mission.id.to_string(),
        number: mission.number.clone(),
        programme,
        traveller: mission.traveller.clone(),
        purpose: mission.purpose.clone(),
        cities: mission.cities.iter().map(ToString::to_string).collect(),
        departs: mission.departs.to_string(),
        returns: mission.returns.to_string(),
        plan_activity: mission.plan_activity.map(|a| a.to_string()),
        budget_line: mission.budget_line.map(|l| l.to_string()),
        transport: mission.transport.into(),
        status: mission.status.code().to_owned(),
        review_comment: mission.review_comment.clone(),
        reviewed_by: mission.reviewed_by.clone(),
        entered_by: mission.entered_by.clone(),
        version: mission.version,
    }
}

/// Filters of the missions list.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct MissionQuery {
    /// `draft`, `submitted`, `approved`, `returned` or `reported`.
    status: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/missions", tag = "finance", operation_id = "list_missions",
    security(("bearer" = [])),
    params(MissionQuery),
    responses((status = 200, description = "The missions the caller may see: all for staff, a focal point's to their city, an auditor's of their programme", body = [MissionDto]),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<MissionQuery>,
) -> Result<Json<Vec<MissionDto>>, WebError> {
    let status = query.status.as_deref().and_then(MissionStatus::parse);
    let missions = state.app.missions(&ctx.actor).await?;
    let programmes = state.app.programmes(&ctx.actor).await.unwrap_or_default();
    let code =
        |m: &Mission| programmes.iter().find(|p| p.id == m.programme).map(|p| p.code.clone()).unwrap_or_default();
    Ok(Json(
        missions.iter().filter(|m| status.is_none_or(|s| m.status == s)).map(|m| mission_dto(m, code(m))).collect(),
    ))
}

/// The report written after a mission.
#[derive(Serialize, ToSchema)]
pub struct MissionReportDto {
    done: String,
    /// Ids of the people of the directory met.
    people_met: Vec<String>,
    follow_ups: String,
    written_by: String,
    /// RFC 3339.
    written_at: String,
}

/// The estimated per diems: nights × the daily rate valid on departure.
#[derive(Serialize, ToSchema)]
pub struct PerDiemDto {
    nights: i64,
    daily_rate: MoneyDto,
    amount: MoneyDto,
    /// Whether the rate is an example (demo data), not an official rate.
    example_rate: bool,
}

/// An actual cost: the expense it became.
#[derive(Serialize, ToSchema)]
pub struct MissionCostDto {
    expense: String,
    number: String,
    date: String,
    amount: MoneyDto,
    /// `entered`, `approved`, `returned`.
    status: String,
}

/// One mission with its estimate, report and costs.
#[derive(Serialize, ToSchema)]
pub struct MissionDetailDto {
    mission: MissionDto,
    /// Null when no rate applies.
    per_diem: Option<PerDiemDto>,
    /// One amount per currency: per diems and transport in different currencies are not added.
    estimate: Vec<MoneyDto>,
    report: Option<MissionReportDto>,
    costs: Vec<MissionCostDto>,
}

#[utoipa::path(get, path = "/api/v1/missions/{id}", tag = "finance", operation_id = "get_mission",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The mission's id")),
    responses((status = 200, description = "The mission", body = MissionDetailDto),
        (status = 403, body = super::ApiErrorDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<MissionDetailDto>, WebError> {
    let view = state.app.mission(&ctx.actor, mission_id(&id)?).await?;
    let mission = &view.mission;
    let mut estimate: Vec<mekong_core::money::Money> = Vec::new();
    for amount in view.per_diem.iter().map(|d| d.amount).chain([mission.transport]) {
        match estimate.iter_mut().find(|t| t.currency() == amount.currency()) {
            Some(total) => *total = total.checked_add(amount).unwrap_or(*total),
            None => estimate.push(amount),
        }
    }
    Ok(Json(MissionDetailDto {
        mission: mission_dto(mission, view.programme.code.clone()),
        per_diem: view.per_diem.as_ref().map(|d| PerDiemDto {
            nights: d.nights,
            daily_rate: d.rate.daily.into(),
            amount: d.amount.into(),
            example_rate: d.rate.example,
        }),
        estimate: estimate.into_iter().map(MoneyDto::from).collect(),
        report: mission.report.as_ref().map(|r| MissionReportDto {
            done: r.done.clone(),
            people_met: r.people_met.iter().map(ToString::to_string).collect(),
            follow_ups: r.follow_ups.clone(),
            written_by: r.written_by.clone(),
            written_at: r.written_at.to_string(),
        }),
        costs: view
            .costs
            .iter()
            .map(|e| MissionCostDto {
                expense: e.id.to_string(),
                number: e.number.clone(),
                date: e.date.to_string(),
                amount: e.amount.into(),
                status: e.status.code().to_owned(),
            })
            .collect(),
    }))
}
