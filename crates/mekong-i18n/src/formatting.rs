//! Numbers and dates as each language writes them, from CLDR data compiled into the binary.

use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_datetime::input::{Date, DateTime, Time};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale::{Locale, locale};
use mekong_core::Lang;

fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::Fr => locale!("fr"),
        Lang::En => locale!("en"),
        Lang::Km => locale!("km"),
        Lang::Lo => locale!("lo"),
        Lang::Vi => locale!("vi"),
    }
}

/// A whole number with the language's grouping (`2 281 951` in French, `2,281,951` in English).
pub fn format_number(lang: Lang, value: i64) -> String {
    match DecimalFormatter::try_new(locale(lang).into(), Default::default()) {
        Ok(formatter) => formatter.format(&Decimal::from(value)).to_string(),
        Err(error) => {
            tracing::warn!(%lang, ?error, "no number format data");
            value.to_string()
        }
    }
}

/// A decimal number rounded to `fraction_digits` places (`11,5694` in French, `11.5694` in English).
pub fn format_decimal(lang: Lang, value: f64, fraction_digits: u8) -> String {
    let scale = 10_f64.powi(i32::from(fraction_digits));
    #[expect(clippy::cast_possible_truncation, reason = "rounded first; coordinates and ratios are small")]
    let scaled = (value * scale).round() as i64;
    let mut decimal = Decimal::from(scaled);
    decimal.multiply_pow10(-i16::from(fraction_digits));
    match DecimalFormatter::try_new(locale(lang).into(), Default::default()) {
        Ok(formatter) => formatter.format(&decimal).to_string(),
        Err(_) => decimal.to_string(),
    }
}

/// A calendar date in the language's long form (`30 novembre 2026`, `30 November 2026`).
pub fn format_date(lang: Lang, date: jiff::civil::Date) -> String {
    let formatted = Date::try_new_iso(i32::from(date.year()), date.month().unsigned_abs(), date.day().unsigned_abs())
        .ok()
        .and_then(|iso| {
            let formatter = DateTimeFormatter::try_new(locale(lang).into(), YMD::long()).ok()?;
            Some(formatter.format(&iso).to_string())
        });
    formatted.unwrap_or_else(|| date.to_string())
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
                let formatter = DateTimeFormatter::try_new(locale(lang).into(), YMD::medium().with_time_hm()).ok()?;
                Some(formatter.format(&DateTime { date, time }).to_string())
            });
    formatted.unwrap_or_else(|| local.strftime("%Y-%m-%d %H:%M").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_each_language() {
        assert_eq!(format_number(Lang::En, 2_281_951), "2,281,951");
        assert_eq!(format_number(Lang::Fr, 2_281_951), "2\u{202f}281\u{202f}951");
        assert_eq!(format_number(Lang::Vi, 2_281_951), "2.281.951");
    }

    #[test]
    fn decimals_keep_their_places() {
        assert_eq!(format_decimal(Lang::En, 11.5694, 4), "11.5694");
        assert_eq!(format_decimal(Lang::Fr, 104.9211, 4), "104,9211");
        assert_eq!(format_decimal(Lang::En, 13.1, 4), "13.1000");
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
