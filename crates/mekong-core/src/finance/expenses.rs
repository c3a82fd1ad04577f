//! Expenses: what was paid, from which budget line, for which activity, with its documents,
//! the procedure used and the secretariat's review; and the eligibility flags raised on them,
//! which are resolved with a justification, never silently.

use super::conversion::Conversion;
use super::procurement::{ContractKind, Procedure, ProcurementRules};
use crate::ids::{
    ActivityId, BudgetLineId, ExpenseId, LogframeNodeId, MissionId, OrganisationId, ParticipantId, ProgrammeId,
};
use crate::money::Money;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A supporting document's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Invoice,
    Receipt,
    ProofOfPayment,
    AttendanceSheet,
    Quotation,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::Invoice,
        DocumentKind::Receipt,
        DocumentKind::ProofOfPayment,
        DocumentKind::AttendanceSheet,
        DocumentKind::Quotation,
        DocumentKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "invoice",
            DocumentKind::Receipt => "receipt",
            DocumentKind::ProofOfPayment => "proof_of_payment",
            DocumentKind::AttendanceSheet => "attendance_sheet",
            DocumentKind::Quotation => "quotation",
            DocumentKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

/// A file kept in the content-addressed store, attached to an expense.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportingDocument {
    pub kind: DocumentKind,
    pub sha256: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpenseStatus {
    /// Entered by staff, waiting for the secretariat.
    Entered,
    /// Approved: it changes only through a correcting entry.
    Approved,
    /// Sent back with a comment, to be changed and entered again.
    Returned,
}

impl ExpenseStatus {
    pub const ALL: [ExpenseStatus; 3] = [ExpenseStatus::Entered, ExpenseStatus::Approved, ExpenseStatus::Returned];

    pub fn code(self) -> &'static str {
        match self {
            ExpenseStatus::Entered => "entered",
            ExpenseStatus::Approved => "approved",
            ExpenseStatus::Returned => "returned",
        }
    }

    pub fn parse(code: &str) -> Option<ExpenseStatus> {
        ExpenseStatus::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

/// Where an expense comes from, when another record proposed it. The store keeps one expense
/// per participant's fare and per diem, so a second proposal adds nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Origin {
    Typed,
    Fare(ParticipantId),
    PerDiem(ParticipantId),
    Mission(MissionId),
}

impl Origin {
    /// The key that makes a proposal unique; none for what can be entered many times.
    pub fn unique_key(self) -> Option<String> {
        match self {
            Origin::Fare(p) => Some(format!("fare:{p}")),
            Origin::PerDiem(p) => Some(format!("per_diem:{p}")),
            Origin::Typed | Origin::Mission(_) => None,
        }
    }
}

/// A reason an expense may not be eligible, or may breach the procurement rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Recorded under a lighter procedure than its amount needs.
    WeakProcedure,
    /// With other purchases from the same supplier, it needed a stricter procedure.
    Splitting,
    /// VAT paid that the beneficiary can recover.
    RecoverableVat,
    /// Dated outside the implementation period.
    OutsidePeriod,
    /// A document it needs is missing.
    MissingDocument,
    /// No rate to convert it yet.
    NoRate,
}

impl FlagKind {
    pub fn code(self) -> &'static str {
        match self {
            FlagKind::WeakProcedure => "weak_procedure",
            FlagKind::Splitting => "splitting",
            FlagKind::RecoverableVat => "recoverable_vat",
            FlagKind::OutsidePeriod => "outside_period",
            FlagKind::MissingDocument => "missing_document",
            FlagKind::NoRate => "no_rate",
        }
    }
}

/// A flag raised, with what it is about (`single_quotation < competitive_negotiated`, the
/// missing kinds, the other purchases' numbers) and, once resolved, why it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub detail: String,
    pub resolution: Option<Resolution>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub justification: String,
    pub by: String,
    pub at: Timestamp,
}

