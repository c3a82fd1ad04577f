//! Numbers as people type them, read by the rules of the reader's language: `1 234,5` in French,
//! `1,234.5` in English, `1.234,5` in Vietnamese and Lao. What could be read two ways under those
//! rules is refused rather than guessed: in French `1.234` may be 1234 or 1.234, and a figure
//! off by a thousand in a report to the funder is worse than a question to the person typing.

use crate::Lang;

/// Why a typed number was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number (letters, an exponent, misplaced separators, infinity).
    Invalid,
    /// A separator that could mark thousands or decimals in the reader's language.
    Ambiguous,
}

/// The decimal mark and the thousands mark of `lang` (spaces are read as thousands marks in
/// every language), as the interface itself writes numbers.
fn marks(lang: Lang) -> (char, char) {
    match lang {
        Lang::En | Lang::Km => ('.', ','),
        Lang::Vi | Lang::Lo => (',', '.'),
        // French groups with a (narrow) space; a dot means nothing of its own there.
        Lang::Fr => (',', ' '),
    }
}

/// Reads a decimal number typed by a reader of `lang`. A single mark followed by exactly three
/// digits is a thousands mark if the language groups with it, a decimal mark if the language
/// writes decimals with it, and ambiguous otherwise; any other single mark can only be decimals.
/// Several marks of one kind are thousands; a dot and a comma together are read in their order.
/// `-0` is 0.
pub fn parse_decimal(raw: &str, lang: Lang) -> Result<f64, NumberError> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let (negative, digits) = match compact.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, compact.strip_prefix('+').unwrap_or(&compact)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(NumberError::Invalid);
    }
    let (decimal, group) = marks(lang);
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    let (whole, fraction) = match (dots, commas) {
        (0, 0) => (digits.to_owned(), String::new()),
        (_, 0) | (0, _) => {
            let mark = if dots > 0 { '.' } else { ',' };
            let count = dots + commas;
            let (left, right) = digits.rsplit_once(mark).unwrap_or((digits, ""));
            let could_be_thousands = right.len() == 3 && grouped(left, mark);
            if count > 1 {
                if !could_be_thousands {
                    return Err(NumberError::Invalid);
                }
                (digits.replace(mark, ""), String::new())
            } else if could_be_thousands && !left.starts_with('0') {
                if mark == group {
                    (format!("{left}{right}"), String::new())
                } else if mark == decimal {
                    (left.to_owned(), right.to_owned())
                } else {
                    return Err(NumberError::Ambiguous);
                }
            } else {
                (left.to_owned(), right.to_owned())
            }
        }
        _ => {
            // Both marks: the last one written is the decimal mark, the other groups thousands.
            let last = digits.rfind(['.', ',']).unwrap_or(0);
            let mark = digits[last..].chars().next().unwrap_or('.');
            let other = if mark == '.' { ',' } else { '.' };
            let (left, right) = digits.split_at(last);
            let right = &right[1..];
            if right.contains(other) || left.contains(mark) || !grouped(left, other) {
                return Err(NumberError::Invalid);
            }
            (left.replace(other, ""), right.to_owned())
        }
    };
    if (whole.is_empty() && fraction.is_empty()) || fraction.contains(['.', ',']) {
        return Err(NumberError::Invalid);
    }
    let text = format!(
        "{}.{}",
        if whole.is_empty() { "0" } else { &whole },
        if fraction.is_empty() { "0" } else { &fraction }
    );
    let value: f64 = text.parse().map_err(|_| NumberError::Invalid)?;
    if !value.is_finite() {
        return Err(NumberError::Invalid);
    }
    // `-0` is stored as 0: a minus sign on nothing is not a value of its own.
    Ok(if value == 0.0 {
        0.0
    } else if negative {
        -value
    } else {
        value
    })
}

