//! Interviews: the managers propose slots (times in the call's zone, a room or a video link);
//! a shortlisted candidate books one from their personal page (one conditional update: a
//! booked slot cannot be taken twice, and a candidate holds one slot); the booking sends an
//! iCalendar invitation to the candidate and to every member of the panel; the committee then
//! scores each interview per award criterion, blind like the file: one sees the others' scores
//! only after submitting one's own.

use crate::audit::{Change, audit_actor};
use crate::mail::{Attachment, Letter};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::identity::Role;
use mekong_core::ids::{ApplicationId, CallId, EvaluationId, InterviewId};
use mekong_core::recruitment::{Application, ApplicationStatus, Call, Declaration, unambiguous};
use mekong_core::recruitment_procedure::{InterviewScore, InterviewSlot, SlotDraft, read_scores};
use mekong_docs::{CalendarEntry, CalendarMethod, CalendarPerson, write_calendar};
use mekong_i18n::Arg;

/// The second stage, the interview and the decision as the applicant sees them.
#[derive(Debug, Clone, Default)]
pub struct ApplicantStage {
    /// The second stage's deadline, shown in the call's zone, while one is set.
    pub stage_two_deadline: Option<String>,
    /// The applicant may still send second-stage documents.
    pub stage_two_open: bool,
    /// Free slots the applicant may book (shortlisted, nothing booked yet, before the decision).
    pub free_slots: Vec<InterviewSlot>,
    pub booked: Option<InterviewSlot>,
    /// The call's time zone, in which slots are shown.
    pub time_zone: String,
}

/// The interviews of a call as its committee sees them.
#[derive(Debug, Clone)]
pub struct InterviewsView {
    pub call: Call,
    pub slots: Vec<(InterviewSlot, Option<Application>)>,
    /// The shortlisted, each with whether the reader has scored the interview.
    pub candidates: Vec<(Application, bool)>,
    pub manages: bool,
}

/// One candidate's interview as a committee member sees it.
#[derive(Debug, Clone)]
pub struct InterviewView {
    pub call: Call,
    pub application: Application,
    pub slot: Option<InterviewSlot>,
    pub own: Option<InterviewScore>,
    /// The others' scores: to managers, and to a member once their own is in.
    pub others: Vec<InterviewScore>,
    /// The reader declared a conflict with this application: they do not score it.
    pub excluded: bool,
}

impl App {
    /// What the applicant sees of the procedure on their personal page.
    pub(super) async fn applicant_stage(&self, application: &Application) -> Result<ApplicantStage, AppError> {
        let call = self.store.call(application.call).await?;
        let procedure = self.store.procedure(call.id).await?;
        let shortlisted = application.status == ApplicationStatus::Shortlisted;
        let now = self.clock.now();
        let booked = self.store.booked_slot(application.id).await?;
        let free_slots = if shortlisted && booked.is_none() && procedure.decision.is_none() {
            let slots = self.store.interview_slots(call.id).await?;
            slots.into_iter().filter(|s| s.booked_by.is_none() && s.starts > now).collect()
        } else {
            Vec::new()
        };
        Ok(ApplicantStage {
            stage_two_deadline: procedure
                .stage_two
                .as_ref()
                .filter(|_| shortlisted)
                .map(|d| unambiguous(&d.in_zone(&d.time_zone))),
            stage_two_open: shortlisted && procedure.stage_two_open(now),
            free_slots,
            booked,
            time_zone: call.deadline.time_zone.clone(),
        })
    }

    /// The call's interview slots and candidates: its committee.
    pub async fn interviews_view(&self, actor: &Actor, call: CallId) -> Result<InterviewsView, AppError> {
        policy::authorise(actor, Permission::EvaluateCall, &Target::Call(call))?;
        let found = self.store.call(call).await?;
        let applications = self.store.applications(call).await?;
        let slots = self
            .store
            .interview_slots(call)
            .await?
            .into_iter()
            .map(|slot| {
                let booked = slot.booked_by.and_then(|id| applications.iter().find(|a| a.id == id).cloned());
                (slot, booked)
            })
            .collect();
        let scored: Vec<ApplicationId> = match actor.user_id() {
            Some(user) => self
                .store
                .interview_scores(call)
                .await?
                .into_iter()
                .filter(|s| s.evaluator == user)
                .map(|s| s.application)
                .collect(),
            None => Vec::new(),
        };
        let candidates = applications
            .into_iter()
            .filter(|a| interviewed(a.status))
            .map(|a| {
                let done = scored.contains(&a.id);
                (a, done)
            })
            .collect();
        let manages = policy::authorise(actor, Permission::ManageCall, &Target::Call(call)).is_ok();
        Ok(InterviewsView { call: found, slots, candidates, manages })
    }

