//! The text of stored files the search index reads (an event's agenda documents), extracted once
//! when the file is attached: the index takes an event up again at every registration, and
//! reading a PDF each time would cost more than the rest of it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FileTexts::Table)
                    .if_not_exists()
                    .col(string(FileTexts::Sha256).primary_key())
                    .col(text(FileTexts::Text))
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum FileTexts {
    Table,
    Sha256,
    Text,
}
