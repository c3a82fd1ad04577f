//! PDF rendering with typst as a library: the network's printed documents, in every script.
//!
//! A template lives in `templates/` and reads its data as JSON (`json("data.json")`), so text
//! from users is only ever a string to typst, never markup. Fonts are the embedded Noto families
//! (see `fonts/README.md`); nothing is read from the machine, so every server prints the same PDF.
//!
//! One repair sits between typst's layout and its PDF writer: typst 0.15 cuts Khmer clusters with
//! stacked signs into pieces that would each carry the cluster's text, so that "ភ្នំពេញ" would be
//! extracted as "ភ្នំភ្នំភ្នំពេញ"; `clusters` joins them back (see there).
//!
//! Rendering is CPU-bound (0.15 to 0.3 s for 300 participants on 24 pages, see
//! `examples/attendance_bench.rs`): call it from `spawn_blocking`.

mod advocacy;
mod attendance;
mod clusters;
mod evaluation;
mod fonts;
mod reports;
mod world;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

pub use advocacy::AdvocacyBrief;
pub use attendance::{AttendanceColumns, AttendanceDay, AttendanceRow, AttendanceSheet};
pub use evaluation::{EvaluationReport, ReportSection};
pub use fonts::FONT_LICENCE;
pub use reports::{Bar, EventModel, ReportModel, render_aimf_note, render_eu_narrative};

use world::TemplateWorld;

/// How many renders a memoised typst result survives without being used. typst caches layout
/// and shaping in a process-wide cache; without eviction a long-running server would keep every
/// document it ever rendered. Ten is what the typst CLI uses in watch mode.
const CACHE_MAX_AGE: usize = 10;

/// The documents this crate can render, each with the model its data must serialise from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Takes an [`AttendanceSheet`].
    AttendanceSheet,
    /// The EU narrative report; takes a [`ReportModel`] (see [`render_eu_narrative`]).
    EuNarrative,
    /// The two-page note for AIMF's bodies; takes a [`ReportModel`] (see [`render_aimf_note`]).
    AimfNote,
    /// A call for applications' evaluation report; takes an [`EvaluationReport`].
    EvaluationReport,
    /// The network's position on a theme; takes an [`AdvocacyBrief`].
    AdvocacyBrief,
}

impl Template {
    fn file_name(self) -> &'static str {
        match self {
            Template::AttendanceSheet => "attendance.typ",
            Template::EuNarrative => "eu-narrative.typ",
            Template::AimfNote => "aimf-note.typ",
            Template::EvaluationReport => "evaluation-report.typ",
            Template::AdvocacyBrief => "advocacy.typ",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Template::AttendanceSheet => include_str!("../templates/attendance.typ"),
            Template::EuNarrative => include_str!("../templates/eu-narrative.typ"),
            Template::AimfNote => include_str!("../templates/aimf-note.typ"),
            Template::EvaluationReport => include_str!("../templates/evaluation-report.typ"),
            Template::AdvocacyBrief => include_str!("../templates/advocacy.typ"),
        }
    }

    fn source(self) -> Result<Source, PdfError> {
        let path = VirtualPath::new(self.file_name())
            .map_err(|error| PdfError::Template { template: self, diagnostics: error.to_string() })?;
        let id = FileId::new(RootedPath::new(VirtualRoot::Project, path));
        Ok(Source::new(id, self.text().to_owned()))
    }
}

/// Why a document could not be rendered. Each is a bug in a template or a model, not in user
/// text: user text is data and cannot break a template.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("could not serialise the data for the template as JSON")]
    Data(#[from] serde_json::Error),
    /// The template did not compile with this data: a bug in the template or in the model.
    #[error("the {template:?} template failed: {diagnostics}")]
    Template { template: Template, diagnostics: String },
    #[error("the {template:?} document could not be written as PDF: {diagnostics}")]
    Export { template: Template, diagnostics: String },
}

/// Renders one of the crate's templates with `data` (serialised as JSON and read by the template
/// as `json("data.json")`), so user text is never interpreted as typst markup.
pub fn render_pdf(template: Template, data: &impl serde::Serialize) -> Result<Vec<u8>, PdfError> {
    let rendered = render(template, data);
    typst::comemo::evict(CACHE_MAX_AGE);
    let rendered = rendered?;
    for warning in &rendered.warnings {
        tracing::warn!(?template, "typst: {warning}");
    }
    Ok(rendered.pdf)
}

