//! Technical assistance to the cities: a focal point's request with its documents, the
//! coordinator's triage, the expert assigned with the deliverables and dates agreed, follow-up
//! notes and documents to delivery, and the city's rating. Every step is written to the audit
//! trail in its transaction, and the request's page shows that trail as its history.

use crate::audit::{AuditFilter, Change, audit_actor};
use crate::events::Upload;
use crate::finance::actor_name;
use crate::organisations::{MAX_PAGE, PER_PAGE, Page};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::assistance::{
    Assignment, AssistanceRequest, AssistanceStatus, FollowUpNote, Rating, Score, Triage, Urgency,
};
use mekong_core::audit::AuditEntry;
use mekong_core::directory::CityCode;
use mekong_core::ids::{AssistanceId, PersonId};
use mekong_core::input::{self, TextKind};
use mekong_core::people::parse_date;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::Theme;
use mekong_store::assistance::AssistanceFilter;
use mekong_store::{StoreError, WriteTxn};

/// A request as the city typed it.
#[derive(Debug, Clone, Default)]
pub struct AssistanceDraft {
    pub city: String,
    pub title: String,
    pub need: String,
    pub theme: String,
    pub urgency: String,
}

/// The coordinator's triage as typed: `accept`, `refer` or `decline`.
#[derive(Debug, Clone, Default)]
pub struct TriageDraft {
    pub decision: String,
    pub referred_to: String,
    pub reason: String,
}

/// The expert and what was agreed, as typed.
#[derive(Debug, Clone, Default)]
pub struct AssignmentDraft {
    /// The id of a person of the directory.
    pub expert: String,
    pub deliverables: String,
    pub starts_on: String,
    pub due_on: String,
}

/// A request with its history, for its page.
#[derive(Debug, Clone)]
pub struct AssistanceView {
    pub request: AssistanceRequest,
    pub history: Vec<AuditEntry>,
}

/// Which requests a list shows, besides what the reader may see.
#[derive(Debug, Clone, Default)]
pub struct AssistanceListFilter {
    pub status: Option<AssistanceStatus>,
    pub city: Option<CityCode>,
}

fn target(request: &AssistanceRequest) -> Target {
    Target::Assistance { city: request.city.clone(), expert: request.assignment.as_ref().and_then(|a| a.expert_user) }
}

