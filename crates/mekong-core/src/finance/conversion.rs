//! Amounts paid in other currencies, converted to the contract's: the monthly rates to the euro
//! (InforEuro), and the three methods a contract may name. Every converted amount keeps the
//! rate, the months or receipt it came from, and the method, so that it can be explained.

use crate::ids::{ExchangeRateId, FundsReceiptId, ProgrammeId};
use crate::money::{Currency, Money, MoneyError};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar month, `2026-03`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: i16,
    pub month: i8,
}

impl Month {
    pub fn of(date: Date) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    pub fn parse(raw: &str) -> Option<Month> {
        let (year, month) = raw.trim().split_once('-')?;
        let (year, month): (i16, i8) = (year.parse().ok()?, month.parse().ok()?);
        ((1900..=2200).contains(&year) && (1..=12).contains(&month) && raw.trim().len() == 7)
            .then_some(Month { year, month })
    }

    fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { month: self.month + 1, ..self } }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Month::parse(&raw).ok_or_else(|| serde::de::Error::custom(format!("not a month: {raw:?}")))
    }
}

/// How many units of a currency one unit of another buys, in millionths (InforEuro publishes
/// at most four decimals: 4405.1234 KHR for 1 EUR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rate(pub i64);

impl Rate {
    pub const ONE: Rate = Rate(1_000_000);

    /// Reads `4405.12` or `4405,12` (a CSV's decimal mark may be either; no grouping marks).
    pub fn parse(raw: &str) -> Option<Rate> {
        let raw = raw.trim().replace(',', ".");
        let (whole, decimals) = raw.split_once('.').unwrap_or((&raw, ""));
        if whole.is_empty() || whole.len() > 9 || decimals.len() > 6 {
            return None;
        }
        if !whole.bytes().chain(decimals.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let micro = whole.parse::<i64>().ok()? * 1_000_000 + format!("{decimals:0<6}").parse::<i64>().ok()?;
        (micro > 0).then_some(Rate(micro))
    }

    /// Converts `amount` at this rate (units of `amount`'s currency per unit of `into`),
    /// rounding half away from zero to `into`'s minor unit.
    pub fn convert(self, amount: Money, into: Currency) -> Result<Money, MoneyError> {
        if amount.currency() == into {
            return Ok(amount);
        }
        let scale = |c: Currency| 10_i128.pow(u32::from(c.minor_units()));
        let numerator = i128::from(amount.amount_minor()) * 1_000_000 * scale(into);
        let denominator = i128::from(self.0) * scale(amount.currency());
        let rounded = (2 * numerator + numerator.signum() * denominator) / (2 * denominator);
        Ok(Money::new(i64::try_from(rounded).map_err(|_| MoneyError::Overflow)?, into))
    }

    /// The rate between `from` and `into` when each is known against the euro.
    fn cross(from_per_eur: Rate, into_per_eur: Rate) -> Rate {
        let micro = i128::from(from_per_eur.0) * 1_000_000 / i128::from(into_per_eur.0).max(1);
        Rate(i64::try_from(micro).unwrap_or(i64::MAX).max(1))
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{}.{:06}", self.0 / 1_000_000, self.0 % 1_000_000);
        f.write_str(text.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// A published monthly rate: how many units of `currency` one euro buys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeRate {
    pub id: ExchangeRateId,
    pub currency: Currency,
    pub month: Month,
    pub per_eur: Rate,
    /// `InforEuro`, or where else it comes from.
    pub source: String,
    /// An illustrative rate, not a published one: shown as such wherever it is used.
    pub example: bool,
    pub version: i32,
}

/// Funds received from the funder: the euros sent and what the bank paid out in the currency
/// spent, whose ratio is the accounting rate of the expenses that follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundsReceipt {
    pub id: FundsReceiptId,
    pub programme: ProgrammeId,
    pub date: Date,
    /// In the contract's currency.
    pub sent: Money,
    pub received: Money,
    pub version: i32,
}

impl FundsReceipt {
    /// Units received per unit sent.
    pub fn rate(&self) -> Option<Rate> {
        if self.sent.amount_minor() <= 0 || self.received.amount_minor() <= 0 {
            return None;
        }
        let scale = |c: Currency| 10_i128.pow(u32::from(c.minor_units()));
        let micro = i128::from(self.received.amount_minor()) * 1_000_000 * scale(self.sent.currency())
            / (i128::from(self.sent.amount_minor()) * scale(self.received.currency()));
        i64::try_from(micro).ok().filter(|m| *m > 0).map(Rate)
    }
}

/// The conversion method a contract names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversionMethod {
    /// The InforEuro rate of the month of the expense (current general conditions).
    MonthOfExpense,
    /// The average of the monthly rates over the reporting period (older guidance).
    PeriodAverage,
    /// The rate at which the funds were received (usual accounting practice).
    AccountingRate,
}

impl ConversionMethod {
    pub const ALL: [ConversionMethod; 3] =
        [ConversionMethod::MonthOfExpense, ConversionMethod::PeriodAverage, ConversionMethod::AccountingRate];

