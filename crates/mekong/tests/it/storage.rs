//! What the store promises beyond one request: two processes writing the same SQLite file
//! queue instead of failing; codes are unique inside the transaction that writes them; a save
//! from an older version of a record is a conflict that shows both versions and keeps the input.

use mekong_app::policy::Actor;
use mekong_core::ids::{PeriodId, ProgrammeId};
use mekong_core::results::Period;
use mekong_testkit::page::{between, form_version, location};
use mekong_testkit::{HttpSession, TestApp, TestBackend, backend_tests};
use std::process::Command;

backend_tests!(
    period_codes_stay_unique_when_two_are_saved_at_once,
    locking_a_period_from_an_older_page_is_a_conflict,
    a_stale_logframe_entry_edit_shows_both_versions_and_keeps_the_input,
    an_agenda_session_edited_from_an_older_version_is_a_conflict,
    merging_two_people_moves_their_event_participations_to_the_one_kept,
    stale_saves_of_plans_prospects_minutes_travel_lists_and_rates_keep_the_input,
    mekong_check_names_a_stored_record_that_would_lose_a_field,
);

mod previous_release {
    use super::*;
    use mekong_testkit::TestDatabase;

    /// The release before this one, as `mekong serve --demo` left it with a few records added
    /// through its pages by `fixtures/populate_previous_release.py` (minutes, a follow-up, a
    /// programme with a period and an entry): `previous-release.sqlite.gz` is its SQLite file,
    /// `previous-release.pg.sql.gz` a `pg_dump --inserts` of the same on PostgreSQL (psql's
    /// `\restrict` lines removed). Made again at each release, from the release's own binary.
    const SQLITE: &[u8] = include_bytes!("fixtures/previous-release.sqlite.gz");
    const POSTGRES: &[u8] = include_bytes!("fixtures/previous-release.pg.sql.gz");

    fn gunzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out)?;
        Ok(out)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() -> anyhow::Result<()> {
        let database = TestDatabase::create(&TestBackend::Sqlite).await?;
        std::fs::write(database.data_dir.path().join("mekong.sqlite"), gunzip(SQLITE)?)?;
        let app = TestApp::start_on(database).await?;
        every_record_reads(&app).await?;
        assert!(app.app.verify_audit_chain().await?.is_ok(), "SQLite kept what the old hashes covered");
        Ok(())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() -> anyhow::Result<()> {
        let Some(backend) = TestBackend::postgres()? else { return Ok(()) };
        let database = TestDatabase::create(&backend).await?;
        let dump = String::from_utf8(gunzip(POSTGRES)?)?;
        let connection = sea_orm::Database::connect(database.url.as_str()).await?;
        sea_orm::ConnectionTrait::execute_unprepared(&connection, &dump).await?;
        connection.close().await?;
        let app = TestApp::start_on(database).await?;
        every_record_reads(&app).await?;
        // The previous release hashed instants to the nanosecond, which PostgreSQL does not keep:
        // its entries verify once re-sealed by the explicit, audited command.
        assert!(app.app.verify_audit_chain().await?.is_err(), "entries of the old hashing do not verify here");
        app.app.reseal_audit_chain(&Actor::command_line(), None).await?;
        assert!(app.app.verify_audit_chain().await?.is_ok(), "re-sealed, the chain verifies");
        Ok(())
    }
}

