//! The finance area's use cases: the budget and its transfers, the contract's settings, exchange
//! rates and funds received, expenses with their review and flags, the variance of budget
//! against actual, missions, and the events' travel proposed as expenses.

mod budget;
mod budget_sheet;
mod expenses;
mod missions;
mod proposals;
mod rates;
mod variance;

pub use budget::{BudgetLineDraft, BudgetView, SettingsDraft, ThresholdDraft, TransferDraft};
pub use expenses::{EXPENSES_PER_PAGE, ExpenseChoices, ExpenseDraft, ExpenseView};
pub use mekong_store::finance::ExpenseFilter;
pub use missions::{MissionDraft, MissionReportDraft, MissionView};
pub use proposals::Proposed;
pub use rates::{RateImport, ReceiptDraft};
pub use variance::{Variance, VarianceLine};

use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::finance::ContractSettings;
use mekong_core::finance::budget::BudgetLine;
use mekong_core::results::Programme;

/// The name an action is recorded under.
pub(crate) fn actor_name(actor: &Actor) -> String {
    actor.user.as_ref().map_or_else(|| "command line".to_owned(), |u| u.display_name.clone())
}

impl App {
    /// The programme of `code`, once `actor` is allowed `permission` on its money.
    pub(crate) async fn finance_programme(
        &self,
        actor: &Actor,
        permission: Permission,
        code: &str,
    ) -> Result<Programme, AppError> {
        let programme = self.store.programme_by_code(code).await?;
        policy::authorise(actor, permission, &Target::Programme(programme.id))?;
        Ok(programme)
    }

    /// The contract's settings, or the general conditions' defaults until they are entered.
    pub(crate) async fn contract_settings(&self, programme: &Programme) -> Result<ContractSettings, AppError> {
        Ok(self.store.finance_settings(programme.id).await?.unwrap_or_else(|| ContractSettings::defaults(programme.id)))
    }

    /// A programme's budget lines, in the template's order, for those who see its money.
    pub async fn budget_lines(&self, actor: &Actor, code: &str) -> Result<Vec<BudgetLine>, AppError> {
        let programme = self.finance_programme(actor, Permission::ViewFinance, code).await?;
        Ok(self.store.budget_lines(programme.id).await?)
    }

    /// The programmes whose money `actor` may see.
    pub async fn finance_programmes(&self, actor: &Actor) -> Result<Vec<Programme>, AppError> {
        policy::authorise(actor, Permission::ViewFinance, &Target::Nothing)?;
        let programmes = self.store.programmes().await?;
        Ok(programmes
            .into_iter()
            .filter(|p| policy::authorise(actor, Permission::ViewFinance, &Target::Programme(p.id)).is_ok())
            .collect())
    }

    /// The budget lines that travel and plan activities choose from (`2.1 International
    /// travel`): their codes and labels, of `programme` or of every programme. Only the line's
    /// name, no amount: whoever fills those forms may see them.
    pub async fn budget_line_choices(
        &self,
        programme: Option<mekong_core::ids::ProgrammeId>,
    ) -> Result<Vec<(String, String)>, AppError> {
        let programmes = match programme {
            Some(id) => vec![id],
            None => self.store.programmes().await?.into_iter().map(|p| p.id).collect(),
        };
        let mut choices: Vec<(String, String)> = Vec::new();
        for id in programmes {
            for line in self.store.budget_lines(id).await? {
                if !choices.iter().any(|(code, _)| *code == line.code) {
                    choices.push((line.code.clone(), line.label()));
                }
            }
        }
        Ok(choices)
    }

    /// Checks a typed budget line against the choices: empty, or one of their codes (anything
    /// goes while no budget has lines).
    pub(crate) async fn check_budget_line(
        &self,
        programme: Option<mekong_core::ids::ProgrammeId>,
        typed: &str,
        errors: &mut mekong_core::validation::FieldErrors,
    ) -> Result<(), AppError> {
        let choices = self.budget_line_choices(programme).await?;
        if !typed.trim().is_empty() && !choices.is_empty() && !choices.iter().any(|(code, _)| code == typed.trim()) {
            errors.add("budget_line", "error-budget-line");
        }
        Ok(())
    }

    /// Whether `actor` enters the budget, expenses and missions.
    pub fn manages_finance(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::ManageFinance, &Target::Nothing).is_ok()
    }

    /// Whether `actor` approves expenses and missions.
    pub fn approves_finance(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::ApproveFinance, &Target::Nothing).is_ok()
    }
}
