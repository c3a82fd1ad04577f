//! Uploaded spreadsheets read in one way for every uploader (results grid, directory import,
//! logframe import), so that the limits of `mekong_docs` apply to all and refusals read the same.

use crate::AppError;
use mekong_docs::{DocError, Limit, Table};

/// Reads an uploaded CSV or XLSX, or says why not as an error on the `file` field.
pub(crate) fn read_upload(bytes: &[u8]) -> Result<Table, AppError> {
    mekong_docs::read_table(bytes).map_err(|e| AppError::field("file", refusal(&e)))
}

/// The message key for a file that was not read.
fn refusal(error: &DocError) -> &'static str {
    match error {
        DocError::Empty => "error-file-empty",
        DocError::TooLarge(Limit::Dimensions) => "error-file-too-many-cells",
        DocError::TooLarge(Limit::Unpacked) => "error-file-unpacks-too-large",
        DocError::Unreadable(_) | DocError::Write(_) => "error-file-unreadable",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mekong_i18n::{I18n, Lang};

    /// The messages state the limits in words; they must say the numbers the reader enforces.
    #[test]
    fn refusals_state_the_limits_the_reader_enforces() {
        let i18n = I18n::load();
        let cells = i18n.message(Lang::En, refusal(&DocError::TooLarge(Limit::Dimensions)));
        let rows = mekong_i18n::format_number(Lang::En, i64::from(mekong_docs::MAX_ROWS));
        let columns = mekong_docs::MAX_COLUMNS.to_string();
        assert!(cells.contains(&rows) && cells.contains(&columns), "{cells}");
        let unpacked = i18n.message(Lang::En, refusal(&DocError::TooLarge(Limit::Unpacked)));
        let megabytes = (mekong_docs::MAX_UNPACKED_BYTES / (1024 * 1024)).to_string();
        assert!(unpacked.contains(&format!("{megabytes} MB")), "{unpacked}");
    }
}
