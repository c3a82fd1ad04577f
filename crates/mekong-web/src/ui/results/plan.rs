//! The annual action plan: its timeline drawn as SVG (today's line, late activities marked),
//! the same activities as a table, and the forms to add and update them.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::events::parse_uuid;
use crate::ui::finance::{Pick, budget_line_picks};
use crate::ui::vocabulary::{self, Choice};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::results::PlanActivityDraft;
use mekong_core::Lang;
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
    /// The edit form's fields: the saved activity, or what was typed when a save failed.
    pub draft: PlanActivityDraft,
    pub version: i32,
    pub statuses: Vec<Choice>,
    /// Why the edit form is shown again (then open): a refused value, or a conflict.
    pub problem: Option<String>,
    pub conflict: Option<ConflictView>,
}

/// A save of one activity's form that did not go through, to show again on its row.
pub struct ActivityEdit {
    id: ActivityId,
    draft: PlanActivityDraft,
    version: i32,
    problem: Option<String>,
    conflict: Option<ConflictView>,
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
    /// The member cities to tick (code, name, ticked) and the names offered as responsible.
    cities: Vec<(String, String, bool)>,
    responsible: Vec<String>,
    /// The programme's budget lines to choose from.
    budget_lines: Vec<Pick>,
    /// The title in each language (code, language's name, as typed), French first.
    titles: Vec<(&'static str, &'static str, String)>,
    draft: PlanActivityDraft,
    errors: FieldErrors,
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
    mut edit: Option<ActivityEdit>,
) -> Result<Response, WebError> {
    let today = state.app.today();
    let year = year.unwrap_or(today.year()).clamp(2000, 2100);
    let (logframe, plan) = state.app.plan(&ctx.actor, &code, year).await?;
    let activities = &plan.activities;
    let lang = ctx.tr.lang;
    let choices = state.app.plan_choices(&ctx.actor, &plan).await?;
    // Readers see the cities' names too (the form's choices are for those who edit).
    let members =
        if choices.cities.is_empty() { state.app.list_cities(&ctx.actor).await? } else { std::sync::Arc::default() };
    let line_label = |code: &str| {
        plan.budget_lines.iter().find(|(c, _)| c == code).map_or_else(|| code.to_owned(), |(_, l)| l.clone())
    };
    let ticked: Vec<&str> = draft.cities.split([',', ';']).map(str::trim).collect();
    let cities = choices
        .cities
        .iter()
        .map(|c| {
            let code = c.code.to_string();
            let checked = ticked.iter().any(|t| t.eq_ignore_ascii_case(&code));
            (code, c.romanised_name(lang).to_owned(), checked)
        })
        .collect();
    let node_code = |id| logframe.node(id).map(|n| n.code.clone()).unwrap_or_default();
    let rows: Vec<ActivityRow> = activities
        .iter()
        .map(|a| {
            let code = a.node.map(node_code).unwrap_or_default();
            let edit = edit.take_if(|e| e.id == a.id).unwrap_or_else(|| ActivityEdit {
                id: a.id,
                draft: PlanActivityDraft::of(a, &code),
                version: a.version,
                problem: None,
                conflict: None,
            });
            ActivityRow {
                id: a.id.to_string(),
                title: a.title.get(lang).to_owned(),
                dates: format!(
                    "{} – {}",
                    mekong_i18n::format_date(lang, a.starts),
                    mekong_i18n::format_date(lang, a.ends)
                ),
                responsible: a.responsible.clone(),
                cities: a
                    .cities
                    .iter()
                    .map(|code| {
                        choices
                            .cities
                            .iter()
                            .chain(members.iter())
                            .find(|c| c.code == *code)
                            .map_or_else(|| code.to_string(), |c| c.romanised_name(lang).to_owned())
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                budget_line: line_label(&a.budget_line),
                status: vocabulary::label(&ctx, "activity-status", a.status.code()),
                justification: a.justification.clone(),
                progress_notes: a.progress_notes.clone(),
                late: a.late(today),
                statuses: ActivityStatus::ALL
                    .iter()
                    .map(|s| Choice {
                        code: s.code().into(),
                        label: vocabulary::label(&ctx, "activity-status", s.code()),
                        selected: s.code() == edit.draft.status,
                    })
                    .collect(),
                draft: edit.draft,
                version: edit.version,
                problem: edit.problem,
                conflict: edit.conflict,
                node: code,
            }
        })
        .collect();
    let bars: Vec<mekong_docs::GanttRow> = activities
        .iter()
        .map(|a| mekong_docs::GanttRow {
            label: match a.node.and_then(|id| logframe.node(id)) {
                Some(node) => format!("{} {}", node.code, a.title.get(lang)),
                None => a.title.get(lang).to_owned(),
            },
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
    let words = mekong_docs::TimelineWords {
        months: mekong_i18n::month_names(lang),
        today: ctx.t("plan-today"),
        late: ctx.t("plan-late"),
        late_key: ctx.t("plan-late-key"),
        statuses: ActivityStatus::ALL
            .iter()
            .map(|s| (s.code().to_owned(), vocabulary::label(&ctx, "activity-status", s.code())))
            .collect(),
    };
    let number = |v: f64| super::figure(&ctx, v);
    let frame = mekong_docs::Frame { id: "timeline", title: &title, description: &description, number: &number };
    let page = PlanPage {
        budget_lines: budget_line_picks(&ctx, plan.budget_lines.clone(), &draft.budget_line),
        cities,
        titles: Lang::ALL
            .iter()
            .map(|l| (l.code(), l.endonym(), draft.titles.get(l).cloned().unwrap_or_default()))
            .collect(),
        responsible: choices.responsible,
        timeline: mekong_docs::gantt(&frame, year, today, &bars, &words),
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
                code: s.code().into(),
                label: vocabulary::label(&ctx, "activity-status", s.code()),
                selected: s.code() == draft.status,
            })
            .collect(),
        year,
        draft,
        errors,
        code,
        ctx,
        rows,
    };
    let conflict = page.rows.iter().find_map(|r| r.conflict.as_ref());
    let status = match form_status(&page.errors, conflict) {
        StatusCode::OK if page.rows.iter().any(|r| r.problem.is_some()) => StatusCode::UNPROCESSABLE_ENTITY,
        status => status,
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

#[derive(Default, Clone)]
pub struct ActivityInput {
    node: String,
    titles: std::collections::BTreeMap<Lang, String>,
    starts: String,
    ends: String,
    responsible: String,
    cities: String,
    budget_line: String,
    status: String,
    justification: String,
    progress_notes: String,
    version: i32,
}

impl ActivityInput {
    /// The form's fields: the cities come as one ticked box each (the API takes them typed,
    /// separated by commas, and so do older forms), joined here as the use case reads them.
    fn from_pairs(pairs: &[(String, String)]) -> ActivityInput {
        let mut input = ActivityInput::default();
        let mut cities: Vec<String> = Vec::new();
        for (name, value) in pairs {
            let value = value.clone();
            match name.as_str() {
                "node" => input.node = value,
                // The API's and older forms' single title is French.
                "title" => {
                    input.titles.entry(Lang::Fr).or_insert(value);
                }
                field if let Some(lang) = field.strip_prefix("title_").and_then(Lang::from_tag) => {
                    input.titles.insert(lang, value);
                }
                "starts" => input.starts = value,
                "ends" => input.ends = value,
                "responsible" => input.responsible = value,
                "cities" => cities.push(value),
                "budget_line" => input.budget_line = value,
                "status" => input.status = value,
                "justification" => input.justification = value,
                "progress_notes" => input.progress_notes = value,
                "version" => input.version = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        cities.retain(|c| !c.trim().is_empty());
        input.cities = cities.join(", ");
        input
    }

    fn draft(&self) -> PlanActivityDraft {
        PlanActivityDraft {
            node: self.node.clone(),
            titles: self.titles.clone(),
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
        Err(AppError::Validation(errors)) if let Some(id) = id => {
            let problem = errors.0.iter().map(|e| ctx.t(&e.message)).collect::<Vec<_>>().join(" ");
            let edit = ActivityEdit {
                id,
                draft: input.draft(),
                version: input.version,
                problem: Some(problem),
                conflict: None,
            };
            plan_page(&state, ctx, code, year, PlanActivityDraft::default(), FieldErrors::default(), Some(edit)).await
        }
        Err(AppError::Validation(errors)) => plan_page(&state, ctx, code, year, input.draft(), errors, None).await,
        Err(AppError::Conflict) if let Some(id) = id => {
            let (logframe, current) = state.app.plan_activity(&ctx.actor, &code, id).await?;
            let node = current.node.and_then(|n| logframe.node(n)).map(|n| n.code.clone()).unwrap_or_default();
            let saved = PlanActivityDraft::of(&current, &node);
            let conflict = ConflictView::between(&ctx, activity_fields(&input.draft()), activity_fields(&saved));
            let edit = ActivityEdit {
                id,
                draft: input.draft(),
                version: current.version,
                problem: None,
                conflict: Some(conflict),
            };
            let year = Some(current.year);
            plan_page(&state, ctx, code, year, PlanActivityDraft::default(), FieldErrors::default(), Some(edit)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// An activity's fields as a person reads them, to compare a stale save with the saved one.
fn activity_fields(draft: &PlanActivityDraft) -> Vec<(&'static str, String)> {
    vec![
        ("field-starts", draft.starts.clone()),
        ("field-ends", draft.ends.clone()),
        ("field-status", draft.status.clone()),
        ("field-justification", draft.justification.clone()),
        ("field-progress-notes", draft.progress_notes.clone()),
    ]
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(state, ctx, jar, code, None, ActivityInput::from_pairs(&pairs)).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = ActivityId(parse_uuid(&id)?);
    save(state, ctx, jar, code, Some(id), ActivityInput::from_pairs(&pairs)).await
}
