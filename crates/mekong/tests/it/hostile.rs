//! Hostile input (issue 11): files and text built to crash the server, stop the mail or corrupt a
//! figure, thrown at the real application. Each must be refused with a clear message while the
//! process stays up and its memory stays bounded.

use crate::results::in_english;
use mekong_testkit::page::period_id;
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(spreadsheet_bombs_are_refused_with_a_message_and_memory_stays_bounded,);

/// Peak resident memory of this test process (nextest runs each test in its own process), in MB.
/// The server runs in this process, so its allocations count here.
fn peak_resident_megabytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or_default();
    let kilobytes: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or_default();
    kilobytes / 1024
}

/// What the process may hold at its peak while refusing the bombs. Before the limits, the
/// dimension bomb asked for 549,755,813,888 bytes and 1 GB of zeros cost 1 GB before its refusal.
const RESIDENT_CEILING_MB: u64 = 250;

async fn upload(session: &HttpSession, path: &str, bytes: Vec<u8>) -> anyhow::Result<(u16, String)> {
    let response = session
        .post_multipart(path, |form| {
            form.text("kind", "people").part("file", reqwest::multipart::Part::bytes(bytes).file_name("sheet.xlsx"))
        })
        .await?;
    Ok((response.status().as_u16(), response.text().await?))
}

async fn spreadsheet_bombs_are_refused_with_a_message_and_memory_stays_bounded(app: TestApp) -> anyhow::Result<()> {
    let focal = in_english(&app, "focal.hue@mekong.example").await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let year = period_id(&focal, "SGA4", "2026").await?;
    let grid_upload = format!("/results/SGA4/periods/{year}/VN-HUI/upload");
    let cells = mekong_docs::samples::dimension_bomb().map_err(|e| anyhow::anyhow!("{e}"))?;
    assert!(cells.len() < 10_000, "a small file: {} bytes", cells.len());
    // 1 GB of zeros packed into about a megabyte, under the upload limit.
    let zeros = mekong_docs::samples::zip_bomb(1024).map_err(|e| anyhow::anyhow!("{e}"))?;
    let lying = mekong_docs::samples::lying_bomb(256).map_err(|e| anyhow::anyhow!("{e}"))?;
    let before = peak_resident_megabytes();
    for (session, path) in [(&focal, grid_upload.as_str()), (&coordinator, "/directory/import")] {
        let (status, page) = upload(session, path, cells.clone()).await?;
        assert_eq!(status, 422, "{path}");
        assert!(page.contains("at most 100,000 rows and 256 columns"), "{path}: {page}");
        let (status, page) = upload(session, path, zeros.clone()).await?;
        assert_eq!(status, 422, "{path}");
        assert!(page.contains("unpacks to more than 64 MB"), "{path}: {page}");
        let (status, _) = upload(session, path, lying.clone()).await?;
        assert_eq!(status, 422, "{path}: a part larger than it declares is refused");
    }
    // Still serving, and it never held the bombs unpacked.
    assert_eq!(focal.get_text(&format!("/results/SGA4/periods/{year}/VN-HUI")).await?.0, 200);
    let peak = peak_resident_megabytes();
    eprintln!("peak resident memory: {before} MB before the uploads, {peak} MB after");
    assert!(peak < RESIDENT_CEILING_MB, "peak resident memory {peak} MB over {RESIDENT_CEILING_MB} MB");
    Ok(())
}
