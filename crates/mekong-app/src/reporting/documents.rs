//! The documents made from a snapshot: the EU narrative report (DOCX and PDF), the EU financial
//! report (XLSX) and the note for AIMF's bodies (PDF). Each is written from the snapshot alone,
//! off the async workers, so that one snapshot always gives the same bytes.

use crate::policy::Actor;
use crate::{App, AppError};
use mekong_core::reporting::ReportKind;

/// A generated report, ready to download or write to a file.
#[derive(Debug, Clone)]
pub struct ReportFile {
    /// `SGA4-2025-eu-narrative.docx`.
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

fn content_type(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::EuNarrativeDocx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ReportKind::EuFinancial => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ReportKind::EuNarrativePdf | ReportKind::AimfNote => "application/pdf",
    }
}

impl App {
    /// One of the documents of a snapshot.
    pub async fn report_document(
        &self,
        actor: &Actor,
        snapshot: uuid::Uuid,
        kind: ReportKind,
    ) -> Result<ReportFile, AppError> {
        let view = self.snapshot(actor, snapshot).await?;
        let file_name = format!("{}-{}-{}", view.snapshot.programme.code, view.snapshot.period.code, kind.code());
        let (snapshot, hash) = (view.snapshot, view.sha256);
        let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
            match kind {
                ReportKind::EuNarrativeDocx => mekong_docs::narrative_docx(&snapshot, &hash).map_err(|e| e.to_string()),
                ReportKind::EuFinancial => mekong_docs::financial_xlsx(&snapshot, &hash).map_err(|e| e.to_string()),
                ReportKind::EuNarrativePdf => {
                    mekong_pdf::render_eu_narrative(&snapshot, &hash).map_err(|e| e.to_string())
                }
                ReportKind::AimfNote => mekong_pdf::render_aimf_note(&snapshot, &hash).map_err(|e| e.to_string()),
            }
        })
        .await
        .map_err(|e| AppError::Internal(format!("rendering task: {e}")))?
        .map_err(|e| AppError::Internal(format!("{}: {e}", kind.code())))?;
        Ok(ReportFile { file_name, content_type: content_type(kind), bytes })
    }

    /// A document of a period's latest snapshot; one is taken first when the period has none.
    pub async fn period_report(
        &self,
        actor: &Actor,
        code: &str,
        period: &str,
        kind: ReportKind,
    ) -> Result<ReportFile, AppError> {
        let id = match self.latest_snapshot(actor, code, period).await {
            Ok(id) => id,
            Err(AppError::NotFound) => self.take_snapshot(actor, code, period).await?,
            Err(other) => return Err(other),
        };
        self.report_document(actor, id, kind).await
    }
}
