//! Missions in the region end to end through the pages: an order with its estimate, submitted,
//! approved by the secretariat, reported after the trip, and an actual cost that becomes an
//! expense of the programme; who sees which mission (a focal point their own city's, on the
//! list, the mission's page and the city's page); the event's travel proposed as expenses twice
//! creating them once; and the finance and missions API.

use mekong_app::finance::MissionDraft;
use mekong_app::policy::Actor;
use mekong_core::Lang;
use mekong_testkit::page::{between, form_version, location};
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(
    a_mission_is_ordered_approved_reported_and_its_cost_becomes_an_expense,
    a_focal_point_sees_the_missions_to_their_city_and_no_other,
    the_events_travel_proposed_twice_becomes_expenses_once,
    the_api_answers_with_the_budget_expenses_variance_and_missions,
    the_mission_pages_speak_every_language_and_a_stale_edit_shows_both_versions,
    an_auditor_reads_their_programmes_missions_and_money_and_changes_nothing,
);

const COORDINATOR: &str = "coordinator@mekong.example";
const SECRETARIAT: &str = "secretariat@mekong.example";
const FOCAL_PNH: &str = "focal.phnompenh@mekong.example";

/// The travel line `2.1` of SGA4's budget, which the demo's budget holds.
async fn travel_line(app: &TestApp) -> anyhow::Result<()> {
    let view = app.app.budget(&Actor::command_line(), "SGA4", None).await?;
    anyhow::ensure!(view.budget.lines.iter().any(|l| l.code == "2.1"), "the demo budget has line 2.1");
    Ok(())
}

/// A mission to `city` saved directly, as the coordinator would type it.
async fn mission_to(app: &TestApp, city: &str, purpose: &str) -> anyhow::Result<String> {
    let draft = MissionDraft {
        traveller: "Network coordinator".into(),
        purpose: purpose.into(),
        cities: vec![city.into()],
        departs: "2026-12-10".into(),
        returns: "2026-12-12".into(),
        transport: "80".into(),
        transport_currency: "USD".into(),
        typed_in: Lang::En,
        ..MissionDraft::default()
    };
    Ok(app.app.save_mission(&Actor::command_line(), "SGA4", None, &draft).await?.id.to_string())
}

/// The value of the first option of the select named `name` whose value is not empty.
fn first_option(page: &str, name: &str) -> String {
    let select = between(page, &format!("name=\"{name}\""), "</select>");
    select
        .split("<option value=\"")
        .skip(1)
        .filter_map(|o| o.split('"').next())
        .find(|v| !v.is_empty())
        .unwrap_or_default()
        .to_owned()
}

