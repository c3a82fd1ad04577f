//! The audit trail: every change recorded in its transaction with before and after, a hash
//! chain that `mekong audit verify` checks on both databases whatever the clock's precision,
//! entries of the original formula verified or re-sealed, and the History and trail pages.

use mekong_core::audit::{AuditActor, AuditChange, original_hash};
use mekong_testkit::{TestApp, TestBackend, backend_tests};
use sea_orm::ConnectionTrait;
use std::process::Command;

backend_tests!(
    changes_are_recorded_with_who_before_and_after,
    tampering_with_the_trail_is_detected_by_audit_verify,
    a_citys_history_is_shown_to_staff_and_its_own_focal_points,
    the_chain_verifies_with_instants_finer_than_a_microsecond,
    the_chain_verifies_with_the_system_clock,
    entries_of_the_original_formula_verify_or_are_resealed_with_a_record,
    erasing_a_person_leaves_nothing_of_them_and_the_chain_still_verifies,
    a_person_with_an_account_is_not_erased_here,
    erasing_someone_named_in_entries_of_the_original_formula_reseals_them_first,
    network_addresses_are_kept_as_a_keyed_hash_stable_across_restarts,
);

/// An instant PostgreSQL cannot keep whole: it has nanoseconds.
const SUB_MICROSECOND: &str = "2026-12-02T10:00:00.123456789Z";

/// The backend `app` runs on, to start another app there.
fn backend_of(app: &TestApp) -> anyhow::Result<TestBackend> {
    match app.database.url.starts_with("postgres") {
        true => TestBackend::postgres()?.ok_or_else(|| anyhow::anyhow!("PostgreSQL went away")),
        false => Ok(TestBackend::Sqlite),
    }
}

/// Runs `mekong` on the test's database; returns whether it succeeded and what it printed.
fn mekong(app: &TestApp, args: &[&str]) -> anyhow::Result<(bool, String)> {
    let output = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .args(["--database-url", &app.database.url, "--data-dir", &app.database.data_dir.path().to_string_lossy()])
        .args(args)
        .output()?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Ok((output.status.success(), text))
}

async fn the_chain_verifies_with_instants_finer_than_a_microsecond(app: TestApp) -> anyhow::Result<()> {
    let app = TestApp::start_at(backend_of(&app)?, SUB_MICROSECOND, None).await?;
    // The steps: a demo deployment, two sign-ins, then verify.
    app.signed_in("coordinator@mekong.example").await?;
    app.clock.advance(jiff::SignedDuration::from_nanos(987_654_321));
    let admin = app.signed_in("admin@mekong.example").await?;
    app.clock.advance(jiff::SignedDuration::from_nanos(1_001));
    let invited = admin
        .post_form(
            "/admin/users/invite",
            &[
                ("email", "lan@mekong.example"),
                ("display_name", "Lan"),
                ("role", "coordinator"),
                ("scope", ""),
                ("language", "vi"),
            ],
        )
        .await?;
    assert_eq!(invited.status(), 303);
    let (ok, text) = verify(&app)?;
    assert!(ok, "{text}");
    let entries = app.app.audit_trail(&mekong_app::policy::Actor::command_line(), Default::default()).await?;
    assert!(entries.iter().all(|e| e.at.subsec_nanosecond() % 1000 == 0), "kept to the microsecond on both");
    assert!(entries.iter().any(|e| e.at.subsec_nanosecond() != 0), "the clock's sub-second part is there");
    Ok(())
}

async fn the_chain_verifies_with_the_system_clock(app: TestApp) -> anyhow::Result<()> {
    // The command line runs on the system clock: each invitation is an entry at a real instant.
    for n in 1..=3 {
        let email = format!("person{n}@mekong.example");
        let (ok, text) = mekong(&app, &["users", "invite", &email, "--name", "Real clock", "--role", "coordinator"])?;
        assert!(ok, "{text}");
    }
    let (ok, text) = verify(&app)?;
    assert!(ok, "{text}");
    Ok(())
}

