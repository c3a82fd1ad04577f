//! The directory: organisations and people, search across accents and scripts, rights of focal
//! points and partners, duplicates and merges, consent and mailing lists, imports that are all
//! or nothing, exports parsed back, prospects, and the map.

use mekong_testkit::page::between;
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(
    search_ignores_accents_and_filters_combine,
    focal_points_edit_their_own_city_only,
    partners_see_contact_details_only_when_shared,
    look_alikes_are_caught_and_merged_keeping_every_link,
    withdrawing_consent_removes_someone_from_every_mailing_list,
    an_import_with_one_bad_row_imports_nothing,
    exports_parse_back,
    overdue_prospects_are_listed_first,
    the_map_links_every_member_city,
    a_stale_organisation_edit_is_a_conflict,
    search_in_lao_script_finds_vientianes_records,
    organisations_are_imported_through_the_page_after_mapping_their_columns,
    a_page_of_the_directory_asked_again_shows_the_last_write,
);

const ADMIN: &str = "admin@mekong.example";
const COORDINATOR: &str = "coordinator@mekong.example";

async fn json(session: &HttpSession, path: &str) -> anyhow::Result<serde_json::Value> {
    Ok(session.get(path).await?.json().await?)
}

fn names(page: &serde_json::Value, field: &str) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i[field].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

async fn search_ignores_accents_and_filters_combine(app: TestApp) -> anyhow::Result<()> {
    let visitor = app.visitor().await?;
    for query in ["hue", "HUE", "Huế", "hué"] {
        let page = json(&visitor, &format!("/api/v1/organisations?q={query}")).await?;
        assert_eq!(names(&page, "name_local"), ["Huế"], "{query}");
    }
    let lao = json(&visitor, "/api/v1/organisations?country=LA&kind=local_authority").await?;
    assert_eq!(lao["total"], 2);
    let khmer = json(&visitor, "/api/v1/organisations?q=%E1%9E%97%E1%9F%92%E1%9E%93%E1%9F%86").await?;
    assert_eq!(names(&khmer, "name_en"), ["Phnom Penh"], "search in Khmer script");
    let funders = json(&visitor, "/api/v1/organisations?kind=funder&theme=climate_change").await?;
    assert_eq!(funders["total"], 1);
    let (status, html) = visitor.get_text("/organisations?q=vientiane&language=lo").await?;
    assert_eq!(status, 200);
    assert!(html.contains("ວຽງຈັນ"));
    let people = visitor.get("/people").await?;
    assert_eq!(people.status(), 303, "the public does not see people");
    let far = visitor.get("/organisations?page=200000000000000000").await?;
    assert_eq!(far.status(), 200, "an absurd page number is no crash");
    // A name search counts its matches with its page; a page past the last still says how many.
    let searched = json(&visitor, "/api/v1/organisations?q=ville").await?;
    let total = searched["total"].as_u64().unwrap_or_default();
    assert!(total > 0 && names(&searched, "name_en").len() as u64 == total.min(50), "{searched}");
    let filter = mekong_core::people::OrganisationFilter { text: "ville".into(), ..Default::default() };
    let beyond = app.app.organisations(&mekong_app::policy::Actor::command_line(), &filter, 7).await?;
    assert_eq!((beyond.total, beyond.items.len()), (total, 0));
    Ok(())
}

/// The id of the organisation of a member city.
async fn city_organisation(session: &HttpSession, name: &str) -> anyhow::Result<String> {
    let page = json(session, &format!("/api/v1/organisations?q={name}&kind=local_authority")).await?;
    page["items"][0]["id"].as_str().map(str::to_owned).ok_or_else(|| anyhow::anyhow!("{name}"))
}

