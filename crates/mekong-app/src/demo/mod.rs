//! The demo data: the network's real member cities, loaded into an empty database.

mod assistance;
mod documents;
mod events;
mod finance;
mod funding;
mod practices;
mod projects;
mod recruitment;
mod recruitment_intake;
mod recruitment_procedure;
mod reporting;
mod results;

pub use funding::{DEMO_FUNDER, DEMO_FUNDING_APPLICATION, DEMO_OPPORTUNITY};
pub use practices::DEMO_NEWS;
pub use recruitment::{DEMO_APPLICATION, DEMO_APPLICATION_LINK, DEMO_CALL, DEMO_DOCUMENT};

use crate::audit::Change;
use crate::policy::{ActingUser, Actor, Credential};
use crate::secrets::hash_password;
use crate::{App, AppError};
use mekong_core::audit::AuditActor;
use mekong_core::directory::{City, CityCode, Country, Population};
use mekong_core::identity::{Email, Password, RoleGrant};
use mekong_core::ids::CityId;
use mekong_core::{Lang, Text};
use serde::Deserialize;

fn demo_actor() -> AuditActor {
    AuditActor::System { job: "demo".into() }
}

const CITIES_CSV: &str = include_str!("../../data/cities.csv");

#[derive(Debug, Deserialize)]
struct CityRow {
    code: String,
    name_fr: String,
    name_en: String,
    name_local: String,
    country_iso2: String,
    admin_region: String,
    population: Option<u64>,
    population_year: Option<i16>,
    latitude: f64,
    longitude: f64,
    source: String,
    verified: String,
}

/// The password of every demo account (printed by `serve --demo`; demo deployments only).
pub const DEMO_PASSWORD: &str = "Mekong-demo-river-2026";

/// The organisation the demo partner account is scoped to: the demo university.
const DEMO_PARTNER_ORGANISATION: &str = "0195d8a0-0000-7000-8000-000000000002";

/// The demo accounts: one per role, with focal points for Phnom Penh, Huế and Vientiane.
const DEMO_ACCOUNTS: [(&str, &str, Lang, &str, Option<&str>); 10] = [
    ("admin@mekong.example", "Demo Admin", Lang::En, "admin", None),
    ("secretariat@mekong.example", "Secrétariat AIMF (démo)", Lang::Fr, "secretariat", None),
    ("coordinator@mekong.example", "Network coordinator (demo)", Lang::Fr, "coordinator", None),
    ("focal.phnompenh@mekong.example", "Focal point Phnom Penh (demo)", Lang::Km, "city_focal_point", Some("KH-PNH")),
    ("focal.hue@mekong.example", "Focal point Huế (demo)", Lang::Vi, "city_focal_point", Some("VN-HUI")),
    (
        "evaluator@mekong.example",
        "Evaluator (demo)",
        Lang::En,
        "evaluator",
        Some("0195d8a0-0000-7000-8000-000000000001"),
    ),
    (
        "partner@mekong.example",
        "Partner university (demo)",
        Lang::En,
        "partner",
        Some("0195d8a0-0000-7000-8000-000000000002"),
    ),
    ("applicant@mekong.example", "Applicant (demo)", Lang::En, "applicant", None),
    ("auditor@mekong.example", "Auditor (demo)", Lang::En, "auditor", Some(finance::DEMO_PROGRAMME)),
    ("focal.vientiane@mekong.example", "Focal point Vientiane (demo)", Lang::Lo, "city_focal_point", Some("LA-VTE")),
];

/// A demo account as printed for the person starting the demo.
#[derive(Debug, PartialEq, Eq)]
pub struct DemoAccount {
    pub email: &'static str,
    pub role: &'static str,
    pub scope: Option<&'static str>,
}

/// What `load` did.
#[derive(Debug, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded { cities: usize, accounts: Vec<DemoAccount> },
    AlreadyLoaded,
}

