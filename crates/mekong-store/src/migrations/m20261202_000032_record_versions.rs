//! Agenda items and mailing lists get the version every editable record has, so that a save
//! from an older version is a conflict rather than a silent overwrite.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["agenda_items", "mailing_lists"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(ColumnDef::new(Alias::new("version")).integer().not_null().default(1))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
