//! The evaluation report of a call for applications: what `templates/evaluation-report.typ`
//! prints. Sections of paragraphs and tables, every label already translated by the caller.

use serde::Serialize;

/// A call's evaluation report: the call, its committee, the declarations, the scores and
/// ranking, the shortlist, the interviews and the decision with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvaluationReport {
    pub title: String,
    /// The call's title and reference, under the report's title.
    pub subtitle: String,
    pub sections: Vec<ReportSection>,
    /// Printed in the footer of every page, e.g. "Generated on 2 December 2026 by Mekong".
    pub generated: String,
}

/// One section: a heading, paragraphs, and a table when `columns` is not empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub columns: Vec<String>,
    /// Each row has one cell per column.
    pub rows: Vec<Vec<String>>,
}
