//! A real Chromium: open the city list on a phone-sized screen, switch to Khmer.

use fantoccini::Locator;
use mekong_testkit::{Browser, TestApp, TestBackend};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_switches_the_city_list_to_khmer() -> anyhow::Result<()> {
    let Some(browser) = Browser::start().await? else {
        return Ok(());
    };
    let app = TestApp::start(TestBackend::Sqlite).await?;
    let page = &browser.client;
    page.goto(&app.url("/cities")).await?;
    assert_eq!(page.find(Locator::Css("html")).await?.attr("lang").await?.as_deref(), Some("fr"));
    assert_eq!(page.find(Locator::Css("h1")).await?.text().await?, "Villes membres");

    page.find(Locator::Css("button[name='lang'][value='km']")).await?.click().await?;
    page.wait().for_element(Locator::Css("html[lang='km']")).await?;
    let heading = page.find(Locator::Css("h1")).await?.text().await?;
    let i18n = mekong_i18n::I18n::load();
    assert_eq!(heading, i18n.message(mekong_i18n::Lang::Km, "cities-title"));
    assert_eq!(page.current_url().await?.path(), "/cities");
    let body = page.find(Locator::Css("main")).await?.text().await?;
    assert!(body.contains("ភ្នំពេញ"));

    let screenshot = browser.screenshot("cities-khmer").await?;
    assert!(std::fs::metadata(&screenshot)?.len() > 10_000);
    // The table scrolls inside its region rather than widening a phone-sized page.
    let widths = page.execute("return [document.documentElement.scrollWidth, window.innerWidth]", vec![]).await?;
    assert_eq!(widths[1], 360, "phone-sized screen");
    assert!(widths[0].as_u64().is_some_and(|w| w <= 360), "page wider than the screen: {widths}");
    browser.close().await
}

/// Fills a form field by its id.
async fn fill(page: &fantoccini::Client, id: &str, value: &str) -> anyhow::Result<()> {
    let field = page.find(Locator::Id(id)).await?;
    field.clear().await?;
    field.send_keys(value).await?;
    Ok(())
}

