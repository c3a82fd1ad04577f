//! The results framework end to end on the demo's SGA4 programme: the dashboard and computed
//! indicators, value entry by focal points with validation, the grid spreadsheet round trip, the
//! logframe's approval rules and EU-layout spreadsheet, and the action plan's timeline.

use mekong_testkit::page::{between, form_version, location, period_id};
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(
    a_long_grid_pages_and_each_page_saves_its_own_indicators,
    the_dashboard_shows_each_indicators_standing_and_computed_values,
    a_focal_point_enters_their_citys_values_and_the_coordinator_validates_them,
    the_grid_spreadsheet_round_trips_and_a_bad_file_saves_nothing,
    approval_freezes_indicators_and_changing_a_target_reopens_the_logframe,
    the_logframe_exports_in_the_eu_layout_and_imports_back,
    the_action_plan_timeline_marks_late_activities_and_deviations_need_a_reason,
    meetings_held_counts_the_held_meetings_of_each_period,
    the_entry_grid_opens_on_the_open_period_with_each_values_context,
    the_kept_dashboard_follows_a_write_made_by_another_process,
);

/// Signs in as the demo account, reading English (the demo accounts read French, Khmer...).
pub(crate) async fn in_english(app: &TestApp, email: &str) -> anyhow::Result<HttpSession> {
    let session = app.signed_in(email).await?;
    session.post_form("/language", &[("lang", "en")]).await?;
    Ok(session)
}

/// The id of an indicator of SGA4 by its code, from the dashboard's links (on whichever page).
pub(crate) async fn indicator(session: &HttpSession, code: &str) -> anyhow::Result<String> {
    for number in 1..=4 {
        let (_, page) = session.get_text(&format!("/results/SGA4?page={number}")).await?;
        if let Some(row) = page.split("<tr>").find(|r| r.contains(&format!("<td>{code}</td>"))) {
            return Ok(between(row, "/results/SGA4/indicators/", "\""));
        }
    }
    anyhow::bail!("{code} is on no page of the dashboard")
}

async fn the_dashboard_shows_each_indicators_standing_and_computed_values(app: TestApp) -> anyhow::Result<()> {
    let admin = app.signed_in("admin@mekong.example").await?;
    let (status, page) = admin.get_text("/results/SGA4").await?;
    assert_eq!(status, 200);
    let body = between(&page, "<tbody>", "</tbody>");
    let rows: Vec<&str> = body.split("<tr>").skip(1).collect();
    assert_eq!(rows.len(), 17, "17 indicators");
    assert!(page.contains("On track") && page.contains("No data") && page.contains("Report overdue"));
    // Each indicator's standing is explained on hover: the value judged, its period, and where
    // the line stood at the end of that period.
    for row in rows {
        let standing = between(row, "<span class=\"standing standing-", "</span>");
        let label = between(&standing, "\">", "<");
        let explanation = between(&standing, "title=\"", "\"");
        if label == "No data" {
            assert_eq!(explanation, label);
        } else {
            assert!(explanation.starts_with("Latest value: "), "{label}: {explanation}");
            assert!(explanation.contains("at the end of that period"), "{label}: {explanation}");
        }
        assert!(row.contains("<svg") && row.contains("class=\"spark\""), "a small chart per indicator");
    }
    // Sorted by standing, the worst come first.
    let (_, by_standing) = admin.get_text("/results/SGA4?sort=standing").await?;
    let first = between(&between(&by_standing, "<tbody>", "</tbody>"), "<span class=\"standing standing-", "\"");
    assert_eq!(first, "off_track");
    assert!(by_standing.contains("aria-sort=\"ascending\"><a href=\"/results/SGA4?sort=standing\""));
    // Participants in exchanges comes from the events area: the 2024 Vientiane meeting's three
    // focal points, of whom two women.
    let id = indicator(&admin, "OC1.2").await?;
    let (_, detail) = admin.get_text(&format!("/results/SGA4/indicators/{id}")).await?;
    assert!(detail.contains("Counted by Mekong"));
    assert!(detail.contains("Network meeting in Vientiane (September 2024)"), "drill-down to the records");
    assert!(detail.contains("<svg") && detail.contains("<title id=\"series-chart-title\">"), "an accessible chart");
    let row_2024 =
        detail.split("<tr>").find(|r| r.contains("<th scope=\"row\">2024</th>")).unwrap_or_default().to_owned();
    assert!(row_2024.contains(">3<"), "three participants in 2024: {row_2024}");
    // The breakdown and the cities compared, for an indicator the cities report: in 2026 only
    // Huế reported so far, 21 trained of whom 12 women.
    let trained = indicator(&admin, "OP2.1.2").await?;
    let (_, detail) = admin.get_text(&format!("/results/SGA4/indicators/{trained}")).await?;
    let female =
        detail.split("<tr>").find(|r| r.contains("<th scope=\"row\">female</th>")).unwrap_or_default().to_owned();
    assert!(female.contains(">12<"), "breakdown by sex: {female}");
    // Huế by its name (romanised or not, as the reader's language writes it), not its code.
    assert!(detail.contains("<th scope=\"row\">Hu") && !detail.contains(">VN-HUI<"), "cities compared, by name");
    let (_, past_the_last) = admin.get_text(&format!("/results/SGA4/indicators/{trained}?page=99")).await?;
    assert!(past_the_last.contains("<th scope=\"row\">Hu"), "a page past the last shows the last");
    // The same through the API.
    let api: serde_json::Value = admin.get("/api/v1/programmes/SGA4/dashboard").await?.json().await?;
    assert_eq!(api["indicators"].as_array().map(Vec::len), Some(17));
    let computed =
        api["indicators"].as_array().into_iter().flatten().find(|i| i["code"] == "OC1.2").cloned().unwrap_or_default();
    assert_eq!(computed["computation"], "participants");
    let by_code = |code: &str| {
        api["indicators"].as_array().into_iter().flatten().find(|i| i["code"] == code).cloned().unwrap_or_default()
    };
    // Member cities taking part: 8 in 2025, the 2025 target, judged at the end of 2025.
    let taking_part = by_code("OC1.3");
    assert_eq!((taking_part["status"].as_str(), taking_part["overdue"].as_bool()), (Some("on_track"), Some(false)));
    assert_eq!(
        (taking_part["judged_period"].as_str(), taking_part["expected_at_judged_period"].as_f64()),
        (Some("2025"), Some(8.0))
    );
    // Good practices published in the library are counted from it: the demo's, published in the
    // last three months, in the periods they fell in.
    let shared = by_code("OC2.3");
    assert_eq!(shared["computation"], "practices_shared");
    let now = mekong_core::Clock::now(app.clock.as_ref());
    let published = app.app.practices_shared(jiff::Timestamp::UNIX_EPOCH, now).await?.len();
    let latest = shared["latest_value"].as_f64().unwrap_or_default();
    assert!(latest >= 1.0 && latest <= published as f64, "{latest} of {published} published practices");
    // The impact indicator's latest value is for 2024: the 2025 value is overdue.
    assert_eq!(by_code("IMP.1")["overdue"], true);
    // Not for the public.
    assert_eq!(app.visitor().await?.get("/results/SGA4").await?.status(), 303);
    assert_eq!(app.visitor().await?.get("/api/v1/programmes/SGA4/dashboard").await?.status(), 401);
    Ok(())
}

