//! The EU narrative report (Annex VI's shape) as an editable DOCX, with docx-rs.
//!
//! Headings are Word headings (styles `Heading1`, `Heading2`), tables are tables, every figure
//! with records behind it is a hyperlink to its page, and every run names a complex-script font
//! so that Khmer and Lao names render in Word and LibreOffice. docx-rs numbers hyperlinks and
//! pictures with process-wide counters, so this writer names them itself, and the package is
//! zipped again with fixed dates, paragraph ids and relationships in order: one snapshot, one DOCX, byte for byte.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, Docx, Footer, Hyperlink, HyperlinkData, HyperlinkType, PageMargin, Paragraph, Pic, Run, RunFonts,
    Shading, Style, StyleType, Table, TableCell, TableLayoutType, TableRow, WidthType,
};
use mekong_core::reporting::{ActivityRow, EventFacts, FigureCell, Snapshot};

use super::script::{complex_script_font, script_runs};
use super::{narrative_title_key, period_words, provenance, statement_key};
use crate::DocError;
use crate::emblem::Emblem;

/// A4 in twentieths of a point, and its margins (2 cm).
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_134;
const TEXT_WIDTH: usize = 9_638;
/// The emblem in the header: 1.2 cm high (English Metric Units).
const EMBLEM_HEIGHT_EMU: u32 = 432_000;
const LINK_COLOUR: &str = "0563C1";
const HEADER_FILL: &str = "D9E2F3";
/// Sizes in half-points.
const BODY_SIZE: usize = 20;
const TABLE_SIZE: usize = 16;

/// How a run looks.
#[derive(Debug, Clone, Copy, Default)]
struct Look {
    bold: bool,
    italic: bool,
    size: Option<usize>,
    link: bool,
}

impl Look {
    const PLAIN: Look = Look { bold: false, italic: false, size: None, link: false };
    const BOLD: Look = Look { bold: true, italic: false, size: None, link: false };
    const TABLE: Look = Look { bold: false, italic: false, size: Some(TABLE_SIZE), link: false };
    const TABLE_HEAD: Look = Look { bold: true, italic: false, size: Some(TABLE_SIZE), link: false };
}

/// The document being written: the snapshot, and the next hyperlink's number.
struct Writer<'a> {
    snapshot: &'a Snapshot,
    links: usize,
}

/// The EU narrative report of the snapshot's period as DOCX bytes, `hash` (the snapshot's
/// SHA-256) printed in the footer and on the last page.
pub fn narrative_docx(snapshot: &Snapshot, hash: &str) -> Result<Vec<u8>, DocError> {
    let mut writer = Writer { snapshot, links: 0 };
    let docx = writer.document(hash)?;
    let mut packed = Cursor::new(Vec::new());
    docx.build().pack(&mut packed).map_err(|error| DocError::Write(error.to_string()))?;
    repack(&packed.into_inner())
}

