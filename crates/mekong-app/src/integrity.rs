//! Whether every stored record reads whole: the store's own documents and the approved
//! logframe versions, which hold this crate's `Logframe`.

use crate::results::Logframe;
use crate::{App, AppError};
use mekong_store::integrity::DocumentProblem;

impl App {
    /// Every stored document that does not read into its record, or would lose a field when
    /// written back. For the operator (`mekong check`), before and after an upgrade.
    pub async fn check_records(&self) -> Result<Vec<DocumentProblem>, AppError> {
        let mut problems = self.store.check_documents().await?;
        problems.extend(self.store.check_stored::<Logframe>("logframe_versions", "snapshot").await?);
        Ok(problems)
    }
}