async fn a_focal_point_enters_their_citys_values_and_the_coordinator_validates_them(
    app: TestApp,
) -> anyhow::Result<()> {
    let focal = in_english(&app, "focal.phnompenh@mekong.example").await?;
    let year = period_id(&focal, "SGA4", "2026").await?;
    let trained = indicator(&focal, "OP2.1.2").await?;
    let grid = format!("/results/SGA4/periods/{year}/KH-PNH");
    let (status, page) = focal.get_text(&grid).await?;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("name=\"v.{trained}.sex=female\"")), "one field per cell");
    // A wrong cell: nothing is saved, the error is next to the field.
    let bad = focal
        .post_form(
            &grid,
            &[(&format!("v.{trained}."), "12"), (&format!("v.{trained}.sex=female"), "abc"), ("intent", "save")],
        )
        .await?;
    assert_eq!(bad.status(), 422);
    let text = bad.text().await?;
    assert!(text.contains(&format!("id=\"v.{trained}.sex=female-error\"")), "error next to its field");
    assert!(!focal.get_text(&grid).await?.1.contains("value=\"12\""), "nothing saved");
    // Cells that do not add up are saved and flagged for review.
    let saved = focal
        .post_form(
            &grid,
            &[
                (&format!("v.{trained}."), "12"),
                (&format!("v.{trained}.sex=female"), "7"),
                (&format!("v.{trained}.sex=male"), "6"),
                ("intent", "submit"),
            ],
        )
        .await?;
    assert_eq!(saved.status(), 303);
    let (_, page) = focal.get_text(&grid).await?;
    assert!(page.contains("add up to 13"), "flagged: {page}");
    // Evidence is attached to the total, checked by content, and served to those who see the grid.
    let attach = |bytes: Vec<u8>| {
        let (focal, grid, trained) = (&focal, grid.clone(), trained.clone());
        async move {
            focal
                .post_multipart(&format!("{grid}/evidence"), |form| {
                    form.text("indicator", trained)
                        .part("file", reqwest::multipart::Part::bytes(bytes).file_name("training list.pdf"))
                })
                .await
        }
    };
    assert_eq!(attach(b"not a pdf at all".to_vec()).await?.status(), 422);
    assert_eq!(attach(b"%PDF-1.4\n%%EOF\n".to_vec()).await?.status(), 303);
    let (_, page) = focal.get_text(&grid).await?;
    let evidence = format!("{grid}/evidence/{}", between(&page, &format!("{grid}/evidence/"), "\""));
    let download = focal.get(&evidence).await?;
    assert_eq!(download.status(), 200);
    let disposition = download.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(disposition.contains("training%20list.pdf"), "{disposition}");
    // Another city's focal point cannot reach this grid, nor its evidence.
    let hue = app.signed_in("focal.hue@mekong.example").await?;
    assert_eq!(hue.get(&evidence).await?.status(), 403);
    assert_eq!(hue.get(&grid).await?.status(), 403);
    assert_eq!(hue.post_form(&grid, &[(&format!("v.{trained}."), "99")]).await?.status(), 403);
    // Evidence is searched by its text, by those who see the grid and no one else; the result
    // leads to the grid.
    let report = mekong_docs::plain_pdf("Rapport de formation", &["Formatrices itinérantes de la province."]);
    assert_eq!(attach(report).await?.status(), 303);
    let (_, found) = focal.get_text("/search?q=itinerantes").await?;
    let results = between(&found, "class=\"site-search-results\"", "</ol>");
    assert_eq!(results.matches("/results/values/").count(), 1, "{results}");
    assert!(results.contains("Indicator evidence") && results.contains("training list.pdf"), "{results}");
    let value = format!("/results/values/{}", between(&results, "/results/values/", "\""));
    let followed = focal.get(&value).await?;
    assert_eq!(followed.status(), 303);
    assert_eq!(followed.headers().get("location").and_then(|l| l.to_str().ok()), Some(grid.as_str()));
    assert_eq!(hue.get(&value).await?.status(), 403);
    for outsider in [&hue, &app.visitor().await?] {
        let (_, found) = outsider.get_text("/search?q=itinerantes").await?;
        assert!(!found.contains("/results/values/"), "{found}");
    }
    // The coordinator returns the values with a reason, the focal point sees it.
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let no_reason =
        coordinator.post_form(&format!("{grid}/review"), &[("decision", "return"), ("comment", "")]).await?;
    assert_eq!(no_reason.status(), 422);
    coordinator
        .post_form(&format!("{grid}/review"), &[("decision", "return"), ("comment", "Women and men do not add up")])
        .await?;
    assert!(focal.get_text(&grid).await?.1.contains("Women and men do not add up"));
    // Fixed and submitted again, then validated; the versions read on the page are sent back.
    let (_, page) = focal.get_text(&grid).await?;
    let version = |cell: &str| between(&page, &format!("name=\"n.{trained}.{cell}\" value=\""), "\"");
    let fixed = focal
        .post_form(
            &grid,
            &[
                (&format!("v.{trained}."), "13"),
                (&format!("n.{trained}."), &version("")),
                (&format!("v.{trained}.sex=female"), "7"),
                (&format!("n.{trained}.sex=female"), &version("sex=female")),
                (&format!("v.{trained}.sex=male"), "6"),
                (&format!("n.{trained}.sex=male"), &version("sex=male")),
                ("intent", "submit"),
            ],
        )
        .await?;
    assert_eq!(fixed.status(), 303);
    assert!(!focal.get_text(&grid).await?.1.contains("add up to"));
    coordinator.post_form(&format!("{grid}/review"), &[("decision", "validate"), ("indicator", &trained)]).await?;
    assert!(focal.get_text(&grid).await?.1.contains("Validated"));
    // A stale form is a conflict, not an overwrite.
    let stale = focal.post_form(&grid, &[(&format!("v.{trained}."), "14"), (&format!("n.{trained}."), "1")]).await?;
    assert_eq!(stale.status(), 409);
    let page = stale.text().await?;
    assert!(page.contains("id=\"conflict\"") && page.contains("<td>14</td><td>13</td>"), "typed beside saved");
    assert!(page.contains(&format!("name=\"v.{trained}.\" value=\"14\"")), "the input is kept");
    // Every change is in the grid's history, which the focal point reads too.
    let (status, history) = focal.get_text(&format!("{grid}/history")).await?;
    assert_eq!(status, 200);
    for action in ["Value submitted", "Value returned", "Value validated", "Evidence attached to a value"] {
        assert!(history.contains(action), "{action} in the history");
    }
    assert!(history.contains("Women and men do not add up"), "the reviewer's comment is kept");
    assert_eq!(hue.get(&format!("{grid}/history")).await?.status(), 403);
    // Once the period is locked, nothing changes.
    let lock = format!("/results/SGA4/periods/{year}/lock");
    let (_, periods) = coordinator.get_text("/results/SGA4/periods").await?;
    let locking =
        coordinator.post_form(&lock, &[("locked", "yes"), ("version", &form_version(&periods, &lock))]).await?;
    assert_eq!(locking.status(), 303);
    let (_, page) = focal.get_text(&grid).await?;
    let current = between(&page, &format!("name=\"n.{trained}.\" value=\""), "\"");
    let locked =
        focal.post_form(&grid, &[(&format!("v.{trained}."), "20"), (&format!("n.{trained}."), &current)]).await?;
    assert_eq!(locked.status(), 422);
    Ok(())
}