async fn focal_points_edit_their_own_city_only(app: TestApp) -> anyhow::Result<()> {
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let phnom_penh = city_organisation(&focal, "phnom").await?;
    let hue = city_organisation(&focal, "hue").await?;
    let own = focal.get_text(&format!("/organisations/{phnom_penh}/edit")).await?;
    assert_eq!(own.0, 200);
    let version =
        own.1.split("name=\"version\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("0").to_owned();
    let edit = |city: &'static str| {
        let (focal, version) = (&focal, version.clone());
        let path = format!("/organisations/{phnom_penh}");
        async move {
            let fields = [
                ("version", version.as_str()),
                ("kind", "local_authority"),
                ("name_fr", "Phnom Penh"),
                ("name_local", "ភ្នំពេញ"),
                ("country", "KH"),
                ("website", "https://phnompenh.gov.kh"),
                ("themes", "heritage, urban_resilience"),
                ("city", city),
            ];
            focal.post_form(&path, &fields).await
        }
    };
    // A focal point cannot move the record to another city, and is told so (it used to be
    // silently undone while the rest was saved).
    let moved = edit("VN-HUI").await?;
    assert_eq!(moved.status(), 422);
    assert!(moved.text().await?.contains("id=\"city-error\""), "the refusal is next to the city");
    assert_eq!(edit("KH-PNH").await?.status(), 303);
    let org = json(&focal, &format!("/api/v1/organisations/{phnom_penh}")).await?;
    assert_eq!(org["website"], "https://phnompenh.gov.kh");
    assert_eq!(org["city"], "KH-PNH");
    let (_, own_page) = focal.get_text(&format!("/organisations/{phnom_penh}")).await?;
    assert!(own_page.contains("table class=\"audit\""), "its history, with the edit just made");
    let (_, other_page) = focal.get_text(&format!("/organisations/{hue}")).await?;
    assert!(!other_page.contains("table class=\"audit\""), "no history of another city's record");
    assert_eq!(focal.get(&format!("/organisations/{hue}/edit")).await?.status(), 403);
    let other = focal
        .post_form(
            &format!("/organisations/{hue}"),
            &[("version", "1"), ("kind", "local_authority"), ("name_fr", "x"), ("country", "VN")],
        )
        .await?;
    assert_eq!(other.status(), 403);

    let own_person = focal
        .post_form(
            "/people",
            &[("name_romanised", "Keo Dara"), ("organisation", &phnom_penh), ("emails", "dara@pp.example")],
        )
        .await?;
    assert_eq!(own_person.status(), 303, "a person of their own city");
    let elsewhere = focal.post_form("/people", &[("name_romanised", "Tran Binh"), ("organisation", &hue)]).await?;
    assert_eq!(elsewhere.status(), 403, "not of another city");
    let invalid = focal
        .post_form("/people", &[("name_romanised", ""), ("emails", "nope"), ("consent_given_on", "31/12/2025")])
        .await?;
    assert_eq!(invalid.status(), 422);
    let page = invalid.text().await?;
    assert!(
        page.contains("id=\"emails-error\"") && page.contains("id=\"name_romanised-error\""),
        "errors next to the fields"
    );
    Ok(())
}

async fn partners_see_contact_details_only_when_shared(app: TestApp) -> anyhow::Result<()> {
    // The coordinator asks first: the page is kept as found, and the partner's copy of it is
    // still cut to what partners may see.
    let coordinator = app.signed_in(COORDINATOR).await?;
    let staff_list = json(&coordinator, "/api/v1/people").await?;
    let emails: Vec<String> = staff_list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["emails"][0].as_str().map(str::to_owned))
        .collect();
    assert!(emails.iter().any(|e| e == "sokha.demo@mekong.example"), "{emails:?}");
    let partner = app.signed_in("partner@mekong.example").await?;
    let people = json(&partner, "/api/v1/people").await?;
    let items = people["items"].as_array().cloned().unwrap_or_default();
    let sokha =
        items.iter().find(|p| p["name_romanised"] == "Chan Sokha (demo)").ok_or_else(|| anyhow::anyhow!("Sokha"))?;
    assert_eq!(sokha["emails"], serde_json::json!([]), "did not agree to share with partners");
    let an =
        items.iter().find(|p| p["name_romanised"] == "Nguyen Van An (demo)").ok_or_else(|| anyhow::anyhow!("An"))?;
    assert_eq!(an["emails"], serde_json::json!(["an.demo@mekong.example"]));
    let id = sokha["id"].as_str().unwrap_or_default();
    let (status, page) = partner.get_text(&format!("/people/{id}")).await?;
    assert_eq!(status, 200);
    assert!(!page.contains("sokha.demo@mekong.example"));
    let (_, staff_view) = coordinator.get_text(&format!("/people/{id}")).await?;
    assert!(staff_view.contains("sokha.demo@mekong.example"));
    assert!(staff_view.contains("Cette personne a un compte Mekong."), "the focal point is linked to their account");
    let evaluator = app.signed_in("evaluator@mekong.example").await?;
    assert_eq!(
        evaluator.get("/api/v1/people").await?.status(),
        403,
        "evaluators see calls, not the directory's people"
    );
    Ok(())
}