impl App {
    /// Whether `actor` runs technical assistance (triage, experts, delivery).
    pub fn manages_assistance(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::ManageAssistance, &Target::Nothing).is_ok()
    }

    /// One page (from 1) of the requests `actor` may see: staff all, a focal point their cities', an
    /// expert those assigned to them.
    pub async fn assistance_requests(
        &self,
        actor: &Actor,
        filter: &AssistanceListFilter,
        page: u64,
    ) -> Result<Page<AssistanceRequest>, AppError> {
        policy::authorise(actor, Permission::ViewAssistance, &Target::Nothing)?;
        let page = page.clamp(1, MAX_PAGE);
        let cities = if actor.is_staff() { None } else { Some(actor.focal_cities()) };
        let query =
            AssistanceFilter { cities, expert: actor.user_id(), status: filter.status, city: filter.city.clone() };
        let (items, total) = self.store.assistance_page(&query, page - 1, PER_PAGE).await?;
        Ok(Page { items, total, page, per_page: PER_PAGE })
    }

    /// A request and its history, when `actor` may see it.
    pub async fn assistance_request(&self, actor: &Actor, id: AssistanceId) -> Result<AssistanceView, AppError> {
        let request = self.store.assistance_request(id).await?;
        policy::authorise(actor, Permission::ViewAssistance, &target(&request))?;
        let filter = AuditFilter {
            entity_type: Some("assistance_request".into()),
            entity_id: Some(id.to_string()),
            limit: 200,
            ..AuditFilter::default()
        };
        let history = self.store.audit_entries(&filter).await?;
        Ok(AssistanceView { request, history })
    }

    /// Accepted work past its due date, for those who run assistance (nobody else's worry).
    pub async fn overdue_assistance(&self, actor: &Actor) -> Result<Vec<AssistanceRequest>, AppError> {
        if !self.manages_assistance(actor) {
            return Ok(Vec::new());
        }
        Ok(self.store.overdue_assistance(self.today()).await?)
    }

    /// A city asks for help, with the documents that explain the need.
    pub async fn request_assistance(
        &self,
        actor: &Actor,
        draft: &AssistanceDraft,
        uploads: &[Upload],
    ) -> Result<AssistanceRequest, AppError> {
        let mut errors = FieldErrors::default();
        let city = match CityCode::parse(&draft.city) {
            Ok(city) => Some(city),
            Err(_) => {
                errors.add("city", "error-city");
                None
            }
        };
        if let Some(city) = &city {
            policy::authorise(actor, Permission::RequestAssistance, &Target::City(city.clone()))?;
            match self.store.find_city(city).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => errors.add("city", "error-city"),
                Err(other) => return Err(other.into()),
            }
        } else {
            policy::authorise(actor, Permission::RequestAssistance, &Target::Nothing)?;
        }
        let title = input::check(&draft.title, TextKind::Title, "title", &mut errors);
        let need = input::check(&draft.need, TextKind::Body, "need", &mut errors);
        let theme = Theme::parse(&draft.theme);
        if theme.is_none() {
            errors.add("theme", "error-theme");
        }
        let urgency = Urgency::parse(&draft.urgency);
        if urgency.is_none() {
            errors.add("urgency", "error-required");
        }
        let (Some(city), Some(theme), Some(urgency)) = (city, theme, urgency) else {
            return Err(AppError::Validation(errors));
        };
        let now = self.clock.now();
        let mut request = AssistanceRequest {
            id: AssistanceId::new(),
            number: String::new(),
            city,
            title,
            need,
            theme,
            urgency,
            documents: Vec::new(),
            requested_by: actor_name(actor),
            requested_at: now,
            status: AssistanceStatus::Requested,
            triage_reason: String::new(),
            referred_to: String::new(),
            triaged_by: String::new(),
            assignment: None,
            notes: Vec::new(),
            delivered_on: None,
            rating: None,
            version: 1,
        };
        if let Err(more) = request.check() {
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
        request.documents.extend(self.store_uploads(&txn, uploads).await?);
        let prefix = format!("TA-{:04}", self.today().year());
        request.number = format!("{prefix}-{:03}", txn.assistance_numbers_taken(&prefix).await? + 1);
        txn.save_assistance_request(&request).await?;
        self.record_assistance(&txn, actor, "assistance.requested", None, &request).await?;
        txn.commit().await?;
        Ok(request)
    }

    async fn record_assistance(
        &self,
        txn: &WriteTxn,
        actor: &Actor,
        action: &str,
        before: Option<&AssistanceRequest>,
        after: &AssistanceRequest,
    ) -> Result<(), AppError> {
        let change = Change {
            action,
            entity_type: "assistance_request",
            entity_id: after.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(after).ok(),
        };
        self.record(txn, audit_actor(actor), change).await.map(|_| ())
    }

    /// Applies one step to the request read at `version`, after checking `permission` on it;
    /// `uploads` are stored in the same transaction and handed to the step.
    async fn move_assistance(
        &self,
        actor: &Actor,
        (before, version): (AssistanceRequest, i32),
        action: &str,
        uploads: &[Upload],
        step: impl FnOnce(&mut AssistanceRequest, Vec<mekong_core::events::Document>) -> Result<(), FieldErrors>,
    ) -> Result<AssistanceRequest, AppError> {
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let txn = self.store.begin_write().await?;
        let documents = self.store_uploads(&txn, uploads).await?;
        let mut after = before.clone();
        step(&mut after, documents).map_err(AppError::Validation)?;
        after.version += 1;
        txn.save_assistance_request(&after).await?;
        self.record_assistance(&txn, actor, action, Some(&before), &after).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Refuses a step to whoever may not take it on this request, before its form is read (a
    /// stranger learns nothing from validation messages).
    async fn may_step(
        &self,
        actor: &Actor,
        id: AssistanceId,
        permission: Permission,
    ) -> Result<AssistanceRequest, AppError> {
        let request = self.store.assistance_request(id).await?;
        policy::authorise(actor, Permission::ViewAssistance, &target(&request))?;
        policy::authorise(actor, permission, &target(&request))?;
        Ok(request)
    }

    /// The coordinator accepts, refers (to whom, why) or declines (why) a new request.
    pub async fn triage_assistance(
        &self,
        actor: &Actor,
        id: AssistanceId,
        version: i32,
        draft: &TriageDraft,
    ) -> Result<AssistanceRequest, AppError> {
        let before = self.may_step(actor, id, Permission::ManageAssistance).await?;
        let mut errors = FieldErrors::default();
        let reason = input::check(&draft.reason, TextKind::Comment, "reason", &mut errors);
        let to = input::check(&draft.referred_to, TextKind::Name, "referred_to", &mut errors);
        let (decision, action) = match draft.decision.trim() {
            "accept" => (Triage::Accept, "assistance.accepted"),
            "refer" => (Triage::Refer { to, reason }, "assistance.referred"),
            "decline" => (Triage::Decline { reason }, "assistance.declined"),
            _ => {
                errors.add("decision", "error-required");
                (Triage::Accept, "")
            }
        };
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let by = actor_name(actor);
        self.move_assistance(actor, (before, version), action, &[], |r, _| r.triage(decision, &by)).await
    }

    /// Assigns the expert, a person of the directory, with the deliverables and dates agreed.
    pub async fn assign_assistance(
        &self,
        actor: &Actor,
        id: AssistanceId,
        version: i32,
        draft: &AssignmentDraft,
    ) -> Result<AssistanceRequest, AppError> {
        let before = self.may_step(actor, id, Permission::ManageAssistance).await?;
        let mut errors = FieldErrors::default();
        let expert = match uuid::Uuid::parse_str(draft.expert.trim()).map(PersonId) {
            Ok(id) => match self.store.person(id).await {
                Ok(person) => Some(person),
                Err(StoreError::NotFound) => None,
                Err(other) => return Err(other.into()),
            },
            Err(_) => None,
        };
        if expert.is_none() {
            errors.add("expert", "error-person");
        }
        let deliverables = input::check(&draft.deliverables, TextKind::Body, "deliverables", &mut errors);
        let starts_on = parse_date(&draft.starts_on, "starts_on", &mut errors);
        let due_on = parse_date(&draft.due_on, "due_on", &mut errors);
        for (field, value) in [("starts_on", starts_on), ("due_on", due_on)] {
            if value.is_none() && errors.for_field(field).is_none() {
                errors.add(field, "error-required");
            }
        }
        let (Some(expert), Some(starts_on), Some(due_on), true) = (expert, starts_on, due_on, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let assignment = Assignment {
            expert: expert.id,
            expert_name: expert.display_name().to_owned(),
            expert_user: expert.user,
            deliverables,
            starts_on,
            due_on,
        };
        self.move_assistance(actor, (before, version), "assistance.assigned", &[], |r, _| r.assign(assignment)).await
    }

    /// A follow-up note with its documents, by the coordinator, the expert or the city.
    pub async fn add_assistance_note(
        &self,
        actor: &Actor,
        id: AssistanceId,
        version: i32,
        note: &str,
        uploads: &[Upload],
    ) -> Result<AssistanceRequest, AppError> {
        let before = self.may_step(actor, id, Permission::FollowAssistance).await?;
        let mut errors = FieldErrors::default();
        let note = input::check(note, TextKind::Body, "note", &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let (by, at) = (actor_name(actor), self.clock.now());
        self.move_assistance(actor, (before, version), "assistance.note_added", uploads, |r, documents| {
            r.add_note(FollowUpNote { at, by, note, documents })
        })
        .await
    }

    /// Records that the deliverables were handed over on `delivered_on` (today when empty).
    pub async fn deliver_assistance(
        &self,
        actor: &Actor,
        id: AssistanceId,
        version: i32,
        delivered_on: &str,
    ) -> Result<AssistanceRequest, AppError> {
        let before = self.may_step(actor, id, Permission::ManageAssistance).await?;
        let mut errors = FieldErrors::default();
        let today = self.today();
        let on = match delivered_on.trim() {
            "" => Some(today),
            raw => parse_date(raw, "delivered_on", &mut errors),
        };
        let Some(on) = on else { return Err(AppError::Validation(errors)) };
        self.move_assistance(actor, (before, version), "assistance.delivered", &[], |r, _| r.deliver(on, today)).await
    }

    /// The city rates delivered help (1 to 5) with a comment.
    pub async fn rate_assistance(
        &self,
        actor: &Actor,
        id: AssistanceId,
        version: i32,
        score: &str,
        comment: &str,
    ) -> Result<AssistanceRequest, AppError> {
        let before = self.may_step(actor, id, Permission::RateAssistance).await?;
        let mut errors = FieldErrors::default();
        let comment = input::check(comment, TextKind::Comment, "comment", &mut errors);
        let score = Score::parse(score);
        if score.is_none() {
            errors.add("score", "error-assistance-score");
        }
        let (Some(score), true) = (score, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let (by, at) = (actor_name(actor), self.clock.now());
        self.move_assistance(actor, (before, version), "assistance.rated", &[], |r, _| {
            r.rate(Rating { score, comment, by, at })
        })
        .await
    }

    /// A document of the request or of one of its notes, for those who may see the request.
    pub async fn open_assistance_document(
        &self,
        actor: &Actor,
        id: AssistanceId,
        sha256: &str,
    ) -> Result<(String, String, Vec<u8>), AppError> {
        let request = self.store.assistance_request(id).await?;
        policy::authorise(actor, Permission::ViewAssistance, &target(&request))?;
        let document = request
            .documents
            .iter()
            .chain(request.notes.iter().flat_map(|n| n.documents.iter()))
            .find(|d| d.sha256 == sha256)
            .ok_or(AppError::NotFound)?;
        let (file, bytes) = self.read_file(&document.sha256).await?;
        Ok((document.name.clone(), file.content_type, bytes))
    }

    /// Whether `actor` may ask for help for some city (the new request link).
    pub fn may_request_assistance(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::RequestAssistance, &Target::Nothing).is_ok()
    }
}
