//! Good practices: the list a reader may see (published ones for everyone, a city's drafts for
//! its focal points and the network's staff), a practice with its history, writing one
//! language version at a time with the shared facts, photos with their consent, and the
//! coordinator's review, which publishes or sends back each language version on its own.
//! Every step is written to the audit trail in its transaction.

use crate::audit::{AuditFilter, Change, audit_actor};
use crate::events::Upload;
use crate::finance::actor_name;
use crate::organisations::{MAX_PAGE, PER_PAGE, Page};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use jiff::Timestamp;
use mekong_core::Lang;
use mekong_core::audit::AuditEntry;
use mekong_core::directory::CityCode;
use mekong_core::ids::{OrganisationId, PersonId, PracticeId};
use mekong_core::input::{self, TextKind};
use mekong_core::money::{parse_currency_field, parse_money_field};
use mekong_core::people::{OrganisationFilter, PeopleFilter, parse_date};
use mekong_core::practices::{IndicatorLink, Named, Photo, Practice, PracticeText, TranslationStatus};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::Theme;
use mekong_store::practices::PracticeFilter;
use mekong_store::{StoreError, WriteTxn};
use std::collections::BTreeMap;

/// The most partners, indicators or themes a practice names, and photos or documents it holds.
pub const MAX_LINKS: usize = 50;

/// A practice as typed: the shared facts and one language version.
#[derive(Debug, Clone, Default)]
pub struct PracticeDraft {
    pub city: String,
    pub themes: Vec<String>,
    pub starts_on: String,
    pub ends_on: String,
    /// The cost, typed in the writer's language (`typed_in`), in `currency`; empty for none.
    pub cost: String,
    pub currency: String,
    pub typed_in: Lang,
    /// Organisation ids.
    pub partners: Vec<String>,
    /// A person id, or empty.
    pub contact: String,
    /// Indicator ids.
    pub indicators: Vec<String>,
    /// The language version written (`fr`, `en`, `km`, `lo`, `vi`).
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub problem: String,
    pub actions: String,
    pub results: String,
    /// `draft`, `needs_review` or (for the coordinator) `published`.
    pub status: String,
}

/// A new photo as typed.
#[derive(Debug, Clone, Default)]
pub struct PhotoDraft {
    pub caption: String,
    pub credit: String,
    /// The people shown agreed to its publication.
    pub consent: bool,
}

/// Which practices a list shows, besides what the reader may see.
#[derive(Debug, Clone, Default)]
pub struct PracticeListFilter {
    pub theme: Option<Theme>,
    pub city: Option<CityCode>,
    pub country: Option<String>,
    pub language: Option<Lang>,
}

/// A practice with what its reader may do and see.
#[derive(Debug, Clone)]
pub struct PracticeView {
    pub practice: Practice,
    /// The reader writes it: they see its drafts, photos without consent and its history.
    pub may_write: bool,
    pub may_review: bool,
    pub history: Vec<AuditEntry>,
}

/// What a practice's form offers to link.
#[derive(Debug, Clone, Default)]
pub struct PracticeChoices {
    pub organisations: Vec<Named<OrganisationId>>,
    pub people: Vec<Named<PersonId>>,
    pub indicators: Vec<IndicatorLink>,
}

/// The coordinator's review of one language version: `publish`, or `send_back` with a comment.
#[derive(Debug, Clone, Default)]
pub struct ReviewDraft {
    pub lang: String,
    pub decision: String,
    pub comment: String,
}

fn writes(actor: &Actor, city: &CityCode) -> bool {
    policy::authorise(actor, Permission::WritePractices, &Target::City(city.clone())).is_ok()
}

/// Whether `actor` may see a practice: published, or of a city whose practices they write.
pub(crate) fn sees(actor: &Actor, practice: &Practice) -> bool {
    practice.is_published() || writes(actor, &practice.city)
}

