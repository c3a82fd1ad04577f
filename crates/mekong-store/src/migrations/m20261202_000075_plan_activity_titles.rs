//! A plan activity's title was one string; it becomes a text in the network's languages like
//! logframe entries and events. A title stored before is kept as the French version (the
//! network works in French), to be translated from the plan's form.

use super::m20261202_000020_money_with_currency::rewrite_records;
use sea_orm_migration::prelude::*;
use serde_json::{Map, Value};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rewrite_records(manager, "plan_activities", |activity| Ok(to_languages(activity))).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// Replaces a single-string `title` by `{"fr": title}`; whether it changed.
fn to_languages(record: &mut Map<String, Value>) -> bool {
    let Some(Value::String(title)) = record.get("title") else { return false };
    let title = title.clone();
    record.insert("title".into(), Value::Object(Map::from_iter([("fr".to_owned(), Value::String(title))])));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_title_becomes_french_and_translations_stay() {
        let mut old = Map::from_iter([("title".to_owned(), Value::from("Atelier régional"))]);
        assert!(to_languages(&mut old));
        assert_eq!(Value::Object(old), serde_json::json!({"title": {"fr": "Atelier régional"}}));
        let mut new = Map::from_iter([("title".to_owned(), serde_json::json!({"en": "Workshop", "km": "សិក្ខាសាលា"}))]);
        assert!(!to_languages(&mut new));
    }
}
