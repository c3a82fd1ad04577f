//! Participants point at their person and city by foreign key. A merge of two people used to
//! leave the merged person's participations pointing at a deleted record; those links (and city
//! codes naming no member city) are cleared first: the participant keeps the name, organisation
//! and country copied when they were added.

use super::foreign_keys::{ForeignKey, add_foreign_keys};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE event_participants SET person_id = NULL \
             WHERE person_id IS NOT NULL AND person_id NOT IN (SELECT id FROM people)",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE event_participants SET city_code = NULL \
             WHERE city_code IS NOT NULL AND city_code NOT IN (SELECT code FROM cities)",
        )
        .await?;
        add_foreign_keys(
            manager,
            "event_participants",
            &[
                ForeignKey { table: "event_participants", column: "person_id", referenced: "people", key: "id" },
                ForeignKey { table: "event_participants", column: "city_code", referenced: "cities", key: "code" },
            ],
        )
        .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
