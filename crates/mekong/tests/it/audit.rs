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

/// Appends an entry hashed the original way (before the fix), at an instant with nanoseconds,
/// as a deployment written by the earlier version holds; returns its number.
async fn append_original_entry(app: &TestApp) -> anyhow::Result<i64> {
    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    let head = db
        .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT seq, hash FROM audit_head"))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no head"))?;
    let (seq, prev): (i64, String) = (head.try_get_by_index::<i64>(0)? + 1, head.try_get_by_index(1)?);
    let at: jiff::Timestamp = "2026-12-02T10:00:01.123456789Z".parse()?;
    let change = AuditChange {
        actor: AuditActor::System { job: "earlier version".into() },
        action: "city.updated".into(),
        entity_type: "city".into(),
        entity_id: "KH-PNH".into(),
        before: None,
        after: Some(serde_json::json!({"population": 2_281_951})),
    };
    let hash = original_hash(seq, at, &change, &prev);
    let actor = serde_json::to_string(&change.actor)?;
    let after = change.after.as_ref().map(|a| a.to_string()).unwrap_or_default();
    db.execute_unprepared(&format!(
        "INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, after, prev_hash, hash, hash_version) \
         VALUES ({seq}, '{at}', '{actor}', 'city.updated', 'city', 'KH-PNH', '{after}', '{prev}', '{hash}', 1)"
    ))
    .await?;
    db.execute_unprepared(&format!("UPDATE audit_head SET seq = {seq}, hash = '{hash}'")).await?;
    Ok(seq)
}

async fn entries_of_the_original_formula_verify_or_are_resealed_with_a_record(app: TestApp) -> anyhow::Result<()> {
    let old = append_original_entry(&app).await?;
    app.signed_in("coordinator@mekong.example").await?;
    let postgres = app.database.url.starts_with("postgres");
    let (ok, text) = verify(&app)?;
    if postgres {
        // PostgreSQL kept microseconds of the entry's nanoseconds: it cannot verify as written.
        assert!(!ok);
        assert!(text.contains(&format!("entry {old} was altered")), "{text}");
        let (ok, text) = mekong(&app, &["audit", "reseal", "--from", &(old + 1).to_string()])?;
        assert!(!ok && text.contains(&format!("entry {old} does not verify")), "no skipping past it: {text}");
        let (ok, text) = mekong(&app, &["audit", "reseal"])?;
        assert!(ok, "{text}");
        assert!(text.contains(&format!("re-sealed 2 entries from entry {old} on")), "{text}");
    } else {
        // SQLite kept the nanoseconds: the original formula still verifies.
        assert!(ok, "{text}");
        let (ok, text) = mekong(&app, &["audit", "reseal"])?;
        assert!(ok && text.contains("nothing to re-seal"), "{text}");
        // Re-sealing on request moves it to the current formula, and says so.
        let (ok, text) = mekong(&app, &["audit", "reseal", "--from", &old.to_string()])?;
        assert!(ok, "{text}");
        assert!(text.contains(&format!("re-sealed 2 entries from entry {old} on")), "{text}");
    }
    assert!(text.contains("previous head hash") && text.contains("audit.resealed"));
    let (ok, text) = verify(&app)?;
    assert!(ok, "{text}");
    let admin = app.signed_in("admin@mekong.example").await?;
    let (_, trail) = admin.get_text("/admin/audit?entity_type=audit").await?;
    assert!(trail.contains("Audit trail re-sealed"), "the record of it, in the reader's language");
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
    db.execute_unprepared("DELETE FROM audit_log WHERE seq = 5").await?;
    let (ok, text) = verify(&fresh)?;
    assert!(!ok);
    assert!(text.contains("entry 6 does not follow entry 4"), "{text}");
    let (ok, text) = mekong(&fresh, &["audit", "reseal"])?;
    assert!(!ok && text.contains("not re-sealed"), "a missing entry is never papered over: {text}");
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
