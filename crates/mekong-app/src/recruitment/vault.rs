//! The sensitive file store: applicants' documents, encrypted at rest, apart from the shared
//! content-addressed store. Each file is sealed with ChaCha20-Poly1305 under a key derived from
//! the deployment's secret key (from configuration), with a random nonce of its own and the
//! document's id as associated data, so a file moved onto another record does not open. The
//! key's id is stored with each document.

use crate::{App, AppError};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use mekong_core::ids::ApplicationDocumentId;
use mekong_core::recruitment::ApplicationDocument;
use std::path::PathBuf;

/// The largest document one upload may hold.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of file an application may hold: PDF, word-processor files and scans.
const ACCEPTED_TYPES: [&str; 5] = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "image/png",
    "image/jpeg",
];

const NONCE_BYTES: usize = 12;

/// A document checked for upload: its type read from its content, never from its name.
#[derive(Debug, Clone)]
pub struct CheckedUpload {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Checks an uploaded document's size and type; `field` names the form field for errors.
pub fn check_upload(field: &str, name: &str, bytes: Vec<u8>) -> Result<CheckedUpload, AppError> {
    if bytes.is_empty() {
        return Err(AppError::field(field, "error-file-empty"));
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(AppError::field(field, "error-file-too-large"));
    }
    let sniffed = infer::get(&bytes).map(|kind| kind.mime_type());
    let Some(content_type) = ACCEPTED_TYPES.iter().copied().find(|t| Some(*t) == sniffed) else {
        return Err(AppError::field(field, "error-file-type"));
    };
    Ok(CheckedUpload { name: clean_name(name), content_type, bytes })
}

/// A file name kept for display: its last path part, without control characters or quotes.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control() && *c != '"').take(200).collect();
    if cleaned.trim().is_empty() { "document".to_owned() } else { cleaned.trim().to_owned() }
}

impl App {
    fn vault_path(&self, id: ApplicationDocumentId) -> PathBuf {
        let name = id.0.simple().to_string();
        let prefix = name.get(name.len().saturating_sub(2)..).unwrap_or("00").to_owned();
        self.data_dir.join("sensitive").join(prefix).join(name)
    }

    /// Encrypts `bytes` to the sensitive store under `id`; returns the key's id.
    pub(crate) async fn seal_document(&self, id: ApplicationDocumentId, bytes: &[u8]) -> Result<String, AppError> {
        let (key, key_id) = self.deployment_key.document_key();
        let cipher = ChaCha20Poly1305::new(&Key::from(key));
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        let sealed = cipher
            .encrypt(&Nonce::from(nonce), Payload { msg: bytes, aad: id.0.as_bytes() })
            .map_err(|_| AppError::Internal("encrypting a document".into()))?;
        let path = self.vault_path(id);
        let dir = path.parent().map(PathBuf::from).unwrap_or_else(|| self.data_dir.clone());
        let temporary = dir.join(format!("{}.part", id.0.simple()));
        let mut content = nonce.to_vec();
        content.extend_from_slice(&sealed);
        let write = async {
            tokio::fs::create_dir_all(&dir).await?;
            tokio::fs::write(&temporary, &content).await?;
            tokio::fs::rename(&temporary, &path).await
        };
        write.await.map_err(|e| AppError::Internal(format!("storing a document: {e}")))?;
        Ok(key_id)
    }

    /// Decrypts a document's bytes (the caller has checked the reader may open it, and records
    /// the opening).
    pub(crate) async fn unseal_document(&self, document: &ApplicationDocument) -> Result<Vec<u8>, AppError> {
        let (key, key_id) = self.deployment_key.document_key();
        if key_id != document.key_id {
            return Err(AppError::Internal(format!(
                "document {} was sealed under key {}, the configured key is {key_id}",
                document.id, document.key_id
            )));
        }
        let content = tokio::fs::read(self.vault_path(document.id))
            .await
            .map_err(|e| AppError::Internal(format!("reading a document: {e}")))?;
        let (nonce, sealed) =
            content.split_at_checked(NONCE_BYTES).ok_or(AppError::Internal("a truncated document".into()))?;
        let nonce: [u8; NONCE_BYTES] =
            nonce.try_into().map_err(|_| AppError::Internal("a truncated document".into()))?;
        let cipher = ChaCha20Poly1305::new(&Key::from(key));
        cipher
            .decrypt(&Nonce::from(nonce), Payload { msg: sealed, aad: document.id.0.as_bytes() })
            .map_err(|_| AppError::Internal(format!("document {} does not open under its key", document.id)))
    }

    /// Removes a document's encrypted bytes (a replaced or erased document); gone already is fine.
    pub(crate) async fn discard_document(&self, id: ApplicationDocumentId) -> Result<(), AppError> {
        match tokio::fs::remove_file(self.vault_path(id)).await {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(AppError::Internal(format!("removing a document: {error}"))),
        }
    }

    /// Where a document's encrypted bytes lie (for tests that read the disk).
    pub fn sealed_document_path(&self, id: ApplicationDocumentId) -> PathBuf {
        self.vault_path(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_content() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n".to_vec();
        assert!(check_upload("cv", "cv.pdf", pdf.clone()).is_ok());
        assert!(check_upload("cv", "cv.pdf", b"MZ\x90\x00 not a pdf".to_vec()).is_err());
        assert!(check_upload("cv", "cv.pdf", Vec::new()).is_err());
        assert_eq!(check_upload("cv", "../../x/\"cv\".pdf", pdf).map(|u| u.name).ok(), Some("cv.pdf".to_owned()));
    }
}
