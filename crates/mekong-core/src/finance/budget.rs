//! A programme's budget in the EU's standard headings (Annex III): lines with a unit, a number
//! of units and a unit cost per year; transfers between lines; the caps on indirect costs and
//! the contingency reserve, and the share of a heading a transfer may move without an amendment.

use super::Share;
use crate::ids::{BudgetLineId, ProgrammeId, TransferId};
use crate::money::{Currency, Money, MoneyError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A heading of the EU budget. Lines 7 (direct costs) and 9 (7 + 8) are totals, not headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Heading {
    HumanResources,
    Travel,
    Equipment,
    LocalOffice,
    OtherCosts,
    Other,
    Indirect,
    Contingency,
}

impl Heading {
    pub const ALL: [Heading; 8] = [
        Heading::HumanResources,
        Heading::Travel,
        Heading::Equipment,
        Heading::LocalOffice,
        Heading::OtherCosts,
        Heading::Other,
        Heading::Indirect,
        Heading::Contingency,
    ];

    /// Its number in the EU template.
    pub fn number(self) -> u8 {
        match self {
            Heading::HumanResources => 1,
            Heading::Travel => 2,
            Heading::Equipment => 3,
            Heading::LocalOffice => 4,
            Heading::OtherCosts => 5,
            Heading::Other => 6,
            Heading::Indirect => 8,
            Heading::Contingency => 10,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Heading::HumanResources => "human_resources",
            Heading::Travel => "travel",
            Heading::Equipment => "equipment",
            Heading::LocalOffice => "local_office",
            Heading::OtherCosts => "other_costs",
            Heading::Other => "other",
            Heading::Indirect => "indirect",
            Heading::Contingency => "contingency",
        }
    }

    /// Headings 1 to 6, whose sum is line 7.
    pub fn is_direct(self) -> bool {
        self.number() <= 6
    }

    /// The heading a line's code belongs to: its first number (`2.1` is Travel).
    pub fn of_line_code(code: &str) -> Option<Heading> {
        let first = code.split('.').next()?.parse::<u8>().ok()?;
        Heading::ALL.into_iter().find(|h| h.number() == first)
    }
}

/// Whether `code` is a line code of the template: numbers joined by dots (`1.3.2`), the first a
/// heading's.
pub fn valid_line_code(code: &str) -> bool {
    code.split('.').all(|part| !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit()))
        && code.split('.').count() <= 4
        && Heading::of_line_code(code).is_some()
}

/// One year of a line: a number of units at a unit cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineYear {
    pub year: i16,
    pub units: i64,
    pub unit_cost: Money,
}

impl LineYear {
    pub fn amount(&self) -> Result<Money, MoneyError> {
        self.unit_cost.checked_mul(self.units)
    }
}

/// A line of the budget, such as `2.1 International travel`, in the contract's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub id: BudgetLineId,
    pub programme: ProgrammeId,
    /// `1.1.1`, `2.1`, `8`: its first number is its heading.
    pub code: String,
    pub title: String,
    /// `per month`, `per trip`.
    pub unit: String,
    pub years: Vec<LineYear>,
    pub version: i32,
}

impl BudgetLine {
    pub fn heading(&self) -> Heading {
        Heading::of_line_code(&self.code).unwrap_or(Heading::Other)
    }

    /// The line's amount in `year`, or over every year.
    pub fn amount(&self, currency: Currency, year: Option<i16>) -> Result<Money, MoneyError> {
        self.years
            .iter()
            .filter(|y| year.is_none_or(|wanted| y.year == wanted))
            .try_fold(Money::zero(currency), |sum, y| sum.checked_add(y.amount()?))
    }

    /// `2.1 International travel`.
    pub fn label(&self) -> String {
        format!("{} {}", self.code, self.title)
    }
}

/// Budget moved from one line to another, in one year, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub id: TransferId,
    pub programme: ProgrammeId,
    pub year: i16,
    pub from: BudgetLineId,
    pub to: BudgetLineId,
    pub amount: Money,
    pub reason: String,
    pub by: String,
    pub at: Timestamp,
    pub version: i32,
}

/// The contract's own limits, with the EU's current defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caps {
    /// Indirect costs (line 8) at most this share of direct costs (line 7).
    pub indirect: Share,
    /// The contingency reserve (line 10) at most this share of line 7.
    pub contingency: Share,
    /// The share of a heading's amount that transfers may change without an amendment.
    pub transfers: Share,
}

