//! The expense list filters by status and by currency, newest first: indexes that lead with the
//! programme and end with the date serve both the page and its count without a scan.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, column) in
            [("expenses_programme_status_date", "status"), ("expenses_programme_currency_date", "currency")]
        {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Alias::new("expenses"))
                        .col(Alias::new("programme_id"))
                        .col(Alias::new(column))
                        .col(Alias::new("date"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