async fn the_grid_spreadsheet_round_trips_and_a_bad_file_saves_nothing(app: TestApp) -> anyhow::Result<()> {
    let focal = in_english(&app, "focal.hue@mekong.example").await?;
    let year = period_id(&focal, "SGA4", "2026").await?;
    let grid = format!("/results/SGA4/periods/{year}/VN-HUI");
    let bytes = focal.get(&format!("{grid}/grid.xlsx")).await?.bytes().await?;
    let mut table = mekong_docs::read_table(&bytes)?;
    assert_eq!(table.headers[..5], ["indicator_code", "indicator", "unit", "cell", "value"]);
    let value_at = 4;
    // The demo's 2026 value of Huế is there (submitted, 21 trained, 12 women).
    assert!(table.rows.iter().any(|r| r[0] == "OP2.1.2" && r[3].is_empty() && r[value_at] == "21"));
    for row in &mut table.rows {
        if row[0] == "OP3.1.1" && row[3].is_empty() {
            row[value_at] = "5".into();
        }
    }
    let mut bad = table.clone();
    for row in &mut bad.rows {
        if row[0] == "IMP.1" {
            row[value_at] = "perhaps".into();
        }
    }
    let upload = |bytes: Vec<u8>| {
        let grid = grid.clone();
        let focal = &focal;
        async move {
            focal
                .post_multipart(&format!("{grid}/upload"), |form| {
                    form.part("file", reqwest::multipart::Part::bytes(bytes).file_name("grid.xlsx"))
                })
                .await
        }
    };
    let refused = upload(mekong_docs::write_xlsx(&bad, "Values")?).await?;
    assert_eq!(refused.status(), 422);
    let text = refused.text().await?;
    assert!(text.contains("Row ") && text.contains("column value"), "problems named by row and column: {text}");
    let (_, page) = focal.get_text(&grid).await?;
    assert!(!page.contains("value=\"5\""), "nothing saved from the bad file");
    let accepted = upload(mekong_docs::write_xlsx(&table, "Values")?).await?;
    assert_eq!(accepted.status(), 303);
    let (_, page) = focal.get_text(&grid).await?;
    assert!(page.contains("value=\"5\""), "the filled value is in the grid");
    // The same file again is stale: its versions were read before the upload.
    let again = upload(mekong_docs::write_xlsx(&table, "Values")?).await?;
    assert_eq!(again.status(), 409);
    Ok(())
}

/// The edit form of the approved demo indicator OC2.1 ("Good practices documented and
/// shared"), as the page fills it: its path, and its fields with the name and targets given.
pub(crate) struct Oc21Form {
    pub path: String,
    fields: Vec<(String, String)>,
    /// The targets as the page shows them (`2027-12-31=20`...).
    pub targets: String,
}

pub(crate) const OC21_NAME: &str = "Good practices documented and shared";

