//! Reports to the funder and to AIMF's bodies: the narrative the coordinator writes for a locked
//! reporting period, the programme's visibility settings, and the snapshot every document of a
//! period is written from.
//!
//! A snapshot is the whole content of a period's reports, frozen: figures already formatted in the
//! report's language, each with the records behind it, the headings' words, the links' address.
//! Writers take only a snapshot, so one snapshot always gives the same bytes, and its SHA-256
//! (printed in every document) proves which one a document came from.

use crate::Lang;
use crate::ids::{PeriodId, ProgrammeId, UserId};
use crate::input::{TextKind, check};
use crate::money::Money;
use crate::validation::FieldErrors;
use crate::vocabulary::coded_enum;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The layout of a snapshot's document; raised when a field changes meaning, so that an old
/// snapshot is still read (and printed) as it was taken.
pub const SNAPSHOT_SCHEMA: u32 = 1;

/// The executive summary fits on half a page (Annex VI §2.1).
pub const SUMMARY_MAX_CHARS: usize = 3_000;

coded_enum!(
    /// Where the coordinator's narrative stands.
    NarrativeStatus {
        Draft = "draft",
        Final = "final",
    }
);

coded_enum!(
    /// An interim report (after each reporting period) or the final one (the whole action).
    ReportStage {
        Interim = "interim",
        Final = "final",
    }
);

coded_enum!(
    /// The funder's statement beside its emblem.
    FundingStatement {
        Funded = "funded",
        CoFunded = "co_funded",
    }
);

coded_enum!(
    /// The documents produced from a snapshot.
    ReportKind {
        EuNarrativeDocx = "eu-narrative.docx",
        EuNarrativePdf = "eu-narrative.pdf",
        EuFinancial = "eu-financial.xlsx",
        AimfNote = "aimf-note.pdf",
    }
);

/// What a programme's reports say about who acts and who pays: the beneficiary and its contact
/// person, the partners, and the funder's visibility rule (the emblem's statement and the
/// disclaimer every publication carries).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSettings {
    pub programme: ProgrammeId,
    pub beneficiary: String,
    pub contact: String,
    /// One per line.
    pub partners: String,
    pub statement: FundingStatement,
    /// Per language; the report's language, else French, is printed.
    pub disclaimer: BTreeMap<Lang, String>,
    pub version: i32,
}

impl ReportSettings {
    /// AIMF as beneficiary and the EU's usual disclaimer, until the programme's own are set.
    pub fn default_for(programme: ProgrammeId) -> ReportSettings {
        ReportSettings {
            programme,
            beneficiary: "Association Internationale des Maires Francophones (AIMF)".to_owned(),
            contact: String::new(),
            partners: String::new(),
            statement: FundingStatement::Funded,
            disclaimer: BTreeMap::from([
                (
                    Lang::Fr,
                    "Ce document a été produit avec le soutien financier de l'Union européenne. Son contenu \
                     relève de la seule responsabilité de l'AIMF et ne reflète pas nécessairement les \
                     opinions de l'Union européenne."
                        .to_owned(),
                ),
                (
                    Lang::En,
                    "This document was produced with the financial support of the European Union. Its \
                     contents are the sole responsibility of AIMF and do not necessarily reflect the views \
                     of the European Union."
                        .to_owned(),
                ),
            ]),
            version: 0,
        }
    }

    pub fn disclaimer_in(&self, lang: Lang) -> &str {
        self.disclaimer.get(&lang).or_else(|| self.disclaimer.get(&Lang::Fr)).map_or("", String::as_str)
    }
}

/// What the coordinator writes about one entry of the logframe for a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SectionText {
    pub done: String,
    /// Deviations from the plan, and why.
    pub deviations: String,
    pub next_steps: String,
}

impl SectionText {
    pub fn is_blank(&self) -> bool {
        self.done.trim().is_empty() && self.deviations.trim().is_empty() && self.next_steps.trim().is_empty()
    }
}

/// Who signed a final narrative off, for the secretariat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOff {
    pub user: UserId,
    pub name: String,
    pub at: jiff::Timestamp,
    pub comment: String,
}

