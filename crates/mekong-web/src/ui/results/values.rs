//! Reporting periods and the entry grid: one page per period and city (or the network) with
//! every indicator it reports, that works without JavaScript and with the keyboard (one field
//! per cell, in reading order), its spreadsheet download and upload, and the review of values.

use super::figure;
use super::logframe::{sheet_problems, uploaded_file};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::events::parse_uuid;
use crate::ui::organisations::download;
use crate::ui::vocabulary;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::results::{CellEntry, GridScope, Review};
use mekong_core::ids::{IndicatorId, PeriodId, ValueId};
use mekong_core::results::{Flag, Measure, Period};
use mekong_core::validation::FieldErrors;
use serde::Deserialize;

/// One period as listed, with the version its lock button was drawn from.
pub struct PeriodLine {
    pub id: String,
    pub code: String,
    pub dates: String,
    pub locked: bool,
    pub version: i32,
}

#[derive(Template)]
#[template(path = "results/periods.html")]
struct PeriodsPage {
    ctx: PageCtx,
    code: String,
    periods: Vec<PeriodLine>,
    scopes: Vec<(String, String)>,
    manage: bool,
    errors: FieldErrors,
    /// The new period's fields as typed, shown back when they cannot be saved.
    new_period: PeriodInput,
    /// A lock or unlock made from an older version of a period: which one, and what differs.
    conflict: Option<(String, ConflictView)>,
}

/// What the periods page shows beyond the periods themselves.
#[derive(Default)]
struct PeriodsProblems {
    errors: FieldErrors,
    new_period: PeriodInput,
    conflict: Option<(String, ConflictView)>,
}

async fn periods_page(
    state: &AppState,
    ctx: PageCtx,
    code: String,
    problems: PeriodsProblems,
) -> Result<Response, WebError> {
    let logframe = state.app.logframe(&ctx.actor, &code).await?;
    let manage = state.app.manages_results(&ctx.actor);
    let mut scopes: Vec<(String, String)> = Vec::new();
    if manage {
        scopes.push(("network".into(), ctx.t("grid-network")));
    }
    for city in state.app.list_cities(&ctx.actor).await?.iter() {
        let own = ctx.actor.focal_cities().contains(&city.code);
        if manage || own {
            scopes.push((city.code.to_string(), city.romanised_name(ctx.tr.lang).to_owned()));
        }
    }
    let lang = ctx.tr.lang;
    let page = PeriodsPage {
        periods: logframe
            .periods
            .iter()
            .map(|p| PeriodLine {
                id: p.id.to_string(),
                code: p.code.clone(),
                dates: format!(
                    "{} – {}",
                    mekong_i18n::format_date(lang, p.starts),
                    mekong_i18n::format_date(lang, p.ends)
                ),
                locked: p.locked,
                version: p.version,
            })
            .collect(),
        scopes,
        manage,
        errors: problems.errors,
        new_period: problems.new_period,
        conflict: problems.conflict,
        code,
        ctx,
    };
    let status = form_status(&page.errors, page.conflict.as_ref().map(|(_, view)| view));
    Ok(render_with_status(status, &page))
}

pub async fn periods(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    periods_page(&state, ctx, code, PeriodsProblems::default()).await
}

#[derive(Deserialize, Default)]
pub struct PeriodInput {
    #[serde(default)]
    code: String,
    #[serde(default)]
    starts: String,
    #[serde(default)]
    ends: String,
}

