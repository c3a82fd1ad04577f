//! The check that every stored document reads into its record whole: run by `mekong check`
//! before and after an upgrade, and by the tests on a database of the previous release.

use crate::records::lost_in_round_trip;
use crate::{Store, StoreError};
use futures_util::TryStreamExt;
use mekong_core::events::{ActionItem, AgendaItem, Event, Minutes, Participant, PerDiemRate};
use mekong_core::finance::ContractSettings;
use mekong_core::finance::budget::{BudgetLine, Transfer};
use mekong_core::finance::conversion::{ExchangeRate, FundsReceipt};
use mekong_core::finance::expenses::Expense;
use mekong_core::finance::missions::Mission;
use mekong_core::results::{Indicator, IndicatorValue, LogframeNode, Period, PlanActivity, Programme};
use sea_orm::{DatabaseBackend, FromQueryResult, Statement};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(FromQueryResult)]
struct Document {
    record: String,
}

/// What the check found wrong with one stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentProblem {
    /// The table the document is in.
    pub table: &'static str,
    pub problem: String,
}

impl Store {
    /// Reads every document this crate stores into its record and writes it back in memory:
    /// a document that does not read, or that would lose a field, is a problem.
    pub async fn check_documents(&self) -> Result<Vec<DocumentProblem>, StoreError> {
        let mut problems = Vec::new();
        problems.extend(self.check_stored::<Event>("events", "record").await?);
        problems.extend(self.check_stored::<Participant>("event_participants", "record").await?);
        problems.extend(self.check_stored::<AgendaItem>("agenda_items", "record").await?);
        problems.extend(self.check_stored::<Minutes>("event_minutes", "record").await?);
        problems.extend(self.check_stored::<ActionItem>("action_items", "record").await?);
        problems.extend(self.check_stored::<PerDiemRate>("per_diem_rates", "record").await?);
        problems.extend(self.check_stored::<Programme>("programmes", "record").await?);
        problems.extend(self.check_stored::<LogframeNode>("logframe_nodes", "record").await?);
        problems.extend(self.check_stored::<Indicator>("indicators", "record").await?);
        problems.extend(self.check_stored::<Period>("periods", "record").await?);
        problems.extend(self.check_stored::<IndicatorValue>("indicator_values", "record").await?);
        problems.extend(self.check_stored::<PlanActivity>("plan_activities", "record").await?);
        problems.extend(self.check_stored::<ContractSettings>("finance_settings", "record").await?);
        problems.extend(self.check_stored::<BudgetLine>("budget_lines", "record").await?);
        problems.extend(self.check_stored::<Transfer>("budget_transfers", "record").await?);
        problems.extend(self.check_stored::<ExchangeRate>("exchange_rates", "record").await?);
        problems.extend(self.check_stored::<FundsReceipt>("funds_receipts", "record").await?);
        problems.extend(self.check_stored::<Expense>("expenses", "record").await?);
        problems.extend(self.check_stored::<Mission>("missions", "record").await?);
        problems.extend(self.check_stored::<mekong_core::iati::IatiSettings>("iati_settings", "record").await?);
        problems
            .extend(self.check_stored::<mekong_core::funding::Opportunity>("funding_opportunities", "record").await?);
        problems.extend(
            self.check_stored::<mekong_core::funding::FundingApplication>("funding_applications", "record").await?,
        );
        problems.extend(self.check_stored::<mekong_core::projects::Project>("projects", "record").await?);
        problems
            .extend(self.check_stored::<mekong_core::documents::LibraryDocument>("library_documents", "record").await?);
        problems.extend(self.check_stored::<mekong_core::advocacy::Position>("advocacy_positions", "record").await?);
        problems.extend(self.check_stored::<mekong_core::practices::Practice>("practices", "record").await?);
        problems.extend(self.check_stored::<mekong_core::news::NewsPost>("news_posts", "record").await?);
        problems.extend(
            self.check_stored::<mekong_core::assistance::AssistanceRequest>("assistance_requests", "record").await?,
        );
        problems
            .extend(self.check_stored::<mekong_core::reporting::ReportSettings>("report_settings", "record").await?);
        problems.extend(self.check_stored::<mekong_core::reporting::Narrative>("report_narratives", "record").await?);
        problems.extend(self.check_recruitment().await?);
        Ok(problems)
    }

    /// The recruitment calls' documents: the calls, the applications and their files' records,
    /// the evaluations, and the procedure's checks, slots and scores.
    async fn check_recruitment(&self) -> Result<Vec<DocumentProblem>, StoreError> {
        use mekong_core::recruitment::{Application, ApplicationDocument, Call, Evaluation};
        use mekong_core::recruitment_procedure::{InterviewScore, InterviewSlot, Procedure, StageTwoCheck};
        let mut problems = Vec::new();
        problems.extend(self.check_stored::<Call>("recruitment_calls", "record").await?);
        problems.extend(self.check_stored::<Application>("recruitment_applications", "record").await?);
        problems.extend(self.check_stored::<ApplicationDocument>("recruitment_documents", "record").await?);
        problems.extend(self.check_stored::<Evaluation>("recruitment_evaluations", "record").await?);
        problems.extend(self.check_stored::<Procedure>("recruitment_procedures", "record").await?);
        problems.extend(self.check_stored::<StageTwoCheck>("recruitment_stage_two_checks", "record").await?);
        problems.extend(self.check_stored::<InterviewSlot>("recruitment_interview_slots", "record").await?);
        problems.extend(self.check_stored::<InterviewScore>("recruitment_interview_scores", "record").await?);
        Ok(problems)
    }

    /// Checks the documents of `column` in `table` as records of type `T`, one row at a time
    /// (a programme's values run to hundreds of thousands).
    pub async fn check_stored<T: Serialize + DeserializeOwned>(
        &self,
        table: &'static str,
        column: &str,
    ) -> Result<Vec<DocumentProblem>, StoreError> {
        let backend = match self.backend() {
            crate::Backend::Sqlite => DatabaseBackend::Sqlite,
            crate::Backend::Postgres => DatabaseBackend::Postgres,
        };
        let sql = format!(r#"SELECT "{column}" AS record FROM "{table}""#);
        let mut rows = Document::find_by_statement(Statement::from_string(backend, sql)).stream(self.reader()).await?;
        let mut problems = Vec::new();
        while let Some(row) = rows.try_next().await? {
            problems.extend(document_problem::<T>(table, &row.record));
        }
        Ok(problems)
    }
}

/// The problem with one document read as `T`, if any.
fn document_problem<T: Serialize + DeserializeOwned>(table: &'static str, record: &str) -> Option<DocumentProblem> {
    let problem = match lost_in_round_trip::<T>(table, record) {
        Ok(lost) if lost.is_empty() => return None,
        Ok(lost) => format!("would lose {}", lost.join(", ")),
        Err(error) => error.to_string(),
    };
    Some(DocumentProblem { table, problem })
}
