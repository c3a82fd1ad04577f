//! The money of a grant: its budget under the EU's headings and caps, the expenses and their
//! conversion to the contract's currency, the procurement rules and eligibility flags, and
//! the missions of the network's staff.

pub mod budget;
pub mod conversion;
pub mod expenses;
pub mod missions;
pub mod procurement;

use crate::ids::ProgrammeId;
use crate::money::{Money, MoneyError};
use budget::Caps;
use conversion::ConversionMethod;
use procurement::ProcurementRules;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a programme's contract (its special conditions) says about money: the caps and
/// transfer limit, how amounts are converted, whether VAT is recoverable, the procurement rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractSettings {
    pub programme: ProgrammeId,
    pub caps: Caps,
    pub method: ConversionMethod,
    /// When the beneficiary can recover VAT, VAT paid is not an eligible cost.
    pub vat_recoverable: bool,
    pub procurement: ProcurementRules,
    pub version: i32,
}

impl ContractSettings {
    /// The current general conditions' defaults, until the contract's own are entered (version
    /// 0: not saved yet).
    pub fn defaults(programme: ProgrammeId) -> ContractSettings {
        ContractSettings {
            programme,
            caps: Caps::default(),
            method: ConversionMethod::MonthOfExpense,
            vat_recoverable: false,
            procurement: ProcurementRules::current_edition(),
            version: 0,
        }
    }
}

/// A share in basis points (hundredths of a percent): 700 is 7 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Share(pub u32);

impl Share {
    pub const fn percent(whole: u32) -> Share {
        Share(whole * 100)
    }

    /// `amount` × the share, rounded down to the minor unit (a limit is never rounded up).
    pub fn of(self, amount: Money) -> Result<Money, MoneyError> {
        let scaled = i128::from(amount.amount_minor()) * i128::from(self.0) / 10_000;
        Ok(Money::new(i64::try_from(scaled).map_err(|_| MoneyError::Overflow)?, amount.currency()))
    }

    /// Reads `7`, `7.5` or `7,5` (percent, at most two decimals, at most 100).
    pub fn parse_percent(raw: &str) -> Option<Share> {
        let raw = raw.trim().trim_end_matches('%').trim().replace(',', ".");
        let (whole, decimals) = raw.split_once('.').unwrap_or((&raw, ""));
        if whole.is_empty()
            || decimals.len() > 2
            || !(whole.bytes().chain(decimals.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: u32 = whole.parse().ok()?;
        let hundredths: u32 = format!("{decimals:0<2}").parse().ok()?;
        let share = whole.checked_mul(100)?.checked_add(hundredths)?;
        (share <= 10_000).then_some(Share(share))
    }

    /// How many basis points `part` is of `whole` (none when `whole` is zero).
    pub fn between(part: Money, whole: Money) -> Option<Share> {
        if whole.amount_minor() <= 0 || part.currency() != whole.currency() {
            return None;
        }
        let share = i128::from(part.amount_minor().max(0)) * 10_000 / i128::from(whole.amount_minor());
        u32::try_from(share).ok().map(Share)
    }
}

impl fmt::Display for Share {
    /// `7`, `7.5`, `12.25`: the percentage, without its sign.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, hundredths) = (self.0 / 100, self.0 % 100);
        match hundredths {
            0 => write!(f, "{whole}"),
            h if h % 10 == 0 => write!(f, "{whole}.{}", h / 10),
            h => write!(f, "{whole}.{h:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn shares_read_and_write_percentages() {
        assert_eq!(Share::parse_percent("7"), Some(Share(700)));
        assert_eq!(Share::parse_percent("7,5 %"), Some(Share(750)));
        assert_eq!(Share::parse_percent("12.25"), Some(Share(1225)));
        for bad in ["", "x", "7.125", "101", "-1", "1e2"] {
            assert_eq!(Share::parse_percent(bad), None, "{bad}");
        }
        assert_eq!(Share(750).to_string(), "7.5");
        assert_eq!(Share(1225).to_string(), "12.25");
    }

    #[test]
    fn a_share_of_an_amount_rounds_down() -> Result<(), MoneyError> {
        assert_eq!(Share(700).of(Money::new(1_999, Currency::EUR))?, Money::new(139, Currency::EUR));
        assert_eq!(Share::between(Money::new(50, Currency::EUR), Money::new(200, Currency::EUR)), Some(Share(2500)));
        Ok(())
    }
}
