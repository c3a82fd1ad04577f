//! The audit trail's use cases: recording a change inside its transaction, browsing, a record's
//! history, and verifying the chain.

use crate::policy::{self, Actor, Credential, Permission, Target};
use crate::{App, AppError};
use mekong_core::audit::{AuditActor, AuditChange, AuditEntry, ChainProblem, ChainVerifier};
use mekong_store::WriteTxn;
pub use mekong_store::audit::AuditFilter;

/// The trail's view of who acted.
pub(crate) fn audit_actor(actor: &Actor) -> AuditActor {
    match (&actor.user, &actor.credential) {
        (Some(user), Some(Credential::Token(token))) => {
            AuditActor::Token { id: token.0, user_id: user.id.0, email: user.email.clone() }
        }
        (Some(user), _) => AuditActor::User { id: user.id.0, email: user.email.clone() },
        (None, Some(Credential::CommandLine)) => AuditActor::System { job: "command line".into() },
        (None, _) => AuditActor::Anonymous,
    }
}

/// The trail's view of the platform acting on its own (a waiting list moving up, a job).
pub(crate) fn system_actor(job: &str) -> AuditActor {
    AuditActor::System { job: job.to_owned() }
}

/// One change to record, built by the use case that makes it.
pub(crate) struct Change<'a> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl App {
    /// Writes the audit entry of a change in the change's own transaction.
    pub(crate) async fn record(&self, txn: &WriteTxn, actor: AuditActor, change: Change<'_>) -> Result<(), AppError> {
        let change = AuditChange {
            actor,
            action: change.action.to_owned(),
            entity_type: change.entity_type.to_owned(),
            entity_id: change.entity_id,
            before: change.before,
            after: change.after,
        };
        txn.append_audit(&change, self.clock.now()).await?;
        Ok(())
    }

    /// The trail, newest first, filtered.
    pub async fn audit_trail(&self, actor: &Actor, filter: AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
        policy::authorise(actor, Permission::ViewAudit, &Target::Nothing)?;
        Ok(self.store.audit_entries(&filter).await?)
    }

    /// A city with its history, for its page's History tab.
    pub async fn city_history(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<(mekong_core::directory::City, Vec<AuditEntry>), AppError> {
        let city = self.city(actor, code).await?;
        policy::authorise(actor, Permission::ViewCityHistory, &Target::City(city.code.clone()))?;
        let filter = AuditFilter {
            entity_type: Some("city".into()),
            entity_id: Some(city.code.to_string()),
            limit: 500,
            ..AuditFilter::default()
        };
        Ok((city, self.store.audit_entries(&filter).await?))
    }

    /// A directory record's history, when the actor may see it (empty otherwise).
    pub(crate) async fn record_history(
        &self,
        actor: &Actor,
        entity_type: &str,
        entity_id: String,
        cities: Vec<mekong_core::directory::CityCode>,
    ) -> Result<Vec<AuditEntry>, AppError> {
        if policy::authorise(actor, Permission::ViewCityHistory, &Target::Record(cities)).is_err() {
            return Ok(Vec::new());
        }
        let filter = AuditFilter {
            entity_type: Some(entity_type.into()),
            entity_id: Some(entity_id),
            limit: 200,
            ..AuditFilter::default()
        };
        Ok(self.store.audit_entries(&filter).await?)
    }

    /// Walks the whole chain; returns the number of entries, or the first problem.
    pub async fn verify_audit_chain(&self) -> Result<Result<i64, ChainProblem>, AppError> {
        let mut verifier = ChainVerifier::default();
        let mut after = 0;
        loop {
            let page = self.store.audit_page(after, 1000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for entry in &page {
                if let Err(problem) = verifier.check(entry) {
                    return Ok(Err(problem));
                }
            }
        }
        Ok(verifier.finish(self.store.audit_head_seq().await?))
    }
}
