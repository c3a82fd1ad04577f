//! Each indicator's reported total per period, summed over the cities, kept up to date with
//! the values so that a programme's dashboard reads a few hundred rows instead of every value.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IndicatorTotals::Table)
                    .if_not_exists()
                    .col(uuid(IndicatorTotals::IndicatorId))
                    .col(uuid(IndicatorTotals::PeriodId))
                    .col(double_null(IndicatorTotals::Sum))
                    .col(big_integer(IndicatorTotals::Count))
                    .primary_key(Index::create().col(IndicatorTotals::IndicatorId).col(IndicatorTotals::PeriodId))
                    .to_owned(),
            )
            .await?;
        // Values entered before this migration.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO indicator_totals (indicator_id, period_id, sum, count) \
                 SELECT indicator_id, period_id, SUM(amount), COUNT(amount) FROM indicator_values \
                 WHERE cell = '' AND status IN ('submitted', 'validated') GROUP BY indicator_id, period_id",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(IndicatorTotals::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum IndicatorTotals {
    Table,
    IndicatorId,
    PeriodId,
    Sum,
    Count,
}