async fn a_mission_is_ordered_approved_reported_and_its_cost_becomes_an_expense(app: TestApp) -> anyhow::Result<()> {
    travel_line(&app).await?;
    let coordinator = app.signed_in(COORDINATOR).await?;
    let (status, form) = coordinator.get_text("/missions/new").await?;
    assert_eq!(status, 200);
    assert!(
        form.contains("value=\"KH-PNH\"") && form.contains("<optgroup label=\"SGA4\">"),
        "cities and SGA4's choices"
    );
    let activity = first_option(&form, "plan_activity");
    assert!(!activity.is_empty(), "a plan activity to link");

    // A city that is not a member is refused next to the field, and nothing is saved.
    let fields = |cities: &'static str| {
        vec![
            ("programme", "SGA4".to_owned()),
            ("traveller", "Network coordinator".to_owned()),
            ("purpose", "Technical assistance on urban data".to_owned()),
            ("cities", cities.to_owned()),
            ("departs", "2026-12-10".to_owned()),
            ("returns", "2026-12-13".to_owned()),
            ("plan_activity", activity.clone()),
            ("budget_line", "2.1".to_owned()),
            ("transport", "120".to_owned()),
            ("transport_currency", "USD".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let coordinator = &coordinator;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            coordinator.post_form("/missions", &pairs).await
        }
    };
    let refused = post(fields("XX-NOP")).await?;
    assert_eq!(refused.status(), 422);
    let created = post(fields("KH-PNH")).await?;
    assert_eq!(created.status(), 303);
    let href = location(&created);
    assert!(href.starts_with("/missions/"), "{href}");

    // The estimate: 3 nights at the example rate for Cambodia, and the transport apart (another
    // currency: never added to the per diems).
    let (_, page) = coordinator.get_text(&href).await?;
    assert!(page.contains("MIS-2026-002"), "its number (the demo's reported mission is MIS-2026-001)");
    assert!(page.contains("3 ×"), "nights × rate");
    assert!(page.contains("120,00") && page.contains("USD"), "the transport in its currency");
    assert!(page.contains("class=\"tag mission-status\">Taux d’exemple"), "the example rate marked");

    // A stale submit is a conflict; the current version goes through.
    let version = form_version(&page, &format!("{href}/submit"));
    let stale = coordinator.post_form(&format!("{href}/submit"), &[("version", "0")]).await?;
    assert_eq!(stale.status(), 409);
    assert!(stale.text().await?.contains("id=\"conflict\""), "the shared conflict notice");
    let submitted = coordinator.post_form(&format!("{href}/submit"), &[("version", &version)]).await?;
    assert_eq!(submitted.status(), 303);

    // The coordinator does not approve; the secretariat does, or returns with a comment.
    let (_, page) = coordinator.get_text(&href).await?;
    assert!(!page.contains(&format!("action=\"{href}/approve\"")), "no approval form for the coordinator");
    let version = between(&page, "name=\"version\" value=\"", "\"");
    let refused = coordinator.post_form(&format!("{href}/approve"), &[("version", &version)]).await?;
    assert_eq!(refused.status(), 403);
    let secretariat = app.signed_in(SECRETARIAT).await?;
    let (_, page) = secretariat.get_text(&href).await?;
    let version = form_version(&page, &format!("{href}/approve"));
    let no_comment = secretariat.post_form(&format!("{href}/return"), &[("version", &version)]).await?;
    assert_eq!(no_comment.status(), 422, "a return needs its comment");
    let approved = secretariat.post_form(&format!("{href}/approve"), &[("version", &version)]).await?;
    assert_eq!(approved.status(), 303);

    // The report waits for the departure.
    let (_, page) = coordinator.get_text(&href).await?;
    assert!(!page.contains(&format!("action=\"{href}/report\"")), "no report before departure");
    app.clock.advance(jiff::SignedDuration::from_hours(24 * 12));
    // Twelve days later the sessions have ended: sign in again.
    let coordinator = app.signed_in(COORDINATOR).await?;
    let (_, page) = coordinator.get_text(&href).await?;
    let version = form_version(&page, &format!("{href}/report"));
    let met = between(&page, "name=\"people_met\" value=\"", "\"");
    assert!(!met.is_empty(), "people of Phnom Penh to tick");
    let reported = coordinator
        .post_form(
            &format!("{href}/report"),
            &[
                ("version", &version),
                ("done", "Workshop on the data inventory."),
                ("people_met", &met),
                ("follow_ups", "Send the template."),
            ],
        )
        .await?;
    assert_eq!(reported.status(), 303);
    let (_, page) = coordinator.get_text(&href).await?;
    assert!(page.contains("Workshop on the data inventory.") && page.contains(&format!("/people/{met}")));

    // An actual cost becomes an expense of SGA4, linked from the mission.
    let cost = coordinator
        .post_form(
            &format!("{href}/costs"),
            &[
                ("date", "2026-12-13"),
                ("amount", "85,50"),
                ("currency", "USD"),
                ("new_supplier", "Mekong Taxi Co."),
                ("new_supplier_country", "KH"),
                ("budget_line", "2.1"),
                ("plan_activity", ""),
                ("description", "Taxi airport–city hall"),
                ("kind", "services"),
                ("procedure", "invoice"),
            ],
        )
        .await?;
    assert_eq!(cost.status(), 303);
    let (_, page) = coordinator.get_text(&href).await?;
    let expense = between(&page, "href=\"/expenses/", "\"");
    assert!(!expense.is_empty(), "the cost links to its expense");
    let detail: serde_json::Value = coordinator.get(&format!("/api/v1{href}")).await?.json().await?;
    assert_eq!(detail["mission"]["status"], "reported");
    assert_eq!(detail["costs"][0]["expense"], expense.as_str());
    assert_eq!(detail["costs"][0]["amount"]["amount_minor"], 8550);
    assert_eq!(detail["costs"][0]["amount"]["currency"], "USD");
    let expenses: serde_json::Value = coordinator.get("/api/v1/finance/SGA4/expenses").await?.json().await?;
    let entered = expenses["items"].as_array().into_iter().flatten().find(|e| e["id"] == expense.as_str());
    let entered = entered.ok_or_else(|| anyhow::anyhow!("the expense in SGA4's list"))?;
    assert_eq!(entered["mission"], detail["mission"]["id"]);
    assert_eq!(entered["budget_line"], "2.1");
    assert_eq!(entered["plan_activity"], activity.as_str(), "the mission's plan activity by default");
    Ok(())
}

