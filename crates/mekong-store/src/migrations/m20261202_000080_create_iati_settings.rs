//! Each programme's IATI settings (its publisher's identifier and its sectors), one record a
//! programme, saved by the coordinator.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum IatiSettings {
    Table,
    ProgrammeId,
    Record,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IatiSettings::Table)
                    .if_not_exists()
                    .col(uuid(IatiSettings::ProgrammeId).primary_key())
                    .col(text(IatiSettings::Record))
                    .col(integer(IatiSettings::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(IatiSettings::Table, IatiSettings::ProgrammeId)
                            .to(Programmes::Table, Programmes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