/// Whose unpublished practices `actor` sees besides the published ones: `None` for every city's.
pub(crate) fn drafts_seen_by(actor: &Actor) -> Option<Vec<CityCode>> {
    if actor.is_staff() { None } else { Some(actor.focal_cities()) }
}

fn reviews(actor: &Actor) -> bool {
    policy::authorise(actor, Permission::ReviewPractices, &Target::Nothing).is_ok()
}

impl App {
    /// Whether `actor` may start a practice (the new practice link).
    pub fn may_write_practices(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::WritePractices, &Target::Nothing).is_ok()
    }

    /// Whether `actor` reviews and publishes practices.
    pub fn may_review_practices(&self, actor: &Actor) -> bool {
        reviews(actor)
    }

    /// The practices first published from `from` until before `until`: the shared ones the
    /// results area counts.
    pub async fn practices_shared(&self, from: Timestamp, until: Timestamp) -> Result<Vec<Practice>, AppError> {
        Ok(self.store.practices_shared(from, until).await?)
    }

    /// One page (from 1) of the practices `actor` may see, the latest published first.
    pub async fn practices(
        &self,
        actor: &Actor,
        filter: &PracticeListFilter,
        page: u64,
    ) -> Result<Page<Practice>, AppError> {
        let page = page.clamp(1, MAX_PAGE);
        let query = PracticeFilter {
            drafts_of: drafts_seen_by(actor),
            theme: filter.theme,
            city: filter.city.clone(),
            country: filter.country.clone(),
            language: filter.language,
        };
        let (items, total) = self.store.practices_page(&query, page - 1, PER_PAGE).await?;
        Ok(Page { items, total, page, per_page: PER_PAGE })
    }

    /// A practice, when published or when `actor` writes it, with its history for its writers.
    pub async fn practice(&self, actor: &Actor, id: PracticeId) -> Result<PracticeView, AppError> {
        let practice = self.store.practice(id).await?;
        let may_write = writes(actor, &practice.city);
        if !practice.is_published() {
            policy::authorise(actor, Permission::WritePractices, &Target::City(practice.city.clone()))?;
        }
        let history = if may_write {
            let filter = AuditFilter {
                entity_type: Some("practice".into()),
                entity_id: Some(id.to_string()),
                limit: 200,
                ..AuditFilter::default()
            };
            self.store.audit_entries(&filter).await?
        } else {
            Vec::new()
        };
        Ok(PracticeView { may_review: reviews(actor), practice, may_write, history })
    }

    /// The organisations, people and indicators a practice may name.
    pub async fn practice_choices(&self, actor: &Actor) -> Result<PracticeChoices, AppError> {
        policy::authorise(actor, Permission::WritePractices, &Target::Nothing)?;
        let lang = actor.user.as_ref().map_or(Lang::DEFAULT, |u| u.language);
        let (organisations, _) = self.store.organisations(&OrganisationFilter::default(), 500, 0).await?;
        let (people, _) = self.store.people(&PeopleFilter::default(), 500, 0).await?;
        let mut indicators = Vec::new();
        for programme in self.store.programmes().await? {
            let (_, found) = self.store.logframe(programme.id).await?;
            indicators.extend(found.into_iter().map(|i| IndicatorLink {
                id: i.id,
                label: format!("{} · {} · {}", programme.code, i.code, i.name.get(lang)),
            }));
        }
        Ok(PracticeChoices {
            organisations: organisations
                .iter()
                .map(|o| Named { id: o.id, name: o.names.for_reader(lang).to_owned() })
                .collect(),
            people: people.iter().map(|p| Named { id: p.id, name: p.display_name().to_owned() }).collect(),
            indicators,
        })
    }

    /// Reads the typed practice onto `base` (a new practice, or the one changed).
    async fn read_practice(
        &self,
        actor: &Actor,
        draft: &PracticeDraft,
        mut base: Practice,
    ) -> Result<Practice, AppError> {
        let mut errors = FieldErrors::default();
        let lang = Lang::from_tag(draft.lang.trim());
        if lang.is_none() {
            errors.add("lang", "error-language");
        }
        let mut themes = Vec::new();
        for raw in draft.themes.iter().filter(|t| !t.trim().is_empty()) {
            match Theme::parse(raw) {
                Some(theme) if !themes.contains(&theme) => themes.push(theme),
                Some(_) => {}
                None => errors.add("themes", "error-theme"),
            }
        }
        let starts_on = parse_date(&draft.starts_on, "starts_on", &mut errors);
        let ends_on = parse_date(&draft.ends_on, "ends_on", &mut errors);
        let cost = if draft.cost.trim().is_empty() {
            None
        } else {
            parse_currency_field(&draft.currency, "currency", &mut errors)
                .and_then(|currency| parse_money_field(&draft.cost, currency, draft.typed_in, "cost", &mut errors))
        };
        let choices = self.practice_choices(actor).await?;
        let wanted = |raw: &[String]| {
            raw.iter().filter(|v| !v.trim().is_empty()).map(|v| v.trim().to_owned()).collect::<Vec<_>>()
        };
        let partner_ids = wanted(&draft.partners);
        let partners: Vec<Named<OrganisationId>> =
            choices.organisations.iter().filter(|o| partner_ids.contains(&o.id.to_string())).cloned().collect();
        if partners.len() != partner_ids.len() {
            errors.add("partners", "error-practice-partner");
        }
        let contact = match draft.contact.trim() {
            "" => None,
            raw => match uuid::Uuid::parse_str(raw).map(PersonId) {
                Ok(id) => match self.store.person(id).await {
                    Ok(person) => Some(Named { id, name: person.display_name().to_owned() }),
                    Err(StoreError::NotFound) => None,
                    Err(other) => return Err(other.into()),
                },
                Err(_) => None,
            },
        };
        if contact.is_none() && !draft.contact.trim().is_empty() {
            errors.add("contact", "error-person");
        }
        let indicator_ids = wanted(&draft.indicators);
        let indicators: Vec<IndicatorLink> =
            choices.indicators.iter().filter(|i| indicator_ids.contains(&i.id.to_string())).cloned().collect();
        if indicators.len() != indicator_ids.len() {
            errors.add("indicators", "error-practice-indicator");
        }
        for (field, count) in
            [("themes", themes.len()), ("partners", partner_ids.len()), ("indicators", indicator_ids.len())]
        {
            if count > MAX_LINKS {
                errors.add(field, "error-practice-too-many");
            }
        }
        let title = input::check(&draft.title, TextKind::Title, "title", &mut errors);
        let summary = input::check(&draft.summary, TextKind::Comment, "summary", &mut errors);
        let problem = input::check(&draft.problem, TextKind::Body, "problem", &mut errors);
        let actions = input::check(&draft.actions, TextKind::Body, "actions", &mut errors);
        let results = input::check(&draft.results, TextKind::Body, "results", &mut errors);
        let status = TranslationStatus::parse(&draft.status);
        if status.is_none() {
            errors.add("status", "error-required");
        }
        let (Some(lang), Some(status)) = (lang, status) else {
            return Err(AppError::Validation(errors));
        };
        base.themes = themes;
        base.starts_on = starts_on;
        base.ends_on = ends_on;
        base.cost = cost;
        base.partners = partners;
        base.contact = contact;
        base.indicators = indicators;
        let review_comment = base.texts.get(&lang).map(|t| t.review_comment.clone()).unwrap_or_default();
        let text = PracticeText {
            title,
            summary,
            problem,
            actions,
            results,
            status,
            review_comment,
            updated_by: actor_name(actor),
            updated_at: self.clock.now(),
        };
        base.write(lang, text, reviews(actor));
        if let Err(more) = base.check() {
            for problem in more.0 {
                if errors.for_field(&problem.field).is_none() {
                    errors.add(&problem.field, &problem.message);
                }
            }
        }
        if errors.is_empty() { Ok(base) } else { Err(AppError::Validation(errors)) }
    }

    async fn record_practice(
        &self,
        txn: &WriteTxn,
        actor: &Actor,
        action: &str,
        before: Option<&Practice>,
        after: &Practice,
    ) -> Result<(), AppError> {
        let change = Change {
            action,
            entity_type: "practice",
            entity_id: after.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(after).ok(),
        };
        self.record(txn, audit_actor(actor), change).await.map(|_| ())
    }

    async fn attach_documents(
        &self,
        txn: &WriteTxn,
        practice: &mut Practice,
        uploads: &[Upload],
    ) -> Result<(), AppError> {
        for upload in uploads.iter().filter(|u| !u.bytes.is_empty()) {
            if practice.documents.len() >= MAX_LINKS {
                return Err(AppError::field("documents", "error-practice-too-many"));
            }
            let document = self.store_file(txn, "documents", &upload.name, &upload.bytes).await?;
            if !practice.documents.iter().any(|d| d.sha256 == document.sha256) {
                practice.documents.push(document);
            }
        }
        Ok(())
    }

    /// A city's new practice, with its first language version and documents.
    pub async fn create_practice(
        &self,
        actor: &Actor,
        draft: &PracticeDraft,
        uploads: &[Upload],
    ) -> Result<Practice, AppError> {
        let city = match CityCode::parse(&draft.city) {
            Ok(city) => city,
            Err(_) => {
                policy::authorise(actor, Permission::WritePractices, &Target::Nothing)?;
                return Err(AppError::field("city", "error-city"));
            }
        };
        policy::authorise(actor, Permission::WritePractices, &Target::City(city.clone()))?;
        match self.store.find_city(&city).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => return Err(AppError::field("city", "error-city")),
            Err(other) => return Err(other.into()),
        }
        let base = Practice {
            id: PracticeId::new(),
            city,
            themes: Vec::new(),
            starts_on: None,
            ends_on: None,
            cost: None,
            partners: Vec::new(),
            contact: None,
            indicators: Vec::new(),
            texts: BTreeMap::new(),
            photos: Vec::new(),
            documents: Vec::new(),
            first_published_at: None,
            published_at: None,
            created_at: self.clock.now(),
            version: 1,
        };
        let mut practice = self.read_practice(actor, draft, base).await?;
        let txn = self.store.begin_write().await?;
        self.attach_documents(&txn, &mut practice, uploads).await?;
        txn.save_practice(&practice).await?;
        self.record_practice(&txn, actor, "practice.created", None, &practice).await?;
        txn.commit().await?;
        Ok(practice)
    }

    /// The practice read at `version`, once `actor` may write it (before its form is read: a
    /// stranger learns nothing from validation messages).
    async fn practice_to_change(&self, actor: &Actor, id: PracticeId, version: i32) -> Result<Practice, AppError> {
        let practice = self.store.practice(id).await?;
        policy::authorise(actor, Permission::WritePractices, &Target::City(practice.city.clone()))?;
        if practice.version != version {
            return Err(AppError::Conflict);
        }
        Ok(practice)
    }

    async fn save_changed(
        &self,
        actor: &Actor,
        action: &str,
        before: &Practice,
        mut after: Practice,
        uploads: &[Upload],
    ) -> Result<Practice, AppError> {
        let txn = self.store.begin_write().await?;
        self.attach_documents(&txn, &mut after, uploads).await?;
        after.version = before.version + 1;
        txn.save_practice(&after).await.map_err(|e| match e {
            StoreError::Conflict => AppError::Conflict,
            other => other.into(),
        })?;
        self.record_practice(&txn, actor, action, Some(before), &after).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Changes the shared facts and writes one language version, from the version read.
    pub async fn update_practice(
        &self,
        actor: &Actor,
        id: PracticeId,
        version: i32,
        draft: &PracticeDraft,
        uploads: &[Upload],
    ) -> Result<Practice, AppError> {
        let before = self.practice_to_change(actor, id, version).await?;
        let after = self.read_practice(actor, draft, before.clone()).await?;
        self.save_changed(actor, "practice.updated", &before, after, uploads).await
    }

    /// Adds a photo, with its caption, credit and whether the people shown agreed.
    pub async fn add_practice_photo(
        &self,
        actor: &Actor,
        id: PracticeId,
        version: i32,
        draft: &PhotoDraft,
        upload: Option<&Upload>,
    ) -> Result<Practice, AppError> {
        let before = self.practice_to_change(actor, id, version).await?;
        let mut errors = FieldErrors::default();
        let caption = input::check(&draft.caption, TextKind::Comment, "caption", &mut errors);
        let credit = input::check(&draft.credit, TextKind::Name, "credit", &mut errors);
        if caption.is_empty() {
            errors.add("caption", "error-required");
        }
        let upload = upload.filter(|u| !u.bytes.is_empty());
        if upload.is_none() {
            errors.add("photo", "error-file-empty");
        }
        if before.photos.len() >= MAX_LINKS {
            errors.add("photo", "error-practice-too-many");
        }
        let (Some(upload), true) = (upload, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let txn = self.store.begin_write().await?;
        let file = self.store_file(&txn, "photo", &upload.name, &upload.bytes).await?;
        if !file.content_type.starts_with("image/") {
            return Err(AppError::field("photo", "error-practice-photo-type"));
        }
        let mut after = before.clone();
        after.photos.push(Photo { file, caption, credit, consent: draft.consent });
        after.version += 1;
        txn.save_practice(&after).await?;
        self.record_practice(&txn, actor, "practice.photo_added", Some(&before), &after).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// The coordinator publishes one language version, or sends it back with a comment.
    pub async fn review_practice(
        &self,
        actor: &Actor,
        id: PracticeId,
        version: i32,
        draft: &ReviewDraft,
    ) -> Result<Practice, AppError> {
        policy::authorise(actor, Permission::ReviewPractices, &Target::Nothing)?;
        let before = self.practice_to_change(actor, id, version).await?;
        let mut errors = FieldErrors::default();
        let comment = input::check(&draft.comment, TextKind::Comment, "comment", &mut errors);
        let Some(lang) = Lang::from_tag(draft.lang.trim()) else {
            return Err(AppError::field("lang", "error-language"));
        };
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let mut after = before.clone();
        let now: Timestamp = self.clock.now();
        let action = match draft.decision.trim() {
            "publish" => {
                after.publish(lang, now).map_err(AppError::Validation)?;
                "practice.published"
            }
            "send_back" => {
                after.send_back(lang, &comment).map_err(AppError::Validation)?;
                "practice.sent_back"
            }
            _ => return Err(AppError::field("decision", "error-required")),
        };
        self.save_changed(actor, action, &before, after, &[]).await
    }

    /// A photo or document of a practice: the public gets those of a published practice, and
    /// of photos only those whose people agreed.
    pub async fn open_practice_file(
        &self,
        actor: &Actor,
        id: PracticeId,
        sha256: &str,
    ) -> Result<(String, String, Vec<u8>), AppError> {
        let view = self.practice(actor, id).await?;
        let practice = &view.practice;
        let name = practice
            .documents
            .iter()
            .find(|d| d.sha256 == sha256)
            .or_else(|| {
                practice
                    .photos
                    .iter()
                    .filter(|p| view.may_write || p.consent)
                    .map(|p| &p.file)
                    .find(|f| f.sha256 == sha256)
            })
            .map(|d| d.name.clone())
            .ok_or(AppError::NotFound)?;
        let (file, bytes) = self.read_file(sha256).await?;
        Ok((name, file.content_type, bytes))
    }
}
