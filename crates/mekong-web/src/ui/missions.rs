//! The missions pages: the list the reader may see, the mission order's form, and a mission's
//! page with its estimate, review, report and actual costs (entered as expenses of its
//! programme). Every step is a plain form: the pages work without JavaScript.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, Refusal, form_status, refusal};
use crate::ui::events::parse_uuid;
use crate::ui::finance::{Pick, currency_picks};
use crate::ui::posted::Fields;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::finance::{ExpenseDraft, MissionDraft, MissionReportDraft, MissionView};
use mekong_core::finance::budget::BudgetLine;
use mekong_core::finance::missions::{Mission, MissionStatus};
use mekong_core::finance::procurement::{ContractKind, Procedure};
use mekong_core::ids::MissionId;
use mekong_core::money::Money;
use mekong_core::people::PeopleFilter;
use mekong_core::results::{PlanActivity, Programme};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::OrganisationKind;
use serde::Deserialize;

/// Options under a heading (a programme's budget lines, say).
pub struct Group {
    pub label: String,
    pub options: Vec<Pick>,
}

pub(crate) fn mission_id(raw: &str) -> Result<MissionId, WebError> {
    parse_uuid(raw).map(MissionId)
}

fn status_label(ctx: &PageCtx, status: MissionStatus) -> String {
    ctx.t(&format!("mission-status-{}", status.code()))
}

fn dates(ctx: &PageCtx, mission: &Mission) -> String {
    format!(
        "{} – {}",
        mekong_i18n::format_date(ctx.tr.lang, mission.departs),
        mekong_i18n::format_date(ctx.tr.lang, mission.returns)
    )
}

/// One mission in a list.
pub struct MissionRow {
    pub href: String,
    pub number: String,
    pub programme: String,
    pub traveller: String,
    pub purpose: String,
    pub cities: String,
    pub dates: String,
    pub status: String,
    pub status_code: &'static str,
}

pub(crate) fn mission_row(ctx: &PageCtx, mission: &Mission, programmes: &[Programme]) -> MissionRow {
    MissionRow {
        href: format!("/missions/{}", mission.id),
        number: mission.number.clone(),
        programme: programmes.iter().find(|p| p.id == mission.programme).map(|p| p.code.clone()).unwrap_or_default(),
        traveller: mission.traveller.clone(),
        purpose: mission.purpose.clone(),
        cities: mission.cities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        dates: dates(ctx, mission),
        status: status_label(ctx, mission.status),
        status_code: mission.status.code(),
    }
}

#[derive(Template)]
#[template(path = "missions/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<MissionRow>,
    statuses: Vec<Pick>,
    can_create: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let status = MissionStatus::parse(&query.status);
    let missions = state.app.missions(&ctx.actor).await?;
    let programmes = state.app.programmes(&ctx.actor).await.unwrap_or_default();
    let mut rows: Vec<&Mission> = missions.iter().filter(|m| status.is_none_or(|s| m.status == s)).collect();
    rows.sort_by(|a, b| b.departs.cmp(&a.departs).then_with(|| b.number.cmp(&a.number)));
    let current = status.map(MissionStatus::code).unwrap_or_default();
    Ok(render(&ListPage {
        rows: rows.into_iter().map(|m| mission_row(&ctx, m, &programmes)).collect(),
        statuses: MissionStatus::ALL.iter().map(|s| Pick::new(s.code(), status_label(&ctx, *s), current)).collect(),
        can_create: state.app.manages_finance(&ctx.actor),
        ctx,
    }))
}

/// The mission order's form as typed: the draft and the programme it goes to.
struct OrderInput {
    programme: String,
    draft: MissionDraft,
}

impl OrderInput {
    fn read(fields: &Fields, ctx: &PageCtx) -> OrderInput {
        OrderInput {
            programme: fields.get("programme"),
            draft: MissionDraft {
                traveller: fields.get("traveller"),
                purpose: fields.get("purpose"),
                cities: fields.all("cities"),
                departs: fields.get("departs"),
                returns: fields.get("returns"),
                plan_activity: fields.get("plan_activity"),
                budget_line: fields.get("budget_line"),
                transport: fields.get("transport"),
                transport_currency: fields.get("transport_currency"),
                typed_in: ctx.tr.lang,
            },
        }
    }

