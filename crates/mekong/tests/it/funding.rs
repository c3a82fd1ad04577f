//! Funding sources end to end: an opportunity written by the coordinator matched to the member
//! cities with its reasons (on its page and on a city's), the reminders 30 and 7 days before a
//! deadline to whoever prepares an application (with the test clock, in their language), an
//! import with a bad row that changes nothing, applications recorded and decided with the rights
//! of each reader and the funder's success rate, and the API's 409 and 422.

use jiff::SignedDuration;
use mekong_testkit::page::{between, form_version, html_problems, location};
use mekong_testkit::{HttpSession, TestApp, backend_tests};
use serde_json::json;

backend_tests!(
    an_opportunity_shows_the_cities_it_matches_and_why,
    the_owner_is_reminded_30_and_7_days_before_the_deadline_and_never_after,
    an_import_with_a_bad_row_changes_nothing_and_names_the_row_and_column,
    applications_are_recorded_by_their_city_and_decided_into_the_funders_success_rate,
    the_api_answers_409_to_a_stale_version_and_422_to_a_bad_field,
    the_funding_pages_are_valid_html_in_two_languages_and_for_a_focal_point,
    a_project_chooses_its_opportunity_from_a_list_and_another_funders_is_refused_beside_the_field,
    an_opportunity_lists_the_projects_it_matches_that_the_reader_may_see,
    a_projects_owner_is_reminded_30_and_7_days_before_the_deadline_it_answers,
    an_opportunitys_matching_projects_are_paged_by_fifty,
    the_demo_projects_answer_open_opportunities,
);

const ADMIN: &str = "admin@mekong.example";
const COORDINATOR: &str = "coordinator@mekong.example";
const SECRETARIAT: &str = "secretariat@mekong.example";
const FOCAL_VTE: &str = "focal.vientiane@mekong.example";
const FOCAL_HUE: &str = "focal.hue@mekong.example";
const PARTNER: &str = "partner@mekong.example";

/// Writes an opportunity through the form (as the coordinator) and returns its page's path.
async fn write_opportunity(
    coordinator: &HttpSession,
    title: &str,
    deadline: (&str, &str, &str),
    countries: &[&str],
    themes: &[&str],
) -> anyhow::Result<String> {
    let funder = mekong_app::demo::DEMO_FUNDER;
    let (date, time, zone) = deadline;
    let sent = coordinator
        .post_multipart("/funding", |mut form| {
            form = form
                .text("version", "0")
                .text("funder", funder)
                .text("title_en", title.to_owned())
                .text("title_fr", format!("{title} (fr)"))
                .text("deadline_date", date.to_owned())
                .text("deadline_time", time.to_owned())
                .text("time_zone", zone.to_owned())
                .text("currency", "EUR")
                .text("minimum", "10000")
                .text("maximum", "250000")
                .text("co_financing", "80")
                .text("applicant_kinds", "local_authority")
                .text("link", "https://www.afd.fr/fr/appels");
            for country in countries {
                form = form.text("countries", (*country).to_owned());
            }
            for theme in themes {
                form = form.text("themes", (*theme).to_owned());
            }
            form
        })
        .await?;
    anyhow::ensure!(sent.status() == 303, "opportunity written: {}", sent.status());
    Ok(location(&sent))
}

async fn an_opportunity_shows_the_cities_it_matches_and_why(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    // Every member city works on heritage in the demo directory: the country decides here.
    let href = write_opportunity(
        &coordinator,
        "Heritage towns of Laos",
        ("2027-03-31", "23:59:59", "Europe/Paris"),
        &["LA"],
        &["heritage", "climate_change"],
    )
    .await?;
    let admin = app.signed_in(ADMIN).await?;
    let (status, page) = admin.get_text(&href).await?;
    assert_eq!(status, 200);
    let matches = between(&page, "id=\"matches\"", "id=\"applications\"");
    assert!(matches.contains("Vientiane") && matches.contains("Luang Prabang"), "Lao cities match: {matches}");
    assert!(!matches.contains("Huế") && !matches.contains("Phnom Penh"), "other countries do not");
    assert!(matches.contains("Shared themes: Heritage"), "the shared theme is named: {matches}");
    assert!(matches.contains("The country is eligible") && matches.contains("The deadline has not passed"));
    assert!(matches.contains("The budget is not known yet"), "a city's budget is not judged");
    // The deadline in the funder's zone (Paris is UTC+2 from the end of March) and in UTC.
    assert!(page.contains("2027-03-31 23:59:59 Europe/Paris (UTC+02:00)"), "in the funder's zone");
    assert!(page.contains("2027-03-31 21:59:59 UTC"), "and in UTC");

    // The city's page: Vientiane's matches hold it with the reasons, Huế's do not.
    let opportunity = href.trim_start_matches("/funding/");
    let (_, vientiane) = admin.get_text("/funding/matches?city=LA-VTE").await?;
    assert!(vientiane.contains(opportunity) && vientiane.contains("Shared themes: Heritage"));
    let (_, hue) = admin.get_text("/funding/matches?city=VN-HUI").await?;
    assert!(!hue.contains(opportunity), "Huế is not eligible");
    // A focal point sees their city's matches in their language.
    let focal = app.signed_in(FOCAL_VTE).await?;
    let (status, lao) = focal.get_text("/funding/matches").await?;
    assert_eq!(status, 200);
    assert!(lao.contains(opportunity) && lao.contains("ຫົວຂໍ້ວຽກຮ່ວມ"), "Vientiane's by default, in Lao");

    // Once the deadline has passed, nobody matches.
    app.clock.advance(SignedDuration::from_hours(24 * 130));
    let (_, page) = admin.get_text(&href).await?;
    let matches = between(&page, "id=\"matches\"", "id=\"applications\"");
    assert!(!matches.contains("Vientiane"), "closed: no match");
    Ok(())
}

