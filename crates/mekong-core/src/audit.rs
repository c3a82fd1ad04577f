//! The audit trail's rules: what an entry holds and how the hash chain links entries, so that an
//! altered or removed entry is detected, while personal data in an entry's payloads can still be
//! erased (the chain covers a salted digest of each payload, not the payload itself).

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

/// One change, before it is chained. `before` and `after` are the payloads: absent when the
/// change has none, and also once erased (the entry's `Seal` tells which).
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

/// An entry as stored: the change, its place in the chain, how it was sealed, and its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: jiff::Timestamp,
    pub change: AuditChange,
    pub seal: Seal,
    pub prev_hash: String,
    pub hash: String,
}

/// Which formula an entry's hash follows. Each entry keeps its own, so that entries written
/// before a change of formula still verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seal {
    /// The first formula (stored as version 1): the instant to the nanosecond and the payloads
    /// themselves. PostgreSQL keeps only microseconds, so there such entries verify only when
    /// written on a whole microsecond; `mekong audit reseal` moves them to `Digests`.
    Original,
    /// The current formula (version 2): the instant to the microsecond, what both backends
    /// keep, and a salted digest of each payload, so that a payload can be erased.
    Digests { before: Option<PayloadSeal>, after: Option<PayloadSeal> },
}

impl Seal {
    /// The version number stored with the entry.
    pub fn version(&self) -> i32 {
        match self {
            Seal::Original => 1,
            Seal::Digests { .. } => 2,
        }
    }
}

/// What the chain keeps of one payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayloadSeal {
    /// SHA-256 of the salt and the payload: what the entry's hash covers.
    pub digest: String,
    /// A random value mixed into the digest, so that a digest kept after erasure cannot be
    /// matched against guessed contents (a name and an email are easy to guess). Erased with
    /// the payload: `None` means the payload was erased.
    pub salt: Option<String>,
}

impl PayloadSeal {
    /// Seals `body` with `salt`.
    pub fn new(salt: String, body: &serde_json::Value) -> PayloadSeal {
        PayloadSeal { digest: payload_digest(&salt, body), salt: Some(salt) }
    }

    pub fn is_erased(&self) -> bool {
        self.salt.is_none()
    }

    /// Whether `body` (absent once erased) is the payload this seal was made for.
    fn matches(&self, body: Option<&serde_json::Value>) -> bool {
        match (&self.salt, body) {
            (Some(salt), Some(body)) => payload_digest(salt, body) == self.digest,
            (None, None) => true,
            _ => false,
        }
    }
}

