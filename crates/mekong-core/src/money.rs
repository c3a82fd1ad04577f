//! Money: an integer amount in a currency's minor units with the ISO 4217 currency that says how
//! many minor units it has; read from what a person types in their language, written back plainly.
//!
//! How an amount typed by a reader is read (`Money::parse`):
//! - digits may be ASCII, Khmer (០–៩) or Lao (໐–໙); spaces (also the no-break and the narrow
//!   no-break space) only group thousands; the currency's code may stand before or after;
//! - `.` and `,`: when both appear, the last one marks the decimals and the other groups
//!   (`1.234,56`, `1,234.56`); when one appears more than once, it groups (`1.250.000`);
//!   when one appears once with other than three digits after it, it marks the decimals
//!   (`125.50`, `125,5`): no currency here has three decimals, so it cannot be grouping;
//! - one mark with exactly three digits after it (`1.234`) is read as the reader's language
//!   writes it: the language's grouping mark groups (`1.234` in Vietnamese is 1234), its decimal
//!   mark marks decimals (`1.234` in English has too many decimals for any currency here), and a
//!   mark the language uses for neither (`.` in French) is refused as ambiguous;
//! - groups are of three digits; more decimals than the currency has are refused (VND has none,
//!   so `12,5` VND is an error, never rounded); so are amounts above [`Money::MAX_MINOR`].

use crate::Lang;
use crate::validation::FieldErrors;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An ISO 4217 currency and the number of its minor units (decimals).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    minor_units: u8,
}

const fn currency(code: &'static str, minor_units: u8) -> Currency {
    Currency { code, minor_units }
}

/// The ISO 4217 currencies in circulation, sorted by code. Left out: funds and metals (`XAU`,
/// `XDR`...), which no one pays a fare in, and the dinars and rials with three decimals (`KWD`,
/// `TND`...), with which `1.250` would mean different amounts to different readers; adding them
/// needs a reading rule for three decimals first.
#[rustfmt::skip] // five to a line: one per line would make the table six screens long
const ISO_4217: &[Currency] = &[
    currency("AED", 2), currency("AFN", 2), currency("ALL", 2), currency("AMD", 2), currency("ANG", 2),
    currency("AOA", 2), currency("ARS", 2), currency("AUD", 2), currency("AWG", 2), currency("AZN", 2),
    currency("BAM", 2), currency("BBD", 2), currency("BDT", 2), currency("BGN", 2), currency("BIF", 0),
    currency("BMD", 2), currency("BND", 2), currency("BOB", 2), currency("BRL", 2), currency("BSD", 2),
    currency("BTN", 2), currency("BWP", 2), currency("BYN", 2), currency("BZD", 2), currency("CAD", 2),
    currency("CDF", 2), currency("CHF", 2), currency("CLP", 0), currency("CNY", 2), currency("COP", 2),
    currency("CRC", 2), currency("CUP", 2), currency("CVE", 2), currency("CZK", 2), currency("DJF", 0),
    currency("DKK", 2), currency("DOP", 2), currency("DZD", 2), currency("EGP", 2), currency("ERN", 2),
    currency("ETB", 2), currency("EUR", 2), currency("FJD", 2), currency("FKP", 2), currency("GBP", 2),
    currency("GEL", 2), currency("GHS", 2), currency("GIP", 2), currency("GMD", 2), currency("GNF", 0),
    currency("GTQ", 2), currency("GYD", 2), currency("HKD", 2), currency("HNL", 2), currency("HTG", 2),
    currency("HUF", 2), currency("IDR", 2), currency("ILS", 2), currency("INR", 2), currency("IRR", 2),
    currency("ISK", 0), currency("JMD", 2), currency("JPY", 0), currency("KES", 2), currency("KGS", 2),
    currency("KHR", 2), currency("KMF", 0), currency("KPW", 2), currency("KRW", 0), currency("KYD", 2),
    currency("KZT", 2), currency("LAK", 2), currency("LBP", 2), currency("LKR", 2), currency("LRD", 2),
    currency("LSL", 2), currency("MAD", 2), currency("MDL", 2), currency("MGA", 2), currency("MKD", 2),
    currency("MMK", 2), currency("MNT", 2), currency("MOP", 2), currency("MRU", 2), currency("MUR", 2),
    currency("MVR", 2), currency("MWK", 2), currency("MXN", 2), currency("MYR", 2), currency("MZN", 2),
    currency("NAD", 2), currency("NGN", 2), currency("NIO", 2), currency("NOK", 2), currency("NPR", 2),
    currency("NZD", 2), currency("PAB", 2), currency("PEN", 2), currency("PGK", 2), currency("PHP", 2),
    currency("PKR", 2), currency("PLN", 2), currency("PYG", 0), currency("QAR", 2), currency("RON", 2),
    currency("RSD", 2), currency("RUB", 2), currency("RWF", 0), currency("SAR", 2), currency("SBD", 2),
    currency("SCR", 2), currency("SDG", 2), currency("SEK", 2), currency("SGD", 2), currency("SHP", 2),
    currency("SLE", 2), currency("SOS", 2), currency("SRD", 2), currency("SSP", 2), currency("STN", 2),
    currency("SVC", 2), currency("SYP", 2), currency("SZL", 2), currency("THB", 2), currency("TJS", 2),
    currency("TMT", 2), currency("TOP", 2), currency("TRY", 2), currency("TTD", 2), currency("TWD", 2),
    currency("TZS", 2), currency("UAH", 2), currency("UGX", 0), currency("USD", 2), currency("UYU", 2),
    currency("UZS", 2), currency("VES", 2), currency("VND", 0), currency("VUV", 0), currency("WST", 2),
    currency("XAF", 0), currency("XCD", 2), currency("XCG", 2), currency("XOF", 0), currency("XPF", 0),
    currency("YER", 2), currency("ZAR", 2), currency("ZMW", 2), currency("ZWG", 2),
];

