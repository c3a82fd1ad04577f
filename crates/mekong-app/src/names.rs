//! The directory's name search, answered by the search index: what a person's or an
//! organisation's entry carries for it (the order the lists sort by, the tags their filters
//! select by), the tags a filter asks for, and the pages of people and organisations a filter
//! matches.
//!
//! A filter with words is answered by the index (names, filters, order and count) and only the
//! page's records are read from the store, by id. A filter without words is the store's alone,
//! which lists in its own index order. Both sort by the same folded names
//! ([`mekong_core::names::sort_key`]).

use crate::{App, AppError};
use mekong_core::ids::{OrganisationId, PersonId};
use mekong_core::names::sort_key;
use mekong_core::people::{Organisation, OrganisationFilter, PeopleFilter, Person};
use mekong_search::{NameSearch, Named};
use std::collections::HashMap;
use std::hash::Hash;

pub(crate) const PERSON: &str = "person";
pub(crate) const ORGANISATION: &str = "organisation";

fn tag(facet: &str, value: &str) -> String {
    format!("{facet}:{value}")
}

/// Where a person sorts and what the people list's filters select them by.
pub(crate) fn person_naming(person: &Person) -> (String, Vec<String>) {
    let mut tags: Vec<String> = person.country.iter().map(|c| tag("country", c.as_str())).collect();
    tags.extend(person.themes.iter().map(|t| tag("theme", t.code())));
    tags.extend(person.languages.iter().map(|l| tag("language", l)));
    if let Some(city) = &person.focal_point_of {
        tags.push("focal".into());
        tags.push(tag("focal", city.as_str()));
    }
    tags.extend(person.affiliations.iter().filter_map(|a| a.organisation_kind).map(|k| tag("organisation", k.code())));
    if person.contactable() && !person.emails.is_empty() {
        tags.push("contactable".into());
    }
    tags.sort();
    tags.dedup();
    (sort_key(&[&person.name_romanised, &person.name_local]), tags)
}

/// The tags a person must carry to pass `filter` (its text aside).
fn people_filter_tags(filter: &PeopleFilter, contactable_only: bool) -> Vec<String> {
    let mut tags: Vec<String> = filter.country.iter().map(|c| tag("country", c.as_str())).collect();
    tags.extend(filter.theme.iter().map(|t| tag("theme", t.code())));
    tags.extend(filter.language.iter().map(|l| tag("language", l)));
    if filter.focal_points_only {
        tags.push("focal".into());
    }
    tags.extend(filter.city.iter().map(|c| tag("focal", c.as_str())));
    tags.extend(filter.organisation_kind.iter().map(|k| tag("organisation", k.code())));
    if contactable_only {
        tags.push("contactable".into());
    }
    tags
}

/// Where an organisation sorts and what the organisations list's filters select it by.
pub(crate) fn organisation_naming(organisation: &Organisation) -> (String, Vec<String>) {
    let mut tags = vec![tag("kind", organisation.kind.code()), tag("country", organisation.country.as_str())];
    tags.extend(organisation.themes.iter().map(|t| tag("theme", t.code())));
    tags.extend(organisation.languages.iter().map(|l| tag("language", l)));
    tags.sort();
    tags.dedup();
    let names = &organisation.names;
    (sort_key(&[&names.fr, &names.en, &names.local]), tags)
}

/// The tags an organisation must carry to pass `filter` (its text aside).
fn organisation_filter_tags(filter: &OrganisationFilter) -> Vec<String> {
    let mut tags: Vec<String> = filter.kind.iter().map(|k| tag("kind", k.code())).collect();
    tags.extend(filter.country.iter().map(|c| tag("country", c.as_str())));
    tags.extend(filter.theme.iter().map(|t| tag("theme", t.code())));
    tags.extend(filter.language.iter().map(|l| tag("language", l)));
    tags
}

/// The records of `ids` in the order of `ids`; one gone since the index was read is left out.
fn in_order<T, K: Eq + Hash>(records: Vec<T>, ids: &[K], key: impl Fn(&T) -> K) -> Vec<T> {
    let mut by_id: HashMap<K, T> = records.into_iter().map(|record| (key(&record), record)).collect();
    ids.iter().filter_map(|id| by_id.remove(id)).collect()
}

fn uuids(named: &Named) -> impl Iterator<Item = uuid::Uuid> + '_ {
    named.ids.iter().filter_map(|id| uuid::Uuid::parse_str(id).ok())
}

/// A page of a name search, as the store's lists count it.
fn page_of<'a>(kind: &'a str, text: &'a str, tags: &'a [String], limit: u64, offset: u64) -> NameSearch<'a> {
    let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    NameSearch { kind, text, tags, offset: to_usize(offset), limit: to_usize(limit) }
}

impl App {
    /// A page of the people `filter` matches, by name, and how many it matches in all.
    pub(crate) async fn people_matching(
        &self,
        filter: &PeopleFilter,
        limit: u64,
        offset: u64,
    ) -> Result<(Vec<Person>, u64), AppError> {
        let tags = people_filter_tags(filter, false);
        match self.names(&page_of(PERSON, &filter.text, &tags, limit, offset)).await? {
            Some(named) => Ok((self.named_people(&named).await?, named.total)),
            None => Ok(self.store.people(filter, limit, offset).await?),
        }
    }

