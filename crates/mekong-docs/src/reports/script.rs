//! Which complex-script font a piece of text needs in Word: Khmer and Lao are complex scripts, so
//! Word and LibreOffice draw them with a run's `w:cs` font, which must name a font that has them.

/// The script of a stretch of text, as far as fonts are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Lao,
    /// Latin (French, English, Vietnamese) and Khmer: Noto Sans for the first, Noto Sans Khmer as
    /// the complex-script font for the second.
    Other,
}

/// The `w:cs` font of a run in `script`.
pub fn complex_script_font(script: Script) -> &'static str {
    match script {
        Script::Lao => "Noto Sans Lao",
        Script::Other => "Noto Sans Khmer",
    }
}

fn script_of(character: char) -> Option<Script> {
    match character {
        '\u{0E80}'..='\u{0EFF}' => Some(Script::Lao),
        _ if character.is_whitespace() || character.is_ascii_punctuation() || character.is_ascii_digit() => None,
        _ => Some(Script::Other),
    }
}

/// `text` cut where its script changes; spaces, digits and punctuation stay with the stretch
/// they follow, so "ວຽງຈັນ / ភ្នំពេញ" is two runs, not five.
pub fn script_runs(text: &str) -> Vec<(Script, &str)> {
    let mut runs: Vec<(Script, &str)> = Vec::new();
    let mut start = 0;
    let mut current: Option<Script> = None;
    for (index, character) in text.char_indices() {
        let Some(script) = script_of(character) else { continue };
        match current {
            Some(running) if running != script => {
                runs.push((running, &text[start..index]));
                start = index;
                current = Some(script);
            }
            None => current = Some(script),
            Some(_) => {}
        }
    }
    if start < text.len() || runs.is_empty() {
        runs.push((current.unwrap_or(Script::Other), &text[start..]));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_where_the_script_changes() {
        assert_eq!(script_runs("ວຽງຈັນ / ភ្នំពេញ, Huế"), vec![(Script::Lao, "ວຽງຈັນ / "), (Script::Other, "ភ្នំពេញ, Huế")]);
        assert_eq!(script_runs(""), vec![(Script::Other, "")]);
        assert_eq!(script_runs("12 ວຽງ"), vec![(Script::Lao, "12 ວຽງ")]);
        assert_eq!(complex_script_font(Script::Lao), "Noto Sans Lao");
    }
}
