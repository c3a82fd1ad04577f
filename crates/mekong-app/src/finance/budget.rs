//! The budget: its lines per year, transfers between them (checked against the contract's
//! transfer limit and caps in the transaction that records them), and the contract's settings.

use crate::audit::{Change, audit_actor};
use crate::policy::{Actor, Permission};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::finance::budget::{
    Budget, BudgetLine, CapCheck, LineYear, Transfer, TransferRefusal, valid_line_code,
};
use mekong_core::finance::conversion::{ConversionMethod, FundsReceipt};
use mekong_core::finance::{ContractSettings, Share};
use mekong_core::ids::{BudgetLineId, TransferId};
use mekong_core::input::{self, TextKind};
use mekong_core::money::{Money, MoneyError};
use mekong_core::results::Programme;
use mekong_core::validation::FieldErrors;

/// What the budget page shows.
#[derive(Debug, Clone)]
pub struct BudgetView {
    pub programme: Programme,
    pub settings: ContractSettings,
    pub budget: Budget,
    pub caps: Vec<CapCheck>,
    pub receipts: Vec<FundsReceipt>,
}

impl BudgetView {
    /// The programme's years, first to last.
    pub fn years(&self) -> Vec<i16> {
        (self.programme.starts.year()..=self.programme.ends.year()).collect()
    }
}

/// A line as typed into its form: per year, the number of units and the unit cost.
#[derive(Debug, Clone, Default)]
pub struct BudgetLineDraft {
    pub code: String,
    pub title: String,
    pub unit: String,
    pub years: Vec<(i16, String, String)>,
    pub typed_in: Lang,
}

impl BudgetLineDraft {
    pub fn of(line: &BudgetLine, years: &[i16], typed_in: Lang) -> BudgetLineDraft {
        BudgetLineDraft {
            code: line.code.clone(),
            title: line.title.clone(),
            unit: line.unit.clone(),
            years: years
                .iter()
                .map(|year| match line.years.iter().find(|y| y.year == *year) {
                    Some(y) => (*year, y.units.to_string(), y.unit_cost.plain()),
                    None => (*year, String::new(), String::new()),
                })
                .collect(),
            typed_in,
        }
    }

