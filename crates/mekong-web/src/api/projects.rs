//! The project pipeline as JSON: the portfolio (a page of the projects the caller may see with
//! counts per stage and totals per currency), one project, and writing through the same use
//! cases as the pages: create, update (at a version) and a stage move.

use super::body::ApiJson;
use super::events::MoneyDto;
use super::query::ApiQuery;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::projects::project_id;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mekong_app::AppError;
use mekong_app::projects::{PortfolioFilter, ProjectDraft};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::ids::OrganisationId;
use mekong_core::projects::{Project, Stage};
use mekong_core::vocabulary::Theme;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A document of the project.
#[derive(Serialize, ToSchema)]
pub struct ProjectDocumentDto {
    /// `concept_note`, `full_proposal`, `budget`, `funder_decision`, `agreement`, `final_report`, `other`.
    kind: String,
    name: String,
    sha256: String,
}

/// The secretariat's approval of the submission.
#[derive(Serialize, ToSchema)]
pub struct ApprovalDto {
    /// `requested`, `approved` or `sent_back`.
    status: String,
    requested_by: String,
    decided_by: String,
    comment: String,
}

/// A project of the pipeline.
#[derive(Serialize, ToSchema)]
pub struct ProjectDto {
    id: String,
    /// `PRJ-2026-004`: also the code of its results programme (`/api/v1/...` of the results area).
    number: String,
    /// The title in each language given, by language code.
    title: std::collections::BTreeMap<String, String>,
    summary: String,
    /// Member cities' codes.
    cities: Vec<String>,
    /// Partner organisations' ids.
    partners: Vec<String>,
    funder: Option<String>,
    opportunity: Option<String>,
    starts_on: Option<String>,
    ends_on: Option<String>,
    budget: Option<MoneyDto>,
    /// Theme codes.
    themes: Vec<String>,
    owner: Option<String>,
    owner_name: String,
    /// `idea`, `concept_note`, `full_proposal`, `submitted`, `approved`, `rejected`, `implementation`, `closed`.
    stage: String,
    documents: Vec<ProjectDocumentDto>,
    /// Monitoring visits: mission orders' ids.
    missions: Vec<String>,
    approval: Option<ApprovalDto>,
    version: i32,
}

impl From<&Project> for ProjectDto {
    fn from(project: &Project) -> ProjectDto {
        ProjectDto {
            id: project.id.to_string(),
            number: project.number.clone(),
            title: Lang::ALL
                .iter()
                .filter_map(|l| project.title.exact(*l).map(|t| (l.code().to_owned(), t.to_owned())))
                .collect(),
            summary: project.summary.clone(),
            cities: project.cities.iter().map(ToString::to_string).collect(),
            partners: project.partners.iter().map(ToString::to_string).collect(),
            funder: project.funder.map(|f| f.to_string()),
            opportunity: project.opportunity.map(|o| o.to_string()),
            starts_on: project.starts_on.map(|d| d.to_string()),
            ends_on: project.ends_on.map(|d| d.to_string()),
            budget: project.budget.map(MoneyDto::from),
            themes: project.themes.iter().map(|t| t.code().to_owned()).collect(),
            owner: project.owner.map(|o| o.to_string()),
            owner_name: project.owner_name.clone(),
            stage: project.stage.code().to_owned(),
            documents: project
                .documents
                .iter()
                .map(|d| ProjectDocumentDto {
                    kind: d.kind.code().to_owned(),
                    name: d.document.name.clone(),
                    sha256: d.document.sha256.clone(),
                })
                .collect(),
            missions: project.missions.iter().map(ToString::to_string).collect(),
            approval: project.approval.as_ref().map(|a| ApprovalDto {
                status: a.status.code().to_owned(),
                requested_by: a.requested_by.clone(),
                decided_by: a.decided_by.clone(),
                comment: a.comment.clone(),
            }),
            version: project.version,
        }
    }
}

/// How many projects stand at a stage.
#[derive(Serialize, ToSchema)]
pub struct StageCountDto {
    stage: String,
    count: i64,
}

/// A page of the portfolio.
#[derive(Serialize, ToSchema)]
pub struct ProjectPageDto {
    items: Vec<ProjectDto>,
    /// How many the caller may see with these filters.
    total: u64,
    /// From 1.
    page: u64,
    per_page: u64,
    /// Every stage with its count (with the other filters).
    stages: Vec<StageCountDto>,
    /// The budgets summed per currency, never across currencies.
    totals: Vec<MoneyDto>,
}

