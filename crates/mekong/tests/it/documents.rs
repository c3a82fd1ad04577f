//! The documents library through its pages and API: a document uploaded with its metadata,
//! a new version added (the first kept and still downloadable, a stale form a conflict), the
//! audience enforced on the page, the download, the API and search (a visitor never reads a
//! staff document, a focal point never another city's network document), the text of a DOCX
//! found by search from a Khmer word inside it, and hostile uploads refused with nothing saved.

use mekong_testkit::page::{between, form_version, location};
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(
    a_new_version_keeps_the_earlier_ones_and_a_stale_form_is_a_conflict,
    each_audience_reads_what_it_may_on_pages_downloads_api_and_search,
    a_khmer_word_inside_an_uploaded_document_is_found_within_its_rights,
    hostile_uploads_are_refused_cleanly_and_nothing_is_saved,
    a_document_links_the_good_practices_its_uploader_may_see,
);

const COORDINATOR: &str = "coordinator@mekong.example";
const FOCAL_PNH: &str = "focal.phnompenh@mekong.example";
const FOCAL_VTE: &str = "focal.vientiane@mekong.example";
const FOCAL_HUE: &str = "focal.hue@mekong.example";
const PARTNER: &str = "partner@mekong.example";

type Fields<'a> = &'a [(&'a str, &'a str)];

/// Uploads a document through the form; the response.
async fn upload(session: &HttpSession, fields: Fields<'_>, file: (&str, Vec<u8>)) -> anyhow::Result<reqwest::Response> {
    let fields: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    session
        .post_multipart("/documents", move |mut form| {
            for (name, value) in fields {
                form = form.text(name, value);
            }
            form.part("file", reqwest::multipart::Part::bytes(file.1).file_name(file.0.to_owned()))
        })
        .await
}

