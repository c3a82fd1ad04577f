//! Technical assistance requests as JSON: a page of those the caller may see, and one with its
//! assignment, notes and rating.

use super::query::ApiQuery;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use mekong_app::assistance::AssistanceListFilter;
use mekong_core::assistance::{AssistanceRequest, AssistanceStatus};
use mekong_core::directory::CityCode;
use mekong_core::ids::AssistanceId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The expert and what was agreed.
#[derive(Serialize, ToSchema)]
pub struct AssignmentDto {
    /// The person of the directory.
    expert: String,
    expert_name: String,
    deliverables: String,
    starts_on: String,
    due_on: String,
}

/// A follow-up note.
#[derive(Serialize, ToSchema)]
pub struct AssistanceNoteDto {
    /// RFC 3339.
    at: String,
    by: String,
    note: String,
    /// The documents' SHA-256, to fetch from the request's page.
    documents: Vec<String>,
}

/// A technical assistance request.
#[derive(Serialize, ToSchema)]
pub struct AssistanceDto {
    id: String,
    /// `TA-2026-004`.
    number: String,
    /// The member city (`LA-VTE`).
    city: String,
    title: String,
    need: String,
    /// A theme code (`urban_resilience`).
    theme: String,
    /// `low`, `normal` or `high`.
    urgency: String,
    /// `requested`, `accepted`, `referred`, `declined` or `delivered`.
    status: String,
    requested_by: String,
    /// RFC 3339.
    requested_at: String,
    triage_reason: String,
    referred_to: String,
    assignment: Option<AssignmentDto>,
    notes: Vec<AssistanceNoteDto>,
    delivered_on: Option<String>,
    /// From 1 to 5, once the city rated the help.
    score: Option<u8>,
    rating_comment: Option<String>,
    /// Accepted work past its due date.
    overdue: bool,
    version: i32,
}

fn dto(request: &AssistanceRequest, today: jiff::civil::Date) -> AssistanceDto {
    AssistanceDto {
        id: request.id.to_string(),
        number: request.number.clone(),
        city: request.city.to_string(),
        title: request.title.clone(),
        need: request.need.clone(),
        theme: request.theme.code().to_owned(),
        urgency: request.urgency.code().to_owned(),
        status: request.status.code().to_owned(),
        requested_by: request.requested_by.clone(),
        requested_at: request.requested_at.to_string(),
        triage_reason: request.triage_reason.clone(),
        referred_to: request.referred_to.clone(),
        assignment: request.assignment.as_ref().map(|a| AssignmentDto {
            expert: a.expert.to_string(),
            expert_name: a.expert_name.clone(),
            deliverables: a.deliverables.clone(),
            starts_on: a.starts_on.to_string(),
            due_on: a.due_on.to_string(),
        }),
        notes: request
            .notes
            .iter()
            .map(|n| AssistanceNoteDto {
                at: n.at.to_string(),
                by: n.by.clone(),
                note: n.note.clone(),
                documents: n.documents.iter().map(|d| d.sha256.clone()).collect(),
            })
            .collect(),
        delivered_on: request.delivered_on.map(|d| d.to_string()),
        score: request.rating.as_ref().map(|r| r.score.value()),
        rating_comment: request.rating.as_ref().map(|r| r.comment.clone()),
        overdue: request.overdue(today),
        version: request.version,
    }
}

/// A page of requests.
#[derive(Serialize, ToSchema)]
pub struct AssistancePageDto {
    items: Vec<AssistanceDto>,
    /// How many the caller may see with these filters.
    total: u64,
    /// From 1.
    page: u64,
    per_page: u64,
}

/// Filters of the request list.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct AssistanceQuery {
    /// `requested`, `accepted`, `referred`, `declined` or `delivered`.
    status: Option<String>,
    /// A member city's code.
    city: Option<String>,
    /// From 1.
    page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/assistance", tag = "assistance", operation_id = "list_assistance_requests",
    security(("bearer" = [])),
    params(AssistanceQuery),
    responses((status = 200, description = "A page of the requests the caller may see, newest first: all for staff, a focal point's city's, an expert's assigned ones", body = AssistancePageDto),
        (status = 401, body = super::ApiErrorDto)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<AssistanceQuery>,
) -> Result<Json<AssistancePageDto>, WebError> {
    let filter = AssistanceListFilter {
        status: query.status.as_deref().and_then(AssistanceStatus::parse),
        city: query.city.as_deref().and_then(|c| CityCode::parse(c).ok()),
    };
    let found = state.app.assistance_requests(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    let today = state.app.today();
    Ok(Json(AssistancePageDto {
        items: found.items.iter().map(|r| dto(r, today)).collect(),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
    }))
}

#[utoipa::path(get, path = "/api/v1/assistance/{id}", tag = "assistance", operation_id = "show_assistance_request",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")),
    responses((status = 200, description = "The request", body = AssistanceDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<AssistanceDto>, WebError> {
    let id = crate::ui::events::parse_uuid(&id).map(AssistanceId)?;
    let view = state.app.assistance_request(&ctx.actor, id).await?;
    Ok(Json(dto(&view.request, state.app.today())))
}