/// The messages the outbox holds for `address`.
fn mail_to(app: &TestApp, address: &str) -> anyhow::Result<Vec<mekong_testkit::ParsedEmail>> {
    Ok(app.outbox()?.into_iter().filter(|m| m.to == address).collect())
}

async fn the_owner_is_reminded_30_and_7_days_before_the_deadline_and_never_after(app: TestApp) -> anyhow::Result<()> {
    // The test clock reads 2026-12-02T10:00Z; the deadline is 2027-01-11 23:59:59 in Phnom Penh
    // (16:59:59 UTC): reminders are due at 2026-12-12T16:59:59Z and 2027-01-04T16:59:59Z.
    let coordinator = app.signed_in(COORDINATOR).await?;
    let href = write_opportunity(
        &coordinator,
        "Drainage works 2027",
        ("2027-01-11", "23:59:59", "Asia/Phnom_Penh"),
        &[],
        &["urban_resilience"],
    )
    .await?;
    let focal = app.signed_in(FOCAL_VTE).await?;
    // The project is chosen from a list; an id that is no project is refused beside the field.
    let (_, page) = focal.get_text(&href).await?;
    assert!(page.contains("<select id=\"project\" name=\"project\""), "the project is a choice");
    let unknown = uuid::Uuid::now_v7().to_string();
    let refused = focal
        .post_form(
            &format!("{href}/applications"),
            &[("city", "LA-VTE"), ("currency", "EUR"), ("requested", "120000"), ("project", &unknown)],
        )
        .await?;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await?.contains("id=\"project-error\""));
    let recorded = focal
        .post_form(&format!("{href}/applications"), &[("city", "LA-VTE"), ("currency", "EUR"), ("requested", "120000")])
        .await?;
    assert_eq!(recorded.status(), 303, "Vientiane records its application");
    // Huế's focal point prepares one too, then submits it: submitted, it is not reminded.
    let hue = app.signed_in(FOCAL_HUE).await?;
    let recorded = hue
        .post_form(&format!("{href}/applications"), &[("city", "VN-HUI"), ("currency", "EUR"), ("requested", "90000")])
        .await?;
    assert_eq!(recorded.status(), 303);
    let applications: serde_json::Value = hue
        .get(&format!("/api/v1{}/applications", href.replace("/funding/", "/funding/opportunities/")))
        .await?
        .json()
        .await?;
    let hue_application = applications[0]["id"].as_str().unwrap_or_default().to_owned();
    let submitted = hue
        .post_form(&format!("/funding/applications/{hue_application}"), &[("step", "submit"), ("version", "1")])
        .await?;
    assert_eq!(submitted.status(), 303, "Huë submits");

    let first_due: jiff::Timestamp = "2026-12-12T16:59:59Z".parse()?;
    let now = app.app.now();
    // Vientiane's demo application has reminders of its own (another deadline): this call's only.
    let reminders = |app: &TestApp| -> anyhow::Result<Vec<String>> {
        Ok(mail_to(app, FOCAL_VTE)?
            .into_iter()
            .map(|m| m.subject)
            .filter(|s| s.contains("Drainage works 2027"))
            .collect())
    };
    // 31 days before: nothing yet.
    app.clock.advance(now.duration_until(first_due) - SignedDuration::from_hours(24));
    app.run_jobs().await?;
    assert!(reminders(&app)?.is_empty(), "31 days before: nothing");
    // 30 days before: one reminder, in Lao (the focal point's language), to the owner only.
    app.clock.advance(SignedDuration::from_hours(24));
    app.run_jobs().await?;
    let sent = reminders(&app)?;
    assert_eq!(sent.len(), 1, "30 days before: one reminder: {sent:?}");
    assert!(sent.iter().all(|s| s.contains("ເຫຼືອ 30 ມື້")), "{sent:?}");
    assert!(mail_to(&app, FOCAL_HUE)?.is_empty(), "a submitted application is not reminded");
    // 29 days before, and the worker running again: still one.
    app.clock.advance(SignedDuration::from_hours(24));
    app.run_jobs().await?;
    app.run_jobs().await?;
    assert_eq!(reminders(&app)?.len(), 1, "29 days before: still one");
    // 7 days before: the second.
    app.clock.advance(SignedDuration::from_hours(24 * 23));
    app.run_jobs().await?;
    let sent = reminders(&app)?;
    assert_eq!(sent.len(), 2, "7 days before: the second: {sent:?}");
    assert!(sent.last().is_some_and(|s| s.contains("ເຫຼືອ 7 ມື້")), "{sent:?}");
    let body = mail_to(&app, FOCAL_VTE)?
        .into_iter()
        .rev()
        .find(|m| m.subject.contains("Drainage"))
        .map(|m| m.text)
        .unwrap_or_default();
    assert!(body.contains("2027-01-11 23:59:59 Asia/Phnom_Penh"), "the deadline in its zone: {body}");
    // After the deadline: nothing more, and an application recorded then is never reminded.
    app.clock.advance(SignedDuration::from_hours(24 * 8));
    let late = focal
        .post_form(&format!("{href}/applications"), &[("city", "LA-VTE"), ("currency", "EUR"), ("requested", "5000")])
        .await?;
    assert_eq!(late.status(), 303);
    app.clock.advance(SignedDuration::from_hours(24 * 60));
    app.run_jobs().await?;
    assert_eq!(reminders(&app)?.len(), 2, "after the deadline: nothing");
    Ok(())
}

