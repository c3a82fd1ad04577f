//! The event page counts and lists participants in SQL: each participant row gets the fields
//! the participation figures group by (sex, country, kind of organisation) and a folded search
//! key (names, organisation, email), filled from the stored records.

use mekong_core::names::sort_key as search_key;
use sea_orm_migration::prelude::*;
use serde_json::Value;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [(&str, &str); 4] = [("search_key", ""), ("sex", "unknown"), ("country", ""), ("organisation_kind", "")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (column, default) in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("event_participants"))
                        .add_column(ColumnDef::new(Alias::new(column)).string().not_null().default(default))
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        let select = Query::select()
            .columns([Alias::new("id"), Alias::new("record")])
            .from(Alias::new("event_participants"))
            .to_owned();
        for row in db.query_all(&select).await? {
            let id: uuid::Uuid = row.try_get("", "id")?;
            let text: String = row.try_get("", "record")?;
            let record: Value = serde_json::from_str(&text)
                .map_err(|e| DbErr::Migration(format!("event_participants {id}: not JSON: {e}")))?;
            let update = Query::update()
                .table(Alias::new("event_participants"))
                .values(facets(&record).into_iter().map(|(column, value)| (Alias::new(column), value.into())))
                .and_where(Expr::col(Alias::new("id")).eq(id))
                .to_owned();
            db.execute(&update).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("event_participants_event_status")
                    .table(Alias::new("event_participants"))
                    .col(Alias::new("event_id"))
                    .col(Alias::new("status"))
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The columns' values from a stored participant record, as the store writes them.
fn facets(record: &Value) -> [(&'static str, String); 4] {
    let text = |key: &str| record.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let fields = ["name", "local_name", "organisation", "email"].map(text);
    let key = search_key(&fields.each_ref().map(String::as_str));
    let sex = Some(text("sex")).filter(|s| !s.is_empty()).unwrap_or_else(|| "unknown".to_owned());
    [("search_key", key), ("sex", sex), ("country", text("country")), ("organisation_kind", text("organisation_kind"))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_come_from_the_record_and_missing_fields_stay_empty() {
        let record = serde_json::json!({"name": "Nguyễn Thị Hoa", "local_name": "", "organisation": "UBND Huế",
            "email": "Hoa@Example.org", "sex": "female", "country": "VN", "organisation_kind": null});
        let [key, sex, country, kind] = facets(&record);
        assert_eq!(key.1, search_key(&["Nguyễn Thị Hoa", "UBND Huế", "Hoa@Example.org"]));
        assert_eq!((sex.1.as_str(), country.1.as_str(), kind.1.as_str()), ("female", "VN", ""));
    }
}
