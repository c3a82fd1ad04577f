//! A name search of several words starts from one word's tokens and checks each other word
//! against the same record's tokens: the index by record carries the token so that check is
//! one seek, not a read of the row. It replaces the index on the record alone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("name_tokens_record_token")
                    .table(Alias::new("name_tokens"))
                    .col(Alias::new("record_id"))
                    .col(Alias::new("token"))
                    .to_owned(),
            )
            .await?;
        manager.drop_index(Index::drop().name("name_tokens_record").table(Alias::new("name_tokens")).to_owned()).await
    }
}