async fn submit_and_wait(page: &fantoccini::Client, form_action: &str, then: &str) -> anyhow::Result<()> {
    page.find(Locator::Css(&format!("form[action='{form_action}'] button[type='submit']"))).await?.click().await?;
    page.wait().for_element(Locator::Css(then)).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_focal_point_sets_a_password_and_sees_only_their_share() -> anyhow::Result<()> {
    let Some(browser) = Browser::start().await? else { return Ok(()) };
    let app = TestApp::start(TestBackend::Sqlite).await?;
    let page = &browser.client;

    // The admin signs in and invites a focal point for Huế.
    page.goto(&app.url("/login")).await?;
    fill(page, "email", "admin@mekong.example").await?;
    fill(page, "password", mekong_app::demo::DEMO_PASSWORD).await?;
    submit_and_wait(page, "/login", ".flash").await?;
    page.goto(&app.url("/admin/users/invite")).await?;
    fill(page, "email", "minh@mekong.example").await?;
    fill(page, "display_name", "Trần Văn Minh").await?;
    page.find(Locator::Css("#language option[value='vi']")).await?.click().await?;
    page.find(Locator::Css("#role option[value='city_focal_point']")).await?.click().await?;
    fill(page, "scope", "VN-HUI").await?;
    submit_and_wait(page, "/admin/users/invite", ".flash").await?;
    assert_eq!(page.find(Locator::Css("h1")).await?.text().await?, "Trần Văn Minh");
    page.find(Locator::Css("form[action='/logout'] button")).await?.click().await?;
    page.wait().for_element(Locator::Css("a[href^='/login']")).await?;

    // The invitation arrives; its link is followed.
    app.run_jobs().await?;
    let emails = app.outbox()?;
    let invitation =
        emails.iter().find(|m| m.to == "minh@mekong.example").ok_or_else(|| anyhow::anyhow!("no invitation"))?;
    let link = invitation.link("/account/accept?token=").ok_or_else(|| anyhow::anyhow!("no link"))?;
    page.goto(&link).await?;
    let password = "Perfume River boats at dusk";
    fill(page, "password", password).await?;
    fill(page, "confirm", password).await?;
    submit_and_wait(page, "/account/accept", ".flash").await?;
    assert_eq!(page.current_url().await?.path(), "/login");

    // The new user signs in: Vietnamese interface, no administration, their own city only.
    fill(page, "email", "minh@mekong.example").await?;
    fill(page, "password", password).await?;
    submit_and_wait(page, "/login", "html[lang='vi']").await?;
    let menu = page.find(Locator::Css("nav.areas")).await?.html(true).await?;
    assert!(!menu.contains("/admin/users") && !menu.contains("/admin/audit"), "{menu}");
    assert!(page.find(Locator::Css("nav.user-menu")).await?.text().await?.contains("Trần Văn Minh"));
    page.goto(&app.url("/cities/VN-HUI")).await?;
    page.find(Locator::Css("a[href='/cities/VN-HUI/history']")).await?.click().await?;
    page.wait().for_element(Locator::Css("table.audit")).await?;
    page.goto(&app.url("/admin/users")).await?;
    let i18n = mekong_i18n::I18n::load();
    let heading = page.find(Locator::Css("h1")).await?.text().await?;
    assert_eq!(heading, i18n.message(mekong_i18n::Lang::Vi, "error-forbidden-title"));
    page.goto(&app.url("/cities/KH-PNH/history")).await?;
    assert_eq!(page.find(Locator::Css("h1")).await?.text().await?, heading, "another city's history is refused");
    browser.screenshot("invited-focal-point-refused").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_coordinator_imports_a_spreadsheet_through_the_pages() -> anyhow::Result<()> {
    let Some(browser) = Browser::start().await? else { return Ok(()) };
    let app = TestApp::start(TestBackend::Sqlite).await?;
    let page = &browser.client;
    page.goto(&app.url("/login")).await?;
    fill(page, "email", "coordinator@mekong.example").await?;
    fill(page, "password", mekong_app::demo::DEMO_PASSWORD).await?;
    submit_and_wait(page, "/login", ".flash").await?;

    // A file with a bad row: the preview names it, and offers no import.
    let file = app.database.data_dir.path().join("contacts.csv");
    std::fs::write(
        &file,
        "Nom,Courriel,Organisation\nKhamla Vong,khamla@lpq.example,Luang Prabang\nBad Row,not-an-email,Luang Prabang\n",
    )?;
    page.goto(&app.url("/directory/import")).await?;
    page.find(Locator::Id("file")).await?.send_keys(&file.to_string_lossy()).await?;
    submit_and_wait(page, "/directory/import", "select#map_0").await?;
    let preview = page.find(Locator::Css("main")).await?.text().await?;
    assert!(preview.contains("Bad Row"), "{preview}");
    assert!(page.find_all(Locator::Css("button[formaction='/directory/import/commit']")).await?.is_empty());

    // Fixed, it imports in one go.
    std::fs::write(
        &file,
        "Nom,Courriel,Organisation\nKhamla Vong,khamla@lpq.example,Luang Prabang\nSouk Phan,souk@lpq.example,Luang Prabang\n",
    )?;
    page.goto(&app.url("/directory/import")).await?;
    page.find(Locator::Id("file")).await?.send_keys(&file.to_string_lossy()).await?;
    submit_and_wait(page, "/directory/import", "button[formaction='/directory/import/commit']").await?;
    page.find(Locator::Css("button[formaction='/directory/import/commit']")).await?.click().await?;
    page.wait().for_element(Locator::Css("p[role='status']")).await?;
    assert!(page.find(Locator::Css("p[role='status']")).await?.text().await?.ends_with('2'));
    page.goto(&app.url("/people?q=khamla")).await?;
    assert!(page.find(Locator::Css("main table")).await?.text().await?.contains("Khamla Vong"));
    browser.screenshot("directory-import-done").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_registers_for_an_open_event_on_a_phone() -> anyhow::Result<()> {
    let Some(browser) = Browser::start().await? else { return Ok(()) };
    let app = TestApp::start(TestBackend::Sqlite).await?;
    let page = &browser.client;

    // From the events list to the demo's upcoming workshop, in Lao.
    page.goto(&app.url("/events")).await?;
    page.find(Locator::Css("button[name='lang'][value='lo']")).await?.click().await?;
    page.wait().for_element(Locator::Css("html[lang='lo']")).await?;
    page.find(Locator::XPath("//a[contains(., 'ມາດຕະຖານຂໍ້ມູນ')]")).await?.click().await?;
    page.wait().for_element(Locator::Css("a[href$='/register']")).await?;
    page.find(Locator::Css("a[href$='/register']")).await?.click().await?;
    page.wait().for_element(Locator::Id("email")).await?;

    // A mistake first (the romanised name left out): the error shows next to the field, in
    // Lao, and what was typed stays.
    fill(page, "local_name", "ສຸກສະຫວັນ ພົມມະຈັນ").await?;
    fill(page, "email", "souk@example.org").await?;
    let form = page.find(Locator::Css("form[action$='/register']")).await?;
    form.find(Locator::Css("button[type='submit']")).await?.click().await?;
    page.wait().for_element(Locator::Css("#name-error")).await?;
    let i18n = mekong_i18n::I18n::load();
    let error = page.find(Locator::Id("name-error")).await?.text().await?;
    assert_eq!(error, i18n.message(mekong_i18n::Lang::Lo, "error-required"));
    assert_eq!(page.find(Locator::Id("local_name")).await?.prop("value").await?.as_deref(), Some("ສຸກສະຫວັນ ພົມມະຈັນ"));

    fill(page, "name", "Souksavanh Phommachanh").await?;
    fill(page, "dietary", "halal").await?;
    let form = page.find(Locator::Css("form[action$='/register']")).await?;
    form.find(Locator::Css("button[type='submit']")).await?.click().await?;
    // Back on the event's page, told to look in their mailbox.
    page.wait().for_element(Locator::Css(".flash")).await?;
    let flash = page.find(Locator::Css(".flash")).await?.text().await?;
    assert_eq!(flash, i18n.message(mekong_i18n::Lang::Lo, "flash-registered"));

    // The confirmation reaches them with the calendar invitation and their personal link.
    app.run_jobs().await?;
    let mail =
        app.outbox()?.into_iter().find(|m| m.to == "souk@example.org").ok_or_else(|| anyhow::anyhow!("no mail"))?;
    assert!(
        mail.attachments.iter().any(|(_, t, body)| t.starts_with("text/calendar") && body.contains("METHOD:REQUEST"))
    );
    let link = mail.link("/rsvp/").ok_or_else(|| anyhow::anyhow!("no personal link"))?;
    page.goto(&link).await?;
    page.wait().for_element(Locator::Id("rsvp-status")).await?;
    let status = page.find(Locator::Id("rsvp-status")).await?.text().await?;
    assert_eq!(status, i18n.message(mekong_i18n::Lang::Lo, "participant-status-accepted"));
    browser.screenshot("event-registered-lao").await?;
    let widths = page.execute("return [document.documentElement.scrollWidth, window.innerWidth]", vec![]).await?;
    assert!(widths[0].as_u64().is_some_and(|w| w <= 360), "page wider than the screen: {widths}");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_focal_point_records_indicator_values_in_khmer_with_the_keyboard() -> anyhow::Result<()> {
    let Some(browser) = Browser::start().await? else { return Ok(()) };
    let app = TestApp::start(TestBackend::Sqlite).await?;
    let page = &browser.client;

    // Phnom Penh's focal point (who reads Khmer) signs in and opens this year's grid.
    page.goto(&app.url("/login")).await?;
    fill(page, "email", "focal.phnompenh@mekong.example").await?;
    fill(page, "password", mekong_app::demo::DEMO_PASSWORD).await?;
    submit_and_wait(page, "/login", "html[lang='km']").await?;
    page.goto(&app.url("/results/SGA4/periods")).await?;
    page.find(Locator::XPath("//section[h2[starts-with(normalize-space(.), '2026')]]//a[contains(@href, '/KH-PNH')]"))
        .await?
        .click()
        .await?;
    page.wait().for_element(Locator::Css("form.grid-form")).await?;

    // The keyboard goes from cell to cell in reading order: total, women, men.
    let first = page.find(Locator::Css("form.grid-form input[name^='v.'][name$='.']")).await?;
    first.click().await?;
    let trained =
        page.find(Locator::XPath("//fieldset[.//strong[text()='OP2.1.2']]//input[starts-with(@name, 'v.')]")).await?;
    trained.click().await?;
    trained.send_keys("30").await?;
    page.active_element().await?.send_keys("\u{E004}").await?; // Tab: the women's cell
    page.active_element().await?.send_keys("18").await?;
    page.active_element().await?.send_keys("\u{E004}").await?; // the hidden version is skipped: men
    page.active_element().await?.send_keys("12").await?;
    page.find(Locator::Css("button[name='intent'][value='submit']")).await?.click().await?;
    page.wait().for_element(Locator::Css(".flash")).await?;
    let i18n = mekong_i18n::I18n::load();
    let flash = page.find(Locator::Css(".flash")).await?.text().await?;
    assert_eq!(flash, i18n.message(mekong_i18n::Lang::Km, "flash-values-submitted"));
    let cells = page
        .find(Locator::XPath("//fieldset[.//strong[text()='OP2.1.2']]"))
        .await?
        .find_all(Locator::Css("input[name^='v.']"))
        .await?;
    let mut typed = Vec::new();
    for cell in cells {
        typed.push(cell.prop("value").await?.unwrap_or_default());
    }
    assert_eq!(typed, ["30", "18", "12"]);
    browser.screenshot("grid-khmer").await?;
    let widths = page.execute("return [document.documentElement.scrollWidth, window.innerWidth]", vec![]).await?;
    assert!(widths[0].as_u64().is_some_and(|w| w <= 360), "page wider than the screen: {widths}");
    browser.close().await
}

/// What a reader sees of every chart on the page: texts drawn outside their drawing, ids used
/// twice, and the computed paint of the series line, the bars and the late mark.
const CHART_CHECK: &str = r"
const outside = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const box = svg.getBoundingClientRect();
  for (const text of svg.querySelectorAll('text')) {
    const r = text.getBoundingClientRect();
    if (r.width === 0 || r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
      outside.push(svg.id + ': ' + text.textContent);
    }
  }
}
const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
const paint = (selector, property) => {
  const element = document.querySelector(selector);
  return element ? getComputedStyle(element)[property] : null;
};
return {
  charts: document.querySelectorAll('svg.chart').length,
  outside, twice,
  valueStroke: paint('#series-chart polyline.value', 'stroke'),
  valueWidth: paint('#series-chart polyline.value', 'strokeWidth'),
  targetDash: paint('#series-chart polyline.target', 'strokeDasharray'),
  barFill: paint('#cities-chart rect.bar', 'fill'),
  lateDash: paint('#timeline rect.bar.late', 'strokeDasharray'),
  lateNote: document.querySelector('#timeline g.activity.late .late-note')?.textContent ?? null,
  firstMonth: document.querySelector('#timeline text.tick')?.textContent ?? null,
  today: document.querySelector('#timeline .today-label')?.textContent ?? null,
  legend: [...document.querySelectorAll('.chart-legend li')].map(li => li.textContent.trim()),
  wider: document.documentElement.scrollWidth > window.innerWidth,
};
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charts_and_the_timeline_draw_readably_in_french_and_khmer() -> anyhow::Result<()> {
    let Some(browser) = Browser::start().await? else { return Ok(()) };
    let app = TestApp::start(TestBackend::Sqlite).await?;
    let page = &browser.client;
    page.goto(&app.url("/login")).await?;
    fill(page, "email", "coordinator@mekong.example").await?;
    fill(page, "password", mekong_app::demo::DEMO_PASSWORD).await?;
    submit_and_wait(page, "/login", ".flash").await?;
    // The staff trained in urban data: values and targets, a breakdown by sex, cities compared.
    page.goto(&app.url("/results/SGA4")).await?;
    let indicator = page
        .find(Locator::XPath("//tr[td[text()='OP2.1.2']]//a"))
        .await?
        .attr("href")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no link to the indicator"))?;
    let i18n = mekong_i18n::I18n::load();
    for lang in [mekong_i18n::Lang::Fr, mekong_i18n::Lang::Km] {
        if lang != mekong_i18n::Lang::Fr {
            page.find(Locator::Css(&format!("button[name='lang'][value='{lang}']"))).await?.click().await?;
            page.wait().for_element(Locator::Css(&format!("html[lang='{lang}']"))).await?;
        }
        for (name, path) in [("indicator", indicator.as_str()), ("plan", "/results/SGA4/plan?year=2026")] {
            page.goto(&app.url(path)).await?;
            let seen = page.execute(CHART_CHECK, vec![]).await?;
            let text = |key: &str| seen[key].as_str().map(str::to_owned);
            assert_eq!(seen["outside"], serde_json::json!([]), "{lang} {name}: texts outside their drawing");
            assert_eq!(seen["twice"], serde_json::json!([]), "{lang} {name}: ids used twice");
            assert_eq!(seen["wider"], false, "{lang} {name}: the page scrolls sideways");
            assert!(!seen["legend"].as_array().is_none_or(Vec::is_empty), "{lang} {name}: a legend");
            if name == "indicator" {
                assert_eq!(seen["charts"], 3, "{lang}: values, breakdown and cities");
                let stroke = text("valueStroke").unwrap_or_default();
                assert!(stroke.starts_with("rgb(") && stroke != "rgb(0, 0, 0)", "{lang}: value line {stroke}");
                let width: f64 = text("valueWidth").unwrap_or_default().trim_end_matches("px").parse()?;
                assert!(width >= 2.0, "{lang}: value line {width} px wide");
                assert_ne!(text("targetDash").as_deref(), Some("none"), "{lang}: the target line is dashed");
                assert_ne!(text("barFill").as_deref(), Some("rgb(0, 0, 0)"), "{lang}: bars styled");
            } else {
                assert_eq!(text("lateNote"), Some(format!(" – {}", i18n.message(lang, "plan-late"))), "{lang}");
                assert_ne!(text("lateDash").as_deref(), Some("none"), "{lang}: the late bar's outline is dashed");
                assert_eq!(text("firstMonth"), Some(mekong_i18n::month_names(lang)[0].clone()), "{lang}");
                assert_eq!(text("today"), Some(i18n.message(lang, "plan-today")), "{lang}");
            }
            page.execute("document.querySelector('svg.chart').scrollIntoView()", vec![]).await?;
            browser.screenshot(&format!("chart-{name}-{lang}")).await?;
        }
    }
    // An event's page, with its agenda and action item forms, keeps one element per id.
    page.goto(&app.url("/events")).await?;
    let event = page.find(Locator::Css("main a[href^='/events/0']")).await?.attr("href").await?.unwrap_or_default();
    page.goto(&app.url(&event)).await?;
    let seen = page.execute(CHART_CHECK, vec![]).await?;
    assert_eq!(seen["twice"], serde_json::json!([]), "{event}: ids used twice");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_vientiane_focal_point_asks_for_help_in_lao_and_rates_it() -> anyhow::Result<()> {
    let Some(browser) = Browser::start().await? else { return Ok(()) };
    let app = TestApp::start(TestBackend::Sqlite).await?;
    let page = &browser.client;
    let i18n = mekong_i18n::I18n::load();
    let lao = |id: &str| i18n.message(mekong_i18n::Lang::Lo, id);

    // Vientiane's focal point reads Lao; the request form is reached from the list.
    page.goto(&app.url("/login")).await?;
    fill(page, "email", "focal.vientiane@mekong.example").await?;
    fill(page, "password", mekong_app::demo::DEMO_PASSWORD).await?;
    submit_and_wait(page, "/login", "html[lang='lo']").await?;
    page.goto(&app.url("/assistance")).await?;
    assert_eq!(page.find(Locator::Css("h1")).await?.text().await?, lao("assistance-title"));
    page.find(Locator::Css("a[href='/assistance/new']")).await?.click().await?;
    page.wait().for_element(Locator::Css("form[action='/assistance']")).await?;
    fill(page, "title", "ແຜນລະບາຍນ້ຳ ເມືອງເກົ່າ").await?;
    fill(page, "need", "ພວກເຮົາຕ້ອງການແຜນລະບາຍນ້ຳສຳລັບເມືອງເກົ່າ").await?;
    page.find(Locator::Css("#theme option[value='urban_resilience']")).await?.click().await?;
    page.find(Locator::Css("input[name='urgency'][value='high']")).await?.click().await?;
    submit_and_wait(page, "/assistance", ".flash").await?;
    assert_eq!(page.find(Locator::Css(".flash")).await?.text().await?, lao("flash-assistance-requested"));
    let href = page.current_url().await?.path().to_owned();
    assert!(page.find(Locator::Css("h1")).await?.text().await?.contains("ແຜນລະບາຍນ້ຳ ເມືອງເກົ່າ"));

    // The coordinator accepts it, assigns Jonas Weber and records the delivery.
    let actor = mekong_app::policy::Actor::command_line();
    let id = mekong_core::ids::AssistanceId(uuid::Uuid::parse_str(href.trim_start_matches("/assistance/"))?);
    let triage = mekong_app::assistance::TriageDraft { decision: "accept".into(), ..Default::default() };
    let accepted = app.app.triage_assistance(&actor, id, 1, &triage).await?;
    let filter = mekong_core::people::PeopleFilter { text: "Jonas".into(), ..Default::default() };
    let jonas = app.app.people(&actor, &filter, 1).await?.items.first().map(|p| p.id.to_string()).unwrap_or_default();
    let assignment = mekong_app::assistance::AssignmentDraft {
        expert: jonas,
        deliverables: "A drainage plan".into(),
        starts_on: "2026-11-01".into(),
        due_on: "2026-11-30".into(),
    };
    let assigned = app.app.assign_assistance(&actor, id, accepted.version, &assignment).await?;
    app.app.deliver_assistance(&actor, id, assigned.version, "").await?;

    // The city rates the help on its page, in Lao, on a phone-sized screen.
    page.goto(&app.url(&href)).await?;
    page.find(Locator::Css("input[name='score'][value='5']")).await?.click().await?;
    fill(page, "comment", "ຂອບໃຈຫຼາຍ").await?;
    submit_and_wait(page, &format!("{href}/rating"), ".flash").await?;
    assert_eq!(page.find(Locator::Css(".flash")).await?.text().await?, lao("flash-assistance-rated"));
    assert_eq!(page.find(Locator::Css("#rating")).await?.text().await?, "5 / 5");
    let history = page.find(Locator::Css("table.audit")).await?.text().await?;
    assert!(history.contains(&lao("assistance-action-rated")), "{history}");
    browser.screenshot("assistance-lao").await?;
    let widths = page.execute("return [document.documentElement.scrollWidth, window.innerWidth]", vec![]).await?;
    assert!(widths[0].as_u64().is_some_and(|w| w <= 360), "page wider than the screen: {widths}");
    browser.close().await
}
