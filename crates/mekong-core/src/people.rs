//! The directory's organisations and people: what is recorded about them and the rules for it.

use crate::directory::CityCode;
use crate::identity::Email;
use crate::ids::{OrganisationId, PersonId, UserId};
use crate::validation::FieldErrors;
use crate::vocabulary::{ConsentBasis, MembershipStatus, OrganisationKind, ProspectStage, Sex, Theme};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An ISO 3166-1 alpha-2 country code (`KH`, `FR`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(raw: &str) -> Option<CountryCode> {
        let code = raw.trim().to_ascii_uppercase();
        (code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())).then_some(CountryCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A language code (ISO 639-1 or -3: `km`, `fr`, `th`).
pub fn parse_language(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_lowercase();
    ((2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())).then_some(code)
}

/// A name in French, English and local script; at least one is given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    pub fr: String,
    pub en: String,
    pub local: String,
}

impl Names {
    /// The name for a reader of `lang`: local script for readers of that script, else the
    /// English or French form, else whatever is known.
    pub fn for_reader(&self, lang: crate::Lang) -> &str {
        let preferred = match lang {
            crate::Lang::Fr => [&self.fr, &self.en, &self.local],
            crate::Lang::En => [&self.en, &self.fr, &self.local],
            _ => [&self.local, &self.en, &self.fr],
        };
        preferred.into_iter().find(|n| !n.trim().is_empty()).map_or("", String::as_str)
    }
}

/// A local authority's membership, as recorded at one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub status: MembershipStatus,
    pub since: Option<Date>,
    pub note: String,
}

/// The roles an organisation holds in the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkRole {
    FocalPointCity,
    RegionalOfficeHost,
}

impl NetworkRole {
    pub const ALL: [NetworkRole; 2] = [NetworkRole::FocalPointCity, NetworkRole::RegionalOfficeHost];

    pub fn code(self) -> &'static str {
        match self {
            NetworkRole::FocalPointCity => "focal_point_city",
            NetworkRole::RegionalOfficeHost => "regional_office_host",
        }
    }

    pub fn parse(code: &str) -> Option<NetworkRole> {
        NetworkRole::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

/// An organisation of the directory: a member local authority, a partner, a funder...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub kind: OrganisationKind,
    pub names: Names,
    pub country: CountryCode,
    pub admin_region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: String,
    pub languages: Vec<String>,
    pub themes: Vec<Theme>,
    /// For a member local authority, its city in the registry.
    pub city: Option<CityCode>,
    pub network_roles: Vec<NetworkRole>,
    /// The latest membership record, for local authorities.
    pub membership: Option<Membership>,
    pub version: i32,
}

/// Consent to be contacted: on what basis, since when, by which channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub basis: ConsentBasis,
    pub given_on: Date,
    pub channel: String,
    /// Once withdrawn, the person is left out of every mailing list.
    pub withdrawn_on: Option<Date>,
}

impl Consent {
    pub fn is_active(&self) -> bool {
        self.withdrawn_on.is_none()
    }
}

/// A person's tie to an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affiliation {
    pub organisation: OrganisationId,
    pub organisation_name: Names,
    /// The organisation's city, when it is a member local authority.
    pub organisation_city: Option<CityCode>,
    /// The organisation's kind, as the directory last read it (the people list filters by it).
    #[serde(default)]
    pub organisation_kind: Option<OrganisationKind>,
    pub function: String,
    pub from: Option<Date>,
    pub until: Option<Date>,
}

/// A person of the directory: a mayor, a focal point, an expert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name_local: String,
    pub name_romanised: String,
    pub title: String,
    pub sex: Sex,
    pub function: String,
    pub emails: Vec<Email>,
    pub phones: Vec<String>,
    pub languages: Vec<String>,
    pub themes: Vec<Theme>,
    pub country: Option<CountryCode>,
    pub consent: Option<Consent>,
    /// Whether partners may see the contact details.
    pub share_with_partners: bool,
    /// The city this person is focal point of, if any.
    pub focal_point_of: Option<CityCode>,
    /// Their account, when they have one.
    pub user: Option<UserId>,
    pub affiliations: Vec<Affiliation>,
    pub version: i32,
}