    /// Proposes an interview slot.
    pub async fn propose_slot(&self, actor: &Actor, call: CallId, draft: &SlotDraft) -> Result<InterviewId, AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let found = self.store.call(call).await?;
        let slot = draft.read(&found, InterviewId::new()).map_err(AppError::Validation)?;
        let txn = self.store.begin_write().await?;
        txn.insert_interview_slot(&slot).await?;
        let change = Change {
            action: "interview.slot_proposed",
            entity_type: "call",
            entity_id: call.to_string(),
            before: None,
            after: serde_json::to_value(&slot).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(slot.id)
    }

    /// Books a slot for the shortlisted candidate of the personal link `link`, and sends the
    /// invitations to them and to the panel.
    pub async fn book_interview(&self, link: &str, slot: &str) -> Result<(), AppError> {
        let application = self.application_by_link(link).await?;
        let Ok(slot) = uuid::Uuid::parse_str(slot.trim()).map(InterviewId) else {
            return Err(AppError::field("slot", "error-required"));
        };
        let call = self.store.call(application.call).await?;
        let procedure = self.store.procedure(call.id).await?;
        if application.status != ApplicationStatus::Shortlisted || procedure.decision.is_some() {
            return Err(AppError::field("slot", "error-slot-not-shortlisted"));
        }
        let now = self.clock.now();
        let Some(chosen) = self.store.interview_slots(call.id).await?.into_iter().find(|s| s.id == slot) else {
            return Err(AppError::field("slot", "error-slot-taken"));
        };
        if chosen.starts <= now {
            return Err(AppError::field("slot", "error-slot-past"));
        }
        let txn = self.store.begin_write().await?;
        match txn.book_interview_slot(call.id, slot, application.id, now).await {
            Ok(true) => {}
            Ok(false) => return Err(AppError::field("slot", "error-slot-taken")),
            Err(mekong_store::StoreError::Duplicate(_)) => {
                return Err(AppError::field("slot", "error-slot-already-booked"));
            }
            Err(other) => return Err(other.into()),
        }
        let change = Change {
            action: "interview.booked",
            entity_type: "application",
            entity_id: application.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "slot": slot.to_string(), "receipt": application.receipt })),
        };
        self.record(&txn, super::applications::applicant_actor(&application.receipt), change).await?;
        self.send_invitations(&txn, &call, &application, &chosen).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The invitation to the candidate and to each member of the panel, each in their language,
    /// with the same calendar entry (so every calendar holds one entry for the interview).
    async fn send_invitations(
        &self,
        txn: &mekong_store::WriteTxn,
        call: &Call,
        application: &Application,
        slot: &InterviewSlot,
    ) -> Result<(), AppError> {
        let panel = self.committee_members(call.id).await?;
        let candidate =
            CalendarPerson { name: application.name.clone(), email: application.email.to_string(), answer: "ACCEPTED" };
        let mut attendees = vec![candidate];
        attendees.extend(panel.iter().map(|m| CalendarPerson {
            name: m.user.display_name.clone(),
            email: m.user.email.to_string(),
            answer: "NEEDS-ACTION",
        }));
        let organiser = panel.iter().find(|m| m.role == Role::CallManager).map(|m| CalendarPerson {
            name: m.user.display_name.clone(),
            email: m.user.email.to_string(),
            answer: "ACCEPTED",
        });
        let when = format!(
            "{} – {}",
            unambiguous(&slot.starts.to_zoned_datetime(zone(call))),
            slot.ends.to_zoned_datetime(zone(call)).strftime("%H:%M")
        );
        let mut recipients: Vec<(mekong_core::identity::Email, String, mekong_core::Lang)> =
            vec![(application.email.clone(), application.name.clone(), application.language)];
        for member in &panel {
            let email = member.user.email.clone();
            if !recipients.iter().any(|(e, _, _)| *e == email) {
                recipients.push((email, member.user.display_name.clone(), member.user.language));
            }
        }
        for (email, name, language) in recipients {
            let summary = self.i18n.message_with(
                language,
                "interview-calendar-summary",
                &[("receipt", Arg::from(application.receipt.as_str())), ("call", Arg::from(call.title.get(language)))],
            );
            let entry = CalendarEntry {
                uid: format!("interview-{}@mekong", slot.id),
                sequence: 0,
                summary,
                description: call.title.get(language).to_owned(),
                location: slot.place.clone(),
                url: slot.video_link().unwrap_or_default().to_owned(),
                starts: slot.starts,
                ends: slot.ends,
                cancelled: false,
                organiser: organiser.clone(),
                attendees: attendees.clone(),
            };
            let letter = Letter {
                subject: "email-interview-subject",
                paragraphs: &["email-greeting", "email-interview-body"],
                args: vec![
                    ("name", Arg::from(name.as_str())),
                    ("receipt", Arg::from(application.receipt.as_str())),
                    ("call", Arg::from(call.title.get(language))),
                    ("when", Arg::from(when.as_str())),
                    ("place", Arg::from(slot.place.as_str())),
                ],
                link: None,
                attachment: Some(Attachment {
                    filename: "interview.ics".into(),
                    content_type: "text/calendar; method=REQUEST; charset=UTF-8".into(),
                    content: write_calendar(
                        CalendarMethod::Request,
                        call.title.get(language),
                        &[entry],
                        self.clock.now(),
                    ),
                }),
            };
            self.queue_email(txn, &email, &name, language, letter).await?;
        }
        Ok(())
    }

    /// One candidate's interview for a committee member: the scores as far as they may see them.
    pub async fn interview_view(
        &self,
        actor: &Actor,
        call: CallId,
        application: ApplicationId,
    ) -> Result<InterviewView, AppError> {
        policy::authorise(actor, Permission::EvaluateCall, &Target::Call(call))?;
        let found = self.store.application(application).await?;
        if found.call != call || !interviewed(found.status) {
            return Err(AppError::NotFound);
        }
        let manages = policy::authorise(actor, Permission::ManageCall, &Target::Call(call)).is_ok();
        let user = actor.user_id();
        let own = match user {
            Some(user) => self.store.interview_score(application, user).await?,
            None => None,
        };
        let excluded = match user {
            Some(user) => {
                self.store.evaluation(application, user).await?.is_some_and(|e| e.declaration == Declaration::Conflict)
            }
            None => false,
        };
        let others = if manages || own.is_some() {
            self.store
                .interview_scores(call)
                .await?
                .into_iter()
                .filter(|s| s.application == application && Some(s.evaluator) != user)
                .collect()
        } else {
            Vec::new()
        };
        Ok(InterviewView {
            call: self.store.call(call).await?,
            slot: self.store.booked_slot(application).await?,
            application: found,
            own,
            others,
            excluded,
        })
    }

    /// Submits a committee member's scores of one interview, once.
    pub async fn submit_interview_scores(
        &self,
        actor: &Actor,
        call: CallId,
        application: ApplicationId,
        scores: &[String],
        comments: &[String],
    ) -> Result<(), AppError> {
        let view = self.interview_view(actor, call, application).await?;
        let Some(user) = actor.user_id() else { return Err(AppError::Forbidden) };
        if view.excluded {
            return Err(AppError::field("scores", "error-evaluation-excluded"));
        }
        if view.own.is_some() {
            return Err(AppError::field("scores", "error-evaluation-submitted"));
        }
        let mut errors = mekong_core::validation::FieldErrors::default();
        let (scores, comments) = read_scores(scores, comments, &view.call.award, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let score = InterviewScore {
            id: EvaluationId::new(),
            call,
            application,
            evaluator: user,
            scores,
            comments,
            submitted_at: self.clock.now(),
            version: 1,
        };
        let txn = self.store.begin_write().await?;
        match txn.insert_interview_score(&score).await {
            Ok(()) => {}
            Err(mekong_store::StoreError::Duplicate(_)) => {
                return Err(AppError::field("scores", "error-evaluation-submitted"));
            }
            Err(other) => return Err(other.into()),
        }
        let change = Change {
            action: "interview.scored",
            entity_type: "application",
            entity_id: application.to_string(),
            before: None,
            after: serde_json::to_value(&score).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// Whether an application reached the interviews (shortlisted, then decided on).
pub(super) fn interviewed(status: ApplicationStatus) -> bool {
    matches!(
        status,
        ApplicationStatus::Shortlisted
            | ApplicationStatus::Selected
            | ApplicationStatus::Reserve
            | ApplicationStatus::NotSelected
    )
}

/// The call's time zone, in which its slots are typed and shown.
pub(super) fn zone(call: &Call) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(&call.deadline.time_zone).unwrap_or(jiff::tz::TimeZone::UTC)
}
