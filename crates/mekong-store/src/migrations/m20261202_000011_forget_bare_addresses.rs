//! Network addresses are now kept as a keyed hash. Those stored before (bare addresses of
//! sessions and failed sign-ins, a bare SHA-256 of the address of public registrations, which
//! anyone can reverse over the IPv4 space) cannot be converted, since the key is not in the
//! database: they are dropped. They only served throttling, over an hour at most, and the
//! account pages' list of sessions.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("UPDATE sessions SET client_address = ''").await?;
        db.execute_unprepared("DELETE FROM login_failures").await?;
        let registrations = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "UPDATE event_participants SET record = (record::jsonb - 'registered_from')::text \
                 WHERE record LIKE '%\"registered_from\"%'"
            }
            _ => {
                "UPDATE event_participants SET record = json_remove(record, '$.registered_from') \
                 WHERE record LIKE '%\"registered_from\"%'"
            }
        };
        db.execute_unprepared(registrations).await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // What was dropped cannot come back, and nothing needs it.
        Ok(())
    }
}
