//! Technical assistance end to end through the pages: Vientiane's focal point asks for help
//! with a document, the coordinator triages and assigns a peer city's officer as expert (who
//! then sees the request and adds a note), the overdue work reaches the coordinator's home
//! page, the delivery is recorded and the city rates the help; with the rights checked at each
//! step (another city's focal point sees nothing of it) and the history on the request's page.

use mekong_testkit::page::{between, form_version, location};
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(
    a_request_goes_from_the_city_to_its_rating_with_the_rights_of_each_step,
    a_refusal_needs_a_reason_and_the_list_shows_only_what_the_reader_may_see,
);

const COORDINATOR: &str = "coordinator@mekong.example";
const SECRETARIAT: &str = "secretariat@mekong.example";
const FOCAL_VTE: &str = "focal.vientiane@mekong.example";
const FOCAL_HUE: &str = "focal.hue@mekong.example";
/// Phnom Penh's focal point, whose directory record (Chan Sokha) is the expert: a peer city's officer.
const FOCAL_PNH: &str = "focal.phnompenh@mekong.example";
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

/// Vientiane's focal point sends a request with a document; the request's page.
async fn vientiane_asks(app: &TestApp, title: &str) -> anyhow::Result<String> {
    let focal = app.signed_in(FOCAL_VTE).await?;
    let sent = focal
        .post_multipart("/assistance", |form| {
            form.text("city", "LA-VTE")
                .text("title", title.to_owned())
                .text("need", "A drainage plan for the old town")
                .text("theme", "urban_resilience")
                .text("urgency", "high")
                .part("documents", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("ແຜນທີ່.pdf"))
        })
        .await?;
    anyhow::ensure!(sent.status() == 303, "request sent: {}", sent.status());
    Ok(location(&sent))
}

/// Posts a step's form with the version of the form on the request's page, or (when the page
/// offers no such form to this reader) the current one, so that only the rules can refuse it.
async fn step(
    session: &HttpSession,
    href: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> anyhow::Result<reqwest::Response> {
    let (_, page) = session.get_text(href).await?;
    let mut version = form_version(&page, &format!("{href}/{action}"));
    if version.is_empty() {
        let json: serde_json::Value = session.get(&format!("/api/v1{href}")).await?.json().await?;
        version = json["version"].as_i64().unwrap_or_default().to_string();
    }
    let mut all = fields.to_vec();
    all.push(("version", &version));
    session.post_form(&format!("{href}/{action}"), &all).await
}

async fn a_request_goes_from_the_city_to_its_rating_with_the_rights_of_each_step(app: TestApp) -> anyhow::Result<()> {
    // Huế's focal point cannot ask in Vientiane's name.
    let hue = app.signed_in(FOCAL_HUE).await?;
    let refused = hue
        .post_multipart("/assistance", |form| {
            form.text("city", "LA-VTE")
                .text("title", "x")
                .text("need", "y")
                .text("theme", "heritage")
                .text("urgency", "low")
        })
        .await?;
    assert_eq!(refused.status(), 403);

    let href = vientiane_asks(&app, "Drainage of the old town").await?;
    assert!(href.starts_with("/assistance/"), "{href}");
    let vientiane = app.signed_in(FOCAL_VTE).await?;
    let (status, page) = vientiane.get_text(&href).await?;
    assert_eq!(status, 200);
    assert!(page.contains("TA-2026-005"), "numbered after the demo's four");
    let document = between(&page, &format!("href=\"{href}/documents/"), "\"");
    assert!(!document.is_empty(), "the document linked");
    let file = vientiane.get(&format!("{href}/documents/{document}")).await?;
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await?.as_ref(), PDF);
    assert!(!page.contains(&format!("action=\"{href}/triage\"")), "no triage for the city");

    // Another city's focal point, and the future expert before the assignment, see nothing.
    assert_eq!(hue.get(&href).await?.status(), 403);
    assert_eq!(hue.get(&format!("{href}/documents/{document}")).await?.status(), 403);
    assert_eq!(hue.get(&format!("/api/v1{href}")).await?.status(), 403);
    let expert = app.signed_in(FOCAL_PNH).await?;
    assert_eq!(expert.get(&href).await?.status(), 403);
    // The city does not triage, the secretariat reads but does not run assistance.
    assert_eq!(step(&vientiane, &href, "triage", &[("decision", "accept")]).await?.status(), 403);
    let secretariat = app.signed_in(SECRETARIAT).await?;
    assert_eq!(secretariat.get(&href).await?.status(), 200);
    assert_eq!(step(&secretariat, &href, "triage", &[("decision", "accept")]).await?.status(), 403);

    // The coordinator accepts; a stale form is a conflict.
    let coordinator = app.signed_in(COORDINATOR).await?;
    let stale = coordinator.post_form(&format!("{href}/triage"), &[("decision", "accept"), ("version", "0")]).await?;
    assert_eq!(stale.status(), 409);
    assert_eq!(step(&coordinator, &href, "triage", &[("decision", "accept")]).await?.status(), 303);

    // The expert: Chan Sokha, Phnom Penh's focal point, a person of the directory with an account.
    let (_, page) = coordinator.get_text(&href).await?;
    let sokha = page
        .split("<option value=\"")
        .find(|o| o.contains(">Chan Sokha (demo)<"))
        .and_then(|o| o.split('"').next())
        .unwrap_or_default()
        .to_owned();
    assert!(!sokha.is_empty(), "the directory's people offered as experts");
    let backwards = step(
        &coordinator,
        &href,
        "assignment",
        &[
            ("expert", &sokha),
            ("deliverables", "A drainage plan"),
            ("starts_on", "2026-12-10"),
            ("due_on", "2026-12-05"),
        ],
    )
    .await?;
    assert_eq!(backwards.status(), 422);
    assert!(backwards.text().await?.contains("A drainage plan"), "what was typed is kept");
    let assigned = step(
        &coordinator,
        &href,
        "assignment",
        &[
            ("expert", &sokha),
            ("deliverables", "A drainage plan"),
            ("starts_on", "2026-12-03"),
            ("due_on", "2026-12-10"),
        ],
    )
    .await?;
    assert_eq!(assigned.status(), 303);

    // Now the expert sees it, follows it up with a document, and neither delivers nor rates it.
    let (status, page) = expert.get_text(&href).await?;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("action=\"{href}/notes\"")), "the expert's note form");
    let version = form_version(&page, &format!("{href}/notes"));
    let noted = expert
        .post_multipart(&format!("{href}/notes"), |form| {
            form.text("version", version)
                .text("note", "Site visit planned with the public works department")
                .part("documents", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("visit.pdf"))
        })
        .await?;
    assert_eq!(noted.status(), 303);
    assert_eq!(step(&expert, &href, "delivery", &[]).await?.status(), 403);
    assert_eq!(step(&expert, &href, "rating", &[("score", "5")]).await?.status(), 403);
    let (_, listed) = expert.get_text("/assistance").await?;
    assert!(listed.contains("Drainage of the old town"), "on the expert's list: {listed}");

    // Past the due date, the coordinator's home page shows it; the city's does not. (Two weeks
    // on, the sessions have expired: everyone signs in again.)
    app.clock.advance(jiff::SignedDuration::from_hours(24 * 14));
    let (coordinator, vientiane) = (app.signed_in(COORDINATOR).await?, app.signed_in(FOCAL_VTE).await?);
    let (_, home) = coordinator.get_text("/").await?;
    let overdue = between(&home, "id=\"overdue-assistance-heading\"", "</section>");
    assert!(overdue.contains("Drainage of the old town") && overdue.contains(&href), "{overdue}");
    let (_, home) = vientiane.get_text("/").await?;
    assert!(!home.contains("overdue-assistance-heading"));

    // Not rated before delivery; delivered by the coordinator; rated by the city only.
    let early = step(&vientiane, &href, "rating", &[("score", "5")]).await?;
    assert_eq!(early.status(), 422);
    assert_eq!(step(&coordinator, &href, "delivery", &[]).await?.status(), 303);
    assert_eq!(step(&coordinator, &href, "rating", &[("score", "5")]).await?.status(), 403);
    let nonsense = step(&vientiane, &href, "rating", &[("score", "9"), ("comment", "Great")]).await?;
    assert_eq!(nonsense.status(), 422);
    assert!(nonsense.text().await?.contains("Great"), "the comment typed is kept");
    let rated =
        step(&vientiane, &href, "rating", &[("score", "5"), ("comment", "The plan is in next year's budget")]).await?;
    assert_eq!(rated.status(), 303);

    // The page says where it ended and how it got there, step by step.
    let (_, page) = vientiane.get_text(&href).await?;
    assert!(page.contains("id=\"rating\">5 / 5<") && page.contains("visit.pdf"));
    let history = between(&page, "id=\"history-heading\"", "</table>");
    assert_eq!(history.matches("<tr><td>").count(), 6, "sent, accepted, assigned, note, delivered, rated: {history}");
    let (_, home) = coordinator.get_text("/").await?;
    assert!(!home.contains("Drainage of the old town"), "delivered work is no longer overdue");

    let json: serde_json::Value = vientiane.get(&format!("/api/v1{href}")).await?.json().await?;
    assert_eq!((json["status"].as_str(), json["score"].as_u64()), (Some("delivered"), Some(5)));
    assert_eq!(json["notes"][0]["documents"].as_array().map(Vec::len), Some(1));
    assert!(app.app.verify_audit_chain().await?.is_ok(), "every step in the sealed trail");
    Ok(())
}

