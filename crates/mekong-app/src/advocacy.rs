//! The network's voice: one position per theme with its key messages, each text per language,
//! written and published by the coordinator, read by everyone once published (drafts by
//! staff), with the events, library documents and good practices behind it, and its two-page
//! brief as a PDF in the reader's language.

use crate::audit::{Change, audit_actor};
use crate::finance::actor_name;
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::advocacy::{Position, PositionStatus};
use mekong_core::documents::LibraryDocument;
use mekong_core::events::Event;
use mekong_core::ids::{EventId, LibraryDocumentId, PositionId};
use mekong_core::input::{self, TextKind};
use mekong_core::text::Text;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::Theme;
use mekong_store::StoreError;

/// A position as typed: each text per language, the sources by id.
#[derive(Debug, Clone, Default)]
pub struct PositionDraft {
    pub titles: Vec<(Lang, String)>,
    pub statements: Vec<(Lang, String)>,
    /// One key message a line, per language.
    pub messages: Vec<(Lang, String)>,
    /// `draft` or `published`.
    pub status: String,
    pub events: Vec<String>,
    pub documents: Vec<String>,
    pub practices: Vec<String>,
}

/// A position with what stands behind it that the reader may see.
#[derive(Debug, Clone)]
pub struct PositionView {
    pub position: Position,
    pub events: Vec<Event>,
    pub documents: Vec<LibraryDocument>,
}

fn reads_drafts(actor: &Actor) -> bool {
    policy::reads_document(actor, mekong_core::documents::Audience::Staff, &[])
}

fn texts(typed: &[(Lang, String)], field: &str, kind: TextKind, errors: &mut FieldErrors) -> Text {
    let mut text = Text::new();
    for (lang, value) in typed {
        text = text.with(*lang, input::check(value, kind, &format!("{field}_{}", lang.code()), errors));
    }
    text
}

fn ids(raw: &[String], field: &str, errors: &mut FieldErrors) -> Vec<uuid::Uuid> {
    let mut found = Vec::new();
    for value in raw.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match uuid::Uuid::parse_str(value) {
            Ok(id) if !found.contains(&id) => found.push(id),
            Ok(_) => {}
            Err(_) => errors.add(field, "error-documents-link"),
        }
    }
    found
}

impl App {
    /// The positions `actor` may read: the published ones, and the drafts for staff.
    pub async fn positions(&self, actor: &Actor) -> Result<Vec<Position>, AppError> {
        policy::authorise(actor, Permission::ViewAdvocacy, &Target::Nothing)?;
        Ok(self.store.positions(reads_drafts(actor)).await?)
    }

