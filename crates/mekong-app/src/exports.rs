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
        let (organisations, _) = self.store.organisations(filter, EXPORT_LIMIT, 0).await?;
        let mut headers = vec!["id".to_owned()];
        headers.extend(OrganisationDraft::FIELDS.iter().map(|f| (*f).to_owned()));
        let rows = organisations
            .iter()
            .map(|org| {
                let draft = OrganisationDraft::of(org);
                let values = [
                    draft.kind,
                    draft.name_fr,
                    draft.name_en,
                    draft.name_local,
                    draft.country,
                    draft.admin_region,
                    draft.latitude,
                    draft.longitude,
                    draft.website,
                    draft.languages,
                    draft.themes,
                ];
                std::iter::once(org.id.to_string()).chain(values).collect()
            })
            .collect();
        Ok(Table { headers, rows })
    }

    /// People matching `filter`, with contact details: network staff only.
    pub async fn export_people(&self, actor: &Actor, filter: &PeopleFilter) -> Result<Vec<Person>, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        Ok(self.store.people(filter, EXPORT_LIMIT, 0).await?.0)
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
            let draft = PersonDraft::of(person);
            let organisation = person
                .affiliations
                .first()
                .map(|a| a.organisation_name.for_reader(mekong_core::Lang::En).to_owned())
                .unwrap_or_default();
            let values = [
                draft.name_romanised,
                draft.name_local,
                draft.title,
                draft.sex,
                draft.function,
                draft.emails,
                draft.phones,
                draft.languages,
                draft.themes,
                draft.country,
                draft.consent_basis,
                draft.consent_given_on,
                draft.consent_channel,
                draft.share_with_partners,
                draft.focal_point_of,
                organisation,
            ];
            std::iter::once(person.id.to_string()).chain(values).collect()
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
