//! The text of an uploaded document, for the search index: PDF through lopdf (no program of the
//! machine is needed at run time), DOCX, XLSX, PPTX and the OpenDocument formats through their
//! XML. Every read is bounded: the package is checked by `limits::check_package` before any part
//! is unpacked (a zip of zeros is refused from what it declares, and again from what it really
//! holds), a PDF's streams are decompressed up to a cap, and the text kept is cut at
//! [`MAX_TEXT_CHARS`]. Time is bounded by the caller (a file is at most 20 MB when it gets here).

use crate::limits::{self, PackageError};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// Characters of text kept per document: enough for a long study, not a whole archive.
pub const MAX_TEXT_CHARS: usize = 200_000;
/// Pages of a PDF read for text.
pub const MAX_PDF_PAGES: u32 = 500;
/// Bytes a PDF's content streams may decompress to, in all.
pub const MAX_PDF_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Bytes one XML part may unpack to before it is read (the package check bounds the total too).
const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// Why no text came out of a file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    /// Not a file of its type, or damaged.
    #[error("the document cannot be read: {0}")]
    Unreadable(String),
    /// Unpacks to too much, or is packed too tightly to be an ordinary document.
    #[error("the document unpacks to more than the limits allow")]
    TooLarge,
}

/// The text of a document of `content_type` (as sniffed from its bytes), or none for a type
/// that holds no text (an image).
pub fn extract_text(content_type: &str, bytes: &[u8]) -> Result<Option<String>, ExtractError> {
    let text = match content_type {
        "application/pdf" => pdf_text(bytes)?,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            package_text(bytes, |name| name == "word/document.xml" || name.starts_with("word/footnotes"), &OOXML)?
        }
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => package_text(
            bytes,
            |name| name == "xl/sharedStrings.xml" || (name.starts_with("xl/worksheets/") && name.ends_with(".xml")),
            &OOXML,
        )?,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => {
            package_text(bytes, |name| name.starts_with("ppt/slides/slide") && name.ends_with(".xml"), &OOXML)?
        }
        "application/vnd.oasis.opendocument.text"
        | "application/vnd.oasis.opendocument.spreadsheet"
        | "application/vnd.oasis.opendocument.presentation" => {
            package_text(bytes, |name| name == "content.xml", &OPEN_DOCUMENT)?
        }
        _ => return Ok(None),
    };
    Ok(Some(text))
}

fn pdf_text(bytes: &[u8]) -> Result<String, ExtractError> {
    let document = lopdf::Document::load_mem(bytes).map_err(|e| ExtractError::Unreadable(e.to_string()))?;
    let pages: Vec<u32> = document.get_pages().keys().copied().take_while(|n| *n <= MAX_PDF_PAGES).collect();
    let mut text = String::new();
    for page in pages {
        // A page whose text cannot be decoded (an unusual font encoding) loses its text only.
        if let Ok(page_text) = document.extract_text_with_limit(&[page], MAX_PDF_STREAM_BYTES) {
            push_bounded(&mut text, &page_text);
            push_bounded(&mut text, "\n");
        }
        if text.chars().count() >= MAX_TEXT_CHARS {
            break;
        }
    }
    Ok(normalise(&text))
}

/// How the XML of a package's format carries its text.
struct Dialect {
    /// Text is kept only inside elements of these local names (`None`: all text is kept).
    text_in: Option<&'static [&'static [u8]]>,
    /// Elements whose end (or empty form) separates words: paragraphs, cells, spaces, tabs.
    separators: &'static [&'static [u8]],
}

/// Word, Excel and PowerPoint: `w:t`, `a:t` and a sheet's `t`, runs of one paragraph joined.
const OOXML: Dialect = Dialect { text_in: Some(&[b"t"]), separators: &[b"p", b"si", b"is", b"tab", b"br", b"c"] };
/// OpenDocument: all the body's text, `text:s` and `text:tab` being spaces.
const OPEN_DOCUMENT: Dialect =
    Dialect { text_in: None, separators: &[b"p", b"h", b"s", b"tab", b"line-break", b"table-cell"] };

