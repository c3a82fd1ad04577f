//! Reports from live data: the coordinator's narrative pre-filled from the plan and signed off
//! by the secretariat, snapshots only of locked periods, every figure adding up from the records
//! its page lists, and a snapshot that reads back exactly as it was hashed.

use mekong_app::policy::Actor;
use mekong_core::reporting::snapshot_hash;
use mekong_testkit::page::{between, form_version, location};
use mekong_testkit::{HttpSession, TestApp, backend_tests, skip_or_fail};
use std::io::Read;

backend_tests!(
    the_coordinator_writes_the_narrative_and_the_secretariat_signs_it_off,
    a_snapshot_needs_a_locked_period_and_each_figure_adds_up_from_its_records,
    a_snapshot_reads_back_as_it_was_hashed_and_its_figure_pages_list_their_records,
    every_report_comes_out_of_one_snapshot_identical_and_reads_back,
    the_command_line_writes_each_report_of_a_period,
);

const COORDINATOR: &str = "coordinator@mekong.example";
const SECRETARIAT: &str = "secretariat@mekong.example";

async fn the_coordinator_writes_the_narrative_and_the_secretariat_signs_it_off(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    // 2024 is locked and has no narrative yet: the form starts from the plan.
    let (status, page) = coordinator.get_text("/reports/SGA4/2024").await?;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"done:OC1\""), "a section per logframe entry");
    assert!(!page.contains("name=\"done:IMP\""), "the impact is not reported on per period");
    let version = form_version(&page, "/reports/SGA4/2024");
    assert_eq!(version, "0");

    let long = "é".repeat(3_001);
    let refused = coordinator
        .post_form(
            "/reports/SGA4/2024",
            &[("version", "0"), ("language", "fr"), ("stage", "interim"), ("status", "final"), ("summary", &long)],
        )
        .await?;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await?;
    assert!(page.contains("demi-page"), "the summary's limit, in French, next to it");

    let khmer = coordinator
        .post_form(
            "/reports/SGA4/2024",
            &[("version", "0"), ("language", "km"), ("stage", "interim"), ("status", "draft")],
        )
        .await?;
    assert_eq!(khmer.status(), 422, "a report to the EU is in French or English");

    let fields = [
        ("version", "0"),
        ("language", "fr"),
        ("stage", "interim"),
        ("status", "final"),
        ("summary", "Une année d’échanges entre Phnom Penh, Vientiane et Huế."),
        ("done:OC1", "Deux rencontres régionales."),
        ("deviations:OC1", "Une réunion reportée."),
    ];
    let saved = coordinator.post_form("/reports/SGA4/2024", &fields).await?;
    assert_eq!(saved.status(), 303);
    // The same form posted again from version 0 is a conflict, not an overwrite.
    let stale = coordinator.post_form("/reports/SGA4/2024", &fields).await?;
    assert_eq!(stale.status(), 409);

    let secretariat = app.signed_in(SECRETARIAT).await?;
    let (_, page) = secretariat.get_text("/reports/SGA4/2024").await?;
    let version = form_version(&page, "/reports/SGA4/2024/sign-off");
    assert_eq!(version, "1");
    let signed = secretariat
        .post_form("/reports/SGA4/2024/sign-off", &[("version", "1"), ("decision", "sign"), ("comment", "Conforme.")])
        .await?;
    assert_eq!(signed.status(), 303);
    let (_, reports) = coordinator.get_text("/reports/SGA4").await?;
    assert!(reports.contains("Secrétariat AIMF (démo), "), "who signed off, and when, on the Reports page");

    let changed = coordinator
        .post_form(
            "/reports/SGA4/2024",
            &[("version", "2"), ("language", "fr"), ("stage", "interim"), ("status", "final"), ("summary", "Autre")],
        )
        .await?;
    assert_eq!(changed.status(), 422, "a signed-off narrative changes only once reopened");
    assert!(changed.text().await?.contains("rouvert"));

    let without_reason =
        secretariat.post_form("/reports/SGA4/2024/sign-off", &[("version", "2"), ("decision", "reopen")]).await?;
    assert_eq!(without_reason.status(), 422, "reopening says why");
    let reopened = secretariat
        .post_form(
            "/reports/SGA4/2024/sign-off",
            &[("version", "2"), ("decision", "reopen"), ("comment", "Ajouter les chiffres de Huế.")],
        )
        .await?;
    assert_eq!(reopened.status(), 303);
    let narrative = app.app.narrative(&Actor::command_line(), "SGA4", "2024").await?;
    let narrative = narrative.narrative.ok_or_else(|| anyhow::anyhow!("saved"))?;
    assert!(narrative.signed_off.is_none());
    assert_eq!(narrative.version, 3);
    assert_eq!(narrative.sections["OC1"].deviations, "Une réunion reportée.");

    // The focal point reads the reports of the programme but writes nothing.
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    assert_eq!(focal.get_text("/reports/SGA4/2024").await?.0, 200);
    let refused = focal.post_form("/reports/SGA4/2024", &fields).await?;
    assert_eq!(refused.status(), 403);
    Ok(())
}