impl Default for Caps {
    fn default() -> Self {
        Caps { indirect: Share::percent(7), contingency: Share::percent(5), transfers: Share::percent(25) }
    }
}

/// Which cap a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapRule {
    Indirect,
    Contingency,
}

impl CapRule {
    pub fn code(self) -> &'static str {
        match self {
            CapRule::Indirect => "indirect",
            CapRule::Contingency => "contingency",
        }
    }
}

/// One cap checked against the budget: the most allowed, and what is budgeted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CapCheck {
    pub rule: CapRule,
    pub share: Share,
    pub limit: Money,
    pub budgeted: Money,
}

impl CapCheck {
    pub fn exceeded(&self) -> bool {
        self.budgeted.amount_minor() > self.limit.amount_minor()
    }
}

/// Why a transfer is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransferRefusal {
    #[error("a transfer moves a positive amount between two different lines")]
    Invalid,
    #[error("the line has less than that left in that year")]
    MoreThanTheLineHolds,
    /// The heading's budget would change by more than the contract allows: `change` against
    /// `limit`, both without sign.
    #[error("this needs a contract amendment")]
    NeedsAmendment { heading: Heading, change: Money, limit: Money },
    #[error("the transfer would break a cap")]
    BreaksCap(CapRule),
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// A programme's budget: its lines as contracted, and the transfers since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub currency: Currency,
    pub lines: Vec<BudgetLine>,
    pub transfers: Vec<Transfer>,
}

/// The figures of the template's summary: each heading, and lines 7, 9 and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetSummary {
    pub headings: Vec<(Heading, Money)>,
    /// Line 7: headings 1 to 6.
    pub direct: Money,
    /// Line 9: direct and indirect costs.
    pub eligible: Money,
    /// Everything, the contingency reserve included.
    pub total: Money,
}

impl Budget {
    /// A line's amount as contracted, in `year` or over every year.
    pub fn contracted(&self, line: &BudgetLine, year: Option<i16>) -> Result<Money, MoneyError> {
        line.amount(self.currency, year)
    }

    /// A line's amount once the transfers are applied.
    pub fn current(&self, line: &BudgetLine, year: Option<i16>) -> Result<Money, MoneyError> {
        let mut amount = self.contracted(line, year)?;
        for transfer in self.transfers.iter().filter(|t| year.is_none_or(|y| t.year == y)) {
            if transfer.to == line.id {
                amount = amount.checked_add(transfer.amount)?;
            }
            if transfer.from == line.id {
                amount = amount.checked_add(negated(transfer.amount)?)?;
            }
        }
        Ok(amount)
    }

    /// The summary of the current budget (with the transfers), for `year` or every year.
    pub fn summary(&self, year: Option<i16>) -> Result<BudgetSummary, MoneyError> {
        self.summarise(year, true)
    }

    fn summarise(&self, year: Option<i16>, with_transfers: bool) -> Result<BudgetSummary, MoneyError> {
        let mut by_heading: BTreeMap<Heading, Money> =
            Heading::ALL.iter().map(|h| (*h, Money::zero(self.currency))).collect();
        for line in &self.lines {
            let amount = if with_transfers { self.current(line, year)? } else { self.contracted(line, year)? };
            let sum = by_heading.entry(line.heading()).or_insert(Money::zero(self.currency));
            *sum = sum.checked_add(amount)?;
        }
        let of = |heading: Heading| by_heading.get(&heading).copied().unwrap_or(Money::zero(self.currency));
        let direct = Heading::ALL
            .iter()
            .filter(|h| h.is_direct())
            .try_fold(Money::zero(self.currency), |sum, h| sum.checked_add(of(*h)))?;
        let eligible = direct.checked_add(of(Heading::Indirect))?;
        let total = eligible.checked_add(of(Heading::Contingency))?;
        Ok(BudgetSummary { headings: by_heading.into_iter().collect(), direct, eligible, total })
    }

    /// The caps checked against the current budget.
    pub fn cap_checks(&self, caps: &Caps, year: Option<i16>) -> Result<Vec<CapCheck>, MoneyError> {
        let summary = self.summary(year)?;
        Ok(cap_checks_of(&summary, caps))
    }

