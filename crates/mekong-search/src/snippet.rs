//! Passages of a record's text around the words a query matched, cut when a page shows the record.
//!
//! The text is analysed again as it was indexed, and the window with the most weight of matched
//! words wins (the rarer a word in the index, the more it weighs, as tantivy's own snippets weigh
//! them). Ours rather than tantivy's `SnippetGenerator`, which lower-cases every token of the text
//! again, one allocation each: our analysers fold case already, and cutting the twenty snippets of
//! a page cost more than the search.

use std::ops::Range;

use crate::analysis::{for_each_bigram, for_each_word};

/// Longest passage, in bytes of the text as tantivy counted them (so about 180 Latin characters,
/// 60 Khmer or Lao ones).
pub(crate) const PASSAGE_BYTES: usize = 180;

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
    fn for_each(self, text: &str, each: impl FnMut(Range<usize>, &str)) {
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
#[derive(Default)]
struct Window {
    weight: f32,
    start: usize,
    end: usize,
    marked: Vec<Range<usize>>,
}

impl Marker {
    /// `None` when the query matched no term of the field: its analysis would be for nothing.
    pub(crate) fn new(analyser: Analyser, weights: Vec<(String, f32)>) -> Option<Self> {
        (!weights.is_empty()).then_some(Marker { analyser, weights })
    }

    /// The best passage of `text`, or `None` when no matched term is in it.
    pub(crate) fn passage(&self, text: &str) -> Option<Snippet> {
        let mut best: Option<Window> = None;
        let mut window = Window::default();
        self.analyser.for_each(text, |range, term| {
            if range.end - window.start > PASSAGE_BYTES {
                let closed = std::mem::replace(&mut window, Window { start: range.start, ..Window::default() });
                best = better(best.take(), closed);
            }
            window.end = range.end;
            if let Some((_, weight)) = self.weights.iter().find(|(weighed, _)| weighed == term) {
                window.weight += weight;
                window.marked.push(range);
            }
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
    // Neighbouring bigrams overlap: one marked stretch each.
    for range in tantivy::snippet::collapse_overlapped_ranges(&window.marked) {
        if range.start > at {
            piece(at..range.start, false);
        }
        at = at.max(range.end);
        piece(range, true);
    }
    piece(at..window.end, false);
    Snippet { parts }
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
}
