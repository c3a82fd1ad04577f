//! A zip archive of named files, as a person's data is handed to them: one JSON description
//! and the files it lists.

use crate::DocError;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// Writes `files` (name, bytes) into a zip archive, compressed, in the order given.
pub fn write_zip(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, DocError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).map_err(|e| DocError::Write(e.to_string()))?;
        zip.write_all(bytes).map_err(|e| DocError::Write(e.to_string()))?;
    }
    Ok(zip.finish().map_err(|e| DocError::Write(e.to_string()))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_files_come_back_out_unchanged() -> Result<(), Box<dyn std::error::Error>> {
        let files = vec![("data.json".to_owned(), b"{}".to_vec()), ("documents/cv.pdf".to_owned(), b"%PDF".to_vec())];
        let mut archive = zip::ZipArchive::new(Cursor::new(write_zip(&files)?))?;
        let mut read = String::new();
        archive.by_name("documents/cv.pdf")?.read_to_string(&mut read)?;
        assert_eq!((archive.len(), read.as_str()), (2, "%PDF"));
        Ok(())
    }
}
