//! The documents library: a document's record as JSON beside the columns the list filters and
//! pages on (kind, language, year, audience, themes and cities as comma-bounded lists so one
//! `LIKE '%,code,%'` finds a member on both backends), the text extracted from its current
//! version for the search index, and its links: to events (which exist, so a foreign key) and
//! to good practices (kept by another area: the id only, wired when that area lands).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum LibraryDocuments {
    Table,
    Id,
    Kind,
    Language,
    Year,
    Audience,
    Themes,
    Cities,
    CreatedAt,
    ExtractedText,
    Record,
    Version,
}

#[derive(DeriveIden)]
enum LibraryDocumentEvents {
    Table,
    DocumentId,
    EventId,
}

#[derive(DeriveIden)]
enum LibraryDocumentPractices {
    Table,
    DocumentId,
    PracticeId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LibraryDocuments::Table)
                    .if_not_exists()
                    .col(uuid(LibraryDocuments::Id).primary_key())
                    .col(string(LibraryDocuments::Kind))
                    .col(string(LibraryDocuments::Language))
                    .col(integer(LibraryDocuments::Year))
                    .col(string(LibraryDocuments::Audience))
                    .col(text(LibraryDocuments::Themes))
                    .col(text(LibraryDocuments::Cities))
                    .col(timestamp_with_time_zone(LibraryDocuments::CreatedAt))
                    .col(text(LibraryDocuments::ExtractedText))
                    .col(text(LibraryDocuments::Record))
                    .col(integer(LibraryDocuments::Version))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("library_documents_kind", LibraryDocuments::Kind),
            ("library_documents_year", LibraryDocuments::Year),
            ("library_documents_audience", LibraryDocuments::Audience),
            ("library_documents_created_at", LibraryDocuments::CreatedAt),
        ] {
            manager
                .create_index(Index::create().name(name).table(LibraryDocuments::Table).col(column).to_owned())
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(LibraryDocumentEvents::Table)
                    .if_not_exists()
                    .col(uuid(LibraryDocumentEvents::DocumentId))
                    .col(uuid(LibraryDocumentEvents::EventId))
                    .primary_key(
                        Index::create().col(LibraryDocumentEvents::DocumentId).col(LibraryDocumentEvents::EventId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LibraryDocumentEvents::Table, LibraryDocumentEvents::DocumentId)
                            .to(LibraryDocuments::Table, LibraryDocuments::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LibraryDocumentEvents::Table, LibraryDocumentEvents::EventId)
                            .to(Events::Table, Events::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("library_document_events_event_id")
                    .table(LibraryDocumentEvents::Table)
                    .col(LibraryDocumentEvents::EventId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LibraryDocumentPractices::Table)
                    .if_not_exists()
                    .col(uuid(LibraryDocumentPractices::DocumentId))
                    .col(uuid(LibraryDocumentPractices::PracticeId))
                    .primary_key(
                        Index::create()
                            .col(LibraryDocumentPractices::DocumentId)
                            .col(LibraryDocumentPractices::PracticeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LibraryDocumentPractices::Table, LibraryDocumentPractices::DocumentId)
                            .to(LibraryDocuments::Table, LibraryDocuments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("library_document_practices_practice_id")
                    .table(LibraryDocumentPractices::Table)
                    .col(LibraryDocumentPractices::PracticeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["library_document_practices", "library_document_events", "library_documents"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