impl Oc21Form {
    pub(crate) async fn read(session: &HttpSession) -> anyhow::Result<Oc21Form> {
        let id = indicator(session, "OC2.1").await?;
        let path = format!("/results/SGA4/indicators/{id}");
        let (_, form) = session.get_text(&format!("{path}/edit")).await?;
        let field = |name: &str| between(&form, &format!("name=\"{name}\" value=\""), "\"");
        let targets = between(&form, "name=\"targets\" rows=\"4\">", "</textarea>");
        let fields = vec![
            ("version".to_owned(), field("version")),
            ("node".to_owned(), "OC2".to_owned()),
            ("code".to_owned(), "OC2.1".to_owned()),
            ("unit".to_owned(), field("unit")),
            ("measure".to_owned(), "number".to_owned()),
            ("direction".to_owned(), "up".to_owned()),
            ("baseline".to_owned(), field("baseline")),
            ("baseline_on".to_owned(), field("baseline_on")),
            ("reported_by".to_owned(), "coordinator".to_owned()),
        ]
        .into_iter()
        // The names in the other languages are sent back as the page shows them.
        .chain(["fr", "km", "lo", "vi"].iter().map(|lang| {
            let name = between(&form, &format!("name=\"name_{lang}\" lang=\"{lang}\" value=\""), "\"");
            (format!("name_{lang}"), name)
        }))
        .collect();
        Ok(Oc21Form { path, fields, targets })
    }

    /// Posts the form back with this English name and these targets.
    pub(crate) async fn post(
        &self,
        session: &HttpSession,
        name_en: &str,
        targets: &str,
    ) -> anyhow::Result<reqwest::Response> {
        let mut pairs: Vec<(&str, &str)> = self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        pairs.push(("name_en", name_en));
        pairs.push(("targets", targets));
        session.post_form(&self.path, &pairs).await
    }
}

async fn approval_freezes_indicators_and_changing_a_target_reopens_the_logframe(app: TestApp) -> anyhow::Result<()> {
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let form = Oc21Form::read(&coordinator).await?;
    let targets = form.targets.clone();
    let renamed = form.post(&coordinator, "Another name", &targets).await?;
    assert_eq!(renamed.status(), 422);
    assert!(renamed.text().await?.contains("frozen"));
    let retargeted = form.post(&coordinator, OC21_NAME, &targets.replace("=20", "=25")).await?;
    assert_eq!(retargeted.status(), 303);
    let (_, logframe) = coordinator.get_text("/results/SGA4/logframe").await?;
    assert!(between(&logframe, "id=\"logframe-status\">", "<").contains("Draft"), "back to draft");
    // A new entry's parent is picked among the entries (activities hang under no one).
    let parents = between(&logframe, "<select id=\"parent\" name=\"parent\">", "</select>");
    assert!(parents.contains("<option value=\"OC1\">OC1 Stronger cooperation between member cities</option>"));
    assert!(!parents.contains("value=\"A1.1.1\""), "{parents}");
    // The approved version stays readable, with its old target.
    let (status, approved) = coordinator.get_text("/results/SGA4/versions/1").await?;
    assert_eq!(status, 200);
    assert!(approved.contains("20 (2027)") && !approved.contains("25 (2027)"));
    // The coordinator submits; only the secretariat approves.
    let version = between(&logframe, "name=\"version\" value=\"", "\"");
    let submitted = coordinator
        .post_form("/results/SGA4/logframe/status", &[("status", "submitted"), ("version", &version)])
        .await?;
    assert_eq!(submitted.status(), 303);
    let secretariat = app.signed_in("secretariat@mekong.example").await?;
    let (_, logframe) = secretariat.get_text("/results/SGA4/logframe").await?;
    let version = between(&logframe, "name=\"version\" value=\"", "\"");
    assert_eq!(
        coordinator
            .post_form("/results/SGA4/logframe/status", &[("status", "approved"), ("version", &version)])
            .await?
            .status(),
        403
    );
    let approved = secretariat
        .post_form("/results/SGA4/logframe/status", &[("status", "approved"), ("version", &version)])
        .await?;
    assert_eq!(approved.status(), 303);
    let (_, version_2) = coordinator.get_text("/results/SGA4/versions/2").await?;
    assert!(version_2.contains("25 (2027)"));
    let (_, logframe) = coordinator.get_text("/results/SGA4/logframe").await?;
    assert!(between(&logframe, "id=\"logframe-status\">", "<").contains("Approved"));
    // Approved again, the name is frozen again, and a new target reopens it again.
    let form = Oc21Form::read(&coordinator).await?;
    assert!(form.targets.contains("=25"), "{}", form.targets);
    let renamed = form.post(&coordinator, "Yet another name", &form.targets).await?;
    assert_eq!(renamed.status(), 422);
    assert!(renamed.text().await?.contains("frozen"));
    let reopened = form.post(&coordinator, OC21_NAME, &form.targets.replace("=25", "=30")).await?;
    assert_eq!(reopened.status(), 303);
    let (_, logframe) = coordinator.get_text("/results/SGA4/logframe").await?;
    assert!(between(&logframe, "id=\"logframe-status\">", "<").contains("Draft"), "back to draft again");
    let (_, version_2) = coordinator.get_text("/results/SGA4/versions/2").await?;
    let oc21 = version_2.split("<li>").find(|li| li.contains(">OC2.1<")).unwrap_or_default();
    assert!(oc21.contains("25 (2027)") && !oc21.contains("30 (2027)"), "version 2 kept as approved: {oc21}");
    Ok(())
}

