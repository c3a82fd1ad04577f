//! The check that every stored document reads into its record whole: run by `mekong check`
//! before and after an upgrade, and by the tests on a database of the previous release.

use crate::records::lost_in_round_trip;
use crate::{Store, StoreError};
use mekong_core::events::{ActionItem, AgendaItem, Event, Minutes, Participant, PerDiemRate};
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
    /// The JSON documents of `column` in `table`, as stored.
    pub async fn stored_documents(&self, table: &str, column: &str) -> Result<Vec<String>, StoreError> {
        let backend = match self.backend() {
            crate::Backend::Sqlite => DatabaseBackend::Sqlite,
            crate::Backend::Postgres => DatabaseBackend::Postgres,
        };
        let sql = format!(r#"SELECT "{column}" AS record FROM "{table}""#);
        let rows = Document::find_by_statement(Statement::from_string(backend, sql)).all(self.reader()).await?;
        Ok(rows.into_iter().map(|d| d.record).collect())
    }

    /// Reads every document this crate stores into its record and writes it back in memory:
    /// a document that does not read, or that would lose a field, is a problem.
    pub async fn check_documents(&self) -> Result<Vec<DocumentProblem>, StoreError> {
        let mut problems = Vec::new();
        problems.extend(self.check::<Event>("events").await?);
        problems.extend(self.check::<Participant>("event_participants").await?);
        problems.extend(self.check::<AgendaItem>("agenda_items").await?);
        problems.extend(self.check::<Minutes>("event_minutes").await?);
        problems.extend(self.check::<ActionItem>("action_items").await?);
        problems.extend(self.check::<PerDiemRate>("per_diem_rates").await?);
        problems.extend(self.check::<Programme>("programmes").await?);
        problems.extend(self.check::<LogframeNode>("logframe_nodes").await?);
        problems.extend(self.check::<Indicator>("indicators").await?);
        problems.extend(self.check::<Period>("periods").await?);
        problems.extend(self.check::<IndicatorValue>("indicator_values").await?);
        problems.extend(self.check::<PlanActivity>("plan_activities").await?);
        Ok(problems)
    }

    async fn check<T: Serialize + DeserializeOwned>(
        &self,
        table: &'static str,
    ) -> Result<Vec<DocumentProblem>, StoreError> {
        Ok(self
            .stored_documents(table, "record")
            .await?
            .iter()
            .filter_map(|record| document_problem::<T>(table, record))
            .collect())
    }
}

/// The problem with one document read as `T`, if any.
pub fn document_problem<T: Serialize + DeserializeOwned>(table: &'static str, record: &str) -> Option<DocumentProblem> {
    let problem = match lost_in_round_trip::<T>(table, record) {
        Ok(lost) if lost.is_empty() => return None,
        Ok(lost) => format!("would lose {}", lost.join(", ")),
        Err(error) => error.to_string(),
    };
    Some(DocumentProblem { table, problem })
}
