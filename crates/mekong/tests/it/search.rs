//! Search: every process follows the change log into its own index, so a record saved through
//! one is found through another on the same database; rights filter what each reader finds.

use crate::practices::{COORDINATOR, FOCAL_HUE, FOCAL_PNH, finds, phnom_penh_writes, review, write_version};
use mekong_app::policy::Actor;
use mekong_app::search::{SearchRequest, SearchResults};
use mekong_core::drafts::OrganisationDraft;
use mekong_core::people::PeopleFilter;
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(
    a_change_saved_by_one_process_is_found_by_another,
    the_index_is_rebuilt_from_the_database,
    a_partner_never_finds_a_contact_not_shared_with_partners,
    a_focal_point_never_finds_another_citys_drafts,
    the_page_marks_matches_and_escapes_what_was_typed,
    people_are_found_by_their_organisations_new_name,
    a_published_practices_new_translation_is_found_by_its_city_not_the_public,
);

fn request(text: &str) -> SearchRequest {
    SearchRequest { text: text.into(), page: 1, ..SearchRequest::default() }
}

fn titles(results: &SearchResults) -> Vec<&str> {
    results.items.iter().map(|item| item.title.as_str()).collect()
}

async fn a_change_saved_by_one_process_is_found_by_another(app: TestApp) -> anyhow::Result<()> {
    let data_dir = tempfile::tempdir()?;
    let other = app.second_process(data_dir.path()).await?;
    let actor = Actor::command_line();
    // Both indexes exist and are current before the change.
    assert!(app.app.search(&actor, &request("potiers")).await?.items.is_empty());
    assert!(other.search(&actor, &request("potiers")).await?.items.is_empty());

    let draft = OrganisationDraft {
        kind: "ngo".into(),
        name_fr: "Association des potiers de Bokéo".into(),
        name_en: "Bokeo Potters Association".into(),
        name_local: "ສະມາຄົມຊ່າງປັ້ນໝໍ້ບໍ່ແກ້ວ".into(),
        country: "LA".into(),
        ..OrganisationDraft::default()
    };
    app.app.create_organisation(&actor, &draft, true).await?;

    let found = other.search(&actor, &request("potiers bokeo")).await?;
    assert_eq!(found.items.len(), 1, "{:?}", titles(&found));
    assert!(found.items[0].path.starts_with("/organisations/"));
    let found = other.search(&actor, &request("ບໍ່ແກ້ວ")).await?;
    assert_eq!(found.items.len(), 1, "Lao name found through the other process");
    assert_eq!(app.app.search(&actor, &request("potters")).await?.items.len(), 1);
    other.close().await?;
    Ok(())
}

async fn the_index_is_rebuilt_from_the_database(app: TestApp) -> anyhow::Result<()> {
    let actor = Actor::command_line();
    let before = app.app.search(&actor, &request("phnom penh")).await?;
    assert!(before.total > 0, "the demo data is indexed");
    let records = app.app.reindex_search().await?;
    assert!(records > 10, "{records} records indexed");
    let after = app.app.search(&actor, &request("phnom penh")).await?;
    assert_eq!(titles(&after), titles(&before));
    Ok(())
}

/// The API's results for `query`: each item's kind and title.
async fn found(session: &HttpSession, query: &str) -> anyhow::Result<Vec<(String, String)>> {
    let encoded: String = query
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect();
    let path = format!("/api/v1/search?q={encoded}");
    let page: serde_json::Value = session.get(&path).await?.json().await?;
    Ok(page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| (item["kind"].as_str().unwrap_or("").to_owned(), item["title"].as_str().unwrap_or("").to_owned()))
        .collect())
}

async fn a_partner_never_finds_a_contact_not_shared_with_partners(app: TestApp) -> anyhow::Result<()> {
    let admin = app.signed_in("admin@mekong.example").await?;
    let partner = app.signed_in("partner@mekong.example").await?;
    // Jonas Weber did not agree to share his details with partners; Claire Martin did.
    assert_eq!(found(&admin, "jonas weber").await?, [("person".to_owned(), "Jonas Weber (demo)".to_owned())]);
    assert!(found(&partner, "jonas weber").await?.is_empty());
    assert!(found(&app.visitor().await?, "jonas weber").await?.is_empty());
    assert_eq!(found(&partner, "claire martin").await?.len(), 1);
    // Facets count only what the reader may see.
    let page: serde_json::Value = partner.get("/api/v1/search?q=demo").await?.json().await?;
    let kinds = page["facets"].as_array().into_iter().flatten().find(|f| f["name"] == "kind").cloned();
    let people = kinds
        .as_ref()
        .and_then(|f| f["values"].as_array())
        .into_iter()
        .flatten()
        .find(|v| v["value"] == "person")
        .and_then(|v| v["count"].as_u64());
    let listed = found(&partner, "demo").await?.iter().filter(|(kind, _)| kind == "person").count();
    assert_eq!(people, Some(u64::try_from(listed)?));
    Ok(())
}

