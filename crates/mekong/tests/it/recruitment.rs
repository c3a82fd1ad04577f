//! Calls for applications end to end through the pages: the reference call public in every
//! language with its deadline unambiguous; a call written by the coordinator, applied to one
//! second before its deadline instant and refused one second after (the server's clock, users
//! in Paris and in Phnom Penh); the acknowledgement email and the applicant's own page; an
//! identity document unreadable on disk and readable through the app, opened by a manager (in
//! the trail) and never by an evaluator; the committee per call (an applicant never on it, a
//! call scope only on a real call).

use mekong_app::demo::{DEMO_APPLICATION, DEMO_CALL, DEMO_DOCUMENT};
use mekong_app::policy::Actor;
use mekong_testkit::page::{between, location};
use mekong_testkit::{HttpSession, TestApp, backend_tests};
use reqwest::multipart::{Form, Part};

backend_tests!(
    the_reference_call_is_public_in_every_language_with_its_deadline_unambiguous,
    applications_are_received_until_the_deadline_second_and_refused_after_it,
    an_identity_document_is_unreadable_on_disk_and_opened_only_by_managers_each_time_in_the_trail,
    an_applicant_never_sits_on_the_committee_and_a_call_scope_needs_a_real_call,
    the_demo_call_is_run_by_its_committee_only,
    evaluators_declare_first_score_blind_and_the_ranking_flags_disagreement,
);

pub(crate) const COORDINATOR: &str = "coordinator@mekong.example";
pub(crate) const EVALUATOR: &str = "evaluator@mekong.example";
const SECRETARIAT: &str = "secretariat@mekong.example";

/// A small PDF holding `marker`, as an applicant's scan would.
pub(crate) fn pdf(marker: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {marker}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

pub(crate) fn file(name: &str, bytes: Vec<u8>) -> Part {
    Part::bytes(bytes).file_name(name.to_owned())
}

/// The coordinator writes a call closing on 30 November 2026 at 23:59:59 in Phnom Penh (the
/// tests start at 09:00 that day); returns its id.
pub(crate) async fn write_call(app: &TestApp) -> anyhow::Result<String> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let created = coordinator
        .post_form(
            "/calls",
            &[
                ("code", "TEST"),
                ("title_fr", "Chargé·e de mission test"),
                ("title_en", "Test project officer"),
                ("terms_fr", "Termes de référence."),
                ("terms_en", "Terms of reference."),
                ("place", "Phnom Penh City Hall"),
                ("contract", "Services contract"),
                ("duration_months", "36"),
                ("stage_cover_letter", "application"),
                ("stage_cv", "application"),
                ("stage_identity_document", "application"),
                ("stage_certified_diplomas", "before_interview"),
                ("stage_medical_certificate", "before_interview"),
                ("file_language", "fr"),
                ("web_form", "yes"),
                ("email_addresses", "calls@aimf.example"),
                ("opens", "2026-11-01"),
                ("deadline_date", "2026-11-30"),
                ("deadline_time", "23:59:59"),
                ("time_zone", "Asia/Phnom_Penh"),
                ("interviews_from", "2026-12-07"),
                ("interviews_to", "2026-12-11"),
                ("starts", "2027-01-04"),
                ("eligibility", "Master's degree\nFive years of experience"),
                ("award", "60 | Urban development\n40 | Project management"),
                ("published", "yes"),
            ],
        )
        .await?;
    anyhow::ensure!(created.status() == 303, "call created: {} {}", created.status(), created.text().await?);
    Ok(location(&created).trim_start_matches("/calls/").to_owned())
}

/// Applies as `name` <`email`> with the first stage's three documents, in English.
pub(crate) async fn apply(
    visitor: &HttpSession,
    call: &str,
    name: &str,
    email: &str,
    passport: &str,
) -> anyhow::Result<reqwest::Response> {
    apply_in(visitor, call, name, email, passport, "en").await
}

/// Applies as `name` <`email`>, asking for letters in `language`.
pub(crate) async fn apply_in(
    visitor: &HttpSession,
    call: &str,
    name: &str,
    email: &str,
    passport: &str,
    language: &'static str,
) -> anyhow::Result<reqwest::Response> {
    let (name, email, passport) = (name.to_owned(), email.to_owned(), passport.to_owned());
    visitor
        .post_multipart(&format!("/calls/{call}/apply"), move |form: Form| {
            form.text("name", name)
                .text("email", email)
                .text("language", language)
                .text("consent", "yes")
                .part("document_cover_letter", file("letter.pdf", pdf("cover letter")))
                .part("document_cv", file("cv.pdf", pdf("curriculum")))
                .part("document_identity_document", file("passport.pdf", pdf(&passport)))
        })
        .await
}

