//! Funding as JSON: the opportunities (a page by theme, country, funder and whether open; one;
//! writing and changing one) and the applications to funders the caller may see.

use super::body::ApiJson;
use super::query::ApiQuery;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mekong_app::AppError;
use mekong_app::funding::{OpportunityDraft, OpportunityListFilter};
use mekong_core::Lang;
use mekong_core::funding::{FundingApplication, Opportunity};
use mekong_core::ids::{FundingApplicationId, OpportunityId, OrganisationId};
use mekong_core::money::Money;
use mekong_core::people::CountryCode;
use mekong_core::vocabulary::Theme;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An amount in minor units of its currency (cents; dong have none).
#[derive(Serialize, ToSchema)]
pub struct AmountDto {
    amount_minor: i64,
    /// ISO 4217.
    currency: String,
}

fn amount(money: Money) -> AmountDto {
    AmountDto { amount_minor: money.amount_minor(), currency: money.currency().code().to_owned() }
}

/// The deadline: the wall-clock time the funder states, its zone, and the exact instant.
#[derive(Serialize, ToSchema)]
pub struct FundingDeadlineDto {
    /// `2027-03-31T23:59:59`, in `time_zone`.
    local: String,
    /// IANA (`Europe/Paris`).
    time_zone: String,
    /// RFC 3339, UTC.
    instant: String,
}

/// A funding opportunity.
#[derive(Serialize, ToSchema)]
pub struct OpportunityDto {
    id: String,
    /// The funder, an organisation of the directory.
    funder: String,
    funder_name: String,
    /// The title by language code (`fr`, `en`, `km`, `lo`, `vi`), those given.
    title: std::collections::BTreeMap<String, String>,
    deadline: FundingDeadlineDto,
    /// Whether applications are still received now.
    open: bool,
    minimum: Option<AmountDto>,
    maximum: Option<AmountDto>,
    /// The share the funder pays, in basis points (8000 is 80 %).
    co_financing_basis_points: Option<u16>,
    /// Organisation kind codes; none: anyone.
    applicant_kinds: Vec<String>,
    /// ISO 3166-1 alpha-2 codes; none: anywhere.
    countries: Vec<String>,
    /// Theme codes.
    themes: Vec<String>,
    link: String,
    /// The documents' SHA-256, to fetch at `/funding/{id}/documents/{sha256}`.
    documents: Vec<String>,
    version: i32,
}

fn opportunity_dto(o: &Opportunity, now: jiff::Timestamp) -> OpportunityDto {
    OpportunityDto {
        id: o.id.to_string(),
        funder: o.funder.to_string(),
        funder_name: o.funder_name.clone(),
        title: Lang::ALL
            .iter()
            .filter_map(|l| o.title.exact(*l).map(|t| (l.code().to_owned(), t.to_owned())))
            .collect(),
        deadline: FundingDeadlineDto {
            local: o.deadline.local.to_string(),
            time_zone: o.deadline.time_zone.clone(),
            instant: o.deadline.instant.to_string(),
        },
        open: o.open(now),
        minimum: o.minimum.map(amount),
        maximum: o.maximum.map(amount),
        co_financing_basis_points: o.co_financing.map(|r| r.basis_points()),
        applicant_kinds: o.applicant_kinds.iter().map(|k| k.code().to_owned()).collect(),
        countries: o.countries.iter().map(|c| c.as_str().to_owned()).collect(),
        themes: o.themes.iter().map(|t| t.code().to_owned()).collect(),
        link: o.link.clone(),
        documents: o.documents.iter().map(|d| d.sha256.clone()).collect(),
        version: o.version,
    }
}

/// A page of opportunities.
#[derive(Serialize, ToSchema)]
pub struct OpportunityPageDto {
    items: Vec<OpportunityDto>,
    total: u64,
    /// From 1.
    page: u64,
    per_page: u64,
}

