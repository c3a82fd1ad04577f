//! Interview scores: one per committee member and candidate, per award criterion, kept as JSON
//! beside the columns queries use.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Schema {
    RecruitmentInterviewScores,
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
                    .table(Schema::RecruitmentInterviewScores)
                    .if_not_exists()
                    .col(uuid(Schema::Id).primary_key())
                    .col(uuid(Schema::CallId))
                    .col(uuid(Schema::ApplicationId))
                    .col(uuid(Schema::EvaluatorId))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::RecruitmentInterviewScores, Schema::ApplicationId)
                            .to(Schema::RecruitmentApplications, Schema::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recruitment_interview_scores_application_id_evaluator_id")
                    .table(Schema::RecruitmentInterviewScores)
                    .col(Schema::ApplicationId)
                    .col(Schema::EvaluatorId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recruitment_interview_scores_call_id")
                    .table(Schema::RecruitmentInterviewScores)
                    .col(Schema::CallId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Schema::RecruitmentInterviewScores).if_exists().to_owned()).await
    }
}
