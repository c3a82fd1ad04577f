//! The directory area's use cases: member cities.

use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::directory::{City, CityCode};

impl App {
    /// Every member city, by code.
    pub async fn list_cities(&self, actor: &Actor) -> Result<Vec<City>, AppError> {
        policy::authorise(actor, Permission::ViewDirectory, &Target::Nothing)?;
        Ok(self.store.list_cities().await?)
    }

    /// One city by its code (`KH-PNH`); an unknown or malformed code is not found.
    pub async fn city(&self, actor: &Actor, code: &str) -> Result<City, AppError> {
        policy::authorise(actor, Permission::ViewDirectory, &Target::Nothing)?;
        let code = CityCode::parse(code).map_err(|_| AppError::NotFound)?;
        Ok(self.store.find_city(&code).await?)
    }
}
