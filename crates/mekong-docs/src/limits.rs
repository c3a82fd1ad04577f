//! What an uploaded spreadsheet may hold, checked before it is parsed: every uploader (results
//! grid, directory import, logframe import) reads through `read_table`, so these are the limits.
//!
//! Why each exists: a 1.5 KB XLSX with cells at `A1` and `XFD1048576` makes a dense reader allocate
//! half a terabyte; a zip of zeros unpacks to gigabytes from a few megabytes. Both are refused here
//! from what the file declares, and the declarations are then checked against the real bytes while
//! streaming, so a file that lies about its sizes is refused too, with memory bounded.

use std::io::{Cursor, Read};

/// Rows of one sheet or CSV, header included.
pub const MAX_ROWS: u32 = 100_000;
/// Columns of one sheet or CSV.
pub const MAX_COLUMNS: u32 = 256;
/// Rows times columns of the rectangle read (each cell becomes a string).
pub const MAX_CELLS: u64 = 1_000_000;
/// Bytes of all the parts of an XLSX once unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Unpacked bytes per packed byte of one part; ordinary sheets stay far below (zeros reach ~1000).
pub const MAX_COMPRESSION_RATIO: u64 = 200;
/// A part smaller than this may be packed as tightly as it likes (tiny parts have odd ratios).
const RATIO_CHECKED_FROM_BYTES: u64 = 1024 * 1024;
/// Parts in one XLSX package.
pub const MAX_PARTS: usize = 1_000;

/// Which limit a file went over: each has its own message for the person who uploaded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Too many rows, columns or cells (declared or found).
    Dimensions,
    /// Unpacks to too much, or is packed too tightly to be an ordinary spreadsheet.
    Unpacked,
}

/// Checks the rectangle of `rows` by `columns` against the limits.
pub(crate) fn check_dimensions(rows: u64, columns: u64) -> Result<(), Limit> {
    if rows > u64::from(MAX_ROWS) || columns > u64::from(MAX_COLUMNS) || rows.saturating_mul(columns) > MAX_CELLS {
        return Err(Limit::Dimensions);
    }
    Ok(())
}

/// Checks an XLSX package before any of it is parsed: the number of parts, each part's declared
/// size and compression ratio, the declared total, then the real unpacked size of every part
/// (streamed to nowhere, so checking costs time, not memory).
pub(crate) fn check_package(bytes: &[u8]) -> Result<(), PackageError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| PackageError::Unreadable(e.to_string()))?;
    if archive.len() > MAX_PARTS {
        return Err(PackageError::Limit(Limit::Unpacked));
    }
    let mut declared_total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index(index).map_err(|e| PackageError::Unreadable(e.to_string()))?;
        let declared = part.size();
        declared_total = declared_total.saturating_add(declared);
        let packed_tightly =
            declared >= RATIO_CHECKED_FROM_BYTES && declared / part.compressed_size().max(1) > MAX_COMPRESSION_RATIO;
        if packed_tightly || declared_total > MAX_UNPACKED_BYTES {
            return Err(PackageError::Limit(Limit::Unpacked));
        }
    }
    let mut actual_total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index(index).map_err(|e| PackageError::Unreadable(e.to_string()))?;
        let declared = part.size();
        let allowed = MAX_UNPACKED_BYTES - actual_total;
        // One byte more than allowed is enough to know the part lies or the total is over.
        let read = std::io::copy(&mut part.take(allowed.min(declared) + 1), &mut std::io::sink())
            .map_err(|e| PackageError::Unreadable(e.to_string()))?;
        if read > declared || read > allowed {
            return Err(PackageError::Limit(Limit::Unpacked));
        }
        actual_total += read;
    }
    Ok(())
}

/// Why a package was not read.
#[derive(Debug)]
pub(crate) enum PackageError {
    Unreadable(String),
    Limit(Limit),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_are_bounded_each_way_and_by_area() {
        assert_eq!(check_dimensions(100_000, 10), Ok(()));
        assert_eq!(check_dimensions(100_001, 1), Err(Limit::Dimensions));
        assert_eq!(check_dimensions(1, 257), Err(Limit::Dimensions));
        assert_eq!(check_dimensions(10_000, 101), Err(Limit::Dimensions));
        assert_eq!(check_dimensions(1_048_576, 16_384), Err(Limit::Dimensions));
    }
}
