//! Codes of logframe entries, indicators and periods become columns, unique per programme, so
//! that two writers cannot give one code twice (the check was made by the application, outside
//! the transaction). Logframe entries and periods get the version that every editable record
//! has, and values point at their period by foreign key as they already did at their indicator.

use super::foreign_keys::{ForeignKey, add_foreign_keys};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DatabaseBackend, FromQueryResult, Statement};
use std::collections::BTreeMap;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PARTS_WITH_CODES: [&str; 3] = ["logframe_nodes", "indicators", "periods"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in PARTS_WITH_CODES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(ColumnDef::new(Alias::new("code")).string().not_null().default(""))
                        .to_owned(),
                )
                .await?;
            copy_codes_from_records(manager, table).await?;
            manager
                .create_index(
                    Index::create()
                        .name(format!("{table}_code"))
                        .table(Alias::new(table))
                        .col(Alias::new("programme_id"))
                        .col(Alias::new("code"))
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        for table in ["logframe_nodes", "periods"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(ColumnDef::new(Alias::new("version")).integer().not_null().default(1))
                        .to_owned(),
                )
                .await?;
        }
        add_foreign_keys(
            manager,
            "indicator_values",
            &[ForeignKey { table: "indicator_values", column: "period_id", referenced: "periods", key: "id" }],
        )
        .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

#[derive(FromQueryResult)]
struct Part {
    id: uuid::Uuid,
    programme_id: uuid::Uuid,
    record: String,
}

/// Fills the new column from each record. Codes that the application check let through twice
/// (two writers at once) keep the first and number the others (`OP1.1`, `OP1.1-2`), in the
/// record too, so that the unique index can be made without losing a row.
async fn copy_codes_from_records(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let parts = Part::find_by_statement(Statement::from_string(
        backend,
        format!(r#"SELECT id, programme_id, record FROM "{table}" ORDER BY sort_key, id"#),
    ))
    .all(db)
    .await?;
    let mut taken: BTreeMap<(uuid::Uuid, String), u32> = BTreeMap::new();
    for part in parts {
        let mut record: serde_json::Value = serde_json::from_str(&part.record)
            .map_err(|e| DbErr::Migration(format!("{table} {}: unreadable record: {e}", part.id)))?;
        let code = record.get("code").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
        let seen = taken.entry((part.programme_id, code.clone())).or_insert(0);
        *seen += 1;
        let code = if *seen == 1 { code } else { format!("{code}-{seen}") };
        if let Some(object) = record.as_object_mut() {
            object.insert("code".into(), code.clone().into());
        }
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            update_sql(backend, table),
            [code.into(), record.to_string().into(), part.id.into()],
        ))
        .await?;
    }
    Ok(())
}

fn update_sql(backend: DatabaseBackend, table: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => format!(r#"UPDATE "{table}" SET code = $1, record = $2 WHERE id = $3"#),
        _ => format!(r#"UPDATE "{table}" SET code = ?, record = ? WHERE id = ?"#),
    }
}
