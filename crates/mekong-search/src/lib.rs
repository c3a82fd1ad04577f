//! The full-text index of the platform: derived from the database, rebuildable, one directory per
//! process. Records become [`Entry`] values; the index keeps them under two analysers (folded
//! dictionary words, and grapheme bigrams of Khmer/Lao/Thai/Myanmar) and answers a query with
//! ranked [`Hit`]s carrying what the caller's policy needs to filter them, and the title and
//! snippet of the hits a page shows on demand.
//!
//! A search may rank a thousand candidates for the policy and the facets, so what they need (kind,
//! id, city, visibility...) is kept in columns read per segment; the stored text (title, body) is
//! decompressed only for the hits shown.
//!
//! Rights are not decided here: the caller filters hits after retrieval and counts facets on what
//! its reader may see. The index records the last change-log sequence it applied, so a process
//! knows where to resume following the log.

pub mod analysis;
mod names;
mod query;
mod snippet;

pub use names::{NameSearch, Named};

use snippet::{Analyser, Marker, opening};
pub use snippet::{Snippet, SnippetPart};

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::collector::TopDocs;
use tantivy::columnar::{Column, StrColumn};
use tantivy::directory::MmapDirectory;
use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::{DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, SegmentReader, TantivyDocument, Term};

/// Bumped whenever the schema or an analyser changes: an index of another version is rebuilt.
const SCHEMA_VERSION: u32 = 3;
/// Memory the single indexing thread may buffer before writing a segment.
const WRITER_MEMORY_BYTES: usize = 50_000_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Directory(String),
    #[error("search index writer lock poisoned")]
    Poisoned,
    /// Each index directory has one writer: a running `mekong serve` on the same data directory.
    #[error(
        "the search index is in use by another process (is `mekong serve` running on this data directory?): stop it first, or let it keep its own index current"
    )]
    InUse,
}

/// One searchable record, as an area describes it to the index.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The area's name for the kind of record (`organisation`, `person`, `event`, `practice`...).
    pub kind: String,
    /// The record's id, as text.
    pub id: String,
    /// Every title of the record, in whatever languages: what a query's words are matched in.
    pub title: String,
    /// The title in each language it is written in (language code, title), for a page to show
    /// its reader's; empty for a title that is no translation (a name).
    pub titles: Vec<(String, String)>,
    pub body: String,
    /// Language of the text (`fr`, `en`, `km`, `lo`, `vi`), when known.
    pub language: Option<String>,
    /// City code (`KH-PNH`) the record belongs to, when it belongs to one.
    pub city: Option<String>,
    /// ISO country code, when known.
    pub country: Option<String>,
    pub themes: Vec<String>,
    pub year: Option<u16>,
    /// Who may see the record, in the caller's own words (the policy reads it back from the hit).
    pub visibility: String,
    /// Where the record sorts in a list by name, for the directory's name search; `None` for a
    /// record no list names ([`SearchIndex::names`] does not find it).
    pub sort_key: Option<String>,
    /// What the directory's filters select the record by, in the caller's words (`country:KH`).
    pub tags: Vec<String>,
}

/// A change to apply: the current state of a record, or its removal.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A record's entries, all of one kind and id, replacing every entry it had. Most records are
    /// one entry; a record read differently by different people is one per audience (a published
    /// practice: its published versions for everyone, its drafts for its city).
    Upsert(Vec<Entry>),
    Remove {
        kind: String,
        id: String,
    },
}

/// A retrieved record, before the caller's rights are applied. A search reads a thousand; their
/// texts are shared with the segment's column values rather than copied, since most hits share
/// their kind, city and visibility.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: Arc<str>,
    pub id: Arc<str>,
    pub language: Option<Arc<str>>,
    pub city: Option<Arc<str>>,
    pub country: Option<Arc<str>>,
    pub themes: Vec<Arc<str>>,
    pub year: Option<u16>,
    pub visibility: Arc<str>,
    pub score: f32,
    address: DocAddress,
}

