//! The programme of a meeting and what came of it: agenda sessions with their documents,
//! the minutes (summary and decisions), and follow-ups tracked until done and listed on their
//! owner's home page.

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::events::{ActionItem, AgendaItem, Event, Minutes, parse_local_time};
use mekong_core::ids::{ActionItemId, AgendaItemId, EventId, UserId};
use mekong_core::input::{self, TextKind};
use mekong_core::people::parse_date;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::ActionStatus;
use mekong_store::StoredFile;

/// An uploaded file, as the web layer hands it over.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// An agenda session as typed into its form.
#[derive(Debug, Clone, Default)]
pub struct AgendaItemDraft {
    pub starts: String,
    pub ends: String,
    pub title: String,
    pub speakers: String,
    pub place: String,
}

/// A follow-up as typed into its form; the owner is a user's email (none keeps the current
/// owner of an existing follow-up).
#[derive(Debug, Clone, Default)]
pub struct ActionItemDraft {
    pub title: String,
    pub owner: Option<String>,
    pub due_on: String,
    pub status: String,
}

impl App {
    /// Adds a session to the agenda (`editing` none) or saves one edited from the version the
    /// organiser saw; documents uploaded with the form are added to those it has.
    pub async fn save_agenda_item(
        &self,
        actor: &Actor,
        event: EventId,
        editing: Option<(AgendaItemId, i32)>,
        draft: &AgendaItemDraft,
        documents: Vec<Upload>,
    ) -> Result<AgendaItem, AppError> {
        let event = self.managed_event(actor, event).await?;
        let before = match editing {
            Some((id, version)) => {
                let current = self.store.agenda_item(id).await?;
                if current.event != event.id {
                    return Err(AppError::NotFound);
                }
                if current.version != version {
                    return Err(AppError::Conflict);
                }
                Some(current)
            }
            None => None,
        };
        let mut errors = FieldErrors::default();
        let starts = parse_local_time(&draft.starts, "starts", &mut errors);
        let ends = parse_local_time(&draft.ends, "ends", &mut errors);
        if let (Some(starts), Some(ends)) = (starts, ends)
            && ends <= starts
        {
            errors.add("ends", "error-ends-before-start");
        }
        let title = input::check(&draft.title, TextKind::Title, "title", &mut errors);
        if draft.title.trim().is_empty() {
            errors.add("title", "error-required");
        }
        let speakers = input::check(&draft.speakers, TextKind::Comment, "speakers", &mut errors);
        let place = input::check(&draft.place, TextKind::Name, "place", &mut errors);
        let (Some(starts), Some(ends), true) = (starts, ends, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let uploads: Vec<&Upload> = documents.iter().filter(|u| !(u.name.is_empty() && u.bytes.is_empty())).collect();
        let mut texts = Vec::with_capacity(uploads.len());
        for upload in &uploads {
            texts.push(crate::documents::attached_text(&upload.bytes).await);
        }
        let txn = self.store.begin_write().await?;
        let mut stored = before.as_ref().map(|b| b.documents.clone()).unwrap_or_default();
        for (upload, text) in uploads.into_iter().zip(texts) {
            let document = self.store_file(&txn, "documents", &upload.name, &upload.bytes).await?;
            if let Some(text) = text {
                txn.save_file_text(&document.sha256, &text).await?;
            }
            stored.push(document);
        }
        let item = AgendaItem {
            id: before.as_ref().map_or_else(AgendaItemId::new, |b| b.id),
            event: event.id,
            starts,
            ends,
            title,
            speakers,
            place,
            documents: stored,
            version: before.as_ref().map_or_else(mekong_core::first_version, |b| b.version + 1),
        };
        txn.save_agenda_item(&item).await?;
        let change = Change {
            action: if before.is_some() { "event.agenda_item_updated" } else { "event.agenda_item_added" },
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&item).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(item)
    }

    /// A session of an event's agenda, for its organisers' edit form.
    pub async fn agenda_item(&self, actor: &Actor, event: EventId, item: AgendaItemId) -> Result<AgendaItem, AppError> {
        let event = self.managed_event(actor, event).await?;
        let item = self.store.agenda_item(item).await?;
        if item.event == event.id { Ok(item) } else { Err(AppError::NotFound) }
    }

    /// Removes a session from the agenda.
    pub async fn remove_agenda_item(&self, actor: &Actor, event: EventId, item: AgendaItemId) -> Result<(), AppError> {
        let event = self.managed_event(actor, event).await?;
        // Removing what is already gone (a second click, another organiser) changes nothing.
        let before = match self.store.agenda_item(item).await {
            Ok(before) if before.event == event.id => before,
            Ok(_) => return Err(AppError::NotFound),
            Err(mekong_store::StoreError::NotFound) => return Ok(()),
            Err(other) => return Err(other.into()),
        };
        let txn = self.store.begin_write().await?;
        txn.delete_agenda_item(item).await?;
        let change = Change {
            action: "event.agenda_item_removed",
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: None,
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A document of an event's agenda, to whoever may see the event.
    pub async fn agenda_document(
        &self,
        actor: &Actor,
        event: EventId,
        sha256: &str,
    ) -> Result<(StoredFile, String, Vec<u8>), AppError> {
        self.visible_event(actor, event).await?;
        let name = self
            .store
            .agenda(event)
            .await?
            .into_iter()
            .flat_map(|item| item.documents)
            .find(|d| d.sha256 == sha256)
            .map(|d| d.name)
            .ok_or(AppError::NotFound)?;
        let (file, bytes) = self.read_file(sha256).await?;
        Ok((file, name, bytes))
    }

    /// Saves the minutes, edited from `version` (0 when there were none).
    pub async fn save_minutes(
        &self,
        actor: &Actor,
        event: EventId,
        version: i32,
        summary: &str,
        decisions: &str,
    ) -> Result<Minutes, AppError> {
        let event = self.managed_event(actor, event).await?;
        let before = self.store.minutes(event.id).await?;
        let mut errors = FieldErrors::default();
        let summary = input::check(summary, TextKind::Body, "summary", &mut errors);
        let decisions = input::check(decisions, TextKind::Body, "decisions", &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let minutes = Minutes { summary, decisions, version: version + 1 };
        let txn = self.store.begin_write().await?;
        txn.save_minutes(event.id, &minutes).await?;
        let change = Change {
            action: "event.minutes_saved",
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&minutes).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(minutes)
    }

    /// Adds a follow-up (`id` none) or saves one edited from `version`. Its owner is a user,
    /// named by email, so that it appears on their home page.
    pub async fn save_action_item(
        &self,
        actor: &Actor,
        event: EventId,
        id: Option<(ActionItemId, i32)>,
        draft: &ActionItemDraft,
    ) -> Result<ActionItem, AppError> {
        let event = self.managed_event(actor, event).await?;
        let mut errors = FieldErrors::default();
        let title = input::check(&draft.title, TextKind::Title, "title", &mut errors);
        if draft.title.trim().is_empty() {
            errors.add("title", "error-required");
        }
        let due_on = parse_date(&draft.due_on, "due_on", &mut errors);
        let status = ActionStatus::parse(&draft.status).unwrap_or(ActionStatus::Open);
        let owner = match draft.owner.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => match mekong_core::identity::Email::parse(raw) {
                Ok(email) => match self.store.find_credentials(&email).await? {
                    Some(credentials) => Some(credentials.user),
                    None => {
                        errors.add("owner", "error-unknown-user");
                        None
                    }
                },
                Err(_) => {
                    errors.add("owner", "error-email");
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let before = match id {
            Some((id, _)) => Some(
                self.store.action_items(event.id).await?.into_iter().find(|a| a.id == id).ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let (owner, owner_name) = match (&draft.owner, &before) {
            (None, Some(before)) => (before.owner, before.owner_name.clone()),
            _ => (owner.as_ref().map(|u| u.id), owner.map(|u| u.display_name).unwrap_or_default()),
        };
        let item = ActionItem {
            id: id.map_or_else(ActionItemId::new, |(id, _)| id),
            event: event.id,
            title,
            owner,
            owner_name,
            due_on,
            status,
            version: id.map_or(1, |(_, version)| version + 1),
        };
        let txn = self.store.begin_write().await?;
        txn.save_action_item(&item).await?;
        let change = Change {
            action: if before.is_none() { "event.action_item_added" } else { "event.action_item_updated" },
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&item).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(item)
    }

    /// The follow-ups the actor owns that are not done, with their meeting: for the home page.
    pub async fn my_action_items(&self, actor: &Actor) -> Result<Vec<(ActionItem, Event)>, AppError> {
        policy::authorise(actor, Permission::Authenticated, &Target::Nothing)?;
        let Some(user): Option<UserId> = actor.user_id() else { return Ok(Vec::new()) };
        let mut items = Vec::new();
        for item in self.store.open_action_items_of(user).await? {
            let event = self.store.event(item.event).await?;
            items.push((item, event));
        }
        items.sort_by_key(|(item, _)| item.due_on);
        Ok(items)
    }
}
