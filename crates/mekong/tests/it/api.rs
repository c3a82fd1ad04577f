//! The JSON API and its OpenAPI document.

use mekong_testkit::{TestApp, backend_tests};

backend_tests!(
    api_lists_member_cities,
    api_errors_are_json_in_the_readers_language,
    demo_load_is_a_no_op_when_loaded,
    organisations_are_created_and_changed_through_the_api_by_the_pages_rules,
);

async fn api_lists_member_cities(app: TestApp) -> anyhow::Result<()> {
    let cities: serde_json::Value = app.get("/api/v1/cities").await?.json().await?;
    let cities = cities.as_array().ok_or_else(|| anyhow::anyhow!("an array"))?;
    assert_eq!(cities.len(), 11);
    let vientiane = cities.iter().find(|c| c["code"] == "LA-VTE").ok_or_else(|| anyhow::anyhow!("Vientiane"))?;
    assert_eq!(vientiane["names"]["local"], "ວຽງຈັນ");
    assert_eq!(vientiane["country"], "LA");
    assert_eq!(vientiane["population"]["year"], 2023);
    let hue: serde_json::Value = app.get("/api/v1/cities/vn-hui").await?.json().await?;
    assert_eq!(hue["names"]["local"], "Huế");
    Ok(())
}

async fn api_errors_are_json_in_the_readers_language(app: TestApp) -> anyhow::Result<()> {
    let response =
        reqwest::Client::new().get(app.url("/api/v1/cities/KH-XXX")).header("accept-language", "en").send().await?;
    assert_eq!(response.status(), 404);
    assert!(response.headers()["content-type"].to_str()?.starts_with("application/json"));
    let body: serde_json::Value = response.json().await?;
    assert_eq!(body["code"], "MK-404");
    assert_eq!(body["message"], "The page you asked for does not exist or has moved.");
    assert_eq!(body["fields"], serde_json::json!([]));
    Ok(())
}

async fn demo_load_is_a_no_op_when_loaded(app: TestApp) -> anyhow::Result<()> {
    assert_eq!(app.app.load_demo().await?, mekong_app::demo::DemoOutcome::AlreadyLoaded);
    let cities: serde_json::Value = app.get("/api/v1/cities").await?.json().await?;
    assert_eq!(cities.as_array().map(Vec::len), Some(11));
    Ok(())
}

/// Once, on SQLite: the document is built from the code, not read from the database.
#[tokio::test]
async fn openapi_document_is_served_and_reviewed() -> anyhow::Result<()> {
    let document = mekong_web::openapi_json();
    insta::assert_snapshot!("openapi", document);
    let app = TestApp::start(mekong_testkit::TestBackend::Sqlite).await?;
    let (status, served) = app.get_text("/api/v1/openapi.json").await?;
    assert_eq!(status, 200);
    assert_eq!(served, document);
    let parsed: serde_json::Value = serde_json::from_str(&served)?;
    assert!(parsed["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    assert!(parsed["paths"]["/api/v1/cities/{code}"]["get"].is_object());
    Ok(())
}

/// A city's own tools write the directory through the API with a token: the same checks, rights,
/// versions and trail as the pages, every failure as the documented JSON error.
async fn organisations_are_created_and_changed_through_the_api_by_the_pages_rules(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let token = coordinator.api_token("directory tool", "").await?;
    let client = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str, body: serde_json::Value, token: Option<&str>| {
        let mut request = client.request(method, app.url(path)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let university =
        serde_json::json!({ "kind": "university", "name_fr": "Institut des données urbaines (API)", "country": "KH" });
    let created = send(reqwest::Method::POST, "/api/v1/organisations", university.clone(), Some(&token)).await?;
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await?;
    assert_eq!(created["version"], 1);
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let twin = send(reqwest::Method::POST, "/api/v1/organisations", university.clone(), Some(&token)).await?;
    assert_eq!(twin.status(), 409, "a similar name is a possible duplicate");
    let mut both = university.clone();
    both["keep_both"] = serde_json::json!(true);
    assert_eq!(send(reqwest::Method::POST, "/api/v1/organisations", both, Some(&token)).await?.status(), 201);

    let mut changed = university.clone();
    changed["website"] = serde_json::json!("https://data.example.org");
    changed["version"] = serde_json::json!(1);
    let path = format!("/api/v1/organisations/{id}");
    let saved = send(reqwest::Method::PUT, &path, changed.clone(), Some(&token)).await?;
    assert_eq!(saved.status(), 200);
    let saved: serde_json::Value = saved.json().await?;
    assert_eq!((saved["website"].as_str(), saved["version"].as_i64()), (Some("https://data.example.org"), Some(2)));
    let stale = send(reqwest::Method::PUT, &path, changed, Some(&token)).await?;
    assert_eq!(stale.status(), 409, "version 1 is no longer the saved one");

    let bad = send(
        reqwest::Method::POST,
        "/api/v1/organisations",
        serde_json::json!({ "kind": "spaceship", "name_fr": "X", "country": "KH" }),
        Some(&token),
    )
    .await?;
    assert_eq!(bad.status(), 422);
    let bad: serde_json::Value = bad.json().await?;
    assert!(bad["fields"].to_string().contains("kind"), "the field is named: {bad}");
    let garbled = client
        .post(app.url("/api/v1/organisations"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await?;
    assert_eq!(garbled.status(), 422);
    assert!(garbled.json::<serde_json::Value>().await?["code"].is_string(), "a JSON error, not plain text");

    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let focal_token = focal.api_token("city tool", "").await?;
    let elsewhere =
        serde_json::json!({ "kind": "local_authority", "name_fr": "Autre ville", "country": "VN", "city": "VN-HUI" });
    assert_eq!(
        send(reqwest::Method::POST, "/api/v1/organisations", elsewhere, Some(&focal_token)).await?.status(),
        403
    );
    assert_eq!(send(reqwest::Method::POST, "/api/v1/organisations", university, None).await?.status(), 401);
    Ok(())
}