/// How many opportunities the admin sees in all.
async fn opportunity_count(admin: &HttpSession) -> anyhow::Result<u64> {
    let page: serde_json::Value = admin.get("/api/v1/funding/opportunities").await?.json().await?;
    page["total"].as_u64().ok_or_else(|| anyhow::anyhow!("no total: {page}"))
}

async fn import(admin: &HttpSession, csv: &str) -> anyhow::Result<(u16, String)> {
    let sent = admin
        .post_multipart("/funding/import", |form| {
            form.part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("opportunities.csv"))
        })
        .await?;
    let status = sent.status().as_u16();
    Ok((status, sent.text().await?))
}

async fn an_import_with_a_bad_row_changes_nothing_and_names_the_row_and_column(app: TestApp) -> anyhow::Result<()> {
    let admin = app.signed_in(ADMIN).await?;
    let before = opportunity_count(&admin).await?;
    let header = "funder,title_fr,title_en,deadline_date,deadline_time,time_zone,currency,minimum,maximum,co_financing,applicant_kinds,countries,themes,link";
    let good = [
        "French Development Agency (AFD),Villes côtières,Coastal towns,2027-05-31,23:59:59,Europe/Paris,EUR,50000,400000,80,local_authority,KH;VN,urban_resilience,https://www.afd.fr/",
        "Demo foundation for cities (fictitious),Marchés,Markets,2027-07-15,,Asia/Bangkok,USD,10000,90000,62.5,,,heritage,",
    ];
    let bad = "French Development Agency (AFD),Ponts,Bridges,2027-08-31,23:59:59,Europe/Paris,EUR,lots,400000,180,local_authority,KH,heritage,ftp://bridges";
    let csv = format!("{header}\n{}\n{bad}\n{}\n", good[0], good[1]);
    let (status, page) = import(&admin, &csv).await?;
    assert_eq!(status, 422, "refused whole");
    for problem in ["Row 3, column minimum", "Row 3, column co_financing", "Row 3, column link"] {
        assert!(page.contains(problem), "{problem} named: {}", between(&page, "id=\"import-problems\"", "</div>"));
    }
    assert!(!page.contains("Row 2,") && !page.contains("Row 4,"), "the good rows are not blamed");
    assert_eq!(opportunity_count(&admin).await?, before, "a bad row changes nothing");

    let (status, _) = import(&admin, &format!("{header}\n{}\n{}\n", good[0], good[1])).await?;
    assert_eq!(status, 303, "the corrected file goes in");
    assert_eq!(opportunity_count(&admin).await?, before + 2);
    let page: serde_json::Value =
        admin.get("/api/v1/funding/opportunities?theme=heritage&country=TH").await?.json().await?;
    let markets = page["items"].as_array().into_iter().flatten().find(|o| o["title"]["en"] == "Markets");
    let markets = markets.ok_or_else(|| anyhow::anyhow!("Markets open to every country: {page}"))?;
    assert_eq!(markets["co_financing_basis_points"], 6250);
    assert_eq!(markets["maximum"], json!({"amount_minor": 9_000_000, "currency": "USD"}));
    assert_eq!(markets["deadline"]["instant"], "2027-07-15T16:59:59Z", "23:59:59 in Bangkok by default");
    // Only the coordinator (and admins) import.
    let secretariat = app.signed_in(SECRETARIAT).await?;
    let (status, _) = import(&secretariat, &csv).await?;
    assert_eq!(status, 403);

    // `mekong import opportunities FILE`: the same all-or-nothing check at the command line.
    let file = app.database.data_dir.path().join("opportunities.csv");
    let data_dir = app.database.data_dir.path().to_string_lossy().to_string();
    let cli = |file: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
            .args(["--data-dir", &data_dir, "--database-url", &app.database.url, "import", "opportunities"])
            .arg(file)
            .output()
    };
    std::fs::write(&file, &csv)?;
    let refused = cli(&file)?;
    let said = String::from_utf8_lossy(&refused.stderr).to_string();
    assert!(!refused.status.success() && said.contains("3:minimum") && said.contains("nothing imported"), "{said}");
    assert_eq!(opportunity_count(&admin).await?, before + 2, "the command line changed nothing either");
    std::fs::write(&file, format!("{header}\n{}\n", good[0]))?;
    let imported = cli(&file)?;
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    assert!(String::from_utf8_lossy(&imported.stdout).contains("imported 1 opportunities"));
    assert_eq!(opportunity_count(&admin).await?, before + 3);
    Ok(())
}