/// Every page that reads a stored record answers, after the migrations of this release ran on
/// a database of the previous one.
async fn every_record_reads(app: &TestApp) -> anyhow::Result<()> {
    let admin = app.signed_in("admin@mekong.example").await?;
    let mut pages = vec!["/events".to_owned(), "/people".into(), "/organisations".into(), "/results".into()];
    pages.push("/admin/per-diem-rates".into());
    let events: serde_json::Value = admin.get("/api/v1/events").await?.json().await?;
    for event in events.as_array().into_iter().flatten() {
        pages.push(format!("/events/{}", event["id"].as_str().unwrap_or_default()));
    }
    let actor = Actor::command_line();
    for programme in app.app.programmes(&actor).await? {
        let code = &programme.code;
        pages.extend([
            format!("/results/{code}"),
            format!("/results/{code}/logframe"),
            format!("/results/{code}/periods"),
            format!("/results/{code}/plan"),
        ]);
        pages.extend((1..=programme.approved_version).map(|v| format!("/results/{code}/versions/{v}")));
        let logframe = app.app.logframe(&actor, code).await?;
        pages.extend(logframe.indicators.iter().map(|i| format!("/results/{code}/indicators/{}", i.id)));
        for period in &logframe.periods {
            pages.push(format!("/results/{code}/periods/{}/network", period.id));
            pages.extend(["KH-PNH", "VN-HUI"].map(|city| format!("/results/{code}/periods/{}/{city}", period.id)));
        }
    }
    let people: serde_json::Value = admin.get("/api/v1/people").await?.json().await?;
    for person in people["items"].as_array().into_iter().flatten() {
        pages.push(format!("/people/{}", person["id"].as_str().unwrap_or_default()));
    }
    assert!(pages.len() > 40, "the previous release's demo is there: {} pages", pages.len());
    for page in &pages {
        let (status, body) = admin.get_text(page).await?;
        assert_eq!(status, 200, "{page}: {body}");
    }
    let workshop = demo_workshop(&admin).await?;
    let (_, page) = admin.get_text(&format!("/events/{workshop}")).await?;
    assert!(
        page.contains("Cities shared their data inventories.") && page.contains("Circulate the inventory template")
    );
    let next = app.app.logframe(&actor, "NEXT").await?;
    assert_eq!((next.periods.len(), next.nodes.len()), (1, 1), "the programme made from the pages");
    assert_eq!(next.periods.first().map(|p| p.version), Some(1), "records from before versions read as version 1");
    let problems = app.app.check_records().await?;
    assert!(problems.is_empty(), "every stored record reads whole: {problems:?}");
    Ok(())
}

/// The demo's upcoming workshop, hosted by Phnom Penh.
async fn demo_workshop(session: &HttpSession) -> anyhow::Result<String> {
    let events: serde_json::Value = session.get("/api/v1/events").await?.json().await?;
    events
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["title"]["en"].as_str().is_some_and(|t| t.contains("urban data standards")))
        .and_then(|e| e["id"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no demo workshop"))
}

async fn period_codes_stay_unique_when_two_are_saved_at_once(app: TestApp) -> anyhow::Result<()> {
    let admin = Actor::command_line();
    let period = || Period {
        id: PeriodId::new(),
        programme: ProgrammeId::default(),
        code: "2030".into(),
        starts: jiff::civil::date(2030, 1, 1),
        ends: jiff::civil::date(2030, 12, 31),
        locked: false,
        version: 1,
    };
    // Both pass the application's check (neither sees the other), so the index decides.
    let (first, second) =
        tokio::join!(app.app.save_period(&admin, "SGA4", period()), app.app.save_period(&admin, "SGA4", period()));
    let outcomes = [first.is_ok(), second.is_ok()];
    assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "exactly one is saved: {outcomes:?}");
    let refused = if first.is_err() { first } else { second };
    match refused {
        Err(mekong_app::AppError::Validation(errors)) => {
            assert_eq!(errors.for_field("code"), Some("error-duplicate"));
        }
        other => anyhow::bail!("expected a field error on the code, got {other:?}"),
    }
    let logframe = app.app.logframe(&admin, "SGA4").await?;
    assert_eq!(logframe.periods.iter().filter(|p| p.code == "2030").count(), 1);
    Ok(())
}

