//! Queries of the directory area: member cities.

use crate::{Store, StoreError, WriteTxn};
use mekong_core::directory::{City, CityCode, Country, Population};
use mekong_core::ids::CityId;
use mekong_core::{Lang, Text};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

mod city {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "cities")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        #[sea_orm(unique)]
        pub code: String,
        pub name_fr: String,
        pub name_en: String,
        pub name_local: String,
        pub country: String,
        pub admin_region: String,
        pub population: Option<i64>,
        pub population_year: Option<i16>,
        pub latitude: f64,
        pub longitude: f64,
        pub source: String,
        pub verified: bool,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

impl TryFrom<city::Model> for City {
    type Error = StoreError;

    fn try_from(row: city::Model) -> Result<City, StoreError> {
        let corrupt =
            |e: mekong_core::directory::DirectoryError| StoreError::Corrupt(format!("city {}: {e}", row.code));
        let country = Country::parse(&row.country).map_err(corrupt)?;
        let code = CityCode::parse(&row.code).map_err(corrupt)?;
        let population = match (row.population, row.population_year) {
            (Some(count), Some(year)) => Some(Population { count: count.unsigned_abs(), year }),
            _ => None,
        };
        Ok(City {
            id: CityId(row.id),
            code,
            name: Text::new()
                .with(Lang::Fr, row.name_fr)
                .with(Lang::En, row.name_en)
                .with(country.local_language(), row.name_local),
            country,
            admin_region: row.admin_region,
            population,
            latitude: row.latitude,
            longitude: row.longitude,
            source: row.source,
            verified: row.verified,
            version: row.version,
        })
    }
}

impl Store {
    /// Every member city, by code.
    pub async fn list_cities(&self) -> Result<Vec<City>, StoreError> {
        city::Entity::find()
            .order_by_asc(city::Column::Code)
            .all(self.reader())
            .await?
            .into_iter()
            .map(City::try_from)
            .collect()
    }

    pub async fn find_city(&self, code: &CityCode) -> Result<City, StoreError> {
        city::Entity::find()
            .filter(city::Column::Code.eq(code.as_str()))
            .one(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
            .and_then(City::try_from)
    }

    pub async fn count_cities(&self) -> Result<u64, StoreError> {
        Ok(city::Entity::find().count(self.reader()).await?)
    }
}

/// Adds a city inside the caller's transaction.
pub async fn insert_city(txn: &WriteTxn, city: &City, now: jiff::Timestamp) -> Result<(), StoreError> {
    let now = crate::time::to_chrono(now);
    let row = city::ActiveModel {
        id: Set(city.id.0),
        code: Set(city.code.to_string()),
        name_fr: Set(city.name.exact(Lang::Fr).unwrap_or_default().to_owned()),
        name_en: Set(city.name.exact(Lang::En).unwrap_or_default().to_owned()),
        name_local: Set(city.local_name().unwrap_or_default().to_owned()),
        country: Set(city.country.iso2().to_owned()),
        admin_region: Set(city.admin_region.clone()),
        population: Set(city.population.as_ref().and_then(|p| i64::try_from(p.count).ok())),
        population_year: Set(city.population.as_ref().map(|p| p.year)),
        latitude: Set(city.latitude),
        longitude: Set(city.longitude),
        source: Set(city.source.clone()),
        verified: Set(city.verified),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    };
    row.insert(&**txn).await.map_err(|e| StoreError::from_write(e, "code"))?;
    Ok(())
}
