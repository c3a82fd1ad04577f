//! The demo data: the network's real member cities, loaded into an empty database.

use crate::{App, AppError};
use mekong_core::directory::{City, CityCode, Country, Population};
use mekong_core::ids::CityId;
use mekong_core::{Lang, Text};
use serde::Deserialize;

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

/// What `load` did.
#[derive(Debug, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded { cities: usize },
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
                population: row
                    .population
                    .zip(row.population_year)
                    .map(|(count, year)| Population { count, year }),
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
        }
        txn.commit().await?;
        Ok(DemoOutcome::Loaded {
            cities: cities.len(),
        })
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
        assert!(
            cities.iter().any(|c| !c.verified),
            "Kampong Cham is only announced"
        );
        Ok(())
    }
}
