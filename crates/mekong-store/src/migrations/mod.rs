//! Schema migrations, one per file, timestamped, never edited once landed.

use sea_orm_migration::prelude::*;

mod m20261130_000001_create_cities;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261130_000001_create_cities::Migration)]
    }
}
