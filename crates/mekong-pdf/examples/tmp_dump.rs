use mekong_pdf::*;
fn row(number: u32, name: &str, local: Option<&str>, org: &str, city: &str) -> AttendanceRow {
    AttendanceRow { number, name: name.into(), local_name: local.map(Into::into), organisation: org.into(), city: city.into(), checked_in: number % 2 == 1 }
}
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let people = vec![
        row(1, "Sok Chantha", Some("សុខ ចាន់ថា"), "Phnom Penh Capital Administration", "ភ្នំពេញ"),
        row(2, "Somphone Keomany", Some("ສົມພອນ ແກ້ວມະນີ"), "Vientiane Capital", "ວຽງຈັນ"),
        row(3, "Nguyễn Thị Hương", None, "Sở Xây dựng Thừa Thiên Huế", "Thừa Thiên Huế"),
        row(4, "Trần Văn Đức", None, "UBND thành phố Đà Nẵng", "Đà Nẵng"),
        row(5, "Amélie Lefèvre", None, "Mairie de Besançon, Direction des relations internationales et de la coopération décentralisée", "Besançon"),
        row(6, r#"#set page(width: 1cm) *bold* $x$ <label> ] ""#, Some("#pagebreak()"), "#text(size: 100pt)[BIG]", "= Heading"),
    ];
    let rows: Vec<_> = (1..=30).map(|n| AttendanceRow { number: n, ..people[(n as usize - 1) % people.len()].clone() }).collect();
    let s = AttendanceSheet {
        title: "ការប្រជុំបណ្តាញទីក្រុង / ກອງປະຊຸມເຄືອຂ່າຍ / Hội nghị mạng lưới đô thị".into(),
        subtitle: "3–5 March 2026 · Phnom Penh City Hall".into(),
        host: "Phnom Penh Capital Administration".into(),
        heading: "Attendance sheet / Feuille de présence / បញ្ជីវត្តមាន".into(),
        columns: AttendanceColumns { number: "No.".into(), name: "Name / Nom / ឈ្មោះ".into(), organisation: "Organisation / ອົງການ".into(), city: "City / Ville / Thành phố".into(), signature: "Signature / ហត្ថលេខា / ລາຍເຊັນ".into() },
        days: vec![AttendanceDay { label: "Tuesday 3 March 2026".into(), rows: rows.clone() }, AttendanceDay { label: "Wednesday 4 March 2026".into(), rows }],
        funder_statement: "This meeting is co-funded by the European Union. Its contents are the sole responsibility of the network and do not necessarily reflect the views of the European Union.".into(),
        generated: "Generated on 3 March 2026 at 08:00 by Mekong".into(),
    };
    std::fs::write("/tmp/sheet.pdf", render_pdf(Template::AttendanceSheet, &s)?)?;
    Ok(())
}