async fn the_reference_call_is_public_in_every_language_with_its_deadline_unambiguous(
    app: TestApp,
) -> anyhow::Result<()> {
    let path = format!("/calls/{DEMO_CALL}");
    for (language, title) in [
        ("fr", "animation du réseau des villes"),
        ("en", "Network coordinator"),
        ("km", "សេចក្ដីជូនដំណឹងជ្រើសរើស"),
        ("lo", "ປະກາດຮັບສະໝັກ"),
        ("vi", "Thông báo tuyển dụng"),
    ] {
        let (status, page) = app.get_in(language, &path).await?;
        assert_eq!(status, 200, "{language}");
        assert!(page.contains(title), "{language}: {title}");
        assert!(page.contains("2025-11-30 23:59:59 Asia/Phnom_Penh (UTC+07:00)"), "{language}: the deadline instant");
        assert!(page.contains("2025-11-30 16:59:59 UTC"), "{language}: and in UTC");
        assert!(page.contains("recrutement@aimf.example"), "{language}: placeholder addresses");
    }
    // Closed by now: not on the public list, and the form refuses.
    let (_, list) = app.get_text("/calls").await?;
    assert!(!list.contains(DEMO_CALL), "a closed call is not listed to the public");
    let visitor = app.visitor().await?;
    let refused = apply(&visitor, DEMO_CALL, "Late Applicant", "late@applicant.example", "passport").await?;
    assert_eq!(refused.status(), 422);
    // Its committee still lists it.
    let (_, listed) = app.signed_in(EVALUATOR).await?.get_text("/calls").await?;
    assert!(listed.contains(DEMO_CALL), "the evaluator's calls");
    Ok(())
}

async fn applications_are_received_until_the_deadline_second_and_refused_after_it(app: TestApp) -> anyhow::Result<()> {
    let call = write_call(&app).await?;
    let (_, list) = app.get_text("/calls").await?;
    assert!(list.contains(&call), "an open call is on the public list");
    // The same instant for a reader in Phnom Penh and one in Paris.
    let paris = app.signed_in(SECRETARIAT).await?;
    let (_, account) = paris.get_text("/account").await?;
    let version = between(&account, "name=\"version\" value=\"", "\"");
    let moved = paris
        .post_form(
            "/account/settings",
            &[
                ("version", &version),
                ("display_name", "Secrétariat"),
                ("language", "fr"),
                ("time_zone", "Europe/Paris"),
            ],
        )
        .await?;
    assert_eq!(moved.status(), 303);
    let (_, seen_in_paris) = paris.get_text(&format!("/calls/{call}")).await?;
    assert!(seen_in_paris.contains("2026-11-30 23:59:59 Asia/Phnom_Penh (UTC+07:00)"));
    assert!(seen_in_paris.contains("2026-11-30 17:59:59 Europe/Paris (UTC+01:00)"), "the reader's own zone");
    let (_, seen_in_phnom_penh) =
        app.signed_in("focal.phnompenh@mekong.example").await?.get_text(&format!("/calls/{call}")).await?;
    assert!(seen_in_phnom_penh.contains("2026-11-30 23:59:59 Asia/Phnom_Penh (UTC+07:00)"));
    assert!(!seen_in_phnom_penh.contains("Europe/Paris"));

    // One second before the instant (16:59:59 UTC): received.
    app.clock.advance(jiff::SignedDuration::from_secs(((16 - 2) * 60 + 59) * 60 + 58));
    let visitor = app.visitor().await?;
    let received = apply(&visitor, &call, "Sokha Chan", "sokha@applicant.example", "passport").await?;
    assert_eq!(received.status(), 201);
    let page = received.text().await?;
    assert!(page.contains("TEST-2026-0001"), "the receipt number");
    let link_path = format!("/applications/{}", between(&page, "/applications/", "\""));
    assert!(link_path.len() > "/applications/ap_".len() + 20, "{link_path}");
    app.run_jobs().await?;
    let mail = app.outbox()?.into_iter().find(|m| m.to.contains("sokha@applicant.example"));
    let mail = mail.ok_or_else(|| anyhow::anyhow!("an acknowledgement"))?;
    assert!(mail.subject.contains("TEST-2026-0001"));
    assert!(mail.text.contains("passport.pdf") && mail.text.contains("cv.pdf"), "what was received: {}", mail.text);
    assert!(mail.link("/applications/").is_some(), "the personal link");
    let (status, own) = visitor.get_text(&link_path).await?;
    assert_eq!(status, 200);
    assert!(own.contains("TEST-2026-0001") && own.contains("passport.pdf"));

    // The deadline second itself is still on time; one second after, the server refuses.
    app.clock.advance(jiff::SignedDuration::from_secs(1));
    let at = apply(&app.visitor().await?, &call, "Dara Last", "dara@applicant.example", "passport").await?;
    assert_eq!(at.status(), 201, "at 23:59:59 exactly");
    app.clock.advance(jiff::SignedDuration::from_secs(1));
    let late = apply(&app.visitor().await?, &call, "Vanna Late", "vanna@applicant.example", "passport").await?;
    assert_eq!(late.status(), 422);
    assert!(late.text().await?.contains("La date limite est passée"));
    // Nor can the applicant replace a document after it.
    let replaced = visitor
        .post_multipart(&format!("{link_path}/documents"), |form: Form| {
            form.part("document_cv", file("cv2.pdf", pdf("new cv")))
        })
        .await?;
    assert_eq!(replaced.status(), 422);
    let (_, applications) = app.signed_in(COORDINATOR).await?.get_text(&format!("/calls/{call}/applications")).await?;
    assert!(applications.contains("TEST-2026-0002") && !applications.contains("TEST-2026-0003"));
    Ok(())
}