    /// The fields the conflict notice compares, as (label, value).
    fn compared(&self) -> Vec<(&'static str, String)> {
        let d = &self.draft;
        vec![
            ("mission-field-traveller", d.traveller.clone()),
            ("mission-field-purpose", d.purpose.clone()),
            ("mission-field-cities", d.cities.join(", ")),
            ("field-starts", d.departs.clone()),
            ("field-ends", d.returns.clone()),
            ("field-budget-line", d.budget_line.clone()),
            ("mission-field-transport", format!("{} {}", d.transport, d.transport_currency)),
        ]
    }
}

/// What the order form chooses from: the programmes whose missions the reader enters, each
/// with its budget lines and plan activities.
struct Choices {
    programmes: Vec<Programme>,
    lines: Vec<(Programme, Vec<BudgetLine>)>,
    activities: Vec<(Programme, Vec<PlanActivity>)>,
}

async fn choices(state: &AppState, ctx: &PageCtx) -> Result<Choices, WebError> {
    let programmes = state.app.finance_programmes(&ctx.actor).await?;
    let mut lines = Vec::new();
    let mut activities = Vec::new();
    for programme in &programmes {
        let budget = state.app.budget(&ctx.actor, &programme.code, None).await?;
        lines.push((programme.clone(), budget.budget.lines));
        let mut planned = Vec::new();
        for year in programme.starts.year()..=programme.ends.year() {
            planned.extend(state.app.plan(&ctx.actor, &programme.code, year).await?.1.activities.iter().cloned());
        }
        activities.push((programme.clone(), planned));
    }
    Ok(Choices { programmes, lines, activities })
}

#[derive(Template)]
#[template(path = "missions/form.html")]
struct FormPage {
    ctx: PageCtx,
    action: String,
    is_new: bool,
    version: i32,
    draft: MissionDraft,
    programmes: Vec<Pick>,
    cities: Vec<Pick>,
    activities: Vec<Group>,
    lines: Vec<Group>,
    currencies: Vec<Pick>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    (action, version): (String, i32),
    input: OrderInput,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
) -> Result<Response, WebError> {
    let is_new = action == "/missions";
    let mut choices = choices(state, &ctx).await?;
    if !is_new {
        // A saved order keeps its programme: only that programme's lines and activities.
        choices.lines.retain(|(p, _)| p.code == input.programme);
        choices.activities.retain(|(p, _)| p.code == input.programme);
    }
    let draft = input.draft;
    let cities = state
        .app
        .list_cities(&ctx.actor)
        .await?
        .iter()
        .map(|c| {
            let code = c.code.to_string();
            let selected = draft.cities.contains(&code);
            let name = crate::ui::cities::CityView::new(c, &ctx.tr).name;
            Pick { label: format!("{name} ({code})"), value: code, selected }
        })
        .collect();
    let lang = ctx.tr.lang;
    let page = FormPage {
        is_new,
        action,
        version,
        programmes: choices
            .programmes
            .iter()
            .map(|p| Pick::new(p.code.clone(), format!("{} · {}", p.code, p.title.get(lang)), &input.programme))
            .collect(),
        cities,
        activities: choices
            .activities
            .iter()
            .map(|(p, activities)| Group {
                label: p.code.clone(),
                options: activities
                    .iter()
                    .map(|a| {
                        Pick::new(
                            a.id.to_string(),
                            format!("{} · {}", a.year, a.title.get(ctx.tr.lang)),
                            &draft.plan_activity,
                        )
                    })
                    .collect(),
            })
            .collect(),
        lines: choices
            .lines
            .iter()
            .map(|(p, lines)| Group {
                label: p.code.clone(),
                options: lines.iter().map(|l| Pick::new(l.code.clone(), l.label(), &draft.budget_line)).collect(),
            })
            .collect(),
        currencies: currency_picks(&draft.transport_currency),
        draft,
        errors,
        conflict,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page))
}

pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let programmes = state.app.finance_programmes(&ctx.actor).await?;
    let input = OrderInput {
        programme: programmes.first().map(|p| p.code.clone()).unwrap_or_default(),
        draft: MissionDraft {
            traveller: ctx.user_name().to_owned(),
            transport_currency: mekong_core::NETWORK_CURRENCY.code().to_owned(),
            typed_in: ctx.tr.lang,
            ..MissionDraft::default()
        },
    };
    form_page(&state, ctx, ("/missions".into(), 0), input, FieldErrors::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let input = OrderInput::read(&Fields(pairs), &ctx);
    let mut errors = FieldErrors::default();
    if input.programme.trim().is_empty() {
        errors.add("programme", "error-required");
    }
    if !errors.is_empty() {
        return form_page(&state, ctx, ("/missions".into(), 0), input, errors, None).await;
    }
    match state.app.save_mission(&ctx.actor, &input.programme, None, &input.draft).await {
        Ok(mission) => {
            Ok(redirect_with_flash(&format!("/missions/{}", mission.id), "flash-saved", jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => form_page(&state, ctx, ("/missions".into(), 0), input, errors, None).await,
        Err(error) => Err(error.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let view = state.app.mission(&ctx.actor, mission_id(&id)?).await?;
    if !view.mission.status.editable() {
        // Submitted or approved: nothing to edit, its page says where it stands.
        return Ok(Redirect::to(&format!("/missions/{}", view.mission.id)).into_response());
    }
    let input = OrderInput { programme: view.programme.code.clone(), draft: draft_of(&state, &ctx, &view).await? };
    let action = (format!("/missions/{}", view.mission.id), view.mission.version);
    form_page(&state, ctx, action, input, FieldErrors::default(), None).await
}

/// The saved order as its form shows it.
async fn draft_of(state: &AppState, ctx: &PageCtx, view: &MissionView) -> Result<MissionDraft, WebError> {
    let line = line_code(state, ctx, view).await?;
    Ok(MissionDraft::of(&view.mission, &line, ctx.tr.lang))
}

/// The code of the mission's budget line (empty when none or unreadable to the reader).
async fn line_code(state: &AppState, ctx: &PageCtx, view: &MissionView) -> Result<String, WebError> {
    let Some(id) = view.mission.budget_line else { return Ok(String::new()) };
    Ok(match state.app.budget(&ctx.actor, &view.programme.code, None).await {
        Ok(budget) => budget.budget.lines.into_iter().find(|l| l.id == id).map(|l| l.code).unwrap_or_default(),
        Err(AppError::Forbidden) => String::new(),
        Err(error) => return Err(error.into()),
    })
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = mission_id(&id)?;
    let fields = Fields(pairs);
    let version = fields.version();
    let input = OrderInput::read(&fields, &ctx);
    let view = state.app.mission(&ctx.actor, id).await?;
    let code = view.programme.code.clone();
    let action = format!("/missions/{id}");
    match state.app.save_mission(&ctx.actor, &code, Some((id, version)), &input.draft).await {
        Ok(_) => Ok(redirect_with_flash(&action, "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            form_page(&state, ctx, (action, version), OrderInput { programme: code, ..input }, errors, None).await
        }
        Err(AppError::Conflict) => {
            let saved = OrderInput { programme: code.clone(), draft: draft_of(&state, &ctx, &view).await? };
            let conflict = ConflictView::between(&ctx, input.compared(), saved.compared());
            let input = OrderInput { programme: code, ..input };
            let current = (action, view.mission.version);
            form_page(&state, ctx, current, input, FieldErrors::default(), Some(conflict)).await
        }
        Err(error) => Err(error.into()),
    }
}

/// A line of the estimate: what, how it is counted, the amount.
pub struct EstimateLine {
    pub label: String,
    pub detail: String,
    pub amount: String,
    pub example: bool,
}

/// An actual cost: the expense it became.
pub struct CostRow {
    pub href: String,
    pub number: String,
    pub date: String,
    pub description: String,
    pub amount: String,
    pub status: String,
}

/// The forms of the mission's page as typed, with their errors, when a step did not go through.
#[derive(Default)]
struct ShowForms {
    errors: FieldErrors,
    conflict: Option<ConflictView>,
    comment: String,
    report: MissionReportDraft,
    cost: Option<ExpenseDraft>,
}

#[derive(Template)]
#[template(path = "missions/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    version: i32,
    row: MissionRow,
    programme: String,
    cities: Vec<(String, String)>,
    plan_activity: String,
    budget_line: String,
    /// Whether the reader may read the programme's budget (focal points may not).
    sees_budget: bool,
    entered_by: String,
    reviewed_by: String,
    review_comment: String,
    estimate: Vec<EstimateLine>,
    /// One total per currency: amounts in different currencies are not added.
    estimate_totals: Vec<String>,
    report_done: String,
    report_people: Vec<(String, String)>,
    report_follow_ups: String,
    report_by: String,
    costs: Vec<CostRow>,
    may_edit: bool,
    may_review: bool,
    may_report: bool,
    may_cost: bool,
    /// The cost form is open when what was typed in it is shown again.
    cost_open: bool,
    comment: String,
    report: MissionReportDraft,
    people: Vec<Pick>,
    cost: ExpenseDraft,
    lines: Vec<Pick>,
    activities: Vec<Pick>,
    suppliers: Vec<Pick>,
    kinds: Vec<Pick>,
    procedures: Vec<Pick>,
    currencies: Vec<Pick>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

/// The estimate: per diems (nights × the rate valid on departure) and transport, and a total
/// per currency.
fn estimate(ctx: &PageCtx, view: &MissionView) -> (Vec<EstimateLine>, Vec<String>) {
    let mut lines = Vec::new();
    let mut amounts: Vec<Money> = Vec::new();
    if let Some(due) = &view.per_diem {
        lines.push(EstimateLine {
            label: ctx.t("mission-per-diems"),
            detail: format!("{} × {}", ctx.tr.number(due.nights), ctx.tr.money(due.rate.daily)),
            amount: ctx.tr.money(due.amount),
            example: due.rate.example,
        });
        amounts.push(due.amount);
    } else {
        lines.push(EstimateLine {
            label: ctx.t("mission-per-diems"),
            detail: ctx.t("mission-no-rate"),
            amount: String::new(),
            example: false,
        });
    }
    let transport = view.mission.transport;
    lines.push(EstimateLine {
        label: ctx.t("mission-field-transport"),
        detail: String::new(),
        amount: ctx.tr.money(transport),
        example: false,
    });
    amounts.push(transport);
    let mut totals: Vec<Money> = Vec::new();
    for amount in amounts {
        match totals.iter_mut().find(|t| t.currency() == amount.currency()) {
            Some(total) => *total = total.checked_add(amount).unwrap_or(*total),
            None => totals.push(amount),
        }
    }
    (lines, totals.into_iter().map(|t| ctx.tr.money(t)).collect())
}

async fn show_page(state: &AppState, ctx: PageCtx, view: MissionView, forms: ShowForms) -> Result<Response, WebError> {
    let mission = &view.mission;
    let lang = ctx.tr.lang;
    let manages = state.app.manages_finance(&ctx.actor);
    let approves = state.app.approves_finance(&ctx.actor);
    let today = state.app.today();
    let may_cost = manages && matches!(mission.status, MissionStatus::Approved | MissionStatus::Reported);
    let may_report = manages && mission.status == MissionStatus::Approved && mission.departs <= today;
    let cities = state.app.list_cities(&ctx.actor).await?;
    let city_links = mission
        .cities
        .iter()
        .map(|code| {
            let name = cities
                .iter()
                .find(|c| &c.code == code)
                .map_or_else(|| code.to_string(), |c| crate::ui::cities::CityView::new(c, &ctx.tr).name);
            (format!("/cities/{code}"), name)
        })
        .collect();
    // The budget and the plan, as far as the reader may read them.
    let budget = state.app.budget(&ctx.actor, &view.programme.code, None).await.ok();
    let sees_budget = budget.is_some();
    let lines: Vec<BudgetLine> = budget.map(|b| b.budget.lines).unwrap_or_default();
    let budget_line =
        mission.budget_line.and_then(|id| lines.iter().find(|l| l.id == id)).map(BudgetLine::label).unwrap_or_default();
    let mut activities: Vec<PlanActivity> = Vec::new();
    for year in view.programme.starts.year()..=view.programme.ends.year() {
        if let Ok((_, planned)) = state.app.plan(&ctx.actor, &view.programme.code, year).await {
            activities.extend(planned.activities.iter().cloned());
        }
    }
    let plan_activity = mission
        .plan_activity
        .and_then(|id| activities.iter().find(|a| a.id == id))
        .map(|a| format!("{} · {}", a.year, a.title.get(ctx.tr.lang)))
        .unwrap_or_default();
    // The people met: those of the mission's cities in the directory, to tick.
    let mut people: Vec<Pick> = Vec::new();
    if may_report {
        for city in &mission.cities {
            let filter = PeopleFilter { city: Some(city.clone()), ..PeopleFilter::default() };
            let Ok(found) = state.app.people(&ctx.actor, &filter, 1).await else { continue };
            for person in found.items {
                let id = person.id.to_string();
                if !people.iter().any(|p| p.value == id) {
                    let selected = forms.report.people_met.contains(&id);
                    people.push(Pick { label: person.display_name().to_owned(), value: id, selected });
                }
            }
        }
    }
    // The people met, linked, for those who may read the directory.
    let mut report_people = Vec::new();
    for id in mission.report.iter().flat_map(|r| r.people_met.iter()) {
        if let Ok(detail) = state.app.person(&ctx.actor, *id).await {
            report_people.push((format!("/people/{id}"), detail.person.display_name().to_owned()));
        }
    }
    let cost_open = forms.cost.is_some();
    let mut cost = forms.cost.unwrap_or_else(|| ExpenseDraft {
        date: today.to_string(),
        currency: mekong_core::NETWORK_CURRENCY.code().to_owned(),
        kind: ContractKind::Services.code().to_owned(),
        procedure: Procedure::Invoice.code().to_owned(),
        plan_activity: mission.plan_activity.map(|a| a.to_string()).unwrap_or_default(),
        description: format!("{} · {}", mission.number, mission.purpose),
        typed_in: lang,
        ..ExpenseDraft::default()
    });
    if cost.budget_line.is_empty() {
        cost.budget_line = mission
            .budget_line
            .and_then(|id| lines.iter().find(|l| l.id == id))
            .map(|l| l.code.clone())
            .unwrap_or_default();
    }
    let suppliers = if may_cost {
        let filter = mekong_core::people::OrganisationFilter {
            kind: Some(OrganisationKind::Company),
            ..mekong_core::people::OrganisationFilter::default()
        };
        let found = state.app.organisations(&ctx.actor, &filter, 1).await?;
        found
            .items
            .iter()
            .map(|o| Pick::new(o.id.to_string(), o.names.for_reader(lang).to_owned(), &cost.supplier))
            .collect()
    } else {
        Vec::new()
    };
    let (estimate, estimate_totals) = estimate(&ctx, &view);
    let costs = view
        .costs
        .iter()
        .map(|e| CostRow {
            href: format!("/expenses/{}", e.id),
            number: e.number.clone(),
            date: mekong_i18n::format_date(lang, e.date),
            description: e.description.clone(),
            amount: ctx.tr.money(e.amount),
            status: ctx.t(&format!("mission-expense-status-{}", e.status.code())),
        })
        .collect();
    let programmes = [view.programme.clone()];
    let page = ShowPage {
        id: mission.id.to_string(),
        version: mission.version,
        row: mission_row(&ctx, mission, &programmes),
        programme: format!("{} · {}", view.programme.code, view.programme.title.get(lang)),
        cities: city_links,
        plan_activity,
        budget_line,
        sees_budget,
        entered_by: mission.entered_by.clone(),
        reviewed_by: mission.reviewed_by.clone(),
        review_comment: mission.review_comment.clone(),
        estimate,
        estimate_totals,
        report_done: mission.report.as_ref().map(|r| r.done.clone()).unwrap_or_default(),
        report_people,
        report_follow_ups: mission.report.as_ref().map(|r| r.follow_ups.clone()).unwrap_or_default(),
        report_by: mission
            .report
            .as_ref()
            .map(|r| format!("{} · {}", r.written_by, ctx.tr.instant(r.written_at)))
            .unwrap_or_default(),
        costs,
        may_edit: manages && mission.status.editable(),
        may_review: approves && mission.status == MissionStatus::Submitted,
        may_report,
        may_cost,
        cost_open,
        comment: forms.comment,
        report: forms.report,
        people,
        lines: lines.iter().map(|l| Pick::new(l.code.clone(), l.label(), &cost.budget_line)).collect(),
        activities: activities
            .iter()
            .map(|a| {
                Pick::new(a.id.to_string(), format!("{} · {}", a.year, a.title.get(ctx.tr.lang)), &cost.plan_activity)
            })
            .collect(),
        suppliers,
        kinds: ContractKind::ALL
            .iter()
            .map(|k| Pick::new(k.code(), ctx.t(&format!("contract-kind-{}", k.code())), &cost.kind))
            .collect(),
        procedures: Procedure::ALL
            .iter()
            .map(|p| Pick::new(p.code(), ctx.t(&format!("procedure-{}", p.code().replace('_', "-"))), &cost.procedure))
            .collect(),
        currencies: currency_picks(&cost.currency),
        cost,
        errors: forms.errors,
        conflict: forms.conflict,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page))
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let view = state.app.mission(&ctx.actor, mission_id(&id)?).await?;
    show_page(&state, ctx, view, ShowForms::default()).await
}

/// After a step: back to the mission with a message, or its page again with what went wrong.
async fn after_step(
    state: &AppState,
    ctx: PageCtx,
    jar: CookieJar,
    id: MissionId,
    result: Result<(), AppError>,
    forms: ShowForms,
    flash: &'static str,
) -> Result<Response, WebError> {
    let forms = match refusal(result)? {
        Ok(_) => return Ok(redirect_with_flash(&format!("/missions/{id}"), flash, jar, state.config.tls)),
        Err(Refusal { errors, conflict }) => ShowForms { errors, conflict, ..forms },
    };
    let view = state.app.mission(&ctx.actor, id).await?;
    show_page(state, ctx, view, forms).await
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = mission_id(&id)?;
    let result = state.app.submit_mission(&ctx.actor, id, Fields(pairs).version()).await.map(|_| ());
    after_step(&state, ctx, jar, id, result, ShowForms::default(), "flash-mission-submitted").await
}

pub async fn approve(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = mission_id(&id)?;
    let result = state.app.approve_mission(&ctx.actor, id, Fields(pairs).version()).await.map(|_| ());
    after_step(&state, ctx, jar, id, result, ShowForms::default(), "flash-mission-approved").await
}

pub async fn send_back(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = mission_id(&id)?;
    let fields = Fields(pairs);
    let comment = fields.get("comment");
    let result = state.app.return_mission(&ctx.actor, id, fields.version(), &comment).await.map(|_| ());
    let forms = ShowForms { comment, ..ShowForms::default() };
    after_step(&state, ctx, jar, id, result, forms, "flash-mission-returned").await
}

pub async fn report(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = mission_id(&id)?;
    let fields = Fields(pairs);
    let draft = MissionReportDraft {
        done: fields.get("done"),
        people_met: fields.all("people_met"),
        follow_ups: fields.get("follow_ups"),
    };
    let result = state.app.report_mission(&ctx.actor, id, fields.version(), &draft).await.map(|_| ());
    let forms = ShowForms { report: draft, ..ShowForms::default() };
    after_step(&state, ctx, jar, id, result, forms, "flash-mission-reported").await
}

pub async fn record_cost(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = mission_id(&id)?;
    let fields = Fields(pairs);
    let draft = ExpenseDraft {
        date: fields.get("date"),
        amount: fields.get("amount"),
        currency: fields.get("currency"),
        vat: fields.get("vat"),
        supplier: fields.get("supplier"),
        new_supplier: fields.get("new_supplier"),
        new_supplier_country: fields.get("new_supplier_country"),
        budget_line: fields.get("budget_line"),
        plan_activity: fields.get("plan_activity"),
        logframe_node: fields.get("logframe_node"),
        description: fields.get("description"),
        kind: fields.get("kind"),
        procedure: fields.get("procedure"),
        typed_in: ctx.tr.lang,
    };
    let result = state.app.record_mission_cost(&ctx.actor, id, &draft).await.map(|_| ());
    let forms = ShowForms { cost: Some(draft), ..ShowForms::default() };
    after_step(&state, ctx, jar, id, result, forms, "flash-mission-cost-recorded").await
}