async fn a_focal_point_never_finds_another_citys_drafts(app: TestApp) -> anyhow::Result<()> {
    let hue = app.signed_in("focal.hue@mekong.example").await?;
    let phnom_penh = app.signed_in("focal.phnompenh@mekong.example").await?;
    let fields = [
        ("kind", "workshop"),
        ("status", "draft"),
        ("title_vi", "Hội thảo quy hoạch bờ sông Hương"),
        ("host_city", "VN-HUI"),
        ("venue", "Huế"),
        ("starts", "2027-02-01T09:00"),
        ("ends", "2027-02-01T12:00"),
        ("time_zone", "Asia/Ho_Chi_Minh"),
        ("version", "0"),
    ];
    assert_eq!(hue.post_form("/events", &fields).await?.status(), 303);
    assert_eq!(found(&hue, "bo song huong").await?.len(), 1, "the draft's own city finds it");
    assert!(found(&phnom_penh, "bo song huong").await?.is_empty());
    assert!(found(&app.visitor().await?, "bo song huong").await?.is_empty());
    assert_eq!(found(&app.signed_in("coordinator@mekong.example").await?, "bo song huong").await?.len(), 1);
    Ok(())
}

async fn the_page_marks_matches_and_escapes_what_was_typed(app: TestApp) -> anyhow::Result<()> {
    let (status, page) = app.get_text("/search?q=phnom+penh").await?;
    assert_eq!(status, 200);
    assert!(page.contains("<mark>"), "matches are marked");
    let (status, page) = app.get_text("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").await?;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert"), "the query is escaped");
    assert!(page.contains("alert(1)"), "what was typed is kept in the box");
    let (_, home) = app.get_text("/").await?;
    assert!(home.contains(r#"action="/search""#), "the header has the search box");
    Ok(())
}

async fn people_are_found_by_their_organisations_new_name(app: TestApp) -> anyhow::Result<()> {
    let actor = Actor::command_line();
    let people = app.app.people(&actor, &PeopleFilter::default(), 1).await?.items;
    let person =
        people.iter().find(|p| !p.affiliations.is_empty()).ok_or_else(|| anyhow::anyhow!("an affiliated person"))?;
    let organisation = app.app.organisation(&actor, person.affiliations[0].organisation).await?.organisation;
    let mut draft = OrganisationDraft::of(&organisation);
    draft.name_fr = "Coopérative des riziculteurs de Kampot".into();
    draft.name_en = "Kampot Rice Growers Cooperative".into();
    app.app.update_organisation(&actor, organisation.id, organisation.version, &draft).await?;

    let found = app.app.search(&actor, &request("riziculteurs kampot")).await?;
    let paths: Vec<&str> = found.items.iter().map(|item| item.path.as_str()).collect();
    assert!(paths.contains(&format!("/people/{}", person.id).as_str()), "{paths:?}");
    assert!(paths.contains(&format!("/organisations/{}", organisation.id).as_str()), "{paths:?}");
    Ok(())
}

async fn a_published_practices_new_translation_is_found_by_its_city_not_the_public(app: TestApp) -> anyhow::Result<()> {
    let phnom_penh = app.signed_in(FOCAL_PNH).await?;
    let coordinator = app.signed_in(COORDINATOR).await?;
    let hue = app.signed_in(FOCAL_HUE).await?;
    let public = app.visitor().await?;
    let href = phnom_penh_writes(&phnom_penh, "Vermicompostage dans les écoles", "needs_review").await?;
    assert_eq!(review(&coordinator, &href, "fr", "publish", "").await?.status(), 303);
    // The Khmer draft's title names the practice as the French one does, so that one query
    // matches both the published entry and the drafts entry.
    let khmer_title = "Vermicompostage ការធ្វើជីដង្កូវនៅសាលារៀន";
    assert_eq!(write_version(&phnom_penh, &href, "km", khmer_title, "draft").await?.status(), 303);

    let draft_words = "ជីដង្កូវ";
    assert!(finds(&phnom_penh, draft_words, &href).await?, "its city finds the draft translation");
    assert!(finds(&coordinator, draft_words, &href).await?, "so does the coordinator");
    assert!(!finds(&hue, draft_words, &href).await?, "another city does not");
    assert!(!finds(&public, draft_words, &href).await?, "nor does the public");
    for reader in [&public, &hue, &phnom_penh, &coordinator] {
        assert!(finds(reader, "vermicompostage", &href).await?, "the published version is found by all");
    }
    let (_, page) = phnom_penh.get_text("/search?q=vermicompostage").await?;
    assert_eq!(page.matches(&format!("href=\"{href}\"")).count(), 1, "listed once though both entries match");
    let (_, page) = public.get_text("/search?q=vermicompostage").await?;
    assert!(!page.contains("ការធ្វើជីដង្កូវ"), "the public never reads the draft, not even in a snippet");

    // Published in turn: one entry, for everyone.
    assert_eq!(review(&coordinator, &href, "km", "publish", "").await?.status(), 303);
    assert!(finds(&public, draft_words, &href).await?);
    let (_, page) = phnom_penh.get_text("/search?q=vermicompostage").await?;
    assert_eq!(page.matches(&format!("href=\"{href}\"")).count(), 1);
    Ok(())
}