impl Currency {
    pub const EUR: Currency = currency("EUR", 2);
    pub const USD: Currency = currency("USD", 2);
    pub const KHR: Currency = currency("KHR", 2);
    pub const LAK: Currency = currency("LAK", 2);
    pub const VND: Currency = currency("VND", 0);
    pub const THB: Currency = currency("THB", 2);
    pub const JPY: Currency = currency("JPY", 0);

    /// The currencies the network meets most (its funder's, the member countries' and the
    /// dollar), offered first wherever a currency is chosen.
    pub const USUAL: [Currency; 6] =
        [Currency::EUR, Currency::USD, Currency::KHR, Currency::LAK, Currency::VND, Currency::THB];

    /// Every currency an amount may be in.
    pub fn all() -> &'static [Currency] {
        ISO_4217
    }

    /// Reads an ISO 4217 code (`EUR`, `vnd`); codes outside the table are refused.
    pub fn parse(code: &str) -> Result<Currency, MoneyParseError> {
        let code = code.trim().to_ascii_uppercase();
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(MoneyParseError::NotACurrency);
        }
        ISO_4217
            .binary_search_by(|known| known.code.cmp(code.as_str()))
            .ok()
            .and_then(|index| ISO_4217.get(index).copied())
            .ok_or(MoneyParseError::UnknownCurrency)
    }

    pub fn code(self) -> &'static str {
        self.code
    }

    /// How many decimals its amounts have: 2 for EUR, 0 for VND.
    pub fn minor_units(self) -> u8 {
        self.minor_units
    }

    /// One major unit in minor units: 100 for EUR, 1 for VND.
    fn scale(self) -> i64 {
        10_i64.pow(u32::from(self.minor_units))
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::parse(&code).map_err(|_| serde::de::Error::custom(format!("unknown currency {code:?}")))
    }
}

/// An amount of money: whole minor units of its currency (cents of a euro, dong).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    amount_minor: i64,
    currency: Currency,
}

/// Why two amounts cannot be added or multiplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{0} and {1} cannot be added without a conversion")]
    MixedCurrencies(Currency, Currency),
    #[error("the amount is too large to compute")]
    Overflow,
}