async fn a_snapshot_needs_a_locked_period_and_each_figure_adds_up_from_its_records(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let open = coordinator.post_form("/reports/SGA4/2026/snapshots", &[]).await?;
    assert_eq!(open.status(), 422, "2026 is not locked");
    assert!(open.text().await?.contains("verrouillée"));

    let taken = coordinator.post_form("/reports/SGA4/2025/snapshots", &[]).await?;
    assert_eq!(taken.status(), 303);
    let id: uuid::Uuid = location(&taken).trim_start_matches("/reports/snapshots/").parse()?;
    let view = app.app.snapshot(&Actor::command_line(), id).await?;
    let snapshot = &view.snapshot;
    assert_eq!(snapshot.period.code, "2025");
    assert_eq!(snapshot.programme.countries.len(), 3, "Cambodia, Laos, Vietnam");

    // Money: the total spent is the sum of the approved 2025 expenses' converted amounts.
    let total = snapshot.finance.rows.iter().find(|r| r.kind == "total").ok_or_else(|| anyhow::anyhow!("total"))?;
    let spent = &snapshot.figures[&total.spent_figure];
    assert!(!spent.records.is_empty(), "approved 2025 expenses behind the total");
    let lines: i64 = snapshot.finance.rows.iter().filter(|r| r.kind == "line").map(|r| r.spent.amount_minor()).sum();
    assert_eq!(lines, total.spent.amount_minor(), "lines add up to the total");
    let headings: i64 =
        snapshot.finance.rows.iter().filter(|r| r.kind == "heading").map(|r| r.spent.amount_minor()).sum();
    assert_eq!(headings, total.spent.amount_minor(), "headings add up to the total");
    assert!(total.spent.amount_minor() > 0);
    assert_eq!(total.spent.currency(), mekong_core::money::Currency::EUR);

    // People: women and men never exceed those who took part, each counted once per event.
    let participants = &snapshot.figures["participants"];
    let women = &snapshot.figures["women"];
    let men = &snapshot.figures["men"];
    assert_eq!(participants.display, participants.records.len().to_string());
    assert!(women.records.len() + men.records.len() <= participants.records.len());
    let per_event: usize = snapshot.events.iter().map(|e| snapshot.figures[&e.participants.figure].records.len()).sum();
    assert_eq!(per_event, participants.records.len(), "the events' participants add up to the total");

    // Indicators: a value printed has the records behind it (a count of nothing is zero).
    let mut with_records = 0;
    for row in snapshot.logframe.iter().filter(|r| !r.current.figure.is_empty()) {
        let figure = &snapshot.figures[&row.current.figure];
        assert!(!figure.records.is_empty() || figure.display == "0", "{} has records", row.indicator_code);
        with_records += usize::from(!figure.records.is_empty());
    }
    assert!(with_records > 3, "the demo's validated 2025 values are behind the logframe's figures");
    Ok(())
}