/// The coordinator's narrative for a period: the executive summary, a section per result and
/// activity (keyed by logframe code), the plan for the next period, the visibility actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Narrative {
    pub programme: ProgrammeId,
    pub period: PeriodId,
    /// French or English: the contract's languages.
    pub language: Lang,
    pub stage: ReportStage,
    pub status: NarrativeStatus,
    pub summary: String,
    pub sections: BTreeMap<String, SectionText>,
    pub next_period: String,
    pub visibility_actions: String,
    pub signed_off: Option<SignOff>,
    pub version: i32,
}

/// A narrative as typed in the form, before it is checked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NarrativeDraft {
    pub language: String,
    pub stage: String,
    pub status: String,
    pub summary: String,
    /// Keyed `done:OC1`, `deviations:OC1`, `next_steps:OC1`.
    pub sections: BTreeMap<String, String>,
    pub next_period: String,
    pub visibility_actions: String,
}

/// The field of a section's part in the form: `done:OC1`.
pub fn section_field(part: &str, code: &str) -> String {
    format!("{part}:{code}")
}

impl NarrativeDraft {
    /// Checks the draft against the logframe codes it may speak about; the narrative keeps its
    /// sign-off (the caller decides whether the change is allowed).
    pub fn parse(
        &self,
        codes: &[String],
        programme: ProgrammeId,
        period: PeriodId,
        version: i32,
    ) -> Result<Narrative, FieldErrors> {
        let mut errors = FieldErrors::default();
        let language = match Lang::from_tag(&self.language) {
            Some(lang @ (Lang::Fr | Lang::En)) => lang,
            _ => {
                errors.add("language", "error-report-language");
                Lang::Fr
            }
        };
        let stage = ReportStage::parse(&self.stage).unwrap_or_else(|| {
            errors.add("stage", "error-choice");
            ReportStage::Interim
        });
        let status = NarrativeStatus::parse(&self.status).unwrap_or_else(|| {
            errors.add("status", "error-choice");
            NarrativeStatus::Draft
        });
        let summary = check(&self.summary, TextKind::Body, "summary", &mut errors);
        if summary.chars().count() > SUMMARY_MAX_CHARS {
            errors.add("summary", "error-summary-too-long");
        }
        if status == NarrativeStatus::Final && summary.trim().is_empty() {
            errors.add("summary", "error-required");
        }
        let mut sections = BTreeMap::new();
        for (field, raw) in &self.sections {
            let Some((part, code)) = field.split_once(':') else {
                errors.add(field, "error-choice");
                continue;
            };
            if !codes.iter().any(|c| c == code) {
                errors.add(field, "error-choice");
                continue;
            }
            let text = check(raw, TextKind::Body, field, &mut errors);
            let section: &mut SectionText = sections.entry(code.to_owned()).or_default();
            match part {
                "done" => section.done = text,
                "deviations" => section.deviations = text,
                "next_steps" => section.next_steps = text,
                _ => errors.add(field, "error-choice"),
            }
        }
        sections.retain(|_, section: &mut SectionText| !section.is_blank());
        let next_period = check(&self.next_period, TextKind::Body, "next_period", &mut errors);
        let visibility_actions = check(&self.visibility_actions, TextKind::Body, "visibility_actions", &mut errors);
        let narrative = Narrative {
            programme,
            period,
            language,
            stage,
            status,
            summary,
            sections,
            next_period,
            visibility_actions,
            signed_off: None,
            version,
        };
        if errors.is_empty() { Ok(narrative) } else { Err(errors) }
    }
}

/// A record behind a figure, as it stood when the snapshot was taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordRef {
    /// `value`, `event`, `participant`, `expense`.
    pub kind: String,
    pub id: String,
    pub label: String,
    /// What it adds to the figure, formatted (`12`, `1 250,00 €`).
    pub contributes: String,
    /// Its evidence, receipts or attendance sheet, in words (`2 documents`).
    pub evidence: String,
    /// Its page in Mekong, from the root (`/expenses/…`).
    pub path: String,
}

/// One number printed in a report, with the records that add up to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    /// The figure as printed, in the report's language.
    pub display: String,
    pub records: Vec<RecordRef>,
}

