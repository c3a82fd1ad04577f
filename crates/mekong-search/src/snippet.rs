//! Passages of a record's text around the words a query matched, cut when a page shows the record.
//!
//! The text is analysed again as it was indexed, and the window holding the most weight of the
//! query's words wins, each word counted once (the rarer a word in the index, the more it weighs,
//! as tantivy's own snippets weigh them). The first window holding every word cannot be beaten,
//! so the analysis stops there: reading the whole of each of a page's twenty texts was half of a
//! search. Ours rather than tantivy's `SnippetGenerator`, which lower-cases every token of the
//! text again, one allocation each, where our analysers fold case already.

use std::ops::{ControlFlow, Range};

use crate::analysis::{for_each_bigram, for_each_word};

/// Longest passage, in characters: counted in bytes, as tantivy does, a Khmer or Lao passage
/// would be a third as long as a French one.
pub(crate) const PASSAGE_CHARS: usize = 180;

/// A passage of a record's text with the matched words marked. Plain text pieces: whoever renders
/// them escapes each one, so no markup from a record ever reaches a page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snippet {
    pub parts: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SnippetPart {
    pub text: String,
    pub highlighted: bool,
}

/// How a field's text was analysed into terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Analyser {
    Words,
    Bigrams,
}

impl Analyser {
    fn for_each(self, text: &str, each: impl FnMut(Range<usize>, &str) -> ControlFlow<()>) {
        match self {
            Analyser::Words => for_each_word(text, each),
            Analyser::Bigrams => for_each_bigram(text, each),
        }
    }
}

/// The terms a query matched in one analysed field, with their weights.
pub(crate) struct Marker {
    analyser: Analyser,
    /// A few terms at most: a scan compares fewer bytes than hashing each token of the text would.
    weights: Vec<(String, f32)>,
}

/// A window of the text and the matched terms in it.
struct Window {
    weight: f32,
    start: usize,
    /// `start` in characters.
    start_chars: usize,
    end: usize,
    marked: Vec<Range<usize>>,
    /// Which of the marker's terms the window holds.
    held: Vec<bool>,
}

impl Window {
    fn at(start: usize, start_chars: usize, terms: usize) -> Self {
        Window { weight: 0.0, start, start_chars, end: start, marked: Vec::new(), held: vec![false; terms] }
    }

    fn holds_all(&self) -> bool {
        self.held.iter().all(|held| *held)
    }
}

/// The character offsets of byte offsets of a text met nearly in order: the terms of a text come
/// in order, and neighbouring bigrams step back one grapheme at most.
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl CharOffsets<'_> {
    fn at(&mut self, byte: usize) -> usize {
        let between = |from: usize, to: usize| self.text.get(from..to).map_or(0, |text| text.chars().count());
        if byte >= self.byte {
            self.chars += between(self.byte, byte);
        } else {
            self.chars -= between(byte, self.byte);
        }
        self.byte = byte;
        self.chars
    }
}

impl Marker {
    /// `None` when the query matched no term of the field: its analysis would be for nothing.
    pub(crate) fn new(analyser: Analyser, weights: Vec<(String, f32)>) -> Option<Self> {
        (!weights.is_empty()).then_some(Marker { analyser, weights })
    }

    /// The best passage of `text`, or `None` when no matched term is in it.
    pub(crate) fn passage(&self, text: &str) -> Option<Snippet> {
        let terms = self.weights.len();
        let mut best: Option<Window> = None;
        let mut window = Window::at(0, 0, terms);
        let mut offsets = CharOffsets { text, byte: 0, chars: 0 };
        self.analyser.for_each(text, |range, term| {
            if offsets.at(range.end) - window.start_chars > PASSAGE_CHARS {
                if window.holds_all() {
                    return ControlFlow::Break(());
                }
                let next = Window::at(range.start, offsets.at(range.start), terms);
                best = better(best.take(), std::mem::replace(&mut window, next));
            }
            window.end = range.end;
            if let Some((nth, (_, weight))) = self.weights.iter().enumerate().find(|(_, (weighed, _))| weighed == term)
            {
                if let Some(held) = window.held.get_mut(nth)
                    && !*held
                {
                    *held = true;
                    window.weight += weight;
                }
                window.marked.push(range);
            }
            ControlFlow::Continue(())
        });
        better(best, window).map(|window| parts_of(text, &window))
    }
}

/// The heavier of two windows, the earlier on a tie; one with no match is no passage.
fn better(best: Option<Window>, window: Window) -> Option<Window> {
    match best {
        Some(best) if best.weight >= window.weight => Some(best),
        _ if window.weight > 0.0 => Some(window),
        best => best,
    }
}