impl Writer<'_> {
    fn label(&self, key: &str) -> String {
        self.snapshot.label(key).to_owned()
    }

    fn document(&mut self, hash: &str) -> Result<Docx, DocError> {
        let s = self.snapshot;
        let mut docx = Docx::new()
            .page_size(PAGE_WIDTH, PAGE_HEIGHT)
            .page_margin(
                PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN).header(567).footer(567),
            )
            .default_fonts(fonts("Noto Sans Khmer"))
            .default_size(BODY_SIZE)
            .add_style(heading_style("Heading1", "heading 1", 32, 0))
            .add_style(heading_style("Heading2", "heading 2", 26, 1))
            .add_style(
                Style::new("Title", StyleType::Paragraph)
                    .name("Title")
                    .size(40)
                    .bold()
                    .color("003399")
                    .fonts(fonts("Noto Sans Khmer")),
            )
            .footer(self.footer(hash));

        docx = docx.add_paragraph(self.emblem_paragraph()?);
        docx = docx.add_paragraph(
            Paragraph::new().style("Title").add_runs(runs(&self.label(narrative_title_key(s.stage)), Look::PLAIN)),
        );
        docx = docx.add_paragraph(Paragraph::new().add_runs(runs(&s.programme.title, Look::BOLD)));
        docx = docx.add_paragraph(
            Paragraph::new().add_runs(runs(&format!("{} · {}", s.programme.code, period_words(s)), Look::PLAIN)),
        );

        // 1. Identification (Annex VI §1.1–1.9).
        docx = docx.add_paragraph(heading(1, &self.label("report-doc-identification")));
        docx = docx.add_table(self.identification());

        // 2.1 Executive summary.
        docx = docx.add_paragraph(heading(1, &self.label("report-doc-summary")));
        for paragraph in text_paragraphs(&s.narrative.summary) {
            docx = docx.add_paragraph(paragraph);
        }

        // 2.2 Results and activities against the plan.
        docx = docx.add_paragraph(heading(1, &self.label("report-doc-results")));
        for section in &s.narrative.sections {
            docx = docx.add_paragraph(heading(2, &format!("{} — {}", section.code, section.title)));
            for (key, text) in [
                ("report-doc-done", &section.text.done),
                ("report-doc-deviations", &section.text.deviations),
                ("report-doc-next-steps", &section.text.next_steps),
            ] {
                if text.trim().is_empty() {
                    continue;
                }
                docx = docx.add_paragraph(Paragraph::new().add_runs(runs(&self.label(key), Look::BOLD)));
                for paragraph in text_paragraphs(text) {
                    docx = docx.add_paragraph(paragraph);
                }
            }
        }
        docx = docx.add_paragraph(heading(2, &self.label("report-doc-activities")));
        docx = docx.add_table(self.activity_table(&s.activities));

        // 2.3 The logframe as approved, with the period's validated values.
        docx = docx.add_paragraph(heading(1, &self.label("report-doc-logframe")));
        docx = docx.add_table(self.logframe_table());

        // 3. The plan for the next period.
        docx = docx.add_paragraph(heading(1, &self.label("report-doc-next-period")));
        for paragraph in text_paragraphs(&s.narrative.next_period) {
            docx = docx.add_paragraph(paragraph);
        }
        if !s.next_activities.is_empty() {
            docx = docx.add_table(self.activity_table(&s.next_activities));
        }

        // 4. Visibility.
        docx = docx.add_paragraph(heading(1, &self.label("report-doc-visibility")));
        for paragraph in text_paragraphs(&s.narrative.visibility_actions) {
            docx = docx.add_paragraph(paragraph);
        }

        // Annexes: the period's events by activity code, with their attendance.
        docx = docx.add_paragraph(heading(1, &self.label("report-doc-annexes")));
        let mut events: Vec<_> = s.events.iter().collect();
        events.sort_by(|a, b| a.activity_code.cmp(&b.activity_code));
        for event in events {
            docx = docx.add_paragraph(heading(2, &format!("{} — {}", event.activity_code, event.title)));
            docx = docx.add_paragraph(
                Paragraph::new().add_runs(runs(
                    &[event.dates.as_str(), event.place.as_str()]
                        .iter()
                        .filter(|part| !part.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" · "),
                    Look::PLAIN,
                )),
            );
            let mut counts = Paragraph::new();
            for (index, (key, figure)) in [
                ("report-doc-participants", &event.participants),
                ("report-doc-women", &event.women),
                ("report-doc-men", &event.men),
            ]
            .into_iter()
            .enumerate()
            {
                let separator = if index == 0 { "" } else { " · " };
                counts = counts.add_runs(runs(&format!("{separator}{} : ", self.label(key)), Look::PLAIN));
                counts = self.figure(counts, figure, Look::BOLD);
            }
            if !event.sheet_path.is_empty() {
                let url = format!("{}{}", s.base_url.trim_end_matches('/'), event.sheet_path);
                counts = counts.add_runs(runs(" · ", Look::PLAIN));
                counts = self.link(counts, &url, &self.label("report-doc-attendance-sheet"), Look::PLAIN);
            }
            docx = docx.add_paragraph(counts);
            docx = docx.add_table(self.attendance_table(event));
        }

        // The disclaimer, the sign-off and which snapshot this is.
        docx = docx.add_paragraph(heading(1, &self.label("report-doc-disclaimer")));
        docx = docx.add_paragraph(Paragraph::new().add_runs(runs(&s.disclaimer, Look { italic: true, ..Look::PLAIN })));
        if !s.narrative.signed_off.is_empty() {
            docx = docx.add_paragraph(Paragraph::new().add_runs(runs(
                &format!("{} : {}", self.label("report-doc-signed-off"), s.narrative.signed_off),
                Look::PLAIN,
            )));
        }
        docx = docx.add_paragraph(Paragraph::new().add_runs(runs(&provenance(s, hash), Look::TABLE)));
        Ok(docx)
    }

    fn emblem_paragraph(&self) -> Result<Paragraph, DocError> {
        let png = Emblem::png(180)?;
        let pic =
            Pic::new_with_dimensions(png, 270, 180).id("rIdImage1").size(EMBLEM_HEIGHT_EMU * 3 / 2, EMBLEM_HEIGHT_EMU);
        Ok(Paragraph::new()
            .add_run(Run::new().add_image(pic))
            .add_run(font_run(" ", Look::PLAIN, "Noto Sans Khmer"))
            .add_runs(runs(&self.label(statement_key(self.snapshot.statement)), Look::BOLD)))
    }

    fn footer(&mut self, hash: &str) -> Footer {
        let s = self.snapshot;
        let text = format!(
            "{} · {} {} · {} {}",
            s.label(statement_key(s.statement)),
            s.programme.code,
            s.period.code,
            s.label("report-doc-hash"),
            hash
        );
        Footer::new().add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_runs(runs(&text, Look { size: Some(14), ..Look::PLAIN })),
        )
    }

    fn identification(&mut self) -> Table {
        let s = self.snapshot;
        let programme = &s.programme;
        let period = period_words(s);
        let countries = programme.countries.join(", ");
        let mut rows = vec![
            self.pair("report-doc-beneficiary", plain_cell(&programme.beneficiary)),
            self.pair("report-doc-contact", plain_cell(&programme.contact)),
            self.pair("report-doc-partners", lines_cell(&programme.partners)),
            self.pair("report-doc-action-title", plain_cell(&programme.title)),
            self.pair("report-doc-contract", plain_cell(&programme.contract_reference)),
            self.pair("report-doc-period", plain_cell(&period)),
            self.pair("report-doc-countries", plain_cell(&countries)),
        ];
        let mut beneficiaries = Paragraph::new();
        for (index, (key, figure)) in
            [("report-doc-participants", &s.participants), ("report-doc-women", &s.women), ("report-doc-men", &s.men)]
                .into_iter()
                .enumerate()
        {
            let separator = if index == 0 { "" } else { " · " };
            beneficiaries = beneficiaries.add_runs(runs(&format!("{separator}{} : ", self.label(key)), Look::TABLE));
            beneficiaries = self.figure(beneficiaries, figure, Look::TABLE_HEAD);
        }
        rows.push(self.pair("report-doc-final-beneficiaries", TableCell::new().add_paragraph(beneficiaries)));
        rows.push(self.pair("report-doc-activity-countries", plain_cell(&countries)));
        Table::new(rows).set_grid(vec![3_200, TEXT_WIDTH - 3_200]).layout(TableLayoutType::Fixed)
    }

    fn pair(&self, key: &str, value: TableCell) -> TableRow {
        TableRow::new(vec![head_cell(&self.label(key)), value.width(TEXT_WIDTH - 3_200, WidthType::Dxa)])
    }

    fn activity_table(&self, activities: &[ActivityRow]) -> Table {
        let headers = [
            "report-doc-code",
            "report-doc-activity",
            "report-doc-dates",
            "report-doc-status",
            "report-doc-cities",
            "report-doc-progress",
        ];
        let mut rows = vec![self.header_row(&headers)];
        for activity in activities {
            let status = if activity.late {
                format!("{} — {}", activity.status, self.label("report-doc-late"))
            } else {
                activity.status.clone()
            };
            let progress = [activity.progress.as_str(), activity.justification.as_str()]
                .iter()
                .filter(|part| !part.trim().is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
            rows.push(TableRow::new(vec![
                plain_cell(&activity.code),
                plain_cell(&activity.title),
                plain_cell(&activity.dates),
                if activity.late { styled_cell(&status, Look::TABLE_HEAD) } else { plain_cell(&status) },
                plain_cell(&activity.cities),
                plain_cell(&progress),
            ]));
        }
        Table::new(rows).set_grid(vec![900, 2_600, 1_400, 1_400, 1_500, 1_838]).layout(TableLayoutType::Fixed)
    }

    fn logframe_table(&mut self) -> Table {
        let headers = [
            "report-doc-level",
            "report-doc-code",
            "report-doc-entry",
            "report-doc-indicator",
            "report-doc-unit",
            "report-doc-baseline",
            "report-doc-target",
            "report-doc-current",
        ];
        let mut rows = vec![self.header_row(&headers)];
        for row in &self.snapshot.logframe {
            let current = self.figure(Paragraph::new(), &row.current, Look::TABLE);
            rows.push(TableRow::new(vec![
                plain_cell(&row.level),
                plain_cell(&row.code),
                plain_cell(&row.title),
                plain_cell(&format!("{} {}", row.indicator_code, row.indicator)),
                plain_cell(&row.unit),
                plain_cell(&row.baseline),
                plain_cell(&row.target),
                TableCell::new().add_paragraph(current),
            ]));
        }
        Table::new(rows).set_grid(vec![1_000, 700, 2_000, 2_238, 900, 900, 900, 1_000]).layout(TableLayoutType::Fixed)
    }

    fn attendance_table(&self, event: &EventFacts) -> Table {
        let headers = [
            "report-doc-number",
            "report-doc-name",
            "report-doc-organisation",
            "report-doc-city",
            "report-doc-sex",
            "report-doc-signed",
        ];
        let mut rows = vec![self.header_row(&headers)];
        let (yes, no) = (self.label("report-doc-yes"), self.label("report-doc-no"));
        for (index, person) in event.attendance.iter().enumerate() {
            rows.push(TableRow::new(vec![
                plain_cell(&(index + 1).to_string()),
                plain_cell(&person.name),
                plain_cell(&person.organisation),
                plain_cell(&person.city),
                plain_cell(&person.sex),
                plain_cell(if person.signed { &yes } else { &no }),
            ]));
        }
        Table::new(rows).set_grid(vec![600, 2_700, 2_700, 1_638, 1_000, 1_000]).layout(TableLayoutType::Fixed)
    }

    fn header_row(&self, keys: &[&str]) -> TableRow {
        TableRow::new(keys.iter().map(|key| head_cell(&self.label(key))).collect())
    }

    /// A figure: a link to the page of its records, or plain text when nothing is behind it.
    fn figure(&mut self, paragraph: Paragraph, cell: &FigureCell, look: Look) -> Paragraph {
        if cell.figure.is_empty() {
            paragraph.add_runs(runs(&cell.display, look))
        } else {
            let url = self.snapshot.figure_url(&cell.figure);
            self.link(paragraph, &url, &cell.display, look)
        }
    }

    fn link(&mut self, paragraph: Paragraph, url: &str, text: &str, look: Look) -> Paragraph {
        self.links += 1;
        let mut hyperlink = Hyperlink::new(url, HyperlinkType::External);
        if let HyperlinkData::External { rid, .. } = &mut hyperlink.link {
            *rid = format!("rIdHyperlink{}", self.links);
        }
        for run in runs(text, Look { link: true, ..look }) {
            hyperlink = hyperlink.add_run(run);
        }
        paragraph.add_hyperlink(hyperlink)
    }
}

