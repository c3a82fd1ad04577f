//! The page shell and the member-city pages, in five languages; the probes, and errors that
//! tell the reader what happened without telling them how the server is built.

use mekong_i18n::{I18n, Lang, MessageCheck, format_number};
use mekong_testkit::{TestApp, backend_tests};

backend_tests!(
    city_list_shows_every_member_city_in_each_language,
    city_page_shows_names_population_and_sources,
    unknown_pages_get_the_localised_not_found_page,
    malformed_accept_language_gets_the_default_language,
    language_switcher_remembers_the_choice_and_comes_back,
    every_page_renders_in_every_language_without_message_errors,
    probes_and_security_headers,
    readiness_fails_with_the_database_while_liveness_holds,
    a_server_error_shows_its_code_and_no_internals,
);

async fn city_list_shows_every_member_city_in_each_language(app: TestApp) -> anyhow::Result<()> {
    let i18n = I18n::load();
    for lang in Lang::ALL {
        let (status, html) = app.get_in(lang.code(), "/cities").await?;
        assert_eq!(status, 200);
        assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())), "{lang}");
        assert!(html.contains(&i18n.message(lang, "cities-title")), "{lang}: title");
        for local in ["ភ្នំពេញ", "ວຽງຈັນ", "Huế", "Thành phố Hồ Chí Minh"] {
            assert!(html.contains(local), "{lang}: {local}");
        }
        assert!(html.contains(&format_number(lang, 2_281_951)), "{lang}: Phnom Penh's population formatted");
        assert_eq!(html.matches("href=\"/cities/").count(), 11, "{lang}: one link per city");
    }
    Ok(())
}

async fn city_page_shows_names_population_and_sources(app: TestApp) -> anyhow::Result<()> {
    let (status, html) = app.get_in("fr", "/cities/KH-PNH").await?;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Phnom Penh <span lang=\"km\" class=\"local-name\">ភ្នំពេញ</span></h1>"));
    assert!(html.contains("2\u{202f}281\u{202f}951"), "French grouping");
    assert!(html.contains("Cambodge"));
    assert!(html.contains("11,5694"), "French decimal comma");
    assert!(html.contains(
        "<a href=\"https://www.aimf.asso.fr/actualite/les-villes-francophones-dasie-en-reseau/\" rel=\"external noopener\">"
    ));
    let (_, khmer) = app.get_in("km", "/cities/KH-PNH").await?;
    assert!(khmer.contains("<title>ភ្នំពេញ"), "Khmer readers see the Khmer name first");
    let (_, unverified) = app.get_in("en", "/cities/KH-KCM").await?;
    assert!(unverified.contains("no public source confirms it yet"));
    Ok(())
}

async fn unknown_pages_get_the_localised_not_found_page(app: TestApp) -> anyhow::Result<()> {
    let i18n = I18n::load();
    for (lang, path) in [(Lang::Km, "/cities/XX-YYY"), (Lang::Lo, "/cities/VN-ZZZ"), (Lang::Vi, "/no/such/page")] {
        let (status, html) = app.get_in(lang.code(), path).await?;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains(&i18n.message(lang, "error-not-found-title")), "{lang} {path}");
        assert!(html.contains("MK-404"));
        assert!(html.contains("href=\"/cities\""), "the page shell is there");
    }
    Ok(())
}

async fn malformed_accept_language_gets_the_default_language(app: TestApp) -> anyhow::Result<()> {
    // The last is not even text: bytes HTTP allows in a header but no language tag has.
    let headers: [&[u8]; 4] = [b";;;q=", b"xx-YY, *;q=banana", b"\xff\xfe;q=1", b"km;q=\xe1"];
    for header in headers {
        let value = reqwest::header::HeaderValue::from_bytes(header)?;
        let response = reqwest::Client::new().get(app.url("/cities")).header("accept-language", value).send().await?;
        assert_eq!(response.status(), 200, "{header:?}");
        assert!(response.text().await?.contains("<html lang=\"fr\">"), "{header:?}");
    }
    Ok(())
}

