//! The coordinator's partnership work: the prospects pipeline with its overdue next actions,
//! and mailing lists saved as filters over people.

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::ids::{MailingListId, ProspectId};
use mekong_core::input::{self, TextKind};
use mekong_core::people::{PeopleFilter, Person, Prospect, parse_date};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::ProspectStage;
pub use mekong_store::people::MailingList;

/// A prospect as typed into the pipeline's form.
#[derive(Debug, Default, Clone)]
pub struct ProspectDraft {
    pub organisation: String,
    pub stage: String,
    pub notes: String,
    pub next_action: String,
    pub due_on: String,
}

impl App {
    /// The pipeline, by due date.
    pub async fn prospects(&self, actor: &Actor) -> Result<Vec<Prospect>, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        Ok(self.store.prospects().await?)
    }

    /// Adds a prospect (`id` none) or saves one edited from `version`.
    pub async fn save_prospect(
        &self,
        actor: &Actor,
        id: Option<(ProspectId, i32)>,
        draft: &ProspectDraft,
    ) -> Result<Prospect, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        let mut errors = FieldErrors::default();
        let stage = ProspectStage::parse(&draft.stage);
        if stage.is_none() {
            errors.add("stage", "error-stage");
        }
        let due_on = parse_date(&draft.due_on, "due_on", &mut errors);
        // By id (from the pipeline's rows) or by exact name, accents aside (typed by a person).
        let organisation = match self.draft_organisation(&draft.organisation).await {
            Ok(Some((id, names, _))) => Some((id, names)),
            _ => None,
        };
        if organisation.is_none() {
            errors.add("organisation", "error-unknown-organisation");
        }
        let notes = input::check(&draft.notes, TextKind::Body, "notes", &mut errors);
        let next_action = input::check(&draft.next_action, TextKind::Comment, "next_action", &mut errors);
        let (Some(stage), Some(organisation), true) = (stage, organisation, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let (id, version) = id.map_or((ProspectId::new(), 1), |(id, version)| (id, version + 1));
        let (organisation, organisation_name) = organisation;
        let prospect = Prospect { id, organisation, organisation_name, stage, notes, next_action, due_on, version };
        let txn = self.store.begin_write().await?;
        txn.upsert_prospect(&prospect, self.clock.now()).await?;
        let change = Change {
            action: if version == 1 { "prospect.created" } else { "prospect.updated" },
            entity_type: "organisation",
            entity_id: organisation.to_string(),
            before: None,
            after: serde_json::to_value(&prospect).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(prospect)
    }

    pub async fn mailing_lists(&self, actor: &Actor) -> Result<Vec<MailingList>, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        Ok(self.store.mailing_lists().await?)
    }

    pub async fn create_mailing_list(
        &self,
        actor: &Actor,
        name: &str,
        filter: PeopleFilter,
    ) -> Result<MailingList, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        let name = list_name(name)?;
        let name = name.as_str();
        let list = MailingList { id: MailingListId::new(), name: name.to_owned(), filter, version: 1 };
        let txn = self.store.begin_write().await?;
        txn.insert_mailing_list(&list, self.clock.now()).await?;
        let change = Change {
            action: "mailing_list.created",
            entity_type: "mailing_list",
            entity_id: list.id.to_string(),
            before: None,
            after: serde_json::to_value(&list.filter).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(list)
    }

    /// Renames a mailing list, from the version the user saw.
    pub async fn rename_mailing_list(
        &self,
        actor: &Actor,
        id: MailingListId,
        version: i32,
        name: &str,
    ) -> Result<MailingList, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        let before = self.store.mailing_lists().await?.into_iter().find(|l| l.id == id).ok_or(AppError::NotFound)?;
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let name = list_name(name)?;
        let name = name.as_str();
        let list = MailingList { name: name.to_owned(), version: before.version + 1, ..before.clone() };
        let txn = self.store.begin_write().await?;
        txn.update_mailing_list(&list).await?;
        let change = Change {
            action: "mailing_list.renamed",
            entity_type: "mailing_list",
            entity_id: list.id.to_string(),
            before: Some(serde_json::json!({ "name": before.name })),
            after: Some(serde_json::json!({ "name": list.name })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(list)
    }

    /// Who a mailing list reaches today: its filter, less anyone without consent or who
    /// withdrew it, or without an email. Other areas (events, newsletters) address mail this way.
    pub async fn mailing_list_recipients(
        &self,
        actor: &Actor,
        id: MailingListId,
    ) -> Result<(MailingList, Vec<Person>), AppError> {
        let list = self.mailing_lists(actor).await?.into_iter().find(|l| l.id == id).ok_or(AppError::NotFound)?;
        let people = self.mailing_recipients(&list.filter).await?;
        Ok((list, people))
    }
}

/// A mailing list's name, checked as a name; required.
fn list_name(raw: &str) -> Result<String, AppError> {
    let mut errors = FieldErrors::default();
    let name = input::check(raw, TextKind::Name, "name", &mut errors);
    if name.is_empty() && errors.is_empty() {
        errors.add("name", "error-list-name");
    }
    if errors.is_empty() { Ok(name) } else { Err(AppError::Validation(errors)) }
}
