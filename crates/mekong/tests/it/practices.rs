//! Good practices, news and the Atom feed end to end: Phnom Penh's focal point writes a practice
//! that Huế's focal point can neither see, change nor find; the coordinator sends a version back
//! with a comment and publishes the others one language at a time, the public reading the
//! fallback version said so until theirs is published; a photo without consent never reaches
//! the public; the API creates and changes practices with 409 and 422; news posts are the
//! coordinator's; the Atom feed is read back by a real parser.

use mekong_testkit::page::{between, form_version, location};
use mekong_testkit::{HttpSession, TestApp, backend_tests};
use reqwest::Method;
use serde_json::{Value, json};

backend_tests!(
    a_practice_goes_from_its_citys_draft_to_publication_one_language_at_a_time,
    a_photo_without_consent_is_never_shown_publicly,
    the_api_creates_and_changes_practices_with_conflicts_and_field_errors,
    news_posts_are_the_coordinators_and_the_atom_feed_lists_what_is_published,
);

pub(crate) const COORDINATOR: &str = "coordinator@mekong.example";
const SECRETARIAT: &str = "secretariat@mekong.example";
pub(crate) const FOCAL_PNH: &str = "focal.phnompenh@mekong.example";
pub(crate) const FOCAL_HUE: &str = "focal.hue@mekong.example";
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";
/// The PNG signature and a header chunk: enough for the type to be sniffed as a PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00";

/// A distinct PNG per caption, so that each photo is its own file.
fn png(caption: &str) -> Vec<u8> {
    [PNG, caption.as_bytes()].concat()
}

/// Phnom Penh's focal point writes a French version; the practice's page.
pub(crate) async fn phnom_penh_writes(focal: &HttpSession, title: &str, status: &str) -> anyhow::Result<String> {
    let sent = focal
        .post_multipart("/practices", |form| {
            form.text("city", "KH-PNH")
                .text("lang", "fr")
                .text("title", title.to_owned())
                .text("summary", "Des bacs de vermicompostage dans les écoles")
                .text("problem", "Les déchets organiques des cantines partaient en décharge.")
                .text("actions", "Trente écoles équipées de bacs de vermicompostage.")
                .text("results", "Deux tonnes par mois évitées.")
                .text("status", status.to_owned())
                .text("themes", "climate_change")
                .text("cost", "12500.50")
                .text("currency", "USD")
                .text("starts_on", "2025-01-01")
                .text("ends_on", "2025-12-31")
                .part("documents", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("bilan.pdf"))
        })
        .await?;
    anyhow::ensure!(sent.status() == 303, "practice written: {}", sent.status());
    Ok(location(&sent))
}

/// The practice as the caller's API sees it (through the session's cookies).
async fn practice_json(session: &HttpSession, href: &str) -> anyhow::Result<Value> {
    Ok(session.get(&format!("/api/v1{href}")).await?.json().await?)
}

fn status_of(practice: &Value, lang: &str) -> String {
    practice["texts"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["lang"] == lang)
        .and_then(|t| t["status"].as_str())
        .unwrap_or("absent")
        .to_owned()
}

/// Posts the coordinator's review of one version with the version of the review form.
pub(crate) async fn review(
    coordinator: &HttpSession,
    href: &str,
    lang: &str,
    decision: &str,
    comment: &str,
) -> anyhow::Result<reqwest::Response> {
    let (_, page) = coordinator.get_text(href).await?;
    let version = form_version(&page, &format!("{href}/review"));
    coordinator
        .post_form(
            &format!("{href}/review"),
            &[("lang", lang), ("decision", decision), ("comment", comment), ("version", &version)],
        )
        .await
}

/// Writes one more language version through the edit form, at the version shown.
pub(crate) async fn write_version(
    session: &HttpSession,
    href: &str,
    lang: &str,
    title: &str,
    status: &str,
) -> anyhow::Result<reqwest::Response> {
    let (_, form) = session.get_text(&format!("{href}/edit?lang={lang}")).await?;
    let version = form_version(&form, href);
    session
        .post_multipart(href, |f| {
            f.text("city", "KH-PNH")
                .text("lang", lang.to_owned())
                .text("title", title.to_owned())
                .text("summary", "សង្ខេប")
                .text("status", status.to_owned())
                .text("themes", "climate_change")
                .text("currency", "USD")
                .text("version", version)
        })
        .await
}

