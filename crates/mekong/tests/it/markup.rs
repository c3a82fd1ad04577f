//! Every main page is valid HTML as far as can be checked without a validator: no id used twice,
//! no label or description naming an id the page lacks, no form in a form, elements closed in
//! order, for each kind of reader and in two languages.

use mekong_testkit::page::{html_problems, period_id};
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(
    main_pages_are_valid_html,
    forms_offer_choices_and_refuse_unknown_values_beside_their_field,
    the_plan_reads_in_the_readers_language,
);

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

/// The `<p class="field-error" id="{field}-error">` text of a page (empty when absent).
fn field_error(page: &str, field: &str) -> String {
    mekong_testkit::page::between(page, &format!("id=\"{field}-error\">"), "<")
}

async fn forms_offer_choices_and_refuse_unknown_values_beside_their_field(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    coordinator.post_form("/language", &[("lang", "en"), ("next", "/")]).await?;
    // The plan: cities ticked, named in the table; a code of no member city is refused there.
    let (_, plan) = coordinator.get_text("/results/SGA4/plan").await?;
    assert!(plan.contains("id=\"city-KH-PNH\" name=\"cities\" value=\"KH-PNH\""));
    assert!(!plan.contains("codes, separated by commas"), "no column asks for codes");
    let refused = coordinator
        .post_form(
            "/results/SGA4/plan",
            &[("title", "Nowhere"), ("starts", "2026-12-01"), ("ends", "2026-12-02"), ("cities", "KH-ZZZ")],
        )
        .await?;
    assert_eq!(refused.status(), 422);
    assert_eq!(field_error(&refused.text().await?, "cities"), "No member city has this code: choose it from the list.");
    // The organisation: the member city is a choice, languages and themes are ticked, the
    // country is searched among the network's.
    let (_, form) = coordinator.get_text("/organisations/new").await?;
    assert!(form.contains("<select id=\"city\" name=\"city\""));
    assert!(form.contains("<option value=\"KH-PNH\">Phnom Penh</option>"));
    assert!(form.contains("id=\"theme-heritage\" name=\"themes\" value=\"heritage\""));
    assert!(form.contains("id=\"language-km\" name=\"languages\" value=\"km\""));
    assert!(form.contains("<datalist id=\"country-choices\"><option value=\"KH\">Cambodia</option>"));
    let fields = |city: &'static str| {
        vec![
            ("kind", "ngo"),
            ("name_en", "Choices test association"),
            ("country", "KH"),
            ("languages", "km"),
            ("languages", "fr"),
            ("languages", "th"),
            ("themes", "heritage"),
            ("themes", "urban_planning"),
            ("city", city),
            ("version", "0"),
        ]
    };
    let refused = coordinator.post_form("/organisations", &fields("KH-ZZZ")).await?;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await?;
    assert_eq!(field_error(&page, "city"), "No member city has this code: choose it from the list.");
    assert!(page.contains("id=\"theme-urban_planning\" name=\"themes\" value=\"urban_planning\" checked"), "kept");
    let saved = coordinator.post_form("/organisations", &fields("KH-PNH")).await?;
    assert_eq!(saved.status(), 303);
    let (_, edit) = coordinator.get_text(&format!("{}/edit", mekong_testkit::page::location(&saved))).await?;
    for ticked in [
        "id=\"language-th\" name=\"languages\" value=\"th\" checked",
        "id=\"theme-heritage\" name=\"themes\" value=\"heritage\" checked",
        "<option value=\"KH-PNH\" selected>",
    ] {
        assert!(edit.contains(ticked), "{ticked}");
    }
    // The event: the logframe activity is a choice; a code of none is refused beside it.
    let (_, form) = coordinator.get_text("/events/new").await?;
    assert!(form.contains("<select id=\"activity_code\" name=\"activity_code\""));
    assert!(form.contains("<option value=\"A2.1.1\">A2.1.1 "));
    let refused = coordinator
        .post_form(
            "/events",
            &[
                ("kind", "workshop"),
                ("status", "announced"),
                ("title_en", "Choices workshop"),
                ("host_city", "KH-PNH"),
                ("venue", "City Hall"),
                ("starts", "2027-03-01T09:00"),
                ("ends", "2027-03-01T17:00"),
                ("time_zone", "Asia/Phnom_Penh"),
                ("languages", "km"),
                ("activity_code", "Z9.9.9"),
                ("version", "0"),
            ],
        )
        .await?;
    assert_eq!(refused.status(), 422);
    assert_eq!(field_error(&refused.text().await?, "activity_code"), "No logframe activity has this code.");
    // The person: the same boxes and country list, the focal point's city a choice.
    let (_, form) = coordinator.get_text("/people/new").await?;
    assert!(form.contains("<select id=\"focal_point_of\" name=\"focal_point_of\""));
    assert!(form.contains("id=\"theme-heritage\" name=\"themes\" value=\"heritage\""));
    assert!(form.contains("<datalist id=\"country-choices\"><option value=\"KH\">Cambodia</option>"));
    let person = [
        ("name_romanised", "Choices Person"),
        ("sex", "female"),
        ("languages", "km"),
        ("languages", "ja"),
        ("themes", "heritage"),
        ("country", "KH"),
        ("focal_point_of", "KH-ZZZ"),
        ("version", "0"),
    ];
    let refused = coordinator.post_form("/people", &person).await?;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await?;
    assert_eq!(field_error(&page, "focal_point_of"), "No member city has this code: choose it from the list.");
    assert!(page.contains("<option value=\"KH-ZZZ\" selected>KH-ZZZ</option>"), "what was sent stays chosen");
    assert!(page.contains("id=\"language-km\" name=\"languages\" value=\"km\" checked"));
    assert!(page.contains("id=\"languages-other\" name=\"languages\" value=\"ja\""), "others stay typed");
    // The lists' filters: countries and languages by name, an unlisted one kept as asked.
    let (_, people) = coordinator.get_text("/people?country=JP&language=km").await?;
    assert!(people.contains("<option value=\"KH\">Cambodia</option>"));
    assert!(people.contains("<option value=\"JP\" selected>JP</option>"));
    assert!(people.contains("<option value=\"km\" selected>ខ្មែរ</option>"));
    let (_, organisations) = coordinator.get_text("/organisations?country=la").await?;
    assert!(organisations.contains("<option value=\"LA\" selected>Laos</option>"));
    Ok(())
}

