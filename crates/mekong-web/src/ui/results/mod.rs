//! The results pages: the programmes, a programme's dashboard (each indicator's standing),
//! an indicator's page with its charts, and the indicator form. The logframe, the values and
//! the action plan have their own modules, as in the application layer.

pub mod iati;
pub mod logframe;
pub mod plan;
pub mod values;

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::events::{event_row, parse_uuid};
use crate::ui::vocabulary::{self, Choice};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::results::{CITIES_PER_PAGE, IndicatorDraft, IndicatorSummary, Logframe, ProgrammeDraft};
use mekong_core::Lang;
use mekong_core::ids::IndicatorId;
use mekong_core::results::{Computation, Dimension, Direction, IndicatorStatus, Measure, ReportedBy};
use mekong_core::validation::FieldErrors;

/// A number as the reader writes it (no decimals when whole).
pub(crate) fn figure(ctx: &PageCtx, value: f64) -> String {
    if value.fract() == 0.0 { ctx.tr.decimal(value, 0) } else { ctx.tr.decimal(value, 1) }
}

/// One indicator's line on the dashboard.
pub struct IndicatorLine {
    pub href: String,
    pub code: String,
    pub name: String,
    pub baseline: String,
    pub target: String,
    pub latest: String,
    pub status: String,
    pub status_code: &'static str,
    /// The explanation shown on hover and on the indicator's page.
    pub explanation: String,
    pub computed: bool,
    /// A newer value should have been entered: said beside the standing, not in it.
    pub overdue: bool,
    /// A small chart of the values against the targets.
    pub sparkline: String,
}

pub(crate) fn indicator_line(ctx: &PageCtx, code: &str, summary: &IndicatorSummary) -> IndicatorLine {
    let indicator = &summary.indicator;
    let status = summary.standing.status;
    let number = |v: Option<f64>| v.map(|v| figure(ctx, v)).unwrap_or_default();
    let target = indicator.final_target();
    let explanation = match (status, &summary.judged) {
        (IndicatorStatus::NoData, _) | (_, None) => ctx.t("standing-no-data"),
        (_, Some((period, _))) => ctx.tr.t_with(
            "standing-judged",
            &[
                ("latest", mekong_i18n::Arg::from(number(summary.standing.latest).as_str())),
                ("period", mekong_i18n::Arg::from(period.code.as_str())),
                ("expected", mekong_i18n::Arg::from(number(summary.standing.expected).as_str())),
                ("baseline", mekong_i18n::Arg::from(number(indicator.baseline).as_str())),
                ("target", mekong_i18n::Arg::from(number(target.map(|t| t.value)).as_str())),
            ],
        ),
    };
    let spoken: Vec<String> =
        summary.series.iter().filter_map(|p| Some(format!("{}: {}", p.period.code, figure(ctx, p.value?)))).collect();
    let points: Vec<(Option<f64>, Option<f64>)> = summary.series.iter().map(|p| (p.value, p.target)).collect();
    IndicatorLine {
        href: format!("/results/{code}/indicators/{}", indicator.id),
        code: indicator.code.clone(),
        name: indicator.name.get(ctx.tr.lang).to_owned(),
        baseline: indicator
            .baseline
            .map(|b| {
                format!(
                    "{} ({})",
                    figure(ctx, b),
                    indicator.baseline_on.map(|d| d.year().to_string()).unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        target: target.map(|t| format!("{} ({})", figure(ctx, t.value), t.on.year())).unwrap_or_default(),
        latest: summary.latest.as_ref().map(|(p, v)| format!("{} ({})", figure(ctx, *v), p.code)).unwrap_or_default(),
        status: vocabulary::label(ctx, "standing", status.code()),
        status_code: status.code(),
        explanation,
        computed: indicator.computation.is_some(),
        overdue: summary.standing.overdue,
        sparkline: mekong_docs::sparkline(
            &if spoken.is_empty() { ctx.t("standing-no-data") } else { spoken.join(" ; ") },
            &points,
        ),
    }
}

#[derive(Template)]
#[template(path = "results/list.html")]
struct ListPage {
    ctx: PageCtx,
    programmes: Vec<(String, String, String)>,
    manage: bool,
    draft: ProgrammeInput,
    errors: FieldErrors,
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct ProgrammeInput {
    #[serde(default)]
    code: String,
    #[serde(default)]
    title_fr: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    starts: String,
    #[serde(default)]
    ends: String,
    #[serde(default)]
    funder: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    contract_reference: String,
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let draft =
        ProgrammeInput { currency: mekong_core::NETWORK_CURRENCY.code().to_owned(), ..ProgrammeInput::default() };
    list_page(&state, ctx, draft, FieldErrors::default()).await
}

pub async fn create_programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(input): Form<ProgrammeInput>,
) -> Result<Response, WebError> {
    let draft = ProgrammeDraft {
        code: input.code.clone(),
        titles: vec![(Lang::Fr, input.title_fr.clone()), (Lang::En, input.title_en.clone())],
        starts: input.starts.clone(),
        ends: input.ends.clone(),
        funder: input.funder.clone(),
        currency: input.currency.clone(),
        contract_reference: input.contract_reference.clone(),
    };
    match state.app.create_programme(&ctx.actor, &draft).await {
        Ok(programme) => Ok(redirect_with_flash(
            &format!("/results/{}/logframe", programme.code),
            "flash-saved",
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) => list_page(&state, ctx, input, errors).await,
        Err(other) => Err(other.into()),
    }
}

async fn list_page(
    state: &AppState,
    ctx: PageCtx,
    draft: ProgrammeInput,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let programmes = state
        .app
        .programmes(&ctx.actor)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.code.clone(),
                p.title.get(ctx.tr.lang).to_owned(),
                vocabulary::label(&ctx, "logframe-status", p.status.code()),
            )
        })
        .collect();
    let page = ListPage { manage: state.app.manages_results(&ctx.actor), ctx, programmes, draft, errors };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_with_status(status, &page))
}