/// The member cities shipped with the product.
pub fn member_cities() -> Result<Vec<City>, AppError> {
    let mut reader = csv::Reader::from_reader(CITIES_CSV.as_bytes());
    reader
        .deserialize::<CityRow>()
        .map(|row| {
            let row = row.map_err(|e| AppError::Internal(format!("demo cities: {e}")))?;
            let country = Country::parse(&row.country_iso2)?;
            Ok(City {
                id: CityId::new(),
                code: CityCode::parse(&row.code)?,
                name: Text::new()
                    .with(Lang::Fr, row.name_fr)
                    .with(Lang::En, row.name_en)
                    .with(country.local_language(), row.name_local),
                country,
                admin_region: row.admin_region,
                population: row.population.zip(row.population_year).map(|(count, year)| Population { count, year }),
                latitude: row.latitude,
                longitude: row.longitude,
                source: row.source,
                verified: row.verified == "yes",
                version: 1,
            })
        })
        .collect()
}

impl App {
    /// Loads the demo data into an empty database; a database that has cities is left alone.
    pub async fn load_demo(&self) -> Result<DemoOutcome, AppError> {
        if self.store.count_cities().await? > 0 {
            return Ok(DemoOutcome::AlreadyLoaded);
        }
        let cities = member_cities()?;
        let txn = self.store.begin_write().await?;
        let now = self.clock.now();
        for city in &cities {
            mekong_store::directory::insert_city(&txn, city, now).await?;
            let change = Change {
                action: "city.created",
                entity_type: "city",
                entity_id: city.code.to_string(),
                before: None,
                after: serde_json::to_value(city).ok(),
            };
            self.record(&txn, demo_actor(), change).await?;
        }
        txn.commit().await?;
        self.load_demo_directory(&cities).await?;
        let password = Password::parse(DEMO_PASSWORD, &[])?;
        let hash = hash_password(password.expose().to_owned()).await?;
        let mut accounts = Vec::new();
        for (email, name, lang, role, scope) in DEMO_ACCOUNTS {
            let grant = RoleGrant::from_parts(role, scope)?;
            let user =
                self.create_user(demo_actor(), &Email::parse(email)?, name, lang, Some(hash.clone()), &[grant]).await?;
            if let Some(city) = scope.and_then(|s| CityCode::parse(s).ok()) {
                self.link_focal_point(city, user.id).await?;
            }
            accounts.push(DemoAccount { email, role, scope });
        }
        self.load_demo_events().await?;
        self.load_demo_results().await?;
        let programme = self.store.programme_by_code("SGA4").await?;
        self.load_demo_finance(&programme).await?;
        self.load_demo_reporting(&programme).await?;
        self.load_demo_recruitment().await?;
        self.load_demo_intake().await?;
        self.load_demo_assistance().await?;
        self.load_demo_funding().await?;
        self.load_demo_projects().await?;
        self.load_demo_practices().await?;
        self.load_demo_documents().await?;
        Ok(DemoOutcome::Loaded { cities: cities.len(), accounts })
    }
}

impl App {
    /// Records that the directory's focal point of `city` signs in as `user`.
    async fn link_focal_point(&self, city: CityCode, user: mekong_core::ids::UserId) -> Result<(), AppError> {
        let filter =
            mekong_core::people::PeopleFilter { city: Some(city), focal_points_only: true, ..Default::default() };
        let (people, _) = self.store.people(&filter, 1, 0).await?;
        let Some(mut person) = people.into_iter().next() else { return Ok(()) };
        person.user = Some(user);
        person.version += 1;
        let txn = self.store.begin_write().await?;
        txn.update_person(&person, self.clock.now()).await?;
        let change = Change {
            action: "person.updated",
            entity_type: "person",
            entity_id: person.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "user": user })),
        };
        self.record(&txn, demo_actor(), change).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// Partner organisations of the demo: kind, names, country, themes, languages, website.
const DEMO_PARTNERS: [(&str, &str, &str, &str, &str, &str); 4] = [
    (
        "international",
        "Association internationale des maires francophones",
        "International Association of Francophone Mayors",
        "FR",
        "urban_governance,heritage",
        "https://www.aimf.asso.fr/",
    ),
    (
        "funder",
        "Délégation de l’Union européenne au Cambodge",
        "Delegation of the European Union to Cambodia",
        "KH",
        "urban_governance,climate_change",
        "https://www.eeas.europa.eu/delegations/cambodia_en",
    ),
    (
        "international",
        "ONU-Habitat",
        "UN-Habitat",
        "KE",
        "urban_planning,urban_resilience,climate_change",
        "https://unhabitat.org/",
    ),
    (
        "university",
        "Université démo d’urbanisme (fictive)",
        "Demo university of urban studies (fictitious)",
        "VN",
        "data_standardisation,digital_transition",
        "",
    ),
];

