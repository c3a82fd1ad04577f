//! The JSON API and its OpenAPI document.

use mekong_testkit::{TestApp, backend_tests};

backend_tests!(api_lists_member_cities, api_errors_are_json_in_the_readers_language, demo_load_is_a_no_op_when_loaded);

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
