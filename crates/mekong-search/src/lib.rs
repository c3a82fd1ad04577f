//! The full-text index of the platform: derived from the database, rebuildable, one directory per
//! process. Records become [`Entry`] values; the index keeps them under two analysers (folded
//! dictionary words, and grapheme bigrams of Khmer/Lao/Thai/Myanmar) and answers a query with
//! ranked [`Hit`]s carrying what the caller's policy needs to filter them, and snippets on demand.
//!
//! Rights are not decided here: the caller filters hits after retrieval and counts facets on what
//! its reader may see. The index records the last change-log sequence it applied, so a process
//! knows where to resume following the log.

pub mod analysis;
mod query;

use std::path::Path;
use std::sync::Mutex;

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Bumped whenever the schema or an analyser changes: an index of another version is rebuilt.
const SCHEMA_VERSION: u32 = 1;
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
    pub title: String,
    pub language: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub themes: Vec<String>,
    pub year: Option<u16>,
    pub visibility: String,
    pub score: f32,
    address: DocAddress,
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
    let fields = Fields {
        key: builder.add_text_field("key", STRING),
        kind: builder.add_text_field("kind", STRING | STORED),
        id: builder.add_text_field("id", STORED),
        title: builder.add_text_field("title", words_stored.clone()),
        title_bigrams: builder.add_text_field("title_bigrams", bigrams.clone()),
        body: builder.add_text_field("body", words_stored),
        body_bigrams: builder.add_text_field("body_bigrams", bigrams),
        language: builder.add_text_field("language", STRING | STORED),
        city: builder.add_text_field("city", STRING | STORED),
        country: builder.add_text_field("country", STRING | STORED),
        theme: builder.add_text_field("theme", STRING | STORED),
        year: builder.add_u64_field("year", INDEXED | STORED),
        visibility: builder.add_text_field("visibility", STRING | STORED),
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
            return Ok(Found { hits: Vec::new(), searcher, snippets: Vec::new() });
        };
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&document, score, address));
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
        Ok(Found { hits, searcher, snippets })
    }

    fn hit(&self, document: &TantivyDocument, score: f32, address: DocAddress) -> Hit {
        let f = self.fields;
        let text = |field: Field| -> Option<String> {
            document.get_first(field).and_then(|value| value.as_str().map(str::to_owned))
        };
        Hit {
            kind: text(f.kind).unwrap_or_default(),
            id: text(f.id).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            language: text(f.language),
            city: text(f.city),
            country: text(f.country),
            themes: document.get_all(f.theme).filter_map(|value| value.as_str().map(str::to_owned)).collect(),
            year: document.get_first(f.year).and_then(|value| value.as_u64()).and_then(|year| u16::try_from(year).ok()),
            visibility: text(f.visibility).unwrap_or_default(),
            score,
            address,
        }
    }
}

/// What a search found: the hits, and what is needed to cut snippets for the ones shown.
pub struct Found {
    pub hits: Vec<Hit>,
    searcher: tantivy::Searcher,
    /// Each generator with the stored field it cuts from: the text's words, its bigrams, then the
    /// title's (a record found by its title alone shows its title marked).
    snippets: Vec<(SnippetGenerator, Field)>,
}

impl Found {
    /// The passage where the query matched best (in the text, else in the title), or the text's
    /// beginning.
    pub fn snippet(&self, hit: &Hit) -> Result<Snippet, SearchError> {
        let document: TantivyDocument = self.searcher.doc(hit.address)?;
        let stored = |field: Field| {
            document.get_first(field).and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
        };
        for (generator, source) in &self.snippets {
            let snippet = generator.snippet(&stored(*source));
            if !snippet.highlighted().is_empty() {
                return Ok(parts_of(&snippet));
            }
        }
        let body = self.snippets.first().map(|(_, source)| stored(*source)).unwrap_or_default();
        Ok(Snippet { parts: vec![SnippetPart { text: opening(&body, SNIPPET_CHARS), highlighted: false }] })
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