/// An expense of a programme, in the currency it was paid in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expense {
    pub id: ExpenseId,
    pub programme: ProgrammeId,
    /// `EXP-2026-0042`.
    pub number: String,
    pub date: Date,
    pub amount: Money,
    /// The VAT included in the amount, in its currency.
    pub vat: Money,
    pub supplier: Option<OrganisationId>,
    /// The supplier's name as recorded (kept when the organisation is renamed).
    pub supplier_name: String,
    pub budget_line: BudgetLineId,
    pub plan_activity: Option<ActivityId>,
    pub logframe_node: Option<LogframeNodeId>,
    pub description: String,
    pub kind: ContractKind,
    pub procedure: Procedure,
    pub documents: Vec<SupportingDocument>,
    pub status: ExpenseStatus,
    pub review_comment: String,
    pub entered_by: String,
    pub entered_at: Timestamp,
    pub reviewed_by: String,
    pub reviewed_at: Option<Timestamp>,
    /// The approved expense this entry corrects (its amount is the difference, maybe negative).
    pub corrects: Option<ExpenseId>,
    pub origin: Origin,
    pub conversion: Option<Conversion>,
    pub flags: Vec<Flag>,
    pub version: i32,
}

impl Expense {
    /// Whether it may still be edited in place: not once approved.
    pub fn editable(&self) -> bool {
        self.status != ExpenseStatus::Approved
    }

    pub fn open_flags(&self) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(|f| f.resolution.is_none())
    }

    /// The documents it needs: evidence of the cost, and of its payment. A per diem is
    /// evidenced by the attendance sheet; a correction by any document.
    pub fn missing_documents(&self) -> Vec<DocumentKind> {
        let has = |kinds: &[DocumentKind]| self.documents.iter().any(|d| kinds.contains(&d.kind));
        if self.corrects.is_some() {
            return if self.documents.is_empty() { vec![DocumentKind::Other] } else { vec![] };
        }
        let mut missing = Vec::new();
        match self.origin {
            Origin::PerDiem(_) => {
                if !has(&[DocumentKind::AttendanceSheet]) {
                    missing.push(DocumentKind::AttendanceSheet);
                }
            }
            Origin::Typed | Origin::Fare(_) | Origin::Mission(_) => {
                if !has(&[DocumentKind::Invoice, DocumentKind::Receipt]) {
                    missing.push(DocumentKind::Invoice);
                }
                if !has(&[DocumentKind::ProofOfPayment]) {
                    missing.push(DocumentKind::ProofOfPayment);
                }
            }
        }
        missing
    }
}

/// What the eligibility rules need to know of the contract.
pub struct Eligibility<'a> {
    pub starts: Date,
    pub ends: Date,
    pub vat_recoverable: bool,
    pub rules: &'a ProcurementRules,
}

/// The flags an expense raises on its own (splitting looks at the others: see
/// `procurement::split_purchases`).
pub fn own_flags(expense: &Expense, contract: &Eligibility<'_>) -> Vec<(FlagKind, String)> {
    let mut found = Vec::new();
    if expense.date < contract.starts || expense.date > contract.ends {
        found.push((FlagKind::OutsidePeriod, format!("{}..{}", contract.starts, contract.ends)));
    }
    if contract.vat_recoverable && expense.vat.amount_minor() > 0 {
        found.push((FlagKind::RecoverableVat, expense.vat.plain()));
    }
    let missing = expense.missing_documents();
    if !missing.is_empty() {
        found.push((FlagKind::MissingDocument, missing.iter().map(|k| k.code()).collect::<Vec<_>>().join(",")));
    }
    match &expense.conversion {
        None => found.push((FlagKind::NoRate, expense.amount.currency().code().to_owned())),
        // Procurement rules apply to purchases from a supplier, not to salaries or per diems.
        Some(conversion) if expense.corrects.is_none() && expense.supplier.is_some() => {
            let required = contract.rules.required(expense.kind, conversion.converted);
            if required > expense.procedure {
                found.push((FlagKind::WeakProcedure, required.code().to_owned()));
            }
        }
        Some(_) => {}
    }
    found
}

