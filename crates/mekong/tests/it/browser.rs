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