async fn applications_are_recorded_by_their_city_and_decided_into_the_funders_success_rate(
    app: TestApp,
) -> anyhow::Result<()> {
    let opportunity = format!("/funding/{}", mekong_app::demo::DEMO_OPPORTUNITY);
    let funder = format!("/funding/funders/{}", mekong_app::demo::DEMO_FUNDER);
    let admin = app.signed_in(ADMIN).await?;
    let (status, page) = admin.get_text(&funder).await?;
    assert_eq!(status, 200);
    assert!(between(&page, "id=\"success-rate\"", "</p>").contains("50 % (1 won of 2 decided)"), "the demo's AFD");

    // Partners and the public see nothing of funding; the secretariat reads but does not record.
    let partner = app.signed_in(PARTNER).await?;
    assert_eq!(partner.get("/funding").await?.status(), 403);
    assert_eq!(partner.get(&opportunity).await?.status(), 403);
    let visitor = app.visitor().await?;
    assert!(location(&visitor.get("/funding").await?).starts_with("/login"));
    let secretariat = app.signed_in(SECRETARIAT).await?;
    assert_eq!(secretariat.get(&opportunity).await?.status(), 200);
    let fields = [("city", "LA-VTE"), ("currency", "EUR"), ("requested", "300000")];
    assert_eq!(secretariat.post_form(&format!("{opportunity}/applications"), &fields).await?.status(), 403);

    // Huế's focal point cannot record in Vientiane's name; Vientiane's can.
    let hue = app.signed_in(FOCAL_HUE).await?;
    assert_eq!(hue.post_form(&format!("{opportunity}/applications"), &fields).await?.status(), 403);
    let vientiane = app.signed_in(FOCAL_VTE).await?;
    let bad = vientiane
        .post_form(
            &format!("{opportunity}/applications"),
            &[("city", "LA-VTE"), ("currency", "EUR"), ("requested", "-5")],
        )
        .await?;
    assert_eq!(bad.status(), 422, "a negative amount is refused");
    assert_eq!(vientiane.post_form(&format!("{opportunity}/applications"), &fields).await?.status(), 303);
    let api = format!("/api/v1/funding/opportunities/{}/applications", mekong_app::demo::DEMO_OPPORTUNITY);
    let seen: serde_json::Value = vientiane.get(&api).await?.json().await?;
    let cities: Vec<&str> = seen.as_array().into_iter().flatten().filter_map(|a| a["city"].as_str()).collect();
    assert_eq!(cities, ["LA-VTE"], "a focal point sees their city's applications only");
    let id = seen[0]["id"].as_str().unwrap_or_default().to_owned();
    let all: serde_json::Value = admin.get(&api).await?.json().await?;
    assert_eq!(all.as_array().map(Vec::len), Some(3), "staff see every city's");
    // Huế's focal point neither sees nor moves Vientiane's application.
    assert_eq!(hue.get(&format!("/api/v1/funding/applications/{id}")).await?.status(), 403);
    let step = |step: &'static str, version: &'static str, granted: &'static str| {
        vec![("step", step), ("version", version), ("outcome_on", "2026-11-30"), ("granted", granted), ("comment", "")]
    };
    let url = format!("/funding/applications/{id}");
    assert_eq!(hue.post_form(&url, &step("submit", "1", "")).await?.status(), 403);
    // Won before submitted: refused; submitted, then won with the amount granted.
    assert_eq!(vientiane.post_form(&url, &step("won", "1", "250000")).await?.status(), 422);
    assert_eq!(vientiane.post_form(&url, &step("submit", "1", "")).await?.status(), 303);
    assert_eq!(vientiane.post_form(&url, &step("won", "1", "250000")).await?.status(), 409, "a stale version");
    assert_eq!(vientiane.post_form(&url, &step("won", "2", "")).await?.status(), 422, "won needs the amount");
    assert_eq!(vientiane.post_form(&url, &step("won", "2", "250000")).await?.status(), 303);
    let won: serde_json::Value = vientiane.get(&format!("/api/v1/funding/applications/{id}")).await?.json().await?;
    assert_eq!((won["status"].as_str(), won["granted"]["amount_minor"].as_i64()), (Some("won"), Some(25_000_000)));
    let (_, page) = admin.get_text(&funder).await?;
    assert!(between(&page, "id=\"success-rate\"", "</p>").contains("67 % (2 won of 3 decided)"), "counted in SQL");
    Ok(())
}

