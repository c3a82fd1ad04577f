//! The audit trail's use cases: recording a change inside its transaction, browsing, a record's
//! history, verifying the chain, and re-sealing it from an entry on (an explicit, audited act).

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
    /// Writes the audit entry of a change in the change's own transaction; returns its number.
    /// A change to an indexed record also enters the search change log here, in the same
    /// transaction, so no area can forget to reindex what it writes.
    pub(crate) async fn record(&self, txn: &WriteTxn, actor: AuditActor, change: Change<'_>) -> Result<i64, AppError> {
        let (entity_type, entity_id) = (change.entity_type, change.entity_id.clone());
        let change = AuditChange {
            actor,
            action: change.action.to_owned(),
            entity_type: change.entity_type.to_owned(),
            entity_id: change.entity_id,
            before: change.before,
            after: change.after,
        };
        let seq = txn.append_audit(change, self.clock.now()).await?;
        crate::search::log_change(txn, seq, entity_type, &entity_id).await?;
        Ok(seq)
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

    /// Re-seals the chain from entry `from` on (by default, from the first entry that does not
    /// verify), and records it: `mekong audit reseal`. Needed where entries sealed the original
    /// way lost their nanoseconds (PostgreSQL). Missing entries are never papered over: a chain
    /// that is broken or truncated is refused.
    pub async fn reseal_audit_chain(&self, actor: &Actor, from: Option<i64>) -> Result<ResealOutcome, AppError> {
        policy::authorise(actor, Permission::ResealAudit, &Target::Nothing)?;
        let first_altered = match self.verify_audit_chain().await? {
            Ok(_) => None,
            Err(ChainProblem::Altered { seq }) => Some(seq),
            Err(problem) => return Ok(ResealOutcome::Refused(format!("{problem}; re-sealing would hide it"))),
        };
        let from = match (from, first_altered) {
            (Some(from), _) if from < 1 => return Ok(ResealOutcome::Refused("entries are numbered from 1".into())),
            (Some(from), Some(altered)) if from > altered => {
                return Ok(ResealOutcome::Refused(format!(
                    "entry {altered} does not verify: re-seal from it or from an entry before it"
                )));
            }
            (Some(from), _) => from,
            (None, Some(altered)) => altered,
            (None, None) => return Ok(ResealOutcome::NothingToDo),
        };
        let txn = self.store.begin_write().await?;
        let resealed = self.reseal_in(&txn, actor, from).await?;
        txn.commit().await?;
        Ok(ResealOutcome::Resealed(resealed))
    }

    /// Re-seals from `from` on inside `txn` and appends the `audit.resealed` entry saying so.
    pub(crate) async fn reseal_in(&self, txn: &WriteTxn, actor: &Actor, from: i64) -> Result<Resealed, AppError> {
        let (entries, previous_head_hash) = txn.reseal_audit(from).await?;
        let after = serde_json::json!({ "from": from, "entries": entries, "previous_head_hash": previous_head_hash });
        let change = Change {
            action: "audit.resealed",
            entity_type: "audit",
            entity_id: from.to_string(),
            before: None,
            after: Some(after),
        };
        let seq = self.record(txn, audit_actor(actor), change).await?;
        Ok(Resealed { from, entries, previous_head_hash, seq })
    }
}

/// What `reseal_audit_chain` did, or why it did nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResealOutcome {
    /// The chain verifies and no entry was named.
    NothingToDo,
    Resealed(Resealed),
    /// Re-sealing would hide a problem (missing entries), or the entry named is past the first
    /// that does not verify.
    Refused(String),
}

/// What a re-sealing did, as its audit entry states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resealed {
    /// The first entry re-sealed.
    pub from: i64,
    /// How many entries were re-sealed.
    pub entries: i64,
    /// The head hash before, so that anyone holding it can tell what was replaced.
    pub previous_head_hash: String,
    /// The `audit.resealed` entry.
    pub seq: i64,
}

impl std::fmt::Display for Resealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "re-sealed {} entries from entry {} on (previous head hash {}); recorded as entry {} (audit.resealed)",
            self.entries, self.from, self.previous_head_hash, self.seq
        )
    }
}
