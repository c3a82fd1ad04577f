//! The member cities registry.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Cities::Table)
                    .if_not_exists()
                    .col(uuid(Cities::Id).primary_key())
                    .col(string_uniq(Cities::Code))
                    .col(string(Cities::NameFr))
                    .col(string(Cities::NameEn))
                    .col(string(Cities::NameLocal))
                    .col(string(Cities::Country))
                    .col(string(Cities::AdminRegion))
                    .col(big_integer_null(Cities::Population))
                    .col(small_integer_null(Cities::PopulationYear))
                    .col(double(Cities::Latitude))
                    .col(double(Cities::Longitude))
                    .col(text(Cities::Source))
                    .col(boolean(Cities::Verified))
                    .col(integer(Cities::Version))
                    .col(timestamp_with_time_zone(Cities::CreatedAt))
                    .col(timestamp_with_time_zone(Cities::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Cities::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Cities {
    Table,
    Id,
    Code,
    NameFr,
    NameEn,
    NameLocal,
    Country,
    AdminRegion,
    Population,
    PopulationYear,
    Latitude,
    Longitude,
    Source,
    Verified,
    Version,
    CreatedAt,
    UpdatedAt,
}
