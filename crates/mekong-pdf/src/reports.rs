//! The reports of a period as PDF, from its frozen snapshot: the EU narrative report (the same
//! content as the DOCX) and the two-page note for AIMF's bodies.
//!
//! The templates read the snapshot as data, with a few things worked out here: the emblem's
//! polygons, the words of the statement, the period and the provenance line, the events in the
//! order of their activity codes, and the chart's bars as numbers.

use mekong_core::reporting::{EventFacts, Snapshot};
use mekong_docs::Emblem;
use mekong_docs::reports::{narrative_title_key, period_words, provenance, statement_key};
use serde::Serialize;

use crate::{PdfError, Template, render_pdf};

/// What `eu-narrative.typ` and `aimf-note.typ` print, every word already chosen.
#[derive(Debug, Clone, Serialize)]
pub struct ReportModel<'a> {
    pub snapshot: &'a Snapshot,
    pub hash: &'a str,
    /// A figure's page is this followed by its key.
    pub figure_base: String,
    pub title: String,
    pub statement: String,
    pub period: String,
    pub provenance: String,
    /// The address of each event's attendance sheet, in the order of `events`.
    pub events: Vec<EventModel<'a>>,
    /// The emblem 1 unit high.
    pub emblem: Emblem,
    /// Budget and spending per heading of the financial report, for the note's chart.
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventModel<'a> {
    pub event: &'a EventFacts,
    pub sheet_url: String,
}

/// One heading's bar pair, amounts in the contract's currency units.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    pub budget: f64,
    pub spent: f64,
    /// Spent as a share of the budget, printed beside the bars ("62 %").
    pub share: String,
}

/// Headings shown in the note's chart; the rest would not fit on its page.
const MAX_BARS: usize = 10;

impl<'a> ReportModel<'a> {
    pub fn new(snapshot: &'a Snapshot, hash: &'a str, title_key: &str) -> ReportModel<'a> {
        let base = snapshot.base_url.trim_end_matches('/');
        let mut events: Vec<EventModel<'a>> = snapshot
            .events
            .iter()
            .map(|event| EventModel {
                event,
                sheet_url: if event.sheet_path.is_empty() {
                    String::new()
                } else {
                    format!("{base}{}", event.sheet_path)
                },
            })
            .collect();
        events.sort_by(|a, b| a.event.activity_code.cmp(&b.event.activity_code));
        let amount = |money: mekong_core::money::Money| {
            money.amount_minor() as f64 / 10f64.powi(i32::from(money.currency().minor_units()))
        };
        let bars = snapshot
            .finance
            .rows
            .iter()
            .filter(|row| row.kind == "heading")
            .take(MAX_BARS)
            .map(|row| Bar {
                label: format!("{} {}", row.code, row.label).trim().to_owned(),
                budget: amount(row.budget).max(0.0),
                spent: amount(row.spent).max(0.0),
                share: match row.variance_basis_points {
                    Some(points) => format!("{}\u{202F}%", (10_000 + points + 50).div_euclid(100)),
                    None => String::new(),
                },
            })
            .collect();
        ReportModel {
            snapshot,
            hash,
            figure_base: snapshot.figure_url(""),
            title: snapshot.label(title_key).to_owned(),
            statement: snapshot.label(statement_key(snapshot.statement)).to_owned(),
            period: period_words(snapshot),
            provenance: provenance(snapshot, hash),
            events,
            emblem: Emblem::new(1.0),
            bars,
        }
    }
}

/// The EU narrative report of the snapshot's period as PDF, `hash` printed on every page.
pub fn render_eu_narrative(snapshot: &Snapshot, hash: &str) -> Result<Vec<u8>, PdfError> {
    render_pdf(Template::EuNarrative, &ReportModel::new(snapshot, hash, narrative_title_key(snapshot.stage)))
}

/// The two-page note for AIMF's bodies on the snapshot's period (in the snapshot's language:
/// take the snapshot in French for AIMF's bodies).
pub fn render_aimf_note(snapshot: &Snapshot, hash: &str) -> Result<Vec<u8>, PdfError> {
    render_pdf(Template::AimfNote, &ReportModel::new(snapshot, hash, "report-doc-note-title"))
}