async fn the_logframe_exports_in_the_eu_layout_and_imports_back(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let bytes = coordinator.get("/results/SGA4/logframe.xlsx").await?.bytes().await?;
    let table = mekong_docs::read_table(&bytes)?;
    for column in [
        "intervention_logic_en",
        "indicator_en",
        "baseline",
        "baseline_year",
        "current_value",
        "current_value_date",
        "target",
        "target_year",
        "sources_of_verification",
        "assumptions",
    ] {
        assert!(table.headers.iter().any(|h| h == column), "EU column {column}");
    }
    assert_eq!(table.rows.len(), 13 + 17, "one row per entry and per indicator");
    let col = |name: &str| table.headers.iter().position(|h| h == name).unwrap_or_default();
    let participants = table.rows.iter().find(|r| r[col("indicator_code")] == "OC1.2").cloned().unwrap_or_default();
    assert_eq!(participants[col("target_year")], "2027");
    let upload = |bytes: Vec<u8>| {
        let coordinator = &coordinator;
        async move {
            coordinator
                .post_multipart("/results/SGA4/logframe/import", |form| {
                    form.part("file", reqwest::multipart::Part::bytes(bytes).file_name("logframe.xlsx"))
                })
                .await
        }
    };
    // An approved logframe does not take imports.
    assert_eq!(upload(bytes.to_vec()).await?.status(), 422);
    // Back to draft (the secretariat sends it back after a submission), then the sheet comes back.
    let (_, page) = coordinator.get_text("/results/SGA4/logframe").await?;
    assert!(!page.contains("action=\"/results/SGA4/logframe/import\""));
    let id = indicator(&coordinator, "OC3.2").await?;
    let (_, form) = coordinator.get_text(&format!("/results/SGA4/indicators/{id}/edit")).await?;
    let version = between(&form, "name=\"version\" value=\"", "\"");
    // The names stay as the page shows them (approved, they cannot change); the baseline does.
    let name = |lang: &str| between(&form, &format!("name=\"name_{lang}\" lang=\"{lang}\" value=\""), "\"");
    let (name_fr, name_km, name_lo, name_vi) = (name("fr"), name("km"), name("lo"), name("vi"));
    let reopened = coordinator
        .post_form(
            &format!("/results/SGA4/indicators/{id}"),
            &[
                ("version", &version),
                ("node", "OC3"),
                ("code", "OC3.2"),
                ("name_en", "Funding applications submitted with member cities"),
                ("name_fr", &name_fr),
                ("name_km", &name_km),
                ("name_lo", &name_lo),
                ("name_vi", &name_vi),
                ("unit", "applications"),
                ("measure", "number"),
                ("direction", "up"),
                ("baseline", "1"),
                ("baseline_on", "2024-01-01"),
                ("targets", "2025-12-31=3\n2027-12-31=6"),
                ("reported_by", "coordinator"),
            ],
        )
        .await?;
    assert_eq!(reopened.status(), 303, "a changed baseline sends the logframe back to draft");
    // In draft, an entry's titles are edited in every language; its code and place stay.
    let (_, page) = coordinator.get_text("/results/SGA4/logframe").await?;
    let entry = page.split("<li class=\"depth-").find(|li| li.contains("<strong>OC4</strong>")).unwrap_or_default();
    let action = between(entry, "action=\"", "\"");
    let version = form_version(entry, &action);
    let saved = coordinator
        .post_form(
            &action,
            &[
                ("version", &version),
                ("title_en", "Advocacy carried by the network"),
                ("title_km", "ការតស៊ូមតិដោយបណ្តាញ"),
                ("assumptions", "Bodies meet yearly."),
            ],
        )
        .await?;
    assert_eq!(saved.status(), 303, "{action}");
    let (_, page) = coordinator.get_text("/results/SGA4/logframe").await?;
    assert!(page.contains("ការតស៊ូមតិដោយបណ្តាញ") && page.contains("Bodies meet yearly."));
    let mut edited = table.clone();
    for row in &mut edited.rows {
        if row[col("indicator_code")] == "OC4.1" {
            row[col("target")] = "5".into();
        }
    }
    let mut broken = edited.clone();
    broken.rows[2][col("level")] = "chapter".into();
    let refused = upload(mekong_docs::write_xlsx(&broken, "Logframe")?).await?;
    assert_eq!(refused.status(), 422);
    let unchanged = mekong_docs::read_table(&coordinator.get("/results/SGA4/logframe.xlsx").await?.bytes().await?)?;
    let advocacy = unchanged.rows.iter().find(|r| r[col("indicator_code")] == "OC4.1").cloned().unwrap_or_default();
    assert_eq!(advocacy[col("target")], "4", "nothing imported from the broken file");
    // A renamed indicator is refused: the logframe was approved once.
    let mut renamed = edited.clone();
    for row in &mut renamed.rows {
        if row[col("indicator_code")] == "OC4.1" {
            row[col("indicator_en")] = "Something else".into();
        }
    }
    assert_eq!(upload(mekong_docs::write_xlsx(&renamed, "Logframe")?).await?.status(), 422);
    let accepted = upload(mekong_docs::write_xlsx(&edited, "Logframe")?).await?;
    assert_eq!(accepted.status(), 303);
    // A sheet of a few rows updates those and leaves the rest of the logframe alone.
    let mut partial = edited.clone();
    partial.rows.retain(|r| r[col("code")].starts_with("OC4") || r[col("code")].starts_with("OP4"));
    assert_eq!(upload(mekong_docs::write_xlsx(&partial, "Logframe")?).await?.status(), 303);
    let again = mekong_docs::read_table(&coordinator.get("/results/SGA4/logframe.xlsx").await?.bytes().await?)?;
    let advocacy = again.rows.iter().find(|r| r[col("indicator_code")] == "OC4.1").cloned().unwrap_or_default();
    assert_eq!(advocacy[col("target")], "5");
    assert_eq!(again.rows.len(), 13 + 17, "updated by code, nothing duplicated");
    Ok(())
}

