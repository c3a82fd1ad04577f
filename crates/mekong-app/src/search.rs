//! Search across the areas: what each indexed record looks like to the index, the change log each
//! write adds to (through the audit entry it records), this process following that log into its
//! own index directory, the full reindex, and queries filtered by the policy after retrieval with
//! facets counted on what the reader may see.

use crate::policy::{self, Actor, Permission, Target};
use crate::results::{GridScope, Logframe};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::documents::{Audience, LibraryDocument};
use mekong_core::events::{AgendaItem, Event};
use mekong_core::ids::{EventId, LibraryDocumentId, NewsId, OrganisationId, PersonId, PracticeId, ValueId};
use mekong_core::news::NewsPost;
use mekong_core::people::{Organisation, OrganisationFilter, PeopleFilter, Person};
use mekong_core::practices::{Practice, PracticeText, TranslationStatus};
use mekong_core::results::IndicatorValue;
use mekong_core::text::Text;
use mekong_core::vocabulary::EventStatus;
use mekong_search::{Change, Entry, Hit, NameSearch, Named, SearchIndex};
pub use mekong_search::{Snippet, SnippetPart};
use mekong_store::WriteTxn;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// An indicator value's evidence files, indexed under the value's id.
pub(crate) const EVIDENCE: &str = "evidence";
/// The kinds of record the index holds.
pub const KINDS: [&str; 7] = ["organisation", "person", "event", "practice", "news", "document", EVIDENCE];
/// A logged change asking for the whole index to be rebuilt (bulk imports, the demo data).
const EVERYTHING: &str = "*";
/// Results shown on a page.
pub const PAGE_SIZE: usize = 20;
/// Candidates retrieved before the policy filters them: facets count within these.
const CANDIDATES: usize = 1000;
/// Log rows applied per index commit.
const BATCH: u64 = 500;
/// How often the background follower looks at the log.
const FOLLOW_EVERY: Duration = Duration::from_millis(500);

/// This process's index: opened on first use (a command that never searches never takes the
/// directory's writer lock), and caught up with the log by one task at a time.
pub(crate) struct SearchSlot {
    directory: PathBuf,
    index: tokio::sync::OnceCell<Arc<SearchIndex>>,
    catching_up: tokio::sync::Mutex<()>,
    /// The newest log row the index holds; -1 until it is first caught up. A search compares it
    /// with the log's newest row (one indexed read) and takes the lock to catch up only when
    /// behind, so a reader finds what any process just saved without searches queueing.
    applied: AtomicI64,
}

impl SearchSlot {
    pub(crate) fn new(directory: PathBuf) -> Self {
        SearchSlot {
            directory,
            index: tokio::sync::OnceCell::new(),
            catching_up: tokio::sync::Mutex::new(()),
            applied: AtomicI64::new(-1),
        }
    }
}

impl std::fmt::Debug for SearchSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchSlot").field("directory", &self.directory).finish_non_exhaustive()
    }
}

/// What an audited change means for the index: one record to reindex, or all of them (a bulk
/// import or the demo data is audited as one entry for many records).
fn logged_kind<'a>(entity_type: &'a str, entity_id: &'a str) -> Option<(&'a str, &'a str)> {
    match entity_type {
        kind if KINDS.contains(&kind) => Some((kind, entity_id)),
        "organisations" | "people" => Some((EVERYTHING, "")),
        _ => None,
    }
}

/// Logs the change to the index in the write's own transaction, numbered by its audit entry.
pub(crate) async fn log_change(txn: &WriteTxn, seq: i64, entity_type: &str, entity_id: &str) -> Result<(), AppError> {
    if let Some((kind, id)) = logged_kind(entity_type, entity_id) {
        txn.log_search_change(seq, kind, id).await?;
    }
    Ok(())
}

/// Who may find a record, kept in the index beside it and read back by the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Visibility {
    Public,
    /// A person of the directory, tied to cities, who did or did not agree to share their details.
    Person {
        shared: bool,
        cities: Vec<CityCode>,
    },
    /// A draft, seen by those who manage its cities' records.
    Draft {
        cities: Vec<CityCode>,
    },
    /// A library document, read by its audience (see `policy::reads_document`).
    Library {
        audience: Audience,
        cities: Vec<CityCode>,
    },
    /// A value of a city's grid (none: the network's), seen by whoever sees the grid.
    Values {
        city: Option<CityCode>,
    },
}

