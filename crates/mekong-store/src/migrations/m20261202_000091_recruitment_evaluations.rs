//! Evaluations of applications: one per evaluator and application (the declaration of
//! interests, then the scores), kept as JSON beside the columns queries use.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Schema {
    RecruitmentEvaluations,
    RecruitmentApplications,
    Id,
    CallId,
    ApplicationId,
    EvaluatorId,
    Record,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Schema::RecruitmentEvaluations)
                    .if_not_exists()
                    .col(uuid(Schema::Id).primary_key())
                    .col(uuid(Schema::CallId))
                    .col(uuid(Schema::ApplicationId))
                    .col(uuid(Schema::EvaluatorId))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::RecruitmentEvaluations, Schema::ApplicationId)
                            .to(Schema::RecruitmentApplications, Schema::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recruitment_evaluations_application_id_evaluator_id")
                    .table(Schema::RecruitmentEvaluations)
                    .col(Schema::ApplicationId)
                    .col(Schema::EvaluatorId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recruitment_evaluations_call_id")
                    .table(Schema::RecruitmentEvaluations)
                    .col(Schema::CallId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Schema::RecruitmentEvaluations).if_exists().to_owned()).await
    }
}
