//! Times the attendance sheet for 300 participants with mixed-script names, one day and three days.
//!
//! Run with `cargo run --release -p mekong-pdf --example attendance_bench [directory]`; given a
//! directory, it also writes the two PDFs there to be looked at. It prints figures; it never fails
//! on time. "cold" clears typst's memoisation cache before each render, as when the
//! server prints a sheet it has not printed recently; "warm" renders the same sheet again, which
//! reuses the layout of unchanged rows.

use std::time::{Duration, Instant};

use mekong_pdf::{AttendanceColumns, AttendanceDay, AttendanceRow, AttendanceSheet, Template, render_pdf};

const PARTICIPANTS: u32 = 300;
const RUNS: usize = 5;

const KHMER: [(&str, &str); 6] = [
    ("Sok Chantha", "សុខ ចាន់ថា"),
    ("Chea Sophal", "ជា សុផល"),
    ("Keo Sreymom", "កែវ ស្រីមុំ"),
    ("Hun Vannak", "ហ៊ុន វណ្ណៈ"),
    ("Meas Bopha", "មាស បុប្ផា"),
    ("Ly Rathanak", "លី រតនៈ"),
];
const LAO: [(&str, &str); 5] = [
    ("Somphone Keomany", "ສົມພອນ ແກ້ວມະນີ"),
    ("Bounmy Phommachanh", "ບຸນມີ ພົມມະຈັນ"),
    ("Khamla Sisouk", "ຄຳລາ ສີສຸກ"),
    ("Vilay Souvannavong", "ວິໄລ ສຸວັນນະວົງ"),
    ("Noy Inthavong", "ນ້ອຍ ອິນທະວົງ"),
];
const VIETNAMESE: [&str; 6] =
    ["Nguyễn Thị Hương", "Trần Văn Đức", "Lê Hoàng Yến", "Phạm Quốc Bảo", "Võ Thị Ngọc Ánh", "Đặng Minh Khôi"];
const FRENCH: [&str; 4] = ["Amélie Lefèvre", "François Dupré", "Hélène Garçon", "Jérôme Bénard"];
const CITIES: [(&str, &str); 8] = [
    ("Phnom Penh Capital Administration", "ភ្នំពេញ"),
    ("Siem Reap Provincial Hall", "សៀមរាប"),
    ("Vientiane Capital", "ວຽງຈັນ"),
    ("Luang Prabang Municipality", "ຫຼວງພະບາງ"),
    ("Sở Xây dựng Thừa Thiên Huế", "Thừa Thiên Huế"),
    ("UBND thành phố Đà Nẵng", "Đà Nẵng"),
    ("Sở Quy hoạch Kiến trúc TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ("Mairie de Besançon, Direction des relations internationales", "Besançon"),
];

fn participant(number: u32) -> AttendanceRow {
    let index = number as usize;
    let (name, local_name) = match number % 4 {
        0 => pick(&KHMER, index).map_or(("", None), |(latin, khmer)| (*latin, Some(*khmer))),
        1 => pick(&LAO, index).map_or(("", None), |(latin, lao)| (*latin, Some(*lao))),
        2 => (pick(&VIETNAMESE, index).copied().unwrap_or_default(), None),
        _ => (pick(&FRENCH, index).copied().unwrap_or_default(), None),
    };
    let (organisation, city) = pick(&CITIES, index / 3).copied().unwrap_or_default();
    AttendanceRow {
        number,
        name: name.to_owned(),
        local_name: local_name.map(str::to_owned),
        organisation: organisation.to_owned(),
        city: city.to_owned(),
        checked_in: !number.is_multiple_of(3),
    }
}

fn pick<T>(items: &[T], index: usize) -> Option<&T> {
    items.get(index % items.len().max(1))
}

fn sheet(day_labels: &[&str]) -> AttendanceSheet {
    let rows: Vec<AttendanceRow> = (1..=PARTICIPANTS).map(participant).collect();
    AttendanceSheet {
        title: "ការប្រជុំបណ្តាញទីក្រុង / ກອງປະຊຸມເຄືອຂ່າຍ / Hội nghị mạng lưới đô thị".to_owned(),
        subtitle: "3–5 March 2026 · Phnom Penh City Hall".to_owned(),
        host: "Phnom Penh Capital Administration".to_owned(),
        heading: "Attendance sheet / Feuille de présence / បញ្ជីវត្តមាន".to_owned(),
        columns: AttendanceColumns {
            number: "No.".to_owned(),
            name: "Name / Nom / ឈ្មោះ".to_owned(),
            organisation: "Organisation / ອົງການ".to_owned(),
            city: "City / Ville / Thành phố".to_owned(),
            signature: "Signature / ហត្ថលេខា / ລາຍເຊັນ".to_owned(),
        },
        days: day_labels.iter().map(|label| AttendanceDay { label: (*label).to_owned(), rows: rows.clone() }).collect(),
        funder_statement: "This meeting is co-funded by the European Union. Its contents are the sole responsibility \
                           of the network and do not necessarily reflect the views of the European Union."
            .to_owned(),
        generated: "Generated on 3 March 2026 at 08:00 (Asia/Phnom_Penh) by Mekong".to_owned(),
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn time_renders(sheet: &AttendanceSheet, clear_cache: bool) -> Result<(Duration, usize), mekong_pdf::PdfError> {
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        if clear_cache {
            typst::comemo::evict(0);
        }
        let start = Instant::now();
        let pdf = render_pdf(Template::AttendanceSheet, sheet)?;
        times.push(start.elapsed());
        size = pdf.len();
    }
    Ok((median(times), size))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let one_day = sheet(&["Tuesday 3 March 2026"]);
    let three_days = sheet(&["Tuesday 3 March 2026", "Wednesday 4 March 2026", "Thursday 5 March 2026"]);

    // The first render also parses the fonts and builds typst's standard library.
    let start = Instant::now();
    render_pdf(Template::AttendanceSheet, &one_day)?;
    println!("first render in the process (fonts, library, 1 day): {:.0} ms", start.elapsed().as_secs_f64() * 1e3);

    println!("{PARTICIPANTS} participants, median of {RUNS} renders:");
    for (label, sheet) in [("1 day ", &one_day), ("3 days", &three_days)] {
        if let Some(directory) = std::env::args().nth(1) {
            let file =
                std::path::Path::new(&directory).join(format!("attendance-{}.pdf", label.trim().replace(' ', "-")));
            std::fs::write(file, render_pdf(Template::AttendanceSheet, sheet)?)?;
        }
        for (cache, clear_cache) in [("cold", true), ("warm", false)] {
            let (time, size) = time_renders(sheet, clear_cache)?;
            println!(
                "  {label} {cache} cache: {:7.1} ms per render, {:6.1} KiB",
                time.as_secs_f64() * 1e3,
                size as f64 / 1024.0
            );
        }
    }
    Ok(())
}