/// A change as the earlier version recorded it.
fn earlier_change(action: &str, entity_type: &str, entity_id: &str, after: serde_json::Value) -> AuditChange {
    AuditChange {
        actor: AuditActor::System { job: "earlier version".into() },
        action: action.into(),
        entity_type: entity_type.into(),
        entity_id: entity_id.into(),
        before: None,
        after: Some(after),
    }
}

/// Appends an entry hashed the original way (before the fix), at an instant with nanoseconds,
/// as a deployment written by the earlier version holds; returns its number.
async fn append_original_entry(app: &TestApp, change: AuditChange) -> anyhow::Result<i64> {
    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    let head = db
        .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT seq, hash FROM audit_head"))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no head"))?;
    let (seq, prev): (i64, String) = (head.try_get_by_index::<i64>(0)? + 1, head.try_get_by_index(1)?);
    let at: jiff::Timestamp = "2026-12-02T10:00:01.123456789Z".parse()?;
    let hash = original_hash(seq, at, &change, &prev);
    let actor = serde_json::to_string(&change.actor)?;
    let after = change.after.as_ref().map(|a| a.to_string()).unwrap_or_default();
    let AuditChange { action, entity_type, entity_id, .. } = &change;
    db.execute_unprepared(&format!(
        "INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, after, prev_hash, hash, hash_version) \
         VALUES ({seq}, '{at}', '{actor}', '{action}', '{entity_type}', '{entity_id}', '{after}', '{prev}', '{hash}', 1)"
    ))
    .await?;
    db.execute_unprepared(&format!("UPDATE audit_head SET seq = {seq}, hash = '{hash}'")).await?;
    Ok(seq)
}

async fn entries_of_the_original_formula_verify_or_are_resealed_with_a_record(app: TestApp) -> anyhow::Result<()> {
    let change = earlier_change("city.updated", "city", "KH-PNH", serde_json::json!({"population": 2_281_951}));
    let old = append_original_entry(&app, change).await?;
    app.signed_in("coordinator@mekong.example").await?;
    let postgres = app.database.url.starts_with("postgres");
    let (ok, text) = verify(&app)?;
    let resealed = if postgres {
        // PostgreSQL kept microseconds of the entry's nanoseconds: it cannot verify as written.
        assert!(!ok);
        assert!(text.contains(&format!("entry {old} was altered")), "{text}");
        let (ok, text) = mekong(&app, &["audit", "reseal", "--from", &(old + 1).to_string()])?;
        assert!(!ok && text.contains(&format!("entry {old} does not verify")), "no skipping past it: {text}");
        mekong(&app, &["audit", "reseal"])?
    } else {
        // SQLite kept the nanoseconds: the original formula still verifies.
        assert!(ok, "{text}");
        let (ok, text) = mekong(&app, &["audit", "reseal"])?;
        assert!(ok && text.contains("nothing to re-seal"), "{text}");
        // Re-sealing on request moves it to the current formula, and says so.
        mekong(&app, &["audit", "reseal", "--from", &old.to_string()])?
    };
    let (ok, text) = resealed;
    assert!(ok, "{text}");
    assert!(text.contains(&format!("re-sealed 2 entries from entry {old} on")), "{text}");
    assert!(text.contains("previous head hash") && text.contains("audit.resealed"));
    let (ok, text) = verify(&app)?;
    assert!(ok, "{text}");
    let admin = app.signed_in("admin@mekong.example").await?;
    let (_, trail) = admin.get_text("/admin/audit?entity_type=audit").await?;
    assert!(says(&trail, "audit-audit-resealed"), "the record of it, in the reader's language");
    assert!(trail.contains("previous_head_hash"));
    let (ok, text) = verify(&app)?;
    assert!(ok, "{text}");
    Ok(())
}