pub async fn add_period(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<PeriodInput>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::default();
    let starts = mekong_core::people::parse_date(&input.starts, "starts", &mut errors);
    let ends = mekong_core::people::parse_date(&input.ends, "ends", &mut errors);
    let (Some(starts), Some(ends)) = (starts, ends) else {
        for (field, value) in [("starts", &input.starts), ("ends", &input.ends)] {
            if value.trim().is_empty() && errors.for_field(field).is_none() {
                errors.add(field, "error-required");
            }
        }
        return periods_page(&state, ctx, code, PeriodsProblems { errors, new_period: input, conflict: None }).await;
    };
    let period = Period {
        id: PeriodId::new(),
        programme: mekong_core::ids::ProgrammeId::default(),
        code: input.code.trim().to_owned(),
        starts,
        ends,
        locked: false,
        version: mekong_core::first_version(),
    };
    match state.app.save_period(&ctx.actor, &code, period).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/results/{code}/periods"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            periods_page(&state, ctx, code, PeriodsProblems { errors, new_period: input, conflict: None }).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct LockInput {
    #[serde(default)]
    locked: String,
    #[serde(default)]
    version: i32,
}

pub async fn lock_period(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, period)): Path<(String, String)>,
    Form(input): Form<LockInput>,
) -> Result<Response, WebError> {
    let id = PeriodId(parse_uuid(&period)?);
    let locked = input.locked == "yes";
    match state.app.set_period_locked(&ctx.actor, &code, id, locked, input.version).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/results/{code}/periods"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Conflict) => {
            let saved = state.app.logframe(&ctx.actor, &code).await?.period(id).cloned().ok_or(AppError::NotFound)?;
            let label = |locked: bool| ctx.t(if locked { "period-locked" } else { "period-open" });
            let view = ConflictView::compare(&ctx, [("field-status", label(locked), label(saved.locked))]);
            let problems = PeriodsProblems { conflict: Some((saved.code, view)), ..PeriodsProblems::default() };
            periods_page(&state, ctx, code, problems).await
        }
        Err(other) => Err(other.into()),
    }
}

/// One input of the grid.
pub struct CellInput {
    pub name: String,
    pub label: String,
    pub value: String,
    pub status: String,
    pub version: i32,
    pub problem: Option<String>,
    pub review_comment: String,
}

pub struct RowView {
    pub id: String,
    /// Evidence files of the total: link and name.
    pub evidence: Vec<(String, String)>,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub qualitative: bool,
    /// Answered by a choice of yes or no rather than typed.
    pub yes_no: bool,
    /// What the value is compared with, beside its cells: label and figure.
    pub context: Vec<(String, String)>,
    pub cells: Vec<CellInput>,
    pub comment: String,
    pub comment_name: String,
    pub flags: Vec<String>,
}

#[derive(Template)]
#[template(path = "results/grid.html")]
struct GridPage {
    ctx: PageCtx,
    code: String,
    period: String,
    scope_name: String,
    /// A city's grid shows the network's baseline and targets: said once above the rows.
    city_grid: bool,
    action: String,
    rows: Vec<RowView>,
    editable: bool,
    reviewer: bool,
    sheet_errors: Vec<String>,
    has_errors: bool,
    conflict: Option<ConflictView>,
    page: u64,
    pages: u64,
    /// The grid's address, ready for a page number.
    pager: String,
}

/// A grid form posted back: its cells as typed, their errors, and whether some were saved by
/// someone else since the form was read (then the cells that differ are listed).
struct Submitted<'a> {
    cells: &'a [CellEntry],
    errors: &'a FieldErrors,
    stale: bool,
}

fn scope_of(raw: &str) -> Result<GridScope, WebError> {
    GridScope::parse(raw).ok_or(WebError(AppError::NotFound))
}

fn flag_text(ctx: &PageCtx, flag: &Flag) -> String {
    match flag {
        Flag::CellsDoNotAddUp { dimension, sum, total } => ctx.tr.t_with(
            "flag-cells-do-not-add-up",
            &[
                ("dimension", mekong_i18n::Arg::from(vocabulary::label(ctx, "dimension", dimension.code()).as_str())),
                ("sum", mekong_i18n::Arg::from(figure(ctx, *sum).as_str())),
                ("total", mekong_i18n::Arg::from(figure(ctx, *total).as_str())),
            ],
        ),
        Flag::FarFromPrevious { value, previous_median } => ctx.tr.t_with(
            "flag-far-from-previous",
            &[
                ("value", mekong_i18n::Arg::from(figure(ctx, *value).as_str())),
                ("median", mekong_i18n::Arg::from(figure(ctx, *previous_median).as_str())),
            ],
        ),
    }
}

