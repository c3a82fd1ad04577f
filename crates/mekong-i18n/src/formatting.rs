//! Numbers, amounts of money and dates as each language writes them, from CLDR data compiled
//! into the binary.

use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{M, YMD, YMDT};
use icu_datetime::input::{Date, DateTime, Time};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale::{Locale, locale};
use mekong_core::Lang;
use mekong_core::money::Money;
use std::sync::LazyLock;

fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::Fr => locale!("fr"),
        Lang::En => locale!("en"),
        Lang::Km => locale!("km"),
        Lang::Lo => locale!("lo"),
        Lang::Vi => locale!("vi"),
    }
}

/// Formatters are built once per language and kept: building one for every number written cost
/// more than writing it.
struct PerLang<T>([Option<T>; Lang::ALL.len()]);

impl<T> PerLang<T> {
    fn build(make: impl Fn(Locale) -> Option<T>) -> Self {
        Self(Lang::ALL.map(|lang| make(locale(lang))))
    }

    fn get(&self, lang: Lang) -> Option<&T> {
        Lang::ALL.iter().position(|l| *l == lang).and_then(|i| self.0[i].as_ref())
    }
}

fn decimal_formatter(lang: Lang) -> Option<&'static DecimalFormatter> {
    static FORMATTERS: LazyLock<PerLang<DecimalFormatter>> =
        LazyLock::new(|| PerLang::build(|locale| DecimalFormatter::try_new(locale.into(), Default::default()).ok()));
    let formatter = FORMATTERS.get(lang);
    if formatter.is_none() {
        tracing::warn!(%lang, "no number format data");
    }
    formatter
}

/// A whole number with the language's grouping (`2 281 951` in French, `2,281,951` in English).
pub fn format_number(lang: Lang, value: i64) -> String {
    match decimal_formatter(lang) {
        Some(formatter) => formatter.format(&Decimal::from(value)).to_string(),
        None => value.to_string(),
    }
}

/// A decimal number rounded to `fraction_digits` places (`11,5694` in French, `11.5694` in English).
pub fn format_decimal(lang: Lang, value: f64, fraction_digits: u8) -> String {
    let scale = 10_f64.powi(i32::from(fraction_digits));
    #[expect(clippy::cast_possible_truncation, reason = "rounded first; coordinates and ratios are small")]
    let scaled = (value * scale).round() as i64;
    let mut decimal = Decimal::from(scaled);
    decimal.multiply_pow10(-i16::from(fraction_digits));
    match decimal_formatter(lang) {
        Some(formatter) => formatter.format(&decimal).to_string(),
        None => decimal.to_string(),
    }
}

/// An amount with its currency's decimals and the language's marks, then the currency's code
/// (`1 234,56 EUR` in French, `1,234.56 EUR` in English, `1.250.000 VND` in Vietnamese): the code
/// rather than a symbol, since `$` or `₭` alone would not say which currency to readers across the
/// network. For readers only; forms and exports use [`Money::plain`].
pub fn format_money(lang: Lang, money: Money) -> String {
    let mut decimal = Decimal::from(money.amount_minor());
    decimal.multiply_pow10(-i16::from(money.currency().minor_units()));
    let number = match decimal_formatter(lang) {
        Some(formatter) => formatter.format(&decimal).to_string(),
        None => money.plain(),
    };
    format!("{number}\u{a0}{}", money.currency())
}

/// A calendar date in the language's long form (`30 novembre 2026`, `30 November 2026`).
pub fn format_date(lang: Lang, date: jiff::civil::Date) -> String {
    let formatted = Date::try_new_iso(i32::from(date.year()), date.month().unsigned_abs(), date.day().unsigned_abs())
        .ok()
        .and_then(|iso| {
            static FORMATTERS: LazyLock<PerLang<DateTimeFormatter<YMD>>> =
                LazyLock::new(|| PerLang::build(|locale| DateTimeFormatter::try_new(locale.into(), YMD::long()).ok()));
            Some(FORMATTERS.get(lang)?.format(&iso).to_string())
        });
    formatted.unwrap_or_else(|| date.to_string())
}

/// The twelve months' short names as the language writes them on a calendar's header
/// (`janv.`, `Jan`, `thg 1`...), for timelines; CLDR's standalone forms, so no day is implied.
pub fn month_names(lang: Lang) -> [String; 12] {
    let formatter = DateTimeFormatter::try_new(locale(lang).into(), M::medium()).ok();
    std::array::from_fn(|i| {
        let month = u8::try_from(i + 1).unwrap_or(1);
        formatter
            .as_ref()
            .zip(Date::try_new_iso(2026, month, 1).ok())
            .map(|(formatter, date)| formatter.format(&date).to_string())
            .unwrap_or_else(|| month.to_string())
    })
}

