//! The audit trail: every change recorded in its transaction with before and after, a hash
//! chain that `mekong audit verify` checks, and the History and trail pages.

use mekong_testkit::{TestApp, backend_tests};
use sea_orm::ConnectionTrait;
use std::process::Command;

backend_tests!(
    changes_are_recorded_with_who_before_and_after,
    tampering_with_the_trail_is_detected_by_audit_verify,
    a_citys_history_is_shown_to_staff_and_its_own_focal_points,
);

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
    let output = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .args(["--database-url", &app.database.url, "--data-dir", &app.database.data_dir.path().to_string_lossy()])
        .args(["audit", "verify"])
        .output()?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Ok((output.status.success(), text))
}

async fn tampering_with_the_trail_is_detected_by_audit_verify(app: TestApp) -> anyhow::Result<()> {
    app.signed_in("coordinator@mekong.example").await?;
    let (ok, text) = verify(&app)?;
    assert!(ok, "{text}");
    assert!(text.contains("entries verified"));

    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    db.execute_unprepared("UPDATE audit_log SET after = '{\"code\":\"KH-XXX\"}' WHERE seq = 3").await?;
    let (ok, text) = verify(&app)?;
    assert!(!ok);
    assert!(text.contains("entry 3 was altered"), "{text}");

    let fresh = TestApp::start(match app.database.url.starts_with("postgres") {
        true => mekong_testkit::TestBackend::postgres()?.ok_or_else(|| anyhow::anyhow!("postgres"))?,
        false => mekong_testkit::TestBackend::Sqlite,
    })
    .await?;
    let db = sea_orm::Database::connect(fresh.database.url.as_str()).await?;
    db.execute_unprepared("DELETE FROM audit_log WHERE seq = 5").await?;
    let (ok, text) = verify(&fresh)?;
    assert!(!ok);
    assert!(text.contains("entry 6 does not follow entry 4"), "{text}");
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