/// Which grid a page shows: the programme, period, scope and page.
struct GridAt {
    code: String,
    period: PeriodId,
    scope: GridScope,
    page: u64,
}

async fn grid_page(
    state: &AppState,
    ctx: PageCtx,
    at: GridAt,
    submitted: Option<Submitted<'_>>,
    sheet_errors: Vec<String>,
) -> Result<Response, WebError> {
    let GridAt { code, period, scope, page } = at;
    let grid = state.app.grid_page(&ctx.actor, &code, period, scope, page).await?;
    let lang = ctx.tr.lang;
    let mut changed_since = Vec::new();
    let rows = grid
        .rows
        .iter()
        .map(|row| {
            let indicator = &row.indicator;
            let qualitative = indicator.measure == Measure::Qualitative;
            let cells = row
                .cells
                .iter()
                .map(|(cell, stored)| {
                    let name = mekong_app::results::cell_field(indicator.id, cell);
                    let typed = submitted
                        .as_ref()
                        .and_then(|s| s.cells.iter().find(|e| e.indicator == indicator.id && e.cell == *cell));
                    let saved = match stored {
                        Some(v) if qualitative => v.comment.clone(),
                        Some(v) => v.value.map(mekong_core::numbers::format_for_input).unwrap_or_default(),
                        None => String::new(),
                    };
                    let stored_version = stored.as_ref().map_or(0, |v| v.version);
                    if let (Some(entry), true) = (typed, submitted.as_ref().is_some_and(|s| s.stale))
                        && entry.version != stored_version
                    {
                        let label = format!("{} {}", indicator.code, super::cell_label(&ctx, cell));
                        changed_since.push((label, entry.raw.clone(), saved.clone()));
                    }
                    CellInput {
                        label: super::cell_label(&ctx, cell),
                        problem: submitted.as_ref().and_then(|s| ctx.field_error(s.errors, &name)),
                        status: stored
                            .as_ref()
                            .map(|v| vocabulary::label(&ctx, "value-status", v.status.code()))
                            .unwrap_or_default(),
                        version: stored_version,
                        review_comment: stored.as_ref().map(|v| v.review_comment.clone()).unwrap_or_default(),
                        name,
                        value: typed.map_or(saved, |entry| entry.raw.clone()),
                    }
                })
                .collect();
            let total = row.cells.iter().find(|(c, _)| c.is_empty()).and_then(|(_, v)| v.clone());
            let context = grid_context(&ctx, &grid.period, row);
            RowView {
                yes_no: indicator.measure == Measure::YesNo,
                context,
                evidence: total
                    .iter()
                    .flat_map(|v| v.evidence.iter())
                    .map(|d| {
                        (
                            format!(
                                "/results/{code}/periods/{}/{}/evidence/{}",
                                grid.period.id,
                                grid.scope.key(),
                                d.sha256
                            ),
                            d.name.clone(),
                        )
                    })
                    .collect(),
                id: indicator.id.to_string(),
                code: indicator.code.clone(),
                name: indicator.name.get(lang).to_owned(),
                unit: indicator.unit.clone(),
                qualitative,
                cells,
                comment: total.filter(|_| !qualitative).map(|v| v.comment).unwrap_or_default(),
                comment_name: format!("c.{}", indicator.id),
                flags: row.flags.iter().map(|f| flag_text(&ctx, f)).collect(),
            }
        })
        .collect();
    let scope_name = match &grid.scope {
        GridScope::Network => ctx.t("grid-network"),
        GridScope::City(city) => state
            .app
            .city(&ctx.actor, city.as_str())
            .await
            .map(|c| c.romanised_name(lang).to_owned())
            .unwrap_or_else(|_| city.to_string()),
    };
    let has_errors = submitted.as_ref().is_some_and(|s| !s.errors.is_empty()) || !sheet_errors.is_empty();
    // Cells are labelled with their indicator's code: the rows compared are read, not translated.
    let conflict = submitted.as_ref().filter(|s| s.stale).map(|_| ConflictView {
        rows: changed_since
            .into_iter()
            .map(|(label, yours, saved)| crate::ui::conflict::ConflictRow { label, yours, saved })
            .filter(|row| row.yours.trim() != row.saved.trim())
            .collect(),
    });
    let page = GridPage {
        action: format!("/results/{code}/periods/{}/{}", grid.period.id, grid.scope.key()),
        period: grid.period.code.clone(),
        scope_name,
        city_grid: matches!(grid.scope, GridScope::City(_)),
        editable: grid.editable,
        reviewer: grid.reviewer,
        rows,
        sheet_errors,
        has_errors,
        conflict,
        page: grid.page,
        pages: grid.pages,
        pager: format!("/results/{code}/periods/{}/{}?", grid.period.id, grid.scope.key()),
        code,
        ctx,
    };
    let status = match (&page.conflict, page.has_errors) {
        (Some(_), _) => StatusCode::CONFLICT,
        (None, true) => StatusCode::UNPROCESSABLE_ENTITY,
        (None, false) => StatusCode::OK,
    };
    Ok(render_with_status(status, &page))
}

