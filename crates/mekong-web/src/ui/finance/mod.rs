//! The finance pages: the programmes' money at a glance, each budget with its caps, transfers
//! and settings, the expenses and their review, the variance, and the exchange rates. As in
//! the application layer, each part has its module.

pub mod budget;
pub mod expenses;
pub mod rates;
pub mod variance;

use crate::WebError;
use crate::context::PageCtx;
use crate::page::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use mekong_core::finance::budget::{BudgetLine, CapCheck, Heading};
use mekong_core::finance::conversion::Conversion;
use mekong_core::money::Currency;

/// One option of a select built from records (lines, activities, organisations).
pub struct Pick {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Pick {
    pub fn new(value: impl Into<String>, label: impl Into<String>, current: &str) -> Pick {
        let value = value.into();
        let selected = value == current;
        Pick { value, label: label.into(), selected }
    }
}

/// The budget lines as choices, by code.
pub fn line_picks(lines: &[BudgetLine], current: &str) -> Vec<Pick> {
    lines.iter().map(|l| Pick::new(l.code.clone(), l.label(), current)).collect()
}

/// The budget's lines to choose from; a line typed before they were choices stays selectable,
/// said to be none of the budget's.
pub fn budget_line_picks(ctx: &PageCtx, lines: Vec<(String, String)>, current: &str) -> Vec<Pick> {
    let mut picks: Vec<Pick> = lines.into_iter().map(|(code, label)| Pick::new(code, label, current)).collect();
    if !current.trim().is_empty() && !picks.iter().any(|p| p.selected) {
        picks.push(Pick::new(current, format!("{current} – {}", ctx.t("error-budget-line")), current));
    }
    picks
}

/// The currencies to choose from: the network's usual ones first, then every other by code.
pub fn currency_picks(current: &str) -> Vec<Pick> {
    let others = Currency::all().iter().filter(|c| !Currency::USUAL.contains(c));
    Currency::USUAL.iter().chain(others).map(|c| Pick::new(c.code(), c.code(), current)).collect()
}

/// A converted amount as a reader sees it: the amount, and how it was converted.
pub fn conversion_text(ctx: &PageCtx, conversion: Option<&Conversion>) -> (String, String) {
    match conversion {
        Some(c) => {
            let method = ctx.t(&format!("conversion-{}", c.method.code().replace('_', "-")));
            let example = if c.example { format!(" · {}", ctx.t("finance-example")) } else { String::new() };
            let source = if c.source.is_empty() { String::new() } else { format!(" · {}", c.source) };
            (ctx.tr.money(c.converted), format!("{method} · {} · {}{source}{example}", c.rate, c.basis))
        }
        None => (ctx.t("finance-not-converted"), String::new()),
    }
}

/// A cap checked against the budget, as the budget and variance pages show it.
pub struct CapRow {
    pub label: String,
    pub limit: String,
    pub budgeted: String,
    pub exceeded: bool,
}

pub fn cap_rows(ctx: &PageCtx, caps: &[CapCheck]) -> Vec<CapRow> {
    caps.iter()
        .map(|c| CapRow {
            label: ctx.tr.t_with(&format!("finance-cap-{}", c.rule.code()), &[("share", c.share.to_string().into())]),
            limit: ctx.tr.money(c.limit),
            budgeted: ctx.tr.money(c.budgeted),
            exceeded: c.exceeded(),
        })
        .collect()
}

/// `2. Travel`: a heading's number and name in the reader's language.
pub fn heading_label(ctx: &PageCtx, heading: Heading) -> String {
    format!("{}. {}", heading.number(), ctx.t(&format!("heading-{}", heading.code().replace('_', "-"))))
}

/// The sub-navigation of a programme's finance pages.
pub struct FinanceNav {
    pub code: String,
    pub current: &'static str,
}

#[derive(Template)]
#[template(path = "finance/overview.html")]
struct OverviewPage {
    ctx: PageCtx,
    programmes: Vec<ProgrammeLine>,
}

struct ProgrammeLine {
    code: String,
    title: String,
    total: String,
    spent: String,
    flagged: u64,
}

/// `/finance`: each programme whose money the reader may see, with its budget and spending.
pub async fn overview(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let mut programmes = Vec::new();
    for programme in state.app.finance_programmes(&ctx.actor).await? {
        let variance = state.app.variance(&ctx.actor, &programme.code, None).await?;
        programmes.push(ProgrammeLine {
            code: programme.code.clone(),
            title: programme.title.get(ctx.tr.lang).to_owned(),
            total: ctx.tr.money(variance.total.budget),
            spent: ctx.tr.money(variance.total.spent),
            flagged: state.app.flagged_expenses(&ctx.actor, &programme.code).await?,
        });
    }
    Ok(render(&OverviewPage { ctx, programmes }))
}
