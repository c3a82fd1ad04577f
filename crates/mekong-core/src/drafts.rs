//! Organisations and people as typed into a form or a spreadsheet row: every field as text,
//! parsed into the typed records with an error per field, in one place for both paths.

use crate::directory::CityCode;
use crate::identity::Email;
use crate::ids::{OrganisationId, PersonId};
use crate::input::{self, TextKind};
use crate::people::{
    Affiliation, Consent, CountryCode, Names, NetworkRole, Organisation, Person, parse_date, parse_language,
};
use crate::validation::FieldErrors;
use crate::vocabulary::{ConsentBasis, OrganisationKind, Sex, Theme, parse_codes};
use serde::{Deserialize, Serialize};

/// An organisation's fields as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganisationDraft {
    pub kind: String,
    pub name_fr: String,
    pub name_en: String,
    pub name_local: String,
    pub country: String,
    pub admin_region: String,
    pub latitude: String,
    pub longitude: String,
    pub website: String,
    pub languages: String,
    pub themes: String,
    pub city: String,
    pub network_roles: String,
}

impl OrganisationDraft {
    /// The fields a spreadsheet column can be mapped to.
    pub const FIELDS: [&'static str; 11] = [
        "kind",
        "name_fr",
        "name_en",
        "name_local",
        "country",
        "admin_region",
        "latitude",
        "longitude",
        "website",
        "languages",
        "themes",
    ];

    /// The text of the field a column or form names, to read or fill.
    pub fn field_mut(&mut self, field: &str) -> Option<&mut String> {
        match field {
            "kind" => Some(&mut self.kind),
            "name_fr" => Some(&mut self.name_fr),
            "name_en" => Some(&mut self.name_en),
            "name_local" => Some(&mut self.name_local),
            "country" => Some(&mut self.country),
            "admin_region" => Some(&mut self.admin_region),
            "latitude" => Some(&mut self.latitude),
            "longitude" => Some(&mut self.longitude),
            "website" => Some(&mut self.website),
            "languages" => Some(&mut self.languages),
            "themes" => Some(&mut self.themes),
            _ => None,
        }
    }

    pub fn set(&mut self, field: &str, value: String) {
        if let Some(slot) = self.field_mut(field) {
            *slot = value;
        }
    }

    pub fn of(org: &Organisation) -> OrganisationDraft {
        let coordinate = |c: Option<f64>| c.map(|v| v.to_string()).unwrap_or_default();
        OrganisationDraft {
            kind: org.kind.code().to_owned(),
            name_fr: org.names.fr.clone(),
            name_en: org.names.en.clone(),
            name_local: org.names.local.clone(),
            country: org.country.as_str().to_owned(),
            admin_region: org.admin_region.clone(),
            latitude: coordinate(org.latitude),
            longitude: coordinate(org.longitude),
            website: org.website.clone(),
            languages: org.languages.join(", "),
            themes: org.themes.iter().map(|t| t.code()).collect::<Vec<_>>().join(", "),
            city: org.city.as_ref().map(ToString::to_string).unwrap_or_default(),
            network_roles: org.network_roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(", "),
        }
    }

    /// The typed organisation, or every problem found.
    pub fn parse(&self, id: OrganisationId, version: i32) -> Result<Organisation, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = OrganisationKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "error-organisation-kind");
        }
        let names = Names {
            fr: input::check(&self.name_fr, TextKind::Name, "name_fr", &mut errors),
            en: input::check(&self.name_en, TextKind::Name, "name_en", &mut errors),
            local: input::check(&self.name_local, TextKind::Name, "name_local", &mut errors),
        };
        if names.fr.is_empty() && names.en.is_empty() && names.local.is_empty() {
            errors.add("name_fr", "error-name-required");
        }
        let country = CountryCode::parse(&self.country);
        if country.is_none() {
            errors.add("country", "error-country-code");
        }
        let admin_region = input::check(&self.admin_region, TextKind::Name, "admin_region", &mut errors);
        let latitude = coordinate(&self.latitude, -90.0..=90.0, "latitude", &mut errors);
        let longitude = coordinate(&self.longitude, -180.0..=180.0, "longitude", &mut errors);
        let website = self.website.trim().to_owned();
        if !(website.is_empty() || website.starts_with("https://") || website.starts_with("http://")) {
            errors.add("website", "error-website");
        }
        let languages = codes(&self.languages, parse_language, "languages", "error-language-code", &mut errors);
        let themes = codes(&self.themes, Theme::parse, "themes", "error-theme", &mut errors);
        let network_roles =
            codes(&self.network_roles, NetworkRole::parse, "network_roles", "error-network-role", &mut errors);
        let city = match self.city.trim() {
            "" => None,
            code => CityCode::parse(code).map_err(|_| errors.add("city", "error-city-code")).ok(),
        };
        match (kind, country, errors.is_empty()) {
            (Some(kind), Some(country), true) => Ok(Organisation {
                id,
                kind,
                names,
                country,
                admin_region,
                latitude,
                longitude,
                website,
                languages,
                themes,
                city,
                network_roles,
                membership: None,
                version,
            }),
            _ => Err(errors),
        }
    }
}

