//! Budget against actual per line and heading, for a year or the whole programme, with the caps.

use super::{CapRow, FinanceNav, cap_rows, heading_label};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mekong_app::finance::VarianceLine;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<i16>,
}

struct Row {
    code: String,
    title: String,
    budget: String,
    spent: String,
    used: String,
    /// Spent more than budgeted.
    over: bool,
    pending: String,
    remaining: String,
    /// How many expenses have no rate yet, in words (empty when none).
    unconverted: String,
    subtotal: bool,
}

#[derive(Template)]
#[template(path = "finance/variance.html")]
struct VariancePage {
    ctx: PageCtx,
    nav: FinanceNav,
    year: Option<i16>,
    /// Each year and whether it is the one shown.
    years: Vec<(i16, bool)>,
    rows: Vec<Row>,
    total: Row,
    caps: Vec<CapRow>,
    /// Whether some amount was converted with an example rate.
    example_rates: bool,
}

fn row(ctx: &PageCtx, line: &VarianceLine, subtotal: bool) -> Row {
    Row {
        code: line.code.clone(),
        title: line.title.clone(),
        budget: ctx.tr.money(line.budget),
        spent: ctx.tr.money(line.spent),
        used: line.used.map(|u| format!("{} %", u)).unwrap_or_else(|| "–".to_owned()),
        over: line.spent.amount_minor() > line.budget.amount_minor(),
        pending: ctx.tr.money(line.pending),
        remaining: ctx.tr.money(line.remaining),
        unconverted: if line.unconverted > 0 {
            ctx.tr.t_with("finance-unconverted", &[("count", line.unconverted.into())])
        } else {
            String::new()
        },
        subtotal,
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<Response, WebError> {
    let variance = state.app.variance(&ctx.actor, &code, query.year).await?;
    let years = variance.view.years().into_iter().map(|y| (y, Some(y) == variance.year)).collect();
    let mut rows = Vec::new();
    for heading in &variance.headings {
        let lines: Vec<&VarianceLine> = variance.lines.iter().filter(|l| l.heading == heading.heading).collect();
        if lines.is_empty() {
            continue;
        }
        rows.extend(lines.iter().map(|l| row(&ctx, l, false)));
        let mut subtotal = row(&ctx, heading, true);
        subtotal.title = heading_label(&ctx, heading.heading);
        subtotal.code = String::new();
        rows.push(subtotal);
    }
    let mut total = row(&ctx, &variance.total, true);
    total.title = ctx.t("finance-total");
    let caps = cap_rows(&ctx, &variance.view.caps);
    let example_rates = state.app.exchange_rates(&ctx.actor).await?.iter().any(|r| r.example);
    let page = VariancePage {
        example_rates,
        nav: FinanceNav { code, current: "variance" },
        year: variance.year,
        years,
        rows,
        total,
        caps,
        ctx,
    };
    Ok(render(&page))
}