async fn locking_a_period_from_an_older_page_is_a_conflict(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let secretariat = app.signed_in("secretariat@mekong.example").await?;
    let id = mekong_testkit::page::period_id(&coordinator, "SGA4", "2026").await?;
    let (_, page) = coordinator.get_text("/results/SGA4/periods").await?;
    let lock = format!("/results/SGA4/periods/{id}/lock");
    let seen = form_version(&page, &lock);
    assert_eq!(seen, "1");
    let locked = coordinator.post_form(&lock, &[("locked", "yes"), ("version", &seen)]).await?;
    assert_eq!(locked.status(), 303);
    // The secretariat, on the page as it was, asks to open the period the other had just locked.
    let stale = secretariat.post_form(&lock, &[("locked", "no"), ("version", &seen)]).await?;
    assert_eq!(stale.status(), 409);
    let body = stale.text().await?;
    assert!(body.contains("id=\"conflict\""), "the conflict is explained");
    assert_eq!(form_version(&body, &lock), "2", "the form now carries the saved version");
    let logframe = app.app.logframe(&Actor::command_line(), "SGA4").await?;
    let period = logframe.periods.iter().find(|p| p.code == "2026").ok_or_else(|| anyhow::anyhow!("no 2026"))?;
    assert!(period.locked, "the stale request changed nothing");
    // Asking, from an older page, for what is already so is no conflict.
    let same = secretariat.post_form(&lock, &[("locked", "yes"), ("version", &seen)]).await?;
    assert_eq!(same.status(), 303);
    Ok(())
}

/// A draft programme with one logframe entry, made through the pages.
async fn draft_programme_with_an_entry(staff: &HttpSession) -> anyhow::Result<()> {
    let created = staff
        .post_form(
            "/results",
            &[
                ("code", "DRAFT1"),
                ("title_en", "A draft"),
                ("starts", "2028-01-01"),
                ("ends", "2030-12-31"),
                ("currency", "EUR"),
            ],
        )
        .await?;
    assert_eq!(created.status(), 303);
    let entry = staff
        .post_form(
            "/results/DRAFT1/logframe/entries",
            &[("level", "outcome"), ("code", "OC1"), ("title_fr", "Coopération"), ("title_en", "Cooperation")],
        )
        .await?;
    assert_eq!(entry.status(), 303);
    Ok(())
}

async fn a_stale_logframe_entry_edit_shows_both_versions_and_keeps_the_input(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let secretariat = app.signed_in("secretariat@mekong.example").await?;
    draft_programme_with_an_entry(&coordinator).await?;
    let (_, page) = coordinator.get_text("/results/DRAFT1/logframe").await?;
    let action = between(&page, "action=\"/results/DRAFT1/logframe/entries/", "\"");
    let action = format!("/results/DRAFT1/logframe/entries/{action}");
    let seen = form_version(&page, &action);
    assert_eq!(seen, "1");
    let first = coordinator
        .post_form(
            &action,
            &[("version", &seen), ("title_fr", "Coopération"), ("title_en", "Cooperation between cities")],
        )
        .await?;
    assert_eq!(first.status(), 303);
    let second = secretariat
        .post_form(&action, &[("version", &seen), ("title_fr", "Coopération"), ("title_en", "Cities working together")])
        .await?;
    assert_eq!(second.status(), 409);
    let body = second.text().await?;
    assert!(body.contains("id=\"conflict\""));
    assert!(body.contains("Cooperation between cities"), "the saved version is shown");
    assert!(body.contains("value=\"Cities working together\""), "the input is kept in the form");
    assert_eq!(form_version(&body, &action), "2");
    let again = secretariat
        .post_form(&action, &[("version", "2"), ("title_fr", "Coopération"), ("title_en", "Cities working together")])
        .await?;
    assert_eq!(again.status(), 303, "saving again from the saved version replaces it");
    Ok(())
}

async fn an_agenda_session_edited_from_an_older_version_is_a_conflict(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = demo_workshop(&coordinator).await?;
    let (_, page) = coordinator.get_text(&format!("/events/{id}")).await?;
    let edit = format!("/events/{id}/agenda/{}", between(&page, &format!("href=\"/events/{id}/agenda/"), "/edit"));
    let (status, form) = coordinator.get_text(&format!("{edit}/edit")).await?;
    assert_eq!(status, 200);
    let seen = form_version(&form, &edit);
    assert_eq!(seen, "1");
    let session = |title: &'static str, version: String| {
        move |form: reqwest::multipart::Form| {
            form.text("version", version)
                .text("starts", "2026-12-22T09:00")
                .text("ends", "2026-12-22T10:30")
                .text("title", title)
                .text("speakers", "Phnom Penh City Hall")
        }
    };
    let first = coordinator.post_multipart(&edit, session("Opening, with the mayors", seen.clone())).await?;
    assert_eq!(first.status(), 303);
    let stale = coordinator.post_multipart(&edit, session("Opening and welcome", seen)).await?;
    assert_eq!(stale.status(), 409);
    let body = stale.text().await?;
    assert!(body.contains("id=\"conflict\"") && body.contains("Opening, with the mayors"));
    assert!(body.contains("value=\"Opening and welcome\""), "the input is kept");
    assert_eq!(form_version(&body, &edit), "2");
    Ok(())
}