/// Beside each row's cells, what a focal point checks a value against (as DHIS2 and
/// ActivityInfo forms show it): the unit, the baseline, this period's target (or, without one,
/// where the line to the next target stands at the period's end) and the previous period's value.
fn grid_context(ctx: &PageCtx, period: &Period, row: &mekong_app::results::GridRow) -> Vec<(String, String)> {
    let indicator = &row.indicator;
    let with_period = |key: &str, period: &str| ctx.tr.t_with(key, &[("period", mekong_i18n::Arg::from(period))]);
    let mut context = Vec::new();
    if !indicator.unit.is_empty() {
        context.push((ctx.t("field-unit"), indicator.unit.clone()));
    }
    if let Some(baseline) = indicator.baseline {
        let year = indicator.baseline_on.map(|d| format!(" ({})", d.year())).unwrap_or_default();
        context.push((ctx.t("field-baseline"), format!("{}{year}", figure(ctx, baseline))));
    }
    match (row.target, row.expected) {
        (Some(target), _) => context.push((with_period("grid-target-for", &period.code), figure(ctx, target))),
        (None, Some(expected)) => {
            context.push((with_period("grid-expected-for", &period.code), figure(ctx, expected)));
        }
        (None, None) => {}
    }
    let previous = match &row.previous {
        Some((code, value)) => (with_period("grid-previous", code), figure(ctx, *value)),
        None => (ctx.t("grid-previous-none"), "–".to_owned()),
    };
    context.push(previous);
    context
}

fn period_id(raw: &str) -> Result<PeriodId, WebError> {
    parse_uuid(raw).map(PeriodId)
}

/// The reader's grid for the period open for entry; the periods page when there is none.
pub async fn entry(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let to = match state.app.entry_grid(&ctx.actor, &code).await? {
        Some((period, scope)) => format!("/results/{code}/periods/{period}/{}", scope.key()),
        None => format!("/results/{code}/periods"),
    };
    Ok(axum::response::Redirect::to(&to).into_response())
}

/// A value's grid, where a search result for its evidence leads.
pub async fn value(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(value): Path<String>,
) -> Result<Response, WebError> {
    let to = state.app.value_grid_path(&ctx.actor, ValueId(parse_uuid(&value)?)).await?;
    Ok(axum::response::Redirect::to(&to).into_response())
}

