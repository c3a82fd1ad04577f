//! The action plan written through the API: the plan page's use case, rights, version and trail,
//! every failure as the documented JSON error.

use mekong_testkit::{TestApp, backend_tests};

backend_tests!(plan_activities_are_created_and_changed_through_the_api_by_the_pages_rules);

async fn plan_activities_are_created_and_changed_through_the_api_by_the_pages_rules(
    app: TestApp,
) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let token = coordinator.api_token("plan tool", "").await?;
    let client = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str, body: serde_json::Value, token: Option<&str>| {
        let mut request = client.request(method, app.url(path)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let visit = serde_json::json!({
        "node": "A3.1.1",
        "title": { "fr": "Visite d’étude à Vientiane", "lo": "ການຢ້ຽມຢາມສຶກສາຢູ່ວຽງຈັນ" },
        "starts": "2026-12-10",
        "ends": "2026-12-11",
        "cities": "LA-VTE",
        "status": "planned",
    });
    let created = send(reqwest::Method::POST, "/api/v1/programmes/SGA4/plan", visit.clone(), Some(&token)).await?;
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await?;
    assert_eq!(created["version"], 1);
    assert_eq!(created["title"]["lo"], "ການຢ້ຽມຢາມສຶກສາຢູ່ວຽງຈັນ");
    assert_eq!(created["cities"], serde_json::json!(["LA-VTE"]));
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let (_, page) = coordinator.get_text("/results/SGA4/plan?year=2026").await?;
    assert!(page.contains("Visite d’étude à Vientiane"), "the page shows what the API saved");

    let path = format!("/api/v1/programmes/SGA4/plan/{id}");
    let mut delayed = visit.clone();
    delayed["status"] = serde_json::json!("delayed");
    delayed["version"] = serde_json::json!(1);
    let unjustified = send(reqwest::Method::PUT, &path, delayed.clone(), Some(&token)).await?;
    assert_eq!(unjustified.status(), 422);
    let unjustified: serde_json::Value = unjustified.json().await?;
    assert!(unjustified["fields"].to_string().contains("justification"), "the field is named: {unjustified}");
    delayed["justification"] = serde_json::json!("Reportée à la demande de la ville.");
    let saved = send(reqwest::Method::PUT, &path, delayed.clone(), Some(&token)).await?;
    assert_eq!(saved.status(), 200);
    let saved: serde_json::Value = saved.json().await?;
    assert_eq!((saved["status"].as_str(), saved["version"].as_i64()), (Some("delayed"), Some(2)));
    let stale = send(reqwest::Method::PUT, &path, delayed, Some(&token)).await?;
    assert_eq!(stale.status(), 409, "version 1 is no longer the saved one");

    let mut nowhere = visit.clone();
    nowhere["cities"] = serde_json::json!("LA-ZZZ");
    let refused = send(reqwest::Method::POST, "/api/v1/programmes/SGA4/plan", nowhere, Some(&token)).await?;
    assert_eq!(refused.status(), 422);
    assert!(refused.json::<serde_json::Value>().await?["fields"].to_string().contains("cities"));
    let garbled = client
        .post(app.url("/api/v1/programmes/SGA4/plan"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await?;
    assert_eq!(garbled.status(), 422);
    assert!(garbled.json::<serde_json::Value>().await?["code"].is_string(), "a JSON error, not plain text");
    let unknown = send(reqwest::Method::POST, "/api/v1/programmes/NOPE/plan", visit.clone(), Some(&token)).await?;
    assert_eq!(unknown.status(), 404);

    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let focal_token = focal.api_token("city tool", "").await?;
    assert_eq!(
        send(reqwest::Method::POST, "/api/v1/programmes/SGA4/plan", visit.clone(), Some(&focal_token)).await?.status(),
        403
    );
    assert_eq!(
        send(reqwest::Method::PUT, &path, serde_json::json!("garbled"), Some(&focal_token)).await?.status(),
        403
    );
    assert_eq!(send(reqwest::Method::POST, "/api/v1/programmes/SGA4/plan", visit, None).await?.status(), 401);
    Ok(())
}