/// People written by the server while the command line imports more: every write lands.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_line_import_queues_behind_the_servers_writes() -> anyhow::Result<()> {
    let app = TestApp::start(TestBackend::Sqlite).await?;
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let data_dir = app.database.data_dir.path().to_path_buf();
    const IMPORTS: usize = 6;
    const PER_FILE: usize = 40;
    const SERVER_WRITES: usize = 60;

    let importer = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<String>> {
        let mut failures = Vec::new();
        for file_number in 0..IMPORTS {
            let file = data_dir.join(format!("people-{file_number}.csv"));
            let rows: String = (0..PER_FILE)
                .map(|row| {
                    format!("Imported {file_number} {row},imported.{file_number}.{row}@lpq.example,Luang Prabang\n")
                })
                .collect();
            std::fs::write(&file, format!("name,email,organisation\n{rows}"))?;
            let output = Command::new(env!("CARGO_BIN_EXE_mekong"))
                .args(["--data-dir", &data_dir.to_string_lossy(), "import", "people", &file.to_string_lossy()])
                .env_remove("MEKONG_DATABASE_URL")
                .output()?;
            if !output.status.success() {
                failures.push(String::from_utf8_lossy(&output.stderr).into_owned());
            }
        }
        Ok(failures)
    });
    let mut statuses = Vec::new();
    for n in 0..SERVER_WRITES {
        let name = format!("Server Writer {n}");
        let response = coordinator
            .post_form("/people", &[("name_romanised", name.as_str()), ("keep_both", "yes"), ("sex", "female")])
            .await?;
        statuses.push(response.status().as_u16());
    }
    let import_failures = importer.await??;
    assert_eq!(import_failures, Vec::<String>::new(), "every import landed");
    assert!(statuses.iter().all(|s| *s == 303), "every page write landed: {statuses:?}");
    let imported: serde_json::Value = coordinator.get("/api/v1/people?q=imported").await?.json().await?;
    assert_eq!(imported["total"], IMPORTS * PER_FILE);
    let written: serde_json::Value = coordinator.get("/api/v1/people?q=server%20writer").await?.json().await?;
    assert_eq!(written["total"], SERVER_WRITES);
    Ok(())
}

async fn created_id(response: reqwest::Response, prefix: &str) -> anyhow::Result<String> {
    let status = response.status();
    let location = location(&response);
    anyhow::ensure!(status == 303, "created: {status}: {}", response.text().await?);
    Ok(location.trim_start_matches(prefix).to_owned())
}