/// Filters of the portfolio.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ProjectQuery {
    /// A stage code.
    stage: Option<String>,
    /// A member city's code.
    city: Option<String>,
    /// A theme code.
    theme: Option<String>,
    /// The funder organisation's id.
    funder: Option<String>,
    /// From 1.
    page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/projects", tag = "projects", operation_id = "list_projects",
    security(("bearer" = [])),
    params(ProjectQuery),
    responses((status = 200, description = "A page of the projects the caller may see, newest first: all for staff, a focal point's cities', a partner's organisation's", body = ProjectPageDto),
        (status = 401, body = super::ApiErrorDto)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<ProjectQuery>,
) -> Result<Json<ProjectPageDto>, WebError> {
    let filter = PortfolioFilter {
        stage: query.stage.as_deref().and_then(Stage::parse),
        city: query.city.as_deref().and_then(|c| CityCode::parse(c).ok()),
        theme: query.theme.as_deref().and_then(Theme::parse),
        funder: query.funder.as_deref().and_then(|f| uuid::Uuid::parse_str(f).ok()).map(OrganisationId),
    };
    let portfolio = state.app.portfolio(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    Ok(Json(ProjectPageDto {
        items: portfolio.projects.items.iter().map(ProjectDto::from).collect(),
        total: portfolio.projects.total,
        page: portfolio.projects.page,
        per_page: portfolio.projects.per_page,
        stages: portfolio.stages.iter().map(|(s, n)| StageCountDto { stage: s.code().to_owned(), count: *n }).collect(),
        totals: portfolio.totals.into_iter().map(MoneyDto::from).collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "projects", operation_id = "show_project",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The project's id")),
    responses((status = 200, description = "The project", body = ProjectDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<ProjectDto>, WebError> {
    let view = state.app.project(&ctx.actor, project_id(&id)?).await?;
    Ok(Json(ProjectDto::from(&view.project)))
}

/// A project as sent: every field as text, read as the form reads it (amounts in English).
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ProjectInput {
    /// The title by language code (`fr`, `en`, `km`, `lo`, `vi`).
    title: std::collections::BTreeMap<String, String>,
    summary: String,
    #[schema(example = json!(["LA-VTE"]))]
    cities: Vec<String>,
    partners: Vec<String>,
    funder: String,
    opportunity: String,
    #[schema(example = "2027-01-01")]
    starts_on: String,
    ends_on: String,
    #[schema(example = "250000.00")]
    budget: String,
    #[schema(example = "EUR")]
    currency: String,
    #[schema(example = json!(["urban_resilience"]))]
    themes: Vec<String>,
    owner: String,
    /// The version read, for an update.
    version: i32,
}

impl ProjectInput {
    fn draft(&self) -> ProjectDraft {
        ProjectDraft {
            titles: self.title.iter().filter_map(|(l, t)| Lang::from_tag(l).map(|l| (l, t.clone()))).collect(),
            summary: self.summary.clone(),
            cities: self.cities.clone(),
            partners: self.partners.clone(),
            funder: self.funder.clone(),
            opportunity: self.opportunity.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            budget: self.budget.clone(),
            currency: self.currency.clone(),
            themes: self.themes.clone(),
            owner: self.owner.clone(),
            typed_in: Lang::En,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/projects", tag = "projects", operation_id = "create_project",
    security(("bearer" = [])),
    request_body = ProjectInput,
    responses((status = 201, description = "Proposed at the idea stage, with its results programme", body = ProjectDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiJson(input): ApiJson<ProjectInput>,
) -> Result<(StatusCode, Json<ProjectDto>), WebError> {
    let project = state.app.create_project(&ctx.actor, &input.draft()).await?;
    Ok((StatusCode::CREATED, Json(ProjectDto::from(&project))))
}

#[utoipa::path(put, path = "/api/v1/projects/{id}", tag = "projects", operation_id = "update_project",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = ProjectInput,
    responses((status = 200, description = "Saved", body = ProjectDto),
        (status = 403, body = super::ApiErrorDto), (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "Changed by someone else since the version sent", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    body: Result<ApiJson<ProjectInput>, WebError>,
) -> Result<Json<ProjectDto>, WebError> {
    let id = project_id(&id)?;
    // Rights come before input: another city's project answers 403 whatever was sent.
    let (input, unreadable) = match body {
        Ok(ApiJson(input)) => (input, None),
        Err(error) => (ProjectInput::default(), Some(error)),
    };
    match state.app.update_project(&ctx.actor, id, input.version, &input.draft()).await {
        Ok(saved) => Ok(Json(ProjectDto::from(&saved))),
        Err(error @ (AppError::Forbidden | AppError::Unauthenticated | AppError::NotFound)) => Err(error.into()),
        Err(error) => Err(unreadable.unwrap_or(WebError(error))),
    }
}

/// A stage move.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct StageInput {
    #[schema(example = "concept_note")]
    stage: String,
    /// The version read.
    version: i32,
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/stage", tag = "projects", operation_id = "move_project",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = StageInput,
    responses((status = 200, description = "Moved", body = ProjectDto),
        (status = 403, body = super::ApiErrorDto), (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "Changed by someone else since the version sent", body = super::ApiErrorDto),
        (status = 422, description = "Not a next stage, or the checklist's missing items, each named in `fields` (field `checklist`)", body = super::ApiErrorDto)))]
pub async fn move_stage(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    body: Result<ApiJson<StageInput>, WebError>,
) -> Result<Json<ProjectDto>, WebError> {
    let id = project_id(&id)?;
    let (input, unreadable) = match body {
        Ok(ApiJson(input)) => (input, None),
        Err(error) => (StageInput::default(), Some(error)),
    };
    match state.app.move_project(&ctx.actor, id, input.version, &input.stage).await {
        Ok(moved) => Ok(Json(ProjectDto::from(&moved))),
        Err(error @ (AppError::Forbidden | AppError::Unauthenticated | AppError::NotFound)) => Err(error.into()),
        Err(error) => Err(unreadable.unwrap_or(WebError(error))),
    }
}