async fn language_switcher_remembers_the_choice_and_comes_back(app: TestApp) -> anyhow::Result<()> {
    let visitor = app.visitor().await?;
    let response = visitor.post_form("/language", &[("lang", "km"), ("next", "/cities/LA-VTE")]).await?;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/cities/LA-VTE");
    let (_, html) = visitor.get_text("/cities/LA-VTE").await?;
    assert!(html.contains("<html lang=\"km\">"));
    let i18n = I18n::load();
    assert!(html.contains(&i18n.message(Lang::Km, "flash-language-changed")), "flash shown once");
    let (_, again) = visitor.get_text("/cities").await?;
    assert!(again.contains("<html lang=\"km\">"), "choice remembered");
    assert!(!again.contains(&i18n.message(Lang::Km, "flash-language-changed")), "flash gone");

    let offsite = visitor.post_form("/language", &[("lang", "vi"), ("next", "//evil.example/")]).await?;
    assert_eq!(offsite.headers()["location"], "/", "no open redirect");
    assert_eq!(visitor.post_form("/language", &[("lang", "de")]).await?.status(), 422);

    // Signed in, the choice becomes the user's own setting.
    let focal = app.signed_in("focal.hue@mekong.example").await?;
    assert!(focal.get_text("/cities").await?.1.contains("<html lang=\"vi\">"));
    focal.post_form("/language", &[("lang", "lo"), ("next", "/")]).await?;
    let elsewhere = app.signed_in("focal.hue@mekong.example").await?;
    assert!(elsewhere.get_text("/cities").await?.1.contains("<html lang=\"lo\">"), "on every device");
    Ok(())
}

/// Text between tags that looks like a message id (`>error-not-found<`): a missing translation.
pub(crate) fn raw_message_ids(html: &str) -> Vec<String> {
    html.split('>')
        .filter_map(|chunk| chunk.split('<').next())
        .map(str::trim)
        .filter(|text| text.contains('-') && text.chars().all(|c| c.is_ascii_lowercase() || c == '-') && text.len() > 4)
        .map(str::to_owned)
        .collect()
}

async fn every_page_renders_in_every_language_without_message_errors(app: TestApp) -> anyhow::Result<()> {
    let before = MessageCheck::format_errors_so_far();
    let public = [
        "/",
        "/cities",
        "/cities/KH-PNH",
        "/cities/LA-LPQ",
        "/cities/VN-HUI",
        "/nowhere",
        "/organisations",
        "/map",
        "/login",
        "/password/forgot",
    ];
    for lang in Lang::ALL {
        for path in public {
            let (status, html) = app.get_in(lang.code(), path).await?;
            assert_eq!(status, if path == "/nowhere" { 404 } else { 200 }, "{lang} {path}");
            assert_eq!(raw_message_ids(&html), Vec::<String>::new(), "{lang} {path}");
        }
    }
    let admin = app.signed_in("admin@mekong.example").await?;
    let signed_in = [
        "/people",
        "/people/new",
        "/organisations/new",
        "/prospects",
        "/mailing-lists",
        "/directory/import",
        "/account",
        "/account/tokens",
        "/admin/users",
        "/admin/users/invite",
        "/admin/audit",
        "/admin/outbox",
        "/cities/KH-PNH/history",
    ];
    for lang in Lang::ALL {
        admin.post_form("/language", &[("lang", lang.code()), ("next", "/")]).await?;
        for path in signed_in {
            let (status, html) = admin.get_text(path).await?;
            assert_eq!(status, 200, "{lang} {path}");
            assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())), "{lang} {path}");
            assert_eq!(raw_message_ids(&html), Vec::<String>::new(), "{lang} {path}");
            let title = html.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
            assert!(!title.is_empty() && !title.contains('<'), "{lang} {path}: the title is plain text: {title}");
        }
    }
    assert_eq!(MessageCheck::format_errors_so_far(), before, "a message was formatted with a missing variable");
    Ok(())
}

async fn probes_and_security_headers(app: TestApp) -> anyhow::Result<()> {
    assert_eq!(app.get_text("/healthz").await?, (200, "ok".to_owned()));
    assert_eq!(app.get_text("/readyz").await?, (200, "ready".to_owned()));
    let response = app.get("/cities").await?;
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str()?;
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert!(headers.contains_key("x-request-id"));
    assert!(!headers.contains_key("strict-transport-security"), "no HSTS without TLS");
    Ok(())
}