async fn an_identity_document_is_unreadable_on_disk_and_opened_only_by_managers_each_time_in_the_trail(
    app: TestApp,
) -> anyhow::Result<()> {
    let call = write_call(&app).await?;
    let visitor = app.visitor().await?;
    let received = apply(&visitor, &call, "Sokha Chan", "sokha@applicant.example", "PASSPORT-NUMBER-N0123456").await?;
    assert_eq!(received.status(), 201);
    let page = received.text().await?;
    let link_path = format!("/applications/{}", between(&page, "/applications/", "\""));
    let (_, own) = visitor.get_text(&link_path).await?;
    let passport = own
        .split(&format!("href=\"{link_path}/documents/"))
        .skip(1)
        .find(|s| s.contains("passport.pdf"))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let id = mekong_core::ids::ApplicationDocumentId(uuid::Uuid::parse_str(&passport)?);
    let on_disk = std::fs::read(app.app.sealed_document_path(id))?;
    assert!(!on_disk.windows(8).any(|w| w == b"PASSPORT"), "no plain text on disk");
    assert!(!on_disk.starts_with(b"%PDF"), "not the PDF itself");
    let expected = pdf("PASSPORT-NUMBER-N0123456");
    let through_link = visitor.get(&format!("{link_path}/documents/{passport}")).await?;
    assert_eq!(through_link.status(), 200);
    assert_eq!(through_link.bytes().await?.to_vec(), expected, "the applicant reads it back");

    // The coordinator wrote the call: its manager. They name the demo evaluator.
    let coordinator = app.signed_in(COORDINATOR).await?;
    let named = coordinator
        .post_form(&format!("/calls/{call}/committee"), &[("email", EVALUATOR), ("role", "evaluator")])
        .await?;
    assert_eq!(named.status(), 303);
    let opened = coordinator.get(&format!("/calls/{call}/documents/{passport}")).await?;
    assert_eq!(opened.status(), 200);
    assert_eq!(opened.bytes().await?.to_vec(), expected, "the manager reads it");
    let evaluator = app.signed_in(EVALUATOR).await?;
    let (_, application) = evaluator.get_text(&format!("/calls/{call}/applications")).await?;
    let detail = between(&application, &format!("href=\"/calls/{call}/applications/"), "\"");
    let declared = evaluator
        .post_form(&format!("/calls/{call}/applications/{detail}/declaration"), &[("declaration", "no_conflict")])
        .await?;
    assert_eq!(declared.status(), 303);
    assert_eq!(evaluator.get(&format!("/calls/{call}/documents/{passport}")).await?.status(), 403);
    let (status, shown) = evaluator.get_text(&format!("/calls/{call}/applications/{detail}")).await?;
    assert_eq!(status, 200);
    assert!(shown.contains("cv.pdf") && !shown.contains("passport.pdf"), "the evaluator does not see it listed");
    // Someone off the committee reads nothing.
    let outsider = app.signed_in("focal.hue@mekong.example").await?;
    assert_eq!(outsider.get(&format!("/calls/{call}/documents/{passport}")).await?.status(), 403);

    let filter = mekong_app::audit::AuditFilter { limit: 100, ..Default::default() };
    let trail = app.app.audit_trail(&Actor::command_line(), filter).await?;
    let openings: Vec<_> = trail
        .iter()
        .filter(|e| e.change.action == "application.document_opened")
        .filter(|e| e.change.after.as_ref().is_some_and(|a| a.to_string().contains(&passport)))
        .collect();
    assert_eq!(openings.len(), 2, "the applicant's and the manager's openings");
    Ok(())
}

