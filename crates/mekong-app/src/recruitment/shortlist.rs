//! The shortlist and the second stage: the managers decide the shortlist from the ranking with a
//! justification (every application becomes shortlisted or not), then ask the shortlisted for
//! the second stage's documents before an exact instant in the call's zone (an email in each
//! candidate's language), and record per candidate that the diploma copies are certified and
//! the identity document valid on that deadline.

use crate::audit::{Change, audit_actor};
use crate::mail::Letter;
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::ids::{ApplicationId, CallId};
use mekong_core::recruitment::{Application, ApplicationStatus, Call, DocumentKind, Stage, Standing, unambiguous};
use mekong_core::recruitment_procedure::{Procedure, ShortlistDraft, StageTwoCheck, StageTwoDraft, shortlist_status};
use mekong_i18n::Arg;

/// What the managers see to decide the shortlist and follow the second stage.
#[derive(Debug, Clone)]
pub struct ShortlistView {
    pub call: Call,
    pub procedure: Procedure,
    /// The ranking, best first.
    pub ranked: Vec<(Application, Standing)>,
    /// For each shortlisted application: the second-stage documents it sent, and its check.
    pub stage_two: Vec<(Application, Vec<DocumentKind>, Option<StageTwoCheck>)>,
}

fn procedure_audit(procedure: &Procedure) -> Option<serde_json::Value> {
    serde_json::to_value(procedure).ok()
}

impl App {
    /// The shortlist page: its managers only.
    pub async fn shortlist_view(&self, actor: &Actor, call: CallId) -> Result<ShortlistView, AppError> {
        let (found, ranked) = self.call_ranking(actor, call).await?;
        let procedure = self.store.procedure(call).await?;
        let checks = self.store.stage_two_checks(call).await?;
        let mut stage_two = Vec::new();
        for (application, _) in ranked.iter().filter(|(a, _)| a.status == ApplicationStatus::Shortlisted) {
            let sent = self
                .store
                .application_documents(application.id)
                .await?
                .into_iter()
                .map(|d| d.kind)
                .filter(|kind| found.required_at(Stage::BeforeInterview).contains(kind))
                .collect();
            let check = checks.iter().find(|c| c.application == application.id).cloned();
            stage_two.push((application.clone(), sent, check));
        }
        Ok(ShortlistView { call: found, procedure, ranked, stage_two })
    }

    /// Decides the shortlist: the chosen applications are shortlisted, the others not. It can
    /// be decided again until the second stage is requested.
    pub async fn decide_shortlist(&self, actor: &Actor, call: CallId, draft: &ShortlistDraft) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let applications = self.store.applications(call).await?;
        let ids: Vec<ApplicationId> = applications.iter().map(|a| a.id).collect();
        let shortlist = draft.read(&ids, self.clock.now()).map_err(AppError::Validation)?;
        let txn = self.store.begin_write().await?;
        let before = txn.procedure(call).await?;
        if before.stage_two.is_some() || before.decision.is_some() {
            return Err(AppError::field("chosen", "error-shortlist-requested"));
        }
        for application in &applications {
            let status = shortlist_status(application.status, shortlist.shortlisted.contains(&application.id));
            if status != application.status {
                let changed = Application { status, version: application.version + 1, ..application.clone() };
                txn.save_application(&changed, None).await?;
            }
        }
        let procedure = Procedure { shortlist: Some(shortlist), version: before.version + 1, ..before.clone() };
        txn.save_procedure(&procedure).await?;
        let change = Change {
            action: "call.shortlisted",
            entity_type: "call",
            entity_id: call.to_string(),
            before: procedure_audit(&before),
            after: procedure_audit(&procedure),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Asks the shortlisted for the second stage's documents before `draft`'s instant (a new
    /// instant moves the deadline and writes to them again).
    pub async fn request_stage_two(&self, actor: &Actor, call: CallId, draft: &StageTwoDraft) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let found = self.store.call(call).await?;
        let deadline = draft.read(&found).map_err(AppError::Validation)?;
        let txn = self.store.begin_write().await?;
        let before = txn.procedure(call).await?;
        let Some(shortlist) = &before.shortlist else {
            return Err(AppError::field("stage_two_date", "error-stage-two-no-shortlist"));
        };
        if before.decision.is_some() {
            return Err(AppError::field("stage_two_date", "error-decision-recorded"));
        }
        let procedure = Procedure { stage_two: Some(deadline.clone()), version: before.version + 1, ..before.clone() };
        txn.save_procedure(&procedure).await?;
        let change = Change {
            action: "call.stage_two_requested",
            entity_type: "call",
            entity_id: call.to_string(),
            before: procedure_audit(&before),
            after: procedure_audit(&procedure),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        let when = unambiguous(&deadline.in_zone(&deadline.time_zone));
        let erased = txn.erased_applications(call).await?;
        for id in shortlist.shortlisted.iter().filter(|id| !erased.contains(id)) {
            let application = txn.application(*id).await?;
            // A candidate who withdrew since the shortlist is not asked for more.
            if application.status != ApplicationStatus::Shortlisted {
                continue;
            }
            let documents: Vec<String> = found
                .required_at(Stage::BeforeInterview)
                .into_iter()
                .map(|kind| {
                    let key = format!("recruitment-document-{}", kind.code().replace('_', "-"));
                    self.i18n.message_with(application.language, &key, &[])
                })
                .collect();
            let letter = Letter {
                subject: "email-stage-two-subject",
                paragraphs: &[
                    "email-greeting",
                    "email-stage-two-body",
                    "email-stage-two-documents",
                    "email-stage-two-link",
                ],
                args: vec![
                    ("name", Arg::from(application.name.as_str())),
                    ("receipt", Arg::from(application.receipt.as_str())),
                    ("call", Arg::from(found.title.get(application.language))),
                    ("documents", Arg::from(documents.join("; "))),
                    ("deadline", Arg::from(when.as_str())),
                ],
                link: None,
                attachment: None,
            };
            self.queue_email(&txn, &application.email, &application.name, application.language, letter).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Records a manager's check of one shortlisted candidate's second-stage documents.
    pub async fn check_stage_two(
        &self,
        actor: &Actor,
        call: CallId,
        application: ApplicationId,
        certified: bool,
        identity_valid: bool,
        note: &str,
    ) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let Some(user) = actor.user_id() else { return Err(AppError::Forbidden) };
        let found = self.store.application(application).await?;
        if found.call != call {
            return Err(AppError::NotFound);
        }
        if found.status != ApplicationStatus::Shortlisted {
            return Err(AppError::field("check", "error-check-not-shortlisted"));
        }
        let mut errors = mekong_core::validation::FieldErrors::default();
        let note = mekong_core::input::check(note, mekong_core::input::TextKind::Comment, "note", &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let txn = self.store.begin_write().await?;
        let before = self.store.stage_two_check(application).await?;
        let check = StageTwoCheck {
            application,
            call,
            certified,
            identity_valid,
            note,
            checked_by: user,
            checked_at: self.clock.now(),
            version: before.as_ref().map_or(1, |b| b.version + 1),
        };
        txn.save_stage_two_check(&check).await?;
        let change = Change {
            action: "application.stage_two_checked",
            entity_type: "application",
            entity_id: application.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&check).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }
}
