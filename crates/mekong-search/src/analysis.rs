//! The two analysers of the index: dictionary words folded for case and accents, and grapheme
//! bigrams of the scripts written without spaces (Khmer, Lao, Thai, Myanmar).
//!
//! Words alone miss a Lao or Khmer name that the dictionary segments differently inside a longer
//! run ("ວຽງຈັນ" inside "ນະຄອນຫຼວງວຽງຈັນ"), so the second analyser indexes every pair of
//! neighbouring grapheme clusters of such a run and a query becomes a phrase of its pairs: a
//! substring match that does not depend on where the dictionary put the word breaks. The pairs
//! cover the whole run rather than each dictionary word, so a query segmented differently from the
//! text still lines up.

use std::borrow::Cow;
use std::ops::{ControlFlow, Range};

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

/// Name under which [`WordAnalyser`] is registered with the index.
pub const WORDS: &str = "mekong_words";
/// Name under which [`BigramAnalyser`] is registered with the index.
pub const BIGRAMS: &str = "mekong_bigrams";

/// French elided articles and pronouns ("l'événement" is indexed as "evenement").
const ELISIONS: [&str; 12] = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"];

/// Whether a character belongs to a script written without spaces between words.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'   // Thai
        | '\u{0E80}'..='\u{0EFF}' // Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{19E0}'..='\u{19FF}' // Khmer symbols
        | '\u{A9E0}'..='\u{A9FF}' // Myanmar extended-B
        | '\u{AA60}'..='\u{AA7F}' // Myanmar extended-A
    )
}

/// A word as the index keeps it: NFC, lower case, French elision removed, Latin accents folded
/// ("Huế" → "hue", "Événement" → "evenement", "l'Hôtel" → "hotel"). Marks of other scripts are
/// kept: they are letters there, not accents.
pub fn fold_word(word: &str) -> String {
    fold(word).into_owned()
}

/// [`fold_word`], borrowing the word when it is already folded: a snippet folds every word of a
/// record's text again, and most words of French and English are plain lower-case ASCII.
fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        let lower = if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        };
        return match lower {
            Cow::Borrowed(word) => Cow::Borrowed(strip_elision(word)),
            Cow::Owned(word) => Cow::Owned(strip_elision(&word).to_owned()),
        };
    }
    let lower: String = word.nfc().flat_map(char::to_lowercase).collect();
    let without_elision = strip_elision(&lower);
    let mut folded = String::with_capacity(without_elision.len());
    for c in without_elision.nfd() {
        match c {
            // Combining diacritical marks: the accents of French and Vietnamese after NFD.
            '\u{0300}'..='\u{036F}' => {}
            'đ' => folded.push('d'),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            'ß' => folded.push_str("ss"),
            '’' => folded.push('\''),
            other => folded.push(other),
        }
    }
    Cow::Owned(nfc(&folded).into_owned())
}

fn strip_elision(word: &str) -> &str {
    for apostrophe in ['\'', '’'] {
        if let Some((head, rest)) = word.split_once(apostrophe)
            && !rest.is_empty()
            && ELISIONS.contains(&head)
        {
            return rest;
        }
    }
    word
}

/// The words of a text with their byte ranges in it, in order.
pub fn words(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_word(text, |range, word| {
        tokens.push(Token {
            offset_from: range.start,
            offset_to: range.end,
            position: tokens.len(),
            text: word.to_owned(),
            position_length: 1,
        });
        ControlFlow::Continue(())
    });
    tokens
}

/// Each word of a text, folded, with its byte range, until `each` breaks: [`words`] without a
/// string per word.
pub(crate) fn for_each_word(text: &str, mut each: impl FnMut(Range<usize>, &str) -> ControlFlow<()>) {
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let mut breaks = segmenter.segment_str(text);
    let mut start = 0;
    while let Some(end) = breaks.next() {
        if end > start && breaks.is_word_like() {
            let word = fold(text.get(start..end).unwrap_or_default());
            if !word.is_empty() && each(start..end, &word).is_break() {
                return;
            }
        }
        start = end;
    }
}

/// The runs of unspaced scripts in a text, each as its grapheme bigrams (a run of one grapheme is
/// that grapheme). Positions continue from run to run with a gap, so a phrase never spans two runs.
pub fn bigram_runs(text: &str) -> Vec<Vec<Token>> {
    let mut position = 0;
    unspaced_runs(text)
        .map(|(run_start, run)| {
            let tokens = bigram_ranges(run)
                .into_iter()
                .map(|range| {
                    let token = Token {
                        offset_from: run_start + range.start,
                        offset_to: run_start + range.end,
                        position,
                        text: nfc(run.get(range).unwrap_or_default()).into_owned(),
                        position_length: 1,
                    };
                    position += 1;
                    token
                })
                .collect();
            position += 1;
            tokens
        })
        .collect()
}