impl Visibility {
    fn encode(&self) -> String {
        let cities = |cities: &[CityCode]| cities.iter().map(CityCode::as_str).collect::<Vec<_>>().join(",");
        match self {
            Visibility::Public => "public".into(),
            Visibility::Person { shared, cities: list } => {
                format!("person:{}:{}", if *shared { "shared" } else { "private" }, cities(list))
            }
            Visibility::Draft { cities: list } => format!("draft:{}", cities(list)),
            Visibility::Library { audience, cities: list } => format!("library:{}:{}", audience.code(), cities(list)),
            Visibility::Values { city } => format!("values:{}", city.as_ref().map_or("", CityCode::as_str)),
        }
    }

    /// Anything unreadable is treated as the most private draft: staff only.
    fn decode(text: &str) -> Visibility {
        let cities = |list: &str| list.split(',').filter_map(|c| CityCode::parse(c).ok()).collect::<Vec<_>>();
        let mut parts = text.splitn(3, ':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("public"), None, None) => Visibility::Public,
            (Some("person"), Some(shared), Some(list)) => {
                Visibility::Person { shared: shared == "shared", cities: cities(list) }
            }
            (Some("draft"), Some(list), None) => Visibility::Draft { cities: cities(list) },
            (Some("values"), Some(""), None) => Visibility::Values { city: None },
            (Some("values"), Some(city), None) => match CityCode::parse(city) {
                Ok(city) => Visibility::Values { city: Some(city) },
                Err(_) => Visibility::Draft { cities: Vec::new() },
            },
            (Some("library"), Some(audience), Some(list)) => match Audience::parse(audience) {
                Some(audience) => Visibility::Library { audience, cities: cities(list) },
                None => Visibility::Draft { cities: Vec::new() },
            },
            _ => Visibility::Draft { cities: Vec::new() },
        }
    }

    fn seen_by(&self, actor: &Actor) -> bool {
        match self {
            Visibility::Public => true,
            Visibility::Person { shared, cities } => policy::finds_person(actor, cities, *shared),
            Visibility::Draft { cities } => {
                policy::authorise(actor, Permission::ManageEvents, &Target::Record(cities.clone())).is_ok()
            }
            Visibility::Library { audience, cities } => policy::reads_document(actor, *audience, cities),
            Visibility::Values { city } => GridScope::of(city.as_ref()).authorise(actor).is_ok(),
        }
    }
}

