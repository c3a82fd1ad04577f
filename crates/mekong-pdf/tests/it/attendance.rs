//! The attendance sheet, read back: every script survives, fonts are embedded, markup stays text.

use anyhow::ensure;
use mekong_pdf::{AttendanceColumns, AttendanceDay, AttendanceRow, AttendanceSheet, Template, render_pdf};

use crate::poppler::{Poppler, normalise_whitespace};

const TITLE: &str = "ការប្រជុំបណ្តាញទីក្រុង / ກອງປະຊຸມເຄືອຂ່າຍ / Hội nghị mạng lưới đô thị";
const FUNDER_STATEMENT: &str = "This meeting is co-funded by the European Union.";
const GENERATED: &str = "Generated on 3 March 2026 by Mekong";

fn columns() -> AttendanceColumns {
    AttendanceColumns {
        number: "No.".to_owned(),
        name: "Name / Nom / ឈ្មោះ".to_owned(),
        organisation: "Organisation / ອົງການ".to_owned(),
        city: "City / Ville / Thành phố".to_owned(),
        signature: "Signature / ហត្ថលេខា / ລາຍເຊັນ".to_owned(),
    }
}

fn sheet(days: Vec<AttendanceDay>) -> AttendanceSheet {
    AttendanceSheet {
        title: TITLE.to_owned(),
        subtitle: "3–5 March 2026 · Phnom Penh City Hall".to_owned(),
        host: "Phnom Penh Capital Administration".to_owned(),
        heading: "Attendance sheet / Feuille de présence / បញ្ជីវត្តមាន".to_owned(),
        columns: columns(),
        days,
        funder_statement: FUNDER_STATEMENT.to_owned(),
        generated: GENERATED.to_owned(),
    }
}

fn row(number: u32, name: &str, local_name: Option<&str>, organisation: &str, city: &str) -> AttendanceRow {
    AttendanceRow {
        number,
        name: name.to_owned(),
        local_name: local_name.map(str::to_owned),
        organisation: organisation.to_owned(),
        city: city.to_owned(),
        checked_in: number % 2 == 1,
    }
}

fn mixed_script_rows() -> Vec<AttendanceRow> {
    vec![
        row(1, "Sok Chantha", Some("សុខ ចាន់ថា"), "Phnom Penh Capital Administration", "ភ្នំពេញ"),
        row(2, "Somphone Keomany", Some("ສົມພອນ ແກ້ວມະນີ"), "Vientiane Capital", "ວຽງຈັນ"),
        row(3, "Nguyễn Thị Hương", None, "Sở Xây dựng Thừa Thiên Huế", "Thừa Thiên Huế"),
        row(4, "Trần Văn Đức", None, "UBND thành phố Đà Nẵng", "Đà Nẵng"),
        row(5, "Amélie Lefèvre", None, "Mairie de Besançon", "Besançon"),
    ]
}

fn day(label: &str, rows: Vec<AttendanceRow>) -> AttendanceDay {
    AttendanceDay { label: label.to_owned(), rows }
}

fn render(sheet: &AttendanceSheet) -> anyhow::Result<Vec<u8>> {
    Ok(render_pdf(Template::AttendanceSheet, sheet)?)
}

fn ensure_contains(text: &str, expected: &str) -> anyhow::Result<()> {
    let expected = normalise_whitespace(expected);
    ensure!(text.contains(&expected), "{expected:?} is not in the extracted text:\n{text}");
    Ok(())
}

#[test]
fn khmer_lao_vietnamese_and_french_names_come_back_out_of_the_pdf() -> anyhow::Result<()> {
    let pdf = render(&sheet(vec![day("Tuesday 3 March 2026", mixed_script_rows())]))?;
    let Some(poppler) = Poppler::open(&pdf)? else { return Ok(()) };
    let text = poppler.text()?;
    for expected in [
        "សុខ ចាន់ថា",
        "ភ្នំពេញ",
        "ວຽງຈັນ",
        "ສົມພອນ ແກ້ວມະນີ",
        "Nguyễn Thị Hương",
        "Thừa Thiên Huế",
        "Trần Văn Đức",
        "Đà Nẵng",
        "Amélie Lefèvre",
        "Mairie de Besançon",
        "Sok Chantha",
        "Somphone Keomany",
        "ការប្រជុំ",
        "ກອງປະຊຸມເຄືອຂ່າຍ / Hội nghị mạng lưới đô thị",
        "Attendance sheet / Feuille de présence / បញ្ជីវត្តមាន",
        "Tuesday 3 March 2026",
        FUNDER_STATEMENT,
        GENERATED,
    ] {
        ensure_contains(&text, expected)?;
    }
    // pdftotext puts a space inside បណ្តាញ ("network"), after the cluster ណ្តា: poppler ends an
    // /ActualText span at its last glyph, here the subscript ្ត tucked back under the wide ណា, so
    // the next letter looks a word-space away. The PDF's text is right; only the spacing guess is
    // off, so the title is compared without spaces.
    let without_spaces = |text: &str| text.replace(' ', "");
    ensure_contains(&without_spaces(&text), &without_spaces(TITLE))?;
    Ok(())
}

#[test]
fn every_font_is_embedded_and_khmer_and_lao_are_among_them() -> anyhow::Result<()> {
    let pdf = render(&sheet(vec![day("Tuesday 3 March 2026", mixed_script_rows())]))?;
    let Some(poppler) = Poppler::open(&pdf)? else { return Ok(()) };
    let fonts = poppler.fonts()?;
    ensure!(!fonts.is_empty(), "pdffonts lists no font");
    for font in &fonts {
        ensure!(font.embedded, "{} is not embedded: {fonts:?}", font.name);
    }
    for family in ["NotoSans-Regular", "NotoSans-Bold", "NotoSansKhmer-Regular", "NotoSansLao-Regular"] {
        ensure!(fonts.iter().any(|font| font.name == family), "{family} is not among {fonts:?}");
    }
    Ok(())
}