async fn look_alikes_are_caught_and_merged_keeping_every_link(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let aimf = json(&coordinator, "/api/v1/organisations?q=maires").await?["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let fields = [
        ("name_romanised", "CHAN SOKHA (demo)"),
        ("emails", "sokha.personal@mekong.example"),
        ("phones", "+855 12 345 678"),
        ("organisation", aimf.as_str()),
    ];
    let first = coordinator.post_form("/people", &fields).await?;
    assert_eq!(first.status(), 409, "same name, accents and case aside");
    assert!(first.text().await?.contains("Chan Sokha (demo)"));
    let mut confirmed = fields.to_vec();
    confirmed.push(("keep_both", "yes"));
    let created = coordinator.post_form("/people", &confirmed).await?;
    assert_eq!(created.status(), 303);
    let duplicate = created.headers()["location"].to_str()?.trim_start_matches("/people/").to_owned();
    let people = json(&coordinator, "/api/v1/people?q=sokha").await?;
    assert_eq!(people["total"], 2);
    let original = people["items"]
        .as_array()
        .and_then(|i| i.iter().find(|p| p["id"] != duplicate.as_str()))
        .and_then(|p| p["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    let (_, page) = coordinator.get_text(&format!("/people/{original}")).await?;
    assert!(page.contains(&format!("value=\"{duplicate}\"")), "the look-alike is offered for merging");
    let merged = coordinator.post_form(&format!("/people/{original}/merge"), &[("duplicate", &duplicate)]).await?;
    assert_eq!(merged.status(), 303);
    let people = json(&coordinator, "/api/v1/people?q=sokha").await?;
    assert_eq!(people["total"], 1);
    let person = &people["items"][0];
    assert_eq!(person["emails"], serde_json::json!(["sokha.demo@mekong.example", "sokha.personal@mekong.example"]));
    assert_eq!(person["phones"], serde_json::json!(["+855 12 345 678"]));
    assert_eq!(person["organisations"].as_array().map(Vec::len), Some(2), "both affiliations kept");
    let admin = app.signed_in(ADMIN).await?;
    let (_, trail) = admin.get_text(&format!("/admin/audit?entity_type=person&entity_id={duplicate}")).await?;
    assert!(trail.contains("Record merged into another"), "the merge is in the trail");
    Ok(())
}

async fn withdrawing_consent_removes_someone_from_every_mailing_list(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let saved = coordinator.post_form("/mailing-lists", &[("name", "Focal points"), ("focal_points", "yes")]).await?;
    assert_eq!(saved.status(), 303);
    let list = saved.headers()["location"].to_str()?.to_owned();
    let (_, recipients) = coordinator.get_text(&list).await?;
    assert!(recipients.contains("Somphone Keo (demo)") && recipients.contains("Chan Sokha (demo)"));
    let people = json(&coordinator, "/api/v1/people?q=somphone").await?;
    let id = people["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(coordinator.post_form(&format!("/people/{id}/consent/withdraw"), &[]).await?.status(), 303);
    let (_, recipients) = coordinator.get_text(&list).await?;
    assert!(!recipients.contains("Somphone Keo (demo)"), "left out once consent is withdrawn");
    assert!(recipients.contains("Chan Sokha (demo)"));
    let again = coordinator.post_form(&format!("/people/{id}/consent/withdraw"), &[]).await?;
    assert_eq!(again.status(), 422, "nothing left to withdraw");
    let unnamed = coordinator.post_form("/mailing-lists", &[("name", " ")]).await?;
    assert_eq!(unnamed.status(), 422);
    Ok(())
}

/// Uploads a file to the import page as a browser's multipart form would.
async fn upload(session: &HttpSession, kind: &str, name: &str, bytes: Vec<u8>) -> anyhow::Result<reqwest::Response> {
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", session.cookie("mekong_csrf").unwrap_or_default())
        .text("kind", kind.to_owned())
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    Ok(session.client.post(session.url("/directory/import")).multipart(form).send().await?)
}

fn hidden(page: &str, name: &str) -> String {
    page.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

async fn an_import_with_one_bad_row_imports_nothing(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let before = json(&coordinator, "/api/v1/people").await?["total"].as_u64().unwrap_or_default();
    let csv = "Nom;Courriel;Organisation;Pays;Sexe\nSouk Phan;souk@vte.example;Vientiane;LA;male\nLy Meng;not-an-email;Phnom Penh;KH;female\nHoa Tran;hoa@hue.example;Hué;VN;female\n";
    let preview = upload(&coordinator, "people", "people.csv", csv.as_bytes().to_vec()).await?;
    assert_eq!(preview.status(), 200);
    let page = preview.text().await?;
    assert!(page.contains("<td>3</td>"), "the bad row, by its spreadsheet number");
    assert!(page.contains("Adresse électronique invalide"), "in the coordinator's French");
    assert!(!page.contains("formaction=\"/directory/import/commit\""), "no commit while a row is wrong");
    let upload_id = hidden(&page, "upload");
    let mapping = [
        ("map_0", "name_romanised"),
        ("map_1", "emails"),
        ("map_2", "organisation"),
        ("map_3", "country"),
        ("map_4", "sex"),
    ];
    let mut fields = vec![("upload", upload_id.as_str()), ("kind", "people"), ("columns", "5")];
    fields.extend(mapping);
    let refused = coordinator.post_form("/directory/import/commit", &fields).await?;
    assert_eq!(refused.status(), 422);
    let after = json(&coordinator, "/api/v1/people").await?["total"].as_u64().unwrap_or_default();
    assert_eq!(after, before, "nothing imported");

    let fixed = csv.replace("not-an-email", "meng@pp.example");
    let workbook = mekong_docs::write_xlsx(&mekong_docs::read_table(fixed.as_bytes())?, "People")?;
    let preview = upload(&coordinator, "people", "people.xlsx", workbook).await?.text().await?;
    assert!(preview.contains("formaction=\"/directory/import/commit\""));
    let upload_id = hidden(&preview, "upload");
    let mut fields = vec![("upload", upload_id.as_str()), ("kind", "people"), ("columns", "5")];
    fields.extend(mapping);
    let done = coordinator.post_form("/directory/import/commit", &fields).await?;
    assert_eq!(done.status(), 200);
    let twice = coordinator.post_form("/directory/import/commit", &fields).await?;
    assert_eq!(twice.status(), 422, "a second commit of the same upload imports nothing");
    let after = json(&coordinator, "/api/v1/people").await?["total"].as_u64().unwrap_or_default();
    assert_eq!(after, before + 3);
    let hoa = json(&coordinator, "/api/v1/people?q=hoa%20tran").await?;
    assert_eq!(
        hoa["items"][0]["organisations"].as_array().map(Vec::len),
        Some(1),
        "linked to Huế by its name, accents aside"
    );

    let again = upload(
        &coordinator,
        "people",
        "people.xlsx",
        mekong_docs::write_xlsx(&mekong_docs::read_table(fixed.as_bytes())?, "People")?,
    )
    .await?;
    let again = again.text().await?;
    assert!(
        again.contains("souk phan") && again.contains("name=\"skip_duplicates\""),
        "the same file again: every row is a look-alike"
    );
    let garbage = upload(&coordinator, "people", "x.csv", vec![0xff, 0xfe, 0x00]).await?;
    assert_eq!(garbage.status(), 422);
    Ok(())
}

async fn exports_parse_back(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let xlsx = coordinator.get("/people.xlsx?focal_points=yes").await?.bytes().await?;
    let table = mekong_docs::read_table(&xlsx)?;
    assert_eq!(table.headers[1], "name_romanised");
    assert_eq!(table.rows.len(), 3, "the three demo focal points");
    assert!(table.rows.iter().any(|r| r.contains(&"ສົມພອນ ແກ້ວ (demo)".to_owned())), "Lao survives the round trip");
    let csv = coordinator.get("/organisations.csv?country=VN").await?.bytes().await?;
    let orgs = mekong_docs::read_table(&csv)?;
    assert!(orgs.rows.iter().any(|r| r.contains(&"Huế".to_owned())));
    let vcf = coordinator.get("/people.vcf?country=KH").await?.text().await?;
    assert_eq!(vcf.matches("BEGIN:VCARD").count(), 1, "Cambodia's one demo person: {vcf}");
    assert!(vcf.contains("FN:Chan Sokha (demo)"));
    let partner = app.signed_in("partner@mekong.example").await?;
    assert_eq!(partner.get("/people.csv").await?.status(), 403, "personal data exports are for staff");
    Ok(())
}

async fn overdue_prospects_are_listed_first(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let (_, page) = coordinator.get_text("/prospects").await?;
    let overdue = page.split("id=\"overdue-heading\"").nth(1).unwrap_or_default();
    assert!(
        overdue.contains("ONU-Habitat") && overdue.contains("Send the draft memorandum"),
        "in the coordinator's French"
    );
    let id = hidden(&page.replace("action=\"/prospects/", "name=\"prospect\" value=\""), "prospect");
    let organisation = hidden(&page, "organisation");
    let version = hidden(&page, "version");
    let signed = coordinator
        .post_form(
            &format!("/prospects/{id}"),
            &[
                ("organisation", &organisation),
                ("stage", "agreement_signed"),
                ("version", &version),
                ("next_action", ""),
                ("due_on", "2026-11-01"),
            ],
        )
        .await?;
    assert_eq!(signed.status(), 303);
    let (_, page) = coordinator.get_text("/prospects").await?;
    assert!(!page.contains("id=\"overdue-heading\""), "a signed agreement is never overdue");
    let bad = coordinator
        .post_form("/prospects", &[("organisation", "nowhere"), ("stage", "identified"), ("due_on", "soon")])
        .await?;
    assert_eq!(bad.status(), 422);
    Ok(())
}

async fn the_map_links_every_member_city(app: TestApp) -> anyhow::Result<()> {
    let (status, page) = app.get_in("km", "/map").await?;
    assert_eq!(status, 200);
    let svg = page.split("<svg").nth(1).and_then(|s| s.split("</svg>").next()).unwrap_or_default();
    assert_eq!(svg.matches("<a href=\"/cities/").count(), 11, "each city linked on the map");
    assert!(page.contains("<title id=\"map-title\">") && page.contains("ភ្នំពេញ"));
    let geojson: serde_json::Value = reqwest::get(app.url("/api/v1/cities.geojson")).await?.json().await?;
    assert_eq!(geojson["type"], "FeatureCollection");
    assert_eq!(geojson["features"].as_array().map(Vec::len), Some(11));
    assert_eq!(geojson["features"][0]["geometry"]["type"], "Point");
    Ok(())
}

async fn a_stale_organisation_edit_is_a_conflict(app: TestApp) -> anyhow::Result<()> {
    let one = app.signed_in(COORDINATOR).await?;
    let two = app.signed_in("secretariat@mekong.example").await?;
    let id = city_organisation(&one, "vientiane").await?;
    let form = one.get_text(&format!("/organisations/{id}/edit")).await?.1;
    let version = hidden(&form, "version");
    let fields = |name: &'static str| {
        vec![
            ("version", version.clone()),
            ("kind", "local_authority".into()),
            ("name_fr", name.into()),
            ("country", "LA".into()),
        ]
    };
    let first: Vec<(&str, String)> = fields("Vientiane (1)");
    let first: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(one.post_form(&format!("/organisations/{id}"), &first).await?.status(), 303);
    let second: Vec<(&str, String)> = fields("Vientiane (2)");
    let second: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let stale = two.post_form(&format!("/organisations/{id}"), &second).await?;
    assert_eq!(stale.status(), 409);
    let page = stale.text().await?;
    assert!(page.contains("value=\"Vientiane (2)\""), "what was typed is kept in the form");
    assert!(page.contains("id=\"conflict\"") && page.contains("<td>Vientiane (1)</td>"), "beside the saved version");
    let org = json(&one, &format!("/api/v1/organisations/{id}")).await?;
    assert_eq!(org["name_fr"], "Vientiane (1)", "not overwritten");
    Ok(())
}

async fn search_in_lao_script_finds_vientianes_records(app: TestApp) -> anyhow::Result<()> {
    let visitor = app.visitor().await?;
    // ວຽງຈັນ is Vientiane; ຫຼວງພະບາງ (Luang Prabang), also in Lao script, must not match.
    let found = json(&visitor, "/api/v1/organisations?q=ວຽງຈັນ").await?;
    assert_eq!(names(&found, "name_en"), ["Vientiane"], "{found}");
    assert_eq!(names(&found, "name_local"), ["ວຽງຈັນ"]);
    let (status, page) =
        visitor.get_text("/organisations?q=%E0%BA%A7%E0%BA%BD%E0%BA%87%E0%BA%88%E0%BA%B1%E0%BA%99").await?;
    assert_eq!(status, 200);
    assert!(page.contains("ວຽງຈັນ") && !page.contains("ຫຼວງພະບາງ"), "only Vientiane listed");
    let (status, page) = visitor.get_text("/cities/LA-VTE").await?;
    assert_eq!(status, 200);
    assert!(page.contains("ວຽງຈັນ"));
    // People found by their Lao name, part of it too.
    let coordinator = app.signed_in(COORDINATOR).await?;
    for query in ["ສົມພອນ ແກ້ວ", "ສົມພອນ"] {
        let people = json(&coordinator, &format!("/api/v1/people?q={query}")).await?;
        assert_eq!(names(&people, "name_romanised"), ["Somphone Keo (demo)"], "{query}");
    }
    let nobody = json(&coordinator, "/api/v1/people?q=ວຽງຈັນ").await?;
    assert_eq!(nobody["total"], 0, "no demo person is named for Vientiane");
    Ok(())
}

async fn organisations_are_imported_through_the_page_after_mapping_their_columns(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    coordinator.post_form("/language", &[("lang", "en")]).await?;
    let before = json(&coordinator, "/api/v1/organisations").await?["total"].as_u64().unwrap_or_default();
    // "Pays" is a known name for the country; the other three columns are not.
    let csv = "Appellation;Pays;Genre;Site\nInstitut du Mékong;LA;university;https://institut.example\n\
               Fondation Tonlé;KH;ngo;https://fondation.example\n";
    let preview = upload(&coordinator, "organisations", "partners.csv", csv.as_bytes().to_vec()).await?;
    assert_eq!(preview.status(), 200);
    let page = preview.text().await?;
    assert_eq!(hidden(&page, "columns"), "4", "one choice per column");
    assert_eq!(mapped_field(&page, 1), "country", "Pays is recognised");
    for column in [0, 2, 3] {
        assert_eq!(mapped_field(&page, column), "", "column {column} is left for the reader to map");
    }
    assert!(!page.contains("formaction=\"/directory/import/commit\""), "no commit while rows lack a name");
    // The reader maps the columns and checks again: every row is fine now.
    let upload_id = hidden(&page, "upload");
    let mapping = [
        ("upload", upload_id.as_str()),
        ("kind", "organisations"),
        ("columns", "4"),
        ("map_0", "name_fr"),
        ("map_1", "country"),
        ("map_2", "kind"),
        ("map_3", "website"),
    ];
    let checked = coordinator.post_form("/directory/import/preview", &mapping).await?;
    assert_eq!(checked.status(), 200);
    let page = checked.text().await?;
    assert_eq!(mapped_field(&page, 0), "name_fr", "the mapping is kept");
    assert_eq!(mapped_field(&page, 3), "website");
    assert!(page.contains("formaction=\"/directory/import/commit\""), "ready to commit");
    assert_eq!(json(&coordinator, "/api/v1/organisations").await?["total"].as_u64(), Some(before), "nothing yet");
    let done = coordinator.post_form("/directory/import/commit", &mapping).await?;
    assert_eq!(done.status(), 200);
    assert!(done.text().await?.contains("href=\"/organisations\""));
    assert_eq!(json(&coordinator, "/api/v1/organisations").await?["total"].as_u64(), Some(before + 2));
    let institute = json(&coordinator, "/api/v1/organisations?q=institut%20du%20mekong").await?;
    assert_eq!(institute["total"], 1);
    let record = &institute["items"][0];
    assert_eq!(record["kind"], "university");
    assert_eq!(record["country"], "LA");
    assert_eq!(record["website"], "https://institut.example");
    // The export carries them, in the import's layout, ready to come back.
    let table = mekong_docs::read_table(&coordinator.get("/organisations.xlsx?q=tonle").await?.bytes().await?)?;
    assert_eq!(table.headers.get(2).map(String::as_str), Some("name_fr"));
    assert!(table.rows.iter().any(|r| r.contains(&"Fondation Tonlé".to_owned())), "{:?}", table.rows);
    Ok(())
}

/// The field chosen for a column on the import's preview page (empty: the column is ignored).
fn mapped_field(page: &str, column: usize) -> String {
    let select = between(page, &format!("name=\"map_{column}\">"), "</select>");
    select
        .split("<option value=\"")
        .find(|option| option.contains("\" selected>"))
        .and_then(|option| option.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// A page of the directory is kept between readers until the next write: the same search asked
/// again after a person is added or an organisation renamed shows the change, on the page and in
/// the API.
async fn a_page_of_the_directory_asked_again_shows_the_last_write(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    assert_eq!(json(&coordinator, "/api/v1/people?q=sophal").await?["total"], 0);
    let (_, empty) = coordinator.get_text("/people?q=sophal").await?;
    assert!(!empty.contains("Keo Sophal"));
    let vientiane = city_organisation(&coordinator, "vientiane").await?;
    let added =
        coordinator.post_form("/people", &[("name_romanised", "Keo Sophal"), ("organisation", &vientiane)]).await?;
    assert_eq!(added.status(), 303);
    assert_eq!(names(&json(&coordinator, "/api/v1/people?q=sophal").await?, "name_romanised"), ["Keo Sophal"]);
    let (_, found) = coordinator.get_text("/people?q=sophal").await?;
    assert!(found.contains("Keo Sophal"), "the page asked before the write is not served again");

    assert_eq!(json(&coordinator, "/api/v1/organisations?q=capitale").await?["total"], 0);
    let form = coordinator.get_text(&format!("/organisations/{vientiane}/edit")).await?.1;
    let version = hidden(&form, "version");
    let renamed = coordinator
        .post_form(
            &format!("/organisations/{vientiane}"),
            &[
                ("version", version.as_str()),
                ("kind", "local_authority"),
                ("name_fr", "Vientiane Capitale"),
                ("country", "LA"),
            ],
        )
        .await?;
    assert_eq!(renamed.status(), 303);
    let listed = json(&coordinator, "/api/v1/organisations?q=capitale").await?;
    assert_eq!(names(&listed, "name_fr"), ["Vientiane Capitale"]);
    let (_, page) = coordinator.get_text("/organisations?q=capitale").await?;
    assert!(page.contains("Vientiane Capitale"));
    Ok(())
}
