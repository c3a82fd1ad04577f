//! Comparing names the way people do: "Hue" is "Huế", "PHNOM  PENH" is "Phnom Penh".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A name folded for comparison and search: decomposed, accents and tone marks removed,
/// Vietnamese đ as d, lower case, spaces and punctuation collapsed. Khmer and Lao letters are
/// kept (their marks are letters of the word, not accents), only normalised.
pub fn fold(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    let mut space = false;
    for c in name.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if is_combining_mark(c) && is_latin_mark(c) {
            continue;
        }
        if c.is_alphanumeric() || is_combining_mark(c) {
            if space && !folded.is_empty() {
                folded.push(' ');
            }
            space = false;
            folded.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    folded.nfc().collect()
}

/// Where a record named so sorts in a list, and what finds it as a duplicate: the folded forms
/// of its names, one after the other.
pub fn sort_key(names: &[&str]) -> String {
    names.iter().filter(|n| !n.trim().is_empty()).map(|n| fold(n)).collect::<Vec<_>>().join(" | ")
}

/// Marks that decorate Latin letters (accents, Vietnamese tones), as opposed to the vowel signs
/// of Khmer and Lao, which are part of the spelling.
fn is_latin_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn accents_case_and_spacing_do_not_matter() {
        assert_eq!(fold("Huế"), fold("HUE"));
        assert_eq!(fold("Cần Thơ"), "can tho");
        assert_eq!(fold("Đà Nẵng"), "da nang");
        assert_eq!(fold("  Phnom   Penh "), "phnom penh");
        assert_eq!(fold("Hô Chi Minh-Ville"), "ho chi minh ville");
    }

    #[test]
    fn khmer_and_lao_keep_their_vowel_signs() {
        assert_eq!(fold("ភ្នំពេញ"), "ភ្នំពេញ");
        assert_ne!(fold("ວຽງຈັນ"), fold("ວຽງຈນ"));
    }
}