async fn the_api_answers_409_to_a_stale_version_and_422_to_a_bad_field(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let token = coordinator.api_token("funding", "").await?;
    let client = reqwest::Client::new();
    let input = |link: &str, version: i32| {
        json!({
            "funder": mekong_app::demo::DEMO_FUNDER,
            "title": {"en": "Street lighting", "vi": "Chiếu sáng đô thị"},
            "deadline_date": "2027-02-28",
            "time_zone": "Asia/Ho_Chi_Minh",
            "currency": "EUR",
            "minimum": "1000.50",
            "co_financing": "75",
            "countries": ["VN"],
            "themes": ["climate_change"],
            "link": link,
            "version": version,
        })
    };
    let url = app.url("/api/v1/funding/opportunities");
    let bad = client.post(&url).bearer_auth(&token).json(&input("javascript:alert(1)", 0)).send().await?;
    assert_eq!(bad.status(), 422);
    let body: serde_json::Value = bad.json().await?;
    assert!(body.to_string().contains("\"link\""), "the field is named: {body}");
    let created = client.post(&url).bearer_auth(&token).json(&input("https://example.org/lights", 0)).send().await?;
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await?;
    assert_eq!(created["minimum"]["amount_minor"], 100_050);
    assert_eq!(created["deadline"]["instant"], "2027-02-28T16:59:59Z");
    let id = created["id"].as_str().unwrap_or_default();
    let one = app.url(&format!("/api/v1/funding/opportunities/{id}"));
    let saved = client.put(&one).bearer_auth(&token).json(&input("https://example.org/lights-2", 1)).send().await?;
    assert_eq!(saved.status(), 200);
    let stale = client.put(&one).bearer_auth(&token).json(&input("https://example.org/lights-3", 1)).send().await?;
    assert_eq!(stale.status(), 409, "saved from version 1 again");
    let shown: serde_json::Value = client.get(&one).bearer_auth(&token).send().await?.json().await?;
    assert_eq!((shown["link"].as_str(), shown["version"].as_i64()), (Some("https://example.org/lights-2"), Some(2)));
    // A focal point's token reads but does not write.
    let focal = app.signed_in(FOCAL_HUE).await?;
    let focal_token = focal.api_token("funding", "").await?;
    let refused = client.put(&one).bearer_auth(&focal_token).json(&input("https://example.org/x", 2)).send().await?;
    assert_eq!(refused.status(), 403);
    assert_eq!(client.get(&one).bearer_auth(&focal_token).send().await?.status(), 200);
    Ok(())
}

async fn the_funding_pages_are_valid_html_in_two_languages_and_for_a_focal_point(app: TestApp) -> anyhow::Result<()> {
    let opportunity = format!("/funding/{}", mekong_app::demo::DEMO_OPPORTUNITY);
    let pages = [
        "/funding".to_owned(),
        "/funding?theme=heritage&country=KH&status=open".to_owned(),
        opportunity.clone(),
        format!("{opportunity}/edit"),
        format!("/funding/funders/{}", mekong_app::demo::DEMO_FUNDER),
        "/funding/matches?city=LA-VTE".to_owned(),
        "/funding/new".to_owned(),
        "/funding/import".to_owned(),
    ];
    let coordinator = app.signed_in(COORDINATOR).await?;
    for lang in ["fr", "vi"] {
        coordinator.post_form("/language", &[("lang", lang), ("next", "/")]).await?;
        for path in &pages {
            let (status, html) = coordinator.get_text(path).await?;
            assert_eq!(status, 200, "{lang} {path}");
            assert_eq!(html_problems(&html), Vec::<String>::new(), "{lang} {path}");
        }
    }
    let focal = app.signed_in(FOCAL_HUE).await?;
    for path in pages.iter().take(3).chain(pages.get(4..6).into_iter().flatten()) {
        let (status, html) = focal.get_text(path).await?;
        assert_eq!(status, 200, "focal point {path}");
        assert_eq!(html_problems(&html), Vec::<String>::new(), "focal point {path}");
    }
    // The focal point reads, and sees only their city's application to the demo call.
    let (_, page) = focal.get_text(&opportunity).await?;
    let applications = between(&page, "id=\"applications\"", "</table>");
    assert!(applications.contains("VN-HUI") && !applications.contains("KH-PNH"), "{applications}");
    assert!(!page.contains(&format!("{opportunity}/edit")), "no edit link for a focal point");
    Ok(())
}

/// Proposes a project through the form as `session`; returns its page's path.
async fn propose_project(session: &HttpSession, fields: &[(&str, &str)]) -> anyhow::Result<String> {
    let sent = session.post_form("/projects", fields).await?;
    anyhow::ensure!(sent.status() == 303, "project proposed: {}", sent.status());
    Ok(location(&sent))
}