/// Each bigram of a text, in NFC, with its byte range, until `each` breaks: [`bigram_runs`]
/// without a string per bigram.
pub(crate) fn for_each_bigram(text: &str, mut each: impl FnMut(Range<usize>, &str) -> ControlFlow<()>) {
    for (run_start, run) in unspaced_runs(text) {
        // A piece of an NFC text cut at grapheme boundaries is NFC too: one check per run rather
        // than one per bigram, which would look at each character twice.
        let normal = is_nfc_quick(run.chars()) == IsNormalized::Yes;
        for range in bigram_ranges(run) {
            let piece = run.get(range.clone()).unwrap_or_default();
            let range = run_start + range.start..run_start + range.end;
            let flow = if normal { each(range, piece) } else { each(range, &nfc(piece)) };
            if flow.is_break() {
                return;
            }
        }
    }
}

/// Byte ranges of a run's pairs of neighbouring grapheme clusters (of its one grapheme, when it
/// has only one).
fn bigram_ranges(run: &str) -> Vec<Range<usize>> {
    let graphemes: Vec<(usize, &str)> = run.grapheme_indices(true).collect();
    match graphemes.as_slice() {
        [(from, only)] => std::iter::once(*from..from + only.len()).collect(),
        _ => graphemes
            .windows(2)
            .filter_map(|pair| match pair {
                [(from, _), (second_from, second)] => Some(*from..second_from + second.len()),
                _ => None,
            })
            .collect(),
    }
}

/// A text in NFC, checked before it is rebuilt: text as typed almost always is NFC already.
fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        IsNormalized::No | IsNormalized::Maybe => Cow::Owned(text.nfc().collect()),
    }
}

/// Maximal runs of unspaced-script characters (combining marks included) with their byte offset,
/// found as they are asked for: a snippet stops at its passage.
fn unspaced_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|(_, c)| is_unspaced_script(*c))?;
        let mut end = text.len();
        while let Some((index, c)) = chars.peek() {
            if !is_unspaced_script(*c) {
                end = *index;
                break;
            }
            chars.next();
        }
        Some((start, text.get(start..end).unwrap_or_default()))
    })
}

/// Tantivy tokenizer over [`words`].
#[derive(Clone, Default)]
pub struct WordAnalyser;

/// Tantivy tokenizer over [`bigram_runs`].
#[derive(Clone, Default)]
pub struct BigramAnalyser;

/// Tokens computed up front: both analysers need the whole text (segmentation, runs) anyway.
pub struct Tokens {
    /// Remaining tokens, last first, so that advancing pops.
    remaining: Vec<Token>,
    current: Token,
}

impl Tokens {
    fn new(mut tokens: Vec<Token>) -> Self {
        tokens.reverse();
        Tokens { remaining: tokens, current: Token::default() }
    }
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        match self.remaining.pop() {
            Some(token) => {
                self.current = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

impl Tokenizer for WordAnalyser {
    type TokenStream<'a> = Tokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens::new(words(text))
    }
}

impl Tokenizer for BigramAnalyser {
    type TokenStream<'a> = Tokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens::new(bigram_runs(text).into_iter().flatten().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn vietnamese_and_french_fold_for_case_and_accents() {
        assert_eq!(texts(&words("Thành phố Huế")), ["thanh", "pho", "hue"]);
        assert_eq!(texts(&words("L'Événement d’Đà Nẵng")), ["evenement", "da", "nang"]);
        assert_eq!(fold_word("cœur"), "coeur");
    }

    #[test]
    fn khmer_marks_are_kept_not_folded() {
        assert_eq!(fold_word("ភ្នំពេញ"), "ភ្នំពេញ");
    }

    #[test]
    fn word_offsets_point_into_the_original_text() {
        let text = "À Huế, l'été";
        let written: Vec<&str> =
            words(text).iter().filter_map(|token| text.get(token.offset_from..token.offset_to)).collect();
        assert_eq!(written.len(), words(text).len(), "every offset falls on character boundaries");
        assert!(written.contains(&"À") && written.contains(&"Huế"), "the words as written: {written:?}");
    }

    #[test]
    fn lao_run_becomes_overlapping_grapheme_pairs() {
        let runs = bigram_runs("ວຽງຈັນ 2026");
        assert_eq!(runs.len(), 1);
        let pairs = texts(&runs[0]);
        assert_eq!(pairs.first().copied(), Some("ວຽ"));
        assert_eq!(pairs.len(), 4, "{pairs:?}");
    }

    #[test]
    fn latin_text_has_no_bigrams() {
        assert!(bigram_runs("Phnom Penh, Huế").is_empty());
    }

    #[test]
    fn runs_are_separated_by_a_position_gap() {
        let runs = bigram_runs("ភ្នំពេញ និង ວຽງຈັນ");
        assert_eq!(runs.len(), 3);
        let last_of_first = runs[0].last().map(|t| t.position);
        let first_of_second = runs[1].first().map(|t| t.position);
        assert!(first_of_second > last_of_first.map(|p| p + 1));
    }
}