/// Why typed text is not an amount; each has the message key that tells the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyParseError {
    #[error("no amount")]
    Empty,
    #[error("not an amount")]
    NotAnAmount,
    #[error("decimals in a currency that has none")]
    NoDecimals,
    #[error("more decimals than the currency has")]
    TooManyDecimals,
    #[error("a mark that could group thousands or mark decimals")]
    Ambiguous,
    #[error("the amount is too large")]
    TooLarge,
    #[error("not a three-letter currency code")]
    NotACurrency,
    #[error("not an ISO 4217 currency")]
    UnknownCurrency,
}

impl MoneyParseError {
    /// The message key of the error shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            MoneyParseError::Empty => "error-required",
            MoneyParseError::NotAnAmount => "error-amount",
            MoneyParseError::NoDecimals => "error-amount-no-decimals",
            MoneyParseError::TooManyDecimals => "error-amount-decimals",
            MoneyParseError::Ambiguous => "error-amount-ambiguous",
            MoneyParseError::TooLarge => "error-amount-too-large",
            MoneyParseError::NotACurrency => "error-currency",
            MoneyParseError::UnknownCurrency => "error-currency-unknown",
        }
    }
}

impl Money {
    /// The largest amount read from text, in minor units: fifteen digits, so that every amount
    /// stays exact as a JSON number in any client (2^53 is above it) and a sum of thousands of
    /// them still fits in 64 bits.
    pub const MAX_MINOR: i64 = 999_999_999_999_999;

    pub fn new(amount_minor: i64, currency: Currency) -> Money {
        Money { amount_minor, currency }
    }

    pub fn zero(currency: Currency) -> Money {
        Money::new(0, currency)
    }

    pub fn amount_minor(self) -> i64 {
        self.amount_minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    pub fn is_zero(self) -> bool {
        self.amount_minor == 0
    }

    /// The sum, refused when the currencies differ or it overflows.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::MixedCurrencies(self.currency, other.currency));
        }
        let amount = self.amount_minor.checked_add(other.amount_minor).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// The amount `times` times over (a daily rate for some nights), refused when it overflows.
    pub fn checked_mul(self, times: i64) -> Result<Money, MoneyError> {
        let amount = self.amount_minor.checked_mul(times).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// The plain machine form for forms and exports, whatever the reader's language: `125.50`,
    /// `125000` for VND. Every language reads it back (see the module's rules).
    pub fn plain(self) -> String {
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let (units, fraction) = self.units_and_fraction();
        match self.currency.minor_units {
            0 => format!("{sign}{units}"),
            places => format!("{sign}{units}.{fraction:0width$}", width = usize::from(places)),
        }
    }

    /// The whole units and the minor units, both without sign.
    fn units_and_fraction(self) -> (u64, u64) {
        let scale = self.currency.scale().unsigned_abs();
        let magnitude = self.amount_minor.unsigned_abs();
        (magnitude / scale, magnitude % scale)
    }

    /// Reads an amount of `currency` typed by a reader of `lang` (see the module's rules).
    pub fn parse(text: &str, currency: Currency, lang: Lang) -> Result<Money, MoneyParseError> {
        let digits = without_currency_code(&ascii_digits(text), currency);
        if digits.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        let (units, decimals) = split_decimals(&digits, lang)?;
        match currency.minor_units {
            0 if !decimals.is_empty() => return Err(MoneyParseError::NoDecimals),
            places if decimals.len() > usize::from(places) => return Err(MoneyParseError::TooManyDecimals),
            _ => {}
        }
        let amount_minor = minor_units(&units, &decimals, currency)?;
        Ok(Money::new(amount_minor, currency))
    }
}

impl fmt::Display for Money {
    /// The plain form with its code (`125.50 EUR`): for logs and exports, not for readers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.plain(), self.currency)
    }
}