/// Filters of the opportunity list.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct OpportunityQuery {
    /// A theme code.
    theme: Option<String>,
    /// Open to applicants of this country (ISO alpha-2).
    country: Option<String>,
    /// The funder's id.
    funder: Option<String>,
    /// `open` or `closed`.
    status: Option<String>,
    /// From 1.
    page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/funding/opportunities", tag = "funding", operation_id = "list_opportunities",
    security(("bearer" = [])),
    params(OpportunityQuery),
    responses((status = 200, description = "A page of opportunities, the nearest deadline first", body = OpportunityPageDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<OpportunityQuery>,
) -> Result<Json<OpportunityPageDto>, WebError> {
    let filter = OpportunityListFilter {
        theme: query.theme.as_deref().and_then(Theme::parse),
        country: query.country.as_deref().and_then(CountryCode::parse),
        funder: query.funder.as_deref().and_then(|f| uuid::Uuid::parse_str(f).ok()).map(OrganisationId),
        open: match query.status.as_deref() {
            Some("open") => Some(true),
            Some("closed") => Some(false),
            _ => None,
        },
    };
    let found = state.app.opportunities(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    let now = state.app.now();
    Ok(Json(OpportunityPageDto {
        items: found.items.iter().map(|o| opportunity_dto(o, now)).collect(),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
    }))
}

fn opportunity_id(raw: &str) -> Result<OpportunityId, WebError> {
    crate::ui::events::parse_uuid(raw).map(OpportunityId)
}

#[utoipa::path(get, path = "/api/v1/funding/opportunities/{id}", tag = "funding", operation_id = "show_opportunity",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The opportunity's id")),
    responses((status = 200, description = "The opportunity", body = OpportunityDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<OpportunityDto>, WebError> {
    let opportunity = state.app.opportunity_record(&ctx.actor, opportunity_id(&id)?).await?;
    Ok(Json(opportunity_dto(&opportunity, state.app.now())))
}

/// An opportunity as written; amounts in the machine form (`50000.00`), the rate in percent.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct OpportunityInput {
    /// The funder's id (an organisation of kind funder).
    funder: String,
    /// The title by language code; one at least.
    title: std::collections::BTreeMap<String, String>,
    /// `2027-03-31`.
    deadline_date: String,
    /// `23:59:59` (the default).
    deadline_time: String,
    /// IANA; the network's when empty.
    time_zone: String,
    /// ISO 4217 of the amounts.
    currency: String,
    minimum: String,
    maximum: String,
    /// Percent, two decimals at most (`80`, `62.5`).
    co_financing: String,
    applicant_kinds: Vec<String>,
    countries: Vec<String>,
    themes: Vec<String>,
    link: String,
    /// The version changed (updates only).
    version: i32,
}

impl OpportunityInput {
    fn draft(&self) -> OpportunityDraft {
        OpportunityDraft {
            funder: self.funder.clone(),
            titles: Lang::ALL.iter().map(|l| (*l, self.title.get(l.code()).cloned().unwrap_or_default())).collect(),
            deadline_date: self.deadline_date.clone(),
            deadline_time: self.deadline_time.clone(),
            time_zone: self.time_zone.clone(),
            currency: self.currency.clone(),
            minimum: self.minimum.clone(),
            maximum: self.maximum.clone(),
            co_financing: self.co_financing.clone(),
            applicant_kinds: self.applicant_kinds.join(","),
            countries: self.countries.join(","),
            themes: self.themes.join(","),
            link: self.link.clone(),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/funding/opportunities", tag = "funding", operation_id = "create_opportunity",
    security(("bearer" = [])),
    request_body = OpportunityInput,
    responses((status = 201, description = "Created", body = OpportunityDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    body: Result<ApiJson<OpportunityInput>, WebError>,
) -> Result<(StatusCode, Json<OpportunityDto>), WebError> {
    let (input, unreadable) = match body {
        Ok(ApiJson(input)) => (input, None),
        Err(error) => (OpportunityInput::default(), Some(error)),
    };
    // Machine amounts read the same in every language: the API reads them as English.
    match state.app.save_opportunity(&ctx.actor, None, &input.draft(), Lang::En, &[]).await {
        Ok(saved) => Ok((StatusCode::CREATED, Json(opportunity_dto(&saved, state.app.now())))),
        Err(error @ (AppError::Forbidden | AppError::Unauthenticated)) => Err(error.into()),
        Err(error) => Err(unreadable.unwrap_or(WebError(error))),
    }
}

#[utoipa::path(put, path = "/api/v1/funding/opportunities/{id}", tag = "funding", operation_id = "update_opportunity",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = OpportunityInput,
    responses((status = 200, description = "Saved", body = OpportunityDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "Changed by someone else since the version sent", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    body: Result<ApiJson<OpportunityInput>, WebError>,
) -> Result<Json<OpportunityDto>, WebError> {
    let id = opportunity_id(&id)?;
    let (input, unreadable) = match body {
        Ok(ApiJson(input)) => (input, None),
        Err(error) => (OpportunityInput::default(), Some(error)),
    };
    match state.app.save_opportunity(&ctx.actor, Some((id, input.version)), &input.draft(), Lang::En, &[]).await {
        Ok(saved) => Ok(Json(opportunity_dto(&saved, state.app.now()))),
        Err(error @ (AppError::Forbidden | AppError::Unauthenticated | AppError::NotFound)) => Err(error.into()),
        Err(error) => Err(unreadable.unwrap_or(WebError(error))),
    }
}

/// An application to a funder.
#[derive(Serialize, ToSchema)]
pub struct FundingApplicationDto {
    id: String,
    opportunity: String,
    funder: String,
    /// The applicant city (`LA-VTE`).
    city: String,
    /// The project it funds, when there is one.
    project: Option<String>,
    owner_name: String,
    requested: AmountDto,
    /// `preparing`, `submitted`, `won` or `lost`.
    status: String,
    outcome_on: Option<String>,
    granted: Option<AmountDto>,
    comment: Option<String>,
    version: i32,
}

fn application_dto(a: &FundingApplication) -> FundingApplicationDto {
    FundingApplicationDto {
        id: a.id.to_string(),
        opportunity: a.opportunity.to_string(),
        funder: a.funder.to_string(),
        city: a.city.to_string(),
        project: a.project.map(|p| p.to_string()),
        owner_name: a.owner_name.clone(),
        requested: amount(a.requested),
        status: a.status.code().to_owned(),
        outcome_on: a.outcome.as_ref().map(|o| o.on.to_string()),
        granted: a.outcome.as_ref().and_then(|o| o.granted).map(amount),
        comment: a.outcome.as_ref().map(|o| o.comment.clone()),
        version: a.version,
    }
}

/// Which page of a list to read.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageOnly {
    /// From 1.
    page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/funding/opportunities/{id}/applications", tag = "funding", operation_id = "list_funding_applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The opportunity's id"), PageOnly),
    responses((status = 200, description = "A page of 50 of the applications to the opportunity the caller may see (all for staff, a focal point's city's), the latest first", body = [FundingApplicationDto]),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn applications(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<PageOnly>,
) -> Result<Json<Vec<FundingApplicationDto>>, WebError> {
    let id = opportunity_id(&id)?;
    state.app.opportunity_record(&ctx.actor, id).await?;
    let page = state.app.opportunity_applications(&ctx.actor, id, query.page.unwrap_or(1)).await?;
    Ok(Json(page.items.iter().map(application_dto).collect()))
}

#[utoipa::path(get, path = "/api/v1/funding/applications/{funding_application}", tag = "funding", operation_id = "show_funding_application",
    security(("bearer" = [])),
    params(("funding_application" = String, Path, description = "The application's id")),
    responses((status = 200, description = "The application", body = FundingApplicationDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn application(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(application): Path<String>,
) -> Result<Json<FundingApplicationDto>, WebError> {
    let id = crate::ui::events::parse_uuid(&application).map(FundingApplicationId)?;
    Ok(Json(application_dto(&state.app.funding_application(&ctx.actor, id).await?)))
}
