//! The network's documents library: studies, toolkits, presentations and reports, each with
//! its title per language, its metadata (themes, cities, language, year, author organisation),
//! who may read it (its audience), its versions (earlier ones kept), and the events and good
//! practices it belongs to. Who reads what is decided by the policy from the audience and the
//! cities; the rules of a valid document and of a new version are here.

use crate::Lang;
use crate::directory::CityCode;
use crate::events::Document;
use crate::ids::{EventId, LibraryDocumentId};
use crate::text::Text;
use crate::validation::FieldErrors;
use crate::vocabulary::{Theme, coded_enum};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// What a library document is.
    DocumentKind {
        Study = "study",
        Toolkit = "toolkit",
        Presentation = "presentation",
        Report = "report",
    }
);

coded_enum!(
    /// Who may read a document.
    Audience {
        /// Anyone, signed in or not.
        Public = "public",
        /// The network's members: staff, partners, and focal points (only their own cities'
        /// documents when the document names cities).
        Network = "network",
        /// The network's staff only.
        Staff = "staff",
    }
);

/// The years a document may carry: the network's documents, old reports included.
pub const YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;
/// Themes, cities, events or practices one document may name.
pub const MAX_LINKS: usize = 50;

/// One uploaded file of a document; a new version never replaces an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentVersion {
    /// From 1.
    pub number: u32,
    pub file: Document,
    /// What changed, in the uploader's words.
    pub note: String,
    pub uploaded_by: String,
    pub uploaded_at: Timestamp,
}

/// A document of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryDocument {
    pub id: LibraryDocumentId,
    pub title: Text,
    pub kind: DocumentKind,
    pub themes: Vec<Theme>,
    pub cities: Vec<CityCode>,
    /// The language the document is written in.
    pub language: Lang,
    pub year: i32,
    /// The organisation that wrote it.
    pub organisation: String,
    pub audience: Audience,
    /// Oldest first; never empty once saved.
    pub versions: Vec<DocumentVersion>,
    pub events: Vec<EventId>,
    /// Good practices it documents, by id (the practices area keeps them).
    pub practices: Vec<uuid::Uuid>,
    pub version: i32,
}

impl LibraryDocument {
    /// Checks what the uploader typed.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.title.is_empty() {
            errors.add("title", "error-required");
        }
        if !YEARS.contains(&self.year) {
            errors.add("year", "error-documents-year");
        }
        if self.themes.len() > MAX_LINKS || self.cities.len() > MAX_LINKS {
            errors.add("themes", "error-documents-too-many");
        }
        if self.events.len() > MAX_LINKS || self.practices.len() > MAX_LINKS {
            errors.add("events", "error-documents-too-many");
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The version read and downloaded by default: the newest.
    pub fn current(&self) -> Option<&DocumentVersion> {
        self.versions.last()
    }

    /// Adds `file` as the next version.
    pub fn add_version(&mut self, file: Document, note: String, by: String, at: Timestamp) {
        let number = self.versions.last().map_or(1, |v| v.number + 1);
        self.versions.push(DocumentVersion { number, file, note, uploaded_by: by, uploaded_at: at });
    }

    /// The countries of its cities, once each.
    pub fn countries(&self) -> Vec<String> {
        let mut countries: Vec<String> =
            self.cities.iter().filter_map(CityCode::country).map(|c| c.iso2().to_owned()).collect();
        countries.sort();
        countries.dedup();
        countries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> LibraryDocument {
        LibraryDocument {
            id: LibraryDocumentId::new(),
            title: Text::new().with(Lang::Fr, "Étude"),
            kind: DocumentKind::Study,
            themes: vec![Theme::Heritage],
            cities: Vec::new(),
            language: Lang::Fr,
            year: 2026,
            organisation: String::new(),
            audience: Audience::Public,
            versions: Vec::new(),
            events: Vec::new(),
            practices: Vec::new(),
            version: 1,
        }
    }

    fn file(sha: &str) -> Document {
        Document { sha256: sha.into(), name: "a.pdf".into(), content_type: "application/pdf".into(), size: 1 }
    }

    #[test]
    fn versions_are_numbered_in_order_and_the_newest_is_current() {
        let mut doc = document();
        doc.add_version(file("a"), String::new(), "x".into(), Timestamp::UNIX_EPOCH);
        doc.add_version(file("b"), "fixed".into(), "x".into(), Timestamp::UNIX_EPOCH);
        assert_eq!(doc.versions.iter().map(|v| v.number).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(doc.current().map(|v| v.file.sha256.as_str()), Some("b"));
    }

    #[test]
    fn a_title_and_a_plausible_year_are_needed() {
        let mut doc = document();
        assert!(doc.check().is_ok());
        doc.title = Text::new();
        doc.year = 20_026;
        let errors = doc.check().err().unwrap_or_default();
        assert!(errors.for_field("title").is_some() && errors.for_field("year").is_some());
    }
}
