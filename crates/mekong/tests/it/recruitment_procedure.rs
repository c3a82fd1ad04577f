//! A call from its ranking to its decision, through the pages: the shortlist with its
//! justification; the second stage asked of the shortlisted (in their language) and refused one
//! second after its instant; the managers' check; the medical certificate never shown to an
//! evaluator; interview slots raced for by two candidates (one wins, in SQL); invitations read
//! back by an independent iCalendar parser; interview scores blind; the decision mailed to every
//! applicant in their language; the evaluation report read back by pdftotext.

use crate::events::{parse_calendar, prop};
use crate::recruitment::{COORDINATOR, EVALUATOR, apply_in, file, pdf, write_call};
use mekong_core::Clock;
use mekong_core::ids::CallId;
use mekong_testkit::page::between;
use mekong_testkit::{HttpSession, TestApp, backend_tests, skip_or_fail};
use reqwest::multipart::Form;

backend_tests!(
    the_shortlisted_send_their_second_stage_until_its_instant_and_the_managers_check_it,
    candidates_race_for_a_slot_and_the_interview_and_decision_reach_everyone_in_their_language,
);

/// An applicant: their session, personal page and application id.
struct Candidate {
    session: HttpSession,
    page: String,
    id: String,
}

/// Applies to `call` and finds the application's id on the managers' list.
async fn candidate(
    app: &TestApp,
    call: &str,
    name: &str,
    email: &str,
    language: &'static str,
) -> anyhow::Result<Candidate> {
    let session = app.visitor().await?;
    let applied = apply_in(&session, call, name, email, "passport", language).await?;
    anyhow::ensure!(applied.status() == 201, "{name} applied");
    let page = format!("/applications/{}", between(&applied.text().await?, "/applications/", "\""));
    let coordinator = app.signed_in(COORDINATOR).await?;
    let (_, list) = coordinator.get_text(&format!("/calls/{call}/applications")).await?;
    let id = list
        .split(&format!("href=\"/calls/{call}/applications/"))
        .skip(1)
        .find(|row| row.split("</tr>").next().is_some_and(|r| r.contains(name)))
        .and_then(|row| row.split('"').next())
        .unwrap_or_default()
        .to_owned();
    Ok(Candidate { session, page, id })
}

/// Sends one document from the applicant's personal page.
async fn upload(
    session: &HttpSession,
    page: &str,
    field: &'static str,
    name: &'static str,
) -> anyhow::Result<reqwest::Response> {
    session
        .post_multipart(&format!("{page}/documents"), move |form: Form| form.part(field, file(name, pdf(name))))
        .await
}