    /// The line it describes, or the problems next to each field (`units_2026`, `cost_2026`).
    pub(crate) fn parse(
        &self,
        programme: &Programme,
        id: BudgetLineId,
        version: i32,
    ) -> Result<BudgetLine, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = self.code.trim().to_owned();
        if !valid_line_code(&code) {
            errors.add("code", "error-budget-line-code");
        }
        let title = input::check(&self.title, TextKind::Title, "title", &mut errors);
        if title.is_empty() && errors.for_field("title").is_none() {
            errors.add("title", "error-required");
        }
        let unit = input::check(&self.unit, TextKind::Name, "unit", &mut errors);
        let mut years = Vec::new();
        for (year, units, cost) in &self.years {
            if units.trim().is_empty() && cost.trim().is_empty() {
                continue;
            }
            if *year < programme.starts.year() || *year > programme.ends.year() {
                errors.add(&format!("units_{year}"), "error-budget-year");
                continue;
            }
            let units = match units.trim().parse::<i64>() {
                Ok(units) if (0..=1_000_000).contains(&units) => Some(units),
                _ => {
                    errors.add(&format!("units_{year}"), "error-budget-units");
                    None
                }
            };
            let cost = match Money::parse(cost, programme.currency, self.typed_in) {
                Ok(cost) if cost.amount_minor() >= 0 => Some(cost),
                Ok(_) => {
                    errors.add(&format!("cost_{year}"), "error-amount");
                    None
                }
                Err(error) => {
                    errors.add(&format!("cost_{year}"), error.message_key());
                    None
                }
            };
            if let (Some(units), Some(unit_cost)) = (units, cost) {
                let year = LineYear { year: *year, units, unit_cost };
                match year.amount() {
                    Ok(amount) if amount.amount_minor() <= Money::MAX_MINOR => years.push(year),
                    _ => errors.add(&format!("cost_{}", year.year), "error-amount-too-large"),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(BudgetLine { id, programme: programme.id, code, title, unit, years, version })
    }
}

/// A transfer as typed: the year, the two lines' codes, the amount and the reason.
#[derive(Debug, Clone, Default)]
pub struct TransferDraft {
    pub year: String,
    pub from: String,
    pub to: String,
    pub amount: String,
    pub reason: String,
    pub typed_in: Lang,
}

/// The contract's settings as typed.
#[derive(Debug, Clone, Default)]
pub struct SettingsDraft {
    pub indirect: String,
    pub contingency: String,
    pub transfers: String,
    pub method: String,
    pub vat_recoverable: bool,
    pub edition: String,
}

impl SettingsDraft {
    pub fn of(settings: &ContractSettings) -> SettingsDraft {
        SettingsDraft {
            indirect: settings.caps.indirect.to_string(),
            contingency: settings.caps.contingency.to_string(),
            transfers: settings.caps.transfers.to_string(),
            method: settings.method.code().to_owned(),
            vat_recoverable: settings.vat_recoverable,
            edition: settings.procurement.edition.clone(),
        }
    }
}

fn money_error(error: MoneyError) -> AppError {
    AppError::Internal(format!("budget arithmetic: {error}"))
}

impl App {
    /// The budget of a programme, with its caps checked for `year` (or the whole programme).
    pub async fn budget(&self, actor: &Actor, code: &str, year: Option<i16>) -> Result<BudgetView, AppError> {
        let programme = self.finance_programme(actor, Permission::ViewFinance, code).await?;
        let settings = self.contract_settings(&programme).await?;
        let budget = Budget {
            currency: programme.currency,
            lines: self.store.budget_lines(programme.id).await?,
            transfers: self.store.budget_transfers(programme.id).await?,
        };
        let caps = budget.cap_checks(&settings.caps, year).map_err(money_error)?;
        let receipts = self.store.funds_receipts(programme.id).await?;
        Ok(BudgetView { programme, settings, budget, caps, receipts })
    }

    /// Adds a line (`id` none) or saves one edited from `version`. A line's code may not take
    /// another line's.
    pub async fn save_budget_line(
        &self,
        actor: &Actor,
        code: &str,
        id: Option<(BudgetLineId, i32)>,
        draft: &BudgetLineDraft,
    ) -> Result<BudgetLine, AppError> {
        let programme = self.finance_programme(actor, Permission::ManageFinance, code).await?;
        let line = draft
            .parse(&programme, id.map_or_else(BudgetLineId::new, |(id, _)| id), id.map_or(1, |(_, v)| v + 1))
            .map_err(AppError::Validation)?;
        let txn = self.store.begin_write().await?;
        let lines = txn.budget_lines_for_update(programme.id).await?;
        if lines.iter().any(|l| l.code == line.code && l.id != line.id) {
            return Err(AppError::field("code", "error-budget-line-taken"));
        }
        let before = lines.into_iter().find(|l| l.id == line.id);
        if id.is_some() && before.is_none() {
            return Err(AppError::NotFound);
        }
        txn.save_budget_line(&line).await?;
        let change = Change {
            action: if before.is_none() { "budget_line.created" } else { "budget_line.updated" },
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&line).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(line)
    }

    /// Records a transfer between two lines, refused when it needs a contract amendment.
    pub async fn add_budget_transfer(
        &self,
        actor: &Actor,
        code: &str,
        draft: &TransferDraft,
    ) -> Result<Transfer, AppError> {
        let programme = self.finance_programme(actor, Permission::ManageFinance, code).await?;
        let settings = self.contract_settings(&programme).await?;
        let mut errors = FieldErrors::default();
        let year = draft
            .year
            .trim()
            .parse::<i16>()
            .ok()
            .filter(|y| (programme.starts.year()..=programme.ends.year()).contains(y));
        if year.is_none() {
            errors.add("year", "error-budget-year");
        }
        let amount = Money::parse(&draft.amount, programme.currency, draft.typed_in)
            .map_err(|e| errors.add("amount", e.message_key()))
            .ok();
        let reason = input::check(&draft.reason, TextKind::Comment, "reason", &mut errors);
        if reason.is_empty() && errors.for_field("reason").is_none() {
            errors.add("reason", "error-required");
        }
        let txn = self.store.begin_write().await?;
        let lines = txn.budget_lines_for_update(programme.id).await?;
        let find = |field: &str, typed: &str, errors: &mut FieldErrors| {
            let found = lines.iter().find(|l| l.code == typed.trim()).map(|l| l.id);
            if found.is_none() {
                errors.add(field, "error-budget-line");
            }
            found
        };
        let from = find("from", &draft.from, &mut errors);
        let to = find("to", &draft.to, &mut errors);
        let (Some(year), Some(amount), Some(from), Some(to), true) = (year, amount, from, to, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let transfer = Transfer {
            id: TransferId::new(),
            programme: programme.id,
            year,
            from,
            to,
            amount,
            reason,
            by: actor.user.as_ref().map(|u| u.display_name.clone()).unwrap_or_default(),
            at: self.clock.now(),
            version: 1,
        };
        let budget = Budget {
            currency: programme.currency,
            lines,
            transfers: txn.budget_transfers_for_update(programme.id).await?,
        };
        match budget.check_transfer(&settings.caps, &transfer) {
            Ok(()) => {}
            Err(TransferRefusal::NeedsAmendment { .. }) => {
                return Err(AppError::field("amount", "error-transfer-amendment"));
            }
            Err(TransferRefusal::BreaksCap(_)) => return Err(AppError::field("amount", "error-transfer-cap")),
            Err(TransferRefusal::MoreThanTheLineHolds) => {
                return Err(AppError::field("amount", "error-transfer-too-much"));
            }
            Err(TransferRefusal::Invalid) => return Err(AppError::field("to", "error-transfer-invalid")),
            Err(TransferRefusal::Money(error)) => return Err(money_error(error)),
        }
        txn.add_budget_transfer(&transfer).await?;
        let change = Change {
            action: "budget_transfer.created",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: None,
            after: serde_json::to_value(&transfer).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(transfer)
    }

    /// Saves the contract's settings from `version` (0: never saved). A new conversion method
    /// converts every expense again; the result says how many amounts changed.
    pub async fn save_contract_settings(
        &self,
        actor: &Actor,
        code: &str,
        version: i32,
        draft: &SettingsDraft,
    ) -> Result<(ContractSettings, usize), AppError> {
        let programme = self.finance_programme(actor, Permission::ManageFinance, code).await?;
        let before = self.contract_settings(&programme).await?;
        let mut errors = FieldErrors::default();
        let mut share = |field: &str, raw: &str| {
            let parsed = Share::parse_percent(raw);
            if parsed.is_none() {
                errors.add(field, "error-percent");
            }
            parsed.unwrap_or(Share(0))
        };
        let caps = mekong_core::finance::budget::Caps {
            indirect: share("indirect", &draft.indirect),
            contingency: share("contingency", &draft.contingency),
            transfers: share("transfers", &draft.transfers),
        };
        let method = ConversionMethod::parse(&draft.method);
        if method.is_none() {
            errors.add("method", "error-required");
        }
        let (Some(method), true) = (method, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let mut procurement = before.procurement.clone();
        if !draft.edition.trim().is_empty() {
            procurement.edition = draft.edition.trim().to_owned();
        }
        let settings = ContractSettings {
            programme: programme.id,
            caps,
            method,
            vat_recoverable: draft.vat_recoverable,
            procurement,
            version: version + 1,
        };
        let txn = self.store.begin_write().await?;
        txn.save_finance_settings(&settings).await?;
        let changed = self.reconvert_expenses(&txn, &programme, &settings).await?;
        let change = Change {
            action: "contract_settings.updated",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&settings).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok((settings, changed))
    }
}