trait AddRuns {
    fn add_runs(self, runs: Vec<Run>) -> Self;
}

impl AddRuns for Paragraph {
    fn add_runs(self, runs: Vec<Run>) -> Self {
        runs.into_iter().fold(self, Paragraph::add_run)
    }
}

fn fonts(complex: &str) -> RunFonts {
    RunFonts::new().ascii("Noto Sans").hi_ansi("Noto Sans").east_asia("Noto Sans").cs(complex)
}

fn heading_style(id: &str, name: &str, size: usize, level: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .size(size)
        .bold()
        .color("003399")
        .fonts(fonts("Noto Sans Khmer"))
        .outline_lvl(level)
}

fn heading(level: usize, text: &str) -> Paragraph {
    let style = if level == 1 { "Heading1" } else { "Heading2" };
    Paragraph::new().style(style).keep_next(true).add_runs(runs(text, Look::PLAIN))
}

/// One run per stretch of one script, each naming the complex-script font that has it.
fn runs(text: &str, look: Look) -> Vec<Run> {
    script_runs(text).into_iter().map(|(script, part)| font_run(part, look, complex_script_font(script))).collect()
}

fn font_run(text: &str, look: Look, complex: &str) -> Run {
    let mut run = Run::new().add_text(text).fonts(fonts(complex));
    if look.bold {
        run = run.bold();
    }
    if look.italic {
        run = run.italic();
    }
    if let Some(size) = look.size {
        run = run.size(size);
    }
    if look.link {
        run = run.color(LINK_COLOUR).underline("single");
    }
    run
}

