//! Good practices as JSON: a page of those the caller may see, one with each language version
//! and its status, and writing one (the shared facts and one language version) through the
//! same use case as the pages (the policy, the checks, the version, the trail).

use super::body::ApiJson;
use super::query::ApiQuery;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::practices::practice_id;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mekong_app::practices::{PracticeDraft, PracticeListFilter};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::practices::{Practice, TranslationStatus};
use mekong_core::vocabulary::Theme;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One language version of a practice.
#[derive(Serialize, ToSchema)]
pub struct PracticeTextDto {
    /// `fr`, `en`, `km`, `lo` or `vi`.
    lang: String,
    title: String,
    summary: String,
    problem: String,
    actions: String,
    results: String,
    /// `draft`, `needs_review` or `published`.
    status: String,
    /// The coordinator's comment when sent back (its writers only).
    review_comment: String,
}

/// A linked record of the directory or the results area.
#[derive(Serialize, ToSchema)]
pub struct LinkDto {
    id: String,
    name: String,
}

/// A photo (only those whose people agreed, for readers who do not write the practice).
#[derive(Serialize, ToSchema)]
pub struct PhotoDto {
    /// Its SHA-256: `/practices/{id}/files/{sha256}`.
    sha256: String,
    caption: String,
    credit: String,
    consent: bool,
}

/// A good practice: published versions only for readers who do not write it.
#[derive(Serialize, ToSchema)]
pub struct PracticeDto {
    id: String,
    /// The member city (`KH-PNH`).
    city: String,
    /// Theme codes.
    themes: Vec<String>,
    starts_on: Option<String>,
    ends_on: Option<String>,
    /// Minor units of `currency`.
    cost_minor: Option<i64>,
    currency: Option<String>,
    partners: Vec<LinkDto>,
    contact: Option<LinkDto>,
    indicators: Vec<LinkDto>,
    texts: Vec<PracticeTextDto>,
    photos: Vec<PhotoDto>,
    /// The documents' SHA-256.
    documents: Vec<String>,
    /// RFC 3339: when a first version was published.
    first_published_at: Option<String>,
    version: i32,
}

fn dto(practice: &Practice, writer: bool) -> PracticeDto {
    PracticeDto {
        id: practice.id.to_string(),
        city: practice.city.to_string(),
        themes: practice.themes.iter().map(|t| t.code().to_owned()).collect(),
        starts_on: practice.starts_on.map(|d| d.to_string()),
        ends_on: practice.ends_on.map(|d| d.to_string()),
        cost_minor: practice.cost.map(|c| c.amount_minor()),
        currency: practice.cost.map(|c| c.currency().code().to_owned()),
        partners: practice.partners.iter().map(|p| LinkDto { id: p.id.to_string(), name: p.name.clone() }).collect(),
        contact: practice.contact.as_ref().map(|c| LinkDto { id: c.id.to_string(), name: c.name.clone() }),
        indicators: practice
            .indicators
            .iter()
            .map(|i| LinkDto { id: i.id.to_string(), name: i.label.clone() })
            .collect(),
        texts: practice
            .texts
            .iter()
            .filter(|(_, t)| writer || t.status == TranslationStatus::Published)
            .map(|(lang, t)| PracticeTextDto {
                lang: lang.code().to_owned(),
                title: t.title.clone(),
                summary: t.summary.clone(),
                problem: t.problem.clone(),
                actions: t.actions.clone(),
                results: t.results.clone(),
                status: t.status.code().to_owned(),
                review_comment: if writer { t.review_comment.clone() } else { String::new() },
            })
            .collect(),
        photos: practice
            .photos
            .iter()
            .filter(|p| writer || p.consent)
            .map(|p| PhotoDto {
                sha256: p.file.sha256.clone(),
                caption: p.caption.clone(),
                credit: p.credit.clone(),
                consent: p.consent,
            })
            .collect(),
        documents: practice.documents.iter().map(|d| d.sha256.clone()).collect(),
        first_published_at: practice.first_published_at.map(|at| at.to_string()),
        version: practice.version,
    }
}

fn writes(ctx: &PageCtx, practice: &Practice) -> bool {
    mekong_app::policy::authorise(
        &ctx.actor,
        mekong_app::policy::Permission::WritePractices,
        &mekong_app::policy::Target::City(practice.city.clone()),
    )
    .is_ok()
}

/// A page of practices.
#[derive(Serialize, ToSchema)]
pub struct PracticePageDto {
    items: Vec<PracticeDto>,
    /// How many the caller may see with these filters.
    total: u64,
    /// From 1.
    page: u64,
    per_page: u64,
}

