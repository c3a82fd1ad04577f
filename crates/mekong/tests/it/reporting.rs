//! Reports from live data: the coordinator's narrative pre-filled from the plan and signed off
//! by the secretariat, snapshots only of locked periods, every figure adding up from the records
//! its page lists, and a snapshot that reads back exactly as it was hashed.

use mekong_app::policy::Actor;
use mekong_core::reporting::snapshot_hash;
use mekong_testkit::page::{between, form_version, location};
use mekong_testkit::{TestApp, backend_tests};

backend_tests!(
    the_coordinator_writes_the_narrative_and_the_secretariat_signs_it_off,
    a_snapshot_needs_a_locked_period_and_each_figure_adds_up_from_its_records,
    a_snapshot_reads_back_as_it_was_hashed_and_its_figure_pages_list_their_records,
);

const COORDINATOR: &str = "coordinator@mekong.example";
const SECRETARIAT: &str = "secretariat@mekong.example";

async fn the_coordinator_writes_the_narrative_and_the_secretariat_signs_it_off(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    // 2024 is locked and has no narrative yet: the form starts from the plan.
    let (status, page) = coordinator.get_text("/reports/SGA4/2024").await?;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"done:OC1\""), "a section per logframe entry");
    assert!(!page.contains("name=\"done:IMP\""), "the impact is not reported on per period");
    let version = form_version(&page, "/reports/SGA4/2024");
    assert_eq!(version, "0");

    let long = "é".repeat(3_001);
    let refused = coordinator
        .post_form(
            "/reports/SGA4/2024",
            &[("version", "0"), ("language", "fr"), ("stage", "interim"), ("status", "final"), ("summary", &long)],
        )
        .await?;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await?;
    assert!(page.contains("demi-page"), "the summary's limit, in French, next to it");

    let khmer = coordinator
        .post_form(
            "/reports/SGA4/2024",
            &[("version", "0"), ("language", "km"), ("stage", "interim"), ("status", "draft")],
        )
        .await?;
    assert_eq!(khmer.status(), 422, "a report to the EU is in French or English");

    let fields = [
        ("version", "0"),
        ("language", "fr"),
        ("stage", "interim"),
        ("status", "final"),
        ("summary", "Une année d’échanges entre Phnom Penh, Vientiane et Huế."),
        ("done:OC1", "Deux rencontres régionales."),
        ("deviations:OC1", "Une réunion reportée."),
    ];
    let saved = coordinator.post_form("/reports/SGA4/2024", &fields).await?;
    assert_eq!(saved.status(), 303);
    // The same form posted again from version 0 is a conflict, not an overwrite.
    let stale = coordinator.post_form("/reports/SGA4/2024", &fields).await?;
    assert_eq!(stale.status(), 409);

    let secretariat = app.signed_in(SECRETARIAT).await?;
    let (_, page) = secretariat.get_text("/reports/SGA4/2024").await?;
    let version = form_version(&page, "/reports/SGA4/2024/sign-off");
    assert_eq!(version, "1");
    let signed = secretariat
        .post_form("/reports/SGA4/2024/sign-off", &[("version", "1"), ("decision", "sign"), ("comment", "Conforme.")])
        .await?;
    assert_eq!(signed.status(), 303);
    let (_, reports) = coordinator.get_text("/reports/SGA4").await?;
    assert!(reports.contains("Secrétariat AIMF (démo), "), "who signed off, and when, on the Reports page");

    let changed = coordinator
        .post_form(
            "/reports/SGA4/2024",
            &[("version", "2"), ("language", "fr"), ("stage", "interim"), ("status", "final"), ("summary", "Autre")],
        )
        .await?;
    assert_eq!(changed.status(), 422, "a signed-off narrative changes only once reopened");
    assert!(changed.text().await?.contains("rouvert"));

    let without_reason =
        secretariat.post_form("/reports/SGA4/2024/sign-off", &[("version", "2"), ("decision", "reopen")]).await?;
    assert_eq!(without_reason.status(), 422, "reopening says why");
    let reopened = secretariat
        .post_form(
            "/reports/SGA4/2024/sign-off",
            &[("version", "2"), ("decision", "reopen"), ("comment", "Ajouter les chiffres de Huế.")],
        )
        .await?;
    assert_eq!(reopened.status(), 303);
    let narrative = app.app.narrative(&Actor::command_line(), "SGA4", "2024").await?;
    let narrative = narrative.narrative.ok_or_else(|| anyhow::anyhow!("saved"))?;
    assert!(narrative.signed_off.is_none());
    assert_eq!(narrative.version, 3);
    assert_eq!(narrative.sections["OC1"].deviations, "Une réunion reportée.");

    // The focal point reads the reports of the programme but writes nothing.
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    assert_eq!(focal.get_text("/reports/SGA4/2024").await?.0, 200);
    let refused = focal.post_form("/reports/SGA4/2024", &fields).await?;
    assert_eq!(refused.status(), 403);
    Ok(())
}

