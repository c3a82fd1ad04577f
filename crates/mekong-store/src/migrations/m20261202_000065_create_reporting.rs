//! The reporting area: a programme's report settings (beneficiary, contact, partners, the
//! funder's visibility rule), the coordinator's narrative per reporting period, and the snapshots reports are written from (the JSON document exactly as
//! hashed, with its SHA-256 beside it).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Periods {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Schema {
    ReportSettings,
    ReportNarratives,
    ReportSnapshots,
    Id,
    ProgrammeId,
    PeriodId,
    TakenAt,
    Sha256,
    Document,
    Record,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Schema::ReportSettings)
                    .if_not_exists()
                    .col(uuid(Schema::ProgrammeId).primary_key())
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::ReportSettings, Schema::ProgrammeId)
                            .to(Programmes::Table, Programmes::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Schema::ReportNarratives)
                    .if_not_exists()
                    .col(uuid(Schema::PeriodId).primary_key())
                    .col(uuid(Schema::ProgrammeId))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::ReportNarratives, Schema::ProgrammeId)
                            .to(Programmes::Table, Programmes::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::ReportNarratives, Schema::PeriodId)
                            .to(Periods::Table, Periods::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Schema::ReportSnapshots)
                    .if_not_exists()
                    .col(uuid(Schema::Id).primary_key())
                    .col(uuid(Schema::ProgrammeId))
                    .col(uuid(Schema::PeriodId))
                    .col(timestamp_with_time_zone(Schema::TakenAt))
                    .col(string_len(Schema::Sha256, 64))
                    .col(text(Schema::Document))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::ReportSnapshots, Schema::ProgrammeId)
                            .to(Programmes::Table, Programmes::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::ReportSnapshots, Schema::PeriodId)
                            .to(Periods::Table, Periods::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("report_snapshots_by_period")
                    .table(Schema::ReportSnapshots)
                    .col(Schema::PeriodId)
                    .col(Schema::TakenAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Schema::ReportSnapshots, Schema::ReportNarratives, Schema::ReportSettings] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