async fn a_project_chooses_its_opportunity_from_a_list_and_another_funders_is_refused_beside_the_field(
    app: TestApp,
) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    coordinator.post_form("/language", &[("lang", "en"), ("next", "/")]).await?;
    let href = write_opportunity(
        &coordinator,
        "Clean water 2027",
        ("2027-01-11", "23:59:59", "Asia/Phnom_Penh"),
        &[],
        &["urban_resilience"],
    )
    .await?;
    let opportunity = href.trim_start_matches("/funding/").to_owned();
    // An open call of the demo foundation, another funder than the AFD.
    let all: serde_json::Value = coordinator.get("/api/v1/funding/opportunities").await?.json().await?;
    let foreign = all["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|o| o["funder"] != mekong_app::demo::DEMO_FUNDER && o["open"] == true)
        .and_then(|o| o["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(!foreign.is_empty(), "another funder's call: {all}");

    // The form offers the calls by title, funder and deadline, not a box for an id.
    let (status, form) = coordinator.get_text("/projects/new").await?;
    assert_eq!(status, 200);
    let select = between(&form, "<select id=\"opportunity\"", "</select>");
    assert!(select.contains(&format!("value=\"{opportunity}\"")), "{select}");
    assert!(
        select.contains(
            "Clean water 2027 · French Development Agency (AFD) · 2027-01-11 23:59:59 Asia/Phnom_Penh (UTC+07:00)"
        ),
        "title, funder and deadline: {select}"
    );
    assert!(select.contains(&format!("value=\"{foreign}\"")), "every open call is offered");

    // The AFD as funder and the foundation's call: refused beside the field, nothing saved.
    let funder = mekong_app::demo::DEMO_FUNDER;
    fn fields(chosen: &str) -> [(&str, &str); 4] {
        [
            ("title_en", "Water kiosks"),
            ("cities", "LA-VTE"),
            ("funder", mekong_app::demo::DEMO_FUNDER),
            ("opportunity", chosen),
        ]
    }
    let refused = coordinator.post_form("/projects", &fields(&foreign)).await?;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await?;
    let problem = between(&page, "id=\"opportunity-error\"", "</p>");
    assert!(problem.contains("another funder"), "said beside the field: {problem}");
    assert!(page.contains("aria-describedby=\"opportunity-error\""), "the select points at its error");
    let listed: serde_json::Value = coordinator.get("/api/v1/projects").await?.json().await?;
    assert!(!listed.to_string().contains("Water kiosks"), "nothing saved");
    // An id that is no call at all is refused too.
    let unknown = coordinator.post_form("/projects", &fields("0195d8a0-0000-7000-8000-0000000000ff")).await?;
    assert_eq!(unknown.status(), 422);

    // The funder's own call goes in; the project's page names it, linked to its page.
    let project = propose_project(&coordinator, &fields(&opportunity)).await?;
    let (_, page) = coordinator.get_text(&project).await?;
    let named = between(&page, "id=\"opportunity\"", "</dd>");
    assert!(named.contains(&format!("<a href=\"/funding/{opportunity}\">Clean water 2027</a>")), "{named}");
    // The API still takes and gives the id.
    let json: serde_json::Value = coordinator.get(&format!("/api/v1{project}")).await?.json().await?;
    assert_eq!(json["opportunity"].as_str(), Some(opportunity.as_str()));
    // The edit form keeps it chosen.
    let (_, edit) = coordinator.get_text(&format!("{project}/edit")).await?;
    assert!(edit.contains(&format!("value=\"{opportunity}\" selected")), "kept on the edit form");

    // The funder's directory page links to its funding page, for those who see funding.
    let organisation = format!("/organisations/{funder}");
    let (_, page) = coordinator.get_text(&organisation).await?;
    assert!(page.contains(&format!("href=\"/funding/funders/{funder}\"")), "the funder's page is linked");
    let partner = app.signed_in(PARTNER).await?;
    let (status, page) = partner.get_text(&organisation).await?;
    assert!(status != 200 || !page.contains("/funding/funders/"), "no link to a page a partner may not open");
    Ok(())
}

async fn an_opportunity_lists_the_projects_it_matches_that_the_reader_may_see(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    coordinator.post_form("/language", &[("lang", "en"), ("next", "/")]).await?;
    let href = write_opportunity(
        &coordinator,
        "Flood-ready towns",
        ("2027-05-31", "23:59:59", "Europe/Paris"),
        &["LA", "VN"],
        &["urban_resilience"],
    )
    .await?;
    let project = |title: &'static str, city: &'static str, theme: &'static str, budget: &'static str| {
        vec![("title_en", title), ("cities", city), ("themes", theme), ("budget", budget), ("currency", "EUR")]
    };
    let vientiane =
        propose_project(&coordinator, &project("Vientiane flood gates", "LA-VTE", "urban_resilience", "120000"))
            .await?;
    let hue =
        propose_project(&coordinator, &project("Huế canal dredging", "VN-HUI", "urban_resilience", "90000")).await?;
    let too_big =
        propose_project(&coordinator, &project("Huế ring dyke", "VN-HUI", "urban_resilience", "9000000")).await?;
    let heritage =
        propose_project(&coordinator, &project("Vientiane temple roofs", "LA-VTE", "heritage", "50000")).await?;

    let (status, page) = coordinator.get_text(&href).await?;
    assert_eq!(status, 200);
    let projects = between(&page, "id=\"matching-projects\"", "id=\"applications\"");
    assert!(projects.contains(&format!("href=\"{vientiane}\"")) && projects.contains(&format!("href=\"{hue}\"")));
    assert!(projects.contains("Vientiane flood gates") && projects.contains("Huế canal dredging"), "{projects}");
    assert!(projects.contains("Shared themes: Urban resilience"), "with the reasons: {projects}");
    assert!(projects.contains("The budget is within the amounts"), "a project's budget is judged: {projects}");
    assert!(!projects.contains(&format!("href=\"{too_big}\"")), "above the maximum: no match");
    assert!(!projects.contains(&format!("href=\"{heritage}\"")), "no theme shared: no match");
    assert!(
        projects.contains("<details class=\"reasons\"><summary>5 of 5 criteria met</summary>"),
        "each match's reasons fold under a line that counts them: {projects}"
    );

    // Vientiane's focal point sees Vientiane's project, not Huế's.
    let focal = app.signed_in(FOCAL_VTE).await?;
    let (status, page) = focal.get_text(&href).await?;
    assert_eq!(status, 200);
    let projects = between(&page, "id=\"matching-projects\"", "id=\"applications\"");
    assert!(projects.contains(&format!("href=\"{vientiane}\"")), "their city's project: {projects}");
    assert!(!projects.contains(&format!("href=\"{hue}\"")) && !projects.contains("Huế canal"), "not Huế's");

    // The project's page lists the open calls it matches, with the reasons.
    let (_, page) = focal.get_text(&vientiane).await?;
    let calls = between(&page, "id=\"matching-opportunities\"", "id=\"documents-heading\"");
    assert!(calls.contains(&format!("href=\"{href}\"")), "the call is listed: {calls}");
    assert!(calls.contains("ຫົວຂໍ້ວຽກຮ່ວມ"), "with the reasons, in Lao: {calls}");
    assert!(calls.matches("<li><a href=\"/funding/").count() <= 10, "at most ten");
    Ok(())
}

async fn a_projects_owner_is_reminded_30_and_7_days_before_the_deadline_it_answers(app: TestApp) -> anyhow::Result<()> {
    // The test clock reads 2026-12-02T10:00Z; the deadline is 2027-01-11 23:59:59 in Phnom Penh
    // (16:59:59 UTC): reminders are due at 2026-12-12T16:59:59Z and 2027-01-04T16:59:59Z.
    let coordinator = app.signed_in(COORDINATOR).await?;
    coordinator.post_form("/language", &[("lang", "en"), ("next", "/")]).await?;
    let href = write_opportunity(
        &coordinator,
        "Market halls 2027",
        ("2027-01-11", "23:59:59", "Asia/Phnom_Penh"),
        &[],
        &["urban_resilience"],
    )
    .await?;
    let opportunity = href.trim_start_matches("/funding/").to_owned();
    // Vientiane's focal point proposes a project answering it: theirs to carry by default.
    let focal = app.signed_in(FOCAL_VTE).await?;
    let project = propose_project(
        &focal,
        &[("title_en", "Covered market"), ("cities", "LA-VTE"), ("opportunity", opportunity.as_str())],
    )
    .await?;
    let json: serde_json::Value = focal.get(&format!("/api/v1{project}")).await?.json().await?;
    let number = json["number"].as_str().unwrap_or_default().to_owned();

    let first_due: jiff::Timestamp = "2026-12-12T16:59:59Z".parse()?;
    let now = app.app.now();
    let reminders = |app: &TestApp| -> anyhow::Result<Vec<mekong_testkit::ParsedEmail>> {
        Ok(mail_to(app, FOCAL_VTE)?.into_iter().filter(|m| m.subject.contains("Market halls 2027")).collect())
    };
    app.clock.advance(now.duration_until(first_due) - SignedDuration::from_hours(24));
    app.run_jobs().await?;
    assert!(reminders(&app)?.is_empty(), "31 days before: nothing");
    app.clock.advance(SignedDuration::from_hours(24));
    app.run_jobs().await?;
    let sent = reminders(&app)?;
    assert_eq!(sent.len(), 1, "30 days before: one reminder");
    assert!(sent.iter().all(|m| m.subject.contains("ເຫຼືອ 30 ມື້")), "in the owner's language");
    let body = sent.first().map(|m| m.text.clone()).unwrap_or_default();
    assert!(body.contains(&number) && body.contains("2027-01-11 23:59:59 Asia/Phnom_Penh"), "{body}");
    assert!(body.contains(&project), "links to the project: {body}");
    // Again a day later, the worker running twice: still one.
    app.clock.advance(SignedDuration::from_hours(24));
    app.run_jobs().await?;
    app.run_jobs().await?;
    assert_eq!(reminders(&app)?.len(), 1, "29 days before: still one");
    // Edited meanwhile (same call): no second set of reminders.
    let focal = app.signed_in(FOCAL_VTE).await?;
    let (_, form) = focal.get_text(&format!("{project}/edit")).await?;
    let version = form_version(&form, &project);
    let saved = focal
        .post_form(
            &project,
            &[
                ("version", version.as_str()),
                ("title_en", "Covered market"),
                ("summary", "A roof over the morning market"),
                ("cities", "LA-VTE"),
                ("opportunity", opportunity.as_str()),
            ],
        )
        .await?;
    assert_eq!((saved.status().as_u16(), location(&saved)), (303, project.clone()), "saved");
    app.clock.advance(SignedDuration::from_hours(24 * 23));
    app.run_jobs().await?;
    let sent = reminders(&app)?;
    assert_eq!(sent.len(), 2, "7 days before: the second, once");
    assert!(sent.last().is_some_and(|m| m.subject.contains("ເຫຼືອ 7 ມື້")));
    assert!(mail_to(&app, COORDINATOR)?.iter().all(|m| !m.subject.contains("Market halls")), "the owner only");
    // The project's history says so.
    let coordinator = app.signed_in(COORDINATOR).await?;
    coordinator.post_form("/language", &[("lang", "en"), ("next", "/")]).await?;
    let (status, page) = coordinator.get_text(&project).await?;
    assert_eq!(status, 200, "{page}");
    let history = between(&page, "id=\"history-heading\"", "</table>");
    assert!(history.contains("Deadline reminder sent to the owner"), "{history}");
    // After the deadline: nothing more.
    app.clock.advance(SignedDuration::from_hours(24 * 30));
    app.run_jobs().await?;
    assert_eq!(reminders(&app)?.len(), 2, "after the deadline: nothing");
    Ok(())
}

async fn an_opportunitys_matching_projects_are_paged_by_fifty(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    coordinator.post_form("/language", &[("lang", "en"), ("next", "/")]).await?;
    let href = write_opportunity(
        &coordinator,
        "Rain gardens",
        ("2027-05-31", "23:59:59", "Europe/Paris"),
        &["LA"],
        &["urban_resilience"],
    )
    .await?;
    for n in 1..=51 {
        let title = format!("Rain garden {n:02}");
        let fields = [("title_en", title.as_str()), ("cities", "LA-VTE"), ("themes", "urban_resilience")];
        propose_project(&coordinator, &fields).await?;
    }
    let listed = |page: &str| {
        between(page, "id=\"matching-projects\"", "id=\"applications\"").matches("<li><a href=\"/projects/").count()
    };
    let (status, first) = coordinator.get_text(&href).await?;
    assert_eq!(status, 200);
    // The demo's drainage proposal in Vientiane matches too.
    let said = between(&first, "id=\"matching-projects\"", "</p>");
    let total: usize = between(&said, "(", ")").parse()?;
    assert!(total >= 51, "the count of every match is said: {said}");
    assert_eq!(listed(&first), 50, "fifty to a page");
    assert!(first.contains(&format!("href=\"{href}?page=2\" rel=\"next\"")), "a pager leads on");
    let (status, second) = coordinator.get_text(&format!("{href}?page=2")).await?;
    assert_eq!(status, 200);
    assert_eq!(listed(&second), total - 50, "the rest on the second page");
    let (_, beyond) = coordinator.get_text(&format!("{href}?page=99")).await?;
    assert_eq!(listed(&beyond), 0, "a page past the last lists none and still answers");
    Ok(())
}

async fn the_demo_projects_answer_open_opportunities(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    coordinator.post_form("/language", &[("lang", "en"), ("next", "/")]).await?;
    let projects: serde_json::Value = coordinator.get("/api/v1/projects").await?.json().await?;
    let answering: Vec<&serde_json::Value> =
        projects["items"].as_array().into_iter().flatten().filter(|p| p["opportunity"].is_string()).collect();
    assert_eq!(answering.len(), 3, "the climate plans, the drainage and the inventory: {projects}");
    let drainage = answering
        .iter()
        .find(|p| p["title"]["en"] == "Drainage of Vientiane's old town")
        .ok_or_else(|| anyhow::anyhow!("the drainage answers a call: {projects}"))?;
    let call = format!("/funding/{}", drainage["opportunity"].as_str().unwrap_or_default());
    let (_, page) = coordinator.get_text(&format!("/projects/{}", drainage["id"].as_str().unwrap_or_default())).await?;
    let named = between(&page, "id=\"opportunity\"", "</dd>");
    assert!(named.contains("Climate-resilient cities in Southeast Asia"), "{named}");
    let (status, page) = coordinator.get_text(&call).await?;
    assert_eq!(status, 200);
    let choices = between(&page, "<select id=\"project\"", "</select>");
    assert!(choices.contains("Drainage of Vientiane"), "an application may name the project: {choices}");
    Ok(())
}