async fn readiness_fails_with_the_database_while_liveness_holds(app: TestApp) -> anyhow::Result<()> {
    assert_eq!(app.get_text("/readyz").await?, (200, "ready".to_owned()));
    app.take_database_down().await?;
    let (status, page) = app.get_in("en", "/readyz").await?;
    assert_eq!(status, 503, "{page}");
    assert!(page.contains("MK-503"), "{page}");
    assert!(page.contains(&I18n::load().message(Lang::En, "error-unavailable")), "{page}");
    assert_eq!(app.get_text("/healthz").await?, (200, "ok".to_owned()), "the process itself is alive");
    Ok(())
}

/// What a server error page or body must never show: the stored data, the query, the code's
/// files, the error's own words.
fn assert_no_internals(body: &str) {
    for internal in [
        "stored data is invalid",
        "internal error:",
        "mailing list ",
        "person ",
        "SELECT",
        "mailing_lists",
        "sqlx",
        "serde",
        "EOF while parsing",
        "at line",
        ".rs:",
        "crates/",
        "/tmp/",
        "panicked",
        "backtrace",
        "{\"focal_points\": tru",
    ] {
        assert!(!body.contains(internal), "{internal:?} shown to the reader:\n{body}");
    }
}

async fn a_server_error_shows_its_code_and_no_internals(app: TestApp) -> anyhow::Result<()> {
    let i18n = I18n::load();
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    coordinator.post_form("/language", &[("lang", "en")]).await?;
    let saved = coordinator.post_form("/mailing-lists", &[("name", "Broken list"), ("focal_points", "yes")]).await?;
    assert_eq!(saved.status(), 303);
    let list = saved.headers()["location"].to_str()?.to_owned();
    // A record damaged outside the application: its stored filter is cut short.
    app.database
        .execute("UPDATE mailing_lists SET filter = '{\"focal_points\": tru' WHERE name = 'Broken list'")
        .await?;
    let response = coordinator.get(&list).await?;
    assert_eq!(response.status(), 500);
    assert!(response.headers().contains_key("x-request-id"));
    let page = response.text().await?;
    assert!(page.contains("MK-500"), "the code to quote: {page}");
    assert!(page.contains(&i18n.message(Lang::En, "error-internal")), "{page}");
    assert!(page.contains("href=\"/cities\""), "inside the page shell");
    assert_no_internals(&page);
    // The API answers the same way, in JSON.
    app.database
        .execute("UPDATE people SET emails = '[\"sokha.demo@' WHERE name_romanised = 'Chan Sokha (demo)'")
        .await?;
    let response = coordinator.get("/api/v1/people?q=sokha").await?;
    assert_eq!(response.status(), 500);
    let body = response.text().await?;
    let json: serde_json::Value = serde_json::from_str(&body)?;
    assert_eq!(json["code"], "MK-500");
    assert_eq!(json["message"], i18n.message(Lang::En, "error-internal"));
    assert_no_internals(&body);
    Ok(())
}

/// Once, on SQLite: response headers, which no backend changes.
#[tokio::test]
async fn hsts_is_sent_when_served_over_tls() -> anyhow::Result<()> {
    use tower::ServiceExt;
    let app = TestApp::start(mekong_testkit::TestBackend::Sqlite).await?;
    let router =
        mekong_web::router(app.app.clone(), mekong_web::WebConfig { tls: true, ..mekong_web::WebConfig::default() });
    let request = axum::http::Request::builder().uri("/healthz").body(axum::body::Body::empty())?;
    let response = router.oneshot(request).await?;
    assert!(response.headers()["strict-transport-security"].to_str()?.contains("max-age="));
    let request = axum::http::Request::builder().uri("/login").body(axum::body::Body::empty())?;
    let response =
        mekong_web::router(app.app.clone(), mekong_web::WebConfig { tls: true, ..mekong_web::WebConfig::default() })
            .oneshot(request)
            .await?;
    let cookie = response.headers()["set-cookie"].to_str()?;
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    Ok(())
}
