//! A person's query as a tantivy query: each word of it must match, in the title (counted double)
//! or in the text; a run of Khmer or Lao matches as the phrase of its grapheme bigrams.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::Token;

use crate::Fields;
use crate::analysis::{bigram_runs, is_unspaced_script, words};

/// How much more a match in the title counts than one in the text.
const TITLE_BOOST: f32 = 2.0;

/// `None` when the text holds nothing searchable.
pub(crate) fn build(text: &str, fields: &Fields) -> Option<Box<dyn Query>> {
    let mut required: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for word in words(text) {
        // Unspaced-script words are covered by their run's bigrams, which do not depend on the
        // dictionary splitting the query as it split the text.
        if word.text.chars().any(is_unspaced_script) {
            continue;
        }
        required.push((Occur::Must, title_or_body(fields.title, fields.body, std::slice::from_ref(&word))));
    }
    for run in bigram_runs(text) {
        if !run.is_empty() {
            required.push((Occur::Must, title_or_body(fields.title_bigrams, fields.body_bigrams, &run)));
        }
    }
    if required.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(required)))
}

fn title_or_body(title: Field, body: Field, tokens: &[Token]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, Box::new(BoostQuery::new(sequence(title, tokens), TITLE_BOOST)) as Box<dyn Query>),
        (Occur::Should, sequence(body, tokens)),
    ]))
}

/// One token as a term, several as a phrase at their relative positions.
pub(crate) fn sequence(field: Field, tokens: &[Token]) -> Box<dyn Query> {
    let first = tokens.first().map_or(0, |token| token.position);
    let terms: Vec<(usize, Term)> =
        spelling(tokens).map(|token| (token.position - first, Term::from_field_text(field, &token.text))).collect();
    match terms.as_slice() {
        [(_, term)] => Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqsAndPositions)),
        _ => Box::new(PhraseQuery::new_with_offset(terms)),
    }
}

/// Of a run's bigrams, every other one and the last: neighbours overlap by a grapheme, so these
/// spell the same run at their positions, and the phrase reads the positions of half as many
/// terms (the longest Lao query of the relevance set took 8.4 ms with all of them).
fn spelling(tokens: &[Token]) -> impl Iterator<Item = &Token> {
    let last = tokens.len().saturating_sub(1);
    tokens.iter().enumerate().filter(move |(nth, _)| nth % 2 == 0 || *nth == last).map(|(_, token)| token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::bigram_runs;

    /// "ຮ່ອງລະບາຍນ້ຳ" is nine graphemes, eight bigrams: five of them spell it, the last
    /// included, each at its own position.
    #[test]
    fn a_run_is_spelt_by_every_other_bigram_and_the_last() {
        use unicode_segmentation::UnicodeSegmentation;
        let runs = bigram_runs("ຮ່ອງລະບາຍນ້ຳ");
        let run = runs.first().map(Vec::as_slice).unwrap_or_default();
        assert_eq!(run.len(), 8);
        let kept: Vec<&Token> = spelling(run).collect();
        assert_eq!(kept.iter().map(|token| token.position).collect::<Vec<_>>(), [0, 2, 4, 6, 7]);
        // The last overlaps the one before it by a grapheme.
        let spelt: String = kept
            .iter()
            .enumerate()
            .map(|(nth, token)| token.text.graphemes(true).skip(usize::from(nth + 1 == kept.len())).collect::<String>())
            .collect();
        assert_eq!(spelt, "ຮ່ອງລະບາຍນ້ຳ");
    }
}