async fn merging_two_people_moves_their_event_participations_to_the_one_kept(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let person = |email: &'static str| {
        [
            ("name_romanised", "Keo Dara"),
            ("emails", email),
            ("consent_basis", "consent"),
            ("consent_given_on", "2026-01-15"),
            ("keep_both", "yes"),
        ]
    };
    let kept = created_id(coordinator.post_form("/people", &person("dara@pp.example")).await?, "/people/").await?;
    let gone = created_id(coordinator.post_form("/people", &person("dara.keo@pp.example")).await?, "/people/").await?;
    let event = |title: &'static str| {
        [
            ("kind", "workshop"),
            ("status", "announced"),
            ("title_en", title),
            ("host_city", "KH-PNH"),
            ("venue", "Phnom Penh City Hall"),
            ("starts", "2027-03-02T09:00"),
            ("ends", "2027-03-02T17:00"),
            ("time_zone", "Asia/Phnom_Penh"),
            ("languages", "fr"),
            ("version", "0"),
        ]
    };
    let both = created_id(coordinator.post_form("/events", &event("Both came")).await?, "/events/").await?;
    let one = created_id(coordinator.post_form("/events", &event("One came")).await?, "/events/").await?;
    for (event, people) in [(&both, vec![&kept, &gone]), (&one, vec![&gone])] {
        let fields: Vec<(&str, &str)> = people.iter().map(|p| ("person", p.as_str())).collect();
        let invited = coordinator.post_form(&format!("/events/{event}/invitations"), &fields).await?;
        assert_eq!(invited.status(), 200, "the outcome is shown");
    }
    let merged = coordinator.post_form(&format!("/people/{kept}/merge"), &[("duplicate", &gone)]).await?;
    assert_eq!(merged.status(), 303);

    let admin = Actor::command_line();
    let people_of = |detail: mekong_app::events::EventDetail| {
        detail.participants.items.into_iter().map(|(p, _)| p.person.map(|id| id.to_string())).collect::<Vec<_>>()
    };
    let everyone = mekong_app::events::ParticipantQuery::default();
    let one_id = mekong_core::ids::EventId(one.parse()?);
    let both_id = mekong_core::ids::EventId(both.parse()?);
    assert_eq!(
        people_of(app.app.event(&admin, one_id, &everyone).await?),
        vec![Some(kept.clone())],
        "moved to the one kept"
    );
    let in_both = people_of(app.app.event(&admin, both_id, &everyone).await?);
    assert_eq!(in_both.len(), 2, "both participations stay: {in_both:?}");
    assert!(in_both.contains(&Some(kept.clone())) && in_both.contains(&None), "an event holds a person once");
    assert!(!in_both.contains(&Some(gone)), "nothing points at the merged record");
    Ok(())
}

/// Posts `fields` twice to `action` from the version `page` carried, typing "first save" then
/// "second save" where the form takes text: the second is stale.
async fn save_twice(
    session: &HttpSession,
    page: &str,
    action: &str,
    fields: impl Fn(&'static str) -> Vec<(&'static str, String)>,
) -> anyhow::Result<String> {
    save_twice_typing(session, page, action, ("first save", "second save"), fields).await
}

/// As `save_twice`, typing `typed.0` then `typed.1`.
async fn save_twice_typing(
    session: &HttpSession,
    page: &str,
    action: &str,
    typed: (&'static str, &'static str),
    fields: impl Fn(&'static str) -> Vec<(&'static str, String)>,
) -> anyhow::Result<String> {
    let seen = form_version(page, action);
    let post = |typed: &'static str| {
        let mut form = fields(typed);
        form.push(("version", seen.clone()));
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            session.post_form(action, &form).await
        }
    };
    assert_eq!(post(typed.0).await?.status(), 303, "{action}");
    let stale = post(typed.1).await?;
    assert_eq!(stale.status(), 409, "{action}");
    let body = stale.text().await?;
    assert!(body.contains("id=\"conflict\"") && body.contains(typed.0), "{action}: the saved version is shown");
    assert!(body.contains(typed.1), "{action}: the input is kept");
    Ok(body)
}

