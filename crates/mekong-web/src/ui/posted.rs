//! A posted form as the handlers read it: its fields by name, and for a multipart form its
//! files. A form that cannot be read whole is said so, never taken for an empty one: a
//! document silently dropped would be lost without a word.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use mekong_app::events::Upload;

/// The fields of a posted form by name; a repeated field (checkboxes) keeps every value.
pub(crate) struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub(crate) fn get(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }

    pub(crate) fn checked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }

    /// The version the form was read at (0 when missing: then it is stale).
    pub(crate) fn version(&self) -> i32 {
        self.get("version").trim().parse().unwrap_or(0)
    }
}

/// A multipart form: its text fields, the files sent as `files`, and whether some part could
/// not be read (too large, cut off): the handler then refuses it next to the files' field.
pub(crate) struct Posted {
    pub fields: Fields,
    pub uploads: Vec<Upload>,
    pub unreadable: bool,
}

pub(crate) async fn read_multipart(multipart: Result<Multipart, MultipartRejection>, files: &str) -> Posted {
    let mut posted = Posted { fields: Fields(Vec::new()), uploads: Vec::new(), unreadable: false };
    let Ok(mut multipart) = multipart else {
        posted.unreadable = true;
        return posted;
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                posted.unreadable = true;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == files {
            let file = field.file_name().unwrap_or_default().to_owned();
            match field.bytes().await {
                Ok(bytes) => posted.uploads.push(Upload { name: file, bytes: bytes.to_vec() }),
                Err(_) => posted.unreadable = true,
            }
        } else {
            match field.text().await {
                Ok(text) => posted.fields.0.push((name, text)),
                Err(_) => posted.unreadable = true,
            }
        }
    }
    posted
}