async fn changes_are_recorded_with_who_before_and_after(app: TestApp) -> anyhow::Result<()> {
    let admin = app.signed_in("admin@mekong.example").await?;
    admin
        .post_form(
            "/admin/users/invite",
            &[
                ("email", "vanh@mekong.example"),
                ("display_name", "Vanh"),
                ("role", "city_focal_point"),
                ("scope", "LA-VTE"),
                ("language", "lo"),
            ],
        )
        .await?;
    let (_, users) = admin.get_text("/admin/users").await?;
    let id = users
        .split("href=\"/admin/users/")
        .find(|s| s.contains("\">Vanh"))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let granted = admin
        .post_form(
            &format!("/admin/users/{id}/roles"),
            &[("role", "partner"), ("scope", "0195d8a0-0000-7000-8000-000000000002")],
        )
        .await?;
    assert_eq!(granted.status(), 303);
    let bad = admin.post_form(&format!("/admin/users/{id}/roles"), &[("role", "partner"), ("scope", "")]).await?;
    assert_eq!(bad.status(), 422, "a partner needs an organisation");

    let (_, trail) = admin.get_text(&format!("/admin/audit?entity_type=user&entity_id={id}")).await?;
    assert!(trail.contains("admin@mekong.example"), "who");
    assert!(trail.contains("User invited") && trail.contains("Role granted"), "what, in the reader's language");
    assert!(trail.contains("0195d8a0-0000-7000-8000-000000000002"), "the after value");
    let (_, page) = admin.get_text(&format!("/admin/users/{id}")).await?;
    assert!(page.contains("Role granted"), "the user's page shows its history");
    let (status, filtered) = admin.get_text("/admin/audit?from=2026-11-30&until=2026-11-30&entity_type=city").await?;
    assert_eq!(status, 200);
    assert!(filtered.contains("City added"));
    let (_, empty) = admin.get_text("/admin/audit?from=2027-01-01&entity_type=city").await?;
    assert!(!empty.contains("City added"), "the period filters");
    let (_, invalid) = admin.get_text("/admin/audit?from=yesterday").await?;
    assert!(invalid.contains("Invalid filter"));
    let (status, far) = admin.get_text("/admin/audit?until=9999-12-31").await?;
    assert_eq!(status, 200);
    assert!(far.contains("Invalid filter"), "the end of time is refused, not a crash");
    Ok(())
}

fn verify(app: &TestApp) -> anyhow::Result<(bool, String)> {
    mekong(app, &["audit", "verify"])
}

async fn tampering_with_the_trail_is_detected_by_audit_verify(app: TestApp) -> anyhow::Result<()> {
    app.signed_in("coordinator@mekong.example").await?;
    let (ok, text) = verify(&app)?;
    assert!(ok, "{text}");
    assert!(text.contains("entries verified"));

    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    db.execute_unprepared("UPDATE audit_payloads SET body = '{\"code\":\"KH-XXX\"}' WHERE seq = 3").await?;
    let (ok, text) = verify(&app)?;
    assert!(!ok);
    assert!(text.contains("entry 3 was altered"), "a payload: {text}");
    db.execute_unprepared("UPDATE audit_payloads SET body = NULL, salt = NULL WHERE seq = 3").await?;
    let (ok, text) = verify(&app)?;
    assert!(ok, "an erased payload keeps its digest: {text}");
    db.execute_unprepared("UPDATE audit_log SET entity_id = 'KH-XXX' WHERE seq = 4").await?;
    let (ok, text) = verify(&app)?;
    assert!(!ok);
    assert!(text.contains("entry 4 was altered"), "the entry itself: {text}");

    let fresh = TestApp::start(backend_of(&app)?).await?;
    let db = sea_orm::Database::connect(fresh.database.url.as_str()).await?;
    // A payload belongs to its entry (a foreign key): removing an entry takes its payloads first.
    db.execute_unprepared("DELETE FROM audit_payloads WHERE seq = 5").await?;
    db.execute_unprepared("DELETE FROM audit_log WHERE seq = 5").await?;
    let (ok, text) = verify(&fresh)?;
    assert!(!ok);
    assert!(text.contains("entry 6 does not follow entry 4"), "{text}");
    let (ok, text) = mekong(&fresh, &["audit", "reseal"])?;
    assert!(!ok && text.contains("not re-sealed"), "a missing entry is never papered over: {text}");
    db.execute_unprepared("DELETE FROM audit_payloads WHERE seq >= 5").await?;
    db.execute_unprepared("DELETE FROM audit_log WHERE seq >= 5").await?;
    let (ok, text) = verify(&fresh)?;
    assert!(!ok);
    assert!(text.contains("entries were removed"), "{text}");
    Ok(())
}

