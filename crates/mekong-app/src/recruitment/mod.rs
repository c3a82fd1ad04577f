//! Calls for applications: writing a call (its terms, documents, deadline and grid), its
//! committee of managers and evaluators named per call, and what each reader sees of calls.
//! Applying, and the applications' documents, are in `applications`.

mod applications;
mod decision;
mod evaluation;
mod intake;
mod interviews;
mod listing;
mod personal_data;
mod shortlist;
mod vault;

pub use applications::{ApplicantView, ApplicationDetail, AppliedReceipt, DocumentUpload, OpenedDocument};
pub use decision::DecisionView;
pub use evaluation::EvaluationsView;
pub use intake::{Imported, MailFile, MailImport, MailProblem, SetAside};
pub use interviews::{ApplicantStage, InterviewView, InterviewsView};
pub use listing::{ApplicationRead, Reader};
pub use personal_data::{ApplicantData, ErasureRequest};
pub use shortlist::ShortlistView;
pub use vault::{MAX_DOCUMENT_BYTES, check_upload};

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::identity::{Email, Role, RoleGrant, Scope, User};
use mekong_core::ids::{CallId, UserId};
use mekong_core::recruitment::{Call, CallDraft, CallPhase};

/// What the reader is to a call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seat {
    pub manages: bool,
    pub evaluates: bool,
    pub applied: bool,
}

/// A call as a reader sees it in a list or on its page.
#[derive(Debug, Clone)]
pub struct CallView {
    pub call: Call,
    pub phase: CallPhase,
    pub seat: Seat,
}

/// One member of a call's committee.
#[derive(Debug, Clone)]
pub struct CommitteeMember {
    pub user: User,
    pub role: Role,
}

fn seat(actor: &Actor, call: CallId, applied: bool) -> Seat {
    Seat {
        manages: policy::authorise(actor, Permission::ManageCall, &Target::Call(call)).is_ok(),
        evaluates: policy::authorise(actor, Permission::EvaluateCall, &Target::Call(call)).is_ok(),
        applied,
    }
}

fn call_audit(call: &Call) -> Option<serde_json::Value> {
    serde_json::to_value(call).ok()
}

impl App {
    /// The calls the reader may see: open ones for everyone, and, signed in, the calls one
    /// manages, evaluates or applied to, in any phase.
    pub async fn calls(&self, actor: &Actor) -> Result<Vec<CallView>, AppError> {
        policy::authorise(actor, Permission::ViewCalls, &Target::Nothing)?;
        let now = self.clock.now();
        let applied: Vec<CallId> = match &actor.user {
            Some(user) => self.store.applications_by_email(&user.email).await?.into_iter().map(|a| a.call).collect(),
            None => Vec::new(),
        };
        let calls = self.store.calls().await?;
        Ok(calls
            .into_iter()
            .map(|call| {
                let seat = seat(actor, call.id, applied.contains(&call.id));
                CallView { phase: call.phase(now), seat, call }
            })
            .filter(|view| {
                view.phase == CallPhase::Open || view.seat.manages || view.seat.evaluates || view.seat.applied
            })
            .collect())
    }

    /// One call: its public page once published; a draft only to its committee.
    pub async fn call(&self, actor: &Actor, id: CallId) -> Result<CallView, AppError> {
        policy::authorise(actor, Permission::ViewCalls, &Target::Call(id))?;
        let call = self.store.call(id).await?;
        let applied = match &actor.user {
            Some(user) => self.store.applications_by_email(&user.email).await?.iter().any(|a| a.call == id),
            None => false,
        };
        let seat = seat(actor, id, applied);
        if !call.published && !seat.manages && !seat.evaluates {
            return Err(AppError::NotFound);
        }
        Ok(CallView { phase: call.phase(self.clock.now()), seat, call })
    }

