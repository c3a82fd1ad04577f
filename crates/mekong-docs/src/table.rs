//! Tables of text as CSV and XLSX, read back whichever the user uploads.

use crate::limits::{self, Limit};
use std::io::Cursor;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DocError {
    #[error("the file is empty")]
    Empty,
    #[error("not a CSV or XLSX file: {0}")]
    Unreadable(String),
    #[error("could not write the file: {0}")]
    Write(String),
    #[error("the file is over a limit: {0:?}")]
    TooLarge(Limit),
}

/// A header row and data rows, every cell as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads an uploaded CSV (comma or semicolon separated, UTF-8, with or without BOM) or XLSX
/// (its first sheet), telling them apart by content, not by name.
pub fn read_table(bytes: &[u8]) -> Result<Table, DocError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DocError::Empty);
    }
    let table = if bytes.starts_with(b"PK\x03\x04") { read_xlsx(bytes)? } else { read_csv(bytes)? };
    if table.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(DocError::Empty);
    }
    Ok(table)
}

fn read_csv(bytes: &[u8]) -> Result<Table, DocError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| DocError::Unreadable("the CSV is not UTF-8 text".into()))?;
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(bytes);
    let mut records = reader.records();
    let headers = match records.next() {
        Some(record) => {
            let record = record.map_err(|e| DocError::Unreadable(e.to_string()))?;
            limits::check_dimensions(1, record.len() as u64).map_err(DocError::TooLarge)?;
            record.iter().map(|h| h.trim().to_owned()).collect()
        }
        None => return Err(DocError::Empty),
    };
    let headers: Vec<String> = headers;
    let mut rows = Vec::new();
    let mut widest = headers.len() as u64;
    for (count, record) in (2u64..).zip(records) {
        let record = record.map_err(|e| DocError::Unreadable(e.to_string()))?;
        widest = widest.max(record.len() as u64);
        limits::check_dimensions(count, widest).map_err(DocError::TooLarge)?;
        let row: Vec<String> = record.iter().map(readable).collect();
        if row.iter().any(|c| !c.trim().is_empty()) {
            rows.push(row);
        }
    }
    Ok(Table { headers, rows })
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, DocError> {
    use calamine::{Data, Reader, Xlsx};
    limits::check_package(bytes).map_err(|e| match e {
        limits::PackageError::Limit(limit) => DocError::TooLarge(limit),
        limits::PackageError::Unreadable(e) => DocError::Unreadable(format!("XLSX: {e}")),
    })?;
    let unreadable = |e: calamine::XlsxError| DocError::Unreadable(format!("XLSX: {e}"));
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let first_sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| DocError::Unreadable("the workbook has no sheet".into()))?;
    // Cells are streamed one by one (never a dense range calamine would size from the positions),
    // so a far-away cell costs nothing before the rectangle it implies is checked.
    let mut reader = workbook.worksheet_cells_reader(&first_sheet).map_err(unreadable)?;
    let declared = reader.dimensions();
    if declared.end >= declared.start && declared != calamine::Dimensions::default() {
        let rows = u64::from(declared.end.0 - declared.start.0) + 1;
        let columns = u64::from(declared.end.1 - declared.start.1) + 1;
        limits::check_dimensions(rows, columns).map_err(DocError::TooLarge)?;
    }
    let mut cells = Vec::new();
    let (mut top, mut left, mut bottom, mut right) = (u32::MAX, u32::MAX, 0u32, 0u32);
    while let Some(found) = reader.next_cell().map_err(unreadable)? {
        let data = Data::from(found.get_value().clone());
        if matches!(data, Data::Empty) {
            continue;
        }
        let (row, column) = found.get_position();
        (top, left, bottom, right) = (top.min(row), left.min(column), bottom.max(row), right.max(column));
        let rows = u64::from(bottom - top) + 1;
        let columns = u64::from(right - left) + 1;
        limits::check_dimensions(rows, columns).map_err(DocError::TooLarge)?;
        cells.push((row, column, xlsx_cell(&data)));
    }
    if cells.is_empty() {
        return Err(DocError::Empty);
    }
    let width = (right - left) as usize + 1;
    let mut grid = vec![vec![String::new(); width]; (bottom - top) as usize + 1];
    for (row, column, text) in cells {
        if let Some(slot) = grid.get_mut((row - top) as usize).and_then(|r| r.get_mut((column - left) as usize)) {
            *slot = text;
        }
    }
    let mut rows = grid.into_iter();
    let headers = rows.next().ok_or(DocError::Empty)?.into_iter().map(|h| h.trim().to_owned()).collect();
    Ok(Table { headers, rows: rows.filter(|r| r.iter().any(|c| !c.trim().is_empty())).collect() })
}