async fn a_citys_history_is_shown_to_staff_and_its_own_focal_points(app: TestApp) -> anyhow::Result<()> {
    let own = app.signed_in("focal.phnompenh@mekong.example").await?;
    let (status, html) = own.get_text("/cities/KH-PNH/history").await?;
    assert_eq!(status, 200);
    let i18n = mekong_i18n::I18n::load();
    assert!(html.contains(&i18n.message(mekong_i18n::Lang::Km, "audit-city-created")), "in the reader's language");
    assert!(html.contains("system: demo"));
    let (_, city_page) = own.get_text("/cities/KH-PNH").await?;
    assert!(city_page.contains("href=\"/cities/KH-PNH/history\""), "the History tab");
    let (_, other_city) = own.get_text("/cities/VN-HUI").await?;
    assert!(!other_city.contains("/history"), "no tab where it would be refused");
    assert_eq!(own.get("/cities/VN-HUI/history").await?.status(), 403);
    let secretariat = app.signed_in("secretariat@mekong.example").await?;
    assert_eq!(secretariat.get("/cities/VN-HUI/history").await?.status(), 200);
    let public = app.visitor().await?;
    assert_eq!(public.get("/cities/KH-PNH/history").await?.status(), 303);
    Ok(())
}

/// Whether `page` shows message `id` in one of the languages, as the page escapes it.
fn says(page: &str, id: &str) -> bool {
    let i18n = mekong_i18n::I18n::load();
    let languages = [
        mekong_i18n::Lang::Fr,
        mekong_i18n::Lang::En,
        mekong_i18n::Lang::Km,
        mekong_i18n::Lang::Lo,
        mekong_i18n::Lang::Vi,
    ];
    languages.into_iter().any(|lang| {
        let text = i18n.message(lang, id).replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&#34;");
        page.contains(&text)
    })
}

/// The person the erasure tests create: every part of them is easy to look for in raw bytes.
const NAME: &str = "Xaysomphou Vongkhamsao";
const EMAIL: &str = "vongkhamsao.erase@example.la";
const PHONE: &str = "+856 20 5555 0101";
/// What must not be found anywhere after the erasure (lower case: the search key is).
const TRACES: [&str; 4] = ["vongkhamsao", "xaysomphou", "vongkhamsao.erase@example.la", "5555 0101"];

/// Adds a person through the form; returns their id.
async fn add_person(
    session: &mekong_testkit::HttpSession,
    name: &str,
    email: &str,
    phone: &str,
) -> anyhow::Result<String> {
    let fields = [
        ("name_romanised", name),
        ("emails", email),
        ("phones", phone),
        ("consent_basis", "consent"),
        ("consent_given_on", "2026-11-02"),
        ("consent_channel", "registration form"),
    ];
    let created = session.post_form("/people", &fields).await?;
    anyhow::ensure!(created.status() == 303, "person added: {}", created.status());
    Ok(created.headers()["location"].to_str()?.trim_start_matches("/people/").to_owned())
}