fn package_text(bytes: &[u8], wanted: impl Fn(&str) -> bool, dialect: &Dialect) -> Result<String, ExtractError> {
    limits::check_package(bytes).map_err(|error| match error {
        PackageError::Unreadable(why) => ExtractError::Unreadable(why),
        PackageError::Limit(_) => ExtractError::TooLarge,
    })?;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ExtractError::Unreadable(e.to_string()))?;
    let mut names: Vec<String> =
        archive.file_names().filter_map(|name| name.ok().map(|n| n.into_owned())).filter(|name| wanted(name)).collect();
    // Slides and sheets in their order (slide2 before slide10).
    names.sort_by_key(|name| (name.len(), name.clone()));
    let mut text = String::new();
    for name in names {
        let part = archive.by_name(&name).map_err(|e| ExtractError::Unreadable(e.to_string()))?;
        let mut xml = Vec::new();
        part.take(MAX_PART_BYTES + 1).read_to_end(&mut xml).map_err(|e| ExtractError::Unreadable(e.to_string()))?;
        if u64::try_from(xml.len()).unwrap_or(u64::MAX) > MAX_PART_BYTES {
            return Err(ExtractError::TooLarge);
        }
        xml_text(&xml, dialect, &mut text)?;
        push_bounded(&mut text, "\n");
        if text.chars().count() >= MAX_TEXT_CHARS {
            break;
        }
    }
    Ok(normalise(&text))
}