async fn a_snapshot_reads_back_as_it_was_hashed_and_its_figure_pages_list_their_records(
    app: TestApp,
) -> anyhow::Result<()> {
    // The demo took a snapshot of 2025: the Reports page lists it with its hash.
    let auditor = app.signed_in("auditor@mekong.example").await?;
    let (status, reports) = auditor.get_text("/reports/SGA4").await?;
    assert_eq!(status, 200);
    let id = between(&reports, "href=\"/reports/snapshots/", "\"");
    let view = app.app.snapshot(&Actor::command_line(), id.parse()?).await?;
    let json = view.snapshot.to_json()?;
    assert_eq!(snapshot_hash(&json), view.sha256, "the stored text is the hashed text, and reads back to it");
    assert!(reports.contains(&view.sha256[..12]));

    let (status, page) = auditor.get_text(&format!("/reports/snapshots/{id}")).await?;
    assert_eq!(status, 200);
    assert!(page.contains(&view.sha256));
    let spent = view.snapshot.figures.get("spent-total").ok_or_else(|| anyhow::anyhow!("spent-total"))?;
    let (status, page) = auditor.get_text(&format!("/reports/snapshots/{id}/figures/spent-total")).await?;
    assert_eq!(status, 200);
    for record in spent.records.iter().take(50) {
        assert!(page.contains(&format!("href=\"{}\"", record.path)), "{} listed", record.label);
    }
    // The same through the API.
    let figure: serde_json::Value =
        auditor.get(&format!("/api/v1/reports/snapshots/{id}/figures/spent-total")).await?.json().await?;
    assert_eq!(figure["records"].as_array().map(Vec::len), Some(spent.records.len()));
    assert_eq!(figure["snapshot_sha256"], view.sha256.as_str());
    let periods: serde_json::Value = auditor.get("/api/v1/reports/SGA4").await?.json().await?;
    let listed = periods.as_array().and_then(|p| p.iter().find(|p| p["code"] == "2025")).cloned().unwrap_or_default();
    assert_eq!(listed["locked"], true);
    assert_eq!(listed["narrative_status"], "draft");
    assert!(listed["snapshots"].as_array().is_some_and(|s| s.iter().any(|s| s["id"] == id.as_str())));
    // Past the last page is no page.
    assert_eq!(auditor.get_text(&format!("/reports/snapshots/{id}/figures/spent-total?page=99")).await?.0, 404);
    assert_eq!(auditor.get_text(&format!("/reports/snapshots/{id}/figures/nothing")).await?.0, 404);
    // A partner reads no reports.
    let partner = app.signed_in("partner@mekong.example").await?;
    assert_eq!(partner.get_text(&format!("/reports/snapshots/{id}")).await?.0, 403);
    Ok(())
}

/// Names in the three scripts of the network, which every document must carry exactly.
const NAMES: [&str; 3] = ["សាលារាជធានីភ្នំពេញ", "ນະຄອນຫຼວງວຽງຈັນ", "Thành phố Huế"];

async fn download(session: &HttpSession, path: &str, content_type: &str) -> anyhow::Result<Vec<u8>> {
    let response = session.get(path).await?;
    anyhow::ensure!(response.status() == 200, "{path}: {}", response.status());
    let got = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    anyhow::ensure!(got == content_type, "{path}: {got}");
    Ok(response.bytes().await?.to_vec())
}

/// A part of an Office file, as text.
fn part(bytes: &[u8], name: &str) -> anyhow::Result<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut text = String::new();
    archive.by_name(name)?.read_to_string(&mut text)?;
    Ok(text)
}