#[derive(Template)]
#[template(path = "results/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    code: String,
    title: String,
    facts: Vec<(String, String)>,
    lines: Vec<IndicatorLine>,
    counts: Vec<(String, String, &'static str)>,
    overdue: String,
    /// The sortable columns' headings: code, name, standing.
    by_code: SortColumn,
    by_name: SortColumn,
    by_standing: SortColumn,
    page: u64,
    pages: u64,
    /// The dashboard's address in its order, ready for a page number.
    pager: String,
    /// Whether the reader may export the programme to IATI (a link to its page).
    iati: bool,
}

/// A column heading that sorts the table by its column (a link, so no script is needed).
pub struct SortColumn {
    pub href: String,
    pub heading: String,
    pub current: bool,
}

pub(crate) fn programme_facts(ctx: &PageCtx, logframe: &Logframe) -> Vec<(String, String)> {
    let p = &logframe.programme;
    vec![
        (
            ctx.t("field-programme-period"),
            format!(
                "{} – {}",
                mekong_i18n::format_date(ctx.tr.lang, p.starts),
                mekong_i18n::format_date(ctx.tr.lang, p.ends)
            ),
        ),
        (ctx.t("field-funder"), p.funder.clone()),
        (ctx.t("field-currency"), p.currency.code().to_owned()),
        (ctx.t("field-contract-reference"), p.contract_reference.clone()),
        (ctx.t("field-logframe-status"), vocabulary::label(ctx, "logframe-status", p.status.code())),
    ]
}

/// The dashboard's order: by code (the logframe's order), name, or standing (the worst first,
/// overdue before the rest within each standing).
#[derive(serde::Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DashboardSort {
    #[default]
    Code,
    Name,
    Standing,
}