async fn the_plan_reads_in_the_readers_language(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let (_, french) = coordinator.get_text("/results/SGA4/plan").await?;
    assert!(
        french.contains("<th scope=\"row\">A1.1.1 Conférence annuelle des villes d’Asie du Sud-Est"),
        "the demo's titles in French"
    );
    // English only in the edit form's hidden fields, which carry every language.
    assert!(!french.contains(">A1.1.1 Annual conference"));
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let (_, khmer) = focal.get_text("/results/SGA4/plan").await?;
    assert!(khmer.contains("សន្និសីទប្រចាំឆ្នាំនៃទីក្រុងអាស៊ីអាគ្នេយ៍"), "and in Khmer");
    // The form takes a title per language; each reader reads theirs, French otherwise.
    let (_, form) = coordinator.get_text("/results/SGA4/plan").await?;
    assert!(form.contains("<input id=\"title_km\" name=\"title_km\" lang=\"km\""));
    let saved = coordinator
        .post_form(
            "/results/SGA4/plan",
            &[
                ("title_fr", "Visite d’étude à Vientiane"),
                ("title_km", "ដំណើរទស្សនកិច្ចសិក្សានៅវៀងចន្ទ"),
                ("starts", "2026-12-10"),
                ("ends", "2026-12-11"),
                ("cities", "LA-VTE"),
            ],
        )
        .await?;
    assert_eq!(saved.status(), 303);
    assert!(coordinator.get_text("/results/SGA4/plan").await?.1.contains("Visite d’étude à Vientiane"));
    assert!(focal.get_text("/results/SGA4/plan").await?.1.contains("ដំណើរទស្សនកិច្ចសិក្សានៅវៀងចន្ទ"));
    let english = app.signed_in("admin@mekong.example").await?;
    assert!(english.get_text("/results/SGA4/plan").await?.1.contains("Visite d’étude à Vientiane"), "French otherwise");
    let untitled =
        coordinator.post_form("/results/SGA4/plan", &[("starts", "2026-12-10"), ("ends", "2026-12-11")]).await?;
    assert_eq!(untitled.status(), 422);
    assert!(!field_error(&untitled.text().await?, "title_fr").is_empty(), "a title is needed, said beside it");
    Ok(())
}