async fn every_report_comes_out_of_one_snapshot_identical_and_reads_back(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let (_, reports) = coordinator.get_text("/reports/SGA4").await?;
    let version = form_version(&reports, "/reports/SGA4/settings");
    let partners = NAMES.join("\n");
    let saved = coordinator
        .post_form(
            "/reports/SGA4/settings",
            &[
                ("version", &version),
                ("beneficiary", "Association Internationale des Maires Francophones"),
                ("contact", "Coordination régionale, Phnom Penh"),
                ("partners", &partners),
                ("statement", "co_funded"),
                ("disclaimer_fr", "Avertissement de test."),
                ("disclaimer_en", "Test disclaimer."),
            ],
        )
        .await?;
    assert_eq!(saved.status(), 303);
    let taken = coordinator.post_form("/reports/SGA4/2025/snapshots", &[]).await?;
    assert_eq!(taken.status(), 303);
    let id: uuid::Uuid = location(&taken).trim_start_matches("/reports/snapshots/").parse()?;
    let view = app.app.snapshot(&Actor::command_line(), id).await?;
    let base = format!("/reports/snapshots/{id}");

    // The narrative as DOCX: Word headings, the logframe as a table, each figure a link to
    // its records, the partners' names whole, the hash printed; the same bytes twice.
    let docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let docx = download(&coordinator, &format!("{base}/eu-narrative.docx"), docx_type).await?;
    assert_eq!(docx, download(&coordinator, &format!("{base}/eu-narrative.docx"), docx_type).await?);
    let document = part(&docx, "word/document.xml")?;
    let xml = roxmltree::Document::parse(&document)?;
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let styles: Vec<&str> =
        xml.descendants().filter(|n| n.has_tag_name((w, "pStyle"))).filter_map(|n| n.attribute((w, "val"))).collect();
    assert!(styles.iter().any(|s| s.starts_with("Heading1")), "Word headings: {styles:?}");
    assert!(xml.descendants().filter(|n| n.has_tag_name((w, "tbl"))).count() >= 3, "real tables");
    let text: String = xml.descendants().filter(|n| n.has_tag_name((w, "t"))).filter_map(|n| n.text()).collect();
    for name in NAMES {
        assert!(text.contains(name), "{name} in the DOCX");
    }
    assert!(text.contains(&view.sha256), "the snapshot's hash printed");
    let relations = part(&docx, "word/_rels/document.xml.rels")?;
    let participants_url = view.snapshot.figure_url("participants");
    assert!(relations.contains(&participants_url), "the participants' figure links to its records");
    let figure_path = participants_url.trim_start_matches(&view.snapshot.base_url);
    assert_eq!(coordinator.get_text(figure_path).await?.0, 200, "and the link leads to them");

    // The financial report as XLSX, read back by calamine: the total row's spent amount.
    let xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let xlsx = download(&coordinator, &format!("{base}/eu-financial.xlsx"), xlsx_type).await?;
    assert_eq!(xlsx, download(&coordinator, &format!("{base}/eu-financial.xlsx"), xlsx_type).await?);
    use calamine::Reader;
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(xlsx))?;
    let sheet = workbook.sheet_names().first().cloned().unwrap_or_default();
    let range = workbook.worksheet_range(&sheet)?;
    let total =
        view.snapshot.finance.rows.iter().find(|r| r.kind == "total").ok_or_else(|| anyhow::anyhow!("total"))?;
    let spent = total.spent.amount_minor() as f64 / 100.0;
    let found = range.rows().any(|row| {
        row.iter().any(|c| c.to_string() == total.label)
            && row.iter().any(|c| matches!(c, calamine::Data::Float(v) if (v - spent).abs() < 0.005))
    });
    assert!(found, "the total row with {spent} spent");

    // The PDFs: the names extracted exactly, every font embedded; the note on two pages.
    for (file, pages) in [("eu-narrative.pdf", None), ("aimf-note.pdf", Some(2))] {
        let pdf = download(&coordinator, &format!("{base}/{file}"), "application/pdf").await?;
        assert_eq!(pdf, download(&coordinator, &format!("{base}/{file}"), "application/pdf").await?, "{file}");
        if !["pdftotext", "pdffonts", "pdfinfo"]
            .iter()
            .all(|t| std::process::Command::new(t).arg("-v").output().is_ok())
        {
            return skip_or_fail("poppler-utils (pdftotext, pdffonts, pdfinfo)");
        }
        let path = tempfile::Builder::new().suffix(".pdf").tempfile()?;
        std::fs::write(path.path(), &pdf)?;
        let run = |tool: &str| -> anyhow::Result<String> {
            Ok(String::from_utf8(std::process::Command::new(tool).arg(path.path()).arg("-").output()?.stdout)?)
        };
        if pages.is_none() {
            let text = run("pdftotext")?;
            for name in NAMES {
                assert!(text.replace('\n', " ").contains(name), "{name} in {file}");
            }
        }
        let fonts = String::from_utf8(std::process::Command::new("pdffonts").arg(path.path()).output()?.stdout)?;
        for line in fonts.lines().skip(2).filter(|l| !l.trim().is_empty()) {
            assert_eq!(line.split_whitespace().rev().nth(4), Some("yes"), "{file}: every font embedded: {line}");
        }
        if let Some(count) = pages {
            let info = String::from_utf8(std::process::Command::new("pdfinfo").arg(path.path()).output()?.stdout)?;
            assert!(
                info.lines().any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(&count.to_string())),
                "{info}"
            );
        }
    }
    Ok(())
}

