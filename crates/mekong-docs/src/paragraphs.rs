//! A plain DOCX: a title and paragraphs, in any of the network's scripts (the complex-script
//! font is set, so Khmer and Lao runs show in Noto). The demo library's documents are made
//! with it, and the tests' documents to extract text from.

use crate::DocError;
use docx_rs::{Docx, Paragraph, Run, RunFonts};

fn fonts() -> RunFonts {
    RunFonts::new().ascii("Noto Sans").hi_ansi("Noto Sans").east_asia("Noto Sans").cs("Noto Sans Khmer")
}

/// A DOCX whose first paragraph is `title` (bold) followed by `paragraphs`.
pub fn plain_docx(title: &str, paragraphs: &[&str]) -> Result<Vec<u8>, DocError> {
    let mut docx = Docx::new()
        .default_fonts(fonts())
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(title).bold().size(32)));
    for paragraph in paragraphs {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*paragraph)));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| DocError::Write(e.to_string()))?;
    Ok(bytes.into_inner())
}

/// Text for a PDF string in WinAnsi: Latin-1 characters as their byte, others as `?`, and the
/// string's delimiters escaped.
fn win_ansi(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '(' | ')' | '\\' => bytes.extend([b'\\', character as u8]),
            c if u32::from(c) < 256 && !c.is_control() => bytes.push(u8::try_from(u32::from(c)).unwrap_or(b'?')),
            _ => bytes.push(b'?'),
        }
    }
    bytes
}

/// A one-page PDF of a title and short lines in Helvetica, for Latin-script text (anything else
/// prints as `?`): the demo library's PDFs, written without the typst renderer so the demo loads
/// fast. Each line ends with a space, so that words of two lines never run together when read.
pub fn plain_pdf(title: &str, lines: &[&str]) -> Vec<u8> {
    let mut content = b"BT /F1 16 Tf 56 780 Td 16 TL (".to_vec();
    content.extend(win_ansi(title));
    content.extend(b" ) Tj /F1 11 Tf 14 TL T* ");
    for line in lines {
        content.extend(b"T* (");
        content.extend(win_ansi(line));
        content.extend(b" ) Tj ");
    }
    content.extend(b"ET");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(), content, b"\nendstream".to_vec()].concat(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", index + 1).into_bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).into_bytes(),
    );
    pdf
}