    /// Whether `actor` writes positions.
    pub fn manages_advocacy(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::ManageAdvocacy, &Target::Nothing).is_ok()
    }

    /// The position on `theme` with its sources, when `actor` may read it (a draft is not found
    /// by those who may not read drafts).
    pub async fn position(&self, actor: &Actor, theme: Theme) -> Result<PositionView, AppError> {
        policy::authorise(actor, Permission::ViewAdvocacy, &Target::Nothing)?;
        let position = self.store.position(theme).await?;
        if position.status != PositionStatus::Published && !reads_drafts(actor) {
            return Err(AppError::NotFound);
        }
        let mut events = Vec::new();
        for event in &position.events {
            match self.visible_event(actor, *event).await {
                Ok((event, _)) => events.push(event),
                Err(AppError::NotFound | AppError::Forbidden | AppError::Unauthenticated) => {}
                Err(other) => return Err(other),
            }
        }
        let mut documents = Vec::new();
        for document in &position.documents {
            match self.library_document(actor, *document).await {
                Ok(view) => documents.push(view.document),
                Err(AppError::NotFound | AppError::Forbidden | AppError::Unauthenticated) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(PositionView { position, events, documents })
    }

    /// Writes the position on `theme`: a new one (`version` 0) or the one read at `version`.
    pub async fn save_position(
        &self,
        actor: &Actor,
        theme: Theme,
        version: i32,
        draft: &PositionDraft,
    ) -> Result<Position, AppError> {
        policy::authorise(actor, Permission::ManageAdvocacy, &Target::Nothing)?;
        let before = match self.store.position(theme).await {
            Ok(found) => Some(found),
            Err(StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        };
        if before.as_ref().map_or(0, |b| b.version) != version {
            return Err(AppError::Conflict);
        }
        let mut errors = FieldErrors::default();
        let title = texts(&draft.titles, "title", TextKind::Title, &mut errors);
        let statement = texts(&draft.statements, "statement", TextKind::Body, &mut errors);
        let messages = texts(&draft.messages, "messages", TextKind::Body, &mut errors);
        let status = PositionStatus::parse(&draft.status);
        if status.is_none() {
            errors.add("status", "error-required");
        }
        let events: Vec<EventId> = ids(&draft.events, "events", &mut errors).into_iter().map(EventId).collect();
        for event in &events {
            if let Err(AppError::NotFound) = self.visible_event(actor, *event).await.map(|_| ()) {
                errors.add("events", "error-documents-link");
            }
        }
        let documents: Vec<LibraryDocumentId> =
            ids(&draft.documents, "documents", &mut errors).into_iter().map(LibraryDocumentId).collect();
        for document in &documents {
            match self.store.library_document(*document).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => errors.add("documents", "error-documents-link"),
                Err(other) => return Err(other.into()),
            }
        }
        let practices = ids(&draft.practices, "practices", &mut errors);
        let Some(status) = status else { return Err(AppError::Validation(errors)) };
        let position = Position {
            id: before.as_ref().map_or_else(PositionId::new, |b| b.id),
            theme,
            title,
            statement,
            messages,
            status,
            events,
            documents,
            practices,
            updated_by: actor_name(actor),
            updated_at: self.clock.now(),
            version: version + 1,
        };
        if let Err(more) = position.check() {
            for problem in more.0 {
                if errors.for_field(&problem.field).is_none() {
                    errors.add(&problem.field, &problem.message);
                }
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let txn = self.store.begin_write().await?;
        txn.save_position(&position).await?;
        let change = Change {
            action: if before.is_some() { "position.updated" } else { "position.created" },
            entity_type: "position",
            entity_id: position.id.to_string(),
            before: before.as_ref().and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&position).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(position)
    }

    /// The two-page brief of the position on `theme` in `lang` (the texts falling back as
    /// everywhere), to whoever may read the position.
    pub async fn position_brief(&self, actor: &Actor, theme: Theme, lang: Lang) -> Result<Vec<u8>, AppError> {
        let view = self.position(actor, theme).await?;
        let t = |key: &str| self.i18n.message(lang, key);
        let position = &view.position;
        let mut sources: Vec<String> = view
            .events
            .iter()
            .map(|e| format!("{} ({})", e.title.get(lang), mekong_i18n::format_date(lang, e.starts.date())))
            .collect();
        sources.extend(view.documents.iter().map(|d| format!("{} ({})", d.title.get(lang), d.year)));
        let brief = mekong_pdf::AdvocacyBrief {
            network: t("site-name"),
            theme: t(&format!("theme-{}", theme.code().replace('_', "-"))),
            title: position.title.get(lang).to_owned(),
            statement: position
                .statement
                .get(lang)
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
            messages_heading: t("advocacy-messages"),
            messages: position.messages_in(lang).into_iter().map(str::to_owned).collect(),
            sources_heading: t("advocacy-sources"),
            sources,
            generated: format!(
                "{} {}",
                t("advocacy-brief-updated"),
                mekong_i18n::format_instant(lang, position.updated_at, mekong_core::NETWORK_TIME_ZONE)
            ),
        };
        tokio::task::spawn_blocking(move || mekong_pdf::render_pdf(mekong_pdf::Template::AdvocacyBrief, &brief))
            .await
            .map_err(|e| AppError::Internal(format!("rendering task: {e}")))?
            .map_err(|e| AppError::Internal(format!("advocacy brief: {e}")))
    }
}