    pub fn code(self) -> &'static str {
        match self {
            ConversionMethod::MonthOfExpense => "month_of_expense",
            ConversionMethod::PeriodAverage => "period_average",
            ConversionMethod::AccountingRate => "accounting_rate",
        }
    }

    pub fn parse(code: &str) -> Option<ConversionMethod> {
        ConversionMethod::ALL.into_iter().find(|m| m.code() == code.trim())
    }
}

/// An amount converted, with what explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversion {
    pub method: ConversionMethod,
    /// Units of the amount's currency per unit of the contract's.
    pub rate: Rate,
    /// `2026-03`; `2026-01..2026-12 (12)` for an average; the receipt's date for an accounting rate.
    pub basis: String,
    pub source: String,
    pub example: bool,
    pub converted: Money,
}

/// Why an amount cannot be converted yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConversionError {
    #[error("no rate for {currency} in {month}")]
    NoRate { currency: Currency, month: Month },
    #[error("no funds received in {currency} on or before the expense")]
    NoReceipt { currency: Currency },
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// What a conversion may draw on.
pub struct RateSources<'a> {
    pub rates: &'a [ExchangeRate],
    pub receipts: &'a [FundsReceipt],
    /// The reporting period the expense falls in, for an average.
    pub period: (Date, Date),
}

impl RateSources<'_> {
    fn monthly(&self, currency: Currency, month: Month) -> Option<&ExchangeRate> {
        self.rates.iter().find(|r| r.currency == currency && r.month == month)
    }

    /// The rate of `currency` against the euro in `month` (the euro's own is one).
    fn per_eur(&self, currency: Currency, month: Month) -> Result<(Rate, String, bool), ConversionError> {
        if currency == Currency::EUR {
            return Ok((Rate::ONE, String::new(), false));
        }
        self.monthly(currency, month)
            .map(|r| (r.per_eur, r.source.clone(), r.example))
            .ok_or(ConversionError::NoRate { currency, month })
    }

    /// The average of the monthly rates of the period's months that have one.
    fn average_per_eur(&self, currency: Currency) -> Result<(Rate, String, String, bool), ConversionError> {
        let (first, last) = (Month::of(self.period.0), Month::of(self.period.1));
        if currency == Currency::EUR {
            return Ok((Rate::ONE, format!("{first}..{last}"), String::new(), false));
        }
        let mut month = first;
        let mut found = Vec::new();
        while month <= last {
            if let Some(rate) = self.monthly(currency, month) {
                found.push(rate);
            }
            month = month.next();
        }
        if found.is_empty() {
            return Err(ConversionError::NoRate { currency, month: first });
        }
        let count = i128::try_from(found.len()).unwrap_or(1);
        let sum: i128 = found.iter().map(|r| i128::from(r.per_eur.0)).sum();
        let average = Rate(i64::try_from((2 * sum + count) / (2 * count)).unwrap_or(i64::MAX));
        let source = found[0].source.clone();
        Ok((average, format!("{first}..{last} ({})", found.len()), source, found.iter().any(|r| r.example)))
    }
}

