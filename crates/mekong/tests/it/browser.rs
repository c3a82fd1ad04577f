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

    page.find(Locator::Css("a[hreflang='km']")).await?.click().await?;
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
