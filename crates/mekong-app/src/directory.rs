//! The directory area's use cases: member cities.

use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::directory::{City, CityCode};
use std::sync::Arc;

impl App {
    /// Every member city, by code, kept between requests while nothing is written.
    pub async fn list_cities(&self, actor: &Actor) -> Result<Arc<Vec<City>>, AppError> {
        policy::authorise(actor, Permission::ViewDirectory, &Target::Nothing)?;
        let stamp = self.store.audit_head_seq().await?;
        if let Some(kept) = self.kept.cities.get(&(), stamp) {
            return Ok(kept);
        }
        Ok(self.kept.cities.keep((), stamp, self.store.list_cities().await?))
    }

    /// One city by its code (`KH-PNH`); an unknown or malformed code is not found.
    pub async fn city(&self, actor: &Actor, code: &str) -> Result<City, AppError> {
        policy::authorise(actor, Permission::ViewDirectory, &Target::Nothing)?;
        let code = CityCode::parse(code).map_err(|_| AppError::NotFound)?;
        Ok(self.store.find_city(&code).await?)
    }
}

impl App {
    /// The member cities as points for the map, named for a reader of `lang`.
    pub async fn city_map_points(
        &self,
        actor: &Actor,
        lang: mekong_core::Lang,
    ) -> Result<Vec<mekong_docs::MapPoint>, AppError> {
        let cities = self.list_cities(actor).await?;
        Ok(cities
            .iter()
            .map(|city| mekong_docs::MapPoint {
                label: match lang {
                    mekong_core::Lang::Fr | mekong_core::Lang::En => city.romanised_name(lang).to_owned(),
                    _ => city.local_name().unwrap_or_else(|| city.romanised_name(lang)).to_owned(),
                },
                longitude: city.longitude,
                latitude: city.latitude,
                href: format!("/cities/{}", city.code),
                member: city.verified,
            })
            .collect())
    }
}
