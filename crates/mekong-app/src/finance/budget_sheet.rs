//! The budget as a spreadsheet in the EU's layout (Annex III): per line its code, description and
//! unit, then per year the number of units, the unit cost and the total, then the total over
//! all years; heading rows and the totals 7, 9 and the grand total between them. An import
//! reads the lines back by code, all or nothing, each bad cell named by row and column.

use super::budget::BudgetLineDraft;
use crate::audit::{Change, audit_actor};
use crate::policy::{Actor, Permission};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::finance::budget::{BudgetLine, Heading};
use mekong_core::ids::BudgetLineId;
use mekong_core::money::Money;
use mekong_core::validation::FieldErrors;
use mekong_docs::Table;

/// The most lines a budget sheet may hold.
const MAX_LINES: usize = 2_000;

/// The name of each heading in the template, in the contract's language (English).
fn heading_title(heading: Heading) -> &'static str {
    match heading {
        Heading::HumanResources => "Human resources",
        Heading::Travel => "Travel",
        Heading::Equipment => "Equipment and supplies",
        Heading::LocalOffice => "Local office",
        Heading::OtherCosts => "Other costs, services",
        Heading::Other => "Other",
        Heading::Indirect => "Indirect costs",
        Heading::Contingency => "Contingency reserve",
    }
}

impl App {
    /// The budget in the EU layout, with the current amounts (transfers applied).
    pub async fn budget_table(&self, actor: &Actor, code: &str) -> Result<Table, AppError> {
        let view = self.budget(actor, code, None).await?;
        let years = view.years();
        let currency = view.programme.currency;
        let mut headers = vec!["code".to_owned(), "description".to_owned(), "unit".to_owned()];
        for year in &years {
            headers.extend([format!("units_{year}"), format!("unit_cost_{year}"), format!("total_{year}")]);
        }
        headers.push(format!("total_{}", currency.code()));
        let blank = || vec![String::new(); headers.len()];
        let mut rows = Vec::new();
        let summary_row = |label: String, amounts: Vec<Money>, total: Money| {
            let mut row = vec![String::new(), label, String::new()];
            for amount in amounts {
                row.extend([String::new(), String::new(), amount.plain()]);
            }
            row.push(total.plain());
            row
        };
        let by_year = |heading: Option<Heading>, part: fn(&mekong_core::finance::budget::BudgetSummary) -> Money| {
            years
                .iter()
                .map(|y| {
                    view.budget.summary(Some(*y)).map(|s| match heading {
                        Some(h) => s.headings.iter().find(|(x, _)| *x == h).map_or(Money::zero(currency), |(_, m)| *m),
                        None => part(&s),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| AppError::Internal(e.to_string()))
        };
        let whole = view.budget.summary(None).map_err(|e| AppError::Internal(e.to_string()))?;
        for heading in Heading::ALL {
            if heading == Heading::Indirect {
                let label = "7. Total direct eligible costs of the action (1-6)".to_owned();
                rows.push(summary_row(label, by_year(None, |s| s.direct)?, whole.direct));
            }
            let mut title = blank();
            title[1] = format!("{}. {}", heading.number(), heading_title(heading));
            rows.push(title);
            for line in view.budget.lines.iter().filter(|l| l.heading() == heading) {
                let mut row = vec![line.code.clone(), line.title.clone(), line.unit.clone()];
                for year in &years {
                    match line.years.iter().find(|y| y.year == *year) {
                        Some(y) => row.extend([
                            y.units.to_string(),
                            y.unit_cost.plain(),
                            view.budget.current(line, Some(*year)).map(Money::plain).unwrap_or_default(),
                        ]),
                        None => row.extend([String::new(), String::new(), String::new()]),
                    }
                }
                row.push(view.budget.current(line, None).map(Money::plain).unwrap_or_default());
                rows.push(row);
            }
            let total = whole.headings.iter().find(|(h, _)| *h == heading).map_or(Money::zero(currency), |(_, m)| *m);
            rows.push(summary_row(
                format!("Subtotal {}", heading.number()),
                by_year(Some(heading), |s| s.direct)?,
                total,
            ));
            if heading == Heading::Indirect {
                let label = "9. Total eligible costs of the action (7+8)".to_owned();
                rows.push(summary_row(label, by_year(None, |s| s.eligible)?, whole.eligible));
            }
        }
        rows.push(summary_row("Total".to_owned(), by_year(None, |s| s.total)?, whole.total));
        Ok(Table { headers, rows })
    }

    /// Reads a budget sheet back: lines are added or updated by code, all or nothing. Rows
    /// without a code (headings, totals) are skipped; totals are computed, never read.
    pub async fn import_budget(
        &self,
        actor: &Actor,
        code: &str,
        bytes: &[u8],
        typed_in: Lang,
    ) -> Result<usize, AppError> {
        let programme = self.finance_programme(actor, Permission::ManageFinance, code).await?;
        let table = mekong_docs::read_table(bytes).map_err(|_| AppError::field("file", "error-file-unreadable"))?;
        let at = |name: &str| table.headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        let (Some(code_at), Some(title_at)) = (at("code"), at("description")) else {
            return Err(AppError::field("file", "error-budget-columns"));
        };
        if table.rows.len() > MAX_LINES {
            return Err(AppError::field("file", "error-file-too-many-rows"));
        }
        let unit_at = at("unit");
        let years: Vec<i16> = (programme.starts.year()..=programme.ends.year()).collect();
        let txn = self.store.begin_write().await?;
        let existing = txn.budget_lines_for_update(programme.id).await?;
        let mut errors = FieldErrors::default();
        let mut lines: Vec<(Option<BudgetLine>, BudgetLine)> = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            let line_number = index + 2;
            let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|s| s.trim().to_owned()).unwrap_or_default();
            let line_code = cell(Some(code_at));
            if line_code.is_empty() {
                continue;
            }
            if lines.iter().any(|(_, l)| l.code == line_code) {
                errors.add(&format!("{line_number}:code"), "error-budget-line-taken");
                continue;
            }
            let draft = BudgetLineDraft {
                code: line_code.clone(),
                title: cell(Some(title_at)),
                unit: cell(unit_at),
                years: years
                    .iter()
                    .map(|y| (*y, cell(at(&format!("units_{y}"))), cell(at(&format!("unit_cost_{y}")))))
                    .collect(),
                typed_in,
            };
            let before = existing.iter().find(|l| l.code == line_code).cloned();
            let (id, version) = before.as_ref().map_or((BudgetLineId::new(), 1), |b| (b.id, b.version + 1));
            match draft.parse(&programme, id, version) {
                Ok(line) => lines.push((before, line)),
                Err(problems) => {
                    for problem in problems.0 {
                        let column = problem.field.replace("cost_", "unit_cost_");
                        errors.add(&format!("{line_number}:{column}"), &problem.message);
                    }
                }
            }
        }
        if lines.is_empty() && errors.is_empty() {
            return Err(AppError::field("file", "error-file-no-rows"));
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        for (before, line) in &lines {
            let unchanged = before.as_ref().is_some_and(|b| BudgetLine { version: b.version, ..line.clone() } == *b);
            if !unchanged {
                txn.save_budget_line(line).await?;
            }
        }
        let change = Change {
            action: "budget.imported",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: None,
            after: Some(serde_json::json!({ "lines": lines.len() })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(lines.len())
    }
}
