//! Records kept as JSON in a column (with the columns queries use beside them), and the outcome
//! of an update that replaces one version of a record.

use crate::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub(crate) fn to_record(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn from_record<T: DeserializeOwned>(what: &str, record: &str) -> Result<T, StoreError> {
    serde_json::from_str(record).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
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
