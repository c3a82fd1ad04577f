//! A call's procedure after the ranking (its shortlist, second-stage deadline and decision, one
//! row per call, with the decision instant in a column of its own for the retention job), and
//! the managers' check of each shortlisted candidate's second-stage documents.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Schema {
    RecruitmentProcedures,
    RecruitmentStageTwoChecks,
    RecruitmentCalls,
    RecruitmentApplications,
    Id,
    CallId,
    ApplicationId,
    DecidedAt,
    Record,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Schema::RecruitmentProcedures)
                    .if_not_exists()
                    .col(uuid(Schema::CallId).primary_key())
                    .col(timestamp_with_time_zone_null(Schema::DecidedAt))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::RecruitmentProcedures, Schema::CallId)
                            .to(Schema::RecruitmentCalls, Schema::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Schema::RecruitmentStageTwoChecks)
                    .if_not_exists()
                    .col(uuid(Schema::ApplicationId).primary_key())
                    .col(uuid(Schema::CallId))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::RecruitmentStageTwoChecks, Schema::ApplicationId)
                            .to(Schema::RecruitmentApplications, Schema::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recruitment_stage_two_checks_call_id")
                    .table(Schema::RecruitmentStageTwoChecks)
                    .col(Schema::CallId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Schema::RecruitmentStageTwoChecks, Schema::RecruitmentProcedures] {
            manager.drop_table(Table::drop().table(table).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