fn xml_text(xml: &[u8], dialect: &Dialect, text: &mut String) -> Result<(), ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut inside_text = 0usize;
    let mut buffer = Vec::new();
    let kept = |name: &[u8]| dialect.text_in.is_some_and(|names| names.contains(&name));
    loop {
        match reader.read_event_into(&mut buffer).map_err(|e| ExtractError::Unreadable(e.to_string()))? {
            Event::Start(element) if kept(element.local_name().as_ref()) => inside_text += 1,
            Event::End(element) => {
                let name = element.local_name();
                if kept(name.as_ref()) {
                    inside_text = inside_text.saturating_sub(1);
                }
                if dialect.separators.contains(&name.as_ref()) {
                    push_bounded(text, " ");
                }
            }
            Event::Empty(element) if dialect.separators.contains(&element.local_name().as_ref()) => {
                push_bounded(text, " ");
            }
            Event::Text(content) if dialect.text_in.is_none() || inside_text > 0 => {
                let decoded = content.decode().map_err(|e| ExtractError::Unreadable(e.to_string()))?;
                push_bounded(text, &decoded);
            }
            Event::GeneralRef(reference) if dialect.text_in.is_none() || inside_text > 0 => {
                if let Ok(Some(character)) = reference.resolve_char_ref() {
                    push_bounded(text, character.encode_utf8(&mut [0; 4]));
                } else if let Ok(name) = reference.decode()
                    && let Some(resolved) = quick_xml::escape::resolve_xml_entity(&name)
                {
                    push_bounded(text, resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if text.len() >= MAX_TEXT_CHARS * 4 {
            break;
        }
        buffer.clear();
    }
    Ok(())
}

/// Appends while the text stays under the cap (counted in bytes, four per character at most).
fn push_bounded(text: &mut String, more: &str) {
    let room = (MAX_TEXT_CHARS * 4).saturating_sub(text.len());
    if room == 0 {
        return;
    }
    let mut end = more.len().min(room);
    while !more.is_char_boundary(end) {
        end -= 1;
    }
    text.push_str(more.get(..end).unwrap_or_default());
}

/// One space between words, lines kept, at most [`MAX_TEXT_CHARS`] characters.
fn normalise(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n").chars().take(MAX_TEXT_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples;

    const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    #[test]
    fn a_docx_gives_its_paragraphs_in_every_script() -> Result<(), Box<dyn std::error::Error>> {
        let bytes = crate::plain_docx(
            "Étude sur l'eau",
            &["La gestion de l'eau à Huế.", "ក្រុងភ្នំពេញជារាជធានីនៃប្រទេសកម្ពុជា", "ນະຄອນຫຼວງວຽງຈັນ"],
        )?;
        let text = extract_text(DOCX, &bytes)?.ok_or("no text")?;
        assert!(text.contains("Étude sur l'eau"), "{text}");
        assert!(text.contains("La gestion de l'eau à Huế."), "{text}");
        assert!(text.contains("ក្រុងភ្នំពេញជារាជធានីនៃប្រទេសកម្ពុជា"), "{text}");
        assert!(text.contains("ນະຄອນຫຼວງວຽງຈັນ"), "{text}");
        Ok(())
    }

    #[test]
    fn a_pdf_gives_its_lines_with_their_accents() -> Result<(), Box<dyn std::error::Error>> {
        let pdf = crate::plain_pdf("Étude des crues", &["La ville de Huế prépare", "ses digues (2026)."]);
        let text = extract_text("application/pdf", &pdf)?.ok_or("no text")?;
        assert!(text.contains("Étude des crues"), "{text}");
        assert!(text.contains("prépare") && text.contains("digues (2026)."), "{text}");
        assert!(!text.contains("préparesses"), "lines keep a space between them: {text}");
        Ok(())
    }

    #[test]
    fn an_xlsx_gives_its_cells() -> Result<(), Box<dyn std::error::Error>> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "Drainage")?;
        sheet.write_string(1, 0, "ວຽງຈັນ")?;
        sheet.write_number(1, 1, 42.0)?;
        let text = extract_text(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &workbook.save_to_buffer()?,
        )?
        .ok_or("no text")?;
        assert!(text.contains("Drainage") && text.contains("ວຽງຈັນ"), "{text}");
        Ok(())
    }

    #[test]
    fn an_odt_gives_its_body_with_spaces_where_it_says() -> Result<(), Box<dyn std::error::Error>> {
        let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h>Patrimoine</text:h><text:p>Hội<text:s/>An &amp; Luang Prabang</text:p></office:text></office:body></office:document-content>"#;
        let bytes = crate::archive::write_zip(&[
            ("mimetype".into(), b"application/vnd.oasis.opendocument.text".to_vec()),
            ("content.xml".into(), content.as_bytes().to_vec()),
        ])?;
        let text = extract_text("application/vnd.oasis.opendocument.text", &bytes)?.ok_or("no text")?;
        assert_eq!(text, "Patrimoine Hội An & Luang Prabang");
        Ok(())
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_unpacked() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(extract_text(DOCX, &samples::docx_bomb(20)?), Err(ExtractError::TooLarge));
        // A part that lies about its size is caught while streamed, by the limit or by the zip
        // reader itself: refused either way, memory bounded.
        assert!(extract_text(DOCX, &samples::lying_bomb(20)?).is_err());
        Ok(())
    }

    #[test]
    fn damaged_files_are_unreadable_and_images_have_no_text() -> Result<(), ExtractError> {
        assert!(matches!(extract_text("application/pdf", b"%PDF-1.4\n%%EOF\n"), Err(ExtractError::Unreadable(_))));
        assert!(matches!(extract_text(DOCX, b"PK\x03\x04 not really"), Err(ExtractError::Unreadable(_))));
        assert_eq!(extract_text("image/png", b"\x89PNG")?, None);
        Ok(())
    }

    #[test]
    fn text_is_cut_at_the_cap_on_a_character_boundary() {
        let mut text = String::new();
        for _ in 0..MAX_TEXT_CHARS {
            push_bounded(&mut text, "ພ ");
        }
        let kept = normalise(&text);
        assert!(kept.chars().count() <= MAX_TEXT_CHARS);
        assert!(kept.starts_with("ພ ພ"));
    }
}