/// What a page shows of a hit: read from its stored text, for the few hits shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub title: String,
    /// [`Entry::titles`].
    pub titles: Vec<(String, String)>,
    pub snippet: Snippet,
}

/// Between a stored title's language and its text.
const TITLE_LANGUAGE: char = '\u{1f}';

/// Names of the columns a hit is read from.
const KIND: &str = "kind";
const ID: &str = "id";
const LANGUAGE: &str = "language";
const CITY: &str = "city";
const COUNTRY: &str = "country";
const THEME: &str = "theme";
const YEAR: &str = "year";
const VISIBILITY: &str = "visibility";
const SORT_KEY: &str = "sort_key";

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    title: Field,
    title_bigrams: Field,
    titles: Field,
    body: Field,
    body_bigrams: Field,
    language: Field,
    city: Field,
    country: Field,
    theme: Field,
    year: Field,
    visibility: Field,
    sort_key: Field,
    tag: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analysed = |tokenizer: &str| {
        TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(IndexRecordOption::WithFreqsAndPositions)
    };
    let words_stored = TextOptions::default().set_indexing_options(analysed(analysis::WORDS)).set_stored();
    let bigrams = TextOptions::default().set_indexing_options(analysed(analysis::BIGRAMS));
    // Nothing is looked up by the others, only read for each hit: columns, not postings. The
    // directory's name search selects by kind and tags, and sorts by the sort key.
    let fields = Fields {
        key: builder.add_text_field("key", STRING),
        kind: builder.add_text_field(KIND, STRING | FAST),
        id: builder.add_text_field(ID, FAST),
        title: builder.add_text_field("title", words_stored.clone()),
        title_bigrams: builder.add_text_field("title_bigrams", bigrams.clone()),
        titles: builder.add_text_field("titles", STORED),
        body: builder.add_text_field("body", words_stored),
        body_bigrams: builder.add_text_field("body_bigrams", bigrams),
        language: builder.add_text_field(LANGUAGE, FAST),
        city: builder.add_text_field(CITY, FAST),
        country: builder.add_text_field(COUNTRY, FAST),
        theme: builder.add_text_field(THEME, FAST),
        year: builder.add_u64_field(YEAR, FAST),
        visibility: builder.add_text_field(VISIBILITY, FAST),
        sort_key: builder.add_text_field(SORT_KEY, FAST),
        tag: builder.add_text_field("tag", STRING),
    };
    (builder.build(), fields)
}

fn key(kind: &str, id: &str) -> String {
    format!("{kind}:{id}")
}

/// The index of one process.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
}

impl SearchIndex {
    /// Opens the index in `directory`, creating it, or starting afresh when it was written by
    /// another schema version (it is derived data: the caller then replays the log from the start).
    pub fn open(directory: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(directory).map_err(|error| SearchError::Directory(error.to_string()))?;
        let (schema, fields) = schema();
        let mmap = |path: &Path| MmapDirectory::open(path).map_err(|error| SearchError::Directory(error.to_string()));
        if Index::exists(&mmap(directory)?).map_err(|error| SearchError::Directory(error.to_string()))? {
            let current = Index::open(mmap(directory)?).ok().and_then(|existing| {
                let payload = payload_of(&existing).ok()?;
                (existing.schema() == schema && payload.schema == Some(SCHEMA_VERSION)).then_some(existing)
            });
            if let Some(index) = current {
                return Self::with_index(index, fields);
            }
            std::fs::remove_dir_all(directory)
                .and_then(|()| std::fs::create_dir_all(directory))
                .map_err(|error| SearchError::Directory(error.to_string()))?;
        }
        let index = Index::create(mmap(directory)?, schema, tantivy::IndexSettings::default())?;
        Self::with_index(index, fields)
    }

