//! An expense's page lists the entries that correct it: the corrected expense becomes a column
//! (filled from the records already stored), so the page reads those entries, not the programme's
//! every expense.

use sea_orm_migration::{prelude::*, schema::*};
use serde_json::Value;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Expenses {
    Table,
    Id,
    CorrectsId,
    Record,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Expenses::Table).add_column(uuid_null(Expenses::CorrectsId)).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("expenses_corrects_id")
                    .table(Expenses::Table)
                    .col(Expenses::CorrectsId)
                    .to_owned(),
            )
            .await?;
        let connection = manager.get_connection();
        let select = Query::select().columns([Expenses::Id, Expenses::Record]).from(Expenses::Table).to_owned();
        for row in connection.query_all(&select).await? {
            let id: uuid::Uuid = row.try_get("", "id")?;
            let record: String = row.try_get("", "record")?;
            let record: Value =
                serde_json::from_str(&record).map_err(|e| DbErr::Migration(format!("expense {id}: {e}")))?;
            let Some(corrects) = record.get("corrects").and_then(Value::as_str) else { continue };
            let corrects =
                uuid::Uuid::parse_str(corrects).map_err(|e| DbErr::Migration(format!("expense {id}: {e}")))?;
            let update = Query::update()
                .table(Expenses::Table)
                .value(Expenses::CorrectsId, corrects)
                .and_where(Expr::col(Expenses::Id).eq(id))
                .to_owned();
            connection.execute(&update).await?;
        }
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