async fn the_action_plan_timeline_marks_late_activities_and_deviations_need_a_reason(
    app: TestApp,
) -> anyhow::Result<()> {
    // A new programme starts with an empty draft logframe.
    let staff = in_english(&app, "coordinator@mekong.example").await?;
    let bad = staff
        .post_form(
            "/results",
            &[
                ("code", "SGA 5!"),
                ("title_en", "Next"),
                ("starts", "2028-01-01"),
                ("ends", "2027-01-01"),
                ("currency", "EUR"),
            ],
        )
        .await?;
    assert_eq!(bad.status(), 422);
    let text = bad.text().await?;
    assert!(text.contains("letters, digits and dashes") && text.contains("end date must not be before"));
    let created = staff
        .post_form(
            "/results",
            &[
                ("code", "sga5"),
                ("title_en", "Next partnership"),
                ("starts", "2028-01-01"),
                ("ends", "2031-12-31"),
                ("currency", "EUR"),
            ],
        )
        .await?;
    assert_eq!(created.headers().get("location").and_then(|l| l.to_str().ok()), Some("/results/SGA5/logframe"));
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let (status, page) = coordinator.get_text("/results/SGA4/plan").await?;
    assert_eq!(status, 200);
    assert!(page.contains("<svg") && page.contains("class=\"today\""), "timeline with today's line");
    assert!(page.contains("activity ongoing late"), "the late activity is marked");
    assert!(page.contains("Postponed at the city"), "the justification of the delay");
    let missing = coordinator
        .post_form(
            "/results/SGA4/plan",
            &[("title", "Extra mission"), ("starts", "2026-12-01"), ("ends", "2026-12-03"), ("status", "delayed")],
        )
        .await?;
    assert_eq!(missing.status(), 422);
    let added = coordinator
        .post_form(
            "/results/SGA4/plan",
            &[
                ("node", "A3.1.1"),
                ("title", "Extra mission"),
                ("starts", "2026-12-01"),
                ("ends", "2026-12-03"),
                ("status", "planned"),
                ("cities", "LA-LPQ"),
            ],
        )
        .await?;
    assert_eq!(added.status(), 303);
    assert!(coordinator.get_text("/results/SGA4/plan?year=2026").await?.1.contains("Extra mission"));
    // The form offers the member cities as boxes to tick and the accounts as names to pick
    // (any other name may still be typed), and a missing date keeps the boxes ticked.
    let (_, form) = coordinator.get_text("/results/SGA4/plan?year=2026").await?;
    assert!(form.contains("<input type=\"checkbox\" id=\"city-KH-PNH\" name=\"cities\" value=\"KH-PNH\">"));
    let names = between(&form, "<datalist id=\"responsible-choices\">", "</datalist>");
    assert!(names.contains("<option value=\"Focal point Phnom Penh (demo)\">"), "{names}");
    let ticked = coordinator
        .post_form(
            "/results/SGA4/plan",
            &[("title", "Two cities"), ("starts", "2026-12-01"), ("cities", "KH-PNH"), ("cities", "VN-HUI")],
        )
        .await?;
    assert_eq!(ticked.status(), 422);
    let shown = ticked.text().await?;
    assert!(shown.contains("id=\"city-KH-PNH\" name=\"cities\" value=\"KH-PNH\" checked"));
    assert!(shown.contains("id=\"city-VN-HUI\" name=\"cities\" value=\"VN-HUI\" checked"));
    assert!(!shown.contains("id=\"city-LA-LPQ\" name=\"cities\" value=\"LA-LPQ\" checked"));
    let saved = coordinator
        .post_form(
            "/results/SGA4/plan",
            &[
                ("title", "Two cities"),
                ("starts", "2026-12-01"),
                ("ends", "2026-12-02"),
                ("cities", "KH-PNH"),
                ("cities", "VN-HUI"),
                ("responsible", "Focal point Phnom Penh (demo)"),
            ],
        )
        .await?;
    assert_eq!(saved.status(), 303);
    let (_, plan) = coordinator.get_text("/results/SGA4/plan?year=2026").await?;
    let row = plan.split("<tr").filter(|r| r.contains("<td>")).find(|r| r.contains("Two cities")).unwrap_or_default();
    assert!(row.contains("<td>Phnom Penh, Hu"), "the cities by name, not code: {row}");
    let focal = app.signed_in("focal.hue@mekong.example").await?;
    assert_eq!(focal.post_form("/results/SGA4/plan", &[("title", "x")]).await?.status(), 403);
    Ok(())
}

/// The value an indicator's page gives for a period (the series table's first number).
fn period_value(page: &str, period: &str) -> String {
    let row = page.split("<tr>").find(|r| r.contains(&format!("<th scope=\"row\">{period}</th>"))).unwrap_or_default();
    between(row, "<td class=\"number\">", "<")
}

/// How many of the events the API lists were held in `year`, counted apart from the indicator.
async fn held_in(session: &HttpSession, year: i32) -> anyhow::Result<usize> {
    let events: serde_json::Value = session.get("/api/v1/events").await?.json().await?;
    Ok(events
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["status"] == "held")
        .filter(|e| e["starts_local"].as_str().is_some_and(|s| s.starts_with(&format!("{year}-"))))
        .count())
}