/// Whether a search by `session` lists the practice's page.
pub(crate) async fn finds(session: &HttpSession, query: &str, href: &str) -> anyhow::Result<bool> {
    let (status, page) = session.get_text(&format!("/search?q={query}")).await?;
    anyhow::ensure!(status == 200, "search: {status}");
    Ok(page.contains(&format!("href=\"{href}\"")))
}

async fn a_practice_goes_from_its_citys_draft_to_publication_one_language_at_a_time(
    app: TestApp,
) -> anyhow::Result<()> {
    let phnom_penh = app.signed_in(FOCAL_PNH).await?;
    let hue = app.signed_in(FOCAL_HUE).await?;
    let public = app.visitor().await?;
    let coordinator = app.signed_in(COORDINATOR).await?;

    // Huế's focal point cannot write in Phnom Penh's name.
    let refused = hue
        .post_multipart("/practices", |form| {
            form.text("city", "KH-PNH").text("lang", "fr").text("title", "x").text("status", "draft")
        })
        .await?;
    assert_eq!(refused.status(), 403);

    // A focal point cannot publish: "published" becomes "needs review".
    let href = phnom_penh_writes(&phnom_penh, "Vermicompostage dans les écoles", "published").await?;
    assert!(href.starts_with("/practices/"), "{href}");
    let saved = practice_json(&phnom_penh, &href).await?;
    assert_eq!(status_of(&saved, "fr"), "needs_review");
    assert_eq!((saved["cost_minor"].as_i64(), saved["currency"].as_str()), (Some(1_250_050), Some("USD")));

    // Nobody else sees, changes or finds the draft: Huế's focal point, the public.
    for path in [href.clone(), format!("{href}/edit"), format!("/api/v1{href}")] {
        assert_eq!(hue.get(&path).await?.status(), 403, "{path}");
    }
    let changed = write_version(&hue, &href, "en", "Hijacked", "draft").await?;
    assert_eq!(changed.status(), 403, "another city's practice is not changed");
    let to_sign_in = public.get(&href).await?;
    assert_eq!(to_sign_in.status(), 303);
    assert!(location(&to_sign_in).starts_with("/login"));
    let (_, list) = public.get_text("/practices").await?;
    assert!(!list.contains("Vermicompostage"), "a draft is not listed for the public");
    let (_, list) = hue.get_text("/practices").await?;
    assert!(!list.contains("Vermicompostage"), "nor for another city's focal point");
    let (_, list) = phnom_penh.get_text("/practices?language=fr").await?;
    assert!(list.contains("Vermicompostage"), "its city lists its draft");
    assert!(!finds(&hue, "vermicompostage", &href).await?, "another city never finds the draft");
    assert!(!finds(&public, "vermicompostage", &href).await?);
    assert!(finds(&phnom_penh, "vermicompostage", &href).await?, "its city finds it");
    assert!(finds(&coordinator, "vermicompostage", &href).await?);

    // The secretariat reads but does not review; sending back needs a comment.
    let secretariat = app.signed_in(SECRETARIAT).await?;
    assert_eq!(secretariat.get(&href).await?.status(), 200);
    assert_eq!(review(&secretariat, &href, "fr", "publish", "").await?.status(), 403);
    assert_eq!(review(&phnom_penh, &href, "fr", "publish", "").await?.status(), 403);
    assert_eq!(review(&coordinator, &href, "fr", "send_back", " ").await?.status(), 422);
    let stale = coordinator
        .post_form(&format!("{href}/review"), &[("lang", "fr"), ("decision", "publish"), ("version", "0")])
        .await?;
    assert_eq!(stale.status(), 409);
    assert_eq!(review(&coordinator, &href, "fr", "send_back", "Ajoutez les coûts par école").await?.status(), 303);
    let (_, page) = phnom_penh.get_text(&href).await?;
    assert!(page.contains("Ajoutez les coûts par école"), "the city reads the comment");
    assert_eq!(status_of(&practice_json(&phnom_penh, &href).await?, "fr"), "draft");

    // A Khmer version waits for review while the French one is published.
    assert_eq!(write_version(&phnom_penh, &href, "km", "ការធ្វើជីដង្កូវនៅសាលារៀន", "needs_review").await?.status(), 303);
    assert_eq!(review(&coordinator, &href, "fr", "publish", "").await?.status(), 303);
    let published = practice_json(&public, &href).await?;
    assert_eq!(status_of(&published, "fr"), "published");
    assert_eq!(status_of(&published, "km"), "absent", "the public never reads a version not published");
    assert_eq!(status_of(&practice_json(&phnom_penh, &href).await?, "km"), "needs_review");

    // A Khmer reader gets the French version, said so; a French reader gets theirs plainly.
    let (status, page) = app.get_in("km", &href).await?;
    assert_eq!(status, 200);
    assert!(page.contains("Vermicompostage dans les écoles"), "the fallback version shown");
    assert!(page.contains("id=\"fallback-notice\""), "and said to be one");
    assert!(!page.contains("ការធ្វើជីដង្កូវនៅសាលារៀន"), "the Khmer draft stays hidden");
    let (_, page) = app.get_in("fr", &href).await?;
    assert!(!page.contains("id=\"fallback-notice\""));
    assert!(finds(&public, "vermicompostage", &href).await?, "published: found by all");
    assert!(finds(&hue, "vermicompostage", &href).await?);

    // The Khmer version published: Khmer readers get it, without a notice.
    assert_eq!(review(&coordinator, &href, "km", "publish", "").await?.status(), 303);
    let (_, page) = app.get_in("km", &href).await?;
    assert!(page.contains("ការធ្វើជីដង្កូវនៅសាលារៀន"));
    assert!(!page.contains("id=\"fallback-notice\""));
    let (_, list) = public.get_text("/practices?language=km&city=KH-PNH&theme=climate_change").await?;
    assert!(list.contains(&format!("href=\"{href}\"")), "filtered by language, city and theme");
    let (_, list) = public.get_text("/practices?country=VN").await?;
    assert!(!list.contains(&format!("href=\"{href}\"")), "not a Vietnamese city's");

    // Its history: written, sent back, a version saved, published twice.
    let (_, page) = phnom_penh.get_text(&href).await?;
    let history = between(&page, "id=\"history-heading\"", "</table>");
    assert_eq!(history.matches("<tr><td>").count(), 5, "{history}");
    // Published this year: counted as shared in the results area.
    let now = app.app.now();
    let year_start: jiff::Timestamp = "2026-01-01T00:00:00Z".parse()?;
    let shared = app.app.practices_shared(year_start, now.checked_add(jiff::SignedDuration::from_secs(1))?).await?;
    assert!(shared.iter().any(|p| href.ends_with(&p.id.to_string())), "the practice counts as shared");
    Ok(())
}