async fn an_applicant_never_sits_on_the_committee_and_a_call_scope_needs_a_real_call(
    app: TestApp,
) -> anyhow::Result<()> {
    let call = write_call(&app).await?;
    // The partner applies with their account's address.
    let partner = app.signed_in("partner@mekong.example").await?;
    assert_eq!(apply(&partner, &call, "Partner", "partner@mekong.example", "passport").await?.status(), 201);
    let again = apply(&partner, &call, "Partner", "partner@mekong.example", "passport").await?;
    assert_eq!(again.status(), 422, "one application per address");
    let coordinator = app.signed_in(COORDINATOR).await?;
    let refused = coordinator
        .post_form(&format!("/calls/{call}/committee"), &[("email", "partner@mekong.example"), ("role", "evaluator")])
        .await?;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await?.contains("a candidaté"), "said why (in French)");
    // A committee member cannot apply.
    let named = coordinator
        .post_form(&format!("/calls/{call}/committee"), &[("email", EVALUATOR), ("role", "evaluator")])
        .await?;
    assert_eq!(named.status(), 303);
    let (_, committee) = coordinator.get_text(&format!("/calls/{call}/committee")).await?;
    assert!(committee.contains(EVALUATOR) && committee.contains(COORDINATOR));
    let member = apply(&app.visitor().await?, &call, "Evaluator", EVALUATOR, "passport").await?;
    assert_eq!(member.status(), 422);
    // The admin's user page grants a call scope only on a call that exists.
    let admin = app.signed_in("admin@mekong.example").await?;
    let (_, users) = admin.get_text("/admin/users").await?;
    let user = users
        .split("href=\"/admin/users/")
        .find(|s| s.contains("Applicant (demo)"))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let made_up = admin
        .post_form(
            &format!("/admin/users/{user}/roles"),
            &[("role", "evaluator"), ("scope", "0195d8a0-0000-7000-8000-0000000000ff")],
        )
        .await?;
    assert_eq!(made_up.status(), 422, "no such call");
    let real =
        admin.post_form(&format!("/admin/users/{user}/roles"), &[("role", "evaluator"), ("scope", &call)]).await?;
    assert_eq!(real.status(), 303);
    Ok(())
}

async fn the_demo_call_is_run_by_its_committee_only(app: TestApp) -> anyhow::Result<()> {
    let applications = format!("/calls/{DEMO_CALL}/applications");
    let evaluator = app.signed_in(EVALUATOR).await?;
    let (status, list) = evaluator.get_text(&applications).await?;
    assert_eq!(status, 200);
    assert!(list.contains("RVASE-2025-0001") && list.contains("RVASE-2025-0004"));
    assert_eq!(evaluator.get(&format!("/calls/{DEMO_CALL}/documents/{DEMO_DOCUMENT}")).await?.status(), 200);
    let (_, shown) = evaluator.get_text(&format!("{applications}/{DEMO_APPLICATION}")).await?;
    assert!(!shown.contains("identity_document.pdf"), "identity documents withheld from evaluators");
    // The holder of the post recruited (the coordinator) is not on its committee.
    let coordinator = app.signed_in(COORDINATOR).await?;
    assert_eq!(coordinator.get(&applications).await?.status(), 403);
    assert_eq!(coordinator.get(&format!("/calls/{DEMO_CALL}/edit")).await?.status(), 403);
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;
    let (_, managed) = focal.get_text(&format!("{applications}/{DEMO_APPLICATION}")).await?;
    assert!(managed.contains("identity_document.pdf"), "City Hall's manager sees it");
    Ok(())
}