#[test]
fn vietnamese_and_french_are_set_in_noto_sans_alone() -> anyhow::Result<()> {
    let latin_only = AttendanceSheet {
        title: "Hội nghị mạng lưới đô thị".to_owned(),
        heading: "Attendance sheet / Feuille de présence / Danh sách tham dự".to_owned(),
        columns: AttendanceColumns {
            number: "No.".to_owned(),
            name: "Họ và tên / Nom".to_owned(),
            organisation: "Cơ quan / Organisation".to_owned(),
            city: "Thành phố / Ville".to_owned(),
            signature: "Chữ ký / Signature".to_owned(),
        },
        ..sheet(vec![day(
            "Thứ Ba, 3 tháng 3 năm 2026",
            mixed_script_rows().into_iter().filter(|row| row.local_name.is_none()).collect(),
        )])
    };
    let pdf = render(&latin_only)?;
    let Some(poppler) = Poppler::open(&pdf)? else { return Ok(()) };
    let fonts = poppler.fonts()?;
    // A fallback to another family would mean Noto Sans lacks a Vietnamese letter.
    ensure!(fonts.iter().all(|font| font.name.starts_with("NotoSans-")), "not only Noto Sans: {fonts:?}");
    let text = poppler.text()?;
    for expected in ["Thừa Thiên Huế", "Đà Nẵng", "Nguyễn Thị Hương", "Thứ Ba, 3 tháng 3 năm 2026", "Chữ ký"]
    {
        ensure_contains(&text, expected)?;
    }
    Ok(())
}

#[test]
fn typst_markup_in_user_text_is_printed_literally() -> anyhow::Result<()> {
    let hostile = r#"#set page(width: 1cm) *bold* _em_ $x$ <label> ] " \ @ref // not a comment"#;
    let mut rows = mixed_script_rows();
    rows.push(row(6, hostile, Some("#pagebreak()"), "#text(size: 100pt)[BIG]", "= Heading"));
    let hostile_sheet = AttendanceSheet { subtitle: "#{ panic() }".to_owned(), ..sheet(vec![day("] [", rows)]) };
    let pdf = render(&hostile_sheet)?;
    let Some(poppler) = Poppler::open(&pdf)? else { return Ok(()) };
    let text = poppler.text()?;
    for expected in [hostile, "#pagebreak()", "#text(size: 100pt)[BIG]", "= Heading", "#{ panic() }"] {
        ensure_contains(&text, expected)?;
    }
    ensure!(poppler.page_count()? == 1, "user text changed the pagination");
    let (width, height) = poppler.page_size()?;
    ensure!((width - 841.89).abs() < 0.5 && (height - 595.28).abs() < 0.5, "not A4 landscape: {width} x {height}");
    Ok(())
}

/// 100 participants a day for three days: each day starts on its own page, numbers its pages
/// "n / total" on its own, and repeats the table header on every page.
#[test]
fn three_days_of_a_hundred_rows_paginate_day_by_day() -> anyhow::Result<()> {
    let labels = ["Tuesday 3 March 2026", "Wednesday 4 March 2026", "Thursday 5 March 2026"];
    let days = labels.iter().map(|label| day(label, numbered_rows(100))).collect();
    let pdf = render(&sheet(days))?;
    let Some(poppler) = Poppler::open(&pdf)? else { return Ok(()) };
    let pages = poppler.page_count()?;
    // About a dozen 12 mm rows fit on an A4 landscape page; fewer than 7 or more than 13 pages a
    // day would mean the rows lost their height or the table broke.
    ensure!((3 * 7..=3 * 13).contains(&pages), "{pages} pages for 3 days of 100 rows");

    let mut day_starts = Vec::new();
    let mut day_lengths = Vec::new();
    for page in 1..=pages {
        let text = poppler.page_text(page)?;
        let (number, total) = footer_page_number(&text)?;
        if number == 1 {
            day_starts.push(page);
            day_lengths.push(total);
        }
        ensure_contains(&text, "Name / Nom / ឈ្មោះ")?;
        ensure_contains(&text, "Signature / ហត្ថលេខា / ລາຍເຊັນ")?;
        ensure_contains(&text, FUNDER_STATEMENT)?;
        ensure_contains(&text, GENERATED)?;
    }
    ensure!(day_starts.len() == 3, "day starts on pages {day_starts:?}");
    ensure!(day_lengths.iter().sum::<u32>() == pages, "day lengths {day_lengths:?} do not add up to {pages}");
    for (start, label) in day_starts.iter().zip(labels) {
        ensure_contains(&poppler.page_text(*start)?, label)?;
        // The continuation page names its day in the running header.
        ensure_contains(&poppler.page_text(start + 1)?, label)?;
    }
    Ok(())
}

fn numbered_rows(count: u32) -> Vec<AttendanceRow> {
    let people = mixed_script_rows();
    (1..=count).zip(people.iter().cycle()).map(|(number, person)| AttendanceRow { number, ..person.clone() }).collect()
}

/// The "n / total" of a page's footer: the last "number/number" in its text. pdftotext drops the
/// spaces around the slash at the footer's small size, although the PDF has them.
fn footer_page_number(page_text: &str) -> anyhow::Result<(u32, u32)> {
    let squeezed = page_text.replace(" / ", "/");
    squeezed
        .split(' ')
        .rev()
        .find_map(|word| {
            let (number, total) = word.split_once('/')?;
            Some((number.parse().ok()?, total.parse().ok()?))
        })
        .ok_or_else(|| anyhow::anyhow!("no page number in {page_text}"))
}
