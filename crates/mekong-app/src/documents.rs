//! The documents library: documents uploaded with their metadata and audience, their versions
//! (a new one never replaces the earlier ones), the text of the current version extracted for
//! search at upload (bounded in size and time; a file whose text cannot be read is refused), and
//! the documents already attached elsewhere (agenda sessions, indicator evidence) listed with
//! their owners' rights and read from where they are.

use crate::audit::{Change, audit_actor};
use crate::events::Upload;
use crate::finance::actor_name;
use crate::organisations::{MAX_PAGE, PER_PAGE, Page};
use crate::policy::{self, Actor, Permission, Target};
use crate::results::{GridScope, Logframe};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::documents::{Audience, DocumentKind, LibraryDocument};
use mekong_core::events::Event;
use mekong_core::ids::{EventId, LibraryDocumentId, PracticeId};
use mekong_core::input::{self, TextKind};
use mekong_core::practices::Practice;
use mekong_core::text::Text;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::Theme;
use mekong_store::documents::{LibraryFilter, LibraryReader};
use mekong_store::practices::PracticeFilter;
use mekong_store::{StoreError, WriteTxn};
use std::collections::BTreeMap;
use std::time::Duration;

/// How long reading a document's text may take before the upload is refused.
const EXTRACTION_TIME: Duration = Duration::from_secs(20);
/// Attached documents looked at for the library's second list (newest first).
const ATTACHED_CANDIDATES: u64 = 500;
/// The most practices a document's form offers to link.
const MAX_LINKABLE_PRACTICES: u64 = 1_000;

/// A document's metadata as typed.
#[derive(Debug, Clone, Default)]
pub struct DocumentDraft {
    /// The title in each language typed.
    pub titles: Vec<(Lang, String)>,
    pub kind: String,
    pub themes: Vec<String>,
    pub cities: Vec<String>,
    pub language: String,
    pub year: String,
    pub organisation: String,
    pub audience: String,
    /// Event ids.
    pub events: Vec<String>,
    /// Good practice ids.
    pub practices: Vec<String>,
    /// What the upload is, in the uploader's words.
    pub note: String,
}

/// Which documents the list shows, besides what the reader may read.
#[derive(Debug, Clone, Default)]
pub struct LibraryListFilter {
    pub kind: Option<DocumentKind>,
    pub theme: Option<Theme>,
    pub language: Option<Lang>,
    pub year: Option<i32>,
    pub event: Option<EventId>,
}

/// A document with the events it belongs to (those the reader may see), for its page.
#[derive(Debug, Clone)]
pub struct DocumentView {
    pub document: LibraryDocument,
    pub events: Vec<Event>,
    /// The good practices it documents, those the reader may see.
    pub practices: Vec<Practice>,
    pub may_add_version: bool,
}

/// Where an attached document lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachedSource {
    /// A session of an event's agenda.
    Agenda,
    /// Evidence of an indicator value.
    Evidence,
}

/// A document attached to another record, listed by the library and read where it is.
#[derive(Debug, Clone)]
pub struct AttachedDocument {
    pub name: String,
    pub source: AttachedSource,
    /// Its download, through its owner's route and rights.
    pub href: String,
    /// The session's title, or the indicator's code and the period.
    pub context: String,
    /// The event's page, or the values grid.
    pub context_href: String,
    pub city: Option<CityCode>,
}

fn reader_of(actor: &Actor) -> LibraryReader {
    if policy::reads_document(actor, Audience::Staff, &[]) {
        LibraryReader::Staff
    } else if actor.user.is_some() {
        LibraryReader::Member { cities: actor.focal_cities() }
    } else {
        LibraryReader::Public
    }
}

/// Refuses a document its audience keeps from `actor`: a visitor is asked to sign in.
fn may_read(actor: &Actor, document: &LibraryDocument) -> Result<(), AppError> {
    if policy::reads_document(actor, document.audience, &document.cities) {
        Ok(())
    } else if actor.user.is_none() {
        Err(AppError::Unauthenticated)
    } else {
        Err(AppError::Forbidden)
    }
}