impl App {
    /// The directory of the demo: every member city as an organisation with its membership,
    /// a few partners, demo people (focal points, contacts) and a prospect.
    /// The demo account of `email` acting at the command line, with its own grants: the demo's
    /// history then names the people who would have done each step.
    pub(super) async fn demo_account(&self, email: &str) -> Result<Actor, AppError> {
        let users = self.store.list_users().await?;
        let user = users.into_iter().find(|u| u.email.as_str() == email).ok_or(AppError::NotFound)?;
        Ok(Actor {
            grants: self.store.grants_of(user.id).await?,
            user: Some(ActingUser {
                id: user.id,
                email: user.email.as_str().to_owned(),
                display_name: user.display_name,
                language: user.language,
                time_zone: user.time_zone,
            }),
            credential: Some(Credential::CommandLine),
        })
    }

    async fn load_demo_directory(&self, cities: &[City]) -> Result<(), AppError> {
        use mekong_core::ids::{OrganisationId, PersonId, ProspectId};
        use mekong_core::people::{
            Affiliation, Consent, CountryCode, Membership, Names, NetworkRole, Organisation, Person, Prospect,
        };
        use mekong_core::vocabulary::{ConsentBasis, MembershipStatus, OrganisationKind, ProspectStage, Sex, Theme};
        let now = self.clock.now();
        let today = self.today();
        let txn = self.store.begin_write().await?;
        let mut city_orgs = Vec::new();
        for city in cities {
            let mut roles = Vec::new();
            if ["KH-PNH", "VN-HUI", "LA-LPQ"].contains(&city.code.as_str()) {
                roles.push(NetworkRole::FocalPointCity);
            }
            if city.code.as_str() == "KH-PNH" {
                roles.push(NetworkRole::RegionalOfficeHost);
            }
            let org = Organisation {
                id: OrganisationId::new(),
                kind: OrganisationKind::LocalAuthority,
                names: Names {
                    fr: city.name.get(Lang::Fr).to_owned(),
                    en: city.name.get(Lang::En).to_owned(),
                    local: city.local_name().unwrap_or_default().to_owned(),
                },
                country: CountryCode::parse(city.country.iso2()).ok_or(AppError::Internal("country".into()))?,
                admin_region: city.admin_region.clone(),
                latitude: Some(city.latitude),
                longitude: Some(city.longitude),
                website: String::new(),
                languages: vec![city.country.local_language().code().to_owned(), "fr".to_owned()],
                themes: vec![Theme::UrbanGovernance, Theme::Heritage],
                city: Some(city.code.clone()),
                network_roles: roles,
                membership: None,
                version: 1,
            };
            txn.insert_organisation(&org, now).await?;
            let status = if city.verified { MembershipStatus::Member } else { MembershipStatus::Prospective };
            txn.insert_membership(org.id, &Membership { status, since: None, note: "demo".into() }, now).await?;
            city_orgs.push(org);
        }
        let mut partners = Vec::new();
        for (index, (kind, fr, en, country, themes, website)) in DEMO_PARTNERS.into_iter().enumerate() {
            // The demo university is the organisation the demo partner account speaks for.
            let id = if index == DEMO_PARTNERS.len() - 1 {
                uuid::Uuid::parse_str(DEMO_PARTNER_ORGANISATION).map(OrganisationId).unwrap_or_default()
            } else {
                OrganisationId::new()
            };
            let org = Organisation {
                id,
                kind: OrganisationKind::parse(kind).ok_or(AppError::Internal("kind".into()))?,
                names: Names { fr: fr.into(), en: en.into(), local: String::new() },
                country: CountryCode::parse(country).ok_or(AppError::Internal("country".into()))?,
                admin_region: String::new(),
                latitude: None,
                longitude: None,
                website: website.into(),
                languages: vec!["fr".into(), "en".into()],
                themes: themes.split(',').filter_map(Theme::parse).collect(),
                city: None,
                network_roles: Vec::new(),
                membership: None,
                version: 1,
            };
            txn.insert_organisation(&org, now).await?;
            partners.push(org);
        }
        let org_of = |code: &str| city_orgs.iter().find(|o| o.city.as_ref().is_some_and(|c| c.as_str() == code));
        let affiliation = |org: Option<&Organisation>, function: &str| {
            org.map(|o| Affiliation {
                organisation: o.id,
                organisation_name: o.names.clone(),
                organisation_city: o.city.clone(),
                organisation_kind: Some(o.kind),
                function: function.into(),
                from: None,
                until: None,
            })
        };
        let consent = |withdrawn: bool| {
            Some(Consent {
                basis: ConsentBasis::Consent,
                given_on: jiff::civil::date(2025, 3, 1),
                channel: "demo form".into(),
                withdrawn_on: withdrawn.then_some(jiff::civil::date(2026, 6, 1)),
            })
        };
        let people = [
            (
                "ចាន់ សុខា (demo)",
                "Chan Sokha (demo)",
                Sex::Female,
                "Focal point, international cooperation",
                "sokha.demo@mekong.example",
                "km",
                Some("KH-PNH"),
                affiliation(org_of("KH-PNH"), "Focal point"),
                consent(false),
                false,
            ),
            (
                "Nguyễn Văn An (demo)",
                "Nguyen Van An (demo)",
                Sex::Male,
                "Focal point, external relations",
                "an.demo@mekong.example",
                "vi",
                Some("VN-HUI"),
                affiliation(org_of("VN-HUI"), "Focal point"),
                consent(false),
                true,
            ),
            (
                "ສົມພອນ ແກ້ວ (demo)",
                "Somphone Keo (demo)",
                Sex::Female,
                "Heritage office",
                "somphone.demo@mekong.example",
                "lo",
                Some("LA-LPQ"),
                affiliation(org_of("LA-LPQ"), "Focal point"),
                consent(false),
                true,
            ),
            (
                "",
                "Claire Martin (demo)",
                Sex::Female,
                "Programme officer",
                "claire.demo@mekong.example",
                "fr",
                None,
                affiliation(partners.first(), "Programme officer"),
                consent(false),
                true,
            ),
            (
                "",
                "Jonas Weber (demo)",
                Sex::Male,
                "Urban expert",
                "jonas.demo@mekong.example",
                "en",
                None,
                affiliation(partners.get(2), "Urban expert"),
                consent(true),
                false,
            ),
        ];
        for (local, romanised, sex, function, email, language, focal, affiliation, consent, shared) in people {
            let person = Person {
                id: PersonId::new(),
                name_local: local.into(),
                name_romanised: romanised.into(),
                title: String::new(),
                sex,
                function: function.into(),
                emails: vec![Email::parse(email)?],
                phones: Vec::new(),
                languages: vec![language.into()],
                themes: vec![Theme::UrbanGovernance],
                country: affiliation.as_ref().and_then(|a| {
                    a.organisation_city.as_ref().and_then(|c| c.country()).and_then(|c| CountryCode::parse(c.iso2()))
                }),
                consent,
                share_with_partners: shared,
                focal_point_of: focal.and_then(|c| CityCode::parse(c).ok()),
                user: None,
                affiliations: affiliation.into_iter().collect(),
                version: 1,
            };
            txn.insert_person(&person, now).await?;
        }
        if let Some(un_habitat) = partners.get(2) {
            let prospect = Prospect {
                id: ProspectId::new(),
                organisation: un_habitat.id,
                organisation_name: un_habitat.names.clone(),
                stage: ProspectStage::InDiscussion,
                notes: "Demo: joint training on urban resilience for member cities.".into(),
                next_action: "Send the draft memorandum".into(),
                due_on: today.checked_sub(jiff::Span::new().days(3)).ok(),
                version: 1,
            };
            txn.upsert_prospect(&prospect, now).await?;
        }
        let change = Change {
            action: "directory.demo_loaded",
            entity_type: "organisations",
            entity_id: "demo".into(),
            before: None,
            after: Some(serde_json::json!({ "organisations": city_orgs.len() + partners.len(), "people": 5 })),
        };
        self.record(&txn, demo_actor(), change).await?;
        txn.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_cities_parse() -> Result<(), AppError> {
        let cities = member_cities()?;
        assert_eq!(cities.len(), 11);
        let phnom_penh = cities.iter().find(|c| c.code.as_str() == "KH-PNH");
        assert_eq!(phnom_penh.and_then(City::local_name), Some("ភ្នំពេញ"));
        assert!(cities.iter().any(|c| !c.verified), "Kampong Cham is only announced");
        Ok(())
    }
}
