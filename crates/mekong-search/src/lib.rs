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
mod query;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use tantivy::collector::TopDocs;
use tantivy::columnar::{Column, StrColumn};
use tantivy::directory::MmapDirectory;
use tantivy::schema::{FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, SegmentReader, TantivyDocument, Term};

/// Bumped whenever the schema or an analyser changes: an index of another version is rebuilt.
const SCHEMA_VERSION: u32 = 2;
/// Memory the single indexing thread may buffer before writing a segment.
const WRITER_MEMORY_BYTES: usize = 50_000_000;
/// Characters of body text shown around the matches.
const SNIPPET_CHARS: usize = 180;

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
    pub title: String,
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
}

/// A change to apply: the current state of a record, or its removal.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Upsert(Entry),
    Remove { kind: String, id: String },
}

/// A retrieved record, before the caller's rights are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: String,
    pub id: String,
    pub language: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub themes: Vec<String>,
    pub year: Option<u16>,
    pub visibility: String,
    pub score: f32,
    address: DocAddress,
}

/// What a page shows of a hit: read from its stored text, for the few hits shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub title: String,
    pub snippet: Snippet,
}

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

/// Names of the columns a hit is read from.
const KIND: &str = "kind";
const ID: &str = "id";
const LANGUAGE: &str = "language";
const CITY: &str = "city";
const COUNTRY: &str = "country";
const THEME: &str = "theme";
const YEAR: &str = "year";
const VISIBILITY: &str = "visibility";

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    title: Field,
    title_bigrams: Field,
    body: Field,
    body_bigrams: Field,
    language: Field,
    city: Field,
    country: Field,
    theme: Field,
    year: Field,
    visibility: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analysed = |tokenizer: &str| {
        TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(IndexRecordOption::WithFreqsAndPositions)
    };
    let words_stored = TextOptions::default().set_indexing_options(analysed(analysis::WORDS)).set_stored();
    let bigrams = TextOptions::default().set_indexing_options(analysed(analysis::BIGRAMS));
    // Nothing is looked up by these, only read for each hit: columns, not postings.
    let fields = Fields {
        key: builder.add_text_field("key", STRING),
        kind: builder.add_text_field(KIND, FAST),
        id: builder.add_text_field(ID, FAST),
        title: builder.add_text_field("title", words_stored.clone()),
        title_bigrams: builder.add_text_field("title_bigrams", bigrams.clone()),
        body: builder.add_text_field("body", words_stored),
        body_bigrams: builder.add_text_field("body_bigrams", bigrams),
        language: builder.add_text_field(LANGUAGE, FAST),
        city: builder.add_text_field(CITY, FAST),
        country: builder.add_text_field(COUNTRY, FAST),
        theme: builder.add_text_field(THEME, FAST),
        year: builder.add_u64_field(YEAR, FAST),
        visibility: builder.add_text_field(VISIBILITY, FAST),
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
                Change::Upsert(entry) => {
                    writer.delete_term(self.key_term(&entry.kind, &entry.id));
                    writer.add_document(self.document(entry))?;
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
            return Ok(Found {
                hits: Vec::new(),
                searcher,
                title: self.fields.title,
                body: self.fields.body,
                snippets: Vec::new(),
            });
        };
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut segments: HashMap<u32, SegmentColumns> = HashMap::new();
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let columns = match segments.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(open) => open.into_mut(),
                std::collections::hash_map::Entry::Vacant(closed) => {
                    closed.insert(SegmentColumns::open(searcher.segment_reader(address.segment_ord))?)
                }
            };
            hits.push(columns.hit(address, score)?);
        }
        let f = self.fields;
        let snippets = [(f.body, f.body), (f.body_bigrams, f.body), (f.title, f.title), (f.title_bigrams, f.title)]
            .into_iter()
            .map(|(analysed, source)| {
                SnippetGenerator::create(&searcher, &*query, analysed).map(|mut generator| {
                    generator.set_max_num_chars(SNIPPET_CHARS);
                    (generator, source)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Found { hits, searcher, title: f.title, body: f.body, snippets })
    }
}

/// The columns of one segment a hit is read from, opened once per search for each segment its
/// hits come from.
struct SegmentColumns {
    kind: TextColumn,
    id: TextColumn,
    language: TextColumn,
    city: TextColumn,
    country: TextColumn,
    theme: TextColumn,
    year: Option<Column<u64>>,
    visibility: TextColumn,
}

impl SegmentColumns {
    fn open(segment: &SegmentReader) -> Result<Self, SearchError> {
        let fast = segment.fast_fields();
        let text = |name: &str| fast.str(name).map(TextColumn::new);
        Ok(SegmentColumns {
            kind: text(KIND)?,
            id: text(ID)?,
            language: text(LANGUAGE)?,
            city: text(CITY)?,
            country: text(COUNTRY)?,
            theme: text(THEME)?,
            year: fast.column_opt(YEAR)?,
            visibility: text(VISIBILITY)?,
        })
    }

    fn hit(&mut self, address: DocAddress, score: f32) -> Result<Hit, SearchError> {
        let doc = address.doc_id;
        Ok(Hit {
            kind: self.kind.first(doc)?.unwrap_or_default(),
            id: self.id.first(doc)?.unwrap_or_default(),
            language: self.language.first(doc)?,
            city: self.city.first(doc)?,
            country: self.country.first(doc)?,
            themes: self.theme.all(doc)?,
            year: self.year.as_ref().and_then(|year| year.first(doc)).and_then(|year| u16::try_from(year).ok()),
            visibility: self.visibility.first(doc)?.unwrap_or_default(),
            score,
            address,
        })
    }
}

/// A text column of a segment, with the values already read: most columns hold a few distinct
/// values (kinds, cities, visibilities) shared by many hits, and each dictionary lookup decodes a
/// block of terms.
struct TextColumn {
    column: Option<StrColumn>,
    read: HashMap<u64, String>,
}

impl TextColumn {
    fn new(column: Option<StrColumn>) -> Self {
        TextColumn { column, read: HashMap::new() }
    }

    fn first(&mut self, doc: DocId) -> Result<Option<String>, SearchError> {
        let Some(ord) = self.column.as_ref().and_then(|column| column.term_ords(doc).next()) else {
            return Ok(None);
        };
        self.value(ord).map(Some)
    }

    fn all(&mut self, doc: DocId) -> Result<Vec<String>, SearchError> {
        let ords: Vec<u64> = self.column.as_ref().map(|column| column.term_ords(doc).collect()).unwrap_or_default();
        ords.into_iter().map(|ord| self.value(ord)).collect()
    }

    fn value(&mut self, ord: u64) -> Result<String, SearchError> {
        if let Some(value) = self.read.get(&ord) {
            return Ok(value.clone());
        }
        let mut value = String::new();
        if let Some(column) = &self.column {
            column.ord_to_str(ord, &mut value).map_err(tantivy::TantivyError::from)?;
        }
        self.read.insert(ord, value.clone());
        Ok(value)
    }
}

/// What a search found: the hits, and what is needed to show the ones a page shows.
pub struct Found {
    pub hits: Vec<Hit>,
    searcher: tantivy::Searcher,
    title: Field,
    body: Field,
    /// Each generator with the stored field it cuts from: the text's words, its bigrams, then the
    /// title's (a record found by its title alone shows its title marked).
    snippets: Vec<(SnippetGenerator, Field)>,
}

impl Found {
    /// The hit's title, and the passage where the query matched best (in the text, else in the
    /// title) or else the text's beginning: one read of its stored text.
    pub fn shown(&self, hit: &Hit) -> Result<Shown, SearchError> {
        let document: TantivyDocument = self.searcher.doc(hit.address)?;
        let stored =
            |field: Field| document.get_first(field).and_then(|value| value.as_str()).unwrap_or_default().to_owned();
        let (title, body) = (stored(self.title), stored(self.body));
        let snippet = self
            .snippets
            .iter()
            .map(|(generator, source)| generator.snippet(if *source == self.title { &title } else { &body }))
            .find(|snippet| !snippet.highlighted().is_empty())
            .map_or_else(
                || Snippet { parts: vec![SnippetPart { text: opening(&body, SNIPPET_CHARS), highlighted: false }] },
                |snippet| parts_of(&snippet),
            );
        Ok(Shown { title, snippet })
    }
}

fn parts_of(snippet: &tantivy::snippet::Snippet) -> Snippet {
    let fragment = snippet.fragment();
    let mut parts = Vec::new();
    let mut at = 0;
    for range in tantivy::snippet::collapse_overlapped_ranges(snippet.highlighted()) {
        if range.start > at
            && let Some(text) = fragment.get(at..range.start)
        {
            parts.push(SnippetPart { text: text.to_owned(), highlighted: false });
        }
        if let Some(text) = fragment.get(range.clone()) {
            parts.push(SnippetPart { text: text.to_owned(), highlighted: true });
        }
        at = at.max(range.end);
    }
    if let Some(text) = fragment.get(at..).filter(|text| !text.is_empty()) {
        parts.push(SnippetPart { text: text.to_owned(), highlighted: false });
    }
    Snippet { parts }
}

/// The first `chars` characters of a text, cut at a character boundary.
fn opening(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
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