async fn the_shortlisted_send_their_second_stage_until_its_instant_and_the_managers_check_it(
    app: TestApp,
) -> anyhow::Result<()> {
    let call = write_call(&app).await?;
    let sokha = candidate(&app, &call, "Sokha Chan", "sokha@applicant.example", "en").await?;
    let dara = candidate(&app, &call, "Dara Pich", "dara@applicant.example", "fr").await?;
    app.clock.advance(jiff::SignedDuration::from_hours(15));
    let coordinator = app.signed_in(COORDINATOR).await?;
    let shortlist = format!("/calls/{call}/shortlist");

    // A shortlist needs its justification; the error shows by the field and keeps the choice.
    let refused = coordinator.post_form(&shortlist, &[("chosen", &sokha.id)]).await?;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await?;
    assert!(page.contains("id=\"justification-error\""));
    assert!(page.contains(&format!("value=\"{}\" checked", sokha.id)), "the choice is kept");
    let decided = coordinator
        .post_form(&shortlist, &[("chosen", &sokha.id), ("justification", "Best ranked, eligible file")])
        .await?;
    assert_eq!(decided.status(), 303);
    let (_, list) = coordinator.get_text(&format!("/calls/{call}/applications")).await?;
    assert!(list.contains("Présélectionnée") || list.contains("présélectionn"), "statuses changed: {list}");

    // The second stage: before the call's deadline is refused; then requested.
    let early = coordinator
        .post_form(
            &format!("/calls/{call}/stage-two"),
            &[("stage_two_date", "2026-11-29"), ("stage_two_time", "12:00:00")],
        )
        .await?;
    assert_eq!(early.status(), 422);
    let requested = coordinator
        .post_form(
            &format!("/calls/{call}/stage-two"),
            &[("stage_two_date", "2026-12-04"), ("stage_two_time", "23:59:59")],
        )
        .await?;
    assert_eq!(requested.status(), 303);
    app.run_jobs().await?;
    let outbox = app.outbox()?;
    let asked = outbox.iter().find(|m| m.to == "sokha@applicant.example" && m.subject.contains("shortlisted"));
    let asked = asked.ok_or_else(|| anyhow::anyhow!("the request, in English"))?;
    assert!(asked.text.contains("2026-12-04 23:59:59 Asia/Phnom_Penh") && asked.text.contains("Medical certificate"));
    assert!(!outbox.iter().any(|m| m.to == "dara@applicant.example" && m.subject.contains("présélectionné")));
    let again =
        coordinator.post_form(&shortlist, &[("chosen", &dara.id), ("justification", "Changed our mind")]).await?;
    assert_eq!(again.status(), 422, "the shortlist is fixed once the second stage is asked for");

    // The shortlisted candidate's page asks for the second stage's documents; the other's does not.
    let (_, own) = sokha.session.get_text(&sokha.page).await?;
    assert!(own.contains("2026-12-04 23:59:59 Asia/Phnom_Penh (UTC+07:00)"));
    assert!(
        own.contains("name=\"document_medical_certificate\"") && own.contains("name=\"document_certified_diplomas\"")
    );
    let (_, other) = dara.session.get_text(&dara.page).await?;
    assert!(!other.contains("document_medical_certificate"));
    assert_eq!(upload(&dara.session, &dara.page, "document_medical_certificate", "medical.pdf").await?.status(), 422);
    assert_eq!(upload(&sokha.session, &sokha.page, "document_medical_certificate", "medical.pdf").await?.status(), 303);

    // The evaluator never sees the medical certificate; the manager opens it.
    let (_, own) = sokha.session.get_text(&sokha.page).await?;
    let medical = own
        .split(&format!("href=\"{}/documents/", sokha.page))
        .skip(1)
        .find(|s| s.contains("medical.pdf"))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let named = coordinator
        .post_form(&format!("/calls/{call}/committee"), &[("email", EVALUATOR), ("role", "evaluator")])
        .await?;
    assert_eq!(named.status(), 303);
    let evaluator = app.signed_in(EVALUATOR).await?;
    let detail = format!("/calls/{call}/applications/{}", sokha.id);
    assert_eq!(
        evaluator.post_form(&format!("{detail}/declaration"), &[("declaration", "no_conflict")]).await?.status(),
        303
    );
    let (_, seen) = evaluator.get_text(&detail).await?;
    assert!(seen.contains("cv.pdf") && !seen.contains("medical.pdf"));
    assert_eq!(evaluator.get(&format!("/calls/{call}/documents/{medical}")).await?.status(), 403);
    assert_eq!(evaluator.get(&shortlist).await?.status(), 403);
    assert_eq!(coordinator.get(&format!("/calls/{call}/documents/{medical}")).await?.status(), 200);
    // An applicant reaches only their own documents.
    assert_eq!(dara.session.get(&format!("{}/documents/{medical}", dara.page)).await?.status(), 404);

    // The managers' check, per shortlisted candidate.
    let check = coordinator
        .post_form(
            &format!("/calls/{call}/applications/{}/check", sokha.id),
            &[("certified", "yes"), ("identity_valid", "yes"), ("note", "Passport valid until 2030")],
        )
        .await?;
    assert_eq!(check.status(), 303);
    let (_, checked) = coordinator.get_text(&shortlist).await?;
    assert!(checked.contains("Passport valid until 2030"));
    let not_shortlisted = coordinator
        .post_form(&format!("/calls/{call}/applications/{}/check", dara.id), &[("certified", "yes")])
        .await?;
    assert_eq!(not_shortlisted.status(), 422);

    // The deadline second itself is on time; one second after, the server refuses.
    app.clock.advance(jiff::SignedDuration::from_secs(4 * 86_400 - 1));
    assert_eq!(upload(&sokha.session, &sokha.page, "document_certified_diplomas", "diplomas.pdf").await?.status(), 303);
    app.clock.advance(jiff::SignedDuration::from_secs(1));
    assert_eq!(
        upload(&sokha.session, &sokha.page, "document_certified_diplomas", "diplomas2.pdf").await?.status(),
        422
    );
    Ok(())
}

