//! The typst `World` of one render: one template, one data file, the embedded fonts, nothing else.
//!
//! No file system, no network, no packages and no clock: whatever a template asks for beyond its
//! own source and `data.json` is "not found", so a render is reproducible and cannot leak files.

use std::path::PathBuf;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::fonts::EMBEDDED_FONTS;

/// The path, relative to the template, under which the data is served.
pub(crate) const DATA_FILE: &str = "data.json";

/// The standard library is the same for every render; building it takes a few milliseconds.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

pub(crate) struct TemplateWorld {
    main: Source,
    data: Bytes,
}

impl TemplateWorld {
    pub(crate) fn new(main: Source, data: Vec<u8>) -> Self {
        Self { main, data: Bytes::new(data) }
    }

    fn is_data_file(id: FileId) -> bool {
        *id.root() == VirtualRoot::Project && id.vpath().get_without_slash() == DATA_FILE
    }

    fn not_found(id: FileId) -> FileError {
        FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
    }
}

impl World for TemplateWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &EMBEDDED_FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(Self::not_found(id)) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if Self::is_data_file(id) {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.text().to_owned()))
        } else {
            Err(Self::not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        EMBEDDED_FONTS.fonts.get(index).cloned()
    }

    // Dates are formatted by the caller in the reader's language; a template has no clock.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