impl Person {
    /// The name to list them under.
    pub fn display_name(&self) -> &str {
        if self.name_romanised.trim().is_empty() { &self.name_local } else { &self.name_romanised }
    }

    /// The member cities this person belongs to: the one they are focal point of, and those of
    /// the local authorities they work for.
    pub fn cities(&self) -> Vec<CityCode> {
        let mut cities: Vec<CityCode> = self
            .focal_point_of
            .iter()
            .cloned()
            .chain(self.affiliations.iter().filter_map(|a| a.organisation_city.clone()))
            .collect();
        cities.sort();
        cities.dedup();
        cities
    }

    /// Whether they may be written to: consent given and not withdrawn, or another basis.
    pub fn contactable(&self) -> bool {
        self.consent.as_ref().is_some_and(Consent::is_active)
    }
}

/// A partnership prospect in the coordinator's pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prospect {
    pub id: crate::ids::ProspectId,
    pub organisation: OrganisationId,
    pub organisation_name: Names,
    pub stage: ProspectStage,
    pub notes: String,
    pub next_action: String,
    pub due_on: Option<Date>,
    pub version: i32,
}

impl Prospect {
    /// Its next action is late on `today` (closed prospects are never late).
    pub fn overdue(&self, today: Date) -> bool {
        let open = !matches!(self.stage, ProspectStage::AgreementSigned | ProspectStage::Declined);
        open && self.due_on.is_some_and(|due| due < today)
    }
}

/// Which organisations to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrganisationFilter {
    pub text: String,
    pub kind: Option<OrganisationKind>,
    pub country: Option<CountryCode>,
    pub theme: Option<Theme>,
    pub language: Option<String>,
}

/// Which people to list; saved, it is a mailing list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PeopleFilter {
    pub text: String,
    pub country: Option<CountryCode>,
    pub organisation_kind: Option<OrganisationKind>,
    pub theme: Option<Theme>,
    pub language: Option<String>,
    /// Only focal points of cities.
    pub focal_points_only: bool,
    pub city: Option<CityCode>,
}

/// Reads an optional date typed as `YYYY-MM-DD`, between 1900 and 2200.
pub fn parse_date(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<Date> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<Date>() {
        Ok(date) if crate::input::sane_date(date) => Some(date),
        Ok(_) => {
            errors.add(field, crate::input::DATE_RANGE_MESSAGE);
            None
        }
        Err(_) => {
            errors.add(field, "error-date");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_prefer_the_readers_script() {
        let names = Names { fr: "Hué".into(), en: "Hue".into(), local: "Huế".into() };
        assert_eq!(names.for_reader(crate::Lang::Fr), "Hué");
        assert_eq!(names.for_reader(crate::Lang::Vi), "Huế");
        let english_only = Names { en: "UN-Habitat".into(), ..Names::default() };
        assert_eq!(english_only.for_reader(crate::Lang::Km), "UN-Habitat");
    }

    #[test]
    fn codes_are_checked() {
        assert_eq!(CountryCode::parse("fr").map(|c| c.as_str().to_owned()), Some("FR".into()));
        assert!(CountryCode::parse("FRA").is_none());
        assert_eq!(parse_language(" KM "), Some("km".into()));
        assert!(parse_language("k").is_none());
    }

    #[test]
    fn closed_prospects_are_never_overdue() {
        let today = jiff::civil::date(2026, 11, 30);
        let mut prospect = Prospect {
            id: crate::ids::ProspectId::new(),
            organisation: OrganisationId::new(),
            organisation_name: Names::default(),
            stage: ProspectStage::Contacted,
            notes: String::new(),
            next_action: "call".into(),
            due_on: Some(jiff::civil::date(2026, 11, 1)),
            version: 1,
        };
        assert!(prospect.overdue(today));
        prospect.stage = ProspectStage::Declined;
        assert!(!prospect.overdue(today));
    }
}
