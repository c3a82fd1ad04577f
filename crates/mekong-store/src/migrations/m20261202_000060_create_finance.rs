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
enum Schema {
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
fn programme_table(table: Schema, extra: Vec<ColumnDef>) -> TableCreateStatement {
    let mut create = Table::create();
    create
        .table(table)
        .if_not_exists()
        .col(uuid(Schema::Id).primary_key())
        .col(uuid(Schema::ProgrammeId))
        .col(text(Schema::Record))
        .col(integer(Schema::Version))
        .foreign_key(ForeignKey::create().from(table, Schema::ProgrammeId).to(Programmes::Table, Programmes::Id));
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
                    .table(Schema::FinanceSettings)
                    .if_not_exists()
                    .col(uuid(Schema::ProgrammeId).primary_key())
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::FinanceSettings, Schema::ProgrammeId)
                            .to(Programmes::Table, Programmes::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_table(programme_table(Schema::BudgetLines, vec![string(Schema::Code)])).await?;
        unique(manager, Schema::BudgetLines, &[Schema::ProgrammeId, Schema::Code]).await?;
        manager.create_table(programme_table(Schema::BudgetTransfers, vec![])).await?;
        manager.create_table(programme_table(Schema::FundsReceipts, vec![string(Schema::Date)])).await?;
        manager
            .create_table(
                Table::create()
                    .table(Schema::ExchangeRates)
                    .if_not_exists()
                    .col(uuid(Schema::Id).primary_key())
                    .col(string(Schema::Currency))
                    .col(string(Schema::Month))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .to_owned(),
            )
            .await?;
        unique(manager, Schema::ExchangeRates, &[Schema::Currency, Schema::Month]).await?;
        manager
            .create_table({
                let mut create = programme_table(
                    Schema::Expenses,
                    vec![
                        string(Schema::Number),
                        // `YYYY-MM-DD`: sorts and compares as text on both backends.
                        string(Schema::Date),
                        string(Schema::Status),
                        uuid(Schema::BudgetLineId),
                        string(Schema::Currency),
                        big_integer(Schema::AmountMinor),
                        big_integer_null(Schema::ConvertedMinor),
                        integer(Schema::OpenFlags),
                        uuid_null(Schema::SupplierId),
                        string_null(Schema::OriginKey),
                        uuid_null(Schema::MissionId),
                    ],
                );
                create.foreign_key(
                    ForeignKey::create()
                        .from(Schema::Expenses, Schema::BudgetLineId)
                        .to(Schema::BudgetLines, Schema::Id),
                );
                create
            })
            .await?;
        unique(manager, Schema::Expenses, &[Schema::Number]).await?;
        unique(manager, Schema::Expenses, &[Schema::OriginKey]).await?;
        index(manager, Schema::Expenses, &[Schema::ProgrammeId, Schema::Date]).await?;
        index(manager, Schema::Expenses, &[Schema::BudgetLineId, Schema::Status]).await?;
        index(manager, Schema::Expenses, &[Schema::MissionId]).await?;
        manager
            .create_table(programme_table(
                Schema::Missions,
                vec![string(Schema::Number), string(Schema::Status), string(Schema::Departs)],
            ))
            .await?;
        unique(manager, Schema::Missions, &[Schema::Number]).await?;
        manager
            .create_table(
                Table::create()
                    .table(Schema::MissionCities)
                    .if_not_exists()
                    .col(uuid(Schema::MissionId))
                    .col(string(Schema::CityCode))
                    .primary_key(Index::create().col(Schema::MissionId).col(Schema::CityCode))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::MissionCities, Schema::MissionId)
                            .to(Schema::Missions, Schema::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::MissionCities, Schema::CityCode)
                            .to(Cities::Table, Cities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, Schema::MissionCities, &[Schema::CityCode]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Schema::MissionCities,
            Schema::Missions,
            Schema::Expenses,
            Schema::ExchangeRates,
            Schema::FundsReceipts,
            Schema::BudgetTransfers,
            Schema::BudgetLines,
            Schema::FinanceSettings,
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

async fn unique(manager: &SchemaManager<'_>, table: Schema, columns: &[Schema]) -> Result<(), DbErr> {
    create_index(manager, table, columns, true).await
}

async fn index(manager: &SchemaManager<'_>, table: Schema, columns: &[Schema]) -> Result<(), DbErr> {
    create_index(manager, table, columns, false).await
}

async fn create_index(
    manager: &SchemaManager<'_>,
    table: Schema,
    columns: &[Schema],
    unique: bool,
) -> Result<(), DbErr> {
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
