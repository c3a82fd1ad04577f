//! An indicator's page reads one period's values of one indicator: its breakdown cells summed,
//! and its cities' totals fifty at a time in city order. With the period and the cell before
//! the city, and the status and amount carried, both are read from this index alone, in order;
//! the index led by the cell made each of 350 cities a read of its row, then a sort.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("indicator_values_by_city")
                    .table(Alias::new("indicator_values"))
                    .col(Alias::new("indicator_id"))
                    .col(Alias::new("period_id"))
                    .col(Alias::new("cell"))
                    .col(Alias::new("city_code"))
                    .col(Alias::new("status"))
                    .col(Alias::new("amount"))
                    .to_owned(),
            )
            .await
    }
}
