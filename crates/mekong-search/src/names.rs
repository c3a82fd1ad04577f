//! The directory's name search: the records of one kind whose names hold every word typed, with
//! every tag asked for, in name order, a page at a time with the count of all.
//!
//! A word of a spaced script matches the start of a word of the name ("ngu" finds Nguyễn); a run
//! of Khmer or Lao matches anywhere in the name, as the phrase of its grapheme bigrams. Nothing is
//! ranked and no text is loaded: a directory lists names alphabetically, and its pages read the
//! records they show from the database.
//!
//! SQL cannot do this fast: "nguyen sokha" among 50,000 people crosses 8,600 and 4,000 records
//! of a token table, a seek each (8–10 ms on SQLite), where the index intersects two posting
//! lists.

use std::collections::BTreeMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, PhrasePrefixQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Order, Term};
use unicode_segmentation::UnicodeSegmentation;

use crate::analysis::{bigram_runs, is_unspaced_script, words};
use crate::{Fields, ID, SORT_KEY, SearchError, SearchIndex, TextValues};

/// A name search over the entries of `kind` that have a sort key.
#[derive(Debug, Clone, Copy)]
pub struct NameSearch<'a> {
    pub kind: &'a str,
    pub text: &'a str,
    /// Tags every record found carries, as the entries spell them.
    pub tags: &'a [String],
    pub offset: usize,
    pub limit: usize,
}

/// A page of a name search: the records' ids in name order, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub ids: Vec<String>,
    pub total: u64,
}

impl SearchIndex {
    /// `None` when the text holds no word to look for: the caller then lists without a name.
    pub fn names(&self, search: &NameSearch<'_>) -> Result<Option<Named>, SearchError> {
        let Some(query) = name_query(search, &self.fields) else { return Ok(None) };
        let searcher = self.reader.searcher();
        // The collector makes room for its limit: a caller asking for every match gets room for
        // what the index holds, not for `usize::MAX`.
        let room = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let top = TopDocs::with_limit(search.limit.min(room).max(1))
            .and_offset(search.offset)
            .order_by_string_fast_field(SORT_KEY, Order::Asc);
        let (mut page, total) = searcher.search(&query, &(top, Count))?;
        page.truncate(search.limit);
        let mut by_segment: BTreeMap<u32, Vec<(usize, DocId)>> = BTreeMap::new();
        for (rank, (_, address)) in page.iter().enumerate() {
            by_segment.entry(address.segment_ord).or_default().push((rank, address.doc_id));
        }
        let mut ids = vec![String::new(); page.len()];
        for (segment_ord, docs) in by_segment {
            let fast = searcher.segment_reader(segment_ord).fast_fields();
            let doc_ids: Vec<DocId> = docs.iter().map(|(_, doc)| *doc).collect();
            let values = TextValues::read(fast.str(ID)?.as_ref(), &doc_ids)?;
            for (nth, (rank, _)) in docs.iter().enumerate() {
                if let (Some(slot), Some(id)) = (ids.get_mut(*rank), values.first(nth)) {
                    *slot = id.to_string();
                }
            }
        }
        Ok(Some(Named { ids, total: u64::try_from(total).unwrap_or(u64::MAX) }))
    }
}

/// The records with a term of `field` starting with `text`.
fn starting_with(field: Field, text: &str) -> Box<dyn Query> {
    let mut prefix = PhrasePrefixQuery::new(vec![Term::from_field_text(field, text)]);
    // Every term that starts so, however many: the first letters of a common name start
    // hundreds (tantivy stops at 50 by default).
    prefix.set_max_expansions(u32::MAX);
    Box::new(prefix)
}

/// Words of a name looked up, at most: a name has a few, and each is one more clause over the
/// index, so a query of thousands of words (a pasted page) is cut here rather than run.
const NAME_WORDS: usize = 8;

fn name_query(search: &NameSearch<'_>, fields: &Fields) -> Option<Box<dyn Query>> {
    let mut required: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for word in words(search.text).into_iter().take(NAME_WORDS) {
        // Unspaced-script words are covered by their run's bigrams, as in the full-text query.
        if word.text.chars().any(is_unspaced_script) {
            continue;
        }
        required.push((Occur::Must, starting_with(fields.title, &word.text)));
    }
    for run in bigram_runs(search.text).into_iter().take(NAME_WORDS) {
        match run.as_slice() {
            [] => {}
            // A run of one grapheme cluster is that cluster, which the index holds only inside
            // pairs: it finds the names where a pair starts with it.
            [one] if one.text.graphemes(true).nth(1).is_none() => {
                required.push((Occur::Must, starting_with(fields.title_bigrams, &one.text)));
            }
            _ => required.push((Occur::Must, crate::query::sequence(fields.title_bigrams, &run))),
        }
    }
    if required.is_empty() {
        return None;
    }
    let exact = |field, value: &str| -> (Occur, Box<dyn Query>) {
        (Occur::Must, Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic)))
    };
    required.push(exact(fields.kind, search.kind));
    required.extend(search.tags.iter().map(|tag| exact(fields.tag, tag)));
    Some(Box::new(BooleanQuery::new(required)))
}