async fn a_focal_point_sees_the_missions_to_their_city_and_no_other(app: TestApp) -> anyhow::Result<()> {
    let to_phnom_penh = mission_to(&app, "KH-PNH", "Data inventory in Phnom Penh").await?;
    let to_hue = mission_to(&app, "VN-HUI", "Heritage follow-up in Huế").await?;
    let focal = app.signed_in(FOCAL_PNH).await?;
    let (status, list) = focal.get_text("/missions").await?;
    assert_eq!(status, 200);
    assert!(list.contains(&to_phnom_penh) && !list.contains(&to_hue), "only the mission to Phnom Penh listed");
    assert_eq!(focal.get(&format!("/missions/{to_phnom_penh}")).await?.status(), 200);
    assert_eq!(focal.get(&format!("/missions/{to_hue}")).await?.status(), 403);
    assert_eq!(focal.get(&format!("/api/v1/missions/{to_hue}")).await?.status(), 403);
    let listed: serde_json::Value = focal.get("/api/v1/missions").await?.json().await?;
    let ids: Vec<&str> = listed.as_array().into_iter().flatten().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(ids, [to_phnom_penh.as_str()]);
    assert!(!focal.get_text("/missions/new").await?.1.contains("name=\"traveller\""), "no order form for them");

    // The city's page lists its missions to those who may see them.
    let (_, city) = focal.get_text("/cities/KH-PNH").await?;
    assert!(city.contains(&format!("/missions/{to_phnom_penh}")));
    let (_, other) = focal.get_text("/cities/VN-HUI").await?;
    assert!(!other.contains(&format!("/missions/{to_hue}")), "not another city's");
    let (_, public) = app.visitor().await?.get_text("/cities/KH-PNH").await?;
    assert!(!public.contains("/missions/"), "nothing to the public");
    let (_, staff) = app.signed_in(SECRETARIAT).await?.get_text("/cities/VN-HUI").await?;
    assert!(staff.contains(&format!("/missions/{to_hue}")), "staff see every city's");
    let (_, filtered) = app.signed_in(SECRETARIAT).await?.get_text("/missions?status=approved").await?;
    assert!(!filtered.contains(&to_hue), "the status filter leaves out drafts");
    Ok(())
}

