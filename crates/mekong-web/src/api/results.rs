//! The results framework as JSON: a programme's dashboard (each indicator with its baseline,
//! target, latest value and standing), for reports and other tools.

use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

/// One indicator's standing.
#[derive(Serialize, ToSchema)]
pub struct IndicatorStandingDto {
    id: String,
    code: String,
    /// Name per language code.
    name: std::collections::BTreeMap<String, String>,
    unit: String,
    /// `number`, `percentage`, `yes_no`, `qualitative`.
    measure: String,
    baseline: Option<f64>,
    baseline_date: Option<String>,
    target: Option<f64>,
    target_date: Option<String>,
    /// The latest period with a value, and the value (submitted or validated values, combined
    /// over the cities; computed indicators from Mekong's records).
    latest_period: Option<String>,
    latest_value: Option<f64>,
    /// Where the line from the baseline through the targets is today.
    expected_today: Option<f64>,
    /// The latest period that has ended with a value: the one the status judges (a period still
    /// running is not judged).
    judged_period: Option<String>,
    /// Where the line stood at the end of the judged period: what its value is compared with.
    expected_at_judged_period: Option<f64>,
    /// A newer value should have been reported, given the indicator's frequency.
    overdue: bool,
    /// `on_track`, `at_risk`, `off_track`, `no_data`.
    status: String,
    /// `meetings_held`, `participants`, when computed.
    computation: Option<String>,
}

/// A programme's dashboard.
#[derive(Serialize, ToSchema)]
pub struct DashboardDto {
    programme: String,
    /// `draft`, `submitted`, `approved`.
    logframe_status: String,
    approved_version: i32,
    indicators: Vec<IndicatorStandingDto>,
}

#[utoipa::path(get, path = "/api/v1/programmes/{programme}/dashboard", tag = "results", operation_id = "get_dashboard",
    security(("bearer" = [])),
    params(("programme" = String, Path, description = "The programme's code, such as SGA4")),
    responses((status = 200, description = "The dashboard", body = DashboardDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn dashboard(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(programme): Path<String>,
) -> Result<Json<DashboardDto>, WebError> {
    let dashboard = state.app.dashboard(&ctx.actor, &programme).await?;
    let (logframe, summaries) = (&dashboard.logframe, &dashboard.summaries);
    Ok(Json(DashboardDto {
        programme: logframe.programme.code.clone(),
        logframe_status: logframe.programme.status.code().to_owned(),
        approved_version: logframe.programme.approved_version,
        indicators: summaries
            .iter()
            .map(|s| {
                let target = s.indicator.final_target();
                IndicatorStandingDto {
                    id: s.indicator.id.to_string(),
                    code: s.indicator.code.clone(),
                    name: mekong_core::Lang::ALL
                        .iter()
                        .filter_map(|l| Some((l.code().to_owned(), s.indicator.name.exact(*l)?.to_owned())))
                        .collect(),
                    unit: s.indicator.unit.clone(),
                    measure: s.indicator.measure.code().to_owned(),
                    baseline: s.indicator.baseline,
                    baseline_date: s.indicator.baseline_on.map(|d| d.to_string()),
                    target: target.map(|t| t.value),
                    target_date: target.map(|t| t.on.to_string()),
                    latest_period: s.latest.as_ref().map(|(p, _)| p.code.clone()),
                    latest_value: s.latest.as_ref().map(|(_, v)| *v),
                    expected_today: mekong_core::results::line_at(&s.indicator, state.app.today()),
                    judged_period: s.judged.as_ref().map(|(p, _)| p.code.clone()),
                    expected_at_judged_period: s.standing.expected,
                    overdue: s.standing.overdue,
                    status: s.standing.status.code().to_owned(),
                    computation: s.indicator.computation.map(|c| c.code().to_owned()),
                }
            })
            .collect(),
    }))
}
