//! Name search by word prefix: each folded word of a person's or organisation's names, indexed,
//! so that a search reads an index range instead of scanning every name. Also orders the lists
//! by an index.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NameTokens::Table)
                    .if_not_exists()
                    .col(string(NameTokens::Token))
                    .col(uuid(NameTokens::RecordId))
                    .primary_key(Index::create().col(NameTokens::Token).col(NameTokens::RecordId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("name_tokens_record")
                    .table(NameTokens::Table)
                    .col(NameTokens::RecordId)
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            // Prefix searches are `LIKE 'word%'` on PostgreSQL: only a pattern index serves them
            // whatever the database's collation.
            manager
                .get_connection()
                .execute_unprepared("CREATE INDEX name_tokens_pattern ON name_tokens (token text_pattern_ops)")
                .await?;
        }
        manager
            .create_index(
                Index::create().name("people_search_key").table(People::Table).col(People::SearchKey).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("organisations_search_key")
                    .table(Organisations::Table)
                    .col(Organisations::SearchKey)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NameTokens::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum NameTokens {
    Table,
    Token,
    RecordId,
}

#[derive(DeriveIden)]
enum People {
    Table,
    SearchKey,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    SearchKey,
}
