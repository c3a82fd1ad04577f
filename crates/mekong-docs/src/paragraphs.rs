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
