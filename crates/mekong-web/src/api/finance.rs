//! A programme's money as JSON: its budget (lines, a summary per heading, the caps), a page of
//! its expenses, and the variance of budget against actual. Amounts always carry their currency.

use super::events::MoneyDto;
use super::query::{ApiQuery, check_page, within_pages};
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use mekong_app::AppError;
use mekong_app::finance::{ExpenseFilter, VarianceLine};
use mekong_core::finance::budget::CapCheck;
use mekong_core::finance::expenses::{Expense, ExpenseStatus};
use mekong_core::money::MoneyError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

fn arithmetic(error: MoneyError) -> WebError {
    WebError(AppError::Internal(format!("budget arithmetic: {error}")))
}

/// One line of the budget, in the contract's currency.
#[derive(Serialize, ToSchema)]
pub struct BudgetLineDto {
    id: String,
    /// `2.1.3`: its first number is the heading.
    code: String,
    title: String,
    unit: String,
    /// The heading's number (1 to 6, 8, 10).
    heading: u8,
    years: Vec<LineYearDto>,
    /// Over every year, as contracted.
    contracted: MoneyDto,
    /// Over every year, the transfers applied.
    current: MoneyDto,
}

/// A line's year: units × unit cost.
#[derive(Serialize, ToSchema)]
pub struct LineYearDto {
    year: i16,
    units: i64,
    unit_cost: MoneyDto,
    amount: MoneyDto,
}

/// A heading's total.
#[derive(Serialize, ToSchema)]
pub struct HeadingDto {
    /// 1 to 6, 8 (indirect costs), 10 (contingency reserve).
    number: u8,
    /// `human_resources`, `travel`, `equipment`, ...
    heading: String,
    amount: MoneyDto,
}

/// A cap of the contract checked against the budget.
#[derive(Serialize, ToSchema)]
pub struct CapDto {
    /// `indirect` or `contingency`.
    rule: String,
    /// The share of line 7 allowed, in percent (`7`, `7.5`).
    percent: String,
    limit: MoneyDto,
    budgeted: MoneyDto,
    exceeded: bool,
}

/// A programme's budget.
#[derive(Serialize, ToSchema)]
pub struct BudgetDto {
    programme: String,
    currency: String,
    lines: Vec<BudgetLineDto>,
    headings: Vec<HeadingDto>,
    /// Line 7: headings 1 to 6.
    direct: MoneyDto,
    /// Line 9: direct and indirect costs.
    eligible: MoneyDto,
    total: MoneyDto,
    caps: Vec<CapDto>,
}

