//! What an event costs the programme, for those who run it: the cost per budget line and
//! currency, and the travel and per diems proposed as expenses of a programme (one click, and a
//! second click creates nothing twice). Every participant's travel is read, so the event's own
//! page only links here.

use super::event_id;
use crate::WebError;
use crate::context::PageCtx;
use crate::page::render_with_status;
use crate::state::AppState;
use crate::ui::finance::{Pick, budget_line_picks};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mekong_app::AppError;
use mekong_core::events::EventCosts;
use mekong_core::ids::EventId;
use mekong_core::validation::FieldErrors;
use mekong_i18n::Arg;
use serde::Deserialize;

/// The proposal form: the programme that pays, and the line for travel that names none.
#[derive(Deserialize, Default, Clone)]
pub struct ProposalInput {
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub budget_line: String,
}

#[derive(Template)]
#[template(path = "events/costs.html")]
struct CostsPage {
    ctx: PageCtx,
    id: String,
    title: String,
    costs: Vec<Vec<String>>,
    /// One total per currency: amounts in different currencies are not added.
    costs_total: Vec<String>,
    costs_overflow: bool,
    example_rates: bool,
    /// The programmes whose expenses the reader enters (code, label, chosen), for the proposal
    /// form; empty for everyone else.
    finance_programmes: Vec<(String, String, bool)>,
    budget_lines: Vec<Pick>,
    errors: FieldErrors,
    proposal_result: Option<String>,
}

/// The cost table's rows (a line per budget line and currency) and its totals per currency.
fn cost_rows(ctx: &PageCtx, costs: &EventCosts, lines: &[(String, String)]) -> (Vec<Vec<String>>, Vec<String>) {
    let rows = costs
        .lines
        .iter()
        .map(|c| {
            vec![
                match lines.iter().find(|(code, _)| *code == c.budget_line) {
                    _ if c.budget_line.is_empty() => ctx.t("budget-line-none"),
                    Some((_, label)) => label.clone(),
                    None => c.budget_line.clone(),
                },
                ctx.tr.number(i64::try_from(c.participants).unwrap_or_default()),
                ctx.tr.money(c.per_diems),
                ctx.tr.money(c.fares),
                ctx.tr.money(c.total),
            ]
        })
        .collect();
    (rows, costs.totals.iter().map(|total| ctx.tr.money(*total)).collect())
}

async fn costs_page(
    state: &AppState,
    ctx: PageCtx,
    id: EventId,
    proposal: ProposalInput,
    errors: FieldErrors,
    proposal_result: Option<String>,
) -> Result<Response, WebError> {
    let view = state.app.event_costs(&ctx.actor, id).await?;
    let lines = state.app.budget_line_choices(None).await?;
    let (costs, costs_total) = match &view.costs {
        Ok(costs) => cost_rows(&ctx, costs, &lines),
        Err(_) => (Vec::new(), Vec::new()),
    };
    let finance_programmes = if state.app.manages_finance(&ctx.actor) {
        let lang = ctx.tr.lang;
        state
            .app
            .finance_programmes(&ctx.actor)
            .await?
            .into_iter()
            .map(|p| {
                let chosen = p.code == proposal.programme;
                (p.code.clone(), format!("{} · {}", p.code, p.title.get(lang)), chosen)
            })
            .collect()
    } else {
        Vec::new()
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = CostsPage {
        id: id.to_string(),
        title: view.event.title.get(ctx.tr.lang).to_owned(),
        costs,
        costs_total,
        costs_overflow: view.costs.is_err(),
        example_rates: view.example_rates,
        finance_programmes,
        budget_lines: budget_line_picks(&ctx, lines, &proposal.budget_line),
        errors,
        proposal_result,
        ctx,
    };
    Ok(render_with_status(status, &page))
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    costs_page(&state, ctx, event_id(&id)?, ProposalInput::default(), FieldErrors::default(), None).await
}

pub async fn propose(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(input): Form<ProposalInput>,
) -> Result<Response, WebError> {
    let id = event_id(&id)?;
    if input.programme.trim().is_empty() {
        let mut errors = FieldErrors::default();
        errors.add("programme", "error-required");
        return costs_page(&state, ctx, id, input, errors, None).await;
    }
    match state.app.propose_event_expenses(&ctx.actor, id, &input.programme, &input.budget_line).await {
        Ok(done) => {
            let count = |n: usize| Arg::from(i64::try_from(n).unwrap_or_default());
            let mut result = ctx
                .tr
                .t_with("event-expenses-result", &[("created", count(done.created)), ("already", count(done.already))]);
            if !done.without_line.is_empty() {
                result.push(' ');
                result.push_str(
                    &ctx.tr
                        .t_with("event-expenses-without-line", &[("names", Arg::from(done.without_line.join(", ")))]),
                );
            }
            costs_page(&state, ctx, id, input, FieldErrors::default(), Some(result)).await
        }
        Err(AppError::Validation(errors)) => costs_page(&state, ctx, id, input, errors, None).await,
        Err(other) => Err(other.into()),
    }
}
