//! Every main page is valid HTML as far as can be checked without a validator: no id used twice,
//! no label or description naming an id the page lacks, no form in a form, elements closed in
//! order, for each kind of reader and in two languages.

use mekong_testkit::page::{html_problems, period_id};
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(main_pages_are_valid_html);

/// The first link of `page` that starts with `prefix`, up to its quote.
fn first_link(page: &str, prefix: &str) -> String {
    page.split(&format!("href=\"{prefix}"))
        .nth(1)
        .and_then(|rest| rest.split(['"', '?', '#']).next())
        .map(|rest| format!("{prefix}{rest}"))
        .unwrap_or_default()
}

async fn check(session: &HttpSession, who: &str, paths: &[String]) -> anyhow::Result<()> {
    for path in paths {
        let (status, html) = session.get_text(path).await?;
        assert_eq!(status, 200, "{who} {path}");
        assert_eq!(html_problems(&html), Vec::<String>::new(), "{who} {path}");
    }
    Ok(())
}

async fn main_pages_are_valid_html(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let (_, events) = coordinator.get_text("/events").await?;
    let event = first_link(&events, "/events/0");
    assert!(!event.is_empty(), "a demo event");
    let (_, dashboard) = coordinator.get_text("/results/SGA4").await?;
    let indicator = first_link(&dashboard, "/results/SGA4/indicators/");
    assert!(!indicator.is_empty(), "a demo indicator");
    let grid = format!("/results/SGA4/periods/{}/KH-PNH", period_id(&coordinator, "SGA4", "2026").await?);
    let main: Vec<String> = [
        "/",
        "/cities",
        "/cities/KH-PNH",
        "/organisations",
        "/organisations?q=university",
        "/organisations/new",
        "/people?q=sokha",
        "/people/new",
        "/events",
        "/events/new",
        "/results",
        "/results/SGA4",
        "/results/SGA4/logframe",
        "/results/SGA4/periods",
        "/results/SGA4/plan",
        "/map",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([event.clone(), format!("{event}/edit"), indicator, grid.clone()])
    .collect();
    for lang in ["fr", "km"] {
        coordinator.post_form("/language", &[("lang", lang), ("next", "/")]).await?;
        check(&coordinator, lang, &main).await?;
    }
    let reader = app.signed_in("partner@mekong.example").await?;
    check(&reader, "partner", &["/".to_owned(), "/events".to_owned(), event.clone()]).await?;
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    check(&focal, "focal point", &[event, grid.clone()]).await?;
    let visitor = app.visitor().await?;
    check(&visitor, "visitor", &["/".to_owned(), "/cities".to_owned(), "/login".to_owned()]).await?;
    Ok(())
}