async fn a_snapshot_needs_a_locked_period_and_each_figure_adds_up_from_its_records(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let open = coordinator.post_form("/reports/SGA4/2026/snapshots", &[]).await?;
    assert_eq!(open.status(), 422, "2026 is not locked");
    assert!(open.text().await?.contains("verrouillée"));

    let taken = coordinator.post_form("/reports/SGA4/2025/snapshots", &[]).await?;
    assert_eq!(taken.status(), 303);
    let id: uuid::Uuid = location(&taken).trim_start_matches("/reports/snapshots/").parse()?;
    let view = app.app.snapshot(&Actor::command_line(), id).await?;
    let snapshot = &view.snapshot;
    assert_eq!(snapshot.period.code, "2025");
    assert_eq!(snapshot.programme.countries.len(), 3, "Cambodia, Laos, Vietnam");

    // Money: the total spent is the sum of the approved 2025 expenses' converted amounts.
    let total = snapshot.finance.rows.iter().find(|r| r.kind == "total").ok_or_else(|| anyhow::anyhow!("total"))?;
    let spent = &snapshot.figures[&total.spent_figure];
    assert!(!spent.records.is_empty(), "approved 2025 expenses behind the total");
    let lines: i64 = snapshot.finance.rows.iter().filter(|r| r.kind == "line").map(|r| r.spent.amount_minor()).sum();
    assert_eq!(lines, total.spent.amount_minor(), "lines add up to the total");
    let headings: i64 =
        snapshot.finance.rows.iter().filter(|r| r.kind == "heading").map(|r| r.spent.amount_minor()).sum();
    assert_eq!(headings, total.spent.amount_minor(), "headings add up to the total");
    assert!(total.spent.amount_minor() > 0);
    assert_eq!(total.spent.currency(), mekong_core::money::Currency::EUR);

    // People: women and men never exceed those who took part, each counted once per event.
    let participants = &snapshot.figures["participants"];
    let women = &snapshot.figures["women"];
    let men = &snapshot.figures["men"];
    assert_eq!(participants.display, participants.records.len().to_string());
    assert!(women.records.len() + men.records.len() <= participants.records.len());
    let per_event: usize = snapshot.events.iter().map(|e| snapshot.figures[&e.participants.figure].records.len()).sum();
    assert_eq!(per_event, participants.records.len(), "the events' participants add up to the total");

    // Indicators: a value printed has the records behind it (a count of nothing is zero).
    let mut with_records = 0;
    for row in snapshot.logframe.iter().filter(|r| !r.current.figure.is_empty()) {
        let figure = &snapshot.figures[&row.current.figure];
        assert!(!figure.records.is_empty() || figure.display == "0", "{} has records", row.indicator_code);
        with_records += usize::from(!figure.records.is_empty());
    }
    assert!(with_records > 3, "the demo's validated 2025 values are behind the logframe's figures");
    Ok(())
}

async fn a_snapshot_reads_back_as_it_was_hashed_and_its_figure_pages_list_their_records(
    app: TestApp,
) -> anyhow::Result<()> {
    // The demo took a snapshot of 2025: the Reports page lists it with its hash.
    let auditor = app.signed_in("auditor@mekong.example").await?;
    let (status, reports) = auditor.get_text("/reports/SGA4").await?;
    assert_eq!(status, 200);
    let id = between(&reports, "href=\"/reports/snapshots/", "\"");
    let view = app.app.snapshot(&Actor::command_line(), id.parse()?).await?;
    let json = view.snapshot.to_json()?;
    assert_eq!(snapshot_hash(&json), view.sha256, "the stored text is the hashed text, and reads back to it");
    assert!(reports.contains(&view.sha256[..12]));

    let (status, page) = auditor.get_text(&format!("/reports/snapshots/{id}")).await?;
    assert_eq!(status, 200);
    assert!(page.contains(&view.sha256));
    let spent = view.snapshot.figures.get("spent-total").ok_or_else(|| anyhow::anyhow!("spent-total"))?;
    let (status, page) = auditor.get_text(&format!("/reports/snapshots/{id}/figures/spent-total")).await?;
    assert_eq!(status, 200);
    for record in spent.records.iter().take(50) {
        assert!(page.contains(&format!("href=\"{}\"", record.path)), "{} listed", record.label);
    }
    // Past the last page is no page.
    assert_eq!(auditor.get_text(&format!("/reports/snapshots/{id}/figures/spent-total?page=99")).await?.0, 404);
    assert_eq!(auditor.get_text(&format!("/reports/snapshots/{id}/figures/nothing")).await?.0, 404);
    // A partner reads no reports.
    let partner = app.signed_in("partner@mekong.example").await?;
    assert_eq!(partner.get_text(&format!("/reports/snapshots/{id}")).await?.0, 403);
    Ok(())
}