    /// The call for its edit form: its managers only.
    pub async fn call_for_edit(&self, actor: &Actor, id: CallId) -> Result<Call, AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(id))?;
        Ok(self.store.call(id).await?)
    }

    /// Whether the actor may write new calls (for the list's button).
    pub fn creates_calls(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::CreateCall, &Target::Nothing).is_ok()
    }

    /// Writes a new call; its author becomes its first manager.
    pub async fn create_call(&self, actor: &Actor, draft: &CallDraft) -> Result<CallId, AppError> {
        policy::authorise(actor, Permission::CreateCall, &Target::Nothing)?;
        let call = draft.read(CallId::new(), 1).map_err(AppError::Validation)?;
        self.insert_call(actor, &call).await?;
        Ok(call.id)
    }

    /// Saves a new call with its author as manager, in one transaction with its trail.
    pub(crate) async fn insert_call(&self, actor: &Actor, call: &Call) -> Result<(), AppError> {
        let txn = self.store.begin_write().await?;
        txn.save_call(call).await?;
        let change = Change {
            action: "call.created",
            entity_type: "call",
            entity_id: call.id.to_string(),
            before: None,
            after: call_audit(call),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        if let Some(user) = actor.user_id() {
            let grant = RoleGrant::new(Role::CallManager, Some(Scope::Call(call.id.0)))?;
            txn.insert_grant(user, &grant, self.clock.now()).await?;
            self.record(&txn, audit_actor(actor), committee_change("call.committee_added", call.id, user, grant.role))
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Saves a call's new terms over `version` (a stale version is a conflict).
    pub async fn update_call(
        &self,
        actor: &Actor,
        id: CallId,
        version: i32,
        draft: &CallDraft,
    ) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(id))?;
        let txn = self.store.begin_write().await?;
        let before = txn.call(id).await?;
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let call = draft.read(id, version + 1).map_err(AppError::Validation)?;
        txn.save_call(&call).await?;
        let change = Change {
            action: "call.updated",
            entity_type: "call",
            entity_id: id.to_string(),
            before: call_audit(&before),
            after: call_audit(&call),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The call's committee: its managers and evaluators.
    pub async fn committee(&self, actor: &Actor, id: CallId) -> Result<Vec<CommitteeMember>, AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(id))?;
        self.store.call(id).await?;
        self.committee_members(id).await
    }

    /// The call's managers and evaluators, for whoever the caller has authorised.
    pub(crate) async fn committee_members(&self, id: CallId) -> Result<Vec<CommitteeMember>, AppError> {
        let scope = Scope::Call(id.0);
        let mut members = Vec::new();
        for (user, grant) in self.store.all_grants().await? {
            if grant.scope.as_ref() == Some(&scope) {
                members.push(CommitteeMember { user: self.store.find_user(user).await?, role: grant.role });
            }
        }
        members.sort_by(|a, b| a.role.cmp(&b.role).then_with(|| a.user.display_name.cmp(&b.user.display_name)));
        Ok(members)
    }

    /// Names someone (by their account's email) manager or evaluator of the call. Someone who
    /// applied to the call is never on its committee.
    pub async fn add_to_committee(&self, actor: &Actor, id: CallId, email: &str, role: &str) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(id))?;
        let role = match Role::parse(role) {
            Ok(role @ (Role::CallManager | Role::Evaluator)) => role,
            _ => return Err(AppError::field("role", "error-role")),
        };
        let email = Email::parse(email)?;
        self.store.call(id).await?;
        let Some(member) = self.store.find_credentials(&email).await? else {
            return Err(AppError::field("email", "error-committee-no-account"));
        };
        if self.store.applications_by_email(email.as_str()).await?.iter().any(|a| a.call == id) {
            return Err(AppError::field("email", "error-committee-applicant"));
        }
        let grant = RoleGrant::new(role, Some(Scope::Call(id.0)))?;
        let txn = self.store.begin_write().await?;
        txn.insert_grant(member.user.id, &grant, self.clock.now()).await?;
        self.record(&txn, audit_actor(actor), committee_change("call.committee_added", id, member.user.id, role))
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Takes someone off the call's committee.
    pub async fn remove_from_committee(
        &self,
        actor: &Actor,
        id: CallId,
        user: UserId,
        role: &str,
    ) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(id))?;
        let role = Role::parse(role).map_err(|_| AppError::field("role", "error-role"))?;
        let grant = RoleGrant::new(role, Some(Scope::Call(id.0))).map_err(|_| AppError::field("role", "error-role"))?;
        let txn = self.store.begin_write().await?;
        txn.delete_grant(user, &grant).await?;
        self.record(&txn, audit_actor(actor), committee_change("call.committee_removed", id, user, role)).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Whether a call with this id exists: a call scope is granted only on a real call.
    pub(crate) async fn check_call_scope(&self, grant: &RoleGrant) -> Result<(), AppError> {
        if let Some(Scope::Call(id)) = grant.scope
            && !self.store.call_exists(CallId(id)).await?
        {
            return Err(AppError::field("scope", "error-scope-no-call"));
        }
        Ok(())
    }
}

fn committee_change(action: &'static str, call: CallId, user: UserId, role: Role) -> Change<'static> {
    Change {
        action,
        entity_type: "call",
        entity_id: call.to_string(),
        before: None,
        after: Some(serde_json::json!({ "user": user.to_string(), "role": role.code() })),
    }
}