impl DashboardSort {
    pub fn key(self) -> &'static str {
        match self {
            DashboardSort::Code => "code",
            DashboardSort::Name => "name",
            DashboardSort::Standing => "standing",
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct DashboardQuery {
    #[serde(default)]
    sort: Option<DashboardSort>,
    #[serde(default)]
    page: Option<u64>,
}

/// Indicators per dashboard page: a programme of 60 indicators with their trend charts would
/// otherwise send 80 KB; the standing counts above the table still cover every indicator.
const DASHBOARD_PAGE: usize = 25;

fn standing_rank(status: IndicatorStatus) -> u8 {
    match status {
        IndicatorStatus::OffTrack => 0,
        IndicatorStatus::AtRisk => 1,
        IndicatorStatus::NoData => 2,
        IndicatorStatus::OnTrack => 3,
    }
}

pub async fn dashboard(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, WebError> {
    let dashboard = state.app.dashboard(&ctx.actor, &code).await?;
    let logframe = &dashboard.logframe;
    let mut summaries: Vec<&IndicatorSummary> = dashboard.summaries.iter().collect();
    let sort = query.sort.unwrap_or_default();
    let lang = ctx.tr.lang;
    match sort {
        DashboardSort::Code => {}
        DashboardSort::Name => summaries.sort_by_key(|s| s.indicator.name.get(lang).to_lowercase()),
        DashboardSort::Standing => {
            summaries.sort_by_key(|s| (standing_rank(s.standing.status), !s.standing.overdue));
        }
    }
    let pages = summaries.len().div_ceil(DASHBOARD_PAGE).max(1);
    let page = usize::try_from(query.page.unwrap_or(1)).unwrap_or(usize::MAX).clamp(1, pages);
    let lines: Vec<IndicatorLine> = summaries
        .iter()
        .skip((page - 1) * DASHBOARD_PAGE)
        .take(DASHBOARD_PAGE)
        .map(|s| indicator_line(&ctx, &code, s))
        .collect();
    let counts = IndicatorStatus::ALL
        .iter()
        .map(|status| {
            let n = summaries.iter().filter(|s| s.standing.status == *status).count();
            (
                vocabulary::label(&ctx, "standing", status.code()),
                ctx.tr.number(i64::try_from(n).unwrap_or_default()),
                status.code(),
            )
        })
        .collect();
    let overdue = ctx.tr.number(i64::try_from(summaries.iter().filter(|s| s.standing.overdue).count()).unwrap_or(0));
    let column = |key: DashboardSort, heading: &str| SortColumn {
        href: format!("/results/{code}?sort={}", key.key()),
        heading: ctx.t(heading),
        current: key == sort,
    };
    let (by_code, by_name, by_standing) = (
        column(DashboardSort::Code, "field-code"),
        column(DashboardSort::Name, "field-indicator"),
        column(DashboardSort::Standing, "field-standing"),
    );
    let pager = format!("/results/{code}?sort={}&", sort.key());
    Ok(render(&DashboardPage {
        title: logframe.programme.title.get(ctx.tr.lang).to_owned(),
        facts: programme_facts(&ctx, logframe),
        code,
        lines,
        counts,
        overdue,
        by_code,
        by_name,
        by_standing,
        page: page as u64,
        pages: pages as u64,
        pager,
        iati: state.app.exports_iati(&ctx.actor, &logframe.programme),
        ctx,
    }))
}

#[derive(Template)]
#[template(path = "results/indicator.html")]
struct IndicatorPage {
    ctx: PageCtx,
    code: String,
    line: IndicatorLine,
    entry: String,
    facts: Vec<(String, String)>,
    computation: Option<(String, String)>,
    series_chart: String,
    series: Vec<(String, String, String)>,
    breakdown_chart: String,
    breakdown: Vec<(String, String)>,
    cities_chart: String,
    cities: Vec<(String, String)>,
    /// The cities compared come a page of `CITIES_PER_PAGE` at a time (350 in the network).
    cities_page: usize,
    cities_pages: usize,
    cities_pager: String,
    drill_down: Vec<(String, Vec<crate::ui::events::EventRow>)>,
    manage: bool,
    edit_href: String,
}

fn indicator_id(raw: &str) -> Result<IndicatorId, WebError> {
    parse_uuid(raw).map(IndicatorId)
}

pub(crate) fn cell_label(ctx: &PageCtx, cell: &str) -> String {
    match cell.split_once('=') {
        None => ctx.t("cell-total"),
        Some((dimension, category)) => match Dimension::parse(dimension) {
            Some(Dimension::Sex) => vocabulary::label(ctx, "sex", category),
            Some(Dimension::Country) if category != "other" => crate::ui::organisations::country_name(ctx, category),
            Some(Dimension::OrganisationKind) if category != "other" => vocabulary::label(ctx, "kind", category),
            _ => vocabulary::label(ctx, "category", category),
        },
    }
}

/// How many cities an indicator's page compares at once.

#[derive(serde::Deserialize, Default)]
pub struct CitiesPageQuery {
    page: Option<usize>,
}

pub async fn indicator(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, id)): Path<(String, String)>,
    Query(query): Query<CitiesPageQuery>,
) -> Result<Response, WebError> {
    let cities_page = query.page.unwrap_or(1);
    let detail = state
        .app
        .indicator_detail(&ctx.actor, &code, indicator_id(&id)?, u64::try_from(cities_page).unwrap_or(u64::MAX))
        .await?;
    let indicator = &detail.summary.indicator;
    let line = indicator_line(&ctx, &code, &detail.summary);
    let name = line.name.clone();
    let series: Vec<(String, String, String)> = detail
        .summary
        .series
        .iter()
        .map(|p| {
            (
                p.period.code.clone(),
                p.value.map(|v| figure(&ctx, v)).unwrap_or_default(),
                p.target.map(|v| figure(&ctx, v)).unwrap_or_default(),
            )
        })
        .collect();
    let series_points: Vec<(String, Option<f64>, Option<f64>)> =
        detail.summary.series.iter().map(|p| (p.period.code.clone(), p.value, p.target)).collect();
    let breakdown_points: Vec<(String, f64)> =
        detail.breakdown.iter().map(|(c, v)| (cell_label(&ctx, c), *v)).collect();
    let cities_pages = usize::try_from(detail.cities_total.div_ceil(CITIES_PER_PAGE).max(1)).unwrap_or(usize::MAX);
    let cities_page = cities_page.clamp(1, cities_pages);
    // Cities by the name the reader knows them by; a code no longer in the network stays a code.
    let names: std::collections::HashMap<String, String> = state
        .app
        .list_cities(&ctx.actor)
        .await?
        .iter()
        .map(|c| (c.code.to_string(), crate::ui::cities::CityView::new(c, &ctx.tr).name))
        .collect();
    let city_points: Vec<(String, f64)> =
        detail.cities.iter().map(|(code, v)| (names.get(code).cloned().unwrap_or_else(|| code.clone()), *v)).collect();
    let entry = detail
        .logframe
        .node(indicator.node)
        .map(|n| format!("{} {}", n.code, n.title.get(ctx.tr.lang)))
        .unwrap_or_default();
    let facts = vec![
        (ctx.t("field-unit"), indicator.unit.clone()),
        (ctx.t("field-measure"), vocabulary::label(&ctx, "measure", indicator.measure.code())),
        (ctx.t("field-direction"), vocabulary::label(&ctx, "direction", indicator.direction.code())),
        (ctx.t("field-sources"), indicator.sources.clone()),
        (ctx.t("field-frequency"), indicator.frequency.clone()),
        (ctx.t("field-reported-by"), vocabulary::label(&ctx, "reported-by", indicator.reported_by.code())),
        (
            ctx.t("field-dimensions"),
            indicator
                .dimensions
                .iter()
                .map(|d| vocabulary::label(&ctx, "dimension", d.code()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    let number = |v: f64| figure(&ctx, v);
    let (value_key, target_key) = (ctx.t("field-value"), ctx.t("field-target"));
    let (series_text, breakdown_text, cities_text) =
        (ctx.t("chart-series-description"), ctx.t("chart-breakdown-description"), ctx.t("chart-cities-description"));
    let frame = |id, description| mekong_docs::Frame { id, title: &name, description, number: &number };
    let series_chart =
        mekong_docs::line_chart(&frame("series-chart", &series_text), &series_points, [&value_key, &target_key]);
    let breakdown_chart =
        mekong_docs::bar_chart(&frame("breakdown-chart", &breakdown_text), &breakdown_points, &value_key);
    let cities_chart = mekong_docs::bar_chart(&frame("cities-chart", &cities_text), &city_points, &value_key);
    let page = IndicatorPage {
        series_chart,
        breakdown_chart,
        cities_chart,
        breakdown: breakdown_points.iter().map(|(l, v)| (l.clone(), figure(&ctx, *v))).collect(),
        cities: city_points.iter().map(|(l, v)| (l.clone(), figure(&ctx, *v))).collect(),
        cities_page,
        cities_pages,
        cities_pager: format!("/results/{code}/indicators/{id}?"),
        computation: indicator.computation.map(|c| {
            (
                vocabulary::label(&ctx, "computation", c.code()),
                ctx.t(&format!("computation-{}-explained", c.code().replace('_', "-"))),
            )
        }),
        drill_down: detail
            .drill_down
            .iter()
            .map(|(period, events)| (period.code.clone(), events.iter().map(|e| event_row(&ctx, e)).collect()))
            .collect(),
        manage: state.app.manages_results(&ctx.actor),
        edit_href: format!("/results/{code}/indicators/{id}/edit"),
        series,
        facts,
        entry,
        line,
        code,
        ctx,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "results/indicator_form.html")]
struct IndicatorFormPage {
    ctx: PageCtx,
    code: String,
    action: String,
    version: i32,
    draft: IndicatorDraft,
    names: Vec<(&'static str, &'static str, String)>,
    nodes: Vec<(String, String, bool)>,
    measures: Vec<Choice>,
    directions: Vec<Choice>,
    reporters: Vec<Choice>,
    computations: Vec<Choice>,
    dimensions: Vec<(Choice, bool)>,
    frozen: bool,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

fn choices<T: Copy>(ctx: &PageCtx, prefix: &str, all: &[T], code: fn(T) -> &'static str, current: &str) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            code: code(*v).into(),
            label: vocabulary::label(ctx, prefix, code(*v)),
            selected: code(*v) == current,
        })
        .collect()
}

async fn indicator_form(
    state: &AppState,
    ctx: PageCtx,
    code: String,
    id: Option<IndicatorId>,
    version: i32,
    shown: Option<(IndicatorDraft, FieldErrors, Option<ConflictView>)>,
) -> Result<Response, WebError> {
    let (draft, errors, conflict) = match shown {
        Some((draft, errors, conflict)) => (Some(draft), errors, conflict),
        None => (None, FieldErrors::default(), None),
    };
    let logframe = state.app.logframe(&ctx.actor, &code).await?;
    let draft = match (draft, id) {
        (Some(draft), _) => draft,
        (None, Some(id)) => IndicatorDraft::of(logframe.indicator(id).ok_or(AppError::NotFound)?, &logframe),
        (None, None) => IndicatorDraft {
            measure: "number".into(),
            direction: "up".into(),
            reported_by: "cities".into(),
            ..IndicatorDraft::default()
        },
    };
    let page = IndicatorFormPage {
        action: id
            .map_or_else(|| format!("/results/{code}/indicators"), |id| format!("/results/{code}/indicators/{id}")),
        names: Lang::ALL
            .iter()
            .map(|l| {
                (
                    l.code(),
                    l.endonym(),
                    draft.names.iter().find(|(lang, _)| lang == l).map(|(_, v)| v.clone()).unwrap_or_default(),
                )
            })
            .collect(),
        nodes: logframe
            .nodes
            .iter()
            .filter(|n| n.level != mekong_core::results::Level::Activity)
            .map(|n| (n.code.clone(), format!("{} {}", n.code, n.title.get(ctx.tr.lang)), n.code == draft.node))
            .collect(),
        measures: choices(&ctx, "measure", Measure::ALL, Measure::code, &draft.measure),
        directions: choices(&ctx, "direction", Direction::ALL, Direction::code, &draft.direction),
        reporters: choices(&ctx, "reported-by", ReportedBy::ALL, ReportedBy::code, &draft.reported_by),
        computations: choices(&ctx, "computation", Computation::ALL, Computation::code, &draft.computation),
        dimensions: Dimension::ALL
            .iter()
            .map(|d| {
                let checked = draft.dimensions.iter().any(|c| c == d.code());
                (
                    Choice {
                        code: d.code().into(),
                        label: vocabulary::label(&ctx, "dimension", d.code()),
                        selected: checked,
                    },
                    checked,
                )
            })
            .collect(),
        frozen: id.is_some() && logframe.programme.approved_version > 0,
        version,
        draft,
        errors,
        conflict,
        code,
        ctx,
    };
    let status = form_status(&page.errors, page.conflict.as_ref());
    Ok(render_with_status(status, &page))
}

/// The indicator form's fields as a person reads them, to compare a stale save with the saved one.
fn indicator_fields(draft: &IndicatorDraft) -> Vec<(&'static str, String)> {
    let mut fields = vec![("field-logframe-entry", draft.node.clone()), ("field-code", draft.code.clone())];
    for lang in Lang::ALL {
        let name = draft.names.iter().find(|(l, _)| *l == lang).map(|(_, n)| n.clone()).unwrap_or_default();
        fields.push(("field-indicator", name));
    }
    fields.extend([
        ("field-unit", draft.unit.clone()),
        ("field-measure", draft.measure.clone()),
        ("field-direction", draft.direction.clone()),
        ("field-baseline", draft.baseline.clone()),
        ("field-baseline-date", draft.baseline_on.clone()),
        ("field-targets", draft.targets.clone()),
        ("field-sources", draft.sources.clone()),
        ("field-frequency", draft.frequency.clone()),
        ("field-reported-by", draft.reported_by.clone()),
        ("field-dimensions", draft.dimensions.join(", ")),
        ("field-computation", draft.computation.clone()),
    ]);
    fields
}

pub async fn new_indicator(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    indicator_form(&state, ctx, code, None, 0, None).await
}

pub async fn edit_indicator(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = indicator_id(&id)?;
    let version =
        state.app.logframe(&ctx.actor, &code).await?.indicator(id).map(|i| i.version).ok_or(AppError::NotFound)?;
    indicator_form(&state, ctx, code, Some(id), version, None).await
}

fn indicator_draft(pairs: &[(String, String)]) -> (IndicatorDraft, i32) {
    let mut draft = IndicatorDraft::default();
    let mut version = 0;
    for (name, value) in pairs {
        let value = value.clone();
        match name.as_str() {
            "node" => draft.node = value,
            "code" => draft.code = value,
            "unit" => draft.unit = value,
            "measure" => draft.measure = value,
            "direction" => draft.direction = value,
            "baseline" => draft.baseline = value,
            "baseline_on" => draft.baseline_on = value,
            "targets" => draft.targets = value,
            "sources" => draft.sources = value,
            "frequency" => draft.frequency = value,
            "reported_by" => draft.reported_by = value,
            "dimensions" => draft.dimensions.push(value),
            "computation" => draft.computation = value,
            "version" => version = value.parse().unwrap_or(0),
            other => {
                if let Some(lang) = other.strip_prefix("name_").and_then(Lang::from_tag) {
                    draft.names.push((lang, value));
                }
            }
        }
    }
    (draft, version)
}

async fn save_indicator(
    state: AppState,
    ctx: PageCtx,
    jar: CookieJar,
    code: String,
    id: Option<IndicatorId>,
    pairs: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let (draft, version) = indicator_draft(&pairs);
    match state.app.save_indicator(&ctx.actor, &code, id.map(|id| (id, version)), &draft).await {
        Ok(indicator) => Ok(redirect_with_flash(
            &format!("/results/{code}/indicators/{}", indicator.id),
            "flash-saved",
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) => {
            indicator_form(&state, ctx, code, id, version, Some((draft, errors, None))).await
        }
        Err(AppError::Conflict) if let Some(id) = id => {
            let logframe = state.app.logframe(&ctx.actor, &code).await?;
            let current = logframe.indicator(id).ok_or(AppError::NotFound)?;
            let saved = IndicatorDraft::of(current, &logframe);
            let conflict = ConflictView::between(&ctx, indicator_fields(&draft), indicator_fields(&saved));
            let version = current.version;
            indicator_form(&state, ctx, code, Some(id), version, Some((draft, FieldErrors::default(), Some(conflict))))
                .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn create_indicator(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save_indicator(state, ctx, jar, code, None, pairs).await
}

pub async fn update_indicator(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = indicator_id(&id)?;
    save_indicator(state, ctx, jar, code, Some(id), pairs).await
}