/// A person's fields as text. An import row names their organisation by name; a form by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonDraft {
    pub name_local: String,
    pub name_romanised: String,
    pub title: String,
    pub sex: String,
    pub function: String,
    pub emails: String,
    pub phones: String,
    pub languages: String,
    pub themes: String,
    pub country: String,
    pub consent_basis: String,
    pub consent_given_on: String,
    pub consent_channel: String,
    pub share_with_partners: String,
    pub focal_point_of: String,
    pub organisation: String,
    /// Since when they work with that organisation (`YYYY-MM-DD`).
    pub organisation_since: String,
}

impl PersonDraft {
    /// The fields a spreadsheet column can be mapped to.
    pub const FIELDS: [&'static str; 16] = [
        "name_romanised",
        "name_local",
        "title",
        "sex",
        "function",
        "emails",
        "phones",
        "languages",
        "themes",
        "country",
        "consent_basis",
        "consent_given_on",
        "consent_channel",
        "share_with_partners",
        "focal_point_of",
        "organisation",
    ];

    /// The text of the field a column or form names, to read or fill.
    pub fn field_mut(&mut self, field: &str) -> Option<&mut String> {
        match field {
            "name_local" => Some(&mut self.name_local),
            "name_romanised" => Some(&mut self.name_romanised),
            "title" => Some(&mut self.title),
            "sex" => Some(&mut self.sex),
            "function" => Some(&mut self.function),
            "emails" => Some(&mut self.emails),
            "phones" => Some(&mut self.phones),
            "languages" => Some(&mut self.languages),
            "themes" => Some(&mut self.themes),
            "country" => Some(&mut self.country),
            "consent_basis" => Some(&mut self.consent_basis),
            "consent_given_on" => Some(&mut self.consent_given_on),
            "consent_channel" => Some(&mut self.consent_channel),
            "share_with_partners" => Some(&mut self.share_with_partners),
            "focal_point_of" => Some(&mut self.focal_point_of),
            "organisation" => Some(&mut self.organisation),
            "organisation_since" => Some(&mut self.organisation_since),
            _ => None,
        }
    }

    pub fn set(&mut self, field: &str, value: String) {
        if let Some(slot) = self.field_mut(field) {
            *slot = value;
        }
    }

    pub fn of(person: &Person) -> PersonDraft {
        let consent = person.consent.as_ref();
        PersonDraft {
            name_local: person.name_local.clone(),
            name_romanised: person.name_romanised.clone(),
            title: person.title.clone(),
            sex: person.sex.code().to_owned(),
            function: person.function.clone(),
            emails: person.emails.iter().map(Email::as_str).collect::<Vec<_>>().join(", "),
            phones: person.phones.join(", "),
            languages: person.languages.join(", "),
            themes: person.themes.iter().map(|t| t.code()).collect::<Vec<_>>().join(", "),
            country: person.country.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
            consent_basis: consent.map(|c| c.basis.code().to_owned()).unwrap_or_default(),
            consent_given_on: consent.map(|c| c.given_on.to_string()).unwrap_or_default(),
            consent_channel: consent.map(|c| c.channel.clone()).unwrap_or_default(),
            share_with_partners: if person.share_with_partners { "yes".into() } else { String::new() },
            focal_point_of: person.focal_point_of.as_ref().map(ToString::to_string).unwrap_or_default(),
            organisation: person.affiliations.first().map(|a| a.organisation.to_string()).unwrap_or_default(),
            organisation_since: person
                .affiliations
                .first()
                .and_then(|a| a.from)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }

    /// The typed person, or every problem found. `organisation` is the organisation the draft
    /// names, already looked up by the caller; `affiliations` are kept from the stored record.
    pub fn parse(
        &self,
        id: PersonId,
        version: i32,
        organisation: Option<(OrganisationId, Names, Option<CityCode>)>,
        mut affiliations: Vec<Affiliation>,
    ) -> Result<Person, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name_local = input::check(&self.name_local, TextKind::Name, "name_local", &mut errors);
        let name_romanised = input::check(&self.name_romanised, TextKind::Name, "name_romanised", &mut errors);
        let title = input::check(&self.title, TextKind::Name, "title", &mut errors);
        let function = input::check(&self.function, TextKind::Title, "function", &mut errors);
        if name_local.is_empty() && name_romanised.is_empty() {
            errors.add("name_romanised", "error-name-required");
        }
        let sex = match self.sex.trim() {
            "" => Sex::Unknown,
            code => Sex::parse(code).unwrap_or_else(|| {
                errors.add("sex", "error-sex");
                Sex::Unknown
            }),
        };
        let emails = codes(&self.emails, |e| Email::parse(e).ok(), "emails", "error-email", &mut errors);
        let phones: Vec<String> =
            self.phones.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect();
        if phones.iter().any(|p| !p.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))) {
            errors.add("phones", "error-phone");
        }
        let languages = codes(&self.languages, parse_language, "languages", "error-language-code", &mut errors);
        let themes = codes(&self.themes, Theme::parse, "themes", "error-theme", &mut errors);
        let country = match self.country.trim() {
            "" => None,
            code => CountryCode::parse(code).or_else(|| {
                errors.add("country", "error-country-code");
                None
            }),
        };
        let given_on = parse_date(&self.consent_given_on, "consent_given_on", &mut errors);
        let consent = match (self.consent_basis.trim(), given_on) {
            ("", None) => None,
            (basis, Some(given_on)) => match ConsentBasis::parse(basis) {
                Some(basis) => Some(Consent {
                    basis,
                    given_on,
                    channel: self.consent_channel.trim().to_owned(),
                    withdrawn_on: None,
                }),
                None => {
                    errors.add("consent_basis", "error-consent-basis");
                    None
                }
            },
            (_, None) => {
                errors.add("consent_given_on", "error-consent-date");
                None
            }
        };
        let focal_point_of = match self.focal_point_of.trim() {
            "" => None,
            code => CityCode::parse(code).map_err(|_| errors.add("focal_point_of", "error-city-code")).ok(),
        };
        let since = parse_date(&self.organisation_since, "organisation_since", &mut errors);
        if let Some((organisation, organisation_name, organisation_city)) = organisation {
            match affiliations.iter_mut().find(|a| a.organisation == organisation) {
                Some(existing) => existing.from = since.or(existing.from),
                None => {
                    let function = self.function.trim().to_owned();
                    let affiliation = Affiliation {
                        organisation,
                        organisation_name,
                        organisation_city,
                        // Read with the organisation whenever the person is read back.
                        organisation_kind: None,
                        function,
                        from: since,
                        until: None,
                    };
                    affiliations.insert(0, affiliation);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Person {
            id,
            name_local,
            name_romanised,
            title,
            sex,
            function,
            emails,
            phones,
            languages,
            themes,
            country,
            consent,
            share_with_partners: matches!(
                self.share_with_partners.trim().to_lowercase().as_str(),
                "yes" | "true" | "1" | "oui" | "on"
            ),
            focal_point_of,
            user: None,
            affiliations,
            version,
        })
    }
}

