//! The finance area: each programme's contract settings, budget lines and transfers, the
//! monthly exchange rates and the funds received, expenses, and mission orders with the cities
//! they visit. Records are JSON beside the columns that queries filter, sum and join on: an
//! expense's amount and converted amount are columns, so that totals come from SQL.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cities {
    Table,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum Finance {
    FinanceSettings,
    BudgetLines,
    BudgetTransfers,
    ExchangeRates,
    FundsReceipts,
    Expenses,
    Missions,
    MissionCities,
    Id,
    ProgrammeId,
    Code,
    Currency,
    Month,
    Date,
    Number,
    Status,
    BudgetLineId,
    AmountMinor,
    ConvertedMinor,
    OpenFlags,
    SupplierId,
    OriginKey,
    MissionId,
    CityCode,
    Departs,
    Record,
    Version,
}

/// A table of records belonging to a programme, with its extra columns.
fn programme_table(table: Finance, extra: Vec<ColumnDef>) -> TableCreateStatement {
    let mut create = Table::create();
    create
        .table(table)
        .if_not_exists()
        .col(uuid(Finance::Id).primary_key())
        .col(uuid(Finance::ProgrammeId))
        .col(text(Finance::Record))
        .col(integer(Finance::Version))
        .foreign_key(ForeignKey::create().from(table, Finance::ProgrammeId).to(Programmes::Table, Programmes::Id));
    for mut column in extra {
        create.col(&mut column);
    }
    create.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Finance::FinanceSettings)
                    .if_not_exists()
                    .col(uuid(Finance::ProgrammeId).primary_key())
                    .col(text(Finance::Record))
                    .col(integer(Finance::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Finance::FinanceSettings, Finance::ProgrammeId)
                            .to(Programmes::Table, Programmes::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_table(programme_table(Finance::BudgetLines, vec![string(Finance::Code)])).await?;
        unique(manager, Finance::BudgetLines, &[Finance::ProgrammeId, Finance::Code]).await?;
        manager.create_table(programme_table(Finance::BudgetTransfers, vec![])).await?;
        manager.create_table(programme_table(Finance::FundsReceipts, vec![string(Finance::Date)])).await?;
        manager
            .create_table(
                Table::create()
                    .table(Finance::ExchangeRates)
                    .if_not_exists()
                    .col(uuid(Finance::Id).primary_key())
                    .col(string(Finance::Currency))
                    .col(string(Finance::Month))
                    .col(text(Finance::Record))
                    .col(integer(Finance::Version))
                    .to_owned(),
            )
            .await?;
        unique(manager, Finance::ExchangeRates, &[Finance::Currency, Finance::Month]).await?;
        manager
            .create_table({
                let mut create = programme_table(
                    Finance::Expenses,
                    vec![
                        string(Finance::Number),
                        // `YYYY-MM-DD`: sorts and compares as text on both backends.
                        string(Finance::Date),
                        string(Finance::Status),
                        uuid(Finance::BudgetLineId),
                        string(Finance::Currency),
                        big_integer(Finance::AmountMinor),
                        big_integer_null(Finance::ConvertedMinor),
                        integer(Finance::OpenFlags),
                        uuid_null(Finance::SupplierId),
                        string_null(Finance::OriginKey),
                        uuid_null(Finance::MissionId),
                    ],
                );
                create.foreign_key(
                    ForeignKey::create().from(Finance::Expenses, Finance::BudgetLineId).to(Finance::BudgetLines, Finance::Id),
                );
                create
            })
            .await?;
        unique(manager, Finance::Expenses, &[Finance::Number]).await?;
        unique(manager, Finance::Expenses, &[Finance::OriginKey]).await?;
        index(manager, Finance::Expenses, &[Finance::ProgrammeId, Finance::Date]).await?;
        index(manager, Finance::Expenses, &[Finance::BudgetLineId, Finance::Status]).await?;
        index(manager, Finance::Expenses, &[Finance::MissionId]).await?;
        manager
            .create_table(programme_table(
                Finance::Missions,
                vec![string(Finance::Number), string(Finance::Status), string(Finance::Departs)],
            ))
            .await?;
        unique(manager, Finance::Missions, &[Finance::Number]).await?;
        manager
            .create_table(
                Table::create()
                    .table(Finance::MissionCities)
                    .if_not_exists()
                    .col(uuid(Finance::MissionId))
                    .col(string(Finance::CityCode))
                    .primary_key(Index::create().col(Finance::MissionId).col(Finance::CityCode))
                    .foreign_key(
                        ForeignKey::create().from(Finance::MissionCities, Finance::MissionId).to(Finance::Missions, Finance::Id),
                    )
                    .foreign_key(ForeignKey::create().from(Finance::MissionCities, Finance::CityCode).to(Cities::Table, Cities::Code))
                    .to_owned(),
            )
            .await?;
        index(manager, Finance::MissionCities, &[Finance::CityCode]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Finance::MissionCities,
            Finance::Missions,
            Finance::Expenses,
            Finance::ExchangeRates,
            Finance::FundsReceipts,
            Finance::BudgetTransfers,
            Finance::BudgetLines,
            Finance::FinanceSettings,
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

async fn unique(manager: &SchemaManager<'_>, table: Finance, columns: &[Finance]) -> Result<(), DbErr> {
    create_index(manager, table, columns, true).await
}

async fn index(manager: &SchemaManager<'_>, table: Finance, columns: &[Finance]) -> Result<(), DbErr> {
    create_index(manager, table, columns, false).await
}

async fn create_index(manager: &SchemaManager<'_>, table: Finance, columns: &[Finance], unique: bool) -> Result<(), DbErr> {
    let name = std::iter::once(&table).chain(columns).map(Iden::to_string).collect::<Vec<_>>().join("_");
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(*column);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}