#[utoipa::path(get, path = "/api/v1/finance/{programme}/budget", tag = "finance", operation_id = "get_budget",
    security(("bearer" = [])),
    params(("programme" = String, Path, description = "The programme's code, such as SGA4")),
    responses((status = 200, description = "The budget, with the transfers applied", body = BudgetDto),
        (status = 403, body = super::ApiErrorDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn budget(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(programme): Path<String>,
) -> Result<Json<BudgetDto>, WebError> {
    let view = state.app.budget(&ctx.actor, &programme, None).await?;
    let budget = &view.budget;
    let summary = budget.summary(None).map_err(arithmetic)?;
    let mut lines = Vec::new();
    for line in &budget.lines {
        let mut years = Vec::new();
        for year in &line.years {
            years.push(LineYearDto {
                year: year.year,
                units: year.units,
                unit_cost: year.unit_cost.into(),
                amount: year.amount().map_err(arithmetic)?.into(),
            });
        }
        lines.push(BudgetLineDto {
            id: line.id.to_string(),
            code: line.code.clone(),
            title: line.title.clone(),
            unit: line.unit.clone(),
            heading: line.heading().number(),
            years,
            contracted: budget.contracted(line, None).map_err(arithmetic)?.into(),
            current: budget.current(line, None).map_err(arithmetic)?.into(),
        });
    }
    Ok(Json(BudgetDto {
        programme: view.programme.code.clone(),
        currency: budget.currency.code().to_owned(),
        lines,
        headings: summary
            .headings
            .iter()
            .map(|(h, amount)| HeadingDto {
                number: h.number(),
                heading: h.code().to_owned(),
                amount: (*amount).into(),
            })
            .collect(),
        direct: summary.direct.into(),
        eligible: summary.eligible.into(),
        total: summary.total.into(),
        caps: view.caps.iter().map(CapDto::from).collect(),
    }))
}

impl From<&CapCheck> for CapDto {
    fn from(check: &CapCheck) -> Self {
        CapDto {
            rule: check.rule.code().to_owned(),
            percent: check.share.to_string(),
            limit: check.limit.into(),
            budgeted: check.budgeted.into(),
            exceeded: check.exceeded(),
        }
    }
}

/// An expense, as entered, with its conversion to the contract's currency when it has one.
#[derive(Serialize, ToSchema)]
pub struct ExpenseDto {
    id: String,
    /// `EXP-2026-0042`.
    number: String,
    date: String,
    amount: MoneyDto,
    vat: MoneyDto,
    supplier: Option<String>,
    supplier_name: String,
    budget_line: String,
    plan_activity: Option<String>,
    description: String,
    /// `services`, `supplies`, `works`.
    kind: String,
    procedure: String,
    /// `entered`, `approved`, `returned`.
    status: String,
    /// The approved expense this entry corrects.
    corrects: Option<String>,
    /// The mission it is a cost of.
    mission: Option<String>,
    converted: Option<MoneyDto>,
    /// The rate (units of the amount's currency per unit of the contract's), its basis and method.
    rate: Option<String>,
    rate_basis: Option<String>,
    conversion_method: Option<String>,
    /// Whether the rate is one of the demo's examples.
    example_rate: bool,
    /// The kinds of the flags not yet resolved.
    open_flags: Vec<String>,
}

fn expense_dto(expense: &Expense, line_code: String) -> ExpenseDto {
    let conversion = expense.conversion.as_ref();
    ExpenseDto {
        id: expense.id.to_string(),
        number: expense.number.clone(),
        date: expense.date.to_string(),
        amount: expense.amount.into(),
        vat: expense.vat.into(),
        supplier: expense.supplier.map(|s| s.to_string()),
        supplier_name: expense.supplier_name.clone(),
        budget_line: line_code,
        plan_activity: expense.plan_activity.map(|a| a.to_string()),
        description: expense.description.clone(),
        kind: expense.kind.code().to_owned(),
        procedure: expense.procedure.code().to_owned(),
        status: expense.status.code().to_owned(),
        corrects: expense.corrects.map(|c| c.to_string()),
        mission: match expense.origin {
            mekong_core::finance::expenses::Origin::Mission(id) => Some(id.to_string()),
            _ => None,
        },
        converted: conversion.map(|c| c.converted.into()),
        rate: conversion.map(|c| c.rate.to_string()),
        rate_basis: conversion.map(|c| c.basis.clone()),
        conversion_method: conversion.map(|c| c.method.code().to_owned()),
        example_rate: conversion.is_some_and(|c| c.example),
        open_flags: expense.open_flags().map(|f| f.kind.code().to_owned()).collect(),
    }
}

/// A page of expenses.
#[derive(Serialize, ToSchema)]
pub struct ExpensePageDto {
    items: Vec<ExpenseDto>,
    /// How many match the filters.
    total: u64,
    /// From 1.
    page: u64,
    per_page: u64,
}

/// Filters of the expense list.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ExpenseQuery {
    /// `entered`, `approved` or `returned`.
    status: Option<String>,
    /// A budget line's code.
    budget_line: Option<String>,
    /// An ISO 4217 code.
    currency: Option<String>,
    /// Only those with a flag not yet resolved.
    flagged: Option<bool>,
    year: Option<i16>,
    /// From 1.
    page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/finance/{programme}/expenses", tag = "finance", operation_id = "list_expenses",
    security(("bearer" = [])),
    params(("programme" = String, Path, description = "The programme's code, such as SGA4"), ExpenseQuery),
    responses((status = 200, description = "A page of expenses, newest first", body = ExpensePageDto),
        (status = 403, body = super::ApiErrorDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn expenses(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(programme): Path<String>,
    ApiQuery(query): ApiQuery<ExpenseQuery>,
) -> Result<Json<ExpensePageDto>, WebError> {
    let view = state.app.budget(&ctx.actor, &programme, None).await?;
    let lines = &view.budget.lines;
    let status = match query.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => {
            Some(ExpenseStatus::parse(raw).ok_or_else(|| AppError::field("status", "error-expense-status-filter"))?)
        }
        None => None,
    };
    let budget_line = match query.budget_line.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(code) => Some(
            lines
                .iter()
                .find(|l| l.code == code)
                .map(|l| l.id)
                .ok_or(AppError::field("budget_line", "error-budget-line"))?,
        ),
        None => None,
    };
    let filter = ExpenseFilter {
        status,
        budget_line,
        currency: match query.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => Some(
                mekong_core::money::Currency::parse(code)
                    .map_err(|_| AppError::field("currency", "error-query-parameter"))?,
            ),
            None => None,
        },
        flagged: query.flagged.unwrap_or(false),
        year: checked_year(query.year)?,
    };
    let page = check_page(query.page)?;
    let (_, items, total) = state.app.expenses(&ctx.actor, &programme, &filter, page - 1).await?;
    within_pages(page, total.div_ceil(mekong_app::finance::EXPENSES_PER_PAGE))?;
    let code_of = |id| lines.iter().find(|l| l.id == id).map(|l| l.code.clone()).unwrap_or_default();
    Ok(Json(ExpensePageDto {
        items: items.iter().map(|e| expense_dto(e, code_of(e.budget_line))).collect(),
        total,
        page,
        per_page: mekong_app::finance::EXPENSES_PER_PAGE,
    }))
}

/// A year filter within the dates Mekong reads (1900–2200).
fn checked_year(year: Option<i16>) -> Result<Option<i16>, WebError> {
    match year {
        Some(year) if !(1900..=2200).contains(&year) => Err(WebError(AppError::field("year", "error-query-parameter"))),
        year => Ok(year),
    }
}

/// One line (or heading, or the whole) of the variance.
#[derive(Serialize, ToSchema)]
pub struct VarianceLineDto {
    /// The line's code, the heading's number, or empty for the whole.
    code: String,
    title: String,
    heading: u8,
    budget: MoneyDto,
    /// Approved expenses, in the contract's currency.
    spent: MoneyDto,
    /// Entered or returned, not approved yet.
    pending: MoneyDto,
    remaining: MoneyDto,
    /// Share of the budget spent, in percent (`42.5`); null when the budget is zero.
    used_percent: Option<String>,
    /// Expenses without a rate yet, not counted in the sums.
    unconverted: i64,
}

impl From<&VarianceLine> for VarianceLineDto {
    fn from(line: &VarianceLine) -> Self {
        VarianceLineDto {
            code: line.code.clone(),
            title: line.title.clone(),
            heading: line.heading.number(),
            budget: line.budget.into(),
            spent: line.spent.into(),
            pending: line.pending.into(),
            remaining: line.remaining.into(),
            used_percent: line.used.map(|s| s.to_string()),
            unconverted: line.unconverted,
        }
    }
}

/// Budget against actual, per line and heading.
#[derive(Serialize, ToSchema)]
pub struct VarianceDto {
    programme: String,
    currency: String,
    /// The year, or null for the whole programme.
    year: Option<i16>,
    lines: Vec<VarianceLineDto>,
    headings: Vec<VarianceLineDto>,
    total: VarianceLineDto,
    caps: Vec<CapDto>,
}

/// Which year the variance covers.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// A year of the programme; the whole programme when absent.
    year: Option<i16>,
}

#[utoipa::path(get, path = "/api/v1/finance/{programme}/variance", tag = "finance", operation_id = "get_variance",
    security(("bearer" = [])),
    params(("programme" = String, Path, description = "The programme's code, such as SGA4"), YearQuery),
    responses((status = 200, description = "Budget against actual", body = VarianceDto),
        (status = 403, body = super::ApiErrorDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn variance(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(programme): Path<String>,
    ApiQuery(query): ApiQuery<YearQuery>,
) -> Result<Json<VarianceDto>, WebError> {
    let variance = state.app.variance(&ctx.actor, &programme, checked_year(query.year)?).await?;
    Ok(Json(VarianceDto {
        programme: variance.view.programme.code.clone(),
        currency: variance.view.programme.currency.code().to_owned(),
        year: variance.year,
        lines: variance.lines.iter().map(VarianceLineDto::from).collect(),
        headings: variance.headings.iter().map(VarianceLineDto::from).collect(),
        total: (&variance.total).into(),
        caps: variance.view.caps.iter().map(CapDto::from).collect(),
    }))
}