/// A text as paragraphs, one per line.
fn text_paragraphs(text: &str) -> Vec<Paragraph> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| Paragraph::new().add_runs(runs(line, Look::PLAIN)))
        .collect()
}

fn styled_cell(text: &str, look: Look) -> TableCell {
    let mut cell = TableCell::new();
    let mut lines = text.lines().peekable();
    if lines.peek().is_none() {
        return cell.add_paragraph(Paragraph::new().add_runs(runs("", look)));
    }
    for line in lines {
        cell = cell.add_paragraph(Paragraph::new().add_runs(runs(line, look)));
    }
    cell
}

fn plain_cell(text: &str) -> TableCell {
    styled_cell(text, Look::TABLE)
}

fn lines_cell(lines: &[String]) -> TableCell {
    styled_cell(&lines.join("\n"), Look::TABLE)
}

fn head_cell(text: &str) -> TableCell {
    styled_cell(text, Look::TABLE_HEAD).shading(Shading::new().fill(HEADER_FILL))
}

/// Paragraph ids (`w14:paraId`) numbered from `next` in the order they appear: docx-rs takes them
/// from a counter that runs on from one document to the next in a thread.
fn renumber_paragraphs(xml: &str, next: &mut u32) -> String {
    const MARK: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(MARK) {
        let (before, after) = rest.split_at(at + MARK.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(0);
        out.push_str(&format!("{:08X}", *next));
        *next += 1;
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The relationships of a part in the order of their text: docx-rs lists hyperlinks' in the order
/// of a hash set, which changes from one run to the next.
fn sorted_relationships(xml: &str) -> String {
    const OPEN: &str = "<Relationship ";
    let (Some(first), Some(close)) = (xml.find(OPEN), xml.rfind("</Relationships>")) else { return xml.to_owned() };
    if close < first {
        return xml.to_owned();
    }
    let mut relationships: Vec<&str> = xml[first..close].split(OPEN).filter(|item| !item.is_empty()).collect();
    relationships.sort_unstable();
    let mut out = String::with_capacity(xml.len());
    out.push_str(&xml[..first]);
    for relationship in relationships {
        out.push_str(OPEN);
        out.push_str(relationship);
    }
    out.push_str(&xml[close..]);
    out
}

/// The package again, deflated, with its entries in docx-rs's order and a fixed date (the zip
/// format's epoch), whatever the zip library's defaults.
fn repack(stored: &[u8]) -> Result<Vec<u8>, DocError> {
    let error = |error: zip::result::ZipError| DocError::Write(error.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).map_err(error)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut paragraphs = 1;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(error)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(error)?.into_owned();
        let mut content = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or_default());
        entry.read_to_end(&mut content).map_err(|e| DocError::Write(e.to_string()))?;
        if name.ends_with(".rels") {
            let text = String::from_utf8(content).map_err(|e| DocError::Write(e.to_string()))?;
            content = sorted_relationships(&text).into_bytes();
        } else if name.ends_with(".xml") {
            let text = String::from_utf8(content).map_err(|e| DocError::Write(e.to_string()))?;
            content = renumber_paragraphs(&text, &mut paragraphs).into_bytes();
        }
        out.start_file(name, options).map_err(error)?;
        out.write_all(&content).map_err(|e| DocError::Write(e.to_string()))?;
    }
    Ok(out.finish().map_err(error)?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::reports::sample::sample_snapshot;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

    fn part(docx: &[u8], name: &str) -> Result<String> {
        let mut archive = zip::ZipArchive::new(Cursor::new(docx))?;
        let mut text = String::new();
        archive.by_name(name)?.read_to_string(&mut text)?;
        Ok(text)
    }

    fn text_of(node: roxmltree::Node) -> String {
        node.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|n| n.text()).collect()
    }

    #[test]
    fn the_narrative_has_word_headings_real_tables_and_the_hash() -> Result<()> {
        let snapshot = sample_snapshot();
        let docx = narrative_docx(&snapshot, HASH)?;
        let xml = part(&docx, "word/document.xml")?;
        let document = roxmltree::Document::parse(&xml)?;
        let styles: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name((W, "pStyle")))
            .filter_map(|n| n.attribute((W, "val")))
            .collect();
        assert!(styles.iter().filter(|s| **s == "Heading1").count() >= 8, "{styles:?}");
        assert!(styles.contains(&"Heading2"));
        let style_xml = part(&docx, "word/styles.xml")?;
        assert!(style_xml.contains("w:styleId=\"Heading1\"") && style_xml.contains("w:val=\"heading 1\""));

        let body = text_of(document.root());
        assert!(body.contains(HASH), "the hash is not printed");
        assert!(!body.contains("report-doc-"), "a label is missing from main.ftl");
        assert!(body.contains("Cofinancé par l’Union européenne"));
        assert!(body.contains(&snapshot.disclaimer));
        let footer = (1..4).find_map(|n| part(&docx, &format!("word/footer{n}.xml")).ok()).unwrap_or_default();
        assert!(footer.contains(HASH), "the hash is not in the footer");

        // The logframe: a table whose first row names the indicator, a row per indicator.
        let tables: Vec<_> = document.descendants().filter(|n| n.has_tag_name((W, "tbl"))).collect();
        let logframe = tables
            .iter()
            .find(|table| {
                table
                    .children()
                    .find(|n| n.has_tag_name((W, "tr")))
                    .is_some_and(|row| text_of(row).contains("Indicateur"))
            })
            .ok_or("no logframe table")?;
        let rows: Vec<Vec<String>> = logframe
            .children()
            .filter(|n| n.has_tag_name((W, "tr")))
            .map(|row| row.children().filter(|n| n.has_tag_name((W, "tc"))).map(text_of).collect())
            .collect();
        assert_eq!(rows.len(), snapshot.logframe.len() + 1);
        let first = &snapshot.logframe[0];
        assert_eq!(
            rows[1],
            vec![
                first.level.clone(),
                first.code.clone(),
                first.title.clone(),
                format!("{} {}", first.indicator_code, first.indicator),
                first.unit.clone(),
                first.baseline.clone(),
                first.target.clone(),
                first.current.display.clone(),
            ]
        );
        // The activity that is late says so in words.
        assert!(body.contains("En cours — en retard"));
        Ok(())
    }

    #[test]
    fn every_figure_links_to_the_page_of_its_records() -> Result<()> {
        let snapshot = sample_snapshot();
        let docx = narrative_docx(&snapshot, HASH)?;
        let rels_xml = part(&docx, "word/_rels/document.xml.rels")?;
        let rels = roxmltree::Document::parse(&rels_xml)?;
        let targets: BTreeMap<&str, &str> = rels
            .descendants()
            .filter(|n| n.has_tag_name("Relationship"))
            .filter_map(|n| Some((n.attribute("Id")?, n.attribute("Target")?)))
            .collect();
        let xml = part(&docx, "word/document.xml")?;
        let document = roxmltree::Document::parse(&xml)?;
        let links: BTreeSet<(String, String)> = document
            .descendants()
            .filter(|n| n.has_tag_name((W, "hyperlink")))
            .map(|n| {
                let target = n.attribute((R, "id")).and_then(|id| targets.get(id)).copied().unwrap_or_default();
                (text_of(n), target.to_owned())
            })
            .collect();
        let mut cells = vec![&snapshot.participants, &snapshot.women, &snapshot.men];
        cells.extend(snapshot.logframe.iter().map(|row| &row.current));
        for event in &snapshot.events {
            cells.extend([&event.participants, &event.women, &event.men]);
        }
        for cell in cells {
            let expected = (cell.display.clone(), snapshot.figure_url(&cell.figure));
            assert!(links.contains(&expected), "no link {expected:?}");
        }
        assert!(snapshot.figure_url("women").starts_with("https://mekong.example/reports/snapshots/"));
        Ok(())
    }

    #[test]
    fn khmer_and_lao_runs_name_their_complex_script_font() -> Result<()> {
        let docx = narrative_docx(&sample_snapshot(), HASH)?;
        let xml = part(&docx, "word/document.xml")?;
        assert!(xml.contains("ភ្នំពេញ") && xml.contains("ວຽງຈັນ") && xml.contains("Huế"));
        let document = roxmltree::Document::parse(&xml)?;
        let (mut khmer, mut lao) = (0, 0);
        for run in document.descendants().filter(|n| n.has_tag_name((W, "r"))) {
            let text = text_of(run);
            let fonts = run.descendants().find(|n| n.has_tag_name((W, "rFonts")));
            let cs = fonts.and_then(|f| f.attribute((W, "cs"))).unwrap_or_default();
            let ascii = fonts.and_then(|f| f.attribute((W, "ascii"))).unwrap_or_default();
            if text.chars().any(|c| ('\u{1780}'..='\u{17FF}').contains(&c)) {
                assert_eq!(cs, "Noto Sans Khmer", "{text}");
                khmer += 1;
            }
            if text.chars().any(|c| ('\u{0E80}'..='\u{0EFF}').contains(&c)) {
                assert_eq!(cs, "Noto Sans Lao", "{text}");
                lao += 1;
            }
            if !text.is_empty() {
                assert_eq!(ascii, "Noto Sans", "{text}");
                assert!(!cs.is_empty(), "no complex-script font on {text}");
            }
        }
        assert!(khmer > 5 && lao > 5);
        Ok(())
    }

    #[test]
    fn one_snapshot_gives_the_same_bytes() -> Result<()> {
        let snapshot = sample_snapshot();
        let first = narrative_docx(&snapshot, HASH)?;
        let second = narrative_docx(&snapshot, HASH)?;
        let other = snapshot.clone();
        let third = std::thread::spawn(move || narrative_docx(&other, HASH).map_err(|e| e.to_string()))
            .join()
            .map_err(|_| "the thread panicked")??;
        assert!(first == second, "two renders differ");
        assert!(first == third, "a render on another thread differs");
        Ok(())
    }
}
