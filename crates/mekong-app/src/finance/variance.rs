//! Budget against actual, per line and heading, in the contract's currency: the sums come from
//! the database, and expenses not yet converted are counted apart rather than added at a guess.

use super::BudgetView;
use crate::policy::Actor;
use crate::{App, AppError};
use mekong_core::finance::Share;
use mekong_core::finance::budget::{BudgetLine, Heading};
use mekong_core::finance::expenses::ExpenseStatus;
use mekong_core::money::{Money, MoneyError};

/// One line (or heading) of the variance table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarianceLine {
    pub code: String,
    pub title: String,
    pub heading: Heading,
    pub budget: Money,
    /// Approved expenses.
    pub spent: Money,
    /// Entered or returned, not approved yet.
    pub pending: Money,
    pub remaining: Money,
    pub used: Option<Share>,
    /// Expenses that have no rate yet, so no amount in the contract's currency.
    pub unconverted: i64,
}

/// The variance page: its lines, a subtotal per heading, and the whole.
#[derive(Debug, Clone)]
pub struct Variance {
    pub view: BudgetView,
    pub year: Option<i16>,
    pub lines: Vec<VarianceLine>,
    pub headings: Vec<VarianceLine>,
    pub total: VarianceLine,
}

fn internal(error: MoneyError) -> AppError {
    AppError::Internal(format!("variance arithmetic: {error}"))
}

impl App {
    /// The variance of a programme, for `year` or the whole programme.
    pub async fn variance(&self, actor: &Actor, code: &str, year: Option<i16>) -> Result<Variance, AppError> {
        let view = self.budget(actor, code, year).await?;
        let spending = self.store.spending_by_line(view.programme.id, year).await?;
        let currency = view.programme.currency;
        let sum_of = |line: &BudgetLine, approved: bool| -> (i64, i64) {
            spending
                .iter()
                .filter(|s| s.budget_line_id == line.id.0)
                .filter(|s| (s.status == ExpenseStatus::Approved.code()) == approved)
                .fold((0_i64, 0_i64), |(sum, unconverted), s| {
                    (sum.saturating_add(s.converted.unwrap_or(0)), unconverted + s.unconverted)
                })
        };
        let mut lines = Vec::new();
        for line in &view.budget.lines {
            let budget = view.budget.current(line, year).map_err(internal)?;
            let (spent, unconverted_spent) = sum_of(line, true);
            let (pending, unconverted_pending) = sum_of(line, false);
            lines.push(variance_line(
                line.code.clone(),
                line.title.clone(),
                line.heading(),
                budget,
                Money::new(spent, currency),
                Money::new(pending, currency),
                unconverted_spent + unconverted_pending,
            )?);
        }
        let total_of = |code: String, heading: Heading, of: &[&VarianceLine]| -> Result<VarianceLine, AppError> {
            let add = |pick: fn(&VarianceLine) -> Money| {
                of.iter().try_fold(Money::zero(currency), |sum, l| sum.checked_add(pick(l))).map_err(internal)
            };
            variance_line(
                code,
                String::new(),
                heading,
                add(|l| l.budget)?,
                add(|l| l.spent)?,
                add(|l| l.pending)?,
                of.iter().map(|l| l.unconverted).sum(),
            )
        };
        let mut headings = Vec::new();
        for heading in Heading::ALL {
            let of: Vec<&VarianceLine> = lines.iter().filter(|l| l.heading == heading).collect();
            headings.push(total_of(heading.number().to_string(), heading, &of)?);
        }
        let all: Vec<&VarianceLine> = lines.iter().collect();
        let total = total_of(String::new(), Heading::Other, &all)?;
        Ok(Variance { view, year, lines, headings, total })
    }
}

fn variance_line(
    code: String,
    title: String,
    heading: Heading,
    budget: Money,
    spent: Money,
    pending: Money,
    unconverted: i64,
) -> Result<VarianceLine, AppError> {
    let remaining = Money::new(
        budget.amount_minor().checked_sub(spent.amount_minor()).ok_or(MoneyError::Overflow).map_err(internal)?,
        budget.currency(),
    );
    Ok(VarianceLine {
        code,
        title,
        heading,
        budget,
        spent,
        pending,
        remaining,
        used: Share::between(spent, budget),
        unconverted,
    })
}