/// The demo's upcoming workshop in Phnom Penh, whose travellers the programme pays.
async fn demo_workshop(session: &HttpSession) -> anyhow::Result<String> {
    let events: serde_json::Value = session.get("/api/v1/events").await?.json().await?;
    events
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["status"] == "announced" && e["host_city"] == "KH-PNH")
        .and_then(|e| e["id"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no announced event hosted by Phnom Penh"))
}

async fn the_events_travel_proposed_twice_becomes_expenses_once(app: TestApp) -> anyhow::Result<()> {
    travel_line(&app).await?;
    let coordinator = app.signed_in(COORDINATOR).await?;
    let event = demo_workshop(&coordinator).await?;
    let (_, page) = coordinator.get_text(&format!("/events/{event}")).await?;
    assert!(page.contains(&format!("href=\"/events/{event}/costs\"")), "the event's page links its costs");
    let (_, page) = coordinator.get_text(&format!("/events/{event}/costs")).await?;
    assert!(page.contains(&format!("action=\"/events/{event}/expenses\"")), "the proposal form");
    let (_, focal_page) = app.signed_in(FOCAL_PNH).await?.get_text(&format!("/events/{event}/costs")).await?;
    assert!(!focal_page.contains("/expenses\""), "not for those who do not enter expenses");

    let unknown = coordinator
        .post_form(&format!("/events/{event}/expenses"), &[("programme", "SGA4"), ("budget_line", "9.9")])
        .await?;
    assert_eq!(unknown.status(), 422, "a default line that is not in the budget");
    let action = format!("/events/{event}/expenses");
    let propose = || coordinator.post_form(&action, &[("programme", "SGA4"), ("budget_line", "2.1")]);
    let count = || async {
        let expenses: serde_json::Value = coordinator.get("/api/v1/finance/SGA4/expenses").await?.json().await?;
        anyhow::Ok(expenses["total"].as_i64().unwrap_or_default())
    };
    let before = count().await?;
    let first = propose().await?;
    assert_eq!(first.status(), 200);
    let first = first.text().await?;
    let created: i64 = between(&first, "Dépenses créées : ", ".").trim().parse()?;
    assert_eq!(created, 0, "the demo proposed the workshop's travel when it loaded");
    let already: i64 = between(&first, "Déjà proposées : ", ".").trim().parse()?;
    assert!(already > 0, "each fare and per diem found proposed: {}", between(&first, "role=\"status\">", "<"));
    let second = propose().await?.text().await?;
    assert_eq!(between(&second, "Dépenses créées : ", ".").trim(), "0", "nothing twice");
    assert_eq!(between(&second, "Déjà proposées : ", ".").trim(), already.to_string());
    assert_eq!(count().await?, before, "no expense added by either click");
    Ok(())
}

async fn the_api_answers_with_the_budget_expenses_variance_and_missions(app: TestApp) -> anyhow::Result<()> {
    travel_line(&app).await?;
    let mission = mission_to(&app, "LA-VTE", "Visit to Vientiane").await?;
    let secretariat = app.signed_in(SECRETARIAT).await?;
    let budget: serde_json::Value = secretariat.get("/api/v1/finance/SGA4/budget").await?.json().await?;
    assert_eq!(budget["currency"], "EUR");
    let line = |doc: &serde_json::Value, code: &str| {
        doc["lines"].as_array().into_iter().flatten().find(|l| l["code"] == code).cloned().unwrap_or_default()
    };
    // The demo's line 2.1: 20 trips at 650.00 EUR a year over three years.
    assert_eq!(line(&budget, "2.1")["current"]["amount_minor"], 3_900_000);
    let travel = budget["headings"].as_array().into_iter().flatten().find(|h| h["number"] == 2);
    assert_eq!(travel.map(|h| h["amount"]["amount"].clone()), Some(serde_json::json!("49800.00")));
    assert_eq!(budget["caps"].as_array().map(Vec::len), Some(2), "indirect costs and contingency caps");

    let variance: serde_json::Value = secretariat.get("/api/v1/finance/SGA4/variance?year=2026").await?.json().await?;
    assert_eq!(variance["year"], 2026);
    assert_eq!(line(&variance, "2.1")["budget"]["amount_minor"], 1_300_000);
    assert_eq!(line(&variance, "2.1")["spent"]["amount_minor"], 0, "the workshop's travel awaits approval");
    let expenses: serde_json::Value =
        secretariat.get("/api/v1/finance/SGA4/expenses?status=approved&page=1").await?.json().await?;
    assert!(expenses["total"].as_i64().unwrap_or_default() > 40, "the demo's approved expenses");
    assert_eq!(secretariat.get("/api/v1/finance/SGA4/expenses?status=paid").await?.status(), 422);
    assert_eq!(secretariat.get("/api/v1/finance/NOPE/budget").await?.status(), 404);

    let missions: serde_json::Value = secretariat.get("/api/v1/missions?status=draft").await?.json().await?;
    assert_eq!(missions[0]["id"], mission.as_str());
    assert_eq!(missions[0]["cities"][0], "LA-VTE");
    assert_eq!(missions[0]["transport"]["amount_minor"], 8_000);
    let detail: serde_json::Value = secretariat.get(&format!("/api/v1/missions/{mission}")).await?.json().await?;
    assert_eq!(detail["per_diem"]["nights"], 2);
    assert_eq!(detail["estimate"].as_array().map(Vec::len), Some(2), "per diems in EUR, transport in USD: not added");

    // The money is not the partners' to read, nor the public's.
    assert_eq!(app.signed_in("partner@mekong.example").await?.get("/api/v1/finance/SGA4/budget").await?.status(), 403);
    assert_eq!(app.visitor().await?.get("/api/v1/missions").await?.status(), 401);
    let openapi: serde_json::Value = app.visitor().await?.get("/api/v1/openapi.json").await?.json().await?;
    for path in [
        "/api/v1/finance/{programme}/budget",
        "/api/v1/finance/{programme}/expenses",
        "/api/v1/finance/{programme}/variance",
        "/api/v1/missions",
        "/api/v1/missions/{id}",
    ] {
        assert!(openapi["paths"][path]["get"].is_object(), "{path} documented");
    }
    Ok(())
}

async fn the_mission_pages_speak_every_language_and_a_stale_edit_shows_both_versions(
    app: TestApp,
) -> anyhow::Result<()> {
    travel_line(&app).await?;
    let mission = mission_to(&app, "KH-PNH", "Data inventory").await?;
    let admin = app.signed_in("admin@mekong.example").await?;
    let event = demo_workshop(&admin).await?;
    let pages = [
        "/missions".to_owned(),
        "/missions?status=draft".to_owned(),
        "/missions/new".to_owned(),
        format!("/missions/{mission}"),
        format!("/missions/{mission}/edit"),
        format!("/events/{event}"),
        "/cities/KH-PNH".to_owned(),
    ];
    for lang in Lang::ALL {
        admin.post_form("/language", &[("lang", lang.code()), ("next", "/")]).await?;
        for path in &pages {
            let (status, html) = admin.get_text(path).await?;
            assert_eq!(status, 200, "{lang} {path}");
            assert_eq!(crate::pages::raw_message_ids(&html), Vec::<String>::new(), "{lang} {path}");
        }
    }

    // Two people edit the same order: the second save is a conflict showing both versions, and
    // keeps what they typed.
    let edit = format!("/missions/{mission}");
    let (_, form) = admin.get_text(&format!("{edit}/edit")).await?;
    let version = form_version(&form, &edit);
    let fields = |purpose: &'static str| {
        vec![
            ("version", version.clone()),
            ("traveller", "Network coordinator".to_owned()),
            ("purpose", purpose.to_owned()),
            ("cities", "KH-PNH".to_owned()),
            ("departs", "2026-12-10".to_owned()),
            ("returns", "2026-12-12".to_owned()),
            ("transport", "80".to_owned()),
            ("transport_currency", "USD".to_owned()),
        ]
    };
    let save = |fields: Vec<(&'static str, String)>| {
        let admin = &admin;
        let edit = edit.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            admin.post_form(&edit, &pairs).await
        }
    };
    assert_eq!(save(fields("Data inventory, first edit")).await?.status(), 303);
    let stale = save(fields("Data inventory, second edit")).await?;
    assert_eq!(stale.status(), 409);
    let page = stale.text().await?;
    assert!(page.contains("id=\"conflict\""), "the shared conflict notice");
    assert!(
        page.contains("Data inventory, first edit") && page.contains("Data inventory, second edit"),
        "both versions"
    );
    let detail: serde_json::Value = admin.get(&format!("/api/v1/missions/{mission}")).await?.json().await?;
    assert_eq!(detail["mission"]["purpose"], "Data inventory, first edit", "nothing overwritten");
    Ok(())
}