/// The demo document whose French or Khmer title contains `title`, by the admin's API list.
async fn demo_document(app: &TestApp, title: &str) -> anyhow::Result<String> {
    let admin = app.signed_in("admin@mekong.example").await?;
    let list: serde_json::Value = admin.get("/api/v1/documents").await?.json().await?;
    let found = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| {
            d["title"].as_object().is_some_and(|t| t.values().any(|v| v.as_str().is_some_and(|v| v.contains(title))))
        })
        .and_then(|d| d["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(!found.is_empty(), "demo document {title}");
    Ok(found)
}

/// The ids of the documents the API lists to `session`.
async fn listed(session: &HttpSession) -> anyhow::Result<Vec<String>> {
    let list: serde_json::Value = session.get("/api/v1/documents").await?.json().await?;
    Ok(list["items"].as_array().into_iter().flatten().filter_map(|d| d["id"].as_str().map(str::to_owned)).collect())
}

/// The paths search gives `session` for `query`.
async fn found(session: &HttpSession, query: &str) -> anyhow::Result<Vec<String>> {
    let response = session.get(&format!("/api/v1/search?q={}", urlencode(query))).await?;
    anyhow::ensure!(response.status() == 200, "search {query}: {}", response.status());
    let results: serde_json::Value = response.json().await?;
    Ok(results["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["path"].as_str().map(str::to_owned))
        .collect())
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn docx(title: &str, paragraphs: &[&str]) -> anyhow::Result<Vec<u8>> {
    mekong_docs::plain_docx(title, paragraphs).map_err(|e| anyhow::anyhow!("{e}"))
}

async fn a_new_version_keeps_the_earlier_ones_and_a_stale_form_is_a_conflict(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let first = docx("Guide du budget participatif", &["Étapes du budget participatif à Luang Prabang."])?;
    let sent = upload(
        &coordinator,
        &[
            ("title_fr", "Guide du budget participatif"),
            ("title_lo", "ຄູ່ມືງົບປະມານແບບມີສ່ວນຮ່ວມ"),
            ("kind", "toolkit"),
            ("themes", "urban_governance"),
            ("cities", "LA-LPQ"),
            ("language", "fr"),
            ("year", "2026"),
            ("organisation", "Ville de Luang Prabang"),
            ("audience", "public"),
        ],
        ("budget.docx", first.clone()),
    )
    .await?;
    assert_eq!(sent.status(), 303, "uploaded");
    let href = location(&sent);
    let (status, page) = coordinator.get_text(&href).await?;
    assert_eq!(status, 200);
    assert!(page.contains("Guide du budget participatif") && page.contains("ຄູ່ມືງົບປະມານແບບມີສ່ວນຮ່ວມ"));

    // A second version: the first stays listed and downloadable, byte for byte.
    let second = mekong_docs::plain_pdf("Guide du budget participatif", &["Version 2 : calendrier des assemblées."]);
    let version = form_version(&page, &format!("{href}/versions"));
    assert_eq!(version, "1");
    let added = coordinator
        .post_multipart(&format!("{href}/versions"), |form| {
            form.text("version", version.clone())
                .text("note", "Calendrier ajouté")
                .part("file", reqwest::multipart::Part::bytes(second.clone()).file_name("budget-v2.pdf"))
        })
        .await?;
    assert_eq!(added.status(), 303);
    let (_, page) = coordinator.get_text(&href).await?;
    assert!(page.contains("budget.docx") && page.contains("budget-v2.pdf") && page.contains("Calendrier ajouté"));
    let visitor = app.visitor().await?;
    let v1 = visitor.get(&format!("{href}/versions/1")).await?;
    assert_eq!(v1.status(), 200, "a public document downloads without signing in");
    assert_eq!(v1.bytes().await?.as_ref(), first.as_slice());
    assert_eq!(visitor.get(&format!("{href}/versions/2")).await?.bytes().await?.as_ref(), second.as_slice());
    assert_eq!(visitor.get(&format!("{href}/versions/3")).await?.status(), 404);
    let api: serde_json::Value = visitor.get(&format!("/api/v1{href}")).await?.json().await?;
    assert_eq!(api["versions"].as_array().map(Vec::len), Some(2));
    assert_eq!(api["version"], 2);

    // The form read at version 1 is stale now: a conflict, and no third version.
    let stale = coordinator
        .post_multipart(&format!("{href}/versions"), |form| {
            form.text("version", "1")
                .part("file", reqwest::multipart::Part::bytes(second.clone()).file_name("budget-v3.pdf"))
        })
        .await?;
    assert_eq!(stale.status(), 409);
    let api: serde_json::Value = visitor.get(&format!("/api/v1{href}")).await?.json().await?;
    assert_eq!(api["versions"].as_array().map(Vec::len), Some(2));

    // A focal point of another city adds no version to a document of Luang Prabang.
    let hue = app.signed_in(FOCAL_HUE).await?;
    let refused = hue
        .post_multipart(&format!("{href}/versions"), |form| {
            form.text("version", "2").part("file", reqwest::multipart::Part::bytes(second).file_name("x.pdf"))
        })
        .await?;
    assert_eq!(refused.status(), 403);
    Ok(())
}

async fn each_audience_reads_what_it_may_on_pages_downloads_api_and_search(app: TestApp) -> anyhow::Result<()> {
    let report = demo_document(&app, "Rapport interne de suivi").await?;
    let toolkit = demo_document(&app, "ស្តង់ដារទិន្នន័យសំណល់រឹង").await?;
    let study = demo_document(&app, "Les crues urbaines").await?;

    // A visitor: public documents only; asked to sign in for the others.
    let visitor = app.visitor().await?;
    for id in [&report, &toolkit] {
        for path in [format!("/documents/{id}"), format!("/documents/{id}/versions/1")] {
            let response = visitor.get(&path).await?;
            assert_eq!(response.status(), 303, "{path}");
            assert!(location(&response).starts_with("/login?next="), "{path}");
        }
        assert_eq!(visitor.get(&format!("/api/v1/documents/{id}")).await?.status(), 401);
    }
    assert_eq!(visitor.get(&format!("/documents/{study}/versions/2")).await?.status(), 200);
    let mut public = listed(&visitor).await?;
    public.sort();
    let mut expected = vec![study.clone(), demo_document(&app, "inventaire du patrimoine").await?];
    expected.sort();
    assert_eq!(public, expected);
    let (_, list) = visitor.get_text("/documents").await?;
    assert!(list.contains("Les crues urbaines") && !list.contains("Rapport interne"));

    // Phnom Penh's network toolkit: its focal point and staff, not Vientiane's focal point nor a partner.
    let phnom_penh = app.signed_in(FOCAL_PNH).await?;
    let vientiane = app.signed_in(FOCAL_VTE).await?;
    let partner = app.signed_in(PARTNER).await?;
    assert_eq!(phnom_penh.get(&format!("/documents/{toolkit}")).await?.status(), 200);
    assert_eq!(phnom_penh.get(&format!("/documents/{toolkit}/versions/1")).await?.status(), 200);
    assert!(listed(&phnom_penh).await?.contains(&toolkit));
    for other in [&vientiane, &partner] {
        assert_eq!(other.get(&format!("/documents/{toolkit}")).await?.status(), 403);
        assert_eq!(other.get(&format!("/documents/{toolkit}/versions/1")).await?.status(), 403);
        assert_eq!(other.get(&format!("/api/v1/documents/{toolkit}")).await?.status(), 403);
        assert!(!listed(other).await?.contains(&toolkit));
    }
    // The staff report: staff only.
    assert_eq!(phnom_penh.get(&format!("/documents/{report}/versions/1")).await?.status(), 403);
    let secretariat = app.signed_in("secretariat@mekong.example").await?;
    assert_eq!(secretariat.get(&format!("/documents/{report}/versions/1")).await?.status(), 200);
    assert!(listed(&secretariat).await?.contains(&report));

    // Search follows the same rights, on the text read from the files.
    let toolkit_path = format!("/documents/{toolkit}");
    assert!(found(&phnom_penh, "ប្រចាំខែ").await?.contains(&toolkit_path), "a word inside the DOCX");
    assert!(!found(&vientiane, "ប្រចាំខែ").await?.contains(&toolkit_path));
    assert!(!found(&visitor, "ប្រចាំខែ").await?.contains(&toolkit_path));
    let report_path = format!("/documents/{report}");
    assert!(found(&secretariat, "décaissement").await?.contains(&report_path), "a word inside the PDF");
    assert!(!found(&phnom_penh, "décaissement").await?.contains(&report_path));
    assert!(
        found(&visitor, "Sikhottabong").await?.contains(&format!("/documents/{study}")),
        "the current version's text"
    );
    Ok(())
}

async fn a_khmer_word_inside_an_uploaded_document_is_found_within_its_rights(app: TestApp) -> anyhow::Result<()> {
    let phnom_penh = app.signed_in(FOCAL_PNH).await?;
    let text = "សាលារាជធានីភ្នំពេញបានរៀបចំផែនការបង្ហូរទឹកភ្លៀងសម្រាប់រដូវវស្សា។";
    let sent = upload(
        &phnom_penh,
        &[
            ("title_km", "ផែនការទឹកភ្លៀង"),
            ("kind", "study"),
            ("themes", "urban_resilience"),
            ("cities", "KH-PNH"),
            ("language", "km"),
            ("year", "2026"),
            ("audience", "network"),
        ],
        ("ទឹកភ្លៀង.docx", docx("ផែនការ", &[text])?),
    )
    .await?;
    assert_eq!(sent.status(), 303, "a focal point adds their city's document");
    let path = location(&sent);
    // A word from the middle of the text, not in the title.
    assert!(found(&phnom_penh, "រដូវវស្សា").await?.contains(&path));
    let coordinator = app.signed_in(COORDINATOR).await?;
    assert!(found(&coordinator, "រដូវវស្សា").await?.contains(&path));
    let hue = app.signed_in(FOCAL_HUE).await?;
    assert!(found(&hue, "រដូវវស្សា").await?.is_empty());
    // The page of results shows it with its kind.
    let (_, page) = phnom_penh.get_text(&format!("/search?q={}", urlencode("រដូវវស្សា"))).await?;
    assert!(page.contains(&path), "the search page links the document");
    Ok(())
}

async fn hostile_uploads_are_refused_cleanly_and_nothing_is_saved(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let before = listed(&coordinator).await?.len();
    let fields: Fields =
        &[("title_fr", "Hostile"), ("kind", "report"), ("language", "fr"), ("year", "2026"), ("audience", "public")];
    let bomb = mekong_docs::samples::docx_bomb(40).map_err(|e| anyhow::anyhow!("{e}"))?;
    // Each refusal says why next to the file field, each in its own words (the coordinator reads French).
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("bomb.docx", bomb, 422, "se décompresse en plus"),
        ("fake.pdf", b"just some text pretending".to_vec(), 422, "type"),
        ("broken.pdf", b"%PDF-1.4\n%%EOF\n".to_vec(), 422, "pas pu être lu"),
        ("huge.pdf", [b"%PDF-1.4\n".as_slice(), &vec![b'0'; 21 * 1024 * 1024]].concat(), 422, "file-error"),
        ("bigger.pdf", [b"%PDF-1.4\n".as_slice(), &vec![b'0'; 40 * 1024 * 1024]].concat(), 413, ""),
    ];
    for (name, bytes, status, message) in cases {
        let response = upload(&coordinator, fields, (name, bytes)).await?;
        assert_eq!(response.status(), status, "{name}");
        let page = response.text().await?;
        if !message.is_empty() {
            let error = between(&page, "id=\"file-error\">", "</p>");
            assert!(!error.is_empty() && (page.contains(message)), "{name}: {message} in {error}");
        }
    }
    // No title: said next to the field, before any file is read.
    let response = coordinator.post_multipart("/documents", |form| form.text("kind", "report")).await?;
    assert_eq!(response.status(), 422);
    assert!(response.text().await?.contains("id=\"title_fr-error\""));
    assert_eq!(listed(&coordinator).await?.len(), before, "nothing saved");
    Ok(())
}

/// The id of the demo practice of `city`, as the coordinator (who sees drafts) lists them.
async fn demo_practice(app: &TestApp, city: &str) -> anyhow::Result<String> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let list: serde_json::Value = coordinator.get("/api/v1/practices").await?.json().await?;
    let found =
        list["items"].as_array().into_iter().flatten().find(|p| p["city"] == city).and_then(|p| p["id"].as_str());
    found.map(str::to_owned).ok_or_else(|| anyhow::anyhow!("a demo practice of {city}: {list}"))
}

async fn a_document_links_the_good_practices_its_uploader_may_see(app: TestApp) -> anyhow::Result<()> {
    let published = demo_practice(&app, "KH-PNH").await?;
    let draft = demo_practice(&app, "LA-VTE").await?;
    let focal = app.signed_in(FOCAL_PNH).await?;
    let (status, form) = focal.get_text("/documents/new").await?;
    assert_eq!(status, 200);
    let offered = between(&form, "<select id=\"practices\"", "</select>");
    assert!(offered.contains(&format!("value=\"{published}\"")), "a published practice is offered: {offered}");
    assert!(!offered.contains(&format!("value=\"{draft}\"")), "not another city's draft");

    fn checklist(practice: &str) -> [(&str, &str); 7] {
        [
            ("title_en", "Zone tendering checklist"),
            ("kind", "toolkit"),
            ("cities", "KH-PNH"),
            ("language", "en"),
            ("year", "2026"),
            ("audience", "public"),
            ("practices", practice),
        ]
    }
    let pdf = || ("checklist.pdf", mekong_docs::plain_pdf("Checklist", &["Zones"]));
    let before = listed(&focal).await?.len();
    let refused = upload(&focal, &checklist(&draft), pdf()).await?;
    assert_eq!(refused.status(), 422, "another city's draft cannot be linked");
    let page = refused.text().await?;
    assert!(page.contains("id=\"practices-error\""), "said beside the field");
    assert!(page.contains("aria-describedby=\"practices-error\""), "the select points at its error");
    assert_eq!(listed(&focal).await?.len(), before, "nothing saved");

    let sent = upload(&focal, &checklist(&published), pdf()).await?;
    assert_eq!(sent.status(), 303);
    let (_, page) = focal.get_text(&location(&sent)).await?;
    assert!(page.contains(&format!("href=\"/practices/{published}\"")), "the document's page links the practice");

    // Vientiane's focal point is offered their own draft.
    let vientiane = app.signed_in(FOCAL_VTE).await?;
    let (_, form) = vientiane.get_text("/documents/new").await?;
    assert!(between(&form, "<select id=\"practices\"", "</select>").contains(&format!("value=\"{draft}\"")));
    Ok(())
}