/// A PDF and the warnings typst raised while laying it out. A warning (an unknown font family, a
/// glyph no font has) means the template needs fixing even though a PDF came out.
struct Rendered {
    pdf: Vec<u8>,
    warnings: Vec<String>,
}

fn render(template: Template, data: &impl serde::Serialize) -> Result<Rendered, PdfError> {
    let world = TemplateWorld::new(template.source()?, serde_json::to_vec(data)?);
    let (document, warnings) = lay_out(template, &world)?;
    let pdf = export(template, &world, &clusters::rejoin_split_clusters(document))?;
    Ok(Rendered { pdf, warnings })
}

fn lay_out(template: Template, world: &TemplateWorld) -> Result<(PagedDocument, Vec<String>), PdfError> {
    let compiled = typst::compile::<PagedDocument>(world);
    let warnings = describe_each(world, &compiled.warnings);
    let document = compiled
        .output
        .map_err(|errors| PdfError::Template { template, diagnostics: describe_each(world, &errors).join("; ") })?;
    Ok((document, warnings))
}

fn export(template: Template, world: &TemplateWorld, document: &PagedDocument) -> Result<Vec<u8>, PdfError> {
    typst_pdf::pdf(document, &PdfOptions::default())
        .map_err(|errors| PdfError::Export { template, diagnostics: describe_each(world, &errors).join("; ") })
}

fn describe_each(world: &TemplateWorld, diagnostics: &EcoVec<SourceDiagnostic>) -> Vec<String> {
    diagnostics.iter().map(|diagnostic| describe(world, diagnostic)).collect()
}

/// One diagnostic as "attendance.typ:42: error: message (hint: ...)", enough to find the line.
fn describe(world: &TemplateWorld, diagnostic: &SourceDiagnostic) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let hints: String = diagnostic.hints.iter().map(|hint| format!(" (hint: {})", hint.v)).collect();
    format!("{}: {severity}: {}{hints}", location(world, diagnostic), diagnostic.message)
}