async fn meetings_held_counts_the_held_meetings_of_each_period(app: TestApp) -> anyhow::Result<()> {
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let id = indicator(&coordinator, "OC1.1").await?;
    let path = format!("/results/SGA4/indicators/{id}");
    let (status, page) = coordinator.get_text(&path).await?;
    assert_eq!(status, 200);
    assert!(page.contains("Counted by Mekong"));
    for year in 2024..=2026 {
        let held = held_in(&coordinator, year).await?;
        assert_eq!(period_value(&page, &year.to_string()), held.to_string(), "{year}");
    }
    assert!(held_in(&coordinator, 2024).await? > 0, "the demo holds meetings in 2024");
    assert_eq!(period_value(&page, "2027"), "", "a period not yet begun has no value");
    let before = held_in(&coordinator, 2026).await?;

    // A meeting of this December: invited, checked in on the day, then marked held, counts;
    // an upcoming one does not, yet.
    let event = |title: &'static str, status: &'static str, day: &'static str| {
        vec![
            ("kind", "study_visit"),
            ("status", status),
            ("title_en", title),
            ("host_city", "LA-LPQ"),
            ("venue", "Luang Prabang heritage house"),
            ("starts", day),
            ("ends", day),
            ("time_zone", "Asia/Vientiane"),
        ]
    };
    let with_version = |mut fields: Vec<(&'static str, &'static str)>, end: &'static str, version: &'static str| {
        fields[6] = ("ends", end);
        fields.push(("version", version));
        fields
    };
    let visit = event("Heritage study visit", "announced", "2026-12-10T09:00");
    let created = coordinator.post_form("/events", &with_version(visit, "2026-12-10T17:00", "0")).await?;
    assert_eq!(created.status(), 303);
    let held_event = created.headers()["location"].to_str()?.to_owned();
    let people: serde_json::Value = coordinator.get("/api/v1/people?q=claire").await?.json().await?;
    let claire = people["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        coordinator.post_form(&format!("{held_event}/invitations"), &[("person", &claire)]).await?.status(),
        200
    );
    // Claire says yes by phone; the organiser records it.
    let (_, page) = coordinator.get_text(&held_event).await?;
    let participant =
        format!("{held_event}/participants/{}", between(&page, &format!("{held_event}/participants/"), "\""));
    let (_, form) = coordinator.get_text(&participant).await?;
    let version = between(&form, "name=\"version\" value=\"", "\"");
    let answered =
        coordinator.post_form(&format!("{participant}/answer"), &[("answer", "yes"), ("version", &version)]).await?;
    assert_eq!(answered.status(), 303, "answer recorded");
    let upcoming = event("Heritage follow-up visit", "announced", "2026-12-15T09:00");
    let created = coordinator.post_form("/events", &with_version(upcoming, "2026-12-15T17:00", "0")).await?;
    assert_eq!(created.status(), 303);
    app.clock.advance(jiff::SignedDuration::from_hours(10 * 24 + 3));
    // Ten days later: a new session.
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let (_, desk) = coordinator.get_text(&format!("{held_event}/check-in")).await?;
    let participant = between(&desk, "name=\"participant\" value=\"", "\"");
    let day = between(&desk, "name=\"day\" value=\"", "\"");
    assert_eq!(day, "2026-12-10");
    let checked = coordinator
        .post_form(
            &format!("{held_event}/check-in"),
            &[("participant", &participant), ("day", &day), ("present", "yes")],
        )
        .await?;
    assert_eq!(checked.status(), 303, "checked in: {}", checked.text().await?);
    let (_, page) = coordinator.get_text(&path).await?;
    assert_eq!(period_value(&page, "2026"), before.to_string(), "announced, not held yet");
    let held = event("Heritage study visit", "held", "2026-12-10T09:00");
    let marked = coordinator.post_form(&held_event, &with_version(held, "2026-12-10T17:00", "1")).await?;
    assert_eq!(marked.status(), 303, "marked held");
    assert_eq!(held_in(&coordinator, 2026).await?, before + 1);
    let (_, page) = coordinator.get_text(&path).await?;
    assert_eq!(period_value(&page, "2026"), (before + 1).to_string(), "the new meeting is counted");
    let drill_down = between(&page, "<h4>2026</h4>", "</ul>");
    assert!(drill_down.contains("Heritage study visit"), "listed behind the number: {drill_down}");
    assert!(!drill_down.contains("Heritage follow-up visit"), "not held yet");
    let api: serde_json::Value = coordinator.get("/api/v1/programmes/SGA4/dashboard").await?.json().await?;
    let computed =
        api["indicators"].as_array().into_iter().flatten().find(|i| i["code"] == "OC1.1").cloned().unwrap_or_default();
    assert_eq!(computed["computation"], "meetings_held");
    Ok(())
}

async fn the_entry_grid_opens_on_the_open_period_with_each_values_context(app: TestApp) -> anyhow::Result<()> {
    let focal = in_english(&app, "focal.phnompenh@mekong.example").await?;
    // "Enter values" leads the focal point to their city's grid for the open period (2026: 2024
    // is locked, 2027 has not begun), and the coordinator to the network's.
    let year = period_id(&focal, "SGA4", "2026").await?;
    let grid = format!("/results/SGA4/periods/{year}/KH-PNH");
    assert_eq!(location(&focal.get("/results/SGA4/entry").await?), grid);
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let network = location(&coordinator.get("/results/SGA4/entry").await?);
    assert_eq!(network, format!("/results/SGA4/periods/{year}/network"));
    let partner = app.signed_in("partner@mekong.example").await?;
    assert_eq!(location(&partner.get("/results/SGA4/entry").await?), "/results/SGA4/periods");

    // Each row shows what its value is checked against: for the staff trained, Phnom Penh's
    // 2025 value (45), the baseline, and where the line stands at the end of 2026.
    let (status, page) = focal.get_text(&grid).await?;
    assert_eq!(status, 200);
    let trained = indicator(&focal, "OP2.1.2").await?;
    let row = between(&page, &format!("id=\"i-{trained}\""), "</fieldset>");
    let context = between(&row, "class=\"grid-context\"", "</dl>");
    assert!(context.contains("<dt>Value 2025</dt><dd>45</dd>"), "{context}");
    assert!(context.contains("<dt>Baseline</dt><dd>10 (2024)</dd>"), "{context}");
    assert!(context.contains("<dt>Expected by end of 2026</dt><dd>115</dd>"), "{context}");
    assert!(row.contains(&format!("aria-describedby=\"context-{trained}\"")), "the context is read with the cell");
    // A yes/no indicator is a choice, not a box to type in.
    let template = indicator(&focal, "OP2.1.1").await?;
    let choice = between(&page, &format!("<select id=\"v.{template}.\""), "</select>");
    assert!(choice.contains("<option value=\"1\">Yes</option>") && choice.contains("<option value=\"0\">No</option>"));

    // A number that is not one is refused with its reason in the reader's language; the choice
    // made stays, and nothing is saved.
    let requests = indicator(&focal, "OP3.1.1").await?;
    let refused = focal
        .post_form(&grid, &[(&format!("v.{template}."), "1"), (&format!("v.{requests}."), "douze"), ("intent", "save")])
        .await?;
    assert_eq!(refused.status(), 422);
    let text = refused.text().await?;
    assert!(text.contains("Write a number (0 or more)"), "the reason, in English");
    let kept = between(&text, &format!("<select id=\"v.{template}.\""), "</select>");
    assert!(kept.contains("<option value=\"1\" selected>"), "{kept}");
    let (_, again) = focal.get_text(&grid).await?;
    let saved = between(&again, &format!("<select id=\"v.{template}.\""), "</select>");
    assert!(saved.contains("<option value=\"\" selected>"), "nothing saved: {saved}");
    // With the number fixed, both are saved.
    let fixed = focal
        .post_form(&grid, &[(&format!("v.{template}."), "1"), (&format!("v.{requests}."), "12"), ("intent", "save")])
        .await?;
    assert_eq!(fixed.status(), 303);
    let (_, after) = focal.get_text(&grid).await?;
    assert!(between(&after, &format!("<select id=\"v.{template}.\""), "</select>").contains("value=\"1\" selected"));
    Ok(())
}

