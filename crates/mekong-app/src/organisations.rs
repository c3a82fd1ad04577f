//! The directory's organisations: listing and searching, one organisation's page, creating and
//! editing with duplicate detection, and membership changes with their history.

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use jiff::Timestamp;
use mekong_core::directory::City;
use mekong_core::drafts::OrganisationDraft;
use mekong_core::ids::OrganisationId;
use mekong_core::people::{Membership, Organisation, OrganisationFilter, Person};
use mekong_core::vocabulary::MembershipStatus;

/// One page of a longer list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page).max(1)
    }
}

pub const PER_PAGE: u64 = 50;
/// Pages beyond this are refused as nonsense (and would overflow the offset).
pub const MAX_PAGE: u64 = 1_000_000;

/// What creating a record found: done, or look-alikes the user must confirm past.
#[derive(Debug)]
pub enum Created<T, D> {
    Done(T),
    PossibleDuplicates(Vec<D>),
}

/// Everything an organisation's page shows.
#[derive(Debug)]
pub struct OrganisationDetail {
    pub organisation: Organisation,
    pub city: Option<City>,
    pub memberships: Vec<(Membership, Timestamp)>,
    pub people: Vec<Person>,
    pub editable: bool,
    /// Who changed what, for readers who may see it.
    pub history: Vec<mekong_core::audit::AuditEntry>,
}

/// The cities a record belongs to, for focal points' rights.
pub(crate) fn organisation_cities(org: &Organisation) -> Vec<mekong_core::directory::CityCode> {
    org.city.iter().cloned().collect()
}

impl App {
    pub async fn organisations(
        &self,
        actor: &Actor,
        filter: &OrganisationFilter,
        page: u64,
    ) -> Result<Page<Organisation>, AppError> {
        policy::authorise(actor, Permission::ViewDirectory, &Target::Nothing)?;
        let page = page.clamp(1, MAX_PAGE);
        let stamp = self.store.audit_head_seq().await?;
        let key = (filter.clone(), page);
        if let Some(kept) = self.kept.organisations.get(&key, stamp) {
            return Ok(Page::clone(&kept));
        }
        let (items, total) = self.organisations_matching(filter, PER_PAGE, (page - 1) * PER_PAGE).await?;
        let found = Page { items, total, page, per_page: PER_PAGE };
        Ok(Page::clone(&self.kept.organisations.keep_searched(key, stamp, found, &filter.text)))
    }

    /// What the directory holds about a member city: its organisation and people, if recorded.
    pub async fn city_directory(
        &self,
        actor: &Actor,
        city: &mekong_core::directory::CityCode,
    ) -> Result<Option<OrganisationDetail>, AppError> {
        match self.store.organisation_of_city(city).await? {
            Some(org) => self.organisation(actor, org.id).await.map(Some),
            None => Ok(None),
        }
    }

    /// An organisation's record alone, where a page names it (an event's host) without its
    /// people and history.
    pub async fn organisation_record(&self, actor: &Actor, id: OrganisationId) -> Result<Organisation, AppError> {
        policy::authorise(actor, Permission::ViewDirectory, &Target::Nothing)?;
        Ok(self.store.organisation(id).await?)
    }

    pub async fn organisation(&self, actor: &Actor, id: OrganisationId) -> Result<OrganisationDetail, AppError> {
        policy::authorise(actor, Permission::ViewDirectory, &Target::Nothing)?;
        let organisation = self.store.organisation(id).await?;
        let city = match &organisation.city {
            Some(code) => Some(self.store.find_city(code).await?),
            None => None,
        };
        let people = match policy::authorise(actor, Permission::ViewPeople, &Target::Nothing) {
            Ok(()) => self.store.people_of(id).await?.into_iter().map(|p| self.redact(actor, p)).collect(),
            Err(_) => Vec::new(),
        };
        let target = Target::Record(organisation_cities(&organisation));
        let history =
            self.record_history(actor, "organisation", id.to_string(), organisation_cities(&organisation)).await?;
        Ok(OrganisationDetail {
            history,
            editable: policy::authorise(actor, Permission::EditDirectory, &target).is_ok(),
            memberships: self.store.membership_history(id).await?,
            organisation,
            city,
            people,
        })
    }

