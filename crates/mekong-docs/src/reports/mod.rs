//! The documents of a reporting period, written from its frozen [`Snapshot`] alone: the EU
//! narrative report as DOCX and the EU financial report as XLSX. (The PDFs are in mekong-pdf,
//! from the same snapshot.)
//!
//! Every word comes from `snapshot.label("report-doc-…")`; every figure with records behind it
//! links to `snapshot.figure_url(key)`; the snapshot's SHA-256 is printed in each document. Nothing
//! is read from the clock, so one snapshot always gives the same bytes.

mod financial;
mod narrative;
#[cfg(any(test, feature = "samples"))]
pub mod sample;
mod script;

pub use financial::financial_xlsx;
pub use narrative::narrative_docx;
pub use script::{Script, complex_script_font, script_runs};

use mekong_core::reporting::{FundingStatement, ReportStage, Snapshot};

/// The label key of the funder's statement beside the emblem.
pub fn statement_key(statement: FundingStatement) -> &'static str {
    match statement {
        FundingStatement::Funded => "report-doc-funded",
        FundingStatement::CoFunded => "report-doc-co-funded",
    }
}

/// The label key of the narrative report's title for a stage.
pub fn narrative_title_key(stage: ReportStage) -> &'static str {
    match stage {
        ReportStage::Interim => "report-doc-narrative-interim",
        ReportStage::Final => "report-doc-narrative-final",
    }
}

/// "2025 (1 January 2025 – 31 December 2025)": a period as printed.
pub fn period_words(snapshot: &Snapshot) -> String {
    let period = &snapshot.period;
    if period.starts.is_empty() && period.ends.is_empty() {
        period.code.clone()
    } else {
        format!("{} ({} – {})", period.code, period.starts, period.ends)
    }
}

/// The line that says which snapshot a document was written from.
pub fn provenance(snapshot: &Snapshot, hash: &str) -> String {
    format!(
        "{} {} · {} {} · {} {}",
        snapshot.label("report-doc-snapshot"),
        snapshot.id,
        snapshot.label("report-doc-taken"),
        [snapshot.taken_at.as_str(), snapshot.taken_by.as_str()]
            .iter()
            .filter(|part| !part.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
        snapshot.label("report-doc-hash"),
        hash,
    )
}