fn location(world: &TemplateWorld, diagnostic: &SourceDiagnostic) -> String {
    let Some(id) = diagnostic.span.id() else { return "<no file>".to_owned() };
    let file = id.vpath().get_without_slash();
    let line = world
        .range(diagnostic.span)
        .zip(typst::World::source(world, id).ok())
        .and_then(|(range, source)| source.lines().byte_to_line(range.start));
    match line {
        Some(line) => format!("{file}:{}", line + 1),
        None => file.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_row_sheet() -> AttendanceSheet {
        AttendanceSheet {
            title: "ការប្រជុំ".to_owned(),
            subtitle: "3 March 2026".to_owned(),
            host: "Vientiane Capital".to_owned(),
            heading: "Attendance sheet".to_owned(),
            columns: AttendanceColumns {
                number: "No.".to_owned(),
                name: "Name".to_owned(),
                organisation: "Organisation".to_owned(),
                city: "City".to_owned(),
                signature: "Signature".to_owned(),
            },
            days: vec![AttendanceDay {
                label: "Tuesday 3 March 2026".to_owned(),
                rows: vec![AttendanceRow {
                    number: 1,
                    name: "Somphone Keomany".to_owned(),
                    local_name: Some("ສົມພອນ ແກ້ວມະນີ".to_owned()),
                    organisation: "Vientiane Capital".to_owned(),
                    city: "ວຽງຈັນ".to_owned(),
                    checked_in: true,
                }],
            }],
            funder_statement: "Co-funded by the European Union".to_owned(),
            generated: "Generated on 3 March 2026".to_owned(),
        }
    }

    #[test]
    fn the_attendance_sheet_renders_without_warnings() -> Result<(), PdfError> {
        let rendered = render(Template::AttendanceSheet, &one_row_sheet())?;
        assert!(rendered.pdf.starts_with(b"%PDF-"));
        assert_eq!(rendered.warnings, Vec::<String>::new());
        Ok(())
    }

    #[test]
    fn an_attendance_sheet_without_days_still_renders_its_page() -> Result<(), PdfError> {
        let sheet = AttendanceSheet { days: Vec::new(), ..one_row_sheet() };
        let rendered = render(Template::AttendanceSheet, &sheet)?;
        assert!(rendered.pdf.starts_with(b"%PDF-"));
        assert_eq!(rendered.warnings, Vec::<String>::new());
        Ok(())
    }

    #[test]
    fn data_of_the_wrong_shape_is_a_template_error_naming_the_line() -> Result<(), String> {
        let result = render_pdf(Template::AttendanceSheet, &serde_json::json!({ "title": "only a title" }));
        match result {
            Err(PdfError::Template { template: Template::AttendanceSheet, diagnostics }) => {
                assert!(diagnostics.contains("attendance.typ:"), "no location in {diagnostics}");
                Ok(())
            }
            other => Err(format!("expected a template error, got {:?}", other.map(|pdf| pdf.len()))),
        }
    }

    /// The rasterised pages of a PDF, one grey map per page, or `None` without poppler's pdftoppm.
    fn rasterise(pdf: &[u8]) -> Result<Option<Vec<Vec<u8>>>, Box<dyn std::error::Error>> {
        let available = std::process::Command::new("pdftoppm").arg("-v").output().is_ok_and(|out| out.status.success());
        if !available {
            mekong_skips::skip_or_fail("pdftoppm (poppler-utils)")?;
            return Ok(None);
        }
        let directory = tempfile::tempdir()?;
        let file = directory.path().join("document.pdf");
        std::fs::write(&file, pdf)?;
        let status = std::process::Command::new("pdftoppm")
            .args(["-r", "200", "-gray"])
            .arg(&file)
            .arg(directory.path().join("page"))
            .status()?;
        if !status.success() {
            return Err("pdftoppm failed".into());
        }
        let mut pages: Vec<_> = std::fs::read_dir(directory.path())?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "pgm"))
            .collect();
        pages.sort();
        Ok(Some(pages.iter().map(std::fs::read).collect::<Result<_, _>>()?))
    }

    #[test]
    fn rejoining_khmer_clusters_moves_no_pixel() -> Result<(), Box<dyn std::error::Error>> {
        let mut sheet = one_row_sheet();
        sheet.title = "ការប្រជុំបណ្តាញទីក្រុង ភ្នំពេញ សៀមរាប ហត្ថលេខា".to_owned();
        sheet.heading = "បញ្ជីវត្តមាន / ບັນຊີລາຍຊື່ຜູ້ເຂົ້າຮ່ວມ / Danh sách tham dự".to_owned();
        let world = TemplateWorld::new(Template::AttendanceSheet.source()?, serde_json::to_vec(&sheet)?);
        let (document, _warnings) = lay_out(Template::AttendanceSheet, &world)?;
        let as_laid_out = export(Template::AttendanceSheet, &world, &document)?;
        let rejoined = export(Template::AttendanceSheet, &world, &clusters::rejoin_split_clusters(document))?;
        assert!(as_laid_out != rejoined, "nothing was rejoined: the test no longer exercises the repair");
        let (Some(before), Some(after)) = (rasterise(&as_laid_out)?, rasterise(&rejoined)?) else { return Ok(()) };
        assert_eq!(before.len(), after.len());
        assert!(before == after, "the rejoined PDF does not look the same at 200 dpi");
        Ok(())
    }

    #[test]
    fn the_report_templates_render_without_warnings() -> Result<(), PdfError> {
        let snapshot = mekong_docs::reports::sample::sample_snapshot();
        for (template, title) in
            [(Template::EuNarrative, "report-doc-narrative-interim"), (Template::AimfNote, "report-doc-note-title")]
        {
            let rendered = render(template, &ReportModel::new(&snapshot, "0123abcd", title))?;
            assert!(rendered.pdf.starts_with(b"%PDF-"));
            assert_eq!(rendered.warnings, Vec::<String>::new(), "{template:?}");
        }
        Ok(())
    }

    #[test]
    fn rendering_twice_gives_the_same_bytes() -> Result<(), PdfError> {
        let first = render_pdf(Template::AttendanceSheet, &one_row_sheet())?;
        let second = render_pdf(Template::AttendanceSheet, &one_row_sheet())?;
        assert!(first == second, "two renders of the same sheet differ");
        Ok(())
    }
}
