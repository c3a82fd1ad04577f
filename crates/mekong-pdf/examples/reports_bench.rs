//! Times the four documents of a reporting period at ten times the demo's size (160 indicators,
//! 400 activities, 200 events of 30 participants, 1,000 budget lines), each with its peak memory.
//!
//! Run with `cargo run --release -p mekong-pdf --example reports_bench [directory]`; given a
//! directory, it also writes the four documents there. Each document is made in a process of its
//! own (this program runs itself), so that the peak resident memory (`VmHWM`) is that document's.
//! It prints figures; it never fails on time.

use std::process::Command;
use std::time::Instant;

use mekong_core::reporting::{Snapshot, snapshot_hash};
use mekong_docs::reports::sample::{Scale, scaled_snapshot};

const DOCUMENTS: [(&str, &str); 4] = [
    ("narrative-docx", "eu-narrative.docx"),
    ("financial-xlsx", "eu-financial.xlsx"),
    ("narrative-pdf", "eu-narrative.pdf"),
    ("aimf-note", "aimf-note.pdf"),
];

fn render(document: &str, snapshot: &Snapshot, hash: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    Ok(match document {
        "narrative-docx" => mekong_docs::narrative_docx(snapshot, hash)?,
        "financial-xlsx" => mekong_docs::financial_xlsx(snapshot, hash)?,
        "narrative-pdf" => mekong_pdf::render_eu_narrative(snapshot, hash)?,
        "aimf-note" => mekong_pdf::render_aimf_note(snapshot, hash)?,
        other => return Err(format!("unknown document {other}").into()),
    })
}

/// The peak resident memory of this process so far, in MiB, from /proc/self/status.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmHWM:")
                    .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// In the child: one document, timed twice (the first pays for fonts and typst's library).
fn child(document: &str, directory: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let snapshot = scaled_snapshot(Scale::TEN_TIMES_DEMO);
    let json = snapshot.to_json()?;
    let hash = snapshot_hash(&json);
    let before = peak_mib();
    let start = Instant::now();
    let first = render(document, &snapshot, &hash)?;
    let first_time = start.elapsed();
    let start = Instant::now();
    let second = render(document, &snapshot, &hash)?;
    let second_time = start.elapsed();
    if first != second {
        return Err(format!("{document}: two renders differ").into());
    }
    println!(
        "{document:15} first {:7.0} ms, again {:7.0} ms, {:8.1} KiB, peak memory {:6.1} MiB (snapshot alone {:5.1} MiB, {:.1} MiB of JSON)",
        first_time.as_secs_f64() * 1e3,
        second_time.as_secs_f64() * 1e3,
        first.len() as f64 / 1024.0,
        peak_mib(),
        before,
        json.len() as f64 / 1024.0 / 1024.0,
    );
    if let Some(directory) = directory {
        let name = DOCUMENTS.iter().find(|(key, _)| *key == document).map_or(document, |(_, name)| *name);
        std::fs::write(std::path::Path::new(directory).join(name), &first)?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if let Some(document) = arguments.first().and_then(|first| first.strip_prefix("--document=")) {
        return child(document, arguments.get(1).map(String::as_str));
    }
    let scale = Scale::TEN_TIMES_DEMO;
    println!(
        "{} indicators, {} activities, {} events of {} participants, {} budget lines:",
        scale.indicators, scale.activities, scale.events, scale.participants_per_event, scale.budget_lines
    );
    let me = std::env::current_exe()?;
    for (document, _) in DOCUMENTS {
        let mut command = Command::new(&me);
        command.arg(format!("--document={document}"));
        if let Some(directory) = arguments.first() {
            command.arg(directory);
        }
        let status = command.status()?;
        if !status.success() {
            return Err(format!("{document} failed").into());
        }
    }
    Ok(())
}
