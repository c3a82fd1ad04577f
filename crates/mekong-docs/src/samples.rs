//! Hostile files for tests, here so that the reader's own tests and the integration tests
//! (through the `samples` feature) throw the same ones at it.

use crate::{Table, write_xlsx};
use std::io::{Cursor, Write};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const ZEROS_PART: &str = "xl/media/zeros.bin";

fn small_table() -> Table {
    Table { headers: vec!["name".into()], rows: vec![vec!["Huế".into()]] }
}

/// The 1.5 KB workbook of the report: one cell at `A1`, one at `XFD1048576`.
pub fn dimension_bomb() -> Result<Vec<u8>> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "indicator_code")?;
    sheet.write_string(1_048_575, 16_383, "far")?;
    Ok(workbook.save_to_buffer()?)
}

/// A real workbook followed by `megabytes` of zeros in one more part.
pub fn zip_bomb(megabytes: usize) -> Result<Vec<u8>> {
    with_zeros(write_xlsx(&small_table(), "Values")?, megabytes)
}

/// A real DOCX (a sniffer takes it for one) followed by `megabytes` of zeros in one more part.
pub fn docx_bomb(megabytes: usize) -> Result<Vec<u8>> {
    with_zeros(crate::plain_docx("Bomb", &["zeros follow"])?, megabytes)
}

fn with_zeros(package: Vec<u8>, megabytes: usize) -> Result<Vec<u8>> {
    let mut source = zip::ZipArchive::new(Cursor::new(package))?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..source.len() {
        writer.raw_copy_file(source.by_index(index)?)?;
    }
    let options = zip::write::SimpleFileOptions::default().large_file(megabytes >= 4096);
    writer.start_file(ZEROS_PART, options)?;
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..megabytes {
        writer.write_all(&zeros)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// `zip_bomb` whose zeros part declares 1,000 bytes unpacked, in both of the zip's headers.
pub fn lying_bomb(megabytes: usize) -> Result<Vec<u8>> {
    let mut bytes = zip_bomb(megabytes)?;
    let name = ZEROS_PART.as_bytes();
    let declared = 1_000u32.to_le_bytes();
    // Local header: signature PK\x03\x04, size at 22, name at 30; central: PK\x01\x02, 24 and 46.
    for (signature, size_at, name_at) in [(b"PK\x03\x04", 22usize, 30usize), (b"PK\x01\x02", 24, 46)] {
        let header = (0..bytes.len().saturating_sub(name_at + name.len()))
            .find(|&i| {
                bytes.get(i..i + 4) == Some(signature) && bytes.get(i + name_at..i + name_at + name.len()) == Some(name)
            })
            .ok_or("no header for the zeros part")?;
        bytes.splice(header + size_at..header + size_at + 4, declared);
    }
    Ok(bytes)
}