    /// An index held in memory, for tests and benchmarks.
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<Self, SearchError> {
        index.tokenizers().register(analysis::WORDS, analysis::WordAnalyser);
        index.tokenizers().register(analysis::BIGRAMS, analysis::BigramAnalyser);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY_BYTES).map_err(|error| match error {
            tantivy::TantivyError::LockFailure(..) => SearchError::InUse,
            other => SearchError::Index(other),
        })?;
        Ok(SearchIndex { index, fields, reader, writer: Mutex::new(writer) })
    }

    /// The last change-log sequence applied, or `None` for an index never filled.
    pub fn applied_sequence(&self) -> Result<Option<u64>, SearchError> {
        Ok(payload_of(&self.index)?.sequence)
    }

    /// Applies changes up to and including the log's `sequence`, then makes them searchable.
    pub fn apply(&self, changes: &[Change], sequence: u64) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        for change in changes {
            match change {
                Change::Upsert(entries) => {
                    // Every entry of a record shares its key: deleting it removes one the record
                    // no longer has (a practice's drafts entry once they are all published).
                    for entry in entries {
                        writer.delete_term(self.key_term(&entry.kind, &entry.id));
                    }
                    for entry in entries {
                        writer.add_document(self.document(entry))?;
                    }
                }
                Change::Remove { kind, id } => {
                    writer.delete_term(self.key_term(kind, id));
                }
            }
        }
        self.commit(&mut writer, sequence)
    }

    /// Replaces the whole content with `entries`, as of the log's `sequence`.
    pub fn rebuild(&self, entries: impl IntoIterator<Item = Entry>, sequence: u64) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        writer.delete_all_documents()?;
        for entry in entries {
            writer.add_document(self.document(&entry))?;
        }
        self.commit(&mut writer, sequence)
    }

    fn commit(&self, writer: &mut IndexWriter, sequence: u64) -> Result<(), SearchError> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&format!("{SCHEMA_VERSION}:{sequence}"));
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn key_term(&self, kind: &str, id: &str) -> Term {
        Term::from_field_text(self.fields.key, &key(kind, id))
    }

    fn document(&self, entry: &Entry) -> TantivyDocument {
        let f = self.fields;
        let mut document = TantivyDocument::default();
        document.add_text(f.key, key(&entry.kind, &entry.id));
        document.add_text(f.kind, &entry.kind);
        document.add_text(f.id, &entry.id);
        document.add_text(f.title, &entry.title);
        document.add_text(f.title_bigrams, &entry.title);
        for (language, title) in &entry.titles {
            document.add_text(f.titles, format!("{language}{TITLE_LANGUAGE}{title}"));
        }
        document.add_text(f.body, &entry.body);
        document.add_text(f.body_bigrams, &entry.body);
        document.add_text(f.visibility, &entry.visibility);
        for (field, value) in [(f.language, &entry.language), (f.city, &entry.city), (f.country, &entry.country)] {
            if let Some(value) = value {
                document.add_text(field, value);
            }
        }
        for theme in &entry.themes {
            document.add_text(f.theme, theme);
        }
        if let Some(sort_key) = &entry.sort_key {
            document.add_text(f.sort_key, sort_key);
        }
        for tag in &entry.tags {
            document.add_text(f.tag, tag);
        }
        if let Some(year) = entry.year {
            document.add_u64(f.year, u64::from(year));
        }
        document
    }

    /// Number of records in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` records for a query typed by a person, best first. Every word of the
    /// query must match (in the title or the text); an empty query finds nothing.
    pub fn search(&self, text: &str, limit: usize) -> Result<Found, SearchError> {
        let searcher = self.reader.searcher();
        let Some(query) = query::build(text, &self.fields) else {
            return Ok(Found { hits: Vec::new(), searcher, fields: self.fields, markers: Vec::new() });
        };
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut by_segment: BTreeMap<u32, Vec<(usize, DocId)>> = BTreeMap::new();
        for (rank, (_, address)) in top.iter().enumerate() {
            by_segment.entry(address.segment_ord).or_default().push((rank, address.doc_id));
        }
        let mut ranked: Vec<Option<Hit>> = vec![None; top.len()];
        for (segment_ord, docs) in by_segment {
            let values = SegmentValues::read(searcher.segment_reader(segment_ord), &docs)?;
            for (nth, (rank, _)) in docs.iter().enumerate() {
                if let (Some(slot), Some((score, address))) = (ranked.get_mut(*rank), top.get(*rank)) {
                    *slot = Some(values.hit(nth, *score, *address));
                }
            }
        }
        let hits = ranked.into_iter().flatten().collect();
        let f = self.fields;
        let markers = [
            (f.body, Analyser::Words, f.body),
            (f.body_bigrams, Analyser::Bigrams, f.body),
            (f.title, Analyser::Words, f.title),
            (f.title_bigrams, Analyser::Bigrams, f.title),
        ]
        .into_iter()
        .map(|(analysed, analyser, source)| {
            Ok(Marker::new(analyser, weights(&searcher, &*query, analysed)?).map(|marker| (marker, source)))
        })
        .filter_map(Result::transpose)
        .collect::<Result<Vec<_>, SearchError>>()?;
        Ok(Found { hits, searcher, fields: f, markers })
    }
}