/// Every language version of a text, once each.
fn all_versions(text: &Text) -> String {
    let mut seen = BTreeSet::new();
    Lang::ALL
        .iter()
        .filter_map(|lang| text.exact(*lang))
        .filter(|value| !value.trim().is_empty() && seen.insert(value.trim().to_owned()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A translated title's versions, for a page to show its reader's.
fn titles_of(text: &Text) -> Vec<(String, String)> {
    text.versions().map(|(lang, title)| (lang.code().to_owned(), title.to_owned())).collect()
}

fn distinct_join(values: &[&str]) -> String {
    let mut seen = BTreeSet::new();
    values.iter().filter(|v| !v.trim().is_empty() && seen.insert(v.trim())).copied().collect::<Vec<_>>().join(" · ")
}

fn organisation_entry(organisation: &Organisation) -> Entry {
    let names = &organisation.names;
    let (sort_key, tags) = crate::names::organisation_naming(organisation);
    Entry {
        kind: crate::names::ORGANISATION.into(),
        id: organisation.id.to_string(),
        title: distinct_join(&[&names.fr, &names.en, &names.local]),
        body: distinct_join(&[&organisation.admin_region, &organisation.website]),
        language: None,
        city: organisation.city.as_ref().map(|c| c.as_str().to_owned()),
        country: Some(organisation.country.as_str().to_owned()),
        themes: organisation.themes.iter().map(|t| t.code().to_owned()).collect(),
        year: None,
        visibility: Visibility::Public.encode(),
        sort_key: Some(sort_key),
        tags,
        titles: Vec::new(),
    }
}

fn person_entry(person: &Person) -> Entry {
    let affiliations: Vec<String> = person
        .affiliations
        .iter()
        .map(|a| {
            distinct_join(&[&a.function, &a.organisation_name.fr, &a.organisation_name.en, &a.organisation_name.local])
        })
        .collect();
    let mut body: Vec<&str> = vec![&person.title, &person.function];
    body.extend(affiliations.iter().map(String::as_str));
    let cities = person.cities();
    let (sort_key, tags) = crate::names::person_naming(person);
    Entry {
        kind: crate::names::PERSON.into(),
        id: person.id.to_string(),
        title: distinct_join(&[&person.name_romanised, &person.name_local]),
        body: distinct_join(&body),
        language: None,
        city: cities.first().map(|c| c.as_str().to_owned()),
        country: person.country.as_ref().map(|c| c.as_str().to_owned()),
        themes: person.themes.iter().map(|t| t.code().to_owned()).collect(),
        year: None,
        visibility: Visibility::Person { shared: person.share_with_partners, cities }.encode(),
        sort_key: Some(sort_key),
        tags,
        titles: Vec::new(),
    }
}

fn event_entry(event: &Event) -> Entry {
    let cities: Vec<CityCode> = event.host_city.iter().cloned().collect();
    let visibility = if event.status == EventStatus::Draft { Visibility::Draft { cities } } else { Visibility::Public };
    Entry {
        kind: "event".into(),
        id: event.id.to_string(),
        title: all_versions(&event.title),
        titles: titles_of(&event.title),
        body: distinct_join(&[&all_versions(&event.description), &event.venue]),
        language: None,
        city: event.host_city.as_ref().map(|c| c.as_str().to_owned()),
        country: Some(event.country.as_str().to_owned()),
        themes: event.themes.iter().map(|t| t.code().to_owned()).collect(),
        year: u16::try_from(event.starts.year()).ok(),
        visibility: visibility.encode(),
        sort_key: None,
        tags: Vec::new(),
    }
}

/// An event and each agenda document whose text is kept: one entry each, all read as the event
/// is (a document's match finds the event, its passage cut from the document).
fn event_entries(event: &Event, agenda: &[&AgendaItem], texts: &HashMap<String, String>) -> Vec<Entry> {
    let entry = event_entry(event);
    let documents = agenda.iter().flat_map(|item| item.documents.iter().map(move |document| (item, document)));
    let with_text: Vec<Entry> = documents
        .filter_map(|(item, document)| {
            let text = texts.get(&document.sha256)?;
            Some(Entry { body: distinct_join(&[&item.title, &name_words(&document.name), text]), ..entry.clone() })
        })
        .collect();
    std::iter::once(entry).chain(with_text).collect()
}

/// A practice as the index holds it. Before it is published: all its versions, for those who
/// write the city's practices. Once published: its published versions for everyone, and its
/// versions not yet published as a second entry for those who may see them, so that a new
/// translation stays findable by its writers.
fn practice_entries(practice: &Practice) -> Vec<Entry> {
    let drafts = Visibility::Draft { cities: vec![practice.city.clone()] };
    if !practice.is_published() {
        return vec![practice_entry(practice, |_| true, &drafts)];
    }
    let published = |text: &PracticeText| text.status == TranslationStatus::Published;
    let mut entries = vec![practice_entry(practice, published, &Visibility::Public)];
    if practice.texts.values().any(|text| !published(text)) {
        entries.push(practice_entry(practice, |text| !published(text), &drafts));
    }
    entries
}

/// One entry of a practice: the language versions `included`, for those who see `visibility`.
fn practice_entry(practice: &Practice, included: impl Fn(&PracticeText) -> bool, visibility: &Visibility) -> Entry {
    let versions: Vec<(&Lang, &PracticeText)> = practice.texts.iter().filter(|(_, text)| included(text)).collect();
    let bodies: Vec<String> =
        versions.iter().map(|(_, t)| distinct_join(&[&t.summary, &t.problem, &t.actions, &t.results])).collect();
    let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let titles: Vec<&str> = versions.iter().map(|(_, t)| t.title.as_str()).collect();
    Entry {
        kind: "practice".into(),
        id: practice.id.to_string(),
        title: distinct_join(&titles),
        titles: versions.iter().map(|(lang, text)| (lang.code().to_owned(), text.title.clone())).collect(),
        body: distinct_join(&bodies),
        language: versions.first().map(|(lang, _)| lang.code().to_owned()),
        city: Some(practice.city.as_str().to_owned()),
        country: practice.city.country().map(|c| c.iso2().to_owned()),
        themes: practice.themes.iter().map(|t| t.code().to_owned()).collect(),
        year: practice.starts_on.and_then(|d| u16::try_from(d.year()).ok()),
        visibility: visibility.encode(),
        sort_key: None,
        tags: Vec::new(),
    }
}

/// A news post: public once published, the network's staff's before.
fn news_entry(post: &NewsPost) -> Entry {
    let visibility =
        if post.published_at.is_some() { Visibility::Public } else { Visibility::Draft { cities: Vec::new() } };
    Entry {
        kind: "news".into(),
        id: post.id.to_string(),
        title: all_versions(&post.title),
        titles: titles_of(&post.title),
        body: all_versions(&post.body),
        language: None,
        city: None,
        country: None,
        themes: Vec::new(),
        year: post.published_at.and_then(|at| u16::try_from(jiff::tz::TimeZone::UTC.to_datetime(at).year()).ok()),
        visibility: visibility.encode(),
        sort_key: None,
        tags: Vec::new(),
    }
}

/// A library document: its titles, author organisation and the text of its current version.
fn document_entry(document: &LibraryDocument, text: &str) -> Entry {
    let countries = document.countries();
    Entry {
        kind: "document".into(),
        id: document.id.to_string(),
        title: all_versions(&document.title),
        titles: titles_of(&document.title),
        body: distinct_join(&[&document.organisation, text]),
        language: Some(document.language.code().to_owned()),
        city: document.cities.first().map(|c| c.as_str().to_owned()),
        country: countries.first().cloned(),
        themes: document.themes.iter().map(|t| t.code().to_owned()).collect(),
        year: u16::try_from(document.year).ok(),
        visibility: Visibility::Library { audience: document.audience, cities: document.cities.clone() }.encode(),
        sort_key: None,
        tags: Vec::new(),
    }
}

/// A file's name as words: "training_list-2025.pdf" is found by "training", "list" and "pdf"
/// (a word breaker keeps "list.pdf" whole, as it keeps "3.5").
fn name_words(name: &str) -> String {
    name.replace(['.', '_', '-'], " ")
}

/// A value's evidence files, one entry each, found by their kept text, the indicator's code and
/// name, the period and their names.
fn evidence_entries(value: &IndicatorValue, logframe: &Logframe, texts: &HashMap<String, String>) -> Vec<Entry> {
    let Some(period) = logframe.period(value.period) else { return Vec::new() };
    let indicator = logframe
        .indicator(value.indicator)
        .map(|i| format!("{} {}", i.code, all_versions(&i.name)))
        .unwrap_or_default();
    value
        .evidence
        .iter()
        .map(|document| {
            let text = texts.get(&document.sha256).map_or("", String::as_str);
            Entry {
                kind: EVIDENCE.into(),
                id: value.id.to_string(),
                title: document.name.clone(),
                titles: Vec::new(),
                // The text first: a result's passage is cut from where the word is first found.
                body: distinct_join(&[text, &indicator, &period.code, &name_words(&document.name)]),
                language: None,
                city: value.city.as_ref().map(|c| c.as_str().to_owned()),
                country: value.city.as_ref().and_then(CityCode::country).map(|c| c.iso2().to_owned()),
                themes: Vec::new(),
                year: u16::try_from(period.starts.year()).ok(),
                visibility: Visibility::Values { city: value.city.clone() }.encode(),
                sort_key: None,
                tags: Vec::new(),
            }
        })
        .collect()
}

/// One page of results a reader may see, with the facets of all they may see.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    pub items: Vec<SearchItem>,
    /// Results the reader may see, across pages (within the best candidates).
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    /// Facet name (`kind`, `city`, `country`, `theme`, `year`) to values and their counts.
    pub facets: BTreeMap<&'static str, Vec<(String, usize)>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchItem {
    pub kind: String,
    pub id: String,
    /// In the reader's language when the record has it, else in the language of
    /// `title_language`.
    pub title: String,
    pub title_language: Option<Lang>,
    /// The record's page.
    pub path: String,
    pub snippet: Snippet,
    pub city: Option<String>,
    pub year: Option<u16>,
}

/// A query and the facet values it is narrowed to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    pub text: String,
    /// The reader's: titles are shown in it where they are written in it.
    pub lang: Lang,
    pub kind: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub theme: Option<String>,
    pub year: Option<u16>,
    /// From 1.
    pub page: usize,
}

fn facet_values(hit: &Hit) -> Vec<(&'static str, Cow<'_, str>)> {
    let mut values = vec![("kind", Cow::Borrowed(&*hit.kind))];
    values.extend(hit.city.iter().map(|c| ("city", Cow::Borrowed(&**c))));
    values.extend(hit.country.iter().map(|c| ("country", Cow::Borrowed(&**c))));
    values.extend(hit.themes.iter().map(|t| ("theme", Cow::Borrowed(&**t))));
    values.extend(hit.year.iter().map(|y| ("year", Cow::Owned(y.to_string()))));
    values
}

fn matches_request(hit: &Hit, request: &SearchRequest) -> bool {
    let is = |asked: &Option<String>, value: Option<&Arc<str>>| {
        asked.as_deref().is_none_or(|asked| value.is_some_and(|value| **value == *asked))
    };
    is(&request.kind, Some(&hit.kind))
        && is(&request.city, hit.city.as_ref())
        && is(&request.country, hit.country.as_ref())
        && request.theme.as_deref().is_none_or(|t| hit.themes.iter().any(|theme| **theme == *t))
        && request.year.is_none_or(|y| hit.year == Some(y))
}

/// The title a reader of `lang` is shown, and its language when it is not theirs: of a
/// translated record, the version [`Text::get`] reads; of any other, its one title.
fn title_for(lang: Lang, title: String, titles: &[(String, String)]) -> (String, Option<Lang>) {
    let text = titles
        .iter()
        .filter_map(|(code, title)| Some((Lang::from_tag(code)?, title)))
        .fold(Text::new(), |text, (lang, title)| text.with(lang, title.as_str()));
    match text.version(lang) {
        Some((shown, version)) => (version.to_owned(), (shown != lang).then_some(shown)),
        None => (title, None),
    }
}

fn path_of(kind: &str, id: &str) -> String {
    match kind {
        "organisation" => format!("/organisations/{id}"),
        "person" => format!("/people/{id}"),
        "event" => format!("/events/{id}"),
        "practice" => format!("/practices/{id}"),
        "news" => format!("/news/{id}"),
        "document" => format!("/documents/{id}"),
        EVIDENCE => format!("/results/values/{id}"),
        _ => "/".into(),
    }
}

fn internal(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(error.to_string())
}

impl App {
    async fn search_index(&self) -> Result<Arc<SearchIndex>, AppError> {
        let directory = self.search.directory.clone();
        self.search
            .index
            .get_or_try_init(|| async move {
                tokio::task::spawn_blocking(move || SearchIndex::open(&directory))
                    .await
                    .map_err(internal)?
                    .map(Arc::new)
                    .map_err(internal)
            })
            .await
            .cloned()
    }

    /// Brings this process's index up to the change log; returns the number of log rows applied.
    /// An index never filled (new directory, new schema) is rebuilt from the database first.
    pub async fn catch_up_search(&self) -> Result<usize, AppError> {
        let index = self.search_index().await?;
        let _one_at_a_time = self.search.catching_up.lock().await;
        if index.applied_sequence().map_err(internal)?.is_none() {
            self.rebuild_into(&index).await?;
        }
        let mut applied = 0;
        loop {
            let from = index.applied_sequence().map_err(internal)?.unwrap_or(0);
            let log = self.store.search_changes_after(i64::try_from(from).unwrap_or(i64::MAX), BATCH).await?;
            let Some(last) = log.last().map(|change| change.seq) else { break };
            applied += log.len();
            if log.iter().any(|change| change.kind == EVERYTHING) {
                self.rebuild_into(&index).await?;
                continue;
            }
            let records: BTreeSet<(&str, &str)> =
                log.iter().map(|change| (change.kind.as_str(), change.entity_id.as_str())).collect();
            let mut changes = self.current_states(&records).await?;
            // A person's entry carries their organisations' names and cities (who may find
            // them): an organisation renamed or moved changes its people's entries too.
            for (kind, id) in &records {
                if let ("organisation", Ok(uuid)) = (*kind, uuid::Uuid::parse_str(id)) {
                    let people = self.store.people_of(OrganisationId(uuid)).await?;
                    changes.extend(people.iter().map(|p| Change::Upsert(vec![person_entry(p)])));
                }
            }
            let sequence = u64::try_from(last).unwrap_or(0);
            let writing = index.clone();
            tokio::task::spawn_blocking(move || writing.apply(&changes, sequence))
                .await
                .map_err(internal)?
                .map_err(internal)?;
        }
        let held = index.applied_sequence().map_err(internal)?.unwrap_or(0);
        self.search.applied.store(i64::try_from(held).unwrap_or(i64::MAX), Ordering::Release);
        Ok(applied)
    }

    /// The records as the index should now hold them, each kind read in one store call; a record
    /// gone, or not of a kind indexed, is removed. Removals come first: applied after, one could
    /// take away a record's fresh entries were the log to spell its id another way.
    async fn current_states(&self, records: &BTreeSet<(&str, &str)>) -> Result<Vec<Change>, AppError> {
        let mut ids: BTreeMap<&str, Vec<uuid::Uuid>> = BTreeMap::new();
        for (kind, id) in records {
            if let Ok(uuid) = uuid::Uuid::parse_str(id) {
                ids.entry(*kind).or_default().push(uuid);
            }
        }
        let mut current = Vec::new();
        for (kind, uuids) in &ids {
            current.extend(self.entries_of(kind, uuids).await?);
        }
        let present: BTreeSet<(&str, uuid::Uuid)> = current
            .iter()
            .filter_map(|entries| entries.first())
            .filter_map(|entry| Some((entry.kind.as_str(), uuid::Uuid::parse_str(&entry.id).ok()?)))
            .collect();
        let mut changes: Vec<Change> = records
            .iter()
            .filter(|(kind, id)| uuid::Uuid::parse_str(id).map_or(true, |uuid| !present.contains(&(*kind, uuid))))
            .map(|(kind, id)| Change::Remove { kind: (*kind).to_owned(), id: (*id).to_owned() })
            .collect();
        changes.extend(current.into_iter().map(Change::Upsert));
        Ok(changes)
    }

    /// The entries of the records of one kind among `ids` that exist, one list per record.
    async fn entries_of(&self, kind: &str, ids: &[uuid::Uuid]) -> Result<Vec<Vec<Entry>>, AppError> {
        fn typed<Id>(ids: &[uuid::Uuid], id: fn(uuid::Uuid) -> Id) -> Vec<Id> {
            ids.iter().copied().map(id).collect()
        }
        let store = &self.store;
        Ok(match kind {
            "organisation" => store
                .organisations_by_ids(&typed(ids, OrganisationId))
                .await?
                .iter()
                .map(|o| vec![organisation_entry(o)])
                .collect(),
            "person" => {
                store.people_by_ids(&typed(ids, PersonId)).await?.iter().map(|p| vec![person_entry(p)]).collect()
            }
            "event" => self.events_entries(&store.events_by_ids(&typed(ids, EventId)).await?).await?,
            "practice" => store.practices_by_ids(&typed(ids, PracticeId)).await?.iter().map(practice_entries).collect(),
            "news" => store.news_by_ids(&typed(ids, NewsId)).await?.iter().map(|n| vec![news_entry(n)]).collect(),
            "document" => store
                .library_documents_with_text_by_ids(&typed(ids, LibraryDocumentId))
                .await?
                .iter()
                .map(|(d, t)| vec![document_entry(d, t)])
                .collect(),
            EVIDENCE => self.values_evidence_entries(&store.values_by_ids(&typed(ids, ValueId)).await?).await?,
            _ => Vec::new(),
        })
    }

    /// The entries of each of `events`, with their agenda documents' kept texts.
    async fn events_entries(&self, events: &[Event]) -> Result<Vec<Vec<Entry>>, AppError> {
        let ids: Vec<EventId> = events.iter().map(|e| e.id).collect();
        let agendas = self.store.agendas_of(&ids).await?;
        let files: Vec<&str> =
            agendas.iter().flat_map(|item| item.documents.iter().map(|d| d.sha256.as_str())).collect();
        let texts = self.store.file_texts(&files).await?;
        Ok(events
            .iter()
            .map(|event| {
                let agenda: Vec<&AgendaItem> = agendas.iter().filter(|item| item.event == event.id).collect();
                event_entries(event, &agenda, &texts)
            })
            .collect())
    }

    /// The entries of each of `values`' evidence files, with their kept texts.
    async fn values_evidence_entries(&self, values: &[IndicatorValue]) -> Result<Vec<Vec<Entry>>, AppError> {
        let logframes = self.all_logframes().await?;
        let files: Vec<&str> = values.iter().flat_map(|v| v.evidence.iter().map(|d| d.sha256.as_str())).collect();
        let texts = self.store.file_texts(&files).await?;
        Ok(values
            .iter()
            .map(|value| {
                Logframe::holding(&logframes, value.period)
                    .map_or_else(Vec::new, |logframe| evidence_entries(value, logframe, &texts))
            })
            .collect())
    }

    /// Rebuilds `index` from the database, as of the log's newest row read before the records
    /// (changes made meanwhile are applied again after: applying a change twice is harmless).
    async fn rebuild_into(&self, index: &Arc<SearchIndex>) -> Result<usize, AppError> {
        let sequence = u64::try_from(self.store.last_search_change().await?).unwrap_or(0);
        let mut entries = Vec::new();
        let (organisations, _) = self.store.organisations(&OrganisationFilter::default(), u64::MAX >> 1, 0).await?;
        entries.extend(organisations.iter().map(organisation_entry));
        let (people, _) = self.store.people(&PeopleFilter::default(), u64::MAX >> 1, 0).await?;
        entries.extend(people.iter().map(person_entry));
        entries.extend(self.events_entries(&self.store.events().await?).await?.into_iter().flatten());
        entries.extend(self.store.all_practices().await?.iter().flat_map(practice_entries));
        entries.extend(self.store.all_news().await?.iter().map(news_entry));
        entries.extend(self.store.library_documents_with_text().await?.iter().map(|(d, t)| document_entry(d, t)));
        let evidenced = self.store.values_with_evidence(u64::MAX >> 1).await?;
        entries.extend(self.values_evidence_entries(&evidenced).await?.into_iter().flatten());
        let count = entries.len();
        let writing = index.clone();
        tokio::task::spawn_blocking(move || writing.rebuild(entries, sequence))
            .await
            .map_err(internal)?
            .map_err(internal)?;
        Ok(count)
    }

    /// `mekong search reindex`: rebuilds this data directory's index from the database; returns
    /// the number of records indexed.
    pub async fn reindex_search(&self) -> Result<usize, AppError> {
        let index = self.search_index().await?;
        let _one_at_a_time = self.search.catching_up.lock().await;
        self.rebuild_into(&index).await
    }

    /// Follows the change log until `stop` says so: other processes' changes become searchable
    /// here within a poll.
    pub async fn follow_search_changes(&self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if let Err(error) = self.catch_up_search().await {
                tracing::error!(%error, "search index");
            }
            tokio::select! {
                _ = stop.changed() => return,
                () = tokio::time::sleep(FOLLOW_EVERY) => {}
            }
        }
    }

    /// This process's index, first brought up to the log when behind it, so that a reader finds
    /// what any process just saved.
    async fn current_search_index(&self) -> Result<Arc<SearchIndex>, AppError> {
        if self.store.last_search_change().await? > self.search.applied.load(Ordering::Acquire) {
            self.catch_up_search().await?;
        }
        self.search_index().await
    }

    /// A page of the directory's name search (see [`crate::names`]); `None` when the text holds
    /// no word to look for. Then the index is not opened: a command listing the directory runs
    /// beside `mekong serve`, which holds it.
    pub(crate) async fn names(&self, search: &NameSearch<'_>) -> Result<Option<Named>, AppError> {
        if mekong_search::analysis::words(search.text).is_empty() {
            return Ok(None);
        }
        self.current_search_index().await?.names(search).map_err(internal)
    }

    /// The records matching `request` that `actor` may see, best first, a page at a time. The
    /// index is first brought up to the log, so a reader finds what was just saved.
    pub async fn search(&self, actor: &Actor, request: &SearchRequest) -> Result<SearchResults, AppError> {
        if request.text.trim().is_empty() {
            // Nothing asked, nothing found: no reason to touch the index or the log.
            return Ok(SearchResults { items: Vec::new(), total: 0, page: 1, pages: 1, facets: BTreeMap::new() });
        }
        let index = self.current_search_index().await?;
        let found = index.search(&request.text, CANDIDATES).map_err(internal)?;
        // A published practice with drafts is two entries: who may see both finds it once, where
        // it ranks better. A thousand hits share a few visibilities: each is decided once.
        let mut listed = BTreeSet::new();
        let mut seen: HashMap<&str, bool> = HashMap::new();
        let visible: Vec<&Hit> = found
            .hits
            .iter()
            .filter(|hit| {
                *seen.entry(&hit.visibility).or_insert_with(|| Visibility::decode(&hit.visibility).seen_by(actor))
            })
            .filter(|hit| listed.insert((&*hit.kind, &*hit.id)))
            .collect();
        let mut counts: BTreeMap<&'static str, BTreeMap<Cow<'_, str>, usize>> = BTreeMap::new();
        for hit in &visible {
            for (facet, value) in facet_values(hit) {
                *counts.entry(facet).or_default().entry(value).or_default() += 1;
            }
        }
        let facets = counts
            .into_iter()
            .map(|(facet, values)| {
                let mut values: Vec<(String, usize)> =
                    values.into_iter().map(|(value, count)| (value.into_owned(), count)).collect();
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                (facet, values)
            })
            .collect();
        let selected: Vec<&Hit> = visible.into_iter().filter(|hit| matches_request(hit, request)).collect();
        let total = selected.len();
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let page = request.page.clamp(1, pages);
        let mut items = Vec::new();
        for hit in selected.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE) {
            let shown = found.shown(hit).map_err(internal)?;
            let (title, title_language) = title_for(request.lang, shown.title, &shown.titles);
            items.push(SearchItem {
                kind: hit.kind.to_string(),
                id: hit.id.to_string(),
                title,
                title_language,
                path: path_of(&hit.kind, &hit.id),
                snippet: shown.snippet,
                city: hit.city.as_deref().map(str::to_owned),
                year: hit.year,
            });
        }
        Ok(SearchResults { items, total, page, pages, facets })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visibility_reads_back_what_was_written() -> Result<(), mekong_core::directory::DirectoryError> {
        let pnh = CityCode::parse("KH-PNH")?;
        for visibility in [
            Visibility::Public,
            Visibility::Person { shared: true, cities: vec![pnh.clone()] },
            Visibility::Person { shared: false, cities: Vec::new() },
            Visibility::Draft { cities: vec![pnh.clone()] },
            Visibility::Library { audience: Audience::Network, cities: vec![pnh.clone()] },
            Visibility::Library { audience: Audience::Staff, cities: Vec::new() },
            Visibility::Values { city: Some(pnh) },
            Visibility::Values { city: None },
        ] {
            assert_eq!(Visibility::decode(&visibility.encode()), visibility);
        }
        Ok(())
    }

    #[test]
    fn a_file_is_found_by_the_words_of_its_name() {
        assert_eq!(name_words("training_list-2025.pdf"), "training list 2025 pdf");
    }

    #[test]
    fn a_title_is_shown_in_the_readers_language_or_says_which_it_is_in() {
        let titles = [("fr".to_owned(), "Compostage".to_owned()), ("km".to_owned(), "ជីកំប៉ុស".to_owned())];
        let joined = || "Compostage · ជីកំប៉ុស".to_owned();
        assert_eq!(title_for(Lang::Km, joined(), &titles), ("ជីកំប៉ុស".to_owned(), None));
        assert_eq!(title_for(Lang::Lo, joined(), &titles), ("Compostage".to_owned(), Some(Lang::Fr)));
        assert_eq!(title_for(Lang::Lo, "Sokha Chan".to_owned(), &[]), ("Sokha Chan".to_owned(), None));
    }

    #[test]
    fn unreadable_visibility_is_the_most_private() {
        assert_eq!(Visibility::decode("secret"), Visibility::Draft { cities: Vec::new() });
        assert_eq!(Visibility::decode("values:nowhere"), Visibility::Draft { cities: Vec::new() });
    }

    #[test]
    fn bulk_changes_rebuild_everything_and_other_areas_are_not_logged() {
        assert_eq!(logged_kind("person", "p1"), Some(("person", "p1")));
        assert_eq!(logged_kind("people", "import"), Some((EVERYTHING, "")));
        assert_eq!(logged_kind("expense", "e1"), None);
    }
}