/// One XLSX cell as the text a person typed: whole numbers without `.0`, dates as ISO dates.
fn xlsx_cell(data: &calamine::Data) -> String {
    use calamine::Data;
    match data {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        // A number cell is exact: written so no language reads its dot as thousands (`1.234`
        // is 1234 in Vietnamese), as mekong-core's `numbers::format_for_input` writes values.
        Data::Float(f) => {
            let mut text = format!("{f}");
            if text
                .split_once('.')
                .is_some_and(|(whole, fraction)| fraction.len() == 3 && whole.trim_start_matches('-') != "0")
            {
                text.push('0');
            }
            text
        }
        Data::DateTime(d) => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        other => other.to_string(),
    }
}

/// A cell a spreadsheet program would run as a formula (`=HYPERLINK(...)`) is written as text.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
}

/// The most a spreadsheet cell holds, in UTF-16 code units (Excel's limit; rust_xlsxwriter
/// refuses the whole workbook past it, and Excel cuts a CSV's cell there).
pub const MAX_CELL_UNITS: usize = 32_767;

/// A cell cut to `MAX_CELL_UNITS`, ending in `…` when it was cut, so that one 40,000-character
/// name cannot fail a whole export.
fn within_cell_limit(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.len() <= MAX_CELL_UNITS || cell.encode_utf16().count() <= MAX_CELL_UNITS {
        return cell.into();
    }
    let mut units = 0;
    let mut cut: String = cell
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units < MAX_CELL_UNITS
        })
        .collect();
    cut.push('…');
    cut.into()
}

/// A cell as written by `inert`, read back as it was.
fn readable(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// The table as CSV, UTF-8 with a BOM so that spreadsheet programs read Khmer and Lao right.
pub fn write_csv(table: &Table) -> Result<Vec<u8>, DocError> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let write = |w: &mut csv::Writer<Vec<u8>>, row: &[String]| {
        w.write_record(row.iter().map(|c| inert(&within_cell_limit(c)))).map_err(|e| DocError::Write(e.to_string()))
    };
    write(&mut writer, &table.headers)?;
    for row in &table.rows {
        write(&mut writer, row)?;
    }
    writer.into_inner().map_err(|e| DocError::Write(e.to_string()))
}

