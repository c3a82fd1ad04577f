//! Writing through the API with a token: people, events and their registrations and answers,
//! indicator values and their submission and validation. Each goes through the pages' use case:
//! rights before input, field errors as `{code, message, fields}` 422, stale versions 409, a
//! focal point refused for another city, an audit entry; a token needs no CSRF token.

use mekong_testkit::page::period_id;
use mekong_testkit::{TestApp, backend_tests};
use reqwest::Method;
use serde_json::{Value, json};

backend_tests!(
    people_are_created_read_and_changed_through_the_api,
    events_registrations_and_answers_go_through_the_api,
    indicator_values_are_entered_submitted_and_validated_through_the_api,
);

/// A client with no cookies, sending JSON with a token (or none).
struct Api<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

impl<'a> Api<'a> {
    fn new(app: &'a TestApp) -> Api<'a> {
        Api { app, client: reqwest::Client::new() }
    }

    async fn send(&self, method: Method, path: &str, body: Value, token: Option<&str>) -> anyhow::Result<(u16, Value)> {
        let mut request = self.client.request(method, self.app.url(path)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    async fn get(&self, path: &str, token: &str) -> anyhow::Result<(u16, Value)> {
        self.send(Method::GET, path, Value::Null, Some(token)).await
    }
}

/// The fields a 422 names.
fn fields(error: &Value) -> String {
    error["fields"].to_string()
}

async fn actions(app: &TestApp, entity_type: &str, entity_id: Option<&str>) -> anyhow::Result<Vec<String>> {
    let trail = app
        .app
        .audit_trail(
            &mekong_app::policy::Actor::command_line(),
            mekong_app::audit::AuditFilter {
                entity_type: Some(entity_type.to_owned()),
                entity_id: entity_id.map(str::to_owned),
                limit: 1_000,
                ..Default::default()
            },
        )
        .await?;
    Ok(trail.into_iter().map(|e| e.change.action).collect())
}

async fn people_are_created_read_and_changed_through_the_api(app: TestApp) -> anyhow::Result<()> {
    let api = Api::new(&app);
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let token = coordinator.api_token("directory tool", "").await?;
    let sophal = json!({ "name_romanised": "Chea Sophal (API)", "country": "KH", "emails": "sophal.api@example.org" });
    let (status, created) = api.send(Method::POST, "/api/v1/people", sophal.clone(), Some(&token)).await?;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["version"], 1);
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/people/{id}");
    let (status, read) = api.get(&path, &token).await?;
    assert_eq!((status, read["name_romanised"].as_str()), (200, Some("Chea Sophal (API)")));
    let (status, _) = api.send(Method::POST, "/api/v1/people", sophal.clone(), Some(&token)).await?;
    assert_eq!(status, 409, "a similar name is a possible duplicate");

    let mut changed = sophal.clone();
    changed["function"] = json!("Urban planner");
    changed["version"] = json!(1);
    let (status, saved) = api.send(Method::PUT, &path, changed.clone(), Some(&token)).await?;
    assert_eq!((status, saved["version"].as_i64()), (200, Some(2)), "{saved}");
    let (_, read) = api.get(&path, &token).await?;
    assert_eq!(read["function"], "Urban planner", "read back");
    let (status, stale) = api.send(Method::PUT, &path, changed, Some(&token)).await?;
    assert_eq!((status, stale["code"].as_str()), (409, Some("MK-409")), "version 1 is no longer the saved one");

    let (status, bad) = api
        .send(Method::POST, "/api/v1/people", json!({ "name_romanised": "X Y", "sex": "robot" }), Some(&token))
        .await?;
    assert_eq!(status, 422);
    assert!(fields(&bad).contains("sex") && bad["message"].is_string(), "the field is named: {bad}");
    let (status, bad) = api.send(Method::PUT, &path, json!({ "version": 2 }), Some(&token)).await?;
    assert_eq!(status, 422, "a change without a name");
    assert!(fields(&bad).contains("name_romanised"), "{bad}");

    // A focal point changes and adds people of their own city only.
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let focal_token = focal.api_token("city tool", "").await?;
    let (_, found) = api.get("/api/v1/people?q=nguyen%20van%20an", &token).await?;
    let hue_person = found["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    assert!(!hue_person.is_empty(), "Huế's demo person: {found}");
    let hue_path = format!("/api/v1/people/{hue_person}");
    let (_, before) = api.get(&hue_path, &token).await?;
    let attempt = json!({ "name_romanised": "Changed from Phnom Penh", "version": before["version"] });
    assert_eq!(api.send(Method::PUT, &hue_path, attempt, Some(&focal_token)).await?.0, 403);
    let (status, _) =
        api.send(Method::PUT, &hue_path, Value::String("not an object".into()), Some(&focal_token)).await?;
    assert_eq!(status, 403, "rights before input");
    let elsewhere = json!({ "name_romanised": "Focal of Huế (API)", "focal_point_of": "VN-HUI" });
    assert_eq!(api.send(Method::POST, "/api/v1/people", elsewhere, Some(&focal_token)).await?.0, 403);
    let (_, after) = api.get(&hue_path, &token).await?;
    assert_eq!(after["version"], before["version"], "unchanged");
    assert_eq!(api.send(Method::POST, "/api/v1/people", sophal.clone(), None).await?.0, 401);

    // A token needs no CSRF token, even from a client holding a session cookie; the cookie
    // alone still does.
    let with_cookie = coordinator
        .client
        .put(coordinator.url(&path))
        .bearer_auth(&token)
        .json(&json!({ "name_romanised": "Chea Sophal (API)", "function": "Planner", "version": 2 }))
        .send()
        .await?;
    assert_eq!(with_cookie.status(), 200);
    let cookie_only = coordinator
        .client
        .put(coordinator.url(&path))
        .json(&json!({ "name_romanised": "Chea Sophal (API)", "version": 3 }))
        .send()
        .await?;
    assert_eq!(cookie_only.status(), 403, "a session cookie without the CSRF token is refused");

    let trail = actions(&app, "person", Some(&id)).await?;
    assert_eq!(trail.iter().filter(|a| *a == "person.created").count(), 1, "{trail:?}");
    assert_eq!(trail.iter().filter(|a| *a == "person.updated").count(), 2, "{trail:?}");
    Ok(())
}

fn workshop(city: &str, title: &str) -> Value {
    json!({
        "kind": "workshop",
        "status": "announced",
        "title": { "fr": title, "en": title },
        "host_city": city,
        "venue": "City Hall",
        "starts": "2027-03-10T09:00",
        "ends": "2027-03-10T17:00",
        "time_zone": "Asia/Phnom_Penh",
        "capacity": 1,
        "open_registration": true,
    })
}

/// The event's participants as its organiser reads them: name → (id, status, version).
async fn participants(api: &Api<'_>, event: &str, token: &str) -> anyhow::Result<Vec<(String, String, String, i64)>> {
    let (_, detail) = api.get(&format!("/api/v1/events/{event}"), token).await?;
    Ok(detail["participants"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let text = |key: &str| p[key].as_str().unwrap_or_default().to_owned();
            (text("name"), text("id"), text("status"), p["version"].as_i64().unwrap_or(-1))
        })
        .collect())
}

async fn events_registrations_and_answers_go_through_the_api(app: TestApp) -> anyhow::Result<()> {
    let api = Api::new(&app);
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let token = coordinator.api_token("events tool", "").await?;
    let (status, created) =
        api.send(Method::POST, "/api/v1/events", workshop("KH-PNH", "Atelier API"), Some(&token)).await?;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["version"], 1);
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/events/{id}");
    let (_, read) = api.get(&path, &token).await?;
    assert_eq!(read["event"]["title"]["en"], "Atelier API", "read back");
    let mut moved = workshop("KH-PNH", "Atelier API");
    moved["venue"] = json!("Riverside hall");
    moved["version"] = json!(1);
    let (status, saved) = api.send(Method::PUT, &path, moved.clone(), Some(&token)).await?;
    assert_eq!((status, saved["version"].as_i64(), saved["venue"].as_str()), (200, Some(2), Some("Riverside hall")));
    assert_eq!(api.send(Method::PUT, &path, moved, Some(&token)).await?.0, 409, "a stale version");
    let mut wrong = workshop("KH-PNH", "Atelier API");
    wrong["starts"] = json!("2027-13-45T09:00");
    wrong["title"]["xx"] = json!("?");
    let (status, bad) = api.send(Method::POST, "/api/v1/events", wrong, Some(&token)).await?;
    assert_eq!(status, 422);
    assert!(fields(&bad).contains("title_xx"), "an unknown language is named: {bad}");

    // A focal point runs their own city's events only.
    let (_, hue_event) = api.send(Method::POST, "/api/v1/events", workshop("VN-HUI", "Huế API"), Some(&token)).await?;
    let hue_id = hue_event["id"].as_str().unwrap_or_default().to_owned();
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let focal_token = focal.api_token("city tool", "").await?;
    let mut taken = workshop("VN-HUI", "Taken over");
    taken["version"] = json!(1);
    assert_eq!(api.send(Method::PUT, &format!("/api/v1/events/{hue_id}"), taken, Some(&focal_token)).await?.0, 403);
    let (status, bad) =
        api.send(Method::POST, "/api/v1/events", workshop("VN-HUI", "Not mine"), Some(&focal_token)).await?;
    assert_eq!(status, 422, "as the page: the host city is not theirs");
    assert!(fields(&bad).contains("host_city"), "{bad}");

    // Registrations as the public form takes them, anonymous: one place, then the waiting list.
    let register = |name: &str, email: &str| json!({ "name": name, "email": email, "language": "km", "organisation": "Phnom Penh Capital Hall" });
    let registrations = format!("{path}/registrations");
    let (status, dara) = api.send(Method::POST, &registrations, register("Dara API", "dara@example.org"), None).await?;
    assert_eq!((status, dara["status"].as_str()), (201, Some("accepted")), "{dara}");
    let (status, vanna) =
        api.send(Method::POST, &registrations, register("Vanna API", "vanna@example.org"), None).await?;
    assert_eq!((status, vanna["status"].as_str()), (201, Some("waiting")), "the one place is taken");
    let (status, again) = api.send(Method::POST, &registrations, register("Dara", "DARA@example.org"), None).await?;
    assert_eq!(status, 422);
    assert!(fields(&again).contains("email"), "already registered: {again}");
    let (status, bad) =
        api.send(Method::POST, &registrations, register("Name\r\nBcc: x@evil.example", "x"), None).await?;
    assert_eq!(status, 422);
    assert!(fields(&bad).contains("name") && fields(&bad).contains("email"), "{bad}");
    app.run_jobs().await?;
    assert!(app.outbox()?.iter().any(|m| m.to == "dara@example.org" && m.link("/rsvp/").is_some()), "her link");

    // The organiser records Dara's "no" received by phone: her place goes to Vanna.
    let people = participants(&api, &id, &token).await?;
    let find = |name: &str| people.iter().find(|p| p.0 == name).cloned().unwrap_or_default();
    let (_, dara_id, _, dara_version) = find("Dara API");
    let answer = format!("{path}/participants/{dara_id}/answer");
    let (status, _) =
        api.send(Method::POST, &answer, json!({ "answer": "perhaps", "version": dara_version }), Some(&token)).await?;
    assert_eq!(status, 422, "not an answer");
    let no = json!({ "answer": "no", "version": dara_version });
    assert_eq!(api.send(Method::POST, &answer, no.clone(), Some(&token)).await?.0, 204);
    let people = participants(&api, &id, &token).await?;
    let status_of = |name: &str| people.iter().find(|p| p.0 == name).map(|p| p.2.clone()).unwrap_or_default();
    assert_eq!((status_of("Dara API"), status_of("Vanna API")), ("declined".into(), "accepted".into()), "read back");
    assert_eq!(api.send(Method::POST, &answer, no, Some(&token)).await?.0, 409, "a stale version");
    // Not for another city's event.
    let (_, lan) = api
        .send(
            Method::POST,
            &format!("/api/v1/events/{hue_id}/registrations"),
            register("Lan API", "lan@example.org"),
            None,
        )
        .await?;
    let lan_answer = format!("/api/v1/events/{hue_id}/participants/{}/answer", lan["id"].as_str().unwrap_or_default());
    let (status, _) =
        api.send(Method::POST, &lan_answer, json!({ "answer": "no", "version": 1 }), Some(&focal_token)).await?;
    assert_eq!(status, 403);

    let trail = actions(&app, "event", Some(&id)).await?;
    for action in ["event.created", "event.updated", "event.registered", "event.answered"] {
        assert!(trail.iter().any(|a| a == action), "{action} in the trail: {trail:?}");
    }
    Ok(())
}

async fn indicator_values_are_entered_submitted_and_validated_through_the_api(app: TestApp) -> anyhow::Result<()> {
    let api = Api::new(&app);
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let token = focal.api_token("city tool", "").await?;
    let year = period_id(&focal, "SGA4", "2026").await?;
    let grid = format!("/api/v1/programmes/SGA4/periods/{year}/values/KH-PNH");
    let (status, read) = api.get(&grid, &token).await?;
    assert_eq!(status, 200, "{read}");
    let row = |grid: &Value, code: &str| {
        grid["rows"].as_array().and_then(|rows| rows.iter().find(|r| r["code"] == code).cloned()).unwrap_or_default()
    };
    let trained = row(&read, "OP2.1.2");
    let indicator = trained["indicator"].as_str().unwrap_or_default().to_owned();
    assert!(!indicator.is_empty(), "the indicator is in the city's grid: {read}");
    let cell = |grid: &Value, name: &str| {
        row(grid, "OP2.1.2")["cells"]
            .as_array()
            .and_then(|cells| cells.iter().find(|c| c["cell"] == name).cloned())
            .unwrap_or_default()
    };

    let values = json!({ "values": [
        { "indicator": indicator, "cell": "", "value": 13, "version": 0 },
        { "indicator": indicator, "cell": "sex=female", "value": "7", "version": 0 },
        { "indicator": indicator, "cell": "sex=male", "value": 6.0, "version": 0 },
    ]});
    let (status, saved) = api.send(Method::PUT, &grid, values.clone(), Some(&token)).await?;
    assert_eq!((status, saved["changed"].as_u64()), (200, Some(3)), "{saved}");
    let (_, read) = api.get(&grid, &token).await?;
    let total = cell(&read, "");
    assert_eq!(
        (total["value"].as_f64(), total["status"].as_str(), total["version"].as_i64()),
        (Some(13.0), Some("draft"), Some(1))
    );
    assert_eq!(api.send(Method::PUT, &grid, values, Some(&token)).await?.0, 409, "versions 0 are stale now");

    let wrong = json!({ "values": [
        { "indicator": indicator, "cell": "", "value": 14, "version": 1 },
        { "indicator": indicator, "cell": "sex=male", "value": "abc", "version": 1 },
    ]});
    let (status, bad) = api.send(Method::PUT, &grid, wrong, Some(&token)).await?;
    assert_eq!(status, 422);
    assert!(fields(&bad).contains(&format!("v.{indicator}.sex=male")), "the cell is named: {bad}");
    assert_eq!(cell(&api.get(&grid, &token).await?.1, "")["value"].as_f64(), Some(13.0), "nothing saved");

    // Submitted for validation: the cells sent become submitted.
    let cells: Vec<Value> = ["", "sex=female", "sex=male"]
        .iter()
        .map(|name| {
            let stored = cell(&read, name);
            json!({ "indicator": indicator, "cell": name, "value": stored["value"], "version": stored["version"] })
        })
        .collect();
    let submit = json!({ "values": cells });
    let (status, submitted) = api.send(Method::POST, &format!("{grid}/submission"), submit, Some(&token)).await?;
    assert_eq!((status, submitted["changed"].as_u64()), (200, Some(3)), "{submitted}");
    assert_eq!(cell(&api.get(&grid, &token).await?.1, "")["status"], "submitted");

    // Another city's focal point reaches neither the grid nor its writes, whatever is sent.
    let hue = app.signed_in("focal.hue@mekong.example").await?;
    let hue_token = hue.api_token("city tool", "").await?;
    assert_eq!(api.get(&grid, &hue_token).await?.0, 403);
    let mine = json!({ "values": [{ "indicator": indicator, "cell": "", "value": 99, "version": 2 }] });
    assert_eq!(api.send(Method::PUT, &grid, mine, Some(&hue_token)).await?.0, 403);
    assert_eq!(api.send(Method::PUT, &grid, json!([1, 2]), Some(&hue_token)).await?.0, 403, "rights before input");
    assert_eq!(
        api.send(Method::POST, &format!("{grid}/review"), json!({ "decision": "validate" }), Some(&token)).await?.0,
        403
    );

    // The staff validate.
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let staff = coordinator.api_token("review tool", "").await?;
    let review = format!("{grid}/review");
    let (status, bad) =
        api.send(Method::POST, &review, json!({ "decision": "return", "comment": "" }), Some(&staff)).await?;
    assert_eq!(status, 422);
    assert!(fields(&bad).contains("comment"), "{bad}");
    let (status, done) = api
        .send(Method::POST, &review, json!({ "decision": "validate", "indicator": indicator }), Some(&staff))
        .await?;
    assert_eq!((status, done["changed"].as_u64()), (200, Some(3)), "{done}");
    let (_, read) = api.get(&grid, &token).await?;
    assert_eq!((cell(&read, "")["status"].as_str(), cell(&read, "")["version"].as_i64()), (Some("validated"), Some(3)));

    let trail = actions(&app, "indicator", Some(&indicator)).await?;
    for action in ["value.saved", "value.submitted", "value.validated"] {
        assert!(trail.iter().any(|a| a == action), "{action} in the trail: {trail:?}");
    }
    Ok(())
}