/// A figure as a cell of a document: what to print, and the key of the page behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureCell {
    pub display: String,
    /// Empty for a figure with no records behind it (a target, a budget).
    pub figure: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeFacts {
    pub code: String,
    pub title: String,
    pub beneficiary: String,
    pub contact: String,
    pub partners: Vec<String>,
    pub funder: String,
    pub contract_reference: String,
    pub currency: String,
    pub starts: String,
    pub ends: String,
    /// The countries of its member cities, as names in the report's language.
    pub countries: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodFacts {
    pub code: String,
    pub starts: String,
    pub ends: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NarrativeSection {
    pub code: String,
    pub level: String,
    pub title: String,
    pub text: SectionText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NarrativeFacts {
    pub status: String,
    pub summary: String,
    pub sections: Vec<NarrativeSection>,
    pub next_period: String,
    pub visibility_actions: String,
    /// "Name, date" of the secretariat's sign-off; empty when not signed off.
    pub signed_off: String,
}

/// One row of the logframe as approved, with the period's validated value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogframeRow {
    pub level: String,
    pub code: String,
    pub title: String,
    pub indicator_code: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: String,
    pub target: String,
    pub current: FigureCell,
    pub sources: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub code: String,
    pub title: String,
    pub dates: String,
    pub status: String,
    pub late: bool,
    pub cities: String,
    pub justification: String,
    pub progress: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipantRow {
    pub name: String,
    pub organisation: String,
    pub city: String,
    pub sex: String,
    pub signed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventFacts {
    pub id: String,
    pub title: String,
    pub activity_code: String,
    pub dates: String,
    pub place: String,
    pub participants: FigureCell,
    pub women: FigureCell,
    pub men: FigureCell,
    /// Those who took part, for the annex.
    pub attendance: Vec<ParticipantRow>,
    /// The attendance sheet's page in Mekong.
    pub sheet_path: String,
}

/// A meeting still to come, for the notes to AIMF's bodies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpcomingEvent {
    pub title: String,
    pub dates: String,
    pub place: String,
}

/// A line, heading or total of the financial report. Amounts are in the contract's currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinanceRow {
    pub code: String,
    pub label: String,
    /// `line`, `heading`, `total`.
    pub kind: String,
    pub budget: Money,
    pub spent: Money,
    pub spent_figure: String,
    /// What was spent in each currency before conversion.
    pub spent_by_currency: Vec<Money>,
    pub variance: Money,
    /// Spent ÷ budget − 1, in hundredths of a per cent; none for an empty budget.
    pub variance_basis_points: Option<i64>,
}

/// A cap of the contract (indirect costs ≤ 7 % of direct costs) as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapCheck {
    pub label: String,
    pub limit: Money,
    pub used: Money,
    pub respected: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinanceFacts {
    pub currency: String,
    pub method: String,
    pub rows: Vec<FinanceRow>,
    pub caps: Vec<CapCheck>,
    /// Approved amounts without a rate yet: counted apart, never added.
    pub unconverted: Vec<Money>,
}

/// A key figure of the notes to AIMF's bodies, with a small chart when it has a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyFigure {
    pub label: String,
    pub value: FigureCell,
}

/// Everything a period's reports print, frozen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema: u32,
    pub id: String,
    pub programme: ProgrammeFacts,
    pub period: PeriodFacts,
    pub language: Lang,
    pub stage: ReportStage,
    pub taken_at: String,
    pub taken_by: String,
    /// The address the figures' links start with.
    pub base_url: String,
    pub statement: FundingStatement,
    pub disclaimer: String,
    /// The documents' own words (headings, column names) in the report's language.
    pub labels: BTreeMap<String, String>,
    pub narrative: NarrativeFacts,
    pub logframe: Vec<LogframeRow>,
    pub activities: Vec<ActivityRow>,
    pub next_activities: Vec<ActivityRow>,
    pub events: Vec<EventFacts>,
    pub participants: FigureCell,
    pub women: FigureCell,
    pub men: FigureCell,
    pub key_figures: Vec<KeyFigure>,
    pub upcoming: Vec<UpcomingEvent>,
    pub finance: FinanceFacts,
    pub figures: BTreeMap<String, Figure>,
}