/// Whether `text` is digits grouped by threes with `mark` (`1.234.567`): one to three digits,
/// then groups of exactly three.
fn grouped(text: &str, mark: char) -> bool {
    let mut groups = text.split(mark);
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit()));
    first_ok && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// A number written for a form or a spreadsheet so that `parse_decimal` reads it back the same in
/// every language: a dot for decimals and no thousands mark; three decimals get a fourth digit
/// (`1.2340`), since `1.234` would be thousands in Vietnamese and ambiguous in French.
pub fn format_for_input(value: f64) -> String {
    let mut text = format!("{value}");
    if let Some((whole, fraction)) = text.split_once('.')
        && fraction.len() == 3
        && whole.trim_start_matches('-') != "0"
    {
        text.push('0');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_language_reads_its_own_marks() {
        assert_eq!(parse_decimal("1 234,5", Lang::Fr), Ok(1234.5));
        assert_eq!(parse_decimal("1\u{202f}234,5", Lang::Fr), Ok(1234.5));
        assert_eq!(parse_decimal("1,234.5", Lang::En), Ok(1234.5));
        assert_eq!(parse_decimal("1.234,5", Lang::Vi), Ok(1234.5));
        assert_eq!(parse_decimal("1.234.567", Lang::Lo), Ok(1_234_567.0));
        assert_eq!(parse_decimal("12,5", Lang::Fr), Ok(12.5));
        assert_eq!(parse_decimal("12.5", Lang::Fr), Ok(12.5), "a dot before one digit can only be decimals");
        assert_eq!(parse_decimal("0,250", Lang::En), Ok(0.25), "thousands never start with 0");
    }

    /// The report: `1,234` was stored as 1.234 whatever the reader's language.
    #[test]
    fn one_two_three_four_with_a_comma_follows_the_language_or_is_refused() {
        assert_eq!(parse_decimal("1,234", Lang::En), Ok(1234.0));
        assert_eq!(parse_decimal("1,234", Lang::Km), Ok(1234.0));
        assert_eq!(parse_decimal("1,234", Lang::Fr), Ok(1.234));
        assert_eq!(parse_decimal("1,234", Lang::Vi), Ok(1.234));
        assert_eq!(parse_decimal("1.234", Lang::Vi), Ok(1234.0));
        assert_eq!(parse_decimal("1.234", Lang::En), Ok(1.234));
        assert_eq!(parse_decimal("1.234", Lang::Fr), Err(NumberError::Ambiguous));
    }

    #[test]
    fn exponents_infinities_and_stray_marks_are_refused_and_minus_zero_is_zero() {
        for raw in ["1e308", "inf", "NaN", "1,2,3", "1.23.4", "1,234,5", "1.234,567.8", "", "-", "12a", "1..2"] {
            assert_eq!(parse_decimal(raw, Lang::En), Err(NumberError::Invalid), "{raw}");
        }
        assert!(parse_decimal("-0", Lang::En).is_ok_and(|v| v == 0.0 && v.is_sign_positive()));
        assert!(parse_decimal("-0,0", Lang::Fr).is_ok_and(|v| v.is_sign_positive()));
        assert_eq!(parse_decimal("-2,5", Lang::Fr), Ok(-2.5));
    }

    proptest! {
        /// What the forms and sheets write is read back the same in every language.
        #[test]
        fn written_values_read_back_in_every_language(value in 0.0f64..1e12, decimals in 0u32..6) {
            let scale = 10f64.powi(decimals as i32);
            let value = (value * scale).round() / scale;
            let written = format_for_input(value);
            for lang in Lang::ALL {
                prop_assert_eq!(parse_decimal(&written, lang), Ok(value), "{} in {:?}", written, lang);
            }
        }

        /// Nothing typed makes the reader panic or return a number that is not finite.
        #[test]
        fn any_text_is_read_or_refused(raw in "[-+0-9., e]{0,24}") {
            for lang in Lang::ALL {
                if let Ok(value) = parse_decimal(&raw, lang) {
                    prop_assert!(value.is_finite());
                }
            }
        }
    }
}