/// Invites `person` to a new event, so that a participation, an email and their audit entries
/// hold their name and address.
async fn invite_to_an_event(app: &TestApp, session: &mekong_testkit::HttpSession, person: &str) -> anyhow::Result<()> {
    let fields = [
        ("kind", "workshop"),
        ("status", "announced"),
        ("title_en", "Erasure workshop"),
        ("host_city", "KH-PNH"),
        ("venue", "Phnom Penh City Hall"),
        ("starts", "2027-01-20T09:00"),
        ("ends", "2027-01-21T17:00"),
        ("time_zone", "Asia/Phnom_Penh"),
        ("languages", "en"),
        ("capacity", ""),
        ("version", "0"),
    ];
    let created = session.post_form("/events", &fields).await?;
    anyhow::ensure!(created.status() == 303, "event created: {}", created.status());
    let event = created.headers()["location"].to_str()?.to_owned();
    let invited = session.post_form(&format!("{event}/invitations"), &[("person", person)]).await?;
    anyhow::ensure!(invited.status().as_u16() < 400, "invited: {}", invited.status());
    app.run_jobs().await?;
    anyhow::ensure!(app.outbox()?.iter().any(|m| m.to == EMAIL), "the invitation went out");
    Ok(())
}

/// The traces of the person left in the database: in the raw bytes of the SQLite file and its
/// write-ahead log, or in any row of any table on PostgreSQL.
async fn traces_left(app: &TestApp) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    if app.database.url.starts_with("postgres") {
        let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
        let backend = db.get_database_backend();
        let tables = db
            .query_all_raw(sea_orm::Statement::from_string(
                backend,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
            ))
            .await?;
        for table in tables {
            let table: String = table.try_get_by_index(0)?;
            for trace in TRACES {
                let sql = format!("SELECT count(*) FROM \"{table}\" r WHERE lower(r::text) LIKE '%{trace}%'");
                let row = db.query_one_raw(sea_orm::Statement::from_string(backend, sql)).await?;
                if row.map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0) > 0 {
                    found.push(format!("{trace} in table {table}"));
                }
            }
        }
        // The planner's statistics keep sample values of columns too.
        for trace in TRACES {
            let sql = format!(
                "SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND lower(concat(most_common_vals::text, \
                 histogram_bounds::text)) LIKE '%{trace}%'"
            );
            let row = db.query_one_raw(sea_orm::Statement::from_string(backend, sql)).await?;
            if row.map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0) > 0 {
                found.push(format!("{trace} in the planner's statistics"));
            }
        }
        return Ok(found);
    }
    for file in ["mekong.sqlite", "mekong.sqlite-wal"] {
        let bytes = std::fs::read(app.database.data_dir.path().join(file)).unwrap_or_default().to_ascii_lowercase();
        for trace in TRACES {
            if bytes.windows(trace.len()).any(|w| w == trace.as_bytes()) {
                found.push(format!("{trace} in {file}"));
            }
        }
    }
    Ok(found)
}

