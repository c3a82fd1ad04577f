//! Adding a foreign key to a table that already holds rows. PostgreSQL alters the table; SQLite
//! cannot, so the table is rebuilt with the constraint (SQLite's documented twelve steps, inside
//! the migration's transaction with the checks deferred to its commit).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, Statement};

/// One constraint to add: `table.column` must name a row of `referenced.key`.
pub struct ForeignKey {
    pub table: &'static str,
    pub column: &'static str,
    pub referenced: &'static str,
    pub key: &'static str,
}

impl ForeignKey {
    fn clause(&self) -> String {
        format!(r#"FOREIGN KEY ("{}") REFERENCES "{}" ("{}")"#, self.column, self.referenced, self.key)
    }

    fn name(&self) -> String {
        format!("fk_{}_{}", self.table, self.column)
    }
}

#[derive(FromQueryResult)]
struct Sql {
    sql: String,
}

/// Adds `keys` (all on the same table) in one step. The migration must run in a transaction
/// (`use_transaction` → `Some(true)`), so that a SQLite rebuild is all or nothing.
pub async fn add_foreign_keys(manager: &SchemaManager<'_>, table: &str, keys: &[ForeignKey]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            for key in keys {
                db.execute_unprepared(&format!(
                    r#"ALTER TABLE "{table}" ADD CONSTRAINT "{}" {}"#,
                    key.name(),
                    key.clause()
                ))
                .await?;
            }
            Ok(())
        }
        _ => rebuild_sqlite_table(db, table, keys).await,
    }
}

async fn rebuild_sqlite_table(db: &SchemaManagerConnection<'_>, table: &str, keys: &[ForeignKey]) -> Result<(), DbErr> {
    let definition = sqlite_schema(db, "table", table).await?;
    let definition = definition.first().ok_or_else(|| DbErr::Migration(format!("no table {table}")))?;
    let indexes = sqlite_schema(db, "index", table).await?;
    let end = definition.rfind(')').ok_or_else(|| DbErr::Migration(format!("unreadable definition of {table}")))?;
    let rebuilt = format!("{table}_rebuilt");
    let clauses: Vec<String> = keys.iter().map(ForeignKey::clause).collect();
    let create = format!(
        "{}, {}{}",
        definition[..end].replacen(&format!("\"{table}\""), &format!("\"{rebuilt}\""), 1),
        clauses.join(", "),
        &definition[end..]
    );
    // Rows of other tables pointing at this one are checked again at commit, once the rebuilt
    // table carries the same ids under the same name.
    db.execute_unprepared("PRAGMA defer_foreign_keys = ON").await?;
    db.execute_unprepared(&create).await?;
    db.execute_unprepared(&format!(r#"INSERT INTO "{rebuilt}" SELECT * FROM "{table}""#)).await?;
    db.execute_unprepared(&format!(r#"DROP TABLE "{table}""#)).await?;
    db.execute_unprepared(&format!(r#"ALTER TABLE "{rebuilt}" RENAME TO "{table}""#)).await?;
    for index in indexes {
        db.execute_unprepared(&index).await?;
    }
    Ok(())
}

/// The `CREATE` statements SQLite keeps for a table (`kind` "table") or its named indexes
/// (`kind` "index"; the automatic ones of UNIQUE columns come back with the table).
async fn sqlite_schema(db: &SchemaManagerConnection<'_>, kind: &str, table: &str) -> Result<Vec<String>, DbErr> {
    let rows = Sql::find_by_statement(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL",
        [kind.into(), table.into()],
    ))
    .all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.sql).collect())
}