/// `mekong report ...` on the test's database; a report of the same snapshot as the pages'.
async fn the_command_line_writes_each_report_of_a_period(app: TestApp) -> anyhow::Result<()> {
    let dir = app.database.data_dir.path();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
            .env_remove("MEKONG_DATA_DIR")
            .env_remove("MEKONG_DATABASE_URL")
            .args(["--data-dir", &dir.to_string_lossy(), "--database-url", &app.database.url])
            .args(args)
            .env("LANG", "en_GB.UTF-8")
            .output()
    };
    let of = |file: &str| dir.join(file).to_string_lossy().to_string();
    for (args, file, magic) in [
        (vec!["eu-narrative", "--format", "docx"], "narrative.docx", &b"PK"[..]),
        (vec!["eu-narrative", "--format", "pdf"], "narrative.pdf", &b"%PDF"[..]),
        (vec!["eu-financial"], "financial.xlsx", &b"PK"[..]),
        (vec!["aimf-note"], "note.pdf", &b"%PDF"[..]),
    ] {
        let path = of(file);
        let mut command = vec!["report"];
        command.extend(args);
        command.extend(["--programme", "SGA4", "--period", "2025", &path]);
        let output = run(&command)?;
        assert!(output.status.success(), "{command:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(std::fs::read(&path)?.starts_with(magic), "{file}");
    }
    // The demo's snapshot is the one printed: the file is the page's download, byte for byte.
    let id = app.app.latest_snapshot(&Actor::command_line(), "SGA4", "2025").await?;
    let coordinator = app.signed_in(COORDINATOR).await?;
    let xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let downloaded = download(&coordinator, &format!("/reports/snapshots/{id}/eu-financial.xlsx"), xlsx_type).await?;
    assert_eq!(std::fs::read(of("financial.xlsx"))?, downloaded);

    let unlocked = run(&["report", "aimf-note", "--programme", "SGA4", "--period", "2026", &of("open.pdf")])?;
    assert!(!unlocked.status.success());
    assert!(
        String::from_utf8_lossy(&unlocked.stderr).to_lowercase().contains("lock the period"),
        "{}",
        String::from_utf8_lossy(&unlocked.stderr)
    );
    let again = run(&["report", "aimf-note", "--programme", "SGA4", "--period", "2025", &of("note.pdf")])?;
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    Ok(())
}
