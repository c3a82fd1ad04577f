//! The annual action plan: its timeline drawn as SVG (today's line, late activities marked),
//! the same activities as a table, and the forms to add and update them.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::events::parse_uuid;
use crate::ui::vocabulary::{self, Choice};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::results::PlanActivityDraft;
use mekong_core::ids::ActivityId;
use mekong_core::results::{ActivityStatus, Level};
use mekong_core::validation::FieldErrors;
use serde::Deserialize;

pub struct ActivityRow {
    pub id: String,
    pub node: String,
    pub title: String,
    pub dates: String,
    pub responsible: String,
    pub cities: String,
    pub budget_line: String,
    pub status: String,
    pub justification: String,
    pub progress_notes: String,
    pub late: bool,
    pub draft: PlanActivityDraft,
    pub version: i32,
    pub statuses: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "results/plan.html")]
struct PlanPage {
    ctx: PageCtx,
    code: String,
    year: i16,
    years: Vec<i16>,
    timeline: String,
    rows: Vec<ActivityRow>,
    manage: bool,
    nodes: Vec<(String, String)>,
    statuses: Vec<Choice>,
    draft: PlanActivityDraft,
    errors: FieldErrors,
    row_problem: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<i16>,
}

async fn plan_page(
    state: &AppState,
    ctx: PageCtx,
    code: String,
    year: Option<i16>,
    draft: PlanActivityDraft,
    errors: FieldErrors,
    row_problem: Option<String>,
) -> Result<Response, WebError> {
    let today = state.app.today();
    let year = year.unwrap_or(today.year()).clamp(2000, 2100);
    let (logframe, activities) = state.app.plan(&ctx.actor, &code, year).await?;
    let lang = ctx.tr.lang;
    let node_code = |id| logframe.node(id).map(|n| n.code.clone()).unwrap_or_default();
    let rows: Vec<ActivityRow> = activities
        .iter()
        .map(|a| {
            let code = a.node.map(node_code).unwrap_or_default();
            ActivityRow {
                id: a.id.to_string(),
                title: a.title.clone(),
                dates: format!(
                    "{} – {}",
                    mekong_i18n::format_date(lang, a.starts),
                    mekong_i18n::format_date(lang, a.ends)
                ),
                responsible: a.responsible.clone(),
                cities: a.cities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                budget_line: a.budget_line.clone(),
                status: vocabulary::label(&ctx, "activity-status", a.status.code()),
                justification: a.justification.clone(),
                progress_notes: a.progress_notes.clone(),
                late: a.late(today),
                draft: PlanActivityDraft::of(a, &code),
                version: a.version,
                statuses: ActivityStatus::ALL
                    .iter()
                    .map(|s| Choice {
                        code: s.code(),
                        label: vocabulary::label(&ctx, "activity-status", s.code()),
                        selected: *s == a.status,
                    })
                    .collect(),
                node: code,
            }
        })
        .collect();
    let bars: Vec<mekong_docs::GanttRow> = activities
        .iter()
        .map(|a| mekong_docs::GanttRow {
            label: a.title.clone(),
            starts: a.starts,
            ends: a.ends,
            status: a.status.code().to_owned(),
            late: a.late(today),
        })
        .collect();
    let title = format!("{} {code} {year}", ctx.t("results-plan"));
    let description = ctx.tr.t_with(
        "plan-timeline-description",
        &[
            ("count", mekong_i18n::Arg::from(i64::try_from(rows.len()).unwrap_or_default())),
            ("late", mekong_i18n::Arg::from(i64::try_from(rows.iter().filter(|r| r.late).count()).unwrap_or_default())),
        ],
    );
    let page = PlanPage {
        timeline: mekong_docs::gantt(&title, &description, year, today, &bars, &ctx.t("plan-late")),
        years: (year - 1..=year + 1).collect(),
        manage: state.app.manages_results(&ctx.actor),
        nodes: logframe
            .nodes
            .iter()
            .filter(|n| n.level == Level::Activity)
            .map(|n| (n.code.clone(), format!("{} {}", n.code, n.title.get(lang))))
            .collect(),
        statuses: ActivityStatus::ALL
            .iter()
            .map(|s| Choice {
                code: s.code(),
                label: vocabulary::label(&ctx, "activity-status", s.code()),
                selected: s.code() == draft.status,
            })
            .collect(),
        rows,
        year,
        draft,
        errors,
        row_problem,
        code,
        ctx,
    };
    let status = if page.errors.is_empty() && page.row_problem.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_with_status(status, &page))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<Response, WebError> {
    plan_page(&state, ctx, code, query.year, PlanActivityDraft::default(), FieldErrors::default(), None).await
}

#[derive(Deserialize, Default, Clone)]
pub struct ActivityInput {
    #[serde(default)]
    node: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    starts: String,
    #[serde(default)]
    ends: String,
    #[serde(default)]
    responsible: String,
    #[serde(default)]
    cities: String,
    #[serde(default)]
    budget_line: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    justification: String,
    #[serde(default)]
    progress_notes: String,
    #[serde(default)]
    version: i32,
}

impl ActivityInput {
    fn draft(&self) -> PlanActivityDraft {
        PlanActivityDraft {
            node: self.node.clone(),
            title: self.title.clone(),
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

async fn save(
    state: AppState,
    ctx: PageCtx,
    jar: CookieJar,
    code: String,
    id: Option<ActivityId>,
    input: ActivityInput,
) -> Result<Response, WebError> {
    let year = input.starts.get(..4).and_then(|y| y.parse().ok());
    match state.app.save_plan_activity(&ctx.actor, &code, id.map(|id| (id, input.version)), &input.draft()).await {
        Ok(activity) => Ok(redirect_with_flash(
            &format!("/results/{code}/plan?year={}", activity.year),
            "flash-saved",
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) if id.is_some() => {
            let problem = errors.0.iter().map(|e| ctx.t(&e.message)).collect::<Vec<_>>().join(" ");
            plan_page(&state, ctx, code, year, PlanActivityDraft::default(), FieldErrors::default(), Some(problem))
                .await
        }
        Err(AppError::Validation(errors)) => plan_page(&state, ctx, code, year, input.draft(), errors, None).await,
        Err(other) => Err(other.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<ActivityInput>,
) -> Result<Response, WebError> {
    save(state, ctx, jar, code, None, input).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, id)): Path<(String, String)>,
    Form(input): Form<ActivityInput>,
) -> Result<Response, WebError> {
    let id = ActivityId(parse_uuid(&id)?);
    save(state, ctx, jar, code, Some(id), input).await
}
