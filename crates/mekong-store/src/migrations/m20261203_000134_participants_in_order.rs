//! An event's page lists fifty participants in order of registration and counts those who took
//! part by sex, country, kind of organisation and city. Without an index in that order SQLite
//! copied the 500 participants of the benchmark's event, records and all, into a temporary
//! B-tree to sort them, on every view of the page; and it sorted again to group the figures.
//! The first index gives the order; the second, replacing the index on event and status alone,
//! carries the grouped columns in the grouping's order.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = || Alias::new("event_participants");
        manager
            .create_index(
                Index::create()
                    .name("participants_in_order")
                    .table(table())
                    .col(Alias::new("event_id"))
                    .col(Alias::new("registered_at"))
                    .col(Alias::new("id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("participants_by_group")
                    .table(table())
                    .col(Alias::new("event_id"))
                    .col(Alias::new("status"))
                    .col(Alias::new("sex"))
                    .col(Alias::new("country"))
                    .col(Alias::new("organisation_kind"))
                    .col(Alias::new("city_code"))
                    .to_owned(),
            )
            .await?;
        manager.drop_index(Index::drop().name("event_participants_event_status").table(table()).to_owned()).await
    }
}