/// Which page of a grid: its form posts back to the page it shows.
#[derive(Deserialize, Default)]
pub struct GridQuery {
    page: Option<u64>,
}

impl GridQuery {
    fn page(&self) -> u64 {
        self.page.unwrap_or(1)
    }

    /// The grid's address on this page.
    fn here(&self, code: &str, period: PeriodId, scope: &GridScope) -> String {
        format!("/results/{code}/periods/{period}/{}?page={}", scope.key(), self.page())
    }
}

pub async fn grid(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, period, scope)): Path<(String, String, String)>,
    Query(query): Query<GridQuery>,
) -> Result<Response, WebError> {
    let at = GridAt { code, period: period_id(&period)?, scope: scope_of(&scope)?, page: query.page() };
    grid_page(&state, ctx, at, None, Vec::new()).await
}

/// The grid's cells from the form: `v.<indicator>.<cell>` values, `n.<...>` versions, and
/// `c.<indicator>` comments.
fn entries(pairs: &[(String, String)]) -> Vec<CellEntry> {
    // One pass to index the form: it may be large, and is read before the reader's rights.
    let fields: std::collections::HashMap<&str, &str> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let comment =
        |indicator: &str| fields.get(format!("c.{indicator}").as_str()).map(|v| (*v).to_owned()).unwrap_or_default();
    pairs
        .iter()
        .filter_map(|(key, raw)| {
            let rest = key.strip_prefix("v.")?;
            let (indicator, cell) = rest.split_once('.')?;
            let version = fields.get(format!("n.{rest}").as_str()).and_then(|v| v.parse().ok()).unwrap_or(0);
            Some(CellEntry {
                indicator: IndicatorId(uuid::Uuid::parse_str(indicator).ok()?),
                cell: cell.to_owned(),
                raw: raw.clone(),
                comment: if cell.is_empty() { comment(indicator) } else { String::new() },
                version,
            })
        })
        .collect()
}

pub async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, period, scope)): Path<(String, String, String)>,
    Query(query): Query<GridQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (period, scope) = (period_id(&period)?, scope_of(&scope)?);
    let cells = entries(&pairs);
    let submit = pairs.iter().any(|(k, v)| k == "intent" && v == "submit");
    let here = query.here(&code, period, &scope);
    match state.app.save_grid(&ctx.actor, &code, period, scope.clone(), &cells, submit).await {
        Ok(_) => Ok(redirect_with_flash(
            &here,
            if submit { "flash-values-submitted" } else { "flash-saved" },
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) => {
            let submitted = Submitted { cells: &cells, errors: &errors, stale: false };
            grid_page(&state, ctx, GridAt { code, period, scope, page: query.page() }, Some(submitted), Vec::new())
                .await
        }
        Err(AppError::Conflict) => {
            let none = FieldErrors::default();
            let submitted = Submitted { cells: &cells, errors: &none, stale: true };
            grid_page(&state, ctx, GridAt { code, period, scope, page: query.page() }, Some(submitted), Vec::new())
                .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct ReviewInput {
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

pub async fn review(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, period, scope)): Path<(String, String, String)>,
    Query(query): Query<GridQuery>,
    Form(input): Form<ReviewInput>,
) -> Result<Response, WebError> {
    let (period, scope) = (period_id(&period)?, scope_of(&scope)?);
    let indicator = match input.indicator.trim() {
        "" => None,
        raw => Some(IndicatorId(parse_uuid(raw)?)),
    };
    let here = query.here(&code, period, &scope);
    let decision = Review { indicator, validate: input.decision == "validate", comment: input.comment };
    match state.app.review_values(&ctx.actor, &code, period, scope.clone(), &decision).await {
        Ok(_) => Ok(redirect_with_flash(&here, "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let problems = errors.0.iter().map(|e| ctx.t(&e.message)).collect();
            grid_page(&state, ctx, GridAt { code, period, scope, page: query.page() }, None, problems).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "results/history.html")]
struct HistoryPage {
    ctx: PageCtx,
    grid_href: String,
    title: String,
    history: Vec<crate::ui::audit::AuditRow>,
}

/// The history of a grid's values.
pub async fn history(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, period, scope)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let (period, scope) = (period_id(&period)?, scope_of(&scope)?);
    let entries = state.app.grid_history(&ctx.actor, &code, period, scope.clone()).await?;
    let period_code =
        state.app.logframe(&ctx.actor, &code).await?.period(period).map(|p| p.code.clone()).unwrap_or_default();
    Ok(render(&HistoryPage {
        grid_href: format!("/results/{code}/periods/{period}/{}", scope.key()),
        title: format!("{code} {period_code}: {}", scope.key()),
        history: entries.iter().map(|e| crate::ui::audit::AuditRow::new(e, &ctx)).collect(),
        ctx,
    }))
}

pub async fn sheet(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, period, scope)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let scope = scope_of(&scope)?;
    let table = state.app.grid_table(&ctx.actor, &code, period_id(&period)?, scope.clone()).await?;
    let bytes = mekong_docs::write_xlsx(&table, "Values").map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{code}-{}.xlsx", scope.key()),
    ))
}