async fn candidates_race_for_a_slot_and_the_interview_and_decision_reach_everyone_in_their_language(
    app: TestApp,
) -> anyhow::Result<()> {
    let call = write_call(&app).await?;
    let sokha = candidate(&app, &call, "Sokha Chan", "sokha@applicant.example", "en").await?;
    let dara = candidate(&app, &call, "Dara Pich", "dara@applicant.example", "fr").await?;
    let minh = candidate(&app, &call, "Minh Tran", "minh@applicant.example", "vi").await?;
    app.clock.advance(jiff::SignedDuration::from_hours(15));
    let coordinator = app.signed_in(COORDINATOR).await?;
    let chosen = [("chosen", sokha.id.as_str()), ("chosen", dara.id.as_str()), ("justification", "The two best files")];
    assert_eq!(coordinator.post_form(&format!("/calls/{call}/shortlist"), &chosen).await?.status(), 303);
    let stage_two = [("stage_two_date", "2026-12-04"), ("stage_two_time", "23:59:59")];
    assert_eq!(coordinator.post_form(&format!("/calls/{call}/stage-two"), &stage_two).await?.status(), 303);

    // Slots, typed in Phnom Penh's time.
    let slots = format!("/calls/{call}/interviews");
    let backwards = [("date", "2026-12-08"), ("starts", "10:00"), ("ends", "09:00"), ("place", "City Hall")];
    assert_eq!(coordinator.post_form(&slots, &backwards).await?.status(), 422);
    for (starts, ends, place) in
        [("09:00", "10:00", "https://visio.example/rvase"), ("10:30", "11:30", "City Hall, room 2")]
    {
        let slot = [("date", "2026-12-08"), ("starts", starts), ("ends", ends), ("place", place)];
        assert_eq!(coordinator.post_form(&slots, &slot).await?.status(), 303);
    }
    let (_, own) = sokha.session.get_text(&sokha.page).await?;
    assert!(own.contains("2026-12-08 09:00:00 Asia/Phnom_Penh (UTC+07:00) – 10:00"), "{own}");
    let first = between(&own, "name=\"slot\" value=\"", "\"");
    let (_, minh_page) = minh.session.get_text(&minh.page).await?;
    assert!(!minh_page.contains("name=\"slot\""), "not shortlisted: nothing to book");
    assert_eq!(minh.session.post_form(&format!("{}/interview", minh.page), &[("slot", &first)]).await?.status(), 422);

    // Both shortlisted candidates take the first slot at once: one has it.
    let (sokha_books, dara_books) = (format!("{}/interview", sokha.page), format!("{}/interview", dara.page));
    let slot = [("slot", first.as_str())];
    let (a, b) = tokio::join!(sokha.session.post_form(&sokha_books, &slot), dara.session.post_form(&dara_books, &slot));
    let mut statuses = [a?.status().as_u16(), b?.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 422], "one booking wins");
    let (winner, loser) = if sokha.session.get_text(&sokha.page).await?.1.contains("name=\"slot\"") {
        (&dara, &sokha)
    } else {
        (&sokha, &dara)
    };
    let (_, loser_page) = loser.session.get_text(&loser.page).await?;
    let second = between(&loser_page, "name=\"slot\" value=\"", "\"");
    assert_ne!(second, first);
    assert_eq!(
        loser.session.post_form(&format!("{}/interview", loser.page), &[("slot", &second)]).await?.status(),
        303
    );
    assert_eq!(
        winner.session.post_form(&format!("{}/interview", winner.page), &[("slot", &second)]).await?.status(),
        422,
        "one slot per candidate"
    );

    // The invitations: to the candidate and to the panel, parsed back.
    app.run_jobs().await?;
    let outbox = app.outbox()?;
    let invitation = outbox
        .iter()
        .find(|m| m.to == "sokha@applicant.example" && m.subject.starts_with("Interview"))
        .ok_or_else(|| anyhow::anyhow!("the candidate's invitation"))?;
    let calendar = invitation.attachments.iter().find(|(_, t, _)| t.starts_with("text/calendar"));
    let (_, _, text) = calendar.ok_or_else(|| anyhow::anyhow!("an iCalendar attachment"))?;
    let (properties, events) = parse_calendar(text)?;
    assert_eq!(prop(&properties, "METHOD"), Some("REQUEST"));
    let event = events.first().ok_or_else(|| anyhow::anyhow!("one event"))?;
    let attendees: Vec<&str> = event.iter().filter(|(n, _)| n == "ATTENDEE").map(|(_, v)| v.as_str()).collect();
    assert!(
        attendees.contains(&"mailto:sokha@applicant.example")
            && attendees.contains(&"mailto:coordinator@mekong.example")
    );
    assert!(outbox.iter().any(|m| m.to == COORDINATOR && m.subject.starts_with("Entretien")), "the panel, in French");

    // Interview scores, blind: the second member sees the first's only after their own.
    for (member, role) in [(EVALUATOR, "evaluator"), ("focal.hue@mekong.example", "evaluator")] {
        let named =
            coordinator.post_form(&format!("/calls/{call}/committee"), &[("email", member), ("role", role)]).await?;
        assert_eq!(named.status(), 303);
    }
    let interview = format!("/calls/{call}/interviews/{}", sokha.id);
    let scores =
        |value: &'static str, comment: &'static str| [("score_0", value), ("score_1", value), ("comment_0", comment)];
    let evaluator = app.signed_in(EVALUATOR).await?;
    assert_eq!(evaluator.post_form(&interview, &[("score_0", "11")]).await?.status(), 422);
    assert_eq!(evaluator.post_form(&interview, &scores("9", "Convincing on urban governance")).await?.status(), 303);
    assert_eq!(evaluator.post_form(&interview, &scores("3", "again")).await?.status(), 422, "once");
    let second = app.signed_in("focal.hue@mekong.example").await?;
    let (_, blind) = second.get_text(&interview).await?;
    assert!(blind.contains("name=\"score_0\"") && !blind.contains("Convincing on urban governance"));
    assert_eq!(second.post_form(&interview, &scores("7", "Good")).await?.status(), 303);
    let (_, after) = second.get_text(&interview).await?;
    assert!(after.contains("Convincing on urban governance"));

    // The decision: among the shortlisted only, with reasons; then once.
    let decision = format!("/calls/{call}/decision");
    let outside = [("selected", minh.id.as_str()), ("reasons", "x")];
    assert_eq!(coordinator.post_form(&decision, &outside).await?.status(), 422);
    let decided =
        [("selected", sokha.id.as_str()), ("reserve", dara.id.as_str()), ("reasons", "Best interview and file")];
    assert_eq!(coordinator.post_form(&decision, &decided).await?.status(), 303);
    assert_eq!(coordinator.post_form(&decision, &decided).await?.status(), 422, "decided once");
    let call_id = CallId(uuid::Uuid::parse_str(&call)?);
    let store = mekong_store::Store::connect(&app.database.url).await?;
    assert_eq!(store.call_decided_at(call_id).await?, Some(app.clock.now()), "kept for the retention job");
    app.run_jobs().await?;
    let outbox = app.outbox()?;
    let told = |to: &str, words: &str| outbox.iter().any(|m| m.to == to && m.text.contains(words));
    assert!(told("sokha@applicant.example", "has been selected"), "selected, in English");
    assert!(told("dara@applicant.example", "liste de réserve"), "reserve, in French");
    assert!(told("minh@applicant.example", "không được sơ tuyển"), "not shortlisted, in Vietnamese");
    let (_, own) = sokha.session.get_text(&sokha.page).await?;
    assert!(own.contains("Retenu") || own.contains("Selected"), "the applicant sees the outcome");

    // The evaluation report, for the managers only, read back.
    assert_eq!(evaluator.get(&format!("/calls/{call}/report.pdf")).await?.status(), 403);
    let report = coordinator.get(&format!("/calls/{call}/report.pdf")).await?;
    assert_eq!(report.status(), 200);
    let bytes = report.bytes().await?;
    assert!(bytes.starts_with(b"%PDF"));
    if std::process::Command::new("pdftotext").arg("-v").output().is_err() {
        return skip_or_fail("poppler-utils (pdftotext)");
    }
    let pdf_file = tempfile::Builder::new().suffix(".pdf").tempfile()?;
    std::fs::write(pdf_file.path(), &bytes)?;
    let text =
        String::from_utf8(std::process::Command::new("pdftotext").arg(pdf_file.path()).arg("-").output()?.stdout)?;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Rapport d'évaluation",
        "Chargé·e de mission test",
        "Le comité",
        "Déclarations d'intérêts",
        "TEST-2026-0001 Sokha Chan",
        "The two best files",
        "Best interview and file",
        "Liste de réserve: TEST-2026-0002 Dara Pich",
    ] {
        assert!(flat.contains(expected), "{expected} in the report:\n{flat}");
    }
    Ok(())
}