async fn a_photo_without_consent_is_never_shown_publicly(app: TestApp) -> anyhow::Result<()> {
    let phnom_penh = app.signed_in(FOCAL_PNH).await?;
    let href = phnom_penh_writes(&phnom_penh, "Marchés propres", "needs_review").await?;
    for (caption, consent) in [("Agents au marché", true), ("Enfants à l'école", false)] {
        let (_, page) = phnom_penh.get_text(&href).await?;
        let version = form_version(&page, &format!("{href}/photos"));
        let sent = phnom_penh
            .post_multipart(&format!("{href}/photos"), |form| {
                let form = form
                    .text("caption", caption)
                    .text("credit", "Ville de Phnom Penh")
                    .text("version", version)
                    .part("photo", reqwest::multipart::Part::bytes(png(caption)).file_name("photo.png"));
                if consent { form.text("consent", "yes") } else { form }
            })
            .await?;
        assert_eq!(sent.status(), 303, "{caption}");
    }
    // A PDF is not a photo; a photo needs a caption.
    let (_, page) = phnom_penh.get_text(&href).await?;
    let version = form_version(&page, &format!("{href}/photos"));
    let refused = phnom_penh
        .post_multipart(&format!("{href}/photos"), |form| {
            form.text("caption", "Rapport")
                .text("version", version)
                .part("photo", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("x.pdf"))
        })
        .await?;
    assert_eq!(refused.status(), 422);

    let coordinator = app.signed_in(COORDINATOR).await?;
    assert_eq!(review(&coordinator, &href, "fr", "publish", "").await?.status(), 303);
    let (_, page) = phnom_penh.get_text(&href).await?;
    assert!(page.contains("Enfants à l&#39;école") || page.contains("Enfants à l'école"), "the city sees both");
    let public = app.visitor().await?;
    let (status, page) = public.get_text(&href).await?;
    assert_eq!(status, 200);
    assert!(page.contains("Agents au marché"));
    assert!(!page.contains("Enfants"), "a photo without consent is not on the public page");
    let api = practice_json(&public, &href).await?;
    assert_eq!(api["photos"].as_array().map(Vec::len), Some(1), "nor in the API");
    let photos = practice_json(&phnom_penh, &href).await?;
    let hidden = photos["photos"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["consent"] == false)
        .and_then(|p| p["sha256"].as_str())
        .unwrap_or_default()
        .to_owned();
    let shown = photos["photos"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["consent"] == true)
        .and_then(|p| p["sha256"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert!(!hidden.is_empty() && !shown.is_empty());
    assert_eq!(public.get(&format!("{href}/files/{shown}")).await?.status(), 200);
    assert_eq!(public.get(&format!("{href}/files/{hidden}")).await?.status(), 404, "not even by its address");
    assert_eq!(phnom_penh.get(&format!("{href}/files/{hidden}")).await?.status(), 200);
    let document = api["documents"][0].as_str().unwrap_or_default().to_owned();
    let file = public.get(&format!("{href}/files/{document}")).await?;
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await?.as_ref(), PDF);
    Ok(())
}

/// A client with no cookies, sending JSON with a token.
async fn send(app: &TestApp, method: Method, path: &str, body: Value, token: &str) -> anyhow::Result<(u16, Value)> {
    let response = reqwest::Client::new().request(method, app.url(path)).json(&body).bearer_auth(token).send().await?;
    let status = response.status().as_u16();
    let text = response.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

async fn the_api_creates_and_changes_practices_with_conflicts_and_field_errors(app: TestApp) -> anyhow::Result<()> {
    let token = app.signed_in(FOCAL_PNH).await?.api_token("practices", "").await?;
    let hue_token = app.signed_in(FOCAL_HUE).await?.api_token("practices", "").await?;
    let body = json!({
        "city": "KH-PNH", "lang": "en", "title": "Solar street lights", "summary": "Lights on a timer",
        "status": "needs_review", "themes": ["climate_change"], "cost": "8000", "currency": "USD"
    });
    let (status, error) = send(
        &app,
        Method::POST,
        "/api/v1/practices",
        json!({"city": "KH-PNH", "lang": "en", "status": "draft", "themes": ["nonsense"]}),
        &token,
    )
    .await?;
    assert_eq!(status, 422);
    let named = error["fields"].to_string();
    assert!(named.contains("title") && named.contains("themes"), "{error}");
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/practices",
        json!({"city": "VN-HUI", "lang": "en", "title": "x", "status": "draft"}),
        &token,
    )
    .await?;
    assert_eq!(status, 403, "not another city's");
    let (status, created) = send(&app, Method::POST, "/api/v1/practices", body.clone(), &token).await?;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(created["version"], 1);
    assert_eq!(created["cost_minor"], 800_000);

    let path = format!("/api/v1/practices/{id}");
    let mut change = body.clone();
    change["title"] = json!("Solar street lights in 40 streets");
    change["version"] = json!(1);
    let (status, error) =
        send(&app, Method::PUT, &path, json!({"lang": "en", "title": "", "status": "draft", "version": 1}), &token)
            .await?;
    assert_eq!(status, 422, "{error}");
    let (status, _) = send(&app, Method::PUT, &path, change.clone(), &hue_token).await?;
    assert_eq!(status, 403, "another city's focal point");
    let (status, saved) = send(&app, Method::PUT, &path, change.clone(), &token).await?;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], 2);
    let (status, error) = send(&app, Method::PUT, &path, change, &token).await?;
    assert_eq!(status, 409, "a stale version: {error}");
    let (status, read) = send(&app, Method::GET, &path, Value::Null, &token).await?;
    assert_eq!(status, 200);
    assert_eq!(read["texts"][0]["title"], "Solar street lights in 40 streets");
    let (status, _) = send(&app, Method::GET, &path, Value::Null, &hue_token).await?;
    assert_eq!(status, 403, "a draft is its city's");
    let (status, page) = send(&app, Method::GET, "/api/v1/practices?city=KH-PNH", Value::Null, &hue_token).await?;
    assert_eq!(status, 200);
    assert!(!page["items"].to_string().contains(&id), "nor listed for another city");
    Ok(())
}