/// Converts an expense of `amount` made on `date` into `contract` by `method`.
pub fn convert(
    amount: Money,
    date: Date,
    contract: Currency,
    method: ConversionMethod,
    sources: &RateSources<'_>,
) -> Result<Conversion, ConversionError> {
    let currency = amount.currency();
    let (rate, basis, source, example) = match method {
        _ if currency == contract => (Rate::ONE, Month::of(date).to_string(), String::new(), false),
        ConversionMethod::MonthOfExpense => {
            let month = Month::of(date);
            let (from, source, example) = sources.per_eur(currency, month)?;
            let (into, _, into_example) = sources.per_eur(contract, month)?;
            (Rate::cross(from, into), month.to_string(), source, example || into_example)
        }
        ConversionMethod::PeriodAverage => {
            let (from, basis, source, example) = sources.average_per_eur(currency)?;
            let (into, _, _, into_example) = sources.average_per_eur(contract)?;
            (Rate::cross(from, into), basis, source, example || into_example)
        }
        ConversionMethod::AccountingRate => {
            let receipt = sources
                .receipts
                .iter()
                .filter(|r| r.received.currency() == currency && r.sent.currency() == contract && r.date <= date)
                .max_by_key(|r| r.date)
                .ok_or(ConversionError::NoReceipt { currency })?;
            let rate = receipt.rate().ok_or(ConversionError::NoReceipt { currency })?;
            (rate, receipt.date.to_string(), String::new(), false)
        }
    };
    Ok(Conversion { method, rate, basis, source, example, converted: rate.convert(amount, contract)? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn khr(month: i8, per_eur: &str) -> ExchangeRate {
        ExchangeRate {
            id: ExchangeRateId::new(),
            currency: Currency::KHR,
            month: Month { year: 2026, month },
            per_eur: Rate::parse(per_eur).unwrap_or(Rate::ONE),
            source: "InforEuro".into(),
            example: false,
            version: 1,
        }
    }

    fn riel(units: i64) -> Money {
        Money::new(units * 100, Currency::KHR)
    }

    #[test]
    fn rates_read_their_decimals_and_round_half_away_from_zero() {
        assert_eq!(Rate::parse("4405,5"), Some(Rate(4_405_500_000)));
        assert_eq!(Rate::parse("1.0876"), Some(Rate(1_087_600)));
        for bad in ["", "0", "-1", "1.2.3", "1,234.5", "1.1234567", "1e3"] {
            assert_eq!(Rate::parse(bad), None, "{bad}");
        }
        assert_eq!(Rate(4_405_500_000).to_string(), "4405.5");
        let one_cent_and_a_half = Money::new(660_825, Currency::KHR);
        assert_eq!(Rate(4_405_500_000).convert(one_cent_and_a_half, Currency::EUR), Ok(Money::new(150, Currency::EUR)));
        let vnd = Currency::VND;
        assert_eq!(
            Rate::parse("27000").map(|r| r.convert(Money::new(27_000_000, vnd), Currency::EUR)),
            Some(Ok(Money::new(100_000, Currency::EUR)))
        );
    }

    #[test]
    fn each_method_converts_the_same_expense_its_own_way() -> Result<(), ConversionError> {
        let rates = vec![khr(1, "4400"), khr(2, "4500"), khr(3, "4600")];
        let receipts = vec![FundsReceipt {
            id: FundsReceiptId::new(),
            programme: ProgrammeId(uuid::Uuid::nil()),
            date: date(2026, 1, 15),
            sent: Money::new(1_000_000, Currency::EUR),
            received: riel(44_000_000),
            version: 1,
        }];
        let sources =
            RateSources { rates: &rates, receipts: &receipts, period: (date(2026, 1, 1), date(2026, 12, 31)) };
        let spent = riel(9_000_000);
        let on = date(2026, 2, 10);
        let monthly = convert(spent, on, Currency::EUR, ConversionMethod::MonthOfExpense, &sources)?;
        assert_eq!((monthly.converted, monthly.basis.as_str()), (Money::new(200_000, Currency::EUR), "2026-02"));
        let average = convert(spent, on, Currency::EUR, ConversionMethod::PeriodAverage, &sources)?;
        assert_eq!(average.rate, Rate(4_500_000_000), "(4400 + 4500 + 4600) / 3");
        assert_eq!(average.basis, "2026-01..2026-12 (3)");
        let accounting = convert(spent, on, Currency::EUR, ConversionMethod::AccountingRate, &sources)?;
        assert_eq!(accounting.converted, Money::new(204_545, Currency::EUR), "9,000,000 at 4400");
        assert_eq!(
            convert(spent, date(2026, 1, 10), Currency::EUR, ConversionMethod::AccountingRate, &sources),
            Err(ConversionError::NoReceipt { currency: spent.currency() }),
            "before any funds arrived"
        );
        assert!(matches!(
            convert(spent, date(2026, 4, 1), Currency::EUR, ConversionMethod::MonthOfExpense, &sources),
            Err(ConversionError::NoRate { .. })
        ));
        let euros = Money::new(1234, Currency::EUR);
        assert_eq!(convert(euros, on, Currency::EUR, ConversionMethod::PeriodAverage, &sources)?.converted, euros);
        Ok(())
    }

    #[test]
    fn months_are_read_strictly() {
        assert_eq!(Month::parse("2026-03").map(|m| m.to_string()), Some("2026-03".into()));
        for bad in ["2026-3", "2026-13", "1899-12", "march"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }
}