fn parts_of(text: &str, window: &Window) -> Snippet {
    let mut parts = Vec::new();
    let mut at = window.start;
    let mut piece = |range: Range<usize>, highlighted: bool| {
        if let Some(text) = text.get(range).filter(|text| !text.is_empty()) {
            parts.push(SnippetPart { text: text.to_owned(), highlighted });
        }
    };
    for range in stretches(&window.marked) {
        if range.start > at {
            piece(at..range.start, false);
        }
        at = at.max(range.end);
        piece(range, true);
    }
    piece(at..window.end, false);
    Snippet { parts }
}

/// Marked ranges as the stretches they make: neighbouring bigrams overlap, and those a query
/// spells a run with touch, so a run found is one marked stretch.
fn stretches(marked: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted = marked.to_vec();
    sorted.sort_by_key(|range| range.start);
    let mut stretches: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for range in sorted {
        match stretches.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => stretches.push(range),
        }
    }
    stretches
}

/// The first `chars` characters of a text, unmarked: what is shown when no match can be.
pub(crate) fn opening(text: &str, chars: usize) -> Snippet {
    Snippet { parts: vec![SnippetPart { text: text.chars().take(chars).collect(), highlighted: false }] }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(analyser: Analyser, terms: &[(&str, f32)]) -> Option<Marker> {
        Marker::new(analyser, terms.iter().map(|(term, weight)| ((*term).to_owned(), *weight)).collect())
    }

    fn marked(snippet: &Snippet) -> Vec<&str> {
        snippet.parts.iter().filter(|part| part.highlighted).map(|part| part.text.as_str()).collect()
    }

    #[test]
    fn the_window_with_the_rarest_words_wins_and_ties_go_to_the_first() {
        let filler = "lorem ipsum ".repeat(20);
        let text = format!("common word here {filler} rare word there {filler} rare again");
        let found = marker(Analyser::Words, &[("common", 0.1), ("rare", 0.5)]).and_then(|m| m.passage(&text));
        let snippet = found.unwrap_or_default();
        assert_eq!(marked(&snippet), ["rare"]);
        assert!(snippet.parts.iter().any(|part| part.text.contains("word there")), "{snippet:?}");
    }

    /// Each word counts once: a passage holding the whole query beats a later one repeating a
    /// word of it.
    #[test]
    fn the_first_passage_holding_every_word_beats_repetitions_of_one() {
        let filler = "lorem ipsum ".repeat(20);
        let text = format!("alpha beta here {filler} beta beta beta beta");
        let found = marker(Analyser::Words, &[("alpha", 0.3), ("beta", 0.4)]).and_then(|m| m.passage(&text));
        assert_eq!(found.as_ref().map(marked), Some(vec!["alpha", "beta"]));
    }

    #[test]
    fn overlapping_bigrams_are_one_marked_stretch() {
        let found = marker(Analyser::Bigrams, &[("ວຽ", 0.5), ("ຽງ", 0.5)]).and_then(|m| m.passage("ນະຄອນວຽງຈັນ"));
        assert_eq!(found.as_ref().map(marked), Some(vec!["ວຽງ"]));
    }

    #[test]
    fn no_term_no_marker_and_no_match_no_passage() {
        assert!(marker(Analyser::Words, &[]).is_none());
        assert_eq!(marker(Analyser::Words, &[("absent", 1.0)]).and_then(|m| m.passage("Un texte")), None);
    }

    /// A Khmer passage is as many characters long as a French one, not a third as many.
    #[test]
    fn a_khmer_passage_is_as_long_in_characters_as_a_latin_one() {
        let khmer = "ក្រុងភ្នំពេញជារាជធានី ".repeat(40);
        let latin = "capitale du royaume ".repeat(40);
        let length = |analyser, term: &str, text: &str| {
            let snippet = marker(analyser, &[(term, 1.0)]).and_then(|m| m.passage(text)).unwrap_or_default();
            snippet.parts.iter().map(|part| part.text.chars().count()).sum::<usize>()
        };
        let bigrams = crate::analysis::bigram_runs("ភ្នំពេញ");
        let first = bigrams.first().and_then(|run| run.first()).map(|token| token.text.clone()).unwrap_or_default();
        let khmer_chars = length(Analyser::Bigrams, &first, &khmer);
        let latin_chars = length(Analyser::Words, "capitale", &latin);
        assert!((150..=PASSAGE_CHARS).contains(&khmer_chars), "{khmer_chars} characters of Khmer");
        assert!((150..=PASSAGE_CHARS).contains(&latin_chars), "{latin_chars} characters of French");
    }
}