/// Filters of the practice list.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PracticeQuery {
    /// A theme code.
    theme: Option<String>,
    /// A member city's code.
    city: Option<String>,
    /// ISO 3166-1 alpha-2.
    country: Option<String>,
    /// Practices with a version in this language (`fr`, `en`, `km`, `lo`, `vi`).
    language: Option<String>,
    /// From 1.
    page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/practices", tag = "knowledge", operation_id = "list_practices",
    params(PracticeQuery),
    responses((status = 200, description = "A page of the practices the caller may see, the latest published first: published ones for everyone, a city's drafts for its focal points and the network's staff", body = PracticePageDto)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<PracticeQuery>,
) -> Result<Json<PracticePageDto>, WebError> {
    let filter = PracticeListFilter {
        theme: query.theme.as_deref().and_then(Theme::parse),
        city: query.city.as_deref().and_then(|c| CityCode::parse(c).ok()),
        country: query.country.map(|c| c.trim().to_ascii_uppercase()).filter(|c| c.len() == 2),
        language: query.language.as_deref().and_then(Lang::from_tag),
    };
    let found = state.app.practices(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    Ok(Json(PracticePageDto {
        items: found.items.iter().map(|p| dto(p, writes(&ctx, p))).collect(),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
    }))
}

#[utoipa::path(get, path = "/api/v1/practices/{id}", tag = "knowledge", operation_id = "show_practice",
    params(("id" = String, Path, description = "The practice's id")),
    responses((status = 200, description = "The practice", body = PracticeDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<PracticeDto>, WebError> {
    let view = state.app.practice(&ctx.actor, practice_id(&id)?).await?;
    Ok(Json(dto(&view.practice, view.may_write)))
}

/// A practice as a client sends it: the shared facts and one language version.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PracticeInput {
    /// The member city (`KH-PNH`); a focal point writes only their own city's. Ignored on update.
    #[schema(example = "KH-PNH")]
    city: String,
    /// Theme codes.
    themes: Vec<String>,
    /// `YYYY-MM-DD`.
    starts_on: String,
    ends_on: String,
    /// The cost in `currency`, `125000.50`; empty for none.
    cost: String,
    #[schema(example = "USD")]
    currency: String,
    /// Organisation ids.
    partners: Vec<String>,
    /// A person id.
    contact: String,
    /// Indicator ids of the results area.
    indicators: Vec<String>,
    /// The language version written: `fr`, `en`, `km`, `lo` or `vi`.
    #[schema(example = "km")]
    lang: String,
    title: String,
    summary: String,
    problem: String,
    actions: String,
    results: String,
    /// `draft`, `needs_review`; `published` for the coordinator (a focal point's becomes
    /// `needs_review`).
    #[schema(example = "needs_review")]
    status: String,
    /// For a change: the version read, so that a change made since is not overwritten.
    version: i32,
}

impl PracticeInput {
    fn draft(&self) -> PracticeDraft {
        PracticeDraft {
            city: self.city.clone(),
            themes: self.themes.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            cost: self.cost.clone(),
            currency: self.currency.clone(),
            // The machine form reads the same in every language.
            typed_in: Lang::En,
            partners: self.partners.clone(),
            contact: self.contact.clone(),
            indicators: self.indicators.clone(),
            lang: self.lang.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            problem: self.problem.clone(),
            actions: self.actions.clone(),
            results: self.results.clone(),
            status: self.status.clone(),
        }
    }
}

/// Creates a practice with its first language version.
#[utoipa::path(post, path = "/api/v1/practices", tag = "knowledge", operation_id = "create_practice",
    security(("bearer" = [])),
    request_body = PracticeInput,
    responses((status = 201, description = "Created", body = PracticeDto),
        (status = 403, description = "Not the caller's city", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiJson(input): ApiJson<PracticeInput>,
) -> Result<(StatusCode, Json<PracticeDto>), WebError> {
    let practice = state.app.create_practice(&ctx.actor, &input.draft(), &[]).await?;
    Ok((StatusCode::CREATED, Json(dto(&practice, true))))
}

/// Changes the shared facts and writes one language version, from the version read.
#[utoipa::path(put, path = "/api/v1/practices/{id}", tag = "knowledge", operation_id = "update_practice",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = PracticeInput,
    responses((status = 200, description = "Saved", body = PracticeDto),
        (status = 403, description = "Another city's practice", body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto),
        (status = 409, description = "Changed by someone else since the version sent", body = super::ApiErrorDto),
        (status = 422, description = "A field does not read (named in `fields`)", body = super::ApiErrorDto)))]
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    body: Result<ApiJson<PracticeInput>, WebError>,
) -> Result<Json<PracticeDto>, WebError> {
    let id = practice_id(&id)?;
    // Rights come before input: another city's practice answers 403 whatever was sent.
    let view = state.app.practice(&ctx.actor, id).await?;
    if !view.may_write {
        return Err(mekong_app::AppError::Forbidden.into());
    }
    let ApiJson(input) = body?;
    let practice = state.app.update_practice(&ctx.actor, id, input.version, &input.draft(), &[]).await?;
    Ok(Json(dto(&practice, true)))
}
