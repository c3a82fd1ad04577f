//! The demo data: the network's real member cities, loaded into an empty database.

use crate::audit::Change;
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

const CITIES_CSV: &str = include_str!("../data/cities.csv");

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

/// The demo accounts: one per role, with focal points for Phnom Penh and Huế.
const DEMO_ACCOUNTS: [(&str, &str, Lang, &str, Option<&str>); 8] = [
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
        let password = Password::parse(DEMO_PASSWORD, &[])?;
        let hash = hash_password(password.expose().to_owned()).await?;
        let mut accounts = Vec::new();
        for (email, name, lang, role, scope) in DEMO_ACCOUNTS {
            let grant = RoleGrant::from_parts(role, scope)?;
            self.create_user(demo_actor(), &Email::parse(email)?, name, lang, Some(hash.clone()), &[grant]).await?;
            accounts.push(DemoAccount { email, role, scope });
        }
        Ok(DemoOutcome::Loaded { cities: cities.len(), accounts })
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
