//! How wide a label will be once drawn, estimated on the server: a chart has no script to measure
//! its text, so it sizes its margins and shortens its labels from these estimates. They err on the
//! wide side (a label a little short is better than one cut by the drawing's edge); the browser
//! test checks that every text of every chart lies inside its drawing.

/// The advance of one character, in ems of the page's sans-serif (Noto Sans and its Khmer and
/// Lao companions).
fn advance(c: char) -> f64 {
    match c {
        // Marks drawn above or below the previous letter take no room of their own.
        '\u{0300}'..='\u{036F}' | '\u{17B7}'..='\u{17BD}' | '\u{17C6}' | '\u{17C9}'..='\u{17D3}' | '\u{17DD}' => 0.0,
        '\u{0EB1}' | '\u{0EB4}'..='\u{0EBC}' | '\u{0EC8}'..='\u{0ECD}' => 0.0,
        ' ' => 0.27,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '’' | '!' | '|' | '(' | ')' => 0.3,
        'f' | 't' | 'r' => 0.38,
        'm' | 'w' => 0.86,
        'M' | 'W' => 0.95,
        'A'..='Z' => 0.68,
        '0'..='9' => 0.58,
        'a'..='z' => 0.56,
        '\u{1780}'..='\u{17FF}' | '\u{0E80}'..='\u{0EFF}' => 0.78,
        '\u{2E80}'..='\u{9FFF}' => 1.0,
        _ => 0.62,
    }
}

/// The estimated width of `text` drawn at `size` user units.
pub(crate) fn width(text: &str, size: f64) -> f64 {
    text.chars().map(advance).sum::<f64>() * size * 1.06
}

/// `text` as drawn in at most `room` units: whole if it fits, otherwise cut at a word (or a
/// character when a single word is too long) and ended with an ellipsis. The second value says
/// whether it was shortened, so the caller gives the full text in a `<title>`.
pub(crate) fn shorten(text: &str, size: f64, room: f64) -> (String, bool) {
    if width(text, size) <= room {
        return (text.to_owned(), false);
    }
    let room = room - width("…", size);
    let mut kept = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let next = advance(c) * size * 1.06;
        if used + next > room {
            break;
        }
        used += next;
        kept.push(c);
    }
    // Prefer a cut between words when one is not too far back.
    if let Some(space) = kept.rfind(' ')
        && space * 3 > kept.len() * 2
    {
        kept.truncate(space);
    }
    // A mark left alone at the end would sit on the ellipsis.
    while kept.chars().last().is_some_and(|c| advance(c) == 0.0) {
        kept.pop();
    }
    (format!("{}…", kept.trim_end()), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_label_is_kept_whole() {
        assert_eq!(shorten("Huế", 12.0, 100.0), ("Huế".to_owned(), false));
    }

    #[test]
    fn a_long_label_is_cut_at_a_word_within_its_room() {
        let (shown, cut) = shorten("Annual conference of South-East Asian cities", 12.0, 150.0);
        assert!(cut && shown.ends_with('…') && width(&shown, 12.0) <= 150.0, "{shown}");
        assert!(shown.starts_with("Annual conference"), "{shown}");
    }

    #[test]
    fn khmer_marks_take_no_room_and_are_not_left_dangling() {
        assert!(width("ក\u{17bb}", 12.0) < width("កក", 12.0));
        let (shown, _) = shorten("ក\u{17bb}ម\u{17d2}ភៈ ក\u{17bb}ម\u{17d2}ភៈ ក\u{17bb}ម\u{17d2}ភៈ", 12.0, 40.0);
        assert!(width(&shown, 12.0) <= 40.0, "{shown}");
    }
}
