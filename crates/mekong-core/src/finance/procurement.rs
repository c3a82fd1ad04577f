//! Procurement by the beneficiary (PRAG Annex IV): which procedure a purchase of a given value
//! needs, per kind of contract and edition of the rules, and the purchases that look split to
//! stay under a threshold.

use crate::ids::{ExpenseId, OrganisationId};
use crate::money::{Currency, Money};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What is bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    Services,
    Supplies,
    Works,
}

impl ContractKind {
    pub const ALL: [ContractKind; 3] = [ContractKind::Services, ContractKind::Supplies, ContractKind::Works];

    pub fn code(self) -> &'static str {
        match self {
            ContractKind::Services => "services",
            ContractKind::Supplies => "supplies",
            ContractKind::Works => "works",
        }
    }

    pub fn parse(code: &str) -> Option<ContractKind> {
        ContractKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

/// A procurement procedure, from the lightest to the strictest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// Payment on an invoice, without a quotation.
    Invoice,
    /// A single quotation (single tender).
    SingleQuotation,
    /// A competitive negotiated procedure: at least three tenderers.
    CompetitiveNegotiated,
    /// A local open tender.
    LocalOpen,
    /// An international restricted or open tender.
    International,
}

impl Procedure {
    pub const ALL: [Procedure; 5] = [
        Procedure::Invoice,
        Procedure::SingleQuotation,
        Procedure::CompetitiveNegotiated,
        Procedure::LocalOpen,
        Procedure::International,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Procedure::Invoice => "invoice",
            Procedure::SingleQuotation => "single_quotation",
            Procedure::CompetitiveNegotiated => "competitive_negotiated",
            Procedure::LocalOpen => "local_open",
            Procedure::International => "international",
        }
    }

    pub fn parse(code: &str) -> Option<Procedure> {
        Procedure::ALL.into_iter().find(|p| p.code() == code.trim())
    }
}

/// Purchases of `kind` up to `up_to` (inclusive, in the contract's currency) may use `procedure`;
/// none means no upper bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    pub kind: ContractKind,
    pub procedure: Procedure,
    pub up_to: Option<Money>,
}

/// The thresholds in force for a contract: an edition of the rules and the contract's own
/// exceptions, already applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcurementRules {
    /// `PRAG 2021`, `PRAG 2013/14`, or the contract's own wording.
    pub edition: String,
    pub thresholds: Vec<Threshold>,
    /// Illustrative values, not the contract's: shown as such wherever they are used.
    pub example: bool,
}

impl ProcurementRules {
    /// The later editions' tiers (eu-grant-rules §4): invoice only up to 2,500 EUR, a single
    /// quotation up to 20,000 EUR, then competitive procedures; open tenders from 300,000 EUR
    /// (supplies locally from 100,000 EUR, works internationally from 5,000,000 EUR). The
    /// contract's own figures are not known: marked as examples.
    pub fn current_edition() -> ProcurementRules {
        let eur = |whole: i64| Some(Money::new(whole * 100, Currency::EUR));
        let mut thresholds = Vec::new();
        for kind in ContractKind::ALL {
            let (negotiated_up_to, local_up_to) = match kind {
                ContractKind::Services => (eur(299_999), None),
                ContractKind::Supplies => (eur(99_999), eur(299_999)),
                ContractKind::Works => (eur(299_999), eur(4_999_999)),
            };
            thresholds.push(Threshold { kind, procedure: Procedure::Invoice, up_to: eur(2_500) });
            thresholds.push(Threshold { kind, procedure: Procedure::SingleQuotation, up_to: eur(20_000) });
            thresholds.push(Threshold { kind, procedure: Procedure::CompetitiveNegotiated, up_to: negotiated_up_to });
            if kind != ContractKind::Services {
                thresholds.push(Threshold { kind, procedure: Procedure::LocalOpen, up_to: local_up_to });
            }
            thresholds.push(Threshold { kind, procedure: Procedure::International, up_to: None });
        }
        ProcurementRules { edition: "PRAG 2021 (example)".into(), thresholds, example: true }
    }

    /// The lightest procedure a purchase of `kind` worth `amount` may use.
    pub fn required(&self, kind: ContractKind, amount: Money) -> Procedure {
        let mut tiers: Vec<&Threshold> = self.thresholds.iter().filter(|t| t.kind == kind).collect();
        tiers.sort_by_key(|t| t.procedure);
        tiers
            .iter()
            .find(|t| {
                t.up_to.is_none_or(|limit| {
                    limit.currency() != amount.currency() || amount.amount_minor() <= limit.amount_minor()
                })
            })
            .map_or(Procedure::International, |t| t.procedure)
    }
}

