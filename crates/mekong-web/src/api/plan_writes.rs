//! Writing the annual action plan through the API: activities created and changed by other tools
//! through the same use case as the plan's page (the policy, the checks, the version, the trail).

use super::body::ApiJson;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mekong_app::AppError;
use mekong_app::results::PlanActivityDraft;
use mekong_core::Lang;
use mekong_core::ids::ActivityId;
use mekong_core::results::PlanActivity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A plan activity as a client sends it: the same fields as the form, as text.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PlanActivityInput {
    /// The logframe activity's code (`A1.2.3`), or empty.
    node: String,
    /// The title per language code (`fr`, `en`, `km`, `lo`, `vi`): at least one.
    title: BTreeMap<String, String>,
    /// `YYYY-MM-DD`.
    starts: String,
    ends: String,
    responsible: String,
    /// Member city codes separated by commas.
    cities: String,
    /// A line code of the programme's budget (`2.1`), or empty.
    budget_line: String,
    /// `planned`, `ongoing`, `done`, `delayed`, `cancelled`.
    status: String,
    /// Why it is delayed or cancelled (needed then).
    justification: String,
    progress_notes: String,
    /// For a change: the version read, so that a change made since is not overwritten.
    version: i32,
}

impl PlanActivityInput {
    fn draft(&self) -> PlanActivityDraft {
        PlanActivityDraft {
            node: self.node.clone(),
            // A language code no one reads is refused as the French title's problem would be:
            // kept under French only when French is not given.
            titles: self
                .title
                .iter()
                .filter_map(|(code, value)| Some((Lang::from_tag(code)?, value.clone())))
                .collect(),
            starts: self.starts.clone(),
            ends: self.ends.clone(),
            responsible: self.responsible.clone(),
            cities: self.cities.clone(),
            budget_line: self.budget_line.clone(),
            status: self.status.clone(),
            justification: self.justification.clone(),
            progress_notes: self.progress_notes.clone(),
        }
    }
}

/// A plan activity as saved.
#[derive(Serialize, ToSchema)]
pub struct PlanActivityDto {
    id: String,
    year: i16,
    /// The title per language code.
    title: BTreeMap<String, String>,
    starts: String,
    ends: String,
    responsible: String,
    cities: Vec<String>,
    budget_line: String,
    status: String,
    justification: String,
    progress_notes: String,
    version: i32,
}

impl From<PlanActivity> for PlanActivityDto {
    fn from(a: PlanActivity) -> Self {
        PlanActivityDto {
            id: a.id.to_string(),
            year: a.year,
            title: Lang::ALL
                .iter()
                .filter_map(|l| Some((l.code().to_owned(), a.title.exact(*l)?.to_owned())))
                .collect(),
            starts: a.starts.to_string(),
            ends: a.ends.to_string(),
            responsible: a.responsible,
            cities: a.cities.iter().map(ToString::to_string).collect(),
            budget_line: a.budget_line,
            status: a.status.code().to_owned(),
            justification: a.justification,
            progress_notes: a.progress_notes,
            version: a.version,
        }
    }
}

/// Adds an activity to a programme's action plan.
#[utoipa::path(post, path = "/api/v1/programmes/{programme}/plan", tag = "results", operation_id = "create_plan_activity",
    security(("bearer" = [])),
    params(("programme" = String, Path, description = "The programme's code")),
    request_body = PlanActivityInput,
    responses((status = 201, description = "Created", body = PlanActivityDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn create_plan_activity(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(programme): Path<String>,
    body: Result<ApiJson<PlanActivityInput>, WebError>,
) -> Result<(StatusCode, Json<PlanActivityDto>), WebError> {
    // Rights come before input: a reader who may not plan is told so whatever was sent.
    state.app.authorise_plan_writes(&ctx.actor)?;
    let ApiJson(input) = body?;
    let saved = state.app.save_plan_activity(&ctx.actor, &programme, None, &input.draft()).await?;
    Ok((StatusCode::CREATED, Json(saved.into())))
}

/// Changes an activity of the action plan, from the version read.
#[utoipa::path(put, path = "/api/v1/programmes/{programme}/plan/{activity}", tag = "results",
    operation_id = "update_plan_activity",
    security(("bearer" = [])),
    params(("programme" = String, Path, description = "The programme's code"), ("activity" = String, Path)),
    request_body = PlanActivityInput,
    responses((status = 200, description = "Saved", body = PlanActivityDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "Changed by someone else since the version sent", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn update_plan_activity(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((programme, activity)): Path<(String, String)>,
    body: Result<ApiJson<PlanActivityInput>, WebError>,
) -> Result<Json<PlanActivityDto>, WebError> {
    state.app.authorise_plan_writes(&ctx.actor)?;
    let id = uuid::Uuid::parse_str(&activity).map(ActivityId).map_err(|_| WebError(AppError::NotFound))?;
    // The activity must exist in that programme before its body is read.
    state.app.plan_activity(&ctx.actor, &programme, id).await?;
    let ApiJson(input) = body?;
    let saved = state.app.save_plan_activity(&ctx.actor, &programme, Some((id, input.version)), &input.draft()).await?;
    Ok(Json(saved.into()))
}
