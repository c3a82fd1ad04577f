//! Advocacy through its pages and API: the coordinator drafts a position with texts in French
//! and Khmer (a draft is seen by staff only), publishes it (then everyone reads it, in their
//! language with the fallback said), a stale form is a conflict, and the two-page brief of each
//! published theme reads back through poppler in French, Khmer and Lao: the text there, two pages.

use mekong_testkit::page::form_version;
use mekong_testkit::{TestApp, backend_tests};
use std::process::Command;

backend_tests!(
    a_position_is_drafted_published_and_read_by_everyone_in_their_language,
    each_brief_is_two_pages_whose_text_reads_back_in_every_script,
);

const COORDINATOR: &str = "coordinator@mekong.example";

/// Text of a PDF by poppler's `pdftotext`, and its page count by `pdfinfo`.
fn read_back(pdf: &[u8]) -> anyhow::Result<(String, u32)> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("brief.pdf");
    std::fs::write(&path, pdf)?;
    let text = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output()?;
    anyhow::ensure!(text.status.success(), "pdftotext: {}", String::from_utf8_lossy(&text.stderr));
    let info = Command::new("pdfinfo").arg(&path).output()?;
    anyhow::ensure!(info.status.success(), "pdfinfo");
    let info = String::from_utf8(info.stdout)?;
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no page count in {info}"))?;
    Ok((String::from_utf8(text.stdout)?, pages))
}

async fn a_position_is_drafted_published_and_read_by_everyone_in_their_language(app: TestApp) -> anyhow::Result<()> {
    let path = "/advocacy/urban_planning";
    // Nobody but the coordinator (and admins) writes; the focal point and secretariat are refused.
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let fields = [("version", "0"), ("title_fr", "x"), ("statement_fr", "y"), ("status", "published")];
    assert_eq!(focal.post_form(path, &fields).await?.status(), 403);
    let secretariat = app.signed_in("secretariat@mekong.example").await?;
    assert_eq!(secretariat.get(&format!("{path}/edit")).await?.status(), 403);

    let coordinator = app.signed_in(COORDINATOR).await?;
    let (status, form) = coordinator.get_text(&format!("{path}/edit")).await?;
    assert_eq!(status, 200);
    assert_eq!(form_version(&form, path), "0");
    // Too many messages for a brief: refused next to the field.
    let crowded = "a\nb\nc\nd\ne\nf\ng\nh\ni";
    let refused = coordinator
        .post_form(
            path,
            &[
                ("version", "0"),
                ("title_fr", "Planifier"),
                ("statement_fr", "Texte"),
                ("messages_fr", crowded),
                ("status", "draft"),
            ],
        )
        .await?;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await?.contains("id=\"messages_fr-error\""));
    let draft = [
        ("version", "0"),
        ("title_fr", "Planifier la ville avec ses habitants"),
        ("title_km", "រៀបចំផែនការទីក្រុងជាមួយប្រជាពលរដ្ឋ"),
        ("statement_fr", "Les plans d'urbanisme se font avec les quartiers.\n\nLe réseau partage ses méthodes."),
        ("statement_km", "ផែនការទីក្រុងត្រូវធ្វើជាមួយសហគមន៍។"),
        ("messages_fr", "Consulter les quartiers\nPublier les plans"),
        ("status", "draft"),
    ];
    assert_eq!(coordinator.post_form(path, &draft).await?.status(), 303);

    // A draft: staff read it, a visitor and a focal point do not find it.
    let visitor = app.visitor().await?;
    assert_eq!(visitor.get(path).await?.status(), 404);
    assert_eq!(focal.get(path).await?.status(), 404);
    assert_eq!(visitor.get(&format!("/api/v1{path}")).await?.status(), 404);
    assert_eq!(secretariat.get(path).await?.status(), 200);
    let public: serde_json::Value = visitor.get("/api/v1/advocacy").await?.json().await?;
    assert!(public.as_array().into_iter().flatten().all(|p| p["theme"] != "urban_planning"));

    // Published from the form read at version 1; the same form again is stale.
    let (_, form) = coordinator.get_text(&format!("{path}/edit")).await?;
    let version = form_version(&form, path);
    assert_eq!(version, "1");
    let mut published = draft.to_vec();
    published[0] = ("version", &version);
    published[6] = ("status", "published");
    assert_eq!(coordinator.post_form(path, &published).await?.status(), 303);
    assert_eq!(coordinator.post_form(path, &published).await?.status(), 409);

    // Everyone reads it: the Khmer reader in Khmer, the Lao reader in the fallback, said so.
    let khmer = app.signed_in("focal.phnompenh@mekong.example").await?;
    let (status, page) = khmer.get_text(path).await?;
    assert_eq!(status, 200);
    assert!(page.contains("រៀបចំផែនការទីក្រុងជាមួយប្រជាពលរដ្ឋ"));
    let lao = app.signed_in("focal.vientiane@mekong.example").await?;
    let (_, page) = lao.get_text(path).await?;
    assert!(page.contains("Planifier la ville avec ses habitants") && page.contains("Français"), "fallback named");
    let api: serde_json::Value = visitor.get(&format!("/api/v1{path}")).await?.json().await?;
    assert_eq!(api["status"], "published");
    assert_eq!(api["messages"]["fr"], serde_json::json!(["Consulter les quartiers", "Publier les plans"]));
    assert_eq!(api["version"], 2);
    Ok(())
}

async fn each_brief_is_two_pages_whose_text_reads_back_in_every_script(app: TestApp) -> anyhow::Result<()> {
    let visitor = app.visitor().await?;
    // French (the visitor's default), the demo's climate position.
    let pdf = visitor.get("/advocacy/climate_change/brief.pdf").await?;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    let (text, pages) = read_back(&pdf.bytes().await?)?;
    assert_eq!(pages, 2);
    for expected in [
        "Les villes en première ligne face au climat",
        "financements climat",
        "Messages clés",
        "Les crues urbaines à Vientiane",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // Khmer, shaped and extracted whole.
    let khmer = app.signed_in("focal.phnompenh@mekong.example").await?;
    let (text, pages) = read_back(&khmer.get("/advocacy/climate_change/brief.pdf").await?.bytes().await?)?;
    assert_eq!(pages, 2);
    assert!(text.contains("ទីក្រុងនៅជួរមុខនៃការប្រែប្រួលអាកាសធាតុ"), "{text}");
    // Lao: the heritage position's Lao texts.
    let lao = app.signed_in("focal.vientiane@mekong.example").await?;
    let (text, pages) = read_back(&lao.get("/advocacy/heritage/brief.pdf").await?.bytes().await?)?;
    assert_eq!(pages, 2);
    assert!(text.contains("ມໍລະດົກ ແມ່ນຊັບພະຍາກອນຂອງເມືອງ") && text.contains("ສຳຫຼວດຮ່ວມກັບປະຊາຊົນ"), "{text}");
    // No brief for a theme without a published position.
    assert_eq!(visitor.get("/advocacy/urban_governance/brief.pdf").await?.status(), 404);
    Ok(())
}