async fn an_auditor_reads_their_programmes_missions_and_money_and_changes_nothing(app: TestApp) -> anyhow::Result<()> {
    travel_line(&app).await?;
    let mission = mission_to(&app, "VN-HUI", "Heritage follow-up").await?;
    let programmes = app.app.programmes(&Actor::command_line()).await?;
    let sga4 = programmes.iter().find(|p| p.code == "SGA4").map(|p| p.id.to_string()).unwrap_or_default();
    let auditor = app.invited_user("auditor@audit.example", "EU auditor", &[("auditor", &sga4)]).await?;
    let (status, list) = auditor.get_text("/missions").await?;
    assert_eq!(status, 200);
    assert!(
        list.contains(&mission) && list.contains("href=\"/missions\""),
        "the programme's missions, and the menu link"
    );
    assert!(!list.contains("href=\"/missions/new\""), "no order to create");
    let (status, page) = auditor.get_text(&format!("/missions/{mission}")).await?;
    assert_eq!(status, 200);
    assert!(!page.contains("<form method=\"post\" action=\"/missions/"), "no form to change it");
    assert_eq!(auditor.get("/api/v1/finance/SGA4/budget").await?.status(), 200);
    for step in ["submit", "approve", "return", "report", "costs"] {
        let refused = auditor.post_form(&format!("/missions/{mission}/{step}"), &[("version", "1")]).await?;
        assert_eq!(refused.status(), 403, "{step}");
    }
    assert_eq!(auditor.get("/missions/new").await?.status(), 403);
    Ok(())
}