async fn erasing_a_person_leaves_nothing_of_them_and_the_chain_still_verifies(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = add_person(&coordinator, NAME, EMAIL, PHONE).await?;
    invite_to_an_event(&app, &coordinator, &id).await?;
    // The planner's statistics sample rows of every index, names and emails included (as
    // after an import): they must forget the person too.
    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    db.execute_unprepared("ANALYZE").await?;
    if !app.database.url.starts_with("postgres") {
        // The file and its log do hold the person before: the search below can see them.
        db.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)").await?;
    }
    db.close().await?;
    assert!(!traces_left(&app).await?.is_empty(), "the search finds the person before the erasure");

    let (status, person_page) = coordinator.get_text(&format!("/people/{id}")).await?;
    assert_eq!(status, 200);
    assert!(person_page.contains(&format!("href=\"/people/{id}/erase\"")), "the staff's button");
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let (_, focal_page) = focal.get_text(&format!("/people/{id}")).await?;
    assert!(!focal_page.contains("/erase\""), "no button for those who may not erase");
    assert_eq!(focal.get(&format!("/people/{id}/erase")).await?.status(), 403);
    assert_eq!(focal.post_form(&format!("/people/{id}/erase"), &[]).await?.status(), 403);
    let (status, confirmation) = coordinator.get_text(&format!("/people/{id}/erase")).await?;
    assert_eq!(status, 200);
    assert!(confirmation.contains(NAME) && says(&confirmation, "erase-confirm"), "a confirmation step first");
    assert!(coordinator.get(&format!("/people/{id}")).await?.status() == 200, "nothing erased by looking");

    let erased = coordinator.post_form(&format!("/people/{id}/erase"), &[]).await?;
    assert_eq!(erased.status(), 303);
    assert_eq!(erased.headers()["location"], "/people");
    assert_eq!(coordinator.get(&format!("/people/{id}")).await?.status(), 404);
    let (ok, text) = verify(&app)?;
    assert!(ok, "the chain still verifies: {text}");
    let left = traces_left(&app).await?;
    assert!(left.is_empty(), "nothing of the person is left: {left:?}");
    assert!(app.outbox()?.iter().all(|m| m.to != EMAIL), "nor in the outbox");

    let admin = app.signed_in("admin@mekong.example").await?;
    let (_, trail) = admin.get_text(&format!("/admin/audit?entity_type=person&entity_id={id}")).await?;
    assert!(says(&trail, "audit-person-erased") && trail.contains("coordinator@mekong.example"), "who and when");
    assert!(says(&trail, "audit-payload-erased"), "the erased payloads are shown as such");
    let (_, event_trail) = admin.get_text("/admin/audit?entity_type=event").await?;
    assert!(says(&event_trail, "audit-payload-erased"), "the invitation's entry too");

    // The command line does the same.
    let other = add_person(&coordinator, "Bounmy Phengsavath", "phengsavath@example.la", "+856 20 7777 0202").await?;
    let (ok, text) = mekong(&app, &["people", "erase", &other])?;
    assert!(ok, "{text}");
    assert!(text.contains(&format!("erased person {other}")) && text.contains("person.erased"), "{text}");
    let (ok, text) = mekong(&app, &["people", "erase", &other])?;
    assert!(!ok && text.contains("not found"), "once: {text}");
    let (ok, text) = verify(&app)?;
    assert!(ok, "{text}");
    Ok(())
}

async fn erasing_someone_named_in_entries_of_the_original_formula_reseals_them_first(
    app: TestApp,
) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = add_person(&coordinator, NAME, EMAIL, PHONE).await?;
    let earlier = serde_json::json!({"id": id, "name_romanised": NAME, "emails": [EMAIL]});
    let old = append_original_entry(&app, earlier_change("person.updated", "person", &id, earlier)).await?;
    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    db.execute_unprepared("ANALYZE").await?;
    db.close().await?;
    if app.database.url.starts_with("postgres") {
        // The entry lost its nanoseconds: the chain does not verify, and re-sealing it is an
        // act of its own, not a side effect of an erasure.
        let (ok, text) = mekong(&app, &["people", "erase", &id])?;
        assert!(!ok, "{text}");
        let i18n = mekong_i18n::I18n::load();
        assert!(text.contains(&i18n.message(mekong_i18n::Lang::En, "error-erase-chain-broken")), "{text}");
        let (ok, text) = mekong(&app, &["audit", "reseal"])?;
        assert!(ok, "{text}");
    }
    let (ok, text) = mekong(&app, &["people", "erase", &id])?;
    assert!(ok, "{text}");
    if !app.database.url.starts_with("postgres") {
        assert!(text.contains(&format!("from entry {old} on")), "the original entries re-sealed first: {text}");
    }
    assert!(text.contains("2 audit payloads"), "the earlier entry's and the addition's: {text}");
    let (ok, text) = verify(&app)?;
    assert!(ok, "{text}");
    let left = traces_left(&app).await?;
    assert!(left.is_empty(), "nothing of the person is left: {left:?}");
    Ok(())
}