fn coordinate(text: &str, range: std::ops::RangeInclusive<f64>, field: &str, errors: &mut FieldErrors) -> Option<f64> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return None;
    }
    match text.parse::<f64>() {
        Ok(value) if range.contains(&value) => Some(value),
        _ => {
            errors.add(field, "error-coordinate");
            None
        }
    }
}

fn codes<T>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    field: &str,
    message: &str,
    errors: &mut FieldErrors,
) -> Vec<T> {
    parse_codes(text, parse).unwrap_or_else(|_| {
        errors.add(field, message);
        Vec::new()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_organisation_parses() {
        let draft = OrganisationDraft {
            kind: "university".into(),
            name_fr: "Université royale de Phnom Penh".into(),
            country: "kh".into(),
            latitude: "11,57".into(),
            themes: "heritage; urban_planning".into(),
            languages: "km, fr".into(),
            ..OrganisationDraft::default()
        };
        let org = draft.parse(OrganisationId::new(), 1);
        assert!(org.as_ref().is_ok_and(|o| o.latitude == Some(11.57) && o.themes.len() == 2), "{org:?}");
    }

    #[test]
    fn every_bad_field_is_reported() {
        let draft = OrganisationDraft {
            kind: "club".into(),
            country: "Cambodia".into(),
            latitude: "200".into(),
            website: "www.example.org".into(),
            themes: "sport".into(),
            ..OrganisationDraft::default()
        };
        let errors = draft.parse(OrganisationId::new(), 1).err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "name_fr", "country", "latitude", "website", "themes"]);
    }

    #[test]
    fn a_person_needs_a_name_and_valid_contacts() {
        let draft =
            PersonDraft { emails: "not-an-email".into(), consent_basis: "consent".into(), ..PersonDraft::default() };
        let errors = draft.parse(PersonId::new(), 1, None, Vec::new()).err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name_romanised", "emails", "consent_given_on"]);
        let ok = PersonDraft {
            name_romanised: "Chan Sokha".into(),
            name_local: "ចាន់ សុខា".into(),
            emails: "Sokha@PP.gov.kh; sokha@gmail.com".into(),
            consent_basis: "consent".into(),
            consent_given_on: "2025-03-01".into(),
            share_with_partners: "oui".into(),
            ..PersonDraft::default()
        };
        let person = ok.parse(PersonId::new(), 1, None, Vec::new());
        assert!(
            person.as_ref().is_ok_and(|p| p.emails.len() == 2 && p.contactable() && p.share_with_partners),
            "{person:?}"
        );
    }
}
