//! Exporting filtered lists: organisations and people as CSV or XLSX, people as vCard.

use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::drafts::{OrganisationDraft, PersonDraft};
use mekong_core::people::{OrganisationFilter, PeopleFilter, Person};
use mekong_docs::{Table, VCard};

/// The largest list one export writes.
const EXPORT_LIMIT: u64 = 100_000;

impl App {
    /// Organisations matching `filter`, one row each, in the import's column layout.
    pub async fn organisations_table(&self, actor: &Actor, filter: &OrganisationFilter) -> Result<Table, AppError> {
        policy::authorise(actor, Permission::ViewDirectory, &Target::Nothing)?;
        let (organisations, _) = self.organisations_matching(filter, EXPORT_LIMIT, 0).await?;
        let mut headers = vec!["id".to_owned()];
        headers.extend(OrganisationDraft::FIELDS.iter().map(|f| (*f).to_owned()));
        let rows = organisations
            .iter()
            .map(|org| {
                let mut draft = OrganisationDraft::of(org);
                std::iter::once(org.id.to_string())
                    .chain(
                        OrganisationDraft::FIELDS
                            .iter()
                            .map(|f| draft.field_mut(f).map(std::mem::take).unwrap_or_default()),
                    )
                    .collect()
            })
            .collect();
        Ok(Table { headers, rows })
    }

    /// People matching `filter`, with contact details: network staff only.
    pub async fn export_people(&self, actor: &Actor, filter: &PeopleFilter) -> Result<Vec<Person>, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        Ok(self.people_matching(filter, EXPORT_LIMIT, 0).await?.0)
    }
}

/// People in the import's column layout (the `id` column identifies the record; an import adds
/// new records and does not update existing ones).
pub fn people_table(people: &[Person]) -> Table {
    let mut headers = vec!["id".to_owned()];
    headers.extend(PersonDraft::FIELDS.iter().map(|f| (*f).to_owned()));
    let rows = people
        .iter()
        .map(|person| {
            let mut draft = PersonDraft::of(person);
            // Named, not by id, so that the file reads well and imports back.
            draft.organisation = person
                .affiliations
                .first()
                .map(|a| a.organisation_name.for_reader(mekong_core::Lang::En).to_owned())
                .unwrap_or_default();
            std::iter::once(person.id.to_string())
                .chain(PersonDraft::FIELDS.iter().map(|f| draft.field_mut(f).map(std::mem::take).unwrap_or_default()))
                .collect()
        })
        .collect();
    Table { headers, rows }
}

/// People as address-book cards.
pub fn people_vcards(people: &[Person]) -> String {
    let cards: Vec<VCard> = people
        .iter()
        .map(|p| VCard {
            full_name: p.display_name().to_owned(),
            local_name: p.name_local.clone(),
            title: p.function.clone(),
            organisation: p
                .affiliations
                .first()
                .map(|a| a.organisation_name.for_reader(mekong_core::Lang::En).to_owned())
                .unwrap_or_default(),
            emails: p.emails.iter().map(|e| e.to_string()).collect(),
            phones: p.phones.clone(),
            languages: p.languages.clone(),
            uid: p.id.to_string(),
        })
        .collect();
    mekong_docs::write_vcards(&cards)
}
