//! A plan activity's and a participant's travel's budget line was free text (`2.1 Travel`); it
//! becomes the code of a line of the programme's budget (`2.1`), chosen from the budget's lines.
//! Text that starts with no line code is kept as typed, so nothing is lost: the forms show it
//! as not being a line of the budget until someone chooses one.

use super::m20261202_000020_money_with_currency::rewrite_records;
use mekong_core::finance::budget::valid_line_code;
use sea_orm_migration::prelude::*;
use serde_json::{Map, Value};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rewrite_records(manager, "plan_activities", |activity| Ok(to_code(activity))).await?;
        rewrite_records(manager, "event_participants", |participant| {
            Ok(participant.get_mut("travel").and_then(Value::as_object_mut).is_some_and(to_code))
        })
        .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// Replaces `budget_line` by the line code it starts with; whether it changed.
fn to_code(record: &mut Map<String, Value>) -> bool {
    let Some(typed) = record.get("budget_line").and_then(Value::as_str) else { return false };
    match line_code_of(typed) {
        Some(code) if code != typed => {
            record.insert("budget_line".into(), Value::String(code));
            true
        }
        _ => false,
    }
}

fn line_code_of(typed: &str) -> Option<String> {
    let first = typed.split_whitespace().next()?.trim_end_matches(['.', ':', ',', ')']);
    valid_line_code(first).then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_lines_become_their_codes() {
        assert_eq!(line_code_of("2.1 Travel"), Some("2.1".into()));
        assert_eq!(line_code_of("1.3.2. Per diems"), Some("1.3.2".into()));
        assert_eq!(line_code_of("Travel"), None);
        assert_eq!(line_code_of(""), None);
    }
}
