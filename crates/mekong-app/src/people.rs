//! The directory's people: listing and searching, one person's page with look-alikes, creating
//! and editing, consent withdrawal, and merging duplicates.

use crate::audit::{Change, audit_actor};
use crate::organisations::{Created, MAX_PAGE, PER_PAGE, Page};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::drafts::PersonDraft;
use mekong_core::ids::{OrganisationId, PersonId};
use mekong_core::people::{PeopleFilter, Person};
use std::sync::Arc;

/// A person's page: the record (contacts hidden when the reader may not see them), and
/// whether the reader may see contacts and edit.
#[derive(Debug)]
pub struct PersonDetail {
    pub person: Person,
    pub contacts_visible: bool,
    pub editable: bool,
    pub possible_duplicates: Vec<Person>,
    /// Who changed what, for readers who may see it.
    pub history: Vec<mekong_core::audit::AuditEntry>,
}

impl App {
    /// Removes contact details the actor may not read.
    pub(crate) fn redact(&self, actor: &Actor, mut person: Person) -> Person {
        if !policy::sees_contacts(actor, &person.cities(), person.share_with_partners) {
            person.emails.clear();
            person.phones.clear();
        }
        person
    }

    pub async fn people(&self, actor: &Actor, filter: &PeopleFilter, page: u64) -> Result<Page<Person>, AppError> {
        policy::authorise(actor, Permission::ViewPeople, &Target::Nothing)?;
        let found = self.people_found(filter, page.clamp(1, MAX_PAGE)).await?;
        let items = found.items.iter().map(|p| self.redact(actor, p.clone())).collect();
        Ok(Page { items, ..*found })
    }

    /// A page of the people `filter` matches as found, before any reader's redaction: kept until
    /// the next write.
    async fn people_found(&self, filter: &PeopleFilter, page: u64) -> Result<Arc<Page<Person>>, AppError> {
        let stamp = self.store.audit_head_seq().await?;
        let key = (filter.clone(), page);
        if let Some(kept) = self.kept.people.get(&key, stamp) {
            return Ok(kept);
        }
        let (items, total) = self.people_matching(filter, PER_PAGE, (page - 1) * PER_PAGE).await?;
        Ok(self.kept.people.keep_searched(key, stamp, Page { items, total, page, per_page: PER_PAGE }, &filter.text))
    }

    pub async fn person(&self, actor: &Actor, id: PersonId) -> Result<PersonDetail, AppError> {
        policy::authorise(actor, Permission::ViewPeople, &Target::Nothing)?;
        let person = self.store.person(id).await?;
        let cities = person.cities();
        let editable = policy::authorise(actor, Permission::EditDirectory, &Target::Record(cities.clone())).is_ok();
        let possible_duplicates = if editable {
            self.look_alikes(&person).await?.into_iter().map(|p| self.redact(actor, p)).collect()
        } else {
            Vec::new()
        };
        let history = self.record_history(actor, "person", id.to_string(), cities.clone()).await?;
        Ok(PersonDetail {
            history,
            contacts_visible: policy::sees_contacts(actor, &cities, person.share_with_partners),
            person: self.redact(actor, person),
            editable,
            possible_duplicates,
        })
    }

    /// Other people who may be the same person: same folded name in either script, or same email.
    async fn look_alikes(&self, person: &Person) -> Result<Vec<Person>, AppError> {
        let emails: Vec<&str> = person.emails.iter().map(|e| e.as_str()).collect();
        let names = [person.name_romanised.as_str(), &person.name_local];
        let mut found = self.store.possible_duplicates(&names, &emails).await?;
        found.retain(|p| p.id != person.id);
        Ok(found)
    }

    /// The organisation a draft names: an id from a form, or a name from a spreadsheet.
    pub(crate) async fn draft_organisation(
        &self,
        reference: &str,
    ) -> Result<Option<(OrganisationId, mekong_core::people::Names, Option<mekong_core::directory::CityCode>)>, AppError>
    {
        let reference = reference.trim();
        if reference.is_empty() {
            return Ok(None);
        }
        let found = match uuid::Uuid::parse_str(reference) {
            Ok(id) => self.store.organisation(OrganisationId(id)).await.ok(),
            Err(_) => {
                let folded = mekong_core::names::fold(reference);
                let candidates = self.store.organisations_named(&[reference]).await?;
                candidates.into_iter().find(|o| {
                    [&o.names.fr, &o.names.en, &o.names.local].iter().any(|n| mekong_core::names::fold(n) == folded)
                })
            }
        };
        match found {
            Some(org) => Ok(Some((org.id, org.names, org.city))),
            None => Err(AppError::field("organisation", "error-unknown-organisation")),
        }
    }

