//! Funding opportunities and the applications sent to funders: each record as JSON beside the
//! columns lists filter, sort and count on (the funder, the deadline instant, the themes and
//! countries as `;`-delimited codes, the applicant city, the status, the owner).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cities {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Opportunities {
    #[sea_orm(iden = "funding_opportunities")]
    Table,
    Id,
    FunderId,
    DeadlineAt,
    Themes,
    Countries,
    Record,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Applications {
    #[sea_orm(iden = "funding_applications")]
    Table,
    Id,
    OpportunityId,
    FunderId,
    CityCode,
    ProjectId,
    OwnerUserId,
    Status,
    RecordedAt,
    Record,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Opportunities::Table)
                    .if_not_exists()
                    .col(uuid(Opportunities::Id).primary_key())
                    .col(uuid(Opportunities::FunderId))
                    .col(timestamp_with_time_zone(Opportunities::DeadlineAt))
                    .col(string(Opportunities::Themes))
                    .col(string(Opportunities::Countries))
                    .col(text(Opportunities::Record))
                    .col(integer(Opportunities::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Opportunities::Table, Opportunities::FunderId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Applications::Table)
                    .if_not_exists()
                    .col(uuid(Applications::Id).primary_key())
                    .col(uuid(Applications::OpportunityId))
                    .col(uuid(Applications::FunderId))
                    .col(string(Applications::CityCode))
                    .col(uuid_null(Applications::ProjectId))
                    .col(uuid(Applications::OwnerUserId))
                    .col(string(Applications::Status))
                    .col(timestamp_with_time_zone(Applications::RecordedAt))
                    .col(text(Applications::Record))
                    .col(integer(Applications::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Applications::Table, Applications::OpportunityId)
                            .to(Opportunities::Table, Opportunities::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Applications::Table, Applications::FunderId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Applications::Table, Applications::CityCode)
                            .to(Cities::Table, Cities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        let opportunities = [
            ("funding_opportunities_funder_id", Opportunities::FunderId),
            ("funding_opportunities_deadline_at", Opportunities::DeadlineAt),
        ];
        for (name, column) in opportunities {
            manager.create_index(Index::create().name(name).table(Opportunities::Table).col(column).to_owned()).await?;
        }
        let applications = [
            ("funding_applications_opportunity_id", Applications::OpportunityId),
            ("funding_applications_funder_id", Applications::FunderId),
            ("funding_applications_city_code", Applications::CityCode),
        ];
        for (name, column) in applications {
            manager.create_index(Index::create().name(name).table(Applications::Table).col(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Applications::Table).if_exists().to_owned()).await?;
        manager.drop_table(Table::drop().table(Opportunities::Table).if_exists().to_owned()).await
    }
}