/// The table as an XLSX workbook of one sheet, headers in bold and frozen.
pub fn write_xlsx(table: &Table, sheet_name: &str) -> Result<Vec<u8>, DocError> {
    use rust_xlsxwriter::{Format, Workbook};
    let error = |e: rust_xlsxwriter::XlsxError| DocError::Write(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).map_err(error)?;
    let bold = Format::new().set_bold();
    for (column, header) in (0u16..).zip(&table.headers) {
        sheet.write_string_with_format(0, column, within_cell_limit(header), &bold).map_err(error)?;
        sheet.set_column_width(column, 22).map_err(error)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for (column, cell) in (0u16..).zip(cells) {
            sheet.write_string(row, column, within_cell_limit(cell)).map_err(error)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(error)?;
    workbook.save_to_buffer().map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::{dimension_bomb, lying_bomb, zip_bomb};

    fn sample() -> Table {
        Table {
            headers: vec!["name".into(), "local".into()],
            rows: vec![vec!["Phnom Penh".into(), "ភ្នំពេញ".into()], vec!["Vientiane".into(), "ວຽງຈັນ".into()]],
        }
    }

    #[test]
    fn csv_round_trips_khmer_and_lao() -> Result<(), DocError> {
        assert_eq!(read_table(&write_csv(&sample())?)?, sample());
        Ok(())
    }

    #[test]
    fn xlsx_round_trips_khmer_and_lao() -> Result<(), DocError> {
        assert_eq!(read_table(&write_xlsx(&sample(), "People")?)?, sample());
        Ok(())
    }

    #[test]
    fn formulas_are_written_as_text() -> Result<(), DocError> {
        let table = Table {
            headers: vec!["name".into()],
            rows: vec![vec!["=HYPERLINK(\"http://x\")".into()], vec!["+855 12".into()]],
        };
        let written = String::from_utf8_lossy(&write_csv(&table)?).into_owned();
        assert!(written.contains("\"'=HYPERLINK(") && written.contains("'+855 12"), "{written}");
        let back = read_table(written.as_bytes())?;
        assert_eq!(back, table, "read back as it was");
        Ok(())
    }

    #[test]
    fn semicolons_and_bad_input() -> Result<(), DocError> {
        let table = read_table("name;email\nHuế;a@b.vn\n\n".as_bytes())?;
        assert_eq!(table.rows, vec![vec!["Huế".to_owned(), "a@b.vn".to_owned()]]);
        assert_eq!(read_table(b"  \n"), Err(DocError::Empty));
        assert!(matches!(read_table(&[0xff, 0xfe, 0x00, 0x41]), Err(DocError::Unreadable(_))));
        assert!(matches!(read_table(b"PK\x03\x04garbage"), Err(DocError::Unreadable(_))));
        Ok(())
    }

    /// The report: a 40,000-character name from the public form failed the participants' export.
    #[test]
    fn cells_past_excels_limit_are_cut_not_fatal() -> Result<(), DocError> {
        let long = "ស".repeat(40_000);
        let table = Table { headers: vec!["name".into()], rows: vec![vec![long.clone()], vec!["Huế".into()]] };
        for written in [write_xlsx(&table, "People")?, write_csv(&table)?] {
            let back = read_table(&written)?;
            let cut = &back.rows[0][0];
            assert_eq!(cut.encode_utf16().count(), MAX_CELL_UNITS);
            assert!(cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')));
            assert_eq!(back.rows[1][0], "Huế");
        }
        let emoji = "😀".repeat(20_000);
        let cut = within_cell_limit(&emoji);
        assert!(cut.encode_utf16().count() <= MAX_CELL_UNITS, "no surrogate pair split");
        Ok(())
    }

    #[test]
    fn a_far_away_cell_is_refused_before_anything_is_allocated() -> Result<(), Box<dyn std::error::Error>> {
        let bomb = dimension_bomb()?;
        assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
        assert_eq!(read_table(&bomb), Err(DocError::TooLarge(Limit::Dimensions)));
        Ok(())
    }

    #[test]
    fn a_package_of_zeros_is_refused_from_its_declared_sizes() -> Result<(), Box<dyn std::error::Error>> {
        let bomb = zip_bomb(100)?;
        assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
        assert_eq!(read_table(&bomb), Err(DocError::TooLarge(Limit::Unpacked)));
        Ok(())
    }

    #[test]
    fn a_package_that_lies_about_its_sizes_is_refused_while_unpacking() -> Result<(), Box<dyn std::error::Error>> {
        let bomb = lying_bomb(80)?;
        let refused = read_table(&bomb);
        assert!(
            matches!(refused, Err(DocError::TooLarge(Limit::Unpacked)) | Err(DocError::Unreadable(_))),
            "{refused:?}"
        );
        Ok(())
    }

    #[test]
    fn csv_over_the_row_or_column_limit_is_refused() {
        let wide = (0..300).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
        assert_eq!(read_table(wide.as_bytes()), Err(DocError::TooLarge(Limit::Dimensions)));
        let long = format!("name\n{}", "x\n".repeat(limits::MAX_ROWS as usize));
        assert_eq!(read_table(long.as_bytes()), Err(DocError::TooLarge(Limit::Dimensions)));
        let fits = format!("name\n{}", "x\n".repeat(limits::MAX_ROWS as usize - 1));
        assert_eq!(read_table(fits.as_bytes()).map(|t| t.rows.len()), Ok(limits::MAX_ROWS as usize - 1));
    }

    #[test]
    fn a_sheet_starting_away_from_a1_reads_from_its_first_cell() -> Result<(), Box<dyn std::error::Error>> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(3, 2, "name")?;
        sheet.write_string(4, 2, "Huế")?;
        sheet.write_number(4, 3, 12.0)?;
        let table = read_table(&workbook.save_to_buffer()?)?;
        assert_eq!(table.headers, vec!["name".to_owned(), String::new()]);
        assert_eq!(table.rows, vec![vec!["Huế".to_owned(), "12".to_owned()]]);
        Ok(())
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Cell text with what breaks writers: separators, quotes, line breaks, formula marks,
        /// Khmer and Lao, Vietnamese tones.
        fn cell() -> impl Strategy<Value = String> {
            // A visible first character (a row of blanks is dropped), sometimes a formula mark.
            ("[x=+@-]", "[a-zA-Z0-9 ,;\"'=+@\n\u{1780}-\u{17B3}\u{0E81}-\u{0EAE}ếđ-]{0,12}")
                .prop_map(|(first, rest)| format!("{first}{rest}"))
        }

        fn table() -> impl Strategy<Value = Table> {
            (1usize..5).prop_flat_map(|width| {
                let header = "[a-z_]{1,10}";
                (
                    proptest::collection::vec(header, width),
                    proptest::collection::vec(proptest::collection::vec(cell(), width), 0..8),
                )
                    .prop_map(|(headers, rows)| Table { headers, rows })
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

            /// Any file is read or refused with a reason; the reader never panics.
            #[test]
            fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
                let _ = read_table(&bytes);
                let mut zip = b"PK\x03\x04".to_vec();
                zip.extend(&bytes);
                let _ = read_table(&zip);
            }

            /// A workbook damaged anywhere is read or refused, never a panic or a runaway.
            #[test]
            fn damaged_workbooks_are_read_or_refused(at in any::<prop::sample::Index>(), byte in any::<u8>()) {
                let mut bytes = write_xlsx(&Table { headers: vec!["name".into()], rows: vec![vec!["Huế".into()]] }, "S")
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                let at = at.index(bytes.len());
                if let Some(b) = bytes.get_mut(at) {
                    *b = byte;
                }
                let _ = read_table(&bytes);
            }

            /// What Mekong writes, it reads back as it was, in both formats.
            #[test]
            fn written_tables_round_trip(table in table()) {
                let csv = write_csv(&table).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(read_table(&csv).map_err(|e| TestCaseError::fail(e.to_string()))?, table.clone());
                let xlsx = write_xlsx(&table, "S").map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(read_table(&xlsx).map_err(|e| TestCaseError::fail(e.to_string()))?, table);
            }
        }
    }
}