async fn news_posts_are_the_coordinators_and_the_atom_feed_lists_what_is_published(app: TestApp) -> anyhow::Result<()> {
    let public = app.visitor().await?;
    let focal = app.signed_in(FOCAL_PNH).await?;
    assert_eq!(focal.post_form("/news", &[("title_fr", "x"), ("published", "yes")]).await?.status(), 403);
    let coordinator = app.signed_in(COORDINATOR).await?;
    let draft =
        coordinator.post_form("/news", &[("title_fr", "Atelier de Kampot"), ("body_fr", "Le programme.")]).await?;
    assert_eq!(draft.status(), 303);
    let draft_href = location(&draft);
    assert_eq!(public.get(&draft_href).await?.status(), 303, "a draft is not public");
    let missing = coordinator.post_form("/news", &[("body_en", "No title"), ("published", "yes")]).await?;
    assert_eq!(missing.status(), 422);

    // Published in French only: a Lao reader gets the French, said so.
    let (_, form) = coordinator.get_text(&format!("{draft_href}/edit")).await?;
    let version = form_version(&form, &draft_href);
    let published = coordinator
        .post_form(
            &draft_href,
            &[
                ("title_fr", "Atelier de Kampot"),
                ("body_fr", "Le programme."),
                ("published", "yes"),
                ("version", &version),
            ],
        )
        .await?;
    assert_eq!(published.status(), 303);
    let stale = coordinator
        .post_form(&draft_href, &[("title_fr", "Autre"), ("published", "yes"), ("version", &version)])
        .await?;
    assert_eq!(stale.status(), 409);
    let (status, page) = app.get_in("lo", &draft_href).await?;
    assert_eq!(status, 200);
    assert!(page.contains("Atelier de Kampot") && page.contains("id=\"fallback-notice\""));

    // The feed: a valid Atom document, newest first, published items only.
    let response = public.get("/feed.atom").await?;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/atom+xml"))
    );
    let xml = response.text().await?;
    let feed = atom_syndication::Feed::read_from(xml.as_bytes())?;
    assert!(feed.id().starts_with("http://"), "{}", feed.id());
    let entries = feed.entries();
    // The demo's three practices published in some language and two news, and the new post.
    assert_eq!(entries.len(), 6, "{xml}");
    assert_eq!(entries[0].title().as_str(), "Atelier de Kampot", "the newest first");
    let updated: Vec<_> = entries.iter().map(|e| *e.updated()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first: {updated:?}");
    let ids: std::collections::BTreeSet<&str> = entries.iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), entries.len(), "unique ids");
    assert!(ids.iter().all(|id| id.starts_with("urn:uuid:")));
    for entry in entries {
        let link = entry.links().first().map(|l| l.href().to_owned()).unwrap_or_default();
        let path = link.trim_start_matches(&app.url(""));
        assert!(path.starts_with("/practices/") || path.starts_with("/news/"), "{link}");
        assert_eq!(public.get(path).await?.status(), 200, "each entry's page opens: {path}");
    }
    assert!(!xml.contains("That Luang"), "Vientiane's draft is not in the feed");
    // A word inside Siem Reap's Khmer version (written without spaces) finds it.
    // A reader is shown its title in their language: in Khmer for a Khmer reader; a French
    // reader, for whom it has no version, reads the English one, marked as such.
    let (_, found) = app.get_in("km", "/search?q=សហករណ៍").await?;
    let first = between(&found, "class=\"site-search-results\"", "</ol>");
    assert!(first.contains("href=\"/practices/") && first.contains("ការធ្វើជីកំប៉ុស្តិ៍"), "{first}");
    let (_, found) = public.get_text("/search?q=សហករណ៍").await?;
    let first = between(&found, "class=\"site-search-results\"", "</ol>");
    assert!(
        first.contains("lang=\"en\">Composting market waste in Siem Reap</a> <span class=\"tag\">English</span>"),
        "{first}"
    );
    // The home page shows the latest, the new post first.
    let (_, home) = public.get_text("/").await?;
    let latest = between(&home, "id=\"latest-heading\"", "</section>");
    let newest = latest.find("Atelier de Kampot").ok_or_else(|| anyhow::anyhow!("the new post: {latest}"))?;
    assert!(latest.find("<li").is_some_and(|first| first < newest) && latest.matches("<li").count() == 5, "{latest}");
    assert!(!latest[..newest].contains("</li>"), "the new post comes first: {latest}");
    Ok(())
}