async fn evaluators_declare_first_score_blind_and_the_ranking_flags_disagreement(app: TestApp) -> anyhow::Result<()> {
    let call = write_call(&app).await?;
    let applied = apply(&app.visitor().await?, &call, "Sokha Chan", "sokha@applicant.example", "passport").await?;
    assert_eq!(applied.status(), 201);
    let coordinator = app.signed_in(COORDINATOR).await?;
    for member in [EVALUATOR, "focal.hue@mekong.example", "focal.phnompenh@mekong.example"] {
        let named = coordinator
            .post_form(&format!("/calls/{call}/committee"), &[("email", member), ("role", "evaluator")])
            .await?;
        assert_eq!(named.status(), 303, "{member} named");
    }
    let (_, list) = coordinator.get_text(&format!("/calls/{call}/applications")).await?;
    let page =
        format!("/calls/{call}/applications/{}", between(&list, &format!("href=\"/calls/{call}/applications/"), "\""));
    let (_, managed) = coordinator.get_text(&page).await?;
    let cv = between(&managed, &format!("href=\"/calls/{call}/documents/"), "\"");
    let cv = format!("/calls/{call}/documents/{cv}");

    // Before declaring, the evaluator sees the applicant's name but nothing of the file.
    let first = app.signed_in(EVALUATOR).await?;
    let (_, before) = first.get_text(&page).await?;
    assert!(before.contains("name=\"declaration\"") && !before.contains("cv.pdf"));
    assert_eq!(first.get(&cv).await?.status(), 403);
    assert_eq!(first.post_form(&format!("{page}/declaration"), &[("declaration", "no_conflict")]).await?.status(), 303);
    assert_eq!(first.get(&cv).await?.status(), 200);
    let scores = |score: &'static str, comment: &'static str| {
        [("eligible_0", "yes"), ("eligible_1", "yes"), ("score_0", score), ("score_1", score), ("comment_0", comment)]
    };
    let submitted = first.post_form(&format!("{page}/evaluation"), &scores("10", "Excellent urban record")).await?;
    assert_eq!(submitted.status(), 303);
    let again = first.post_form(&format!("{page}/evaluation"), &scores("9", "Second thoughts")).await?;
    assert_eq!(again.status(), 422, "an evaluation is submitted once");

    // The second evaluator scores blind: the first one's comment appears only after their own.
    let second = app.signed_in("focal.hue@mekong.example").await?;
    assert_eq!(
        second.post_form(&format!("{page}/declaration"), &[("declaration", "no_conflict")]).await?.status(),
        303
    );
    let (_, blind) = second.get_text(&page).await?;
    assert!(blind.contains("name=\"score_0\"") && !blind.contains("Excellent urban record"), "blind scoring");
    assert_eq!(second.post_form(&format!("{page}/evaluation"), &scores("2", "Thin experience")).await?.status(), 303);
    let (_, after) = second.get_text(&page).await?;
    assert!(after.contains("Excellent urban record"), "the others' scores after one's own");

    // A declared conflict excludes the third from the file.
    let third = app.signed_in("focal.phnompenh@mekong.example").await?;
    assert_eq!(third.post_form(&format!("{page}/declaration"), &[("declaration", "conflict")]).await?.status(), 303);
    assert_eq!(third.get(&cv).await?.status(), 403);
    assert_eq!(third.post_form(&format!("{page}/evaluation"), &scores("5", "")).await?.status(), 422);

    // The ranking: the mean of 10.00 and 2.00, far apart.
    let (status, ranking) = coordinator.get_text(&format!("/calls/{call}/ranking")).await?;
    assert_eq!(status, 200);
    assert!(ranking.contains("6.00") && ranking.contains("TEST-2026-0001"));
    assert!(ranking.contains("écart important entre évaluateurs"), "the disagreement is flagged");
    assert_eq!(first.get(&format!("/calls/{call}/ranking")).await?.status(), 403, "evaluators do not rank");
    Ok(())
}