fn parse_ids(raw: &[String], field: &str, errors: &mut FieldErrors) -> Vec<uuid::Uuid> {
    let mut ids = Vec::new();
    for value in raw.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match uuid::Uuid::parse_str(value) {
            Ok(id) if !ids.contains(&id) => ids.push(id),
            Ok(_) => {}
            Err(_) => errors.add(field, "error-documents-link"),
        }
    }
    ids
}

/// The text to keep for the index of a file attached elsewhere (an agenda session's, a value's
/// evidence), read before the write begins: reading a PDF may take up to the extraction's time
/// limit, and no writer should wait on it. Such a file need not be a text (a photo, a scanned
/// page): one whose text cannot be read has none, and is attached all the same.
pub(crate) async fn attached_text(bytes: &[u8]) -> Option<String> {
    let content_type = crate::files::sniffed_type(bytes)?;
    extracted_text("file", content_type, bytes).await.ok().filter(|text| !text.trim().is_empty())
}

/// The text of a file for the index, read away from the async workers and within a time limit;
/// `field` names the form's file field for the errors.
pub(crate) async fn extracted_text(field: &str, content_type: &str, bytes: &[u8]) -> Result<String, AppError> {
    let (content_type, bytes) = (content_type.to_owned(), bytes.to_vec());
    let reading = tokio::task::spawn_blocking(move || mekong_docs::extract_text(&content_type, &bytes));
    match tokio::time::timeout(EXTRACTION_TIME, reading).await {
        Ok(Ok(Ok(text))) => Ok(text.unwrap_or_default()),
        Ok(Ok(Err(mekong_docs::ExtractError::TooLarge))) => Err(AppError::field(field, "error-documents-unpacked")),
        Ok(Ok(Err(mekong_docs::ExtractError::Unreadable(_)))) | Err(_) => {
            Err(AppError::field(field, "error-documents-unreadable"))
        }
        Ok(Err(error)) => Err(AppError::Internal(format!("reading a document's text: {error}"))),
    }
}

impl App {
    /// One page (from 1) of the library's documents `actor` may read, newest first.
    pub async fn library(
        &self,
        actor: &Actor,
        filter: &LibraryListFilter,
        page: u64,
    ) -> Result<Page<LibraryDocument>, AppError> {
        policy::authorise(actor, Permission::ViewDocuments, &Target::Nothing)?;
        let page = page.clamp(1, MAX_PAGE);
        let query = LibraryFilter {
            reader: reader_of(actor),
            kind: filter.kind,
            theme: filter.theme,
            language: filter.language,
            year: filter.year,
            event: filter.event,
        };
        let (items, total) = self.store.library_page(&query, page - 1, PER_PAGE).await?;
        Ok(Page { items, total, page, per_page: PER_PAGE })
    }

    /// A document with its versions and events, when `actor` may read it.
    pub async fn library_document(&self, actor: &Actor, id: LibraryDocumentId) -> Result<DocumentView, AppError> {
        policy::authorise(actor, Permission::ViewDocuments, &Target::Nothing)?;
        let document = self.store.library_document(id).await?;
        may_read(actor, &document)?;
        let mut events = Vec::new();
        for event in &document.events {
            match self.visible_event(actor, *event).await {
                Ok((event, _)) => events.push(event),
                Err(AppError::NotFound | AppError::Forbidden | AppError::Unauthenticated) => {}
                Err(other) => return Err(other),
            }
        }
        let mut practices = Vec::new();
        for id in &document.practices {
            if let Some(practice) = self.visible_practice(actor, PracticeId(*id)).await? {
                practices.push(practice);
            }
        }
        let may_add_version =
            policy::authorise(actor, Permission::AddDocuments, &Target::Record(document.cities.clone())).is_ok();
        Ok(DocumentView { document, events, practices, may_add_version })
    }

