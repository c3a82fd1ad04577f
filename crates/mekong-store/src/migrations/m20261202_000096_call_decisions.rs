//! The instant a call was decided: the retention of its applicants' personal data counts from
//! it. Empty until the decision is taken.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RecruitmentCalls {
    Table,
    DecidedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RecruitmentCalls::Table)
                    .add_column(timestamp_with_time_zone_null(RecruitmentCalls::DecidedAt))
                    .to_owned(),
            )
            .await
    }
}