/// The terms of the query in the analysed `field` that some record holds, each weighed as
/// tantivy weighs them for its snippets: the rarer, the better a passage it makes.
fn weights(
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    field: Field,
) -> Result<Vec<(String, f32)>, SearchError> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut weights = Vec::new();
    for term in terms {
        let frequency = searcher.doc_freq(term)?;
        if let (Some(text), true) = (term.value().as_str(), frequency > 0) {
            weights.push((text.to_owned(), 1.0 / (1.0 + frequency as f32)));
        }
    }
    Ok(weights)
}

/// What the hits of one segment carry, read from its columns in one pass over each.
struct SegmentValues {
    kind: TextValues,
    id: TextValues,
    language: TextValues,
    city: TextValues,
    country: TextValues,
    theme: TextValues,
    year: Vec<Option<u16>>,
    visibility: TextValues,
}

impl SegmentValues {
    fn read(segment: &SegmentReader, docs: &[(usize, DocId)]) -> Result<Self, SearchError> {
        let fast = segment.fast_fields();
        let docs: Vec<DocId> = docs.iter().map(|(_, doc)| *doc).collect();
        let text = |name: &str| TextValues::read(fast.str(name)?.as_ref(), &docs);
        let year: Option<Column<u64>> = fast.column_opt(YEAR)?;
        Ok(SegmentValues {
            kind: text(KIND)?,
            id: text(ID)?,
            language: text(LANGUAGE)?,
            city: text(CITY)?,
            country: text(COUNTRY)?,
            theme: text(THEME)?,
            year: docs
                .iter()
                .map(|doc| year.as_ref().and_then(|year| year.first(*doc)).and_then(|year| u16::try_from(year).ok()))
                .collect(),
            visibility: text(VISIBILITY)?,
        })
    }

    /// The hit of the `nth` document read.
    fn hit(&self, nth: usize, score: f32, address: DocAddress) -> Hit {
        Hit {
            kind: self.kind.first(nth).unwrap_or_default(),
            id: self.id.first(nth).unwrap_or_default(),
            language: self.language.first(nth),
            city: self.city.first(nth),
            country: self.country.first(nth),
            themes: self.theme.all(nth).cloned().collect(),
            year: self.year.get(nth).copied().flatten(),
            visibility: self.visibility.first(nth).unwrap_or_default(),
            score,
            address,
        }
    }
}