    /// Creates an organisation; look-alikes by name stop it unless `keep_both` says the user saw them.
    pub async fn create_organisation(
        &self,
        actor: &Actor,
        draft: &OrganisationDraft,
        keep_both: bool,
    ) -> Result<Created<Organisation, Organisation>, AppError> {
        let organisation = draft.parse(OrganisationId::new(), 1).map_err(AppError::Validation)?;
        policy::authorise(actor, Permission::EditDirectory, &Target::Record(organisation_cities(&organisation)))?;
        self.check_member_city("city", organisation.city.as_ref()).await?;
        if !keep_both {
            let names = [organisation.names.fr.as_str(), &organisation.names.en, &organisation.names.local];
            let similar = self.store.organisations_named(&names).await?;
            if !similar.is_empty() {
                return Ok(Created::PossibleDuplicates(similar));
            }
        }
        let txn = self.store.begin_write().await?;
        txn.insert_organisation(&organisation, self.clock.now()).await?;
        let change = Change {
            action: "organisation.created",
            entity_type: "organisation",
            entity_id: organisation.id.to_string(),
            before: None,
            after: serde_json::to_value(&organisation).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(Created::Done(organisation))
    }

    /// Saves an edit made from `version`; someone else's save in between is a conflict.
    pub async fn update_organisation(
        &self,
        actor: &Actor,
        id: OrganisationId,
        version: i32,
        draft: &OrganisationDraft,
    ) -> Result<Organisation, AppError> {
        let before = self.store.organisation(id).await?;
        policy::authorise(actor, Permission::EditDirectory, &Target::Record(organisation_cities(&before)))?;
        let mut organisation = draft.parse(id, version + 1).map_err(AppError::Validation)?;
        self.check_member_city("city", organisation.city.as_ref()).await?;
        if organisation.city != before.city
            && policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing).is_err()
        {
            // Focal points cannot move an organisation to another city: said, not silently undone.
            return Err(AppError::field("city", "error-city-change-not-allowed"));
        }
        // The membership is not part of this form (it has its own, with its history): the record
        // keeps it, so the audit entry does not show it as changed.
        organisation.membership = before.membership.clone();
        let txn = self.store.begin_write().await?;
        txn.update_organisation(&organisation, self.clock.now()).await?;
        let change = Change {
            action: "organisation.updated",
            entity_type: "organisation",
            entity_id: id.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&organisation).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(organisation)
    }

    /// Refuses a well-formed code of no member city, next to its field.
    pub(crate) async fn check_member_city(
        &self,
        field: &str,
        city: Option<&mekong_core::directory::CityCode>,
    ) -> Result<(), AppError> {
        match city {
            Some(city) if !self.store.list_cities().await?.iter().any(|c| c.code == *city) => {
                Err(AppError::field(field, "error-unknown-city"))
            }
            _ => Ok(()),
        }
    }

    /// Records a local authority's new membership status; earlier ones stay as its history.
    pub async fn record_membership(
        &self,
        actor: &Actor,
        id: OrganisationId,
        status: &str,
        since: &str,
        note: &str,
    ) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        let organisation = self.store.organisation(id).await?;
        let mut errors = mekong_core::validation::FieldErrors::default();
        let status = MembershipStatus::parse(status);
        if status.is_none() {
            errors.add("status", "error-membership-status");
        }
        let since = mekong_core::people::parse_date(since, "since", &mut errors);
        let (Some(status), true) = (status, errors.is_empty()) else { return Err(AppError::Validation(errors)) };
        let membership = Membership { status, since, note: note.trim().to_owned() };
        let txn = self.store.begin_write().await?;
        txn.insert_membership(id, &membership, self.clock.now()).await?;
        let change = Change {
            action: "organisation.membership_changed",
            entity_type: "organisation",
            entity_id: id.to_string(),
            before: organisation.membership.as_ref().and_then(|m| serde_json::to_value(m).ok()),
            after: serde_json::to_value(&membership).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }
}