async fn a_refusal_needs_a_reason_and_the_list_shows_only_what_the_reader_may_see(app: TestApp) -> anyhow::Result<()> {
    let href = vientiane_asks(&app, "Street lighting audit").await?;
    let coordinator = app.signed_in(COORDINATOR).await?;
    let bare = step(&coordinator, &href, "triage", &[("decision", "decline")]).await?;
    assert_eq!(bare.status(), 422);
    assert!(bare.text().await?.contains("id=\"reason-error\""), "the error next to the reason");
    let declined =
        step(&coordinator, &href, "triage", &[("decision", "decline"), ("reason", "Outside the network's themes")])
            .await?;
    assert_eq!(declined.status(), 303);
    // Nothing more happens to a declined request.
    let again = coordinator.post_form(&format!("{href}/triage"), &[("decision", "accept"), ("version", "2")]).await?;
    assert_eq!(again.status(), 422);

    // Staff see every city's requests; a focal point their own city's only.
    let (_, all) = coordinator.get_text("/assistance").await?;
    assert!(all.contains("Street lighting audit") && all.contains("TA-2026-001"), "staff see all");
    let hue = app.signed_in(FOCAL_HUE).await?;
    let (_, theirs) = hue.get_text("/assistance").await?;
    assert!(theirs.contains("TA-2026-003") && !theirs.contains("Street lighting audit"), "Huế's own only");
    let page: serde_json::Value = hue.get("/api/v1/assistance").await?.json().await?;
    assert_eq!(page["total"], 1, "the demo's one request of Huế");
    let vientiane = app.signed_in(FOCAL_VTE).await?;
    let (_, filtered) = vientiane.get_text("/assistance?status=declined").await?;
    assert!(filtered.contains("Street lighting audit") && !filtered.contains("TA-2026-002"), "filtered by status");
    Ok(())
}