    pub async fn create_person(
        &self,
        actor: &Actor,
        draft: &PersonDraft,
        keep_both: bool,
    ) -> Result<Created<Person, Person>, AppError> {
        policy::authorise(actor, Permission::EditDirectory, &Target::Nothing)?;
        let organisation = self.draft_organisation(&draft.organisation).await?;
        let person = draft.parse(PersonId::new(), 1, organisation, Vec::new()).map_err(AppError::Validation)?;
        self.check_member_city("focal_point_of", person.focal_point_of.as_ref()).await?;
        // A focal point adds people of their own city only.
        policy::authorise(actor, Permission::EditDirectory, &Target::Record(person.cities()))?;
        if !keep_both {
            let similar: Vec<Person> =
                self.look_alikes(&person).await?.into_iter().map(|p| self.redact(actor, p)).collect();
            if !similar.is_empty() {
                return Ok(Created::PossibleDuplicates(similar));
            }
        }
        let txn = self.store.begin_write().await?;
        txn.insert_person(&person, self.clock.now()).await?;
        let change = Change {
            action: "person.created",
            entity_type: "person",
            entity_id: person.id.to_string(),
            before: None,
            after: serde_json::to_value(&person).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(Created::Done(person))
    }

    pub async fn update_person(
        &self,
        actor: &Actor,
        id: PersonId,
        version: i32,
        draft: &PersonDraft,
    ) -> Result<Person, AppError> {
        let before = self.store.person(id).await?;
        policy::authorise(actor, Permission::EditDirectory, &Target::Record(before.cities()))?;
        let organisation = self.draft_organisation(&draft.organisation).await?;
        let mut person =
            draft.parse(id, version + 1, organisation, before.affiliations.clone()).map_err(AppError::Validation)?;
        self.check_member_city("focal_point_of", person.focal_point_of.as_ref()).await?;
        // What the form does not carry stays as it was.
        person.user = before.user;
        if let (Some(consent), Some(old)) = (person.consent.as_mut(), before.consent.as_ref()) {
            consent.withdrawn_on = old.withdrawn_on;
        }
        policy::authorise(actor, Permission::EditDirectory, &Target::Record(person.cities()))?;
        let txn = self.store.begin_write().await?;
        txn.update_person(&person, self.clock.now()).await?;
        let change = Change {
            action: "person.updated",
            entity_type: "person",
            entity_id: id.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&person).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(person)
    }

    /// Records that the person withdrew consent: from now on no mailing list reaches them.
    pub async fn withdraw_consent(&self, actor: &Actor, id: PersonId) -> Result<(), AppError> {
        let before = self.store.person(id).await?;
        policy::authorise(actor, Permission::EditDirectory, &Target::Record(before.cities()))?;
        let mut person = before.clone();
        let today = self.today();
        match person.consent.as_mut() {
            Some(consent) if consent.withdrawn_on.is_none() => consent.withdrawn_on = Some(today),
            _ => return Err(AppError::field("consent", "error-no-consent")),
        }
        person.version += 1;
        let txn = self.store.begin_write().await?;
        txn.update_person(&person, self.clock.now()).await?;
        let change = Change {
            action: "person.consent_withdrawn",
            entity_type: "person",
            entity_id: id.to_string(),
            before: serde_json::to_value(&before.consent).ok(),
            after: serde_json::to_value(&person.consent).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Merges `duplicate` into `keep`: every email, phone, language, theme and affiliation is
    /// kept; the duplicate's record goes, and the trail keeps both versions.
    pub async fn merge_people(&self, actor: &Actor, keep: PersonId, duplicate: PersonId) -> Result<Person, AppError> {
        if keep == duplicate {
            return Err(AppError::field("into", "error-merge-self"));
        }
        let txn = self.store.begin_write().await?;
        let kept = txn.person(keep).await?;
        let gone = txn.person(duplicate).await?;
        for person in [&kept, &gone] {
            policy::authorise(actor, Permission::EditDirectory, &Target::Record(person.cities()))?;
        }
        let mut merged = kept.clone();
        fn union<T: PartialEq + Clone>(into: &mut Vec<T>, from: &[T]) {
            for item in from {
                if !into.contains(item) {
                    into.push(item.clone());
                }
            }
        }
        union(&mut merged.emails, &gone.emails);
        union(&mut merged.phones, &gone.phones);
        union(&mut merged.languages, &gone.languages);
        union(&mut merged.themes, &gone.themes);
        for affiliation in &gone.affiliations {
            if !merged.affiliations.iter().any(|a| a.organisation == affiliation.organisation) {
                merged.affiliations.push(affiliation.clone());
            }
        }
        if merged.name_local.is_empty() {
            merged.name_local.clone_from(&gone.name_local);
        }
        if merged.name_romanised.is_empty() {
            merged.name_romanised.clone_from(&gone.name_romanised);
        }
        // A withdrawal on either record wins: merging must not put someone back on mailing lists.
        merged.consent = match (merged.consent.take(), gone.consent.clone()) {
            (Some(kept), Some(other)) if kept.is_active() && !other.is_active() => Some(other),
            (Some(kept), _) => Some(kept),
            (None, other) => other,
        };
        merged.focal_point_of = merged.focal_point_of.or_else(|| gone.focal_point_of.clone());
        merged.user = merged.user.or(gone.user);
        merged.share_with_partners = merged.share_with_partners && gone.share_with_partners;
        merged.version += 1;
        // Every record pointing at the merged person points at the one kept, in this transaction
        // (the foreign keys refuse the deletion otherwise).
        txn.repoint_participations(duplicate, keep).await?;
        txn.delete_person(duplicate).await?;
        txn.update_person(&merged, self.clock.now()).await?;
        // Both people's histories record the merge, with both versions before and the result.
        let before = serde_json::json!({ "kept": kept, "merged": gone });
        let after = serde_json::to_value(&merged).ok();
        for (action, person) in [("person.merged_away", duplicate), ("person.merged", keep)] {
            let change = Change {
                action,
                entity_type: "person",
                entity_id: person.to_string(),
                before: Some(before.clone()),
                after: after.clone(),
            };
            self.record(&txn, audit_actor(actor), change).await?;
        }
        txn.commit().await?;
        Ok(merged)
    }
}
