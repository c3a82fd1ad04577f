//! The network's positions, one per theme (a unique column), the record as JSON; and what
//! stands behind each (events, library documents, good practices) as rows by kind and id,
//! without a foreign key since good practices live in another area's table.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AdvocacyPositions {
    Table,
    Id,
    Theme,
    Status,
    Record,
    Version,
}

#[derive(DeriveIden)]
enum AdvocacySources {
    Table,
    PositionId,
    SourceKind,
    SourceId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AdvocacyPositions::Table)
                    .if_not_exists()
                    .col(uuid(AdvocacyPositions::Id).primary_key())
                    .col(string(AdvocacyPositions::Theme))
                    .col(string(AdvocacyPositions::Status))
                    .col(text(AdvocacyPositions::Record))
                    .col(integer(AdvocacyPositions::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("advocacy_positions_theme")
                    .table(AdvocacyPositions::Table)
                    .col(AdvocacyPositions::Theme)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AdvocacySources::Table)
                    .if_not_exists()
                    .col(uuid(AdvocacySources::PositionId))
                    .col(string(AdvocacySources::SourceKind))
                    .col(uuid(AdvocacySources::SourceId))
                    .primary_key(
                        Index::create()
                            .col(AdvocacySources::PositionId)
                            .col(AdvocacySources::SourceKind)
                            .col(AdvocacySources::SourceId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdvocacySources::Table, AdvocacySources::PositionId)
                            .to(AdvocacyPositions::Table, AdvocacyPositions::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("advocacy_sources_source_id")
                    .table(AdvocacySources::Table)
                    .col(AdvocacySources::SourceId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["advocacy_sources", "advocacy_positions"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
