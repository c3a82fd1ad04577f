//! The project pipeline end to end: Vientiane's focal point proposes a project, a stage move is
//! refused naming the missing items in Lao and goes through once they are there; the submission
//! waits for the secretariat, which sends it back with a comment and then approves it (a focal
//! point or the coordinator cannot); the rights of focal points and partners over the demo's
//! projects; the portfolio's counts per stage and totals per currency; the API's 409 and 422;
//! and the project's own logframe, whose value its city enters through the results grid.

use mekong_testkit::page::{between, form_version, location};
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(
    a_move_is_refused_naming_the_missing_items_and_the_submission_needs_the_secretariat,
    focal_points_and_partners_see_only_their_projects,
    the_portfolio_counts_each_stage_and_totals_each_currency_apart,
    the_api_answers_409_for_a_stale_version_and_422_for_a_bad_field_or_move,
    the_projects_city_enters_its_logframe_value_through_the_results_grid,
);

const COORDINATOR: &str = "coordinator@mekong.example";
const SECRETARIAT: &str = "secretariat@mekong.example";
const FOCAL_VTE: &str = "focal.vientiane@mekong.example";
const FOCAL_HUE: &str = "focal.hue@mekong.example";
const PARTNER: &str = "partner@mekong.example";
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

/// Posts a step's form with the version of the project's page (or, for a reader without the
/// form, the API's), so that only the rules can refuse it.
async fn step(
    session: &HttpSession,
    href: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> anyhow::Result<reqwest::Response> {
    let json: serde_json::Value = session.get(&format!("/api/v1{href}")).await?.json().await?;
    let version = json["version"].as_i64().unwrap_or_default().to_string();
    let mut all = fields.to_vec();
    all.push(("version", &version));
    session.post_form(&format!("{href}/{action}"), &all).await
}

async fn add_document(session: &HttpSession, href: &str, kind: &str) -> anyhow::Result<u16> {
    let (_, page) = session.get_text(href).await?;
    let version = form_version(&page, &format!("{href}/documents"));
    let added = session
        .post_multipart(&format!("{href}/documents"), |form| {
            form.text("version", version)
                .text("kind", kind.to_owned())
                .part("documents", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name(format!("{kind}.pdf")))
        })
        .await?;
    Ok(added.status().as_u16())
}

/// The id of a directory organisation of kind funder.
async fn funder(session: &HttpSession) -> anyhow::Result<String> {
    let found: serde_json::Value = session.get("/api/v1/organisations?kind=funder").await?.json().await?;
    Ok(found["items"][0]["id"].as_str().unwrap_or_default().to_owned())
}

/// The href of the demo project of this English title, as the coordinator finds it.
async fn demo_project(app: &TestApp, title: &str) -> anyhow::Result<String> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let all: serde_json::Value = coordinator.get("/api/v1/projects").await?.json().await?;
    let id = all["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["title"]["en"] == title)
        .and_then(|p| p["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(!id.is_empty(), "the demo project {title}");
    Ok(format!("/projects/{id}"))
}

async fn a_move_is_refused_naming_the_missing_items_and_the_submission_needs_the_secretariat(
    app: TestApp,
) -> anyhow::Result<()> {
    // Huế's focal point cannot propose in Vientiane's name.
    let hue = app.signed_in(FOCAL_HUE).await?;
    let refused = hue.post_form("/projects", &[("title_en", "Not ours"), ("cities", "LA-VTE")]).await?;
    assert_eq!(refused.status(), 403);

    let vientiane = app.signed_in(FOCAL_VTE).await?;
    let created = vientiane
        .post_form("/projects", &[("title_lo", "ນ້ຳສະອາດ"), ("title_en", "Clean water"), ("cities", "LA-VTE")])
        .await?;
    assert_eq!(created.status(), 303);
    let href = location(&created);
    assert!(href.starts_with("/projects/"), "{href}");
    let (_, page) = vientiane.get_text(&href).await?;
    assert!(page.contains("PRJ-2026-006"), "numbered after the demo's five");

    // Moved too early: every missing item named, in Lao; nothing moved.
    let early = step(&vientiane, &href, "stage", &[("stage", "concept_note")]).await?;
    assert_eq!(early.status(), 422);
    let text = early.text().await?;
    let missing = between(&text, "id=\"missing\"", "</div>");
    for item in ["ບົດສະຫຼຸບ", "ຢ່າງໜ້ອຍໜຶ່ງຫົວຂໍ້", "ບົດແນວຄວາມຄິດ (ເອກະສານ)"]
    {
        assert!(missing.contains(item), "{item} named: {missing}");
    }
    assert!(!missing.contains("ຢ່າງໜ້ອຍໜຶ່ງເມືອງ"), "the city is there: {missing}");
    let json: serde_json::Value = vientiane.get(&format!("/api/v1{href}")).await?.json().await?;
    assert_eq!(json["stage"], "idea");

    // The summary, a theme and the concept note: then it moves.
    let (_, form) = vientiane.get_text(&format!("{href}/edit")).await?;
    let version = form_version(&form, &href);
    let saved = vientiane
        .post_form(
            &href,
            &[
                ("version", version.as_str()),
                ("title_en", "Clean water"),
                ("summary", "Safe water for the markets"),
                ("cities", "LA-VTE"),
                ("themes", "urban_resilience"),
            ],
        )
        .await?;
    assert_eq!(saved.status(), 303);
    assert_eq!(add_document(&vientiane, &href, "concept_note").await?, 303);
    assert_eq!(step(&vientiane, &href, "stage", &[("stage", "concept_note")]).await?.status(), 303);

    // The full proposal: funder, budget, dates and two documents.
    let funder = funder(&vientiane).await?;
    let (_, form) = vientiane.get_text(&format!("{href}/edit")).await?;
    let version = form_version(&form, &href);
    let saved = vientiane
        .post_form(
            &href,
            &[
                ("version", version.as_str()),
                ("title_en", "Clean water"),
                ("summary", "Safe water for the markets"),
                ("cities", "LA-VTE"),
                ("themes", "urban_resilience"),
                ("funder", funder.as_str()),
                ("budget", "125000.50"),
                ("currency", "USD"),
                ("starts_on", "2027-03-01"),
                ("ends_on", "2029-02-28"),
            ],
        )
        .await?;
    assert_eq!(saved.status(), 303);
    for kind in ["full_proposal", "budget"] {
        assert_eq!(add_document(&vientiane, &href, kind).await?, 303);
    }
    assert_eq!(step(&vientiane, &href, "stage", &[("stage", "full_proposal")]).await?.status(), 303);

    // Not submitted without the secretariat.
    let unapproved = step(&vientiane, &href, "stage", &[("stage", "submitted")]).await?;
    assert_eq!(unapproved.status(), 422);
    assert!(between(&unapproved.text().await?, "id=\"missing\"", "</div>").contains("AIMF"));
    assert_eq!(step(&vientiane, &href, "approval", &[]).await?.status(), 303);
    // A focal point and the coordinator do not approve; the secretariat sends back only with a comment.
    assert_eq!(step(&vientiane, &href, "approval/decision", &[("decision", "approve")]).await?.status(), 403);
    let coordinator = app.signed_in(COORDINATOR).await?;
    assert_eq!(step(&coordinator, &href, "approval/decision", &[("decision", "approve")]).await?.status(), 403);
    let secretariat = app.signed_in(SECRETARIAT).await?;
    let (_, seen) = secretariat.get_text(&href).await?;
    assert!(seen.contains(&format!("action=\"{href}/approval/decision\"")), "the secretariat's form");
    let bare = step(&secretariat, &href, "approval/decision", &[("decision", "send_back")]).await?;
    assert_eq!(bare.status(), 422);
    let sent_back = step(
        &secretariat,
        &href,
        "approval/decision",
        &[("decision", "send_back"), ("comment", "Add the co-financing letter")],
    )
    .await?;
    assert_eq!(sent_back.status(), 303);
    assert_eq!(step(&vientiane, &href, "stage", &[("stage", "submitted")]).await?.status(), 422);
    let (_, page) = vientiane.get_text(&href).await?;
    assert!(between(&page, "id=\"approval-comment\">", "<").contains("co-financing letter"), "the comment shown");
    assert_eq!(step(&vientiane, &href, "approval", &[]).await?.status(), 303);
    let approved =
        step(&secretariat, &href, "approval/decision", &[("decision", "approve"), ("comment", "Good to go")]).await?;
    assert_eq!(approved.status(), 303);
    assert_eq!(step(&vientiane, &href, "stage", &[("stage", "submitted")]).await?.status(), 303);
    // Past the submission, the coordinator runs the pipeline, not the city.
    assert_eq!(step(&vientiane, &href, "stage", &[("stage", "rejected")]).await?.status(), 403);

    let json: serde_json::Value = vientiane.get(&format!("/api/v1{href}")).await?.json().await?;
    assert_eq!(json["stage"], "submitted");
    assert_eq!(
        (json["approval"]["status"].as_str(), json["approval"]["comment"].as_str()),
        (Some("approved"), Some("Good to go"))
    );
    assert_eq!(json["budget"]["amount_minor"], 12_500_050);
    let (_, page) = vientiane.get_text(&href).await?;
    let history = between(&page, "id=\"history-heading\"", "</table>");
    // Proposed, edited twice, three documents, three moves, two requests, two answers.
    assert_eq!(history.matches("<tr><td>").count(), 13, "{history}");
    assert!(app.app.verify_audit_chain().await?.is_ok(), "every step in the sealed trail");
    Ok(())
}

async fn focal_points_and_partners_see_only_their_projects(app: TestApp) -> anyhow::Result<()> {
    let drainage = demo_project(&app, "Drainage of Vientiane's old town").await?;
    let heritage = demo_project(&app, "Digital heritage inventory of Huế").await?;
    let hue = app.signed_in(FOCAL_HUE).await?;
    assert_eq!(hue.get(&drainage).await?.status(), 403, "another city's project");
    assert_eq!(hue.get(&format!("/api/v1{drainage}")).await?.status(), 403);
    assert_eq!(hue.get(&heritage).await?.status(), 200);
    let (_, listed) = hue.get_text("/projects").await?;
    assert!(listed.contains("Digital heritage inventory") && listed.contains("Climate adaptation plans"));
    assert!(!listed.contains("Drainage of Vientiane"), "Huế's own only");
    // A focal point cannot edit another city's project either.
    assert_eq!(step(&hue, &drainage, "stage", &[("stage", "submitted")]).await?.status(), 403);

    // The partner university sees the two projects it is a partner of, and nothing else.
    let partner = app.signed_in(PARTNER).await?;
    let theirs: serde_json::Value = partner.get("/api/v1/projects").await?.json().await?;
    let mut titles: Vec<&str> =
        theirs["items"].as_array().into_iter().flatten().filter_map(|p| p["title"]["en"].as_str()).collect();
    titles.sort_unstable();
    assert_eq!(titles, ["Digital heritage inventory of Huế", "Waste data platform"]);
    assert_eq!(partner.get(&heritage).await?.status(), 200);
    assert_eq!(partner.get(&drainage).await?.status(), 403);
    assert_eq!(step(&partner, &heritage, "stage", &[("stage", "full_proposal")]).await?.status(), 403);

    // A city's page lists its projects to those who may see them.
    let (_, city) = hue.get_text("/cities/VN-HUI").await?;
    assert!(between(&city, "id=\"city-projects\"", "</ul>").contains("Digital heritage inventory"));
    let public = app.visitor().await?;
    let (_, city) = public.get_text("/cities/VN-HUI").await?;
    assert!(!city.contains("id=\"city-projects\""), "not to the public");
    Ok(())
}

async fn the_portfolio_counts_each_stage_and_totals_each_currency_apart(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let all: serde_json::Value = coordinator.get("/api/v1/projects").await?.json().await?;
    assert_eq!(all["total"], 5);
    let count = |json: &serde_json::Value, stage: &str| {
        json["stages"].as_array().into_iter().flatten().find(|s| s["stage"] == stage).map(|s| s["count"].clone())
    };
    for (stage, n) in [("idea", 1), ("concept_note", 1), ("full_proposal", 1), ("submitted", 1), ("implementation", 1)]
    {
        assert_eq!(count(&all, stage), Some(n.into()), "{stage}");
    }
    let totals: Vec<(String, String)> = all["totals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            (t["currency"].as_str().unwrap_or_default().to_owned(), t["amount"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    assert_eq!(totals, [("EUR".to_owned(), "1050000.00".to_owned()), ("USD".to_owned(), "300000.00".to_owned())]);

    // Filtered by stage, the counts still show every stage; the totals follow the filter.
    let submitted: serde_json::Value = coordinator.get("/api/v1/projects?stage=submitted").await?.json().await?;
    assert_eq!(submitted["total"], 1);
    assert_eq!(count(&submitted, "idea"), Some(1.into()));
    assert_eq!(submitted["totals"][0]["amount"], "600000.00");
    let hue: serde_json::Value = coordinator.get("/api/v1/projects?city=VN-HUI&theme=heritage").await?.json().await?;
    assert_eq!(hue["total"], 1);

    // The page, in French: one total per currency, and the project waiting for the secretariat.
    let (status, page) = coordinator.get_text("/projects").await?;
    assert_eq!(status, 200);
    let shown = between(&page, "id=\"totals\"", "</ul>");
    assert_eq!(shown.matches("<li").count(), 2, "{shown}");
    assert!(shown.contains("EUR") || shown.contains('€'), "{shown}");
    assert!(page.contains("En attente du secrétariat"), "the drainage proposal waits for the secretariat");
    let (_, by_funder) = coordinator.get_text(&format!("/projects?funder={}", funder(&coordinator).await?)).await?;
    assert!(
        by_funder.contains("Plateforme de données sur les déchets") && !by_funder.contains("à Luang Prabang"),
        "the waste platform is funded by the first funder, the tourism idea by none"
    );
    Ok(())
}

async fn the_api_answers_409_for_a_stale_version_and_422_for_a_bad_field_or_move(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let token = coordinator.api_token("projects", "").await?;
    let client = reqwest::Client::new();
    let url = |path: &str| coordinator.url(path);
    let bad = client
        .post(url("/api/v1/projects"))
        .bearer_auth(&token)
        .json(
            &serde_json::json!({"title": {"en": "Bad money"}, "cities": ["LA-VTE"], "budget": "12", "currency": "XXX"}),
        )
        .send()
        .await?;
    assert_eq!(bad.status(), 422);
    let body: serde_json::Value = bad.json().await?;
    assert!(body["fields"].as_array().into_iter().flatten().any(|f| f["field"] == "currency"), "{body}");

    let created = client
        .post(url("/api/v1/projects"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": {"en": "Street trees", "fr": "Arbres d'alignement"}, "cities": ["VN-HUI"], "themes": ["climate_change"]}))
        .send()
        .await?;
    assert_eq!(created.status(), 201);
    let project: serde_json::Value = created.json().await?;
    let id = project["id"].as_str().unwrap_or_default();
    let href = format!("/api/v1/projects/{id}");
    let input = serde_json::json!({"title": {"en": "Street trees of Huế"}, "cities": ["VN-HUI"], "version": 1});
    assert_eq!(client.put(url(&href)).bearer_auth(&token).json(&input).send().await?.status(), 200);
    let stale = client.put(url(&href)).bearer_auth(&token).json(&input).send().await?;
    assert_eq!(stale.status(), 409, "version 1 is gone");

    let skipped = client
        .post(url(&format!("{href}/stage")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"stage": "implementation", "version": 2}))
        .send()
        .await?;
    assert_eq!(skipped.status(), 422);
    let early = client
        .post(url(&format!("{href}/stage")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"stage": "concept_note", "version": 2}))
        .send()
        .await?;
    assert_eq!(early.status(), 422);
    let body: serde_json::Value = early.json().await?;
    let named: Vec<&str> = body["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["field"] == "checklist")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(named.len(), 3, "the summary, the themes (the update sent none) and the concept note: {body}");
    let unreadable = client
        .post(url(&format!("{href}/stage")))
        .bearer_auth(&token)
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await?;
    assert_eq!(unreadable.status(), 422);
    // Another city's focal point: 403 whatever is sent.
    let vientiane = app.signed_in(FOCAL_VTE).await?;
    let theirs = vientiane.api_token("projects", "LA-VTE").await?;
    let refused = client.put(url(&href)).bearer_auth(&theirs).json(&input).send().await?;
    assert_eq!(refused.status(), 403);
    Ok(())
}

async fn the_projects_city_enters_its_logframe_value_through_the_results_grid(app: TestApp) -> anyhow::Result<()> {
    use mekong_app::results::{IndicatorDraft, LogframeEntryDraft};
    use mekong_core::Lang;
    let coordinator = app.signed_in(COORDINATOR).await?;
    let created = coordinator
        .post_form(
            "/projects",
            &[("title_en", "Market water points"), ("cities", "LA-VTE"), ("themes", "urban_resilience")],
        )
        .await?;
    assert_eq!(created.status(), 303);
    let (_, page) = coordinator.get_text(&location(&created)).await?;
    let code = between(&page, "href=\"/results/", "\"");
    assert!(code.starts_with("PRJ-"), "the project's own programme: {code}");

    // The project's logframe, an indicator its cities report and a period: the results area's own.
    let operator = mekong_app::policy::Actor::command_line();
    let entry = |level: &str, entry: &str, parent: &str| LogframeEntryDraft {
        level: level.into(),
        code: entry.into(),
        parent: parent.into(),
        titles: vec![(Lang::En, format!("{entry} of the project"))],
        assumptions: String::new(),
    };
    app.app.add_logframe_entry(&operator, &code, &entry("impact", "IMP", "")).await?;
    app.app.add_logframe_entry(&operator, &code, &entry("outcome", "OC1", "IMP")).await?;
    let indicator = app
        .app
        .save_indicator(
            &operator,
            &code,
            None,
            &IndicatorDraft {
                node: "OC1".into(),
                code: "OC1.1".into(),
                names: vec![(Lang::En, "Water points working".into())],
                unit: "water points".into(),
                measure: "number".into(),
                direction: "up".into(),
                targets: "2027-12-31=20".into(),
                reported_by: "cities".into(),
                ..IndicatorDraft::default()
            },
        )
        .await?;
    let period = app
        .app
        .save_period(
            &operator,
            &code,
            mekong_core::results::Period {
                id: mekong_core::ids::PeriodId::new(),
                programme: app.app.logframe(&operator, &code).await?.programme.id,
                code: "2026".into(),
                starts: jiff::civil::date(2026, 1, 1),
                ends: jiff::civil::date(2026, 12, 31),
                locked: false,
                version: 1,
            },
        )
        .await?;
    let grid = format!("/results/{code}/periods/{}/LA-VTE", period.id);
    let field = format!("v.{}.", indicator.id);
    let vientiane = app.signed_in(FOCAL_VTE).await?;
    let (status, page) = vientiane.get_text(&grid).await?;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("name=\"{field}\"")), "the project's indicator in the city's grid");
    let saved = vientiane.post_form(&grid, &[(field.as_str(), "7"), ("intent", "save")]).await?;
    assert_eq!(saved.status(), 303);
    let (_, page) = vientiane.get_text(&grid).await?;
    assert!(page.contains(&format!("name=\"{field}\" value=\"7\"")), "the value saved in the results area");
    // Another city does not enter Vientiane's values.
    let hue = app.signed_in(FOCAL_HUE).await?;
    assert_eq!(hue.post_form(&grid, &[(field.as_str(), "9"), ("intent", "save")]).await?.status(), 403);

    // Two indicators computed from technical assistance: the demo's requests of 2026 answered
    // (Phnom Penh's, Vientiane's, Luang Prabang's; Huế's waits for triage) and their mean rating.
    for (indicator, computation) in [("OC1.2", "assistance_answered"), ("OC1.3", "assistance_satisfaction")] {
        let draft = IndicatorDraft {
            node: "OC1".into(),
            code: indicator.into(),
            names: vec![(Lang::En, computation.into())],
            unit: "requests".into(),
            measure: "number".into(),
            direction: "up".into(),
            reported_by: "coordinator".into(),
            computation: computation.into(),
            ..IndicatorDraft::default()
        };
        app.app.save_indicator(&operator, &code, None, &draft).await?;
    }
    let dashboard: serde_json::Value =
        coordinator.get(&format!("/api/v1/programmes/{code}/dashboard")).await?.json().await?;
    let latest = |indicator: &str| {
        dashboard["indicators"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|i| i["code"] == indicator)
            .map(|i| i["latest_value"].clone())
    };
    assert_eq!(latest("OC1.2"), Some(3.0.into()), "{dashboard}");
    assert_eq!(latest("OC1.3"), Some(4.0.into()), "{dashboard}");
    Ok(())
}