/// Reads a form's currency field, noting the problem against `field`.
pub fn parse_currency_field(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<Currency> {
    Currency::parse(raw).map_err(|error| errors.add(field, error.message_key())).ok()
}

/// Reads a form's amount field typed by a reader of `lang`, noting the problem against `field`.
pub fn parse_money_field(
    raw: &str,
    currency: Currency,
    lang: Lang,
    field: &str,
    errors: &mut FieldErrors,
) -> Option<Money> {
    Money::parse(raw, currency, lang).map_err(|error| errors.add(field, error.message_key())).ok()
}

/// Sums amounts of one currency; an amount in another is refused, never silently added.
pub fn sum(currency: Currency, amounts: impl IntoIterator<Item = Money>) -> Result<Money, MoneyError> {
    amounts.into_iter().try_fold(Money::zero(currency), Money::checked_add)
}

/// The decimal mark and the thousands grouping mark of each language, as CLDR writes numbers
/// (mekong-i18n checks them against its ICU data).
pub fn number_marks(lang: Lang) -> (char, char) {
    match lang {
        Lang::En | Lang::Km => ('.', ','),
        Lang::Fr => (',', '\u{202f}'),
        Lang::Lo | Lang::Vi => (',', '.'),
    }
}

/// Spaces that only ever group thousands: the ordinary, the no-break and the narrow no-break
/// (French), and the thin space.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// The text with Khmer and Lao digits as ASCII digits, trimmed.
fn ascii_digits(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '\u{17e0}'..='\u{17e9}' => char::from_digit(u32::from(c) - 0x17e0, 10).unwrap_or(c),
            '\u{0ed0}'..='\u{0ed9}' => char::from_digit(u32::from(c) - 0x0ed0, 10).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// The text without the currency's own code before or after the number (`125.50 EUR`).
fn without_currency_code(text: &str, currency: Currency) -> String {
    let upper = text.to_ascii_uppercase();
    let stripped = upper.strip_suffix(currency.code).or_else(|| upper.strip_prefix(currency.code)).unwrap_or(&upper);
    stripped.trim_matches(is_group_space).to_owned()
}

/// Splits the typed number into its whole-unit digits and its decimal digits, checking that
/// grouping marks separate groups of three.
fn split_decimals(text: &str, lang: Lang) -> Result<(String, String), MoneyParseError> {
    if !text.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c)) {
        return Err(MoneyParseError::NotAnAmount);
    }
    let decimal_at = decimal_mark_position(text, lang)?;
    let (whole, decimals) = match decimal_at {
        Some(at) => (text.get(..at).unwrap_or_default(), text.get(at + 1..).unwrap_or_default()),
        None => (text, ""),
    };
    if !decimals.bytes().all(|b| b.is_ascii_digit()) || whole.is_empty() && decimals.is_empty() {
        return Err(MoneyParseError::NotAnAmount);
    }
    Ok((grouped_digits(whole)?, decimals.to_owned()))
}

/// Where the decimal mark is, if there is one (byte index), by the rules of the module.
fn decimal_mark_position(text: &str, lang: Lang) -> Result<Option<usize>, MoneyParseError> {
    let marks: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| *c == '.' || *c == ',').collect();
    let Some(&(last_at, last)) = marks.last() else {
        return Ok(None);
    };
    let same_as_last = marks.iter().filter(|(_, c)| *c == last).count();
    if same_as_last > 1 {
        // Repeated, it groups; a decimal mark after it would have been the last mark.
        return Ok(None);
    }
    if marks.len() > 1 {
        return Ok(Some(last_at));
    }
    let digits_after = text.get(last_at + 1..).map_or(0, |rest| rest.chars().count());
    if digits_after != 3 {
        return Ok(Some(last_at));
    }
    let (decimal, group) = number_marks(lang);
    match last {
        mark if mark == group => Ok(None),
        mark if mark == decimal => Ok(Some(last_at)),
        _ => Err(MoneyParseError::Ambiguous),
    }
}

/// The digits of the whole units, once checked that any grouping separates groups of three
/// after a first group of one to three digits.
fn grouped_digits(whole: &str) -> Result<String, MoneyParseError> {
    let groups: Vec<&str> = whole.split(|c: char| c == '.' || c == ',' || is_group_space(c)).collect();
    let well_grouped = match groups.split_first() {
        Some((first, rest)) if !rest.is_empty() => {
            (1..=3).contains(&first.len()) && rest.iter().all(|group| group.len() == 3)
        }
        _ => true,
    };
    if !well_grouped {
        return Err(MoneyParseError::NotAnAmount);
    }
    Ok(groups.concat())
}

