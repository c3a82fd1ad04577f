//! Applications received by email keep the Message-ID of the message that brought them: the
//! copies of one message sent to several of the call's addresses, and a mailbox imported twice,
//! then make one application, not several.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RecruitmentApplications {
    Table,
    CallId,
    MessageId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RecruitmentApplications::Table)
                    .add_column(string_null(RecruitmentApplications::MessageId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recruitment_applications_call_id_message_id")
                    .table(RecruitmentApplications::Table)
                    .col(RecruitmentApplications::CallId)
                    .col(RecruitmentApplications::MessageId)
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