/// An instant as wall-clock time in `time_zone` (`30 nov. 2026, 09:00`); an unknown zone reads as UTC.
pub fn format_instant(lang: Lang, instant: jiff::Timestamp, time_zone: &str) -> String {
    let zone = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let local = zone.to_datetime(instant);
    let formatted =
        Date::try_new_iso(i32::from(local.year()), local.month().unsigned_abs(), local.day().unsigned_abs())
            .ok()
            .zip(Time::try_new(local.hour().unsigned_abs(), local.minute().unsigned_abs(), 0, 0).ok())
            .and_then(|(date, time)| {
                static FORMATTERS: LazyLock<PerLang<DateTimeFormatter<YMDT>>> = LazyLock::new(|| {
                    PerLang::build(|locale| {
                        DateTimeFormatter::try_new(locale.into(), YMD::medium().with_time_hm()).ok()
                    })
                });
                Some(FORMATTERS.get(lang)?.format(&DateTime { date, time }).to_string())
            });
    formatted.unwrap_or_else(|| local.strftime("%Y-%m-%d %H:%M").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mekong_core::money::{Currency, number_marks};
    use proptest::prelude::*;

    #[test]
    fn numbers_follow_each_language() {
        assert_eq!(format_number(Lang::En, 2_281_951), "2,281,951");
        assert_eq!(format_number(Lang::Fr, 2_281_951), "2\u{202f}281\u{202f}951");
        assert_eq!(format_number(Lang::Vi, 2_281_951), "2.281.951");
    }

    #[test]
    fn months_are_named_in_each_language() {
        assert_eq!(month_names(Lang::En)[0], "Jan");
        assert!(month_names(Lang::Fr)[0].starts_with("janv"), "{:?}", month_names(Lang::Fr));
        for lang in Lang::ALL {
            let names = month_names(lang);
            assert!(names.iter().all(|n| !n.is_empty() && n != "1"), "{lang}: {names:?}");
            println!("{lang}: {names:?}");
        }
    }

    #[test]
    fn decimals_keep_their_places() {
        assert_eq!(format_decimal(Lang::En, 11.5694, 4), "11.5694");
        assert_eq!(format_decimal(Lang::Fr, 104.9211, 4), "104,9211");
        assert_eq!(format_decimal(Lang::En, 13.1, 4), "13.1000");
    }

    fn money(minor: i64, code: &str) -> Money {
        Money::new(minor, Currency::parse(code).unwrap_or(Currency::EUR))
    }

    #[test]
    fn money_follows_the_currency_and_the_language() {
        assert_eq!(format_money(Lang::Fr, money(123_456, "EUR")), "1\u{202f}234,56\u{a0}EUR");
        assert_eq!(format_money(Lang::En, money(123_456, "EUR")), "1,234.56\u{a0}EUR");
        assert_eq!(format_money(Lang::Vi, money(1_250_000, "VND")), "1.250.000\u{a0}VND");
        assert_eq!(format_money(Lang::En, money(3_000, "JPY")), "3,000\u{a0}JPY");
        assert_eq!(format_money(Lang::En, money(5, "USD")), "0.05\u{a0}USD");
        assert_eq!(format_money(Lang::Fr, money(12_500, "EUR")), "125,00\u{a0}EUR");
    }

    #[test]
    fn the_marks_money_reads_are_those_icu_writes() {
        for lang in Lang::ALL {
            let (decimal, group) = number_marks(lang);
            let written = format_money(lang, money(123_456_789, "EUR"));
            let expected: String = format!("1{group}234{group}567{decimal}89\u{a0}EUR");
            assert_eq!(written, expected, "{lang}");
        }
    }

    /// The digits of `text` in the script starting at `zero` (Khmer ០, Lao ໐).
    fn in_digits(text: &str, zero: u32) -> String {
        text.chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(zero + d)).unwrap_or(c)).collect()
    }

    proptest! {
        #[test]
        fn written_money_reads_back_in_every_language_and_script(
            minor in 0..=Money::MAX_MINOR,
            currency in proptest::sample::select(Currency::all()),
            lang in proptest::sample::select(Lang::ALL.to_vec()),
            zero in proptest::sample::select(vec![0x30_u32, 0x17e0, 0x0ed0]),
        ) {
            let money = Money::new(minor, currency);
            let written = in_digits(&format_money(lang, money), zero);
            prop_assert_eq!(Money::parse(&written, currency, lang), Ok(money), "{}", written);
        }
    }

    #[test]
    fn instants_are_shown_in_the_readers_zone() {
        let instant: jiff::Timestamp = "2026-11-30T02:00:00Z".parse().unwrap_or_default();
        let phnom_penh = format_instant(Lang::En, instant, "Asia/Phnom_Penh");
        assert!(phnom_penh.contains("9:00"), "{phnom_penh}");
        let paris = format_instant(Lang::Fr, instant, "Europe/Paris");
        assert!(paris.contains("03:00") && paris.contains("2026"), "{paris}");
    }

    #[test]
    fn dates_follow_each_language() {
        let date = jiff::civil::date(2019, 12, 2);
        assert_eq!(format_date(Lang::En, date), "December 2, 2019");
        assert_eq!(format_date(Lang::Fr, date), "2 décembre 2019");
        for lang in Lang::ALL {
            assert!(format_date(lang, date).contains("2019"), "{lang}");
        }
    }
}