async fn stale_saves_of_plans_prospects_minutes_travel_lists_and_rates_keep_the_input(
    app: TestApp,
) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;

    let (_, page) = coordinator.get_text("/prospects").await?;
    let action = format!("/prospects/{}", between(&page, "action=\"/prospects/", "\""));
    let form = page.split("<form").find(|f| f.contains(&format!("action=\"{action}\""))).unwrap_or_default();
    let organisation = between(form, "name=\"organisation\" value=\"", "\"");
    save_twice(&coordinator, &page, &action, |notes| {
        vec![
            ("organisation", organisation.clone()),
            ("stage", "in_discussion".into()),
            ("next_action", "Call back".into()),
            ("notes", notes.into()),
        ]
    })
    .await?;

    let (_, page) = coordinator.get_text("/results/SGA4/plan").await?;
    let action = format!("/results/SGA4/plan/{}", between(&page, "action=\"/results/SGA4/plan/", "\""));
    let form = page.split("<form").find(|f| f.contains(&format!("action=\"{action}\""))).unwrap_or_default();
    let hidden = |name: &str| between(form, &format!("name=\"{name}\" value=\""), "\"");
    let (title, starts, ends) = (
        hidden("title_fr"),
        between(form, "name=\"starts\" type=\"date\" value=\"", "\""),
        between(form, "name=\"ends\" type=\"date\" value=\"", "\""),
    );
    save_twice(&coordinator, &page, &action, |notes| {
        vec![
            ("title_fr", title.clone()),
            ("starts", starts.clone()),
            ("ends", ends.clone()),
            ("status", "in_progress".into()),
            ("progress_notes", notes.into()),
        ]
    })
    .await?;

    let id = demo_workshop(&coordinator).await?;
    let (_, page) = coordinator.get_text(&format!("/events/{id}")).await?;
    save_twice(&coordinator, &page, &format!("/events/{id}/minutes"), |summary| {
        vec![("summary", summary.into()), ("decisions", "None yet".into())]
    })
    .await?;

    let participant = between(&page, &format!("href=\"/events/{id}/participants/"), "\"");
    let action = format!("/events/{id}/participants/{participant}");
    let (_, page) = coordinator.get_text(&action).await?;
    save_twice(&coordinator, &page, &action, |from| {
        vec![("from", from.into()), ("paid_by", "programme".into()), ("fare", "120".into()), ("currency", "EUR".into())]
    })
    .await?;

    let saved = coordinator.post_form("/mailing-lists", &[("name", "Focal points"), ("focal_points", "yes")]).await?;
    let list = created_id(saved, "").await?;
    let (_, page) = coordinator.get_text(&list).await?;
    save_twice(&coordinator, &page, &list, |name| vec![("name", name.into())]).await?;

    let admin = app.signed_in("admin@mekong.example").await?;
    let (_, page) = admin.get_text("/admin/per-diem-rates").await?;
    let action = format!("/admin/per-diem-rates/{}", between(&page, "action=\"/admin/per-diem-rates/", "\""));
    let form = page.split("<form").find(|f| f.contains(&format!("action=\"{action}\""))).unwrap_or_default();
    let hidden = |name: &str| between(form, &format!("name=\"{name}\" value=\""), "\"");
    let (country, valid_from) = (hidden("country"), between(form, "name=\"valid_from\" type=\"date\" value=\"", "\""));
    save_twice_typing(&admin, &page, &action, ("101.50", "99.25"), |daily| {
        vec![
            ("country", country.clone()),
            ("daily", daily.into()),
            ("currency", "EUR".into()),
            ("valid_from", valid_from.clone()),
        ]
    })
    .await?;
    let problems = app.app.check_records().await?;
    assert!(problems.is_empty(), "records written by this release read whole: {problems:?}");
    Ok(())
}

async fn mekong_check_names_a_stored_record_that_would_lose_a_field(app: TestApp) -> anyhow::Result<()> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let check = || {
        Command::new(env!("CARGO_BIN_EXE_mekong"))
            .args(["--data-dir", &app.database.data_dir.path().to_string_lossy()])
            .args(["--database-url", &app.database.url, "check"])
            .output()
    };
    let clean = check()?;
    assert!(clean.status.success(), "{}", String::from_utf8_lossy(&clean.stderr));
    // A field this release does not know, as a newer release or a hand edit could leave.
    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(backend, "SELECT id, record FROM event_participants LIMIT 1"))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no participant"))?;
    let id: uuid::Uuid = row.try_get("", "id")?;
    let mut record: serde_json::Value = serde_json::from_str(&row.try_get::<String>("", "record")?)?;
    record["travel"]["origin_city"] = "Kampot".into();
    let update = match backend {
        DbBackend::Postgres => "UPDATE event_participants SET record = $1 WHERE id = $2",
        _ => "UPDATE event_participants SET record = ? WHERE id = ?",
    };
    db.execute_raw(Statement::from_sql_and_values(backend, update, [record.to_string().into(), id.into()])).await?;
    db.close().await?;
    let lossy = check()?;
    assert!(!lossy.status.success());
    let stderr = String::from_utf8_lossy(&lossy.stderr);
    assert!(stderr.contains("event_participants: would lose travel.origin_city"), "{stderr}");
    Ok(())
}