/// A purchase as the splitting rule sees it: amounts already in the contract's currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub id: ExpenseId,
    pub supplier: OrganisationId,
    pub kind: ContractKind,
    pub date: Date,
    pub amount: Money,
    pub procedure: Procedure,
}

/// How many days back purchases from one supplier count together.
pub const SPLITTING_WINDOW_DAYS: i64 = 90;

/// The purchases that look split: with the others from the same supplier, of the same kind,
/// within [`SPLITTING_WINDOW_DAYS`], they add up to a value that needs a stricter procedure
/// than the strictest one used. Each flagged purchase comes with the others of its group.
pub fn split_purchases(purchases: &[Purchase], rules: &ProcurementRules) -> Vec<(ExpenseId, Vec<ExpenseId>)> {
    let mut flagged = Vec::new();
    for purchase in purchases {
        let group: Vec<&Purchase> = purchases
            .iter()
            .filter(|p| p.supplier == purchase.supplier && p.kind == purchase.kind)
            .filter(|p| (p.date - purchase.date).get_days().abs() <= SPLITTING_WINDOW_DAYS as i32)
            .filter(|p| p.amount.currency() == purchase.amount.currency())
            .collect();
        if group.len() < 2 {
            continue;
        }
        let total = group.iter().try_fold(Money::zero(purchase.amount.currency()), |sum, p| sum.checked_add(p.amount));
        let Ok(total) = total else { continue };
        let strictest = group.iter().map(|p| p.procedure).max().unwrap_or(Procedure::Invoice);
        if rules.required(purchase.kind, total) > strictest {
            flagged.push((purchase.id, group.iter().filter(|p| p.id != purchase.id).map(|p| p.id).collect()));
        }
    }
    flagged
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn eur(whole: i64) -> Money {
        Money::new(whole * 100, Currency::EUR)
    }

    #[test]
    fn each_tier_ends_at_its_threshold() {
        let rules = ProcurementRules::current_edition();
        let services = ContractKind::Services;
        assert_eq!(rules.required(services, eur(2_500)), Procedure::Invoice);
        assert_eq!(rules.required(services, Money::new(250_001, Currency::EUR)), Procedure::SingleQuotation);
        assert_eq!(rules.required(services, eur(20_000)), Procedure::SingleQuotation);
        assert_eq!(rules.required(services, Money::new(2_000_001, Currency::EUR)), Procedure::CompetitiveNegotiated);
        assert_eq!(rules.required(services, eur(300_000)), Procedure::International);
        assert_eq!(rules.required(ContractKind::Supplies, eur(100_000)), Procedure::LocalOpen);
        assert_eq!(rules.required(ContractKind::Works, eur(5_000_000)), Procedure::International);
    }

    fn purchase(supplier: OrganisationId, on: Date, whole: i64, procedure: Procedure) -> Purchase {
        Purchase {
            id: ExpenseId::new(),
            supplier,
            kind: ContractKind::Services,
            date: on,
            amount: eur(whole),
            procedure,
        }
    }

    #[test]
    fn purchases_from_one_supplier_within_ninety_days_count_together() {
        let rules = ProcurementRules::current_edition();
        let printer = OrganisationId::new();
        let first = purchase(printer, date(2026, 3, 1), 12_000, Procedure::SingleQuotation);
        let second = purchase(printer, date(2026, 5, 30), 9_000, Procedure::SingleQuotation);
        let flagged = split_purchases(&[first.clone(), second.clone()], &rules);
        assert_eq!(flagged.len(), 2, "21,000 within 90 days needs a competitive procedure");
        assert_eq!(flagged[0], (first.id, vec![second.id]));
        let later = purchase(printer, date(2026, 5, 31), 9_000, Procedure::SingleQuotation);
        assert!(split_purchases(&[first.clone(), later], &rules).is_empty(), "91 days apart");
        let other = purchase(OrganisationId::new(), date(2026, 3, 2), 9_000, Procedure::SingleQuotation);
        assert!(split_purchases(&[first.clone(), other], &rules).is_empty(), "another supplier");
        let tendered = purchase(printer, date(2026, 3, 5), 9_000, Procedure::CompetitiveNegotiated);
        assert!(split_purchases(&[first, tendered], &rules).is_empty(), "the stricter procedure covers both");
    }
}