    /// Everyone a mailing list with `filter` reaches, by name: only people who may be written to.
    pub(crate) async fn mailing_recipients(&self, filter: &PeopleFilter) -> Result<Vec<Person>, AppError> {
        let tags = people_filter_tags(filter, true);
        match self.names(&page_of(PERSON, &filter.text, &tags, u64::MAX, 0)).await? {
            Some(named) => self.named_people(&named).await,
            None => Ok(self.store.mailing_recipients(filter).await?),
        }
    }

    /// A page of the organisations `filter` matches, by name, and how many it matches in all.
    pub(crate) async fn organisations_matching(
        &self,
        filter: &OrganisationFilter,
        limit: u64,
        offset: u64,
    ) -> Result<(Vec<Organisation>, u64), AppError> {
        let tags = organisation_filter_tags(filter);
        match self.names(&page_of(ORGANISATION, &filter.text, &tags, limit, offset)).await? {
            Some(named) => {
                let ids: Vec<OrganisationId> = uuids(&named).map(OrganisationId).collect();
                let found = self.store.organisations_by_ids(&ids).await?;
                Ok((in_order(found, &ids, |o| o.id), named.total))
            }
            None => Ok(self.store.organisations(filter, limit, offset).await?),
        }
    }

    async fn named_people(&self, named: &Named) -> Result<Vec<Person>, AppError> {
        let ids: Vec<PersonId> = uuids(named).map(PersonId).collect();
        let found = self.store.people_by_ids(&ids).await?;
        Ok(in_order(found, &ids, |p| p.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mekong_core::directory::CityCode;
    use mekong_core::people::{Affiliation, CountryCode, Names};
    use mekong_core::vocabulary::{OrganisationKind, Sex, Theme};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn carries_all(tags: &[String], asked: &[String]) -> bool {
        asked.iter().all(|t| tags.contains(t))
    }

    fn organisation(kind: OrganisationKind) -> Result<Organisation, &'static str> {
        Ok(Organisation {
            id: OrganisationId::new(),
            kind,
            names: Names { fr: "Ville de Phnom Penh".into(), en: "Phnom Penh City".into(), local: String::new() },
            country: CountryCode::parse("KH").ok_or("KH")?,
            admin_region: String::new(),
            latitude: None,
            longitude: None,
            website: String::new(),
            languages: vec!["km".into(), "fr".into()],
            themes: vec![Theme::Heritage],
            city: CityCode::parse("KH-PNH").ok(),
            network_roles: Vec::new(),
            membership: None,
            version: 1,
        })
    }

    /// The tags a filter asks for are spelt as the records carry them: a filter naming a
    /// person's own country, theme, language, city and organisation kind keeps them, one naming
    /// another city does not.
    #[test]
    fn a_filter_asks_for_the_tags_a_matching_person_carries() -> TestResult {
        let city = organisation(OrganisationKind::LocalAuthority)?;
        let person = Person {
            id: PersonId::new(),
            name_local: "សុខា ចាន់".into(),
            name_romanised: "Sokha Chan".into(),
            title: String::new(),
            sex: Sex::Unknown,
            function: String::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            languages: vec!["km".into()],
            themes: vec![Theme::Heritage],
            country: CountryCode::parse("KH"),
            consent: None,
            share_with_partners: false,
            focal_point_of: CityCode::parse("KH-PNH").ok(),
            user: None,
            affiliations: vec![Affiliation {
                organisation: city.id,
                organisation_name: city.names.clone(),
                organisation_city: city.city.clone(),
                organisation_kind: Some(city.kind),
                function: String::new(),
                from: None,
                until: None,
            }],
            version: 1,
        };
        let (key, tags) = person_naming(&person);
        assert_eq!(key, "sokha chan | សុខា ចាន់");
        let filter = PeopleFilter {
            country: CountryCode::parse("KH"),
            theme: Some(Theme::Heritage),
            language: Some("km".into()),
            focal_points_only: true,
            city: CityCode::parse("KH-PNH").ok(),
            organisation_kind: Some(OrganisationKind::LocalAuthority),
            ..PeopleFilter::default()
        };
        assert!(carries_all(&tags, &people_filter_tags(&filter, false)));
        assert!(!carries_all(&tags, &people_filter_tags(&filter, true)), "no email, no consent: not written to");
        let elsewhere = PeopleFilter { city: CityCode::parse("LA-VTE").ok(), ..filter.clone() };
        assert!(!carries_all(&tags, &people_filter_tags(&elsewhere, false)));
        let universities = PeopleFilter { organisation_kind: Some(OrganisationKind::University), ..filter };
        assert!(!carries_all(&tags, &people_filter_tags(&universities, false)));
        Ok(())
    }

    #[test]
    fn a_filter_asks_for_the_tags_a_matching_organisation_carries() -> TestResult {
        let (key, tags) = organisation_naming(&organisation(OrganisationKind::LocalAuthority)?);
        assert_eq!(key, "ville de phnom penh | phnom penh city");
        let filter = OrganisationFilter {
            kind: Some(OrganisationKind::LocalAuthority),
            country: CountryCode::parse("KH"),
            theme: Some(Theme::Heritage),
            language: Some("fr".into()),
            ..OrganisationFilter::default()
        };
        assert!(carries_all(&tags, &organisation_filter_tags(&filter)));
        let funders = OrganisationFilter { kind: Some(OrganisationKind::Funder), ..filter };
        assert!(!carries_all(&tags, &organisation_filter_tags(&funders)));
        Ok(())
    }

    #[test]
    fn records_come_back_in_the_order_of_their_ids() {
        assert_eq!(in_order(vec![3, 1, 2], &[2, 3, 9, 1], |n| *n), vec![2, 3, 1]);
    }
}
