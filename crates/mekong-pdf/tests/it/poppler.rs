//! Reads rendered PDFs back with poppler's command-line tools (`pdftotext`, `pdffonts`, `pdfinfo`).
//!
//! When a tool is missing the test records a skip (counted at the end of `scripts/test`) and
//! passes, unless `MEKONG_REQUIRE_ALL=1` (as in CI), where a missing tool is a failure: the same
//! convention as the rest of the project.

use std::io::Write;
use std::process::Command;

use anyhow::{Context, ensure};

/// The PDF on disk and the poppler tools, or `None` when the tools are missing and may be skipped.
pub struct Poppler {
    file: tempfile::NamedTempFile,
}

impl Poppler {
    pub fn open(pdf: &[u8]) -> anyhow::Result<Option<Self>> {
        let available = ["pdftotext", "pdffonts", "pdfinfo"]
            .iter()
            .all(|tool| Command::new(tool).arg("-v").output().is_ok_and(|output| output.status.success()));
        if !available {
            mekong_skips::skip_or_fail("poppler-utils (pdftotext, pdffonts, pdfinfo)")?;
            return Ok(None);
        }
        let mut file = tempfile::Builder::new().suffix(".pdf").tempfile()?;
        file.write_all(pdf)?;
        file.flush()?;
        Ok(Some(Self { file }))
    }

    /// Runs `tool options... file.pdf trailing...` and returns what it printed.
    fn run(&self, tool: &str, options: &[&str], trailing: &[&str]) -> anyhow::Result<String> {
        let output = Command::new(tool)
            .args(options)
            .arg(self.file.path())
            .args(trailing)
            .output()
            .with_context(|| format!("running {tool}"))?;
        ensure!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
        Ok(String::from_utf8(output.stdout)?)
    }

    /// The text of the document with every run of whitespace turned into one space, so that a
    /// name wrapped onto two lines still reads as written.
    pub fn text(&self) -> anyhow::Result<String> {
        Ok(normalise_whitespace(&self.run("pdftotext", &["-enc", "UTF-8"], &["-"])?))
    }

    /// The text of one page, whitespace normalised.
    pub fn page_text(&self, page: u32) -> anyhow::Result<String> {
        let page = page.to_string();
        Ok(normalise_whitespace(&self.run("pdftotext", &["-enc", "UTF-8", "-f", &page, "-l", &page], &["-"])?))
    }

    pub fn fonts(&self) -> anyhow::Result<Vec<PdfFont>> {
        parse_pdffonts(&self.run("pdffonts", &[], &[])?)
    }

    pub fn page_count(&self) -> anyhow::Result<u32> {
        let info = self.run("pdfinfo", &[], &[])?;
        let pages =
            info.lines().find_map(|line| line.strip_prefix("Pages:")).context("pdfinfo printed no page count")?;
        Ok(pages.trim().parse()?)
    }

    /// The page size in points, width by height, from `pdfinfo`'s "Page size: 841.89 x 595.276 pts".
    pub fn page_size(&self) -> anyhow::Result<(f64, f64)> {
        let info = self.run("pdfinfo", &[], &[])?;
        let size = info.lines().find_map(|line| line.strip_prefix("Page size:")).context("no page size")?;
        let mut numbers = size.split_whitespace().filter_map(|word| word.parse::<f64>().ok());
        Ok((numbers.next().context("no width")?, numbers.next().context("no height")?))
    }
}

pub fn normalise_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One line of `pdffonts`: the font's name (without the subset prefix) and whether it is embedded.
#[derive(Debug)]
pub struct PdfFont {
    pub name: String,
    pub embedded: bool,
}

/// `pdffonts` prints a fixed-width table; the column positions come from the dashes under the
/// header, which is sturdier than splitting on spaces ("CID TrueType" has one inside it).
fn parse_pdffonts(listing: &str) -> anyhow::Result<Vec<PdfFont>> {
    let mut lines = listing.lines();
    let header = lines.next().context("pdffonts printed nothing")?;
    let rule = lines.next().context("pdffonts printed no rule")?;
    let columns: Vec<(usize, usize)> = column_spans(rule);
    let column = |title: &str| {
        columns
            .iter()
            .position(|&(start, end)| header.get(start..end.min(header.len())).is_some_and(|h| h.trim() == title))
            .with_context(|| format!("pdffonts has no {title} column"))
    };
    let name_column = column("name")?;
    let embedded_column = column("emb")?;
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let field = |index: usize| -> anyhow::Result<&str> {
                let (start, end) = *columns.get(index).context("column out of range")?;
                Ok(line.get(start..end.min(line.len())).context("short pdffonts line")?.trim())
            };
            let name = field(name_column)?;
            let name = name.split_once('+').map_or(name, |(_subset, name)| name).to_owned();
            Ok(PdfFont { name, embedded: field(embedded_column)? == "yes" })
        })
        .collect()
}

fn column_spans(rule: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (index, character) in rule.char_indices().chain(std::iter::once((rule.len(), ' '))) {
        match (character == '-', start) {
            (true, None) => start = Some(index),
            (false, Some(begin)) => {
                spans.push((begin, index));
                start = None;
            }
            _ => {}
        }
    }
    spans
}