/// The flags found now, each keeping the resolution it had when it was raised before for the
/// same reason: a resolved flag stays resolved, a new reason raises a new flag.
pub fn merge_flags(previous: &[Flag], found: Vec<(FlagKind, String)>) -> Vec<Flag> {
    found
        .into_iter()
        .map(|(kind, detail)| {
            let resolution =
                previous.iter().find(|f| f.kind == kind && f.detail == detail).and_then(|f| f.resolution.clone());
            Flag { kind, detail, resolution }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finance::conversion::{ConversionMethod, Rate};
    use crate::money::Currency;
    use jiff::civil::date;

    fn expense(euros: i64) -> Expense {
        let amount = Money::new(euros * 100, Currency::EUR);
        Expense {
            id: ExpenseId::new(),
            programme: ProgrammeId::new(),
            number: "EXP-2026-0001".into(),
            date: date(2026, 3, 2),
            amount,
            vat: Money::zero(Currency::EUR),
            supplier: None,
            supplier_name: "Imprimerie du Mékong".into(),
            budget_line: BudgetLineId::new(),
            plan_activity: None,
            logframe_node: None,
            description: "Printing".into(),
            kind: ContractKind::Supplies,
            procedure: Procedure::Invoice,
            documents: vec![],
            status: ExpenseStatus::Entered,
            review_comment: String::new(),
            entered_by: "coordinator".into(),
            entered_at: Timestamp::UNIX_EPOCH,
            reviewed_by: String::new(),
            reviewed_at: None,
            corrects: None,
            origin: Origin::Typed,
            conversion: Some(Conversion {
                method: ConversionMethod::MonthOfExpense,
                rate: Rate::ONE,
                basis: "2026-03".into(),
                source: String::new(),
                example: false,
                converted: amount,
            }),
            flags: vec![],
            version: 1,
        }
    }

    fn contract(rules: &ProcurementRules) -> Eligibility<'_> {
        Eligibility { starts: date(2026, 1, 1), ends: date(2028, 12, 31), vat_recoverable: true, rules }
    }

    fn kinds(found: &[(FlagKind, String)]) -> Vec<FlagKind> {
        found.iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn a_purchase_above_its_procedures_threshold_is_flagged() {
        let rules = ProcurementRules::current_edition();
        let mut paid = expense(2_500);
        paid.supplier = Some(OrganisationId::new());
        paid.documents = vec![
            SupportingDocument {
                kind: DocumentKind::Invoice,
                sha256: "a".into(),
                name: "i.pdf".into(),
                content_type: "application/pdf".into(),
                size: 1,
            },
            SupportingDocument {
                kind: DocumentKind::ProofOfPayment,
                sha256: "b".into(),
                name: "p.pdf".into(),
                content_type: "application/pdf".into(),
                size: 1,
            },
        ];
        assert!(own_flags(&paid, &contract(&rules)).is_empty(), "2,500 on an invoice is fine");
        let above = Expense { amount: Money::new(250_001, Currency::EUR), ..paid.clone() };
        let above = Expense {
            conversion: above.conversion.clone().map(|c| Conversion { converted: above.amount, ..c }),
            ..above
        };
        assert_eq!(own_flags(&above, &contract(&rules)), vec![(FlagKind::WeakProcedure, "single_quotation".into())]);
        let salary = Expense { supplier: None, ..above };
        assert!(own_flags(&salary, &contract(&rules)).is_empty(), "a salary is not a purchase");
    }

    #[test]
    fn missing_documents_recoverable_vat_and_dates_outside_the_action_are_flagged() {
        let rules = ProcurementRules::current_edition();
        let mut late = expense(100);
        late.date = date(2029, 1, 1);
        late.vat = Money::new(1000, Currency::EUR);
        let found = own_flags(&late, &contract(&rules));
        assert_eq!(kinds(&found), vec![FlagKind::OutsidePeriod, FlagKind::RecoverableVat, FlagKind::MissingDocument]);
        assert_eq!(found[2].1, "invoice,proof_of_payment");
        late.origin = Origin::PerDiem(ParticipantId::new());
        assert_eq!(late.missing_documents(), vec![DocumentKind::AttendanceSheet]);
    }

    #[test]
    fn a_resolved_flag_stays_resolved_for_the_same_reason_only() {
        let resolved = Flag {
            kind: FlagKind::MissingDocument,
            detail: "invoice".into(),
            resolution: Some(Resolution {
                justification: "lost; bank statement".into(),
                by: "c".into(),
                at: Timestamp::UNIX_EPOCH,
            }),
        };
        let again = merge_flags(std::slice::from_ref(&resolved), vec![(FlagKind::MissingDocument, "invoice".into())]);
        assert!(again[0].resolution.is_some());
        let other = merge_flags(&[resolved], vec![(FlagKind::MissingDocument, "invoice,proof_of_payment".into())]);
        assert!(other[0].resolution.is_none());
    }
}
