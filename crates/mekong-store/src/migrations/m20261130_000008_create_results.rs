//! The results framework: programmes, logframe entries, indicators, the approved versions of a
//! logframe, reporting periods, indicator values (one per indicator, period, city and cell), and
//! the annual action plan. Records are JSON beside the columns queries filter and join on.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Programmes::Table)
                    .if_not_exists()
                    .col(uuid(Programmes::Id).primary_key())
                    .col(string(Programmes::Code).unique_key())
                    .col(text(Programmes::Record))
                    .col(integer(Programmes::Version))
                    .to_owned(),
            )
            .await?;
        for (table, with_version) in [
            (Children::LogframeNodes, false),
            (Children::Indicators, true),
            (Children::Periods, false),
            (Children::PlanActivities, true),
        ] {
            let mut create = Table::create();
            create
                .table(table)
                .if_not_exists()
                .col(uuid(Children::Id).primary_key())
                .col(uuid(Children::ProgrammeId))
                .col(string(Children::SortKey))
                .col(text(Children::Record))
                .foreign_key(
                    ForeignKey::create().from(table, Children::ProgrammeId).to(Programmes::Table, Programmes::Id),
                );
            if with_version {
                create.col(integer(Children::Version));
            }
            manager.create_table(create.to_owned()).await?;
            manager
                .create_index(
                    Index::create()
                        .name(format!("{}_programme", table.to_string()))
                        .table(table)
                        .col(Children::ProgrammeId)
                        .col(Children::SortKey)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(LogframeVersions::Table)
                    .if_not_exists()
                    .col(uuid(LogframeVersions::ProgrammeId))
                    .col(integer(LogframeVersions::Version))
                    .col(text(LogframeVersions::Snapshot))
                    .col(timestamp_with_time_zone(LogframeVersions::ApprovedAt))
                    .primary_key(Index::create().col(LogframeVersions::ProgrammeId).col(LogframeVersions::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IndicatorValues::Table)
                    .if_not_exists()
                    .col(uuid(IndicatorValues::Id).primary_key())
                    .col(uuid(IndicatorValues::IndicatorId))
                    .col(uuid(IndicatorValues::PeriodId))
                    // `""` for programme-wide values, so that the unique index holds for them too.
                    .col(string(IndicatorValues::CityCode))
                    .col(string(IndicatorValues::Cell))
                    .col(string(IndicatorValues::Status))
                    // The number, for totals across cities without reading every record.
                    .col(double_null(IndicatorValues::Amount))
                    .col(text(IndicatorValues::Record))
                    .col(integer(IndicatorValues::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(IndicatorValues::Table, IndicatorValues::IndicatorId)
                            .to(Children::Indicators, Children::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("indicator_values_cell")
                    .table(IndicatorValues::Table)
                    .col(IndicatorValues::PeriodId)
                    .col(IndicatorValues::CityCode)
                    .col(IndicatorValues::IndicatorId)
                    .col(IndicatorValues::Cell)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Covers the dashboard's totals per indicator and period: read from the index alone.
        manager
            .create_index(
                Index::create()
                    .name("indicator_values_totals")
                    .table(IndicatorValues::Table)
                    .col(IndicatorValues::IndicatorId)
                    .col(IndicatorValues::Cell)
                    .col(IndicatorValues::PeriodId)
                    .col(IndicatorValues::Status)
                    .col(IndicatorValues::Amount)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(IndicatorValues::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(LogframeVersions::Table).to_owned()).await?;
        for table in [Children::PlanActivities, Children::Periods, Children::Indicators, Children::LogframeNodes] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(Programmes::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
    Code,
    Record,
    Version,
}

/// The tables of a programme's parts share their shape: id, programme, an order, the record.
#[derive(DeriveIden, Clone, Copy)]
enum Children {
    LogframeNodes,
    Indicators,
    Periods,
    PlanActivities,
    Id,
    ProgrammeId,
    SortKey,
    Record,
    Version,
}

#[derive(DeriveIden)]
enum LogframeVersions {
    Table,
    ProgrammeId,
    Version,
    Snapshot,
    ApprovedAt,
}

#[derive(DeriveIden)]
enum IndicatorValues {
    Table,
    Id,
    IndicatorId,
    PeriodId,
    CityCode,
    Cell,
    Status,
    Amount,
    Record,
    Version,
}