    /// Whether `actor` may add documents to the library (the upload link).
    pub fn may_add_documents(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::AddDocuments, &Target::Nothing).is_ok()
    }

    /// The events a document may be linked to: those `actor` may see, newest first.
    pub async fn linkable_events(&self, actor: &Actor) -> Result<Vec<Event>, AppError> {
        let events = self.store.events().await?;
        Ok(events.into_iter().filter(|e| self.event_access(actor, e).is_some()).collect())
    }

    /// The good practices a document may be linked to: those `actor` may see, the latest
    /// published first (a network documents a few hundred).
    pub async fn linkable_practices(&self, actor: &Actor) -> Result<Vec<Practice>, AppError> {
        let filter = PracticeFilter { drafts_of: crate::practices::drafts_seen_by(actor), ..PracticeFilter::default() };
        let (practices, _) = self.store.practices_page(&filter, 0, MAX_LINKABLE_PRACTICES).await?;
        Ok(practices.into_iter().filter(|p| crate::practices::sees(actor, p)).collect())
    }

    /// A practice, if there is one of this id that `actor` may see.
    async fn visible_practice(&self, actor: &Actor, id: PracticeId) -> Result<Option<Practice>, AppError> {
        match self.store.practice(id).await {
            Ok(practice) => Ok(crate::practices::sees(actor, &practice).then_some(practice)),
            Err(StoreError::NotFound) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }

    async fn parse_document(
        &self,
        actor: &Actor,
        draft: &DocumentDraft,
        errors: &mut FieldErrors,
    ) -> Result<Option<LibraryDocument>, AppError> {
        let mut title = Text::new();
        for (lang, value) in &draft.titles {
            let checked = input::check(value, TextKind::Title, &format!("title_{}", lang.code()), errors);
            title = title.with(*lang, checked);
        }
        if title.is_empty() {
            errors.add("title_fr", "error-required");
        }
        let kind = DocumentKind::parse(&draft.kind);
        if kind.is_none() {
            errors.add("kind", "error-required");
        }
        let mut themes = Vec::new();
        for raw in draft.themes.iter().filter(|t| !t.trim().is_empty()) {
            match Theme::parse(raw) {
                Some(theme) if !themes.contains(&theme) => themes.push(theme),
                Some(_) => {}
                None => errors.add("themes", "error-theme"),
            }
        }
        let mut cities = Vec::new();
        for raw in draft.cities.iter().filter(|c| !c.trim().is_empty()) {
            match CityCode::parse(raw) {
                Ok(city) if !cities.contains(&city) => match self.store.find_city(&city).await {
                    Ok(_) => cities.push(city),
                    Err(mekong_store::StoreError::NotFound) => errors.add("cities", "error-city"),
                    Err(other) => return Err(other.into()),
                },
                Ok(_) => {}
                Err(_) => errors.add("cities", "error-city"),
            }
        }
        // A focal point adds documents of their own cities only (at least one of them, said next
        // to the field); another city's is refused outright.
        if cities.is_empty() {
            if policy::authorise(actor, Permission::AddDocuments, &Target::Record(Vec::new())).is_err() {
                errors.add("cities", "error-required");
            }
        } else {
            policy::authorise(actor, Permission::AddDocuments, &Target::Record(cities.clone()))?;
        }
        let language = Lang::from_tag(&draft.language);
        if language.is_none() {
            errors.add("language", "error-required");
        }
        let year = draft.year.trim().parse::<i32>().ok();
        if year.is_none() {
            errors.add("year", "error-documents-year");
        }
        let audience = Audience::parse(&draft.audience);
        if audience.is_none() {
            errors.add("audience", "error-required");
        }
        let organisation = input::check(&draft.organisation, TextKind::Name, "organisation", errors);
        let events: Vec<EventId> = parse_ids(&draft.events, "events", errors).into_iter().map(EventId).collect();
        for event in &events {
            match self.visible_event(actor, *event).await {
                Ok(_) => {}
                Err(AppError::NotFound | AppError::Forbidden | AppError::Unauthenticated) => {
                    errors.add("events", "error-documents-link");
                }
                Err(other) => return Err(other),
            }
        }
        let practices = parse_ids(&draft.practices, "practices", errors);
        for id in &practices {
            if self.visible_practice(actor, PracticeId(*id)).await?.is_none() {
                errors.add("practices", "error-documents-link");
            }
        }
        let (Some(kind), Some(language), Some(year), Some(audience)) = (kind, language, year, audience) else {
            return Ok(None);
        };
        let document = LibraryDocument {
            id: LibraryDocumentId::new(),
            title,
            kind,
            themes,
            cities,
            language,
            year,
            organisation,
            audience,
            versions: Vec::new(),
            events,
            practices,
            version: 1,
        };
        if let Err(more) = document.check() {
            for problem in more.0 {
                if errors.for_field(&problem.field).is_none() {
                    errors.add(&problem.field, &problem.message);
                }
            }
        }
        Ok(Some(document))
    }

    /// Checks an uploaded file at the boundary (present, within the size, of an accepted type)
    /// and reads its text; nothing is stored yet.
    async fn read_upload<'u>(&self, upload: Option<&'u Upload>) -> Result<(&'u [u8], String, String), AppError> {
        let Some(upload) = upload.filter(|u| !u.bytes.is_empty()) else {
            return Err(AppError::field("file", "error-file-empty"));
        };
        if upload.bytes.len() > crate::files::MAX_FILE_BYTES {
            return Err(AppError::field("file", "error-file-too-large"));
        }
        let Some(content_type) = crate::files::sniffed_type(&upload.bytes) else {
            return Err(AppError::field("file", "error-file-type"));
        };
        let text = extracted_text("file", content_type, &upload.bytes).await?;
        Ok((&upload.bytes, upload.name.clone(), text))
    }

    /// Adds a document to the library with its first version.
    pub async fn add_library_document(
        &self,
        actor: &Actor,
        draft: &DocumentDraft,
        upload: Option<&Upload>,
    ) -> Result<LibraryDocument, AppError> {
        policy::authorise(actor, Permission::AddDocuments, &Target::Nothing)?;
        let mut errors = FieldErrors::default();
        let parsed = self.parse_document(actor, draft, &mut errors).await?;
        let note = input::check(&draft.note, TextKind::Comment, "note", &mut errors);
        let (Some(mut document), true) = (parsed, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let (bytes, name, text) = self.read_upload(upload).await?;
        let txn = self.store.begin_write().await?;
        let file = self.store_file(&txn, "file", &name, bytes).await?;
        document.add_version(file, note, actor_name(actor), self.clock.now());
        txn.save_library_document(&document, &text).await?;
        self.record_document(&txn, actor, "document.added", None, &document).await?;
        txn.commit().await?;
        Ok(document)
    }

    /// Uploads a new version of the document read at `version`; the earlier ones stay.
    pub async fn add_library_version(
        &self,
        actor: &Actor,
        id: LibraryDocumentId,
        version: i32,
        note: &str,
        upload: Option<&Upload>,
    ) -> Result<LibraryDocument, AppError> {
        let before = self.store.library_document(id).await?;
        may_read(actor, &before)?;
        policy::authorise(actor, Permission::AddDocuments, &Target::Record(before.cities.clone()))?;
        let mut errors = FieldErrors::default();
        let note = input::check(note, TextKind::Comment, "note", &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let (bytes, name, text) = self.read_upload(upload).await?;
        let txn = self.store.begin_write().await?;
        let file = self.store_file(&txn, "file", &name, bytes).await?;
        let mut after = before.clone();
        after.add_version(file, note, actor_name(actor), self.clock.now());
        after.version += 1;
        txn.save_library_document(&after, &text).await?;
        self.record_document(&txn, actor, "document.version_added", Some(&before), &after).await?;
        txn.commit().await?;
        Ok(after)
    }

    async fn record_document(
        &self,
        txn: &WriteTxn,
        actor: &Actor,
        action: &str,
        before: Option<&LibraryDocument>,
        after: &LibraryDocument,
    ) -> Result<(), AppError> {
        let change = Change {
            action,
            entity_type: "document",
            entity_id: after.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(after).ok(),
        };
        self.record(txn, audit_actor(actor), change).await.map(|_| ())
    }

    /// The file of version `number` of a document (its name, type and bytes), to its readers.
    pub async fn open_library_version(
        &self,
        actor: &Actor,
        id: LibraryDocumentId,
        number: u32,
    ) -> Result<(String, String, Vec<u8>), AppError> {
        policy::authorise(actor, Permission::ViewDocuments, &Target::Nothing)?;
        let document = self.store.library_document(id).await?;
        may_read(actor, &document)?;
        let version = document.versions.iter().find(|v| v.number == number).ok_or(AppError::NotFound)?;
        let (file, bytes) = self.read_file(&version.file.sha256).await?;
        Ok((version.file.name.clone(), file.content_type, bytes))
    }

    /// One page (from 1) of the documents attached to agenda sessions and indicator values that
    /// `actor` may read there: an event's to whoever sees the event, evidence to whoever sees
    /// the values grid (staff, and the city's focal points).
    pub async fn attached_documents(
        &self,
        actor: &Actor,
        lang: Lang,
        page: u64,
    ) -> Result<Page<AttachedDocument>, AppError> {
        policy::authorise(actor, Permission::ViewDocuments, &Target::Nothing)?;
        let mut found = Vec::new();
        let mut events: BTreeMap<EventId, Option<Event>> = BTreeMap::new();
        for item in self.store.agenda_items_with_documents(ATTACHED_CANDIDATES).await? {
            if let std::collections::btree_map::Entry::Vacant(slot) = events.entry(item.event) {
                let seen = match self.store.event(item.event).await {
                    Ok(event) => self.event_access(actor, &event).is_some().then_some(event),
                    Err(mekong_store::StoreError::NotFound) => None,
                    Err(other) => return Err(other.into()),
                };
                slot.insert(seen);
            }
            let Some(Some(event)) = events.get(&item.event) else { continue };
            for document in &item.documents {
                found.push(AttachedDocument {
                    name: document.name.clone(),
                    source: AttachedSource::Agenda,
                    href: format!("/events/{}/documents/{}", event.id, document.sha256),
                    context: format!("{} · {}", event.title.get(lang), item.title),
                    context_href: format!("/events/{}", event.id),
                    city: event.host_city.clone(),
                });
            }
        }
        let values = self.store.values_with_evidence(ATTACHED_CANDIDATES).await?;
        if !values.is_empty() {
            let logframes = self.all_logframes().await?;
            for value in values {
                let Some(logframe) = Logframe::holding(&logframes, value.period) else { continue };
                let Some(period) = logframe.period(value.period) else { continue };
                if GridScope::of(value.city.as_ref()).authorise(actor).is_err() {
                    continue;
                }
                let grid = logframe.grid_path(value.period, value.city.as_ref());
                let indicator = logframe.indicator(value.indicator).map(|i| i.code.clone()).unwrap_or_default();
                for document in &value.evidence {
                    found.push(AttachedDocument {
                        name: document.name.clone(),
                        source: AttachedSource::Evidence,
                        href: format!("{grid}/evidence/{}", document.sha256),
                        context: format!("{indicator} · {}", period.code),
                        context_href: grid.clone(),
                        city: value.city.clone(),
                    });
                }
            }
        }
        let total = u64::try_from(found.len()).unwrap_or(u64::MAX);
        let page = page.clamp(1, total.div_ceil(PER_PAGE).max(1));
        let skip = usize::try_from((page - 1) * PER_PAGE).unwrap_or(usize::MAX);
        let items = found.into_iter().skip(skip).take(usize::try_from(PER_PAGE).unwrap_or(usize::MAX)).collect();
        Ok(Page { items, total, page, per_page: PER_PAGE })
    }
}
