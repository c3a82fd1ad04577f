//! Evaluating applications: each evaluator declares their interests in an application before
//! seeing any of it (a conflict excludes them from it), then screens eligibility and scores
//! each award criterion with a comment, once; they see the others' scores only after
//! submitting their own. The managers see the ranking by mean weighted score, with large
//! disagreements flagged.

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::ids::{ApplicationId, CallId, EvaluationId};
use mekong_core::recruitment::{Application, Call, Declaration, Evaluation, ScoreDraft, Standing, ranking};

/// What the reader may see of an application's evaluations.
#[derive(Debug, Clone, Default)]
pub struct EvaluationsView {
    /// The reader's own evaluation, if they started one.
    pub own: Option<Evaluation>,
    /// The other evaluators' submitted evaluations: to managers, and to an evaluator once their
    /// own is submitted.
    pub others: Vec<Evaluation>,
    /// The reader evaluates (not only manages) and has not declared yet: they see no file.
    pub must_declare: bool,
    /// The reader declared a conflict: excluded from this application.
    pub excluded: bool,
}

fn evaluation_audit(evaluation: &Evaluation) -> Option<serde_json::Value> {
    serde_json::to_value(evaluation).ok()
}

impl App {
    /// What `actor` may see of the evaluations of `application` (the route checked they sit on
    /// the call's committee).
    pub(crate) async fn evaluations_view(
        &self,
        actor: &Actor,
        call: CallId,
        application: ApplicationId,
    ) -> Result<EvaluationsView, AppError> {
        let manages = policy::authorise(actor, Permission::ManageCall, &Target::Call(call)).is_ok();
        let own = match actor.user_id() {
            Some(user) => self.store.evaluation(application, user).await?,
            None => None,
        };
        let submitted = own.as_ref().is_some_and(|e| e.submitted_at.is_some());
        let others = if manages || submitted {
            self.store
                .evaluations(call)
                .await?
                .into_iter()
                .filter(|e| e.application == application && e.submitted_at.is_some())
                .filter(|e| Some(e.evaluator) != actor.user_id())
                .collect()
        } else {
            Vec::new()
        };
        Ok(EvaluationsView {
            must_declare: !manages && own.is_none(),
            excluded: own.as_ref().is_some_and(|e| e.declaration == Declaration::Conflict),
            own,
            others,
        })
    }

    /// Records the evaluator's declaration of interests in one application, once.
    pub async fn declare_interests(
        &self,
        actor: &Actor,
        call: CallId,
        application: ApplicationId,
        declaration: &str,
    ) -> Result<(), AppError> {
        policy::authorise(actor, Permission::EvaluateCall, &Target::Call(call))?;
        let found = self.store.application(application).await?;
        if found.call != call {
            return Err(AppError::NotFound);
        }
        let Some(declaration) = Declaration::parse(declaration) else {
            return Err(AppError::field("declaration", "error-required"));
        };
        let Some(user) = actor.user_id() else { return Err(AppError::Forbidden) };
        if self.store.evaluation(application, user).await?.is_some() {
            return Err(AppError::field("declaration", "error-evaluation-declared"));
        }
        let evaluation = Evaluation {
            id: EvaluationId::new(),
            call,
            application,
            evaluator: user,
            declaration,
            declared_at: self.clock.now(),
            eligibility: Vec::new(),
            scores: Vec::new(),
            comments: Vec::new(),
            submitted_at: None,
            version: 1,
        };
        let txn = self.store.begin_write().await?;
        txn.save_evaluation(&evaluation).await?;
        let change = Change {
            action: "evaluation.declared",
            entity_type: "application",
            entity_id: application.to_string(),
            before: None,
            after: evaluation_audit(&evaluation),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Submits the evaluator's eligibility screening and scores, once; they need a declaration
    /// of no conflict first.
    pub async fn submit_scores(
        &self,
        actor: &Actor,
        call: CallId,
        application: ApplicationId,
        draft: &ScoreDraft,
    ) -> Result<(), AppError> {
        policy::authorise(actor, Permission::EvaluateCall, &Target::Call(call))?;
        let Some(user) = actor.user_id() else { return Err(AppError::Forbidden) };
        let found_call = self.store.call(call).await?;
        let before = match self.store.evaluation(application, user).await? {
            Some(evaluation) if evaluation.call == call => evaluation,
            _ => return Err(AppError::field("declaration", "error-evaluation-declare-first")),
        };
        if before.declaration == Declaration::Conflict {
            return Err(AppError::field("declaration", "error-evaluation-excluded"));
        }
        if before.submitted_at.is_some() {
            return Err(AppError::field("declaration", "error-evaluation-submitted"));
        }
        let (eligibility, scores, comments) = draft.read(&found_call).map_err(AppError::Validation)?;
        let evaluation = Evaluation {
            eligibility,
            scores,
            comments,
            submitted_at: Some(self.clock.now()),
            version: before.version + 1,
            ..before.clone()
        };
        let txn = self.store.begin_write().await?;
        txn.save_evaluation(&evaluation).await?;
        let change = Change {
            action: "evaluation.submitted",
            entity_type: "application",
            entity_id: application.to_string(),
            before: evaluation_audit(&before),
            after: evaluation_audit(&evaluation),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The committee's ranking of a call's applications: its managers only.
    pub async fn call_ranking(
        &self,
        actor: &Actor,
        call: CallId,
    ) -> Result<(Call, Vec<(Application, Standing)>), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let found = self.store.call(call).await?;
        let applications = self.store.applications(call).await?;
        let evaluations = self.store.evaluations(call).await?;
        let ids: Vec<ApplicationId> = applications.iter().map(|a| a.id).collect();
        let standings = ranking(&ids, &evaluations, &found.award);
        let ranked = standings
            .into_iter()
            .filter_map(|s| applications.iter().find(|a| a.id == s.application).cloned().map(|a| (a, s)))
            .collect();
        Ok((found, ranked))
    }
}
