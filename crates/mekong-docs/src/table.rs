//! Tables of text as CSV and XLSX, read back whichever the user uploads.

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
            record.map_err(|e| DocError::Unreadable(e.to_string()))?.iter().map(|h| h.trim().to_owned()).collect()
        }
        None => return Err(DocError::Empty),
    };
    let rows = records
        .map(|r| r.map(|record| record.iter().map(readable).collect()).map_err(|e| DocError::Unreadable(e.to_string())))
        .collect::<Result<Vec<Vec<String>>, _>>()?;
    Ok(Table { headers, rows: rows.into_iter().filter(|r| r.iter().any(|c| !c.trim().is_empty())).collect() })
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, DocError> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| DocError::Unreadable(format!("XLSX: {e}")))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| DocError::Unreadable("the workbook has no sheet".into()))?
        .map_err(|e| DocError::Unreadable(format!("XLSX: {e}")))?;
    let cell = |data: &Data| match data {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::DateTime(d) => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        other => other.to_string(),
    };
    let mut rows = range.rows().map(|row| row.iter().map(cell).collect::<Vec<String>>());
    let headers = rows.next().ok_or(DocError::Empty)?.into_iter().map(|h| h.trim().to_owned()).collect();
    Ok(Table { headers, rows: rows.filter(|r| r.iter().any(|c| !c.trim().is_empty())).collect() })
}

/// A cell a spreadsheet program would run as a formula (`=HYPERLINK(...)`) is written as text.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
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
        w.write_record(row.iter().map(|c| inert(c))).map_err(|e| DocError::Write(e.to_string()))
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
        sheet.write_string_with_format(0, column, header, &bold).map_err(error)?;
        sheet.set_column_width(column, 22).map_err(error)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for (column, cell) in (0u16..).zip(cells) {
            sheet.write_string(row, column, cell).map_err(error)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(error)?;
    workbook.save_to_buffer().map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