impl Snapshot {
    /// The stored form: canonical JSON (fields in declaration order, maps sorted), hashed as is.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// A word of the documents; the key itself when missing, so a gap shows and nothing breaks.
    pub fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.labels.get(key).map_or(key, String::as_str)
    }

    /// The address of the page listing a figure's records.
    pub fn figure_url(&self, figure: &str) -> String {
        format!("{}/reports/snapshots/{}/figures/{figure}", self.base_url.trim_end_matches('/'), self.id)
    }
}

/// The SHA-256 of a stored snapshot, in hex: printed on every document made from it.
pub fn snapshot_hash(json: &str) -> String {
    Sha256::digest(json.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The variance of `spent` against `budget` in hundredths of a per cent (−100 % is nothing
/// spent); none when nothing was budgeted.
pub fn variance_basis_points(budget: Money, spent: Money) -> Option<i64> {
    let budget = i128::from(budget.amount_minor());
    if budget == 0 {
        return None;
    }
    let difference = i128::from(spent.amount_minor()) - budget;
    // Rounded half away from zero, as people round percentages.
    let scaled = difference * 10_000;
    let rounded = (scaled + scaled.signum() * budget.abs() / 2) / budget;
    i64::try_from(rounded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn euros(cents: i64) -> Money {
        Money::new(cents, Currency::EUR)
    }

    #[test]
    fn variance_is_in_hundredths_of_a_per_cent_and_rounds_half_away_from_zero() {
        assert_eq!(variance_basis_points(euros(10_000), euros(10_000)), Some(0));
        assert_eq!(variance_basis_points(euros(10_000), euros(0)), Some(-10_000));
        assert_eq!(variance_basis_points(euros(30_000), euros(10_000)), Some(-6_667));
        assert_eq!(variance_basis_points(euros(30_000), euros(40_000)), Some(3_333));
        assert_eq!(variance_basis_points(euros(0), euros(5)), None);
        assert_eq!(variance_basis_points(euros(i64::MAX), euros(i64::MIN)).map(|v| v < 0), Some(true));
    }

    fn draft() -> NarrativeDraft {
        NarrativeDraft {
            language: "fr".into(),
            stage: "interim".into(),
            status: "draft".into(),
            summary: "Résumé".into(),
            sections: BTreeMap::from([("done:OC1".to_owned(), "Fait".to_owned())]),
            ..NarrativeDraft::default()
        }
    }

    #[test]
    fn a_narrative_speaks_only_of_the_logframes_entries_in_a_contract_language() {
        let codes = vec!["OC1".to_owned()];
        let (programme, period) = (ProgrammeId::new(), PeriodId::new());
        let narrative = draft().parse(&codes, programme, period, 1).unwrap_or_else(|e| unreachable!("{e:?}"));
        assert_eq!(narrative.sections["OC1"].done, "Fait");

        let mut unknown = draft();
        unknown.sections.insert("done:OC9".into(), "x".into());
        let errors = unknown.parse(&codes, programme, period, 1).err().unwrap_or_default();
        assert_eq!(errors.for_field("done:OC9"), Some("error-choice"));

        let mut khmer = draft();
        khmer.language = "km".into();
        let errors = khmer.parse(&codes, programme, period, 1).err().unwrap_or_default();
        assert_eq!(errors.for_field("language"), Some("error-report-language"));
    }

    #[test]
    fn a_final_narrative_needs_its_summary_and_the_summary_fits_half_a_page() {
        let codes = vec!["OC1".to_owned()];
        let mut final_without = draft();
        final_without.status = "final".into();
        final_without.summary = " ".into();
        let errors = final_without.parse(&codes, ProgrammeId::new(), PeriodId::new(), 1).err().unwrap_or_default();
        assert_eq!(errors.for_field("summary"), Some("error-required"));

        let mut long = draft();
        long.summary = "a".repeat(SUMMARY_MAX_CHARS + 1);
        let errors = long.parse(&codes, ProgrammeId::new(), PeriodId::new(), 1).err().unwrap_or_default();
        assert_eq!(errors.for_field("summary"), Some("error-summary-too-long"));
    }

    #[test]
    fn the_hash_is_the_sha256_of_the_stored_text() {
        assert_eq!(snapshot_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