/// A text column's values for some documents of a segment. The column holds term numbers; each
/// distinct term is read once, in one ordered pass over the column's dictionary, because a lookup
/// one at a time decodes a block of terms each time (the ids of a thousand hits cost more than
/// the search).
struct TextValues {
    /// Term numbers of every document, one after the other; `ends[nth]` closes the `nth`'s.
    ords: Vec<u64>,
    ends: Vec<usize>,
    /// The distinct term numbers, sorted, and their terms.
    distinct: Vec<u64>,
    terms: Vec<Arc<str>>,
}

impl TextValues {
    /// `column` is `None` in a segment where no document has a value.
    fn read(column: Option<&StrColumn>, docs: &[DocId]) -> Result<Self, SearchError> {
        let mut values = TextValues {
            ords: Vec::new(),
            ends: Vec::with_capacity(docs.len()),
            distinct: Vec::new(),
            terms: Vec::new(),
        };
        for doc in docs {
            values.ords.extend(column.into_iter().flat_map(|column| column.term_ords(*doc)));
            values.ends.push(values.ords.len());
        }
        let Some(column) = column else { return Ok(values) };
        values.distinct = values.ords.clone();
        values.distinct.sort_unstable();
        values.distinct.dedup();
        let terms = &mut values.terms;
        column
            .dictionary()
            .sorted_ords_to_term_cb(&values.distinct, |term| terms.push(Arc::from(String::from_utf8_lossy(term))))
            .map_err(tantivy::TantivyError::from)?;
        Ok(values)
    }

    fn all(&self, nth: usize) -> impl Iterator<Item = &Arc<str>> {
        let start = nth.checked_sub(1).and_then(|before| self.ends.get(before)).copied().unwrap_or(0);
        let end = self.ends.get(nth).copied().unwrap_or(start);
        self.ords.get(start..end).unwrap_or_default().iter().filter_map(|ord| {
            let at = self.distinct.binary_search(ord).ok()?;
            self.terms.get(at)
        })
    }

    fn first(&self, nth: usize) -> Option<Arc<str>> {
        self.all(nth).next().cloned()
    }
}

/// What a search found: the hits, and what is needed to show the ones a page shows.
pub struct Found {
    pub hits: Vec<Hit>,
    searcher: tantivy::Searcher,
    fields: Fields,
    /// The query's terms in each analysed field it matched, with the stored field a passage is
    /// cut from: the text's words, its bigrams, then the title's (a record found by its title alone
    /// shows its title marked).
    markers: Vec<(Marker, Field)>,
}

impl Found {
    /// The hit's title, and the passage where the query matched best (in the text, else in the
    /// title) or else the text's beginning: one read of its stored text.
    pub fn shown(&self, hit: &Hit) -> Result<Shown, SearchError> {
        let document: TantivyDocument = self.searcher.doc(hit.address)?;
        let stored =
            |field: Field| document.get_first(field).and_then(|value| value.as_str()).unwrap_or_default().to_owned();
        let (title, body) = (stored(self.fields.title), stored(self.fields.body));
        let titles = document
            .get_all(self.fields.titles)
            .filter_map(|value| value.as_str()?.split_once(TITLE_LANGUAGE))
            .map(|(language, title)| (language.to_owned(), title.to_owned()))
            .collect();
        let snippet = self
            .markers
            .iter()
            .find_map(|(marker, source)| marker.passage(if *source == self.fields.title { &title } else { &body }))
            .unwrap_or_else(|| opening(&body, snippet::PASSAGE_CHARS));
        Ok(Shown { title, titles, snippet })
    }
}

#[derive(Debug, PartialEq)]
struct Payload {
    schema: Option<u32>,
    sequence: Option<u64>,
}

fn payload_of(index: &Index) -> Result<Payload, SearchError> {
    let payload = index.load_metas()?.payload;
    let parsed = payload.as_deref().and_then(|text| text.split_once(':'));
    Ok(Payload {
        schema: parsed.and_then(|(schema, _)| schema.parse().ok()),
        sequence: parsed.and_then(|(_, sequence)| sequence.parse().ok()),
    })
}

#[cfg(test)]
mod tests;
