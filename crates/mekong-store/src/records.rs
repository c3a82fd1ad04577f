//! Records kept as JSON documents in a column (with the columns queries use beside them), and
//! the outcome of an update that replaces one version of a record.
//!
//! Each document carries the schema it was written with (`"schema": n`; documents written
//! before it was kept are schema 1). Reading one written by a newer Mekong is refused rather
//! than misread; one written by an older schema goes through `upgrade` first. A database of
//! every earlier release is read back by the integration tests (`storage.rs`), so a changed
//! core type cannot silently make stored rows unreadable.

use crate::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The schema this build writes.
pub(crate) const SCHEMA: i64 = 1;

pub(crate) fn to_record(value: &impl Serialize) -> Result<String, StoreError> {
    let mut document = serde_json::to_value(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    if let Value::Object(fields) = &mut document {
        fields.insert("schema".into(), SCHEMA.into());
    }
    Ok(document.to_string())
}

/// The schema a document names, read without building the document.
#[derive(serde::Deserialize)]
struct SchemaOf {
    schema: Option<i64>,
}

pub(crate) fn from_record<T: DeserializeOwned>(what: &str, record: &str) -> Result<T, StoreError> {
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("{what}: {e}"));
    let schema = serde_json::from_str::<SchemaOf>(record).map_err(corrupt)?.schema.unwrap_or(1);
    // A document of this build's schema is read straight into `T`: going through a `Value`
    // first (a map per object) doubled the cost of reading every record.
    if schema == SCHEMA {
        return serde_json::from_str(record).map_err(corrupt);
    }
    let mut document: Value = serde_json::from_str(record).map_err(corrupt)?;
    if schema > SCHEMA {
        return Err(StoreError::Corrupt(format!(
            "{what}: written with schema {schema} by a newer Mekong (this one reads up to {SCHEMA})"
        )));
    }
    for from in schema..SCHEMA {
        document = upgrade(what, from, document);
    }
    serde_json::from_value(document).map_err(corrupt)
}

/// Turns a document of schema `from` into schema `from + 1`. Fields added since with a default
/// (a record's `version`) need no step here; a renamed or restructured field does.
fn upgrade(_what: &str, _from: i64, document: Value) -> Value {
    document
}

/// What a stored document would lose if read into `T` and written back: the paths of the fields
/// `T` does not keep (serde skips unknown fields without a word, so a renamed or removed field
/// would silently drop stored data at the record's next save).
pub fn lost_in_round_trip<T: Serialize + DeserializeOwned>(
    what: &str,
    record: &str,
) -> Result<Vec<String>, StoreError> {
    let original: Value = serde_json::from_str(record).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))?;
    let read: T = from_record(what, record)?;
    let written = serde_json::to_value(&read).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut lost = Vec::new();
    missing_from(&original, &written, String::new(), &mut lost);
    lost.retain(|path| path != "schema");
    Ok(lost)
}

/// Collects the paths of `original` whose values `written` does not hold. A null or absent
/// value is nothing to lose; numbers compare by value (`1` and `1.0`).
fn missing_from(original: &Value, written: &Value, path: String, lost: &mut Vec<String>) {
    let at = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match (original, written) {
        (Value::Null, _) => {}
        (Value::Object(fields), Value::Object(kept)) => {
            for (key, value) in fields {
                missing_from(value, kept.get(key).unwrap_or(&Value::Null), at(key), lost);
            }
        }
        (Value::Array(items), Value::Array(kept)) if items.len() == kept.len() => {
            for (index, (item, kept)) in items.iter().zip(kept).enumerate() {
                missing_from(item, kept, at(&index.to_string()), lost);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        _ => lost.push(path),
    }
}

pub(crate) fn from_records<T: DeserializeOwned>(
    what: &str,
    records: impl IntoIterator<Item = String>,
) -> Result<Vec<T>, StoreError> {
    records.into_iter().map(|r| from_record(what, &r)).collect()
}

/// Turns an update's row count into the optimistic-concurrency outcome: none updated means the
/// version read was not the current one.
pub(crate) fn updated_one(rows_affected: u64) -> Result<(), StoreError> {
    if rows_affected == 1 { Ok(()) } else { Err(StoreError::Conflict) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Sample {
        name: String,
    }

    #[test]
    fn documents_carry_their_schema_and_read_back() -> Result<(), StoreError> {
        let text = to_record(&Sample { name: "Huế".into() })?;
        assert!(text.contains("\"schema\":1"));
        assert_eq!(from_record::<Sample>("sample", &text)?, Sample { name: "Huế".into() });
        Ok(())
    }

    #[test]
    fn documents_from_before_schemas_read_as_the_first() -> Result<(), StoreError> {
        assert_eq!(from_record::<Sample>("sample", r#"{"name":"Vientiane"}"#)?, Sample { name: "Vientiane".into() });
        Ok(())
    }

    #[test]
    fn a_field_the_record_does_not_keep_is_reported_as_lost() -> Result<(), StoreError> {
        assert_eq!(lost_in_round_trip::<Sample>("sample", r#"{"name":"Huế","schema":1}"#)?, Vec::<String>::new());
        assert_eq!(
            lost_in_round_trip::<Sample>("sample", r#"{"name":"Huế","origin":"Phnom Penh","empty":null}"#)?,
            vec!["origin".to_owned()]
        );
        Ok(())
    }

    #[test]
    fn a_document_from_a_newer_mekong_is_refused_not_misread() {
        let refused = from_record::<Sample>("sample", r#"{"name":"x","schema":99}"#);
        assert!(matches!(refused, Err(StoreError::Corrupt(message)) if message.contains("newer Mekong")));
    }
}