    /// Checks `transfer` against the line it empties, the caps, and the share of each heading
    /// the contract lets transfers change (counted over every transfer so far, against the
    /// heading as contracted). A change of exactly the limit is allowed.
    pub fn check_transfer(&self, caps: &Caps, transfer: &Transfer) -> Result<(), TransferRefusal> {
        let line = |id| self.lines.iter().find(|l| l.id == id);
        let (Some(from), Some(to)) = (line(transfer.from), line(transfer.to)) else {
            return Err(TransferRefusal::Invalid);
        };
        if from.id == to.id || transfer.amount.amount_minor() <= 0 || transfer.amount.currency() != self.currency {
            return Err(TransferRefusal::Invalid);
        }
        if self.current(from, Some(transfer.year))?.amount_minor() < transfer.amount.amount_minor() {
            return Err(TransferRefusal::MoreThanTheLineHolds);
        }
        let with = Budget {
            currency: self.currency,
            lines: self.lines.clone(),
            transfers: self.transfers.iter().cloned().chain([transfer.clone()]).collect(),
        };
        let contracted = self.summarise(None, false)?;
        let after = with.summarise(None, true)?;
        for heading in [from.heading(), to.heading()] {
            if from.heading() == to.heading() {
                break;
            }
            let before = amount_of(&contracted, heading);
            let change = Money::new(
                amount_of(&after, heading)
                    .amount_minor()
                    .checked_sub(before.amount_minor())
                    .ok_or(MoneyError::Overflow)?
                    .abs(),
                self.currency,
            );
            let limit = caps.transfers.of(before)?;
            if change.amount_minor() > limit.amount_minor() {
                return Err(TransferRefusal::NeedsAmendment { heading, change, limit });
            }
        }
        for check in cap_checks_of(&after, caps) {
            if check.exceeded() {
                return Err(TransferRefusal::BreaksCap(check.rule));
            }
        }
        Ok(())
    }
}

fn amount_of(summary: &BudgetSummary, heading: Heading) -> Money {
    summary.headings.iter().find(|(h, _)| *h == heading).map_or(Money::zero(summary.direct.currency()), |(_, m)| *m)
}

fn cap_checks_of(summary: &BudgetSummary, caps: &Caps) -> Vec<CapCheck> {
    [
        (CapRule::Indirect, Heading::Indirect, caps.indirect),
        (CapRule::Contingency, Heading::Contingency, caps.contingency),
    ]
    .into_iter()
    .map(|(rule, heading, share)| CapCheck {
        rule,
        share,
        // A direct total too large to take a share of cannot be capped below itself.
        limit: share.of(summary.direct).unwrap_or(summary.direct),
        budgeted: amount_of(summary, heading),
    })
    .collect()
}

