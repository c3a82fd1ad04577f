//! The search change log: which record to reindex, numbered by the audit entry of the change
//! (whose head lock makes numbers follow commit order, so a follower never skips a change that
//! commits late).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SearchChanges {
    Table,
    Seq,
    Kind,
    EntityId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchChanges::Table)
                    .if_not_exists()
                    .col(big_integer(SearchChanges::Seq).primary_key())
                    .col(string(SearchChanges::Kind))
                    .col(string(SearchChanges::EntityId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SearchChanges::Table).to_owned()).await
    }
}
