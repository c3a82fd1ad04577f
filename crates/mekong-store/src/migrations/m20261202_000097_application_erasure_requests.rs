//! An applicant's request that their personal data be erased: when it was asked, so that the
//! call's managers see the requests waiting.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RecruitmentApplications {
    Table,
    ErasureRequestedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RecruitmentApplications::Table)
                    .add_column(timestamp_with_time_zone_null(RecruitmentApplications::ErasureRequestedAt))
                    .to_owned(),
            )
            .await
    }
}