async fn a_person_with_an_account_is_not_erased_here(app: TestApp) -> anyhow::Result<()> {
    let filter = mekong_core::people::PeopleFilter {
        city: Some(mekong_core::directory::CityCode::parse("KH-PNH")?),
        focal_points_only: true,
        ..Default::default()
    };
    let command_line = mekong_app::policy::Actor::command_line();
    let focal_point = app.app.people(&command_line, &filter, 1).await?.items.into_iter().next();
    let focal_point = focal_point.ok_or_else(|| anyhow::anyhow!("the demo's focal point of Phnom Penh"))?;
    assert!(focal_point.user.is_some());
    let secretariat = app.signed_in("secretariat@mekong.example").await?;
    let refused = secretariat.post_form(&format!("/people/{}/erase", focal_point.id), &[]).await?;
    assert_eq!(refused.status(), 422);
    assert!(says(&refused.text().await?, "error-erase-has-account"), "said on the page");
    assert_eq!(secretariat.get(&format!("/people/{}", focal_point.id)).await?.status(), 200, "still there");
    Ok(())
}

async fn network_addresses_are_kept_as_a_keyed_hash_stable_across_restarts(app: TestApp) -> anyhow::Result<()> {
    use sha2::Digest;
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    let stored = |db: sea_orm::DatabaseConnection| async move {
        let sql = "SELECT client_address FROM sessions ORDER BY created_at DESC, id";
        let rows = db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await?;
        rows.iter().map(|r| r.try_get_by_index::<String>(0)).collect::<Result<Vec<_>, _>>().map_err(anyhow::Error::from)
    };
    let first = stored(db.clone()).await?;
    let address = first.first().cloned().unwrap_or_default();
    let bare: String = sha2::Sha256::digest(b"127.0.0.1").iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(address.len(), 64, "a hash: {address}");
    assert_ne!(address, bare, "not SHA-256 of the address, which anyone can reverse");
    assert!(!address.contains("127.0.0.1"));
    let (_, account) = coordinator.get_text("/account").await?;
    assert!(
        account.contains(&address[..12]) && !account.contains("127.0.0.1"),
        "the account page shows the hash's start"
    );
    let entries = app.app.audit_trail(&mekong_app::policy::Actor::command_line(), Default::default()).await?;
    let signed_in = entries.iter().find(|e| e.change.action == "user.signed_in");
    assert_eq!(
        signed_in.and_then(|e| e.change.after.as_ref()).map(|a| a["client_address"].clone()),
        Some(serde_json::json!(address)),
        "the sign-in entry keeps the same hash"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = std::fs::metadata(app.database.data_dir.path().join("secret.key"))?;
        assert_eq!(key.permissions().mode() & 0o777, 0o600, "the key is its owner's only");
    }

    // A restart on the same data directory (another process: the command line) hashes the
    // same address the same way: the throttle keeps counting across restarts.
    let restarted = mekong_app::App::open(
        &mekong_app::AppConfig {
            database_url: app.database.url.clone(),
            data_dir: app.database.data_dir.path().to_path_buf(),
            public_url: "http://127.0.0.1".into(),
            smtp_url: None,
            mail_from: "Mekong <mekong@mekong.example>".into(),
            secret_key: None,
            applicant_retention_months: 24,
        },
        app.clock.clone(),
    )
    .await?;
    let attempt = mekong_app::identity::SignInAttempt {
        email: "admin@mekong.example",
        password: mekong_app::demo::DEMO_PASSWORD,
        client_address: "127.0.0.1",
        user_agent: "test",
    };
    restarted.sign_in(attempt).await?;
    let after_restart = stored(db).await?;
    assert_eq!(after_restart.len(), 2);
    assert!(after_restart.iter().all(|a| *a == address), "stable across restarts: {after_restart:?}");
    Ok(())
}
