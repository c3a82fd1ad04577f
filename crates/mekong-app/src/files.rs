//! Attached files (presentations, evidence): stored once by their SHA-256 under the data
//! directory, their type sniffed from their content (never trusted from the name or the
//! browser), and their size limited.

use crate::events::Upload;
use crate::{App, AppError};
use mekong_core::events::Document;
use mekong_store::{StoredFile, WriteTxn};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The largest file one upload may attach.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The kinds of file people attach to meetings and reports.
const ACCEPTED_TYPES: [&str; 9] = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "image/png",
    "image/jpeg",
];

/// The content type to serve a stored file with: one of the accepted types, else opaque bytes.
pub fn served_content_type(stored: &str) -> &'static str {
    ACCEPTED_TYPES.iter().copied().find(|t| *t == stored).unwrap_or("application/octet-stream")
}

/// The accepted type a file's content says it is, if any.
pub(crate) fn sniffed_type(bytes: &[u8]) -> Option<&'static str> {
    infer::get(bytes).map(|kind| kind.mime_type()).filter(|mime| ACCEPTED_TYPES.contains(mime))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file name kept for display and download: its last path part, without control characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control() && *c != '"').take(200).collect();
    if cleaned.trim().is_empty() { "document".to_owned() } else { cleaned.trim().to_owned() }
}

impl App {
    fn file_path(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("00");
        self.data_dir.join("files").join(prefix).join(sha256)
    }

    /// Stores an uploaded file and records it in `txn`; `field` names the form field for errors.
    pub(crate) async fn store_file(
        &self,
        txn: &WriteTxn,
        field: &str,
        name: &str,
        bytes: &[u8],
    ) -> Result<Document, AppError> {
        if bytes.is_empty() {
            return Err(AppError::field(field, "error-file-empty"));
        }
        if bytes.len() > MAX_FILE_BYTES {
            return Err(AppError::field(field, "error-file-too-large"));
        }
        let Some(content_type) = sniffed_type(bytes) else {
            return Err(AppError::field(field, "error-file-type"));
        };
        let sha256 = hex(&Sha256::digest(bytes));
        let path = self.file_path(&sha256);
        if tokio::fs::metadata(&path).await.is_err() {
            let dir = path.parent().map(PathBuf::from).unwrap_or_else(|| self.data_dir.clone());
            let temporary = dir.join(format!("{sha256}.part"));
            let write = async {
                tokio::fs::create_dir_all(&dir).await?;
                tokio::fs::write(&temporary, bytes).await?;
                tokio::fs::rename(&temporary, &path).await
            };
            write.await.map_err(|e| AppError::Internal(format!("storing a file: {e}")))?;
        }
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        let stored = StoredFile { sha256: sha256.clone(), content_type: content_type.to_owned(), size };
        txn.insert_file(&stored, self.clock.now()).await?;
        Ok(Document { sha256, name: clean_name(name), content_type: content_type.to_owned(), size })
    }

    /// Stores a form's files (its empty file slots skipped) in `txn`, errors named `documents`.
    pub(crate) async fn store_uploads(&self, txn: &WriteTxn, uploads: &[Upload]) -> Result<Vec<Document>, AppError> {
        let mut documents = Vec::new();
        for upload in uploads.iter().filter(|u| !u.bytes.is_empty()) {
            documents.push(self.store_file(txn, "documents", &upload.name, &upload.bytes).await?);
        }
        Ok(documents)
    }

    /// A stored file's bytes (the caller has checked the reader may see the record it belongs to).
    pub(crate) async fn read_file(&self, sha256: &str) -> Result<(StoredFile, Vec<u8>), AppError> {
        let file = self.store.stored_file(sha256).await?;
        let bytes = tokio::fs::read(self.file_path(&file.sha256))
            .await
            .map_err(|e| AppError::Internal(format!("reading a stored file: {e}")))?;
        Ok((file, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_folders_and_quotes() {
        assert_eq!(clean_name("C:\\Users\\me\\slides \"v2\".pptx"), "slides v2.pptx");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("  "), "document");
    }
}