/// A grid longer than a screenful comes in pages of 20 indicators; each page's form saves its
/// own indicators and comes back to the same page.
async fn a_long_grid_pages_and_each_page_saves_its_own_indicators(app: TestApp) -> anyhow::Result<()> {
    let actor = mekong_app::policy::Actor::command_line();
    let approved = app.app.logframe(&actor, "SGA4").await?;
    let model = approved.indicators.iter().find(|i| i.code == "OP3.1.1").ok_or_else(|| anyhow::anyhow!("OP3.1.1"))?;
    // Changing a target reopens the approved logframe, so that indicators may be added.
    let mut retargeted = mekong_app::results::IndicatorDraft::of(model, &approved);
    retargeted.targets = format!("{}\n2027-12-31=99", retargeted.targets);
    app.app.save_indicator(&actor, "SGA4", Some((model.id, model.version)), &retargeted).await?;
    let logframe = app.app.logframe(&actor, "SGA4").await?;
    let model = logframe.indicators.iter().find(|i| i.code == "OP3.1.1").ok_or_else(|| anyhow::anyhow!("OP3.1.1"))?;
    for n in 1..=17 {
        let mut draft = mekong_app::results::IndicatorDraft::of(model, &logframe);
        draft.code = format!("OP3.1.{}", 50 + n);
        draft.names = vec![(mekong_core::Lang::En, format!("Extra requests {n}"))];
        app.app.save_indicator(&actor, "SGA4", None, &draft).await?;
    }
    let focal = in_english(&app, "focal.phnompenh@mekong.example").await?;
    let year = period_id(&focal, "SGA4", "2026").await?;
    let grid = format!("/results/SGA4/periods/{year}/KH-PNH");
    let (_, first) = focal.get_text(&grid).await?;
    let rows = |page: &str| page.matches("<fieldset class=\"grid-row\"").count();
    assert_eq!(rows(&first), 20, "a page of 20 indicators");
    assert!(first.contains(&format!("href=\"{grid}?page=2\" rel=\"next\"")), "the next page is linked");
    let (status, second) = focal.get_text(&format!("{grid}?page=2")).await?;
    assert_eq!(status, 200);
    assert!(rows(&second) >= 1 && rows(&second) <= 20, "the rest on page 2");
    let last = indicator(&focal, "OP3.1.67").await?;
    assert!(second.contains(&format!("id=\"i-{last}\"")) && !first.contains(&format!("id=\"i-{last}\"")));
    assert!(second.contains(&format!("action=\"{grid}?page=2\"")), "the form posts back to its page");
    let saved = focal.post_form(&format!("{grid}?page=2"), &[(&format!("v.{last}."), "7"), ("intent", "save")]).await?;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), format!("{grid}?page=2"), "back on the same page");
    let (_, again) = focal.get_text(&format!("{grid}?page=2")).await?;
    let cell = between(&again, &format!("id=\"v.{last}.\""), ">");
    assert!(cell.contains("value=\"7\""), "{cell}");
    let (status, beyond) = focal.get_text(&format!("{grid}?page=99")).await?;
    assert_eq!((status, rows(&beyond)), (200, rows(&second)), "past the last page, the last");

    // The dashboard pages its 34 indicators too, while its standing counts cover all of them.
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let dashboard_rows = |page: &str| between(page, "<tbody>", "</tbody>").matches("<tr>").count();
    let (_, first) = coordinator.get_text("/results/SGA4?sort=name").await?;
    let (_, second) = coordinator.get_text("/results/SGA4?sort=name&page=2").await?;
    assert_eq!((dashboard_rows(&first), dashboard_rows(&second)), (25, 9));
    let pager = between(&first, "<nav class=\"pager\"", "</nav>");
    assert!(pager.contains("href=\"/results/SGA4?sort=name&#38;page=2\" rel=\"next\""), "the order is kept: {pager}");
    let counted: u32 = between(&first, "<ul class=\"figures-inline\">", "</ul>")
        .split("<strong>")
        .skip(1)
        .take(4)
        .map(|n| n.split("</strong>").next().unwrap_or_default().parse::<u32>().unwrap_or(0))
        .sum();
    assert_eq!(counted, 34, "each standing counted over every page");
    Ok(())
}

/// The dashboard is kept between requests while nothing is written; a change saved by another
/// process on the same database shows on the next request all the same.
async fn the_kept_dashboard_follows_a_write_made_by_another_process(app: TestApp) -> anyhow::Result<()> {
    let actor = mekong_app::policy::Actor::command_line();
    let before = app.app.dashboard(&actor, "SGA4").await?;
    let again = app.app.dashboard(&actor, "SGA4").await?;
    assert!(std::sync::Arc::ptr_eq(&before, &again), "kept while nothing was written");

    let data_dir = tempfile::tempdir()?;
    let other = app.second_process(data_dir.path()).await?;
    let model =
        before.logframe.indicators.iter().find(|i| i.code == "OP3.1.1").ok_or_else(|| anyhow::anyhow!("OP3.1.1"))?;
    let mut retargeted = mekong_app::results::IndicatorDraft::of(model, &before.logframe);
    retargeted.targets = format!("{}\n2027-12-31=99", retargeted.targets);
    other.save_indicator(&actor, "SGA4", Some((model.id, model.version)), &retargeted).await?;

    let after = app.app.dashboard(&actor, "SGA4").await?;
    let summary = after.summaries.iter().find(|s| s.indicator.code == "OP3.1.1");
    assert!(
        summary.is_some_and(|s| s.indicator.targets.iter().any(|t| (t.value - 99.0).abs() < f64::EPSILON)),
        "the other process's new target is read"
    );
    assert_ne!(after.logframe.programme.status, before.logframe.programme.status, "the logframe reopened");
    let logframe = app.app.logframe(&actor, "SGA4").await?;
    assert!(std::sync::Arc::ptr_eq(&logframe, &after.logframe), "the pages share the logframe read once");
    other.close().await?;
    Ok(())
}
