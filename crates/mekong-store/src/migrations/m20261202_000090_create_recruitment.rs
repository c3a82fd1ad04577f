//! The recruitment area: calls for applications, the applications they receive (with the hash
//! of each applicant's personal link) and the applications' documents, whose bytes live
//! encrypted in a file store of their own. Records are JSON beside the columns queries use.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Schema {
    RecruitmentCalls,
    RecruitmentApplications,
    RecruitmentDocuments,
    Id,
    Code,
    Published,
    DeadlineAt,
    CallId,
    Receipt,
    Email,
    SecretHash,
    Status,
    ReceivedAt,
    Erased,
    ApplicationId,
    Kind,
    CreatedAt,
    Record,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Schema::RecruitmentCalls)
                    .if_not_exists()
                    .col(uuid(Schema::Id).primary_key())
                    .col(string(Schema::Code))
                    .col(boolean(Schema::Published))
                    .col(timestamp_with_time_zone(Schema::DeadlineAt))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Schema::RecruitmentApplications)
                    .if_not_exists()
                    .col(uuid(Schema::Id).primary_key())
                    .col(uuid(Schema::CallId))
                    .col(string(Schema::Receipt))
                    .col(string(Schema::Email))
                    .col(string(Schema::SecretHash))
                    .col(string(Schema::Status))
                    .col(timestamp_with_time_zone(Schema::ReceivedAt))
                    .col(boolean(Schema::Erased))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::RecruitmentApplications, Schema::CallId)
                            .to(Schema::RecruitmentCalls, Schema::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, Schema::RecruitmentApplications, &[Schema::Receipt], true).await?;
        index(manager, Schema::RecruitmentApplications, &[Schema::SecretHash], true).await?;
        index(manager, Schema::RecruitmentApplications, &[Schema::CallId, Schema::Status], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(Schema::RecruitmentDocuments)
                    .if_not_exists()
                    .col(uuid(Schema::Id).primary_key())
                    .col(uuid(Schema::ApplicationId))
                    .col(string(Schema::Kind))
                    .col(timestamp_with_time_zone(Schema::CreatedAt))
                    .col(text(Schema::Record))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::RecruitmentDocuments, Schema::ApplicationId)
                            .to(Schema::RecruitmentApplications, Schema::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, Schema::RecruitmentDocuments, &[Schema::ApplicationId], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Schema::RecruitmentDocuments, Schema::RecruitmentApplications, Schema::RecruitmentCalls] {
            manager.drop_table(Table::drop().table(table).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}

async fn index(manager: &SchemaManager<'_>, table: Schema, columns: &[Schema], unique: bool) -> Result<(), DbErr> {
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