/// Attaches an evidence file to an indicator's total (the form after the grid).
pub async fn attach_evidence(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, period, scope)): Path<(String, String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let (period, scope) = (period_id(&period)?, scope_of(&scope)?);
    // Rights first, then the file.
    state.app.grid(&ctx.actor, &code, period, scope.clone()).await?;
    let (mut indicator, mut upload) = (None, mekong_app::events::Upload { name: String::new(), bytes: Vec::new() });
    if let Ok(mut multipart) = multipart {
        while let Ok(Some(field)) = multipart.next_field().await {
            match field.name() {
                Some("indicator") => {
                    indicator = field.text().await.ok().and_then(|t| uuid::Uuid::parse_str(t.trim()).ok())
                }
                Some("file") => {
                    upload.name = field.file_name().unwrap_or_default().to_owned();
                    upload.bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                }
                _ => {}
            }
        }
    }
    let here = format!("/results/{code}/periods/{period}/{}", scope.key());
    let Some(indicator) = indicator.map(IndicatorId) else {
        let problem = ctx.t("error-evidence-indicator");
        return grid_page(&state, ctx, GridAt { code, period, scope, page: 1 }, None, vec![problem]).await;
    };
    match state.app.attach_evidence(&ctx.actor, &code, period, scope.clone(), indicator, &upload).await {
        Ok(_) => Ok(redirect_with_flash(&here, "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let problems = errors.0.iter().map(|e| ctx.t(&e.message)).collect();
            grid_page(&state, ctx, GridAt { code, period, scope, page: 1 }, None, problems).await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn evidence(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, period, scope, sha256)): Path<(String, String, String, String)>,
) -> Result<Response, WebError> {
    let (file, name, bytes) =
        state.app.evidence(&ctx.actor, &code, period_id(&period)?, scope_of(&scope)?, &sha256).await?;
    Ok(download(bytes, mekong_app::files::served_content_type(&file.content_type), &name))
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, period, scope)): Path<(String, String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let (period, scope) = (period_id(&period)?, scope_of(&scope)?);
    // Rights first, then the file.
    state.app.grid(&ctx.actor, &code, period, scope.clone()).await?;
    let bytes = uploaded_file(multipart).await;
    let here = format!("/results/{code}/periods/{period}/{}", scope.key());
    match state.app.upload_grid(&ctx.actor, &code, period, scope.clone(), &bytes).await {
        Ok(_) => Ok(redirect_with_flash(&here, "flash-imported", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let problems = sheet_problems(&ctx, &errors);
            grid_page(&state, ctx, GridAt { code, period, scope, page: 1 }, None, problems).await
        }
        Err(other) => Err(other.into()),
    }
}
