//! Technical assistance requests: the record as JSON beside the columns lists filter and sort
//! on (the city, the status, the assigned expert's account, the due date) and the unique number.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cities {
    Table,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum Schema {
    AssistanceRequests,
    Id,
    Number,
    CityCode,
    Status,
    ExpertUserId,
    DueOn,
    RequestedAt,
    Record,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Schema::AssistanceRequests)
                    .if_not_exists()
                    .col(uuid(Schema::Id).primary_key())
                    .col(string(Schema::Number))
                    .col(string(Schema::CityCode))
                    .col(string(Schema::Status))
                    .col(uuid_null(Schema::ExpertUserId))
                    .col(string_null(Schema::DueOn))
                    .col(timestamp_with_time_zone(Schema::RequestedAt))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::AssistanceRequests, Schema::CityCode)
                            .to(Cities::Table, Cities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        let index = |name: &str, column: Schema, unique: bool| {
            let mut index = Index::create();
            index.name(name).table(Schema::AssistanceRequests).col(column);
            if unique {
                index.unique();
            }
            index.to_owned()
        };
        manager.create_index(index("assistance_requests_number", Schema::Number, true)).await?;
        manager.create_index(index("assistance_requests_city_code", Schema::CityCode, false)).await?;
        manager.create_index(index("assistance_requests_status", Schema::Status, false)).await?;
        manager.create_index(index("assistance_requests_expert_user_id", Schema::ExpertUserId, false)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Schema::AssistanceRequests).if_exists().to_owned()).await
    }
}