/// An instant as both backends keep it: truncated to the microsecond (PostgreSQL's precision).
pub fn kept_instant(at: jiff::Timestamp) -> jiff::Timestamp {
    let nanos = at.subsec_nanosecond();
    jiff::Timestamp::new(at.as_second(), nanos - nanos % 1000).unwrap_or(at)
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest of a payload sealed with `salt`.
pub fn payload_digest(salt: &str, body: &serde_json::Value) -> String {
    hex(&Sha256::digest(format!("{salt}:{body}").as_bytes()))
}

/// The hash of an entry sealed the original way: SHA-256 over its sequence number, instant (to
/// the nanosecond), content and the previous hash.
pub fn original_hash(seq: i64, at: jiff::Timestamp, change: &AuditChange, prev_hash: &str) -> String {
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
    hex(&Sha256::digest(content.to_string().as_bytes()))
}

/// The hash of an entry sealed with digests: SHA-256 over its sequence number, instant as kept,
/// who and what, the payloads' digests and the previous hash.
fn digests_hash(
    seq: i64,
    at: jiff::Timestamp,
    change: &AuditChange,
    payloads: [Option<&PayloadSeal>; 2],
    prev_hash: &str,
) -> String {
    let [before, after] = payloads.map(|seal| seal.map(|s| s.digest.as_str()));
    let content = serde_json::json!({
        "version": 2,
        "seq": seq,
        "at": kept_instant(at).to_string(),
        "actor": change.actor,
        "action": change.action,
        "entity_type": change.entity_type,
        "entity_id": change.entity_id,
        "before": before,
        "after": after,
        "prev": prev_hash,
    });
    hex(&Sha256::digest(content.to_string().as_bytes()))
}

/// Salts for an entry's two payloads, drawn by the caller (core has no randomness).
#[derive(Debug, Clone)]
pub struct PayloadSalts {
    pub before: String,
    pub after: String,
}

/// Chains `change` after `prev_hash` as entry `seq`, sealed with digests: the instant is the one
/// both backends keep, and each payload gets its salted digest.
pub fn seal_entry(
    seq: i64,
    at: jiff::Timestamp,
    change: AuditChange,
    salts: PayloadSalts,
    prev_hash: &str,
) -> AuditEntry {
    let before = change.before.as_ref().map(|body| PayloadSeal::new(salts.before, body));
    let after = change.after.as_ref().map(|body| PayloadSeal::new(salts.after, body));
    sealed(seq, at, change, [before, after], prev_hash)
}

/// Re-chains `entry` after `prev_hash`, sealed with digests whatever its formula was: the
/// payloads it still holds get new seals, erased ones keep theirs (their bodies are gone).
pub fn reseal(entry: AuditEntry, prev_hash: &str, salts: PayloadSalts) -> AuditEntry {
    let [before_erased, after_erased] = match entry.seal {
        Seal::Digests { before, after } => [before, after].map(|seal| seal.filter(PayloadSeal::is_erased)),
        Seal::Original => [None, None],
    };
    let change = entry.change;
    let before = change.before.as_ref().map(|body| PayloadSeal::new(salts.before, body)).or(before_erased);
    let after = change.after.as_ref().map(|body| PayloadSeal::new(salts.after, body)).or(after_erased);
    sealed(entry.seq, entry.at, change, [before, after], prev_hash)
}

fn sealed(
    seq: i64,
    at: jiff::Timestamp,
    change: AuditChange,
    [before, after]: [Option<PayloadSeal>; 2],
    prev_hash: &str,
) -> AuditEntry {
    let at = kept_instant(at);
    let hash = digests_hash(seq, at, &change, [before.as_ref(), after.as_ref()], prev_hash);
    AuditEntry { seq, at, change, seal: Seal::Digests { before, after }, prev_hash: prev_hash.to_owned(), hash }
}

impl AuditEntry {
    /// Whether the entry's content and payloads still match its hash.
    pub fn is_intact(&self) -> bool {
        match &self.seal {
            Seal::Original => original_hash(self.seq, self.at, &self.change, &self.prev_hash) == self.hash,
            Seal::Digests { before, after } => {
                let payload_intact = |seal: Option<&PayloadSeal>, body: Option<&serde_json::Value>| match seal {
                    Some(seal) => seal.matches(body),
                    None => body.is_none(),
                };
                payload_intact(before.as_ref(), self.change.before.as_ref())
                    && payload_intact(after.as_ref(), self.change.after.as_ref())
                    && digests_hash(self.seq, self.at, &self.change, [before.as_ref(), after.as_ref()], &self.prev_hash)
                        == self.hash
            }
        }
    }

    /// Whether a payload of this entry was erased.
    pub fn has_erased_payload(&self) -> bool {
        match &self.seal {
            Seal::Original => false,
            Seal::Digests { before, after } => [before, after].into_iter().flatten().any(PayloadSeal::is_erased),
        }
    }
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
        if !entry.is_intact() {
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

    /// An instant with nanoseconds PostgreSQL does not keep.
    fn sub_microsecond() -> jiff::Timestamp {
        "2026-12-02T10:00:00.123456789Z".parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }

    fn change(seq: i64) -> AuditChange {
        AuditChange {
            actor: AuditActor::System { job: "test".into() },
            action: "person.created".into(),
            entity_type: "person".into(),
            entity_id: format!("p-{seq}"),
            before: None,
            after: Some(serde_json::json!({"n": seq, "name": "Sok Dara", "email": "dara@example.org"})),
        }
    }

    fn salts(seq: i64) -> PayloadSalts {
        PayloadSalts { before: format!("b{seq}"), after: format!("a{seq}") }
    }

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let entry = seal_entry(seq, sub_microsecond(), change(seq), salts(seq), &prev);
                prev.clone_from(&entry.hash);
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
    fn the_instant_is_sealed_as_both_backends_keep_it() {
        let entries = chain(1);
        let entry = &entries[0];
        assert_eq!(entry.at.to_string(), "2026-12-02T10:00:00.123456Z", "truncated, not rounded");
        // What PostgreSQL gives back (microseconds) verifies, and so does the nanosecond
        // instant, which is what SQLite keeps of an entry sealed before the truncation.
        let mut read_back = entry.clone();
        read_back.at = kept_instant(sub_microsecond());
        assert!(read_back.is_intact());
        read_back.at = sub_microsecond();
        assert!(read_back.is_intact());
        read_back.at += jiff::SignedDuration::from_micros(1);
        assert!(!read_back.is_intact(), "another microsecond is another instant");
    }

    #[test]
    fn an_original_entry_verifies_only_with_its_nanoseconds() {
        let change = change(1);
        let hash = original_hash(1, sub_microsecond(), &change, GENESIS_HASH);
        let mut entry = AuditEntry {
            seq: 1,
            at: sub_microsecond(),
            change,
            seal: Seal::Original,
            prev_hash: GENESIS_HASH.to_owned(),
            hash,
        };
        assert_eq!(verify(std::slice::from_ref(&entry), 1), Ok(1), "as SQLite kept it");
        entry.at = kept_instant(entry.at);
        assert_eq!(verify(&[entry], 1), Err(ChainProblem::Altered { seq: 1 }), "as PostgreSQL kept it");
    }

    #[test]
    fn an_erased_payload_still_verifies_but_an_altered_one_does_not() {
        let mut entries = chain(3);
        if let Some(entry) = entries.get_mut(1) {
            entry.change.after = None;
            if let Seal::Digests { after: Some(seal), .. } = &mut entry.seal {
                seal.salt = None;
            }
            assert!(entry.has_erased_payload());
        }
        assert_eq!(verify(&entries, 3), Ok(3));

        let mut altered = chain(3);
        if let Some(entry) = altered.get_mut(1) {
            entry.change.after = Some(serde_json::json!({"n": 99}));
        }
        assert_eq!(verify(&altered, 3), Err(ChainProblem::Altered { seq: 2 }));
        let mut removed_without_erasure = chain(3);
        if let Some(entry) = removed_without_erasure.get_mut(1) {
            entry.change.after = None;
        }
        assert_eq!(verify(&removed_without_erasure, 3), Err(ChainProblem::Altered { seq: 2 }));
    }

    #[test]
    fn resealing_chains_original_entries_with_digests_and_keeps_erasures() {
        let mut entries = chain(3);
        let original = change(1);
        let hash = original_hash(1, sub_microsecond(), &original, GENESIS_HASH);
        entries[0] = AuditEntry {
            seq: 1,
            at: kept_instant(sub_microsecond()),
            change: original,
            seal: Seal::Original,
            prev_hash: GENESIS_HASH.to_owned(),
            hash,
        };
        entries[1].change.after = None;
        if let Seal::Digests { after: Some(seal), .. } = &mut entries[1].seal {
            seal.salt = None;
        }
        assert_eq!(
            verify(&entries, 3),
            Err(ChainProblem::Altered { seq: 1 }),
            "an original entry read from PostgreSQL"
        );
        let mut prev = GENESIS_HASH.to_owned();
        let resealed: Vec<AuditEntry> = entries
            .into_iter()
            .map(|entry| {
                let entry = reseal(entry, &prev, salts(9));
                prev.clone_from(&entry.hash);
                entry
            })
            .collect();
        assert_eq!(verify(&resealed, 3), Ok(3));
        assert!(resealed[1].has_erased_payload(), "the erasure stays");
        assert_eq!(resealed[0].seal.version(), 2);
    }

    #[test]
    fn a_kept_digest_does_not_reveal_a_guessed_payload() {
        let body = serde_json::json!({"name": "Sok Dara"});
        let sealed = PayloadSeal::new("salt-one".into(), &body);
        assert_ne!(sealed.digest, hex(&Sha256::digest(body.to_string().as_bytes())));
        assert_ne!(sealed.digest, PayloadSeal::new("salt-two".into(), &body).digest);
    }

    #[test]
    fn alteration_removal_and_truncation_are_found() {
        let mut altered = chain(5);
        if let Some(entry) = altered.get_mut(2) {
            entry.change.entity_id = "p-99".into();
        }
        assert_eq!(verify(&altered, 5), Err(ChainProblem::Altered { seq: 3 }));
        let mut removed = chain(5);
        removed.remove(1);
        assert_eq!(verify(&removed, 5), Err(ChainProblem::Broken { seq: 3, expected_seq: 2 }));
        let truncated = chain(4);
        assert_eq!(verify(&truncated, 5), Err(ChainProblem::Truncated { last_seq: 4, head_seq: 5 }));
    }
}
