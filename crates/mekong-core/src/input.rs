//! Text typed by people, checked where it enters: normalised (NFC, so `Huế` typed two ways is one
//! name), refused when it holds control characters or direction overrides (a NUL, a line break in
//! a name that becomes a mail header, a right-to-left override that reverses what a reviewer
//! reads) or nothing visible (only zero-width characters), and kept to a length per kind of
//! field, stated in the message. A 40,000-character name once failed an export, and a 1 MB one
//! a page.

use crate::validation::FieldErrors;
use unicode_normalization::UnicodeNormalization;

/// The kinds of free text, each with its own length limit (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A person's, an organisation's or a place's name; one line.
    Name,
    /// A title (an event, an activity, an indicator); one line.
    Title,
    /// A comment or a short answer; may hold line breaks.
    Comment,
    /// A description, minutes, a long text; may hold line breaks.
    Body,
}

impl TextKind {
    pub const fn max_chars(self) -> usize {
        match self {
            TextKind::Name => 200,
            TextKind::Title => 300,
            TextKind::Comment => 2_000,
            TextKind::Body => 50_000,
        }
    }

    const fn multiline(self) -> bool {
        matches!(self, TextKind::Comment | TextKind::Body)
    }

    /// The message saying the limit (the number is in the message of each language).
    const fn too_long(self) -> &'static str {
        match self {
            TextKind::Name => "error-text-too-long-name",
            TextKind::Title => "error-text-too-long-title",
            TextKind::Comment => "error-text-too-long-comment",
            TextKind::Body => "error-text-too-long-body",
        }
    }
}

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    TooLong,
    /// A control character (a line break in a one-line field), or a direction override.
    Control,
    /// Only spaces and invisible characters.
    NothingVisible,
}

/// The text as it is kept: NFC, trimmed, line breaks as `\n`. Empty stays empty: whether a field
/// is required is its form's rule.
pub fn clean(raw: &str, kind: TextKind) -> Result<String, TextProblem> {
    let text: String = raw.replace("\r\n", "\n").nfc().collect();
    let text = text.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    if text.chars().any(|c| forbidden(c, kind)) {
        return Err(TextProblem::Control);
    }
    if text.chars().all(|c| c.is_whitespace() || invisible(c)) {
        return Err(TextProblem::NothingVisible);
    }
    if text.chars().count() > kind.max_chars() {
        return Err(TextProblem::TooLong);
    }
    Ok(text.to_owned())
}

/// Checks `raw` for `field`, adding its problem to `errors`; returns the cleaned text (the
/// trimmed input when refused, so the form shows what was typed).
pub fn check(raw: &str, kind: TextKind, field: &str, errors: &mut FieldErrors) -> String {
    match clean(raw, kind) {
        Ok(text) => text,
        Err(problem) => {
            errors.add(field, message(problem, kind));
            raw.trim().to_owned()
        }
    }
}

/// The message key for `problem` in a field of `kind`.
pub fn message(problem: TextProblem, kind: TextKind) -> &'static str {
    match problem {
        TextProblem::TooLong => kind.too_long(),
        TextProblem::Control => "error-text-control",
        TextProblem::NothingVisible => "error-text-invisible",
    }
}

fn forbidden(c: char, kind: TextKind) -> bool {
    let allowed_control = kind.multiline() && matches!(c, '\n' | '\t');
    (c.is_control() && !allowed_control)
        // Embeddings, overrides and isolates: they reorder what is shown, not what is stored.
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters that show nothing of their own. Zero-width spaces and joiners are kept inside
/// text (Khmer and Lao use them between words), but a text of only these shows nothing.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}'
            | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
    )
}

/// The years a date typed into Mekong may fall in. Year 9999 was stored and shown as 1 January
/// 1970, and year 1 wrote `DTSTART:00001231` into calendars; no date of the network's work is
/// outside these.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

/// The message for a date outside `YEARS`.
pub const DATE_RANGE_MESSAGE: &str = "error-date-range";

/// Whether `date` falls within `YEARS`.
pub fn sane_date(date: jiff::civil::Date) -> bool {
    YEARS.contains(&date.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_normalised_and_trimmed() {
        let decomposed = "Hue\u{0302}\u{0301}";
        assert_eq!(clean(&format!("  {decomposed} "), TextKind::Name), Ok("Huế".to_owned()));
        assert_eq!(clean("ភ្នំ\u{200B}ពេញ", TextKind::Name), Ok("ភ្នំ\u{200B}ពេញ".to_owned()), "word breaks kept");
        assert_eq!(clean("   ", TextKind::Name), Ok(String::new()));
    }

    /// The report: NUL, control characters, a right-to-left override, only zero-width characters.
    #[test]
    fn control_characters_overrides_and_invisible_text_are_refused() {
        for raw in
            ["Reg\r\nBcc: x@evil.example", "A\u{0}B", "Ann\u{1b}[31m", "\u{202E}gnp.exe", "a\u{2066}b", "a\u{2028}b"]
        {
            assert_eq!(clean(raw, TextKind::Name), Err(TextProblem::Control), "{raw:?}");
        }
        assert_eq!(clean("\u{200B}\u{200D}\u{FEFF}", TextKind::Name), Err(TextProblem::NothingVisible));
        assert_eq!(clean("Line one\r\nLine two\tend", TextKind::Comment), Ok("Line one\nLine two\tend".to_owned()));
        assert_eq!(clean("Title\nInjected", TextKind::Title), Err(TextProblem::Control));
    }

    #[test]
    fn each_kind_has_its_length() {
        for kind in [TextKind::Name, TextKind::Title, TextKind::Comment, TextKind::Body] {
            let at_limit = "ស".repeat(kind.max_chars());
            assert_eq!(clean(&at_limit, kind).map(|t| t.chars().count()), Ok(kind.max_chars()));
            assert_eq!(clean(&format!("{at_limit}a"), kind), Err(TextProblem::TooLong));
        }
        let mut errors = FieldErrors::default();
        check(&"x".repeat(40_000), TextKind::Name, "name", &mut errors);
        assert_eq!(errors.for_field("name"), Some("error-text-too-long-name"));
    }

    #[test]
    fn dates_fall_between_1900_and_2200() {
        use jiff::civil::date;
        assert!(sane_date(date(1900, 1, 1)) && sane_date(date(2200, 12, 31)));
        assert!(!sane_date(date(1899, 12, 31)) && !sane_date(date(9999, 1, 1)) && !sane_date(date(1, 1, 1)));
    }

    proptest! {
        /// Whatever is typed, what is kept is NFC, within its length and free of controls.
        #[test]
        fn kept_text_is_clean(raw in "\\PC{0,40}|[\\x00-\\x20\u{200B}\u{202E}a-z]{0,40}") {
            if let Ok(text) = clean(&raw, TextKind::Name) {
                prop_assert!(text.chars().all(|c| !c.is_control()));
                prop_assert_eq!(text.nfc().collect::<String>(), text.clone());
                prop_assert!(text.chars().count() <= TextKind::Name.max_chars());
            }
        }
    }
}
