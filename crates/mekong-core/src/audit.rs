//! The audit trail's rules: what an entry holds and how the hash chain links entries, so that an
//! altered or removed entry is detected.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash the first entry links to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditActor {
    User { id: uuid::Uuid, email: String },
    Token { id: uuid::Uuid, user_id: uuid::Uuid, email: String },
    System { job: String },
    Anonymous,
}

impl AuditActor {
    /// A short label for lists: the email, or the job's name.
    pub fn label(&self) -> String {
        match self {
            AuditActor::User { email, .. } => email.clone(),
            AuditActor::Token { email, .. } => format!("{email} (API)"),
            AuditActor::System { job } => format!("system: {job}"),
            AuditActor::Anonymous => "anonymous".to_owned(),
        }
    }

    pub fn user_id(&self) -> Option<uuid::Uuid> {
        match self {
            AuditActor::User { id, .. } | AuditActor::Token { user_id: id, .. } => Some(*id),
            _ => None,
        }
    }
}

/// One change, before it is chained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditChange {
    pub actor: AuditActor,
    /// What was done, as a stable code (`user.invited`, `city.created`).
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// An entry as stored: the change, its place in the chain, and its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: jiff::Timestamp,
    pub change: AuditChange,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry: SHA-256 over its sequence number, time, content and the previous hash.
pub fn entry_hash(seq: i64, at: jiff::Timestamp, change: &AuditChange, prev_hash: &str) -> String {
    let content = serde_json::json!({
        "seq": seq,
        "at": at.to_string(),
        "actor": change.actor,
        "action": change.action,
        "entity_type": change.entity_type,
        "entity_id": change.entity_id,
        "before": change.before,
        "after": change.after,
        "prev": prev_hash,
    });
    let digest = Sha256::digest(content.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a walk of the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    /// An entry's content no longer matches its hash.
    Altered { seq: i64 },
    /// An entry does not link to the one before it, or numbers are missing.
    Broken { seq: i64, expected_seq: i64 },
    /// The last entries were removed: the chain is shorter than its recorded head.
    Truncated { last_seq: i64, head_seq: i64 },
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainProblem::Altered { seq } => write!(f, "entry {seq} was altered: its content does not match its hash"),
            ChainProblem::Broken { seq, expected_seq } => {
                write!(f, "entry {seq} does not follow entry {}: an entry was removed or reordered", expected_seq - 1)
            }
            ChainProblem::Truncated { last_seq, head_seq } => {
                write!(f, "the trail ends at entry {last_seq} but {head_seq} were written: entries were removed")
            }
        }
    }
}

/// Walks the chain incrementally; entries must be fed in sequence order.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier { expected_seq: 1, prev_hash: GENESIS_HASH.to_owned() }
    }
}

impl ChainVerifier {
    /// Checks the next entry; the first problem stops the walk.
    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), ChainProblem> {
        if entry.seq != self.expected_seq || entry.prev_hash != self.prev_hash {
            return Err(ChainProblem::Broken { seq: entry.seq, expected_seq: self.expected_seq });
        }
        if entry_hash(entry.seq, entry.at, &entry.change, &entry.prev_hash) != entry.hash {
            return Err(ChainProblem::Altered { seq: entry.seq });
        }
        self.expected_seq += 1;
        self.prev_hash.clone_from(&entry.hash);
        Ok(())
    }

    /// Checks that the walk reached the head the store recorded.
    pub fn finish(&self, head_seq: i64) -> Result<i64, ChainProblem> {
        let last_seq = self.expected_seq - 1;
        if last_seq == head_seq { Ok(last_seq) } else { Err(ChainProblem::Truncated { last_seq, head_seq }) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let change = AuditChange {
                    actor: AuditActor::System { job: "test".into() },
                    action: "city.created".into(),
                    entity_type: "city".into(),
                    entity_id: format!("KH-{seq}"),
                    before: None,
                    after: Some(serde_json::json!({"n": seq})),
                };
                let at = jiff::Timestamp::UNIX_EPOCH;
                let hash = entry_hash(seq, at, &change, &prev);
                let entry = AuditEntry { seq, at, change, prev_hash: prev.clone(), hash: hash.clone() };
                prev = hash;
                entry
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry], head: i64) -> Result<i64, ChainProblem> {
        let mut verifier = ChainVerifier::default();
        entries.iter().try_for_each(|e| verifier.check(e))?;
        verifier.finish(head)
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5), 5), Ok(5));
    }

    #[test]
    fn alteration_removal_and_truncation_are_found() {
        let mut altered = chain(5);
        if let Some(entry) = altered.get_mut(2) {
            entry.change.after = Some(serde_json::json!({"n": 99}));
        }
        assert_eq!(verify(&altered, 5), Err(ChainProblem::Altered { seq: 3 }));
        let mut removed = chain(5);
        removed.remove(1);
        assert_eq!(verify(&removed, 5), Err(ChainProblem::Broken { seq: 3, expected_seq: 2 }));
        let truncated = chain(4);
        assert_eq!(verify(&truncated, 5), Err(ChainProblem::Truncated { last_seq: 4, head_seq: 5 }));
    }
}