pub(crate) fn negated(amount: Money) -> Result<Money, MoneyError> {
    Ok(Money::new(amount.amount_minor().checked_neg().ok_or(MoneyError::Overflow)?, amount.currency()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(cents: i64) -> Money {
        Money::new(cents, Currency::EUR)
    }

    fn line(code: &str, cents: i64) -> BudgetLine {
        BudgetLine {
            id: BudgetLineId::new(),
            programme: ProgrammeId(uuid::Uuid::nil()),
            code: code.into(),
            title: code.into(),
            unit: "lump sum".into(),
            years: vec![LineYear { year: 2026, units: 1, unit_cost: eur(cents) }],
            version: 1,
        }
    }

    fn transfer(from: &BudgetLine, to: &BudgetLine, cents: i64) -> Transfer {
        Transfer {
            id: TransferId::new(),
            programme: from.programme,
            year: 2026,
            from: from.id,
            to: to.id,
            amount: eur(cents),
            reason: "needed".into(),
            by: "coordinator".into(),
            at: Timestamp::UNIX_EPOCH,
            version: 1,
        }
    }

    /// Staff 100,000.00, travel 100,000.00: line 7 is 200,000.00.
    fn budget(indirect: i64, contingency: i64) -> Budget {
        Budget {
            currency: Currency::EUR,
            lines: vec![line("1.1", 10_000_000), line("2.1", 10_000_000), line("8", indirect), line("10", contingency)],
            transfers: vec![],
        }
    }

    #[test]
    fn line_codes_name_their_heading() {
        assert_eq!(Heading::of_line_code("1.3.2"), Some(Heading::HumanResources));
        assert_eq!(Heading::of_line_code("10"), Some(Heading::Contingency));
        assert_eq!(Heading::of_line_code("7"), None, "line 7 is a total");
        assert!(valid_line_code("5.3"));
        for bad in ["", "2.", ".1", "9", "2.a", "1.1.1.1.1"] {
            assert!(!valid_line_code(bad), "{bad}");
        }
    }

    #[test]
    fn caps_hold_at_exactly_their_share_and_break_one_cent_above() -> Result<(), MoneyError> {
        let at_limit = budget(1_400_000, 1_000_000);
        let checks = at_limit.cap_checks(&Caps::default(), None)?;
        assert!(checks.iter().all(|c| !c.exceeded()), "7 % and 5 % of 200,000.00 exactly");
        assert_eq!(checks[0].limit, eur(1_400_000));
        let above = budget(1_400_001, 1_000_001);
        let checks = above.cap_checks(&Caps::default(), None)?;
        assert!(checks.iter().all(CapCheck::exceeded));
        Ok(())
    }

    #[test]
    fn a_transfer_may_change_a_heading_by_exactly_its_allowed_share() -> Result<(), MoneyError> {
        let budget = budget(0, 0);
        let (staff, travel) = (&budget.lines[0], &budget.lines[1]);
        let caps = Caps::default();
        assert_eq!(budget.check_transfer(&caps, &transfer(staff, travel, 2_500_000)), Ok(()), "25 % of 100,000.00");
        assert!(matches!(
            budget.check_transfer(&caps, &transfer(staff, travel, 2_500_001)),
            Err(TransferRefusal::NeedsAmendment { heading: Heading::HumanResources, .. })
        ));
        let older = Caps { transfers: Share::percent(15), ..caps };
        assert_eq!(budget.check_transfer(&older, &transfer(staff, travel, 1_500_000)), Ok(()));
        assert!(budget.check_transfer(&older, &transfer(staff, travel, 1_500_001)).is_err());
        Ok(())
    }

    #[test]
    fn transfers_add_up_against_the_contracted_heading() {
        let mut budget = budget(0, 0);
        let (staff, travel) = (budget.lines[0].clone(), budget.lines[1].clone());
        budget.transfers.push(transfer(&staff, &travel, 2_000_000));
        let caps = Caps::default();
        assert_eq!(budget.check_transfer(&caps, &transfer(&staff, &travel, 500_000)), Ok(()));
        assert!(budget.check_transfer(&caps, &transfer(&staff, &travel, 500_001)).is_err(), "20 % then 5 % and a cent");
        assert_eq!(budget.check_transfer(&caps, &transfer(&travel, &staff, 2_000_000)), Ok(()), "moving back is fine");
    }

    #[test]
    fn within_a_heading_lines_move_freely_but_never_below_zero() {
        let mut budget = budget(0, 0);
        budget.lines.push(line("2.2", 100));
        let (travel, local) = (&budget.lines[1], &budget.lines[4]);
        assert_eq!(budget.check_transfer(&Caps::default(), &transfer(travel, local, 9_000_000)), Ok(()));
        assert_eq!(
            budget.check_transfer(&Caps::default(), &transfer(local, travel, 101)),
            Err(TransferRefusal::MoreThanTheLineHolds)
        );
    }

    #[test]
    fn a_transfer_into_indirect_costs_cannot_break_their_cap() {
        let budget = budget(1_300_000, 0);
        let (staff, indirect) = (&budget.lines[0], &budget.lines[2]);
        assert_eq!(
            budget.check_transfer(&Caps::default(), &transfer(staff, indirect, 100_000)),
            Err(TransferRefusal::BreaksCap(CapRule::Indirect)),
            "14,000.00 is above 7 % of the 199,000.00 left in line 7"
        );
    }

    #[test]
    fn the_summary_keeps_years_apart() -> Result<(), MoneyError> {
        let mut budget = budget(0, 0);
        budget.lines[0].years.push(LineYear { year: 2027, units: 12, unit_cost: eur(250_000) });
        assert_eq!(budget.summary(Some(2027))?.direct, eur(3_000_000));
        assert_eq!(budget.summary(None)?.direct, eur(23_000_000));
        assert_eq!(budget.summary(Some(2026))?.total, eur(20_000_000));
        Ok(())
    }
}
