//! The variance sums expenses per line and status over a programme (or one of its years): an
//! index holding every column the sum reads answers it without reading the records (each a few
//! kilobytes of JSON), which at 15,000 expenses was most of the page's time.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut index = Index::create();
        index.name("expenses_programme_spending").table(Alias::new("expenses"));
        for column in ["programme_id", "date", "budget_line_id", "status", "converted_minor"] {
            index.col(Alias::new(column));
        }
        manager.create_index(index.to_owned()).await
    }
}
