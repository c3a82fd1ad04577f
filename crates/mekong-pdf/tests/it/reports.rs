//! The EU narrative report and the note for AIMF's bodies, read back with poppler: the names in
//! every script, every font embedded, the note on two pages, the hash printed, the same bytes twice.

use anyhow::ensure;
use mekong_docs::reports::sample::sample_snapshot;
use mekong_pdf::{render_aimf_note, render_eu_narrative};

use crate::poppler::Poppler;

const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const NAMES: [&str; 8] =
    ["ភ្នំពេញ", "ວຽງຈັນ", "Huế", "សុខ ចាន់ថា", "ສົມພອນ ແກ້ວມະນີ", "Nguyễn Thị Hương", "Trần Văn Đức", "Đà Nẵng"];

fn check_fonts(poppler: &Poppler) -> anyhow::Result<()> {
    let fonts = poppler.fonts()?;
    ensure!(!fonts.is_empty(), "no fonts listed");
    for font in &fonts {
        ensure!(font.embedded, "{} is not embedded", font.name);
    }
    Ok(())
}

#[test]
fn the_narrative_pdf_prints_every_script_its_figures_and_its_hash() -> anyhow::Result<()> {
    let snapshot = sample_snapshot();
    let pdf = render_eu_narrative(&snapshot, HASH)?;
    let Some(poppler) = Poppler::open(&pdf)? else { return Ok(()) };
    let text = poppler.text()?;
    for name in NAMES {
        ensure!(text.contains(name), "{name} is not in the text");
    }
    for heading in ["1. Identification", "2.1 Résumé exécutif", "2.3 Cadre logique", "4. Actions de visibilité"] {
        ensure!(text.contains(heading), "no heading {heading}");
    }
    ensure!(text.contains("Cofinancé par l’Union européenne"), "no statement");
    ensure!(text.contains(HASH), "no hash");
    ensure!(!text.contains("report-doc-"), "a label is missing");
    ensure!(text.contains("En cours — en retard"), "a late activity is not said to be late");
    check_fonts(&poppler)?;
    // Every figure is a link to its page: the URIs are in the file as written.
    let raw = String::from_utf8_lossy(&pdf);
    for cell in snapshot.logframe.iter().map(|row| &row.current).chain([&snapshot.women, &snapshot.men]) {
        let url = snapshot.figure_url(&cell.figure);
        ensure!(raw.contains(&url), "no link to {url}");
    }
    Ok(())
}

#[test]
fn the_note_for_aimfs_bodies_is_two_pages_in_french() -> anyhow::Result<()> {
    let snapshot = sample_snapshot();
    let pdf = render_aimf_note(&snapshot, HASH)?;
    let Some(poppler) = Poppler::open(&pdf)? else { return Ok(()) };
    ensure!(poppler.page_count()? == 2, "the note is {} pages", poppler.page_count()?);
    let first = poppler.page_text(1)?;
    for expected in [
        "Note aux instances de l’AIMF",
        "Chiffres clés",
        "Budget et dépenses par rubrique",
        "Participants",
        "Indicateurs : valeur actuelle et cible",
    ] {
        ensure!(first.contains(expected), "page 1 lacks {expected}");
    }
    let second = poppler.page_text(2)?;
    for expected in ["Faits marquants", "Prochaines réunions", "Bureau de l'AIMF", "ភ្នំពេញ", "ວຽງຈັນ", "Huế", HASH]
    {
        ensure!(second.contains(expected), "page 2 lacks {expected}");
    }
    ensure!(second.contains(&snapshot.disclaimer), "no disclaimer");
    check_fonts(&poppler)?;

    // However much there is to say, still two pages.
    let mut crowded = snapshot.clone();
    crowded.narrative.summary = "Un paragraphe assez long sur ce qui a été fait à ភ្នំពេញ. ".repeat(60);
    crowded.upcoming = (0..40).map(|_| snapshot.upcoming[0].clone()).collect();
    let crowded_pdf = render_aimf_note(&crowded, HASH)?;
    let Some(crowded) = Poppler::open(&crowded_pdf)? else { return Ok(()) };
    ensure!(crowded.page_count()? == 2, "a crowded note is {} pages", crowded.page_count()?);
    Ok(())
}

#[test]
fn one_snapshot_gives_the_same_pdfs() -> anyhow::Result<()> {
    let snapshot = sample_snapshot();
    ensure!(render_eu_narrative(&snapshot, HASH)? == render_eu_narrative(&snapshot, HASH)?, "narrative differs");
    ensure!(render_aimf_note(&snapshot, HASH)? == render_aimf_note(&snapshot, HASH)?, "note differs");
    Ok(())
}

#[test]
fn markup_in_user_text_stays_text() -> anyhow::Result<()> {
    let mut snapshot = sample_snapshot();
    snapshot.narrative.summary = "#set page(width: 1cm) *bold* $x$ [link](http://x)".to_owned();
    let pdf = render_eu_narrative(&snapshot, HASH)?;
    let Some(poppler) = Poppler::open(&pdf)? else { return Ok(()) };
    ensure!(poppler.text()?.contains("#set page(width: 1cm) *bold* $x$"), "user text was read as markup");
    Ok(())
}
