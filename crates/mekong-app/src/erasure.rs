//! Erasing a person (a request to be forgotten, or a retention period that ran out): their
//! personal data leaves the live records, the mail records and the audit trail's payloads, the
//! trail keeps a dated entry saying who did it, the chain still verifies, and the database files
//! are rewritten so that the erased bytes do not linger in free pages.
//!
//! The person's record is deleted rather than blanked: once their participations are
//! anonymised and unlinked, nothing points at it, and an empty record would only clutter the
//! directory. Participations stay (anonymised) because the events' figures count them: sex,
//! country, city, kind of organisation and status are kept; names, email, organisation name,
//! needs and the address hash go.

use crate::audit::{Change, Resealed, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::events::{Needs, Participant};
use mekong_core::ids::PersonId;
use mekong_core::people::Person;
use mekong_store::audit::Mentions;

/// The tables an erasure rewrites, for the database to drop their dead row versions.
const TOUCHED_TABLES: [&str; 7] =
    ["people", "affiliations", "event_participants", "emails", "jobs", "audit_log", "audit_payloads"];

/// What an erasure did, as its audit entry states it (without the personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erasure {
    pub person: PersonId,
    pub participations: usize,
    pub audit_payloads: u64,
    pub emails: usize,
    /// The re-sealing that entries of the original formula needed first, if any.
    pub resealed: Option<Resealed>,
    /// The `person.erased` entry.
    pub seq: i64,
    /// Whether the database files were rewritten without the erased bytes (on SQLite, a long
    /// reader can keep the write-ahead log from being emptied until a later checkpoint).
    pub purged: bool,
}

/// A participation with nothing left that names the person.
fn anonymised(mut participant: Participant) -> Participant {
    participant.person = None;
    participant.name = String::new();
    participant.local_name = String::new();
    participant.email = None;
    participant.organisation = String::new();
    participant.needs = Needs::default();
    participant.registered_from = None;
    participant.travel.from = String::new();
    participant.version += 1;
    participant
}

/// What identifies the person in the trail: their record, and the ids and addresses their
/// payloads carry.
fn mentions(person: &Person, emails: &[String], participations: &[Participant]) -> Mentions {
    let ids = std::iter::once(person.id.to_string()).chain(participations.iter().map(|p| p.id.to_string()));
    Mentions {
        records: vec![("person".to_owned(), person.id.to_string())],
        texts: ids.chain(emails.iter().cloned()).collect(),
    }
}

impl App {
    /// Erases `id`'s personal data everywhere. Refused for someone with an account (their
    /// account, and their name as the author of entries, are another matter), and when entries
    /// of the original formula concern them while the chain does not verify (re-sealing would
    /// then hide the problem: `mekong audit verify` first).
    pub async fn erase_person(&self, actor: &Actor, id: PersonId) -> Result<Erasure, AppError> {
        policy::authorise(actor, Permission::ErasePerson, &Target::Nothing)?;
        let txn = self.store.begin_write().await?;
        let person = txn.person(id).await?;
        if person.user.is_some() {
            return Err(AppError::field("person", "error-erase-has-account"));
        }
        let emails: Vec<String> = person.emails.iter().map(|e| e.as_str().to_lowercase()).collect();
        let participations = txn.participations_of_person(id, &emails).await?;
        let mentions = mentions(&person, &emails, &participations);
        let resealed = self.reseal_before_erasing(&txn, actor, &mentions, "person").await?;
        for participation in &participations {
            txn.update_participant(&anonymised(participation.clone())).await?;
        }
        txn.delete_person(id).await?;
        let mail = txn.forget_mail_to(&emails).await?;
        let after = serde_json::json!({
            "participations": participations.len(),
            "emails": mail.len(),
            "resealed_from": resealed.as_ref().map(|r| r.from),
        });
        let change = Change {
            action: "person.erased",
            entity_type: "person",
            entity_id: id.to_string(),
            before: None,
            after: Some(after),
        };
        let seq = self.record(&txn, audit_actor(actor), change).await?;
        let audit_payloads = txn.erase_audit_payloads(&mentions, seq, self.clock.now()).await?;
        txn.commit().await?;
        for file in mail.iter().flatten() {
            // A file already gone is what we want.
            let _ = tokio::fs::remove_file(file).await;
        }
        // The erasure is committed: a purge that fails is reported, not turned into a failure.
        let purged = self.store.purge_erased(&TOUCHED_TABLES).await.unwrap_or_else(|error| {
            tracing::warn!(%error, "rewriting the database files after an erasure");
            false
        });
        Ok(Erasure {
            person: id,
            participations: participations.len(),
            audit_payloads,
            emails: mail.len(),
            resealed,
            seq,
            purged,
        })
    }
}

impl App {
    /// Re-seals the entries of the original formula that concern someone about to be erased
    /// (their payloads can then go without breaking the chain); refused, on `field`, when the
    /// chain does not verify, since re-sealing would then hide the problem.
    pub(crate) async fn reseal_before_erasing(
        &self,
        txn: &mekong_store::WriteTxn,
        actor: &Actor,
        mentions: &Mentions,
        field: &str,
    ) -> Result<Option<Resealed>, AppError> {
        let Some(from) = txn.first_original_entry_mentioning(mentions).await? else { return Ok(None) };
        if self.verify_audit_chain().await?.is_err() {
            return Err(AppError::field(field, "error-erase-chain-broken"));
        }
        Ok(Some(self.reseal_in(txn, actor, from).await?))
    }
}

impl std::fmt::Display for Erasure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(resealed) = &self.resealed {
            writeln!(f, "{resealed}")?;
        }
        write!(
            f,
            "erased person {}: {} participations anonymised, {} audit payloads and {} emails erased; recorded as entry {} (person.erased)",
            self.person, self.participations, self.audit_payloads, self.emails, self.seq
        )?;
        if !self.purged {
            write!(
                f,
                "; the database files could not be rewritten yet (see the log): they hold the erased bytes until the next VACUUM and checkpoint"
            )?;
        }
        Ok(())
    }
}