/// The amount in minor units from its digits, refused above [`Money::MAX_MINOR`].
fn minor_units(units: &str, decimals: &str, currency: Currency) -> Result<i64, MoneyParseError> {
    let padded = format!("{decimals:0<width$}", width = usize::from(currency.minor_units));
    let digits = format!("{units}{padded}");
    let significant = digits.trim_start_matches('0');
    if significant.len() > 15 {
        return Err(MoneyParseError::TooLarge);
    }
    let amount: i64 =
        if significant.is_empty() { 0 } else { significant.parse().map_err(|_| MoneyParseError::NotAnAmount)? };
    if amount > Money::MAX_MINOR {
        return Err(MoneyParseError::TooLarge);
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    fn parse(text: &str, currency: Currency, lang: Lang) -> Result<i64, MoneyParseError> {
        Money::parse(text, currency, lang).map(Money::amount_minor)
    }

    #[test]
    fn the_table_is_sorted_unique_and_has_no_three_decimal_currency() {
        assert!(ISO_4217.windows(2).all(|pair| matches!(pair, [a, b] if a.code < b.code)));
        assert!(ISO_4217.iter().all(|c| c.minor_units == 0 || c.minor_units == 2));
        for usual in Currency::USUAL {
            assert_eq!(Currency::parse(usual.code()), Ok(usual));
        }
    }

    #[test]
    fn currencies_know_their_minor_units() {
        assert_eq!(Currency::parse("vnd").map(Currency::minor_units), Ok(0));
        assert_eq!(Currency::parse("JPY").map(Currency::minor_units), Ok(0));
        assert_eq!(Currency::parse(" EUR ").map(Currency::minor_units), Ok(2));
        assert_eq!(Currency::parse("KHR").map(Currency::minor_units), Ok(2));
        assert_eq!(Currency::parse("LAK").map(Currency::minor_units), Ok(2));
        assert_eq!(Currency::parse("ABC"), Err(MoneyParseError::UnknownCurrency));
        assert_eq!(Currency::parse("KWD"), Err(MoneyParseError::UnknownCurrency));
        assert_eq!(Currency::parse("EURO"), Err(MoneyParseError::NotACurrency));
        assert_eq!(Currency::parse(""), Err(MoneyParseError::NotACurrency));
    }

    #[test]
    fn currencies_are_stored_as_their_code() {
        assert_eq!(serde_json::to_string(&Currency::VND).ok().as_deref(), Some("\"VND\""));
        assert_eq!(serde_json::from_str::<Currency>("\"EUR\"").ok(), Some(Currency::EUR));
        assert!(serde_json::from_str::<Currency>("\"XYZ\"").is_err());
        let money = serde_json::to_string(&eur(12_550)).unwrap_or_default();
        assert_eq!(money, r#"{"amount_minor":12550,"currency":"EUR"}"#);
        assert_eq!(serde_json::from_str::<Money>(&money).ok(), Some(eur(12_550)));
    }

    #[test]
    fn vnd_and_jpy_have_no_decimals() {
        assert_eq!(parse("1250000", Currency::VND, Lang::Vi), Ok(1_250_000));
        assert_eq!(parse("1.250.000", Currency::VND, Lang::Fr), Ok(1_250_000));
        assert_eq!(parse("1.250.000", Currency::VND, Lang::Vi), Ok(1_250_000));
        assert_eq!(parse("1,250,000", Currency::VND, Lang::En), Ok(1_250_000));
        assert_eq!(parse("1 250 000", Currency::VND, Lang::Fr), Ok(1_250_000));
        assert_eq!(parse("12.500", Currency::VND, Lang::Vi), Ok(12_500));
        assert_eq!(parse("12,5", Currency::VND, Lang::Vi), Err(MoneyParseError::NoDecimals));
        assert_eq!(parse("12.5", Currency::VND, Lang::En), Err(MoneyParseError::NoDecimals));
        assert_eq!(parse("12,50", Currency::JPY, Lang::Fr), Err(MoneyParseError::NoDecimals));
        assert_eq!(parse("3000", Currency::JPY, Lang::En), Ok(3000));
        assert_eq!(Money::new(1_250_000, Currency::VND).plain(), "1250000");
        assert_eq!(Money::new(3000, Currency::JPY).plain(), "3000");
    }

    #[test]
    fn two_decimal_amounts_in_each_language() {
        assert_eq!(parse("125.50", Currency::EUR, Lang::En), Ok(12_550));
        assert_eq!(parse("125,5", Currency::EUR, Lang::Fr), Ok(12_550));
        assert_eq!(parse("125.50", Currency::EUR, Lang::Fr), Ok(12_550));
        assert_eq!(parse("125.50", Currency::EUR, Lang::Vi), Ok(12_550));
        assert_eq!(parse("1\u{202f}234,56", Currency::EUR, Lang::Fr), Ok(123_456));
        assert_eq!(parse("1\u{a0}234,56", Currency::EUR, Lang::Fr), Ok(123_456));
        assert_eq!(parse("1 234,56", Currency::EUR, Lang::Fr), Ok(123_456));
        assert_eq!(parse("1,234.56", Currency::EUR, Lang::En), Ok(123_456));
        assert_eq!(parse("1.234,56", Currency::EUR, Lang::Vi), Ok(123_456));
        assert_eq!(parse("1,234.56", Currency::EUR, Lang::Km), Ok(123_456));
        assert_eq!(parse("1.234,56", Currency::EUR, Lang::Lo), Ok(123_456));
        assert_eq!(parse("7", Currency::EUR, Lang::En), Ok(700));
        assert_eq!(parse(".5", Currency::EUR, Lang::En), Ok(50));
        assert_eq!(parse("125.50 EUR", Currency::EUR, Lang::En), Ok(12_550));
        assert_eq!(parse("eur 125.50", Currency::EUR, Lang::En), Ok(12_550));
        assert_eq!(eur(12_550).plain(), "125.50");
        assert_eq!(eur(5).plain(), "0.05");
        assert_eq!(eur(-105).plain(), "-1.05");
        assert_eq!(eur(12_550).to_string(), "125.50 EUR");
    }

    #[test]
    fn khmer_and_lao_digits_are_read() {
        assert_eq!(parse("១២៥.៥០", Currency::KHR, Lang::Km), Ok(12_550));
        assert_eq!(parse("១,២៥០,០០០", Currency::KHR, Lang::Km), Ok(125_000_000));
        assert_eq!(parse("໑໒໕,໕໐", Currency::LAK, Lang::Lo), Ok(12_550));
        assert_eq!(parse("໑໒໕໐", Currency::EUR, Lang::Fr), Ok(125_000));
    }

    #[test]
    fn a_lone_mark_before_three_digits_follows_the_readers_language() {
        assert_eq!(parse("1.234", Currency::EUR, Lang::Fr), Err(MoneyParseError::Ambiguous));
        assert_eq!(parse("1.234", Currency::EUR, Lang::Vi), Ok(123_400));
        assert_eq!(parse("1,234", Currency::EUR, Lang::En), Ok(123_400));
        assert_eq!(parse("1.234", Currency::EUR, Lang::En), Err(MoneyParseError::TooManyDecimals));
        assert_eq!(parse("1,234", Currency::EUR, Lang::Fr), Err(MoneyParseError::TooManyDecimals));
    }

    #[test]
    fn what_is_not_an_amount_is_refused() {
        for text in ["abc", "12a", "-5", "1,2,3", "12,34.5.6", "1 23", "12 3456", "1..2", ",", ".", "1,23,456.00"] {
            assert_eq!(parse(text, Currency::EUR, Lang::En), Err(MoneyParseError::NotAnAmount), "{text}");
        }
        assert_eq!(parse("  ", Currency::EUR, Lang::En), Err(MoneyParseError::Empty));
        assert_eq!(parse("125 USD", Currency::EUR, Lang::En), Err(MoneyParseError::NotAnAmount));
        assert_eq!(parse("1.234.567", Currency::EUR, Lang::En), Ok(123_456_700));
    }

    #[test]
    fn amounts_beyond_the_bound_are_refused() {
        assert_eq!(parse("9999999999999.99", Currency::EUR, Lang::En), Ok(Money::MAX_MINOR));
        assert_eq!(parse("10000000000000", Currency::EUR, Lang::En), Err(MoneyParseError::TooLarge));
        assert_eq!(parse("999999999999999", Currency::VND, Lang::En), Ok(Money::MAX_MINOR));
        assert_eq!(parse("1000000000000000", Currency::VND, Lang::En), Err(MoneyParseError::TooLarge));
        assert_eq!(parse("99999999999999999999999999", Currency::VND, Lang::En), Err(MoneyParseError::TooLarge));
        assert_eq!(parse("000000000000000000000012", Currency::VND, Lang::En), Ok(12));
    }

    #[test]
    fn parse_errors_name_their_message() {
        assert_eq!(MoneyParseError::NoDecimals.message_key(), "error-amount-no-decimals");
        assert_eq!(MoneyParseError::TooManyDecimals.message_key(), "error-amount-decimals");
        assert_eq!(MoneyParseError::Ambiguous.message_key(), "error-amount-ambiguous");
    }

    #[test]
    fn sums_refuse_mixed_currencies_and_overflow() {
        assert_eq!(eur(100).checked_add(eur(250)), Ok(eur(350)));
        assert_eq!(
            eur(100).checked_add(Money::new(100, Currency::VND)),
            Err(MoneyError::MixedCurrencies(Currency::EUR, Currency::VND))
        );
        assert_eq!(eur(i64::MAX).checked_add(eur(1)), Err(MoneyError::Overflow));
        assert_eq!(eur(i64::MAX / 2).checked_mul(3), Err(MoneyError::Overflow));
        assert_eq!(eur(1_250).checked_mul(3), Ok(eur(3_750)));
        assert_eq!(sum(Currency::EUR, [eur(1), eur(2)]), Ok(eur(3)));
        assert_eq!(sum(Currency::VND, []), Ok(Money::zero(Currency::VND)));
    }

    fn any_currency() -> impl Strategy<Value = Currency> {
        proptest::sample::select(ISO_4217)
    }

    fn any_lang() -> impl Strategy<Value = Lang> {
        proptest::sample::select(Lang::ALL.to_vec())
    }

    /// The amount written the way a reader of `lang` writes it, grouped by thousands, in
    /// ASCII, Khmer or Lao digits (as `format_money` in mekong-i18n writes it, digits aside).
    fn written(money: Money, lang: Lang, digits: u32) -> String {
        let (decimal, group) = number_marks(lang);
        let (units, fraction) = money.units_and_fraction();
        let units = units.to_string();
        let mut text = String::new();
        for (index, digit) in units.chars().enumerate() {
            if index > 0 && (units.len() - index) % 3 == 0 {
                text.push(group);
            }
            text.push(digit);
        }
        if money.currency().minor_units() > 0 {
            text.push(decimal);
            text.push_str(&format!("{fraction:0width$}", width = usize::from(money.currency().minor_units())));
        }
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(digits + d).unwrap_or(c),
                None => c,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn plain_form_reads_back_in_every_language(
            minor in 0..=Money::MAX_MINOR, currency in any_currency(), lang in any_lang()
        ) {
            let money = Money::new(minor, currency);
            prop_assert_eq!(Money::parse(&money.plain(), currency, lang), Ok(money));
        }

        #[test]
        fn written_form_reads_back_in_every_language_and_script(
            minor in 0..=Money::MAX_MINOR,
            currency in any_currency(),
            lang in any_lang(),
            digits in proptest::sample::select(vec![0x30_u32, 0x17e0, 0x0ed0]),
        ) {
            let money = Money::new(minor, currency);
            let text = written(money, lang, digits);
            prop_assert_eq!(Money::parse(&text, currency, lang), Ok(money), "{}", text);
        }

        #[test]
        fn sums_never_mix_currencies(
            amounts in proptest::collection::vec((0..=Money::MAX_MINOR, any_currency()), 0..20),
            currency in any_currency(),
        ) {
            let amounts: Vec<Money> = amounts.into_iter().map(|(minor, c)| Money::new(minor, c)).collect();
            let result = sum(currency, amounts.iter().copied());
            if amounts.iter().all(|m| m.currency() == currency) {
                let expected: i128 = amounts.iter().map(|m| i128::from(m.amount_minor())).sum();
                prop_assert_eq!(result.map(|m| i128::from(m.amount_minor())), Ok(expected));
            } else {
                prop_assert!(matches!(result, Err(MoneyError::MixedCurrencies(..))));
            }
        }
    }
}