/// A real Chromium on a phone-sized screen: the shortlisted candidate sends the second stage's
/// medical certificate and books an interview from their personal page, and sees the decision
/// there once the managers have recorded it (the letter arrives as well).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shortlisted_candidate_sends_documents_books_an_interview_and_sees_the_decision_in_a_browser()
-> anyhow::Result<()> {
    use fantoccini::Locator;
    let Some(browser) = mekong_testkit::Browser::start().await? else { return Ok(()) };
    let app = TestApp::start(mekong_testkit::TestBackend::Sqlite).await?;
    let call = write_call(&app).await?;
    let sokha = candidate(&app, &call, "Sokha Chan", "sokha@applicant.example", "fr").await?;
    app.clock.advance(jiff::SignedDuration::from_hours(15));
    let coordinator = app.signed_in(COORDINATOR).await?;
    let chosen = [("chosen", sokha.id.as_str()), ("justification", "Best file")];
    assert_eq!(coordinator.post_form(&format!("/calls/{call}/shortlist"), &chosen).await?.status(), 303);
    let stage_two = [("stage_two_date", "2026-12-04"), ("stage_two_time", "23:59:59")];
    assert_eq!(coordinator.post_form(&format!("/calls/{call}/stage-two"), &stage_two).await?.status(), 303);
    let slot = [("date", "2026-12-08"), ("starts", "09:00"), ("ends", "10:00"), ("place", "Mairie, salle 2")];
    assert_eq!(coordinator.post_form(&format!("/calls/{call}/interviews"), &slot).await?.status(), 303);

    let page = &browser.client;
    let i18n = mekong_i18n::I18n::load();
    page.goto(&app.url(&sokha.page)).await?;
    let certificate = tempfile::Builder::new().suffix(".pdf").tempfile()?;
    std::fs::write(certificate.path(), pdf("medical certificate"))?;
    let input = page.find(Locator::Id("document_medical_certificate")).await?;
    input.send_keys(&certificate.path().display().to_string()).await?;
    let form = page.find(Locator::XPath("//input[@id='document_medical_certificate']/ancestor::form")).await?;
    form.find(Locator::Css("button[type='submit']")).await?.click().await?;
    page.wait().for_element(Locator::Css(".flash")).await?;
    let main = page.find(Locator::Css("main")).await?.text().await?;
    assert!(main.contains(&i18n.message(mekong_i18n::Lang::Fr, "recruitment-document-medical-certificate")), "{main}");

    page.find(Locator::Css("input[name='slot']")).await?.click().await?;
    // The upload's message goes first, so that the wait below finds the booking's own.
    page.execute("document.querySelectorAll('.flash').forEach(f => f.remove())", vec![]).await?;
    page.find(Locator::Css("form[action$='/interview'] button[type='submit']")).await?.click().await?;
    page.wait().for_element(Locator::Css(".flash")).await?;
    let main = page.find(Locator::Css("main")).await?.text().await?;
    assert!(main.contains(&i18n.message(mekong_i18n::Lang::Fr, "interview-your-slot")), "{main}");
    assert!(main.contains("2026-12-08 09:00:00 Asia/Phnom_Penh"));
    browser.screenshot("recruitment-interview-booked").await?;
    let widths = page.execute("return [document.documentElement.scrollWidth, window.innerWidth]", vec![]).await?;
    assert!(widths[0].as_u64().is_some_and(|w| w <= 360), "page wider than the screen: {widths}");

    let decided = [("selected", sokha.id.as_str()), ("reasons", "Best interview")];
    assert_eq!(coordinator.post_form(&format!("/calls/{call}/decision"), &decided).await?.status(), 303);
    app.run_jobs().await?;
    page.refresh().await?;
    let main = page.find(Locator::Css("main")).await?.text().await?;
    assert!(main.contains(&i18n.message(mekong_i18n::Lang::Fr, "application-status-selected")), "{main}");
    let letters = app.outbox()?;
    assert!(letters.iter().any(|m| m.to == "sokha@applicant.example" && m.text.contains("a été retenue")));
    browser.close().await
}
