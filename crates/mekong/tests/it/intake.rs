//! Applications reaching a call outside its form: an `.eml` fixture with attachments and an mbox
//! with a message sent to two of the call's addresses and a late one, imported into the demo
//! call (closed on 30 November 2025 at 23:59:59 in Phnom Penh) by its manager; the receiving
//! server's time kept, copies merged, the late one flagged, attachments kinds guessed and
//! corrected; a broken mailbox changing nothing, named; an application recorded by hand; and
//! `mekong import applications`. Then personal data: an applicant's download and request for
//! erasure, carried out by a manager; and the retention job erasing every applicant's personal
//! data 24 months after the decision and not a day before, the decision record kept and
//! `mekong audit verify` passing after it. Last, the calls API (an evaluator never gets a
//! sensitive document; the owner reads their own application) and the applications export read
//! back from CSV and XLSX.

use mekong_app::demo::{DEMO_APPLICATION, DEMO_APPLICATION_LINK, DEMO_CALL};
use mekong_app::policy::Actor;
use mekong_core::ids::CallId;
use mekong_core::recruitment::{Application, ApplicationDocument, Channel, DocumentKind};
use mekong_testkit::page::location;
use mekong_testkit::{HttpSession, TestApp, backend_tests};
use reqwest::multipart::{Form, Part};
use std::io::Read;
use std::process::Command;

backend_tests!(
    mail_is_imported_with_its_attachments_copies_merged_late_ones_flagged_and_once_only,
    a_broken_mailbox_changes_nothing_and_is_named,
    an_application_handed_in_is_recorded_by_hand,
    the_command_line_imports_applications_from_mail,
    an_applicant_downloads_their_data_and_asks_for_erasure_which_a_manager_carries_out,
    personal_data_is_erased_after_the_retention_time_and_the_trail_still_verifies,
    the_calls_api_keeps_sensitive_documents_from_evaluators_and_the_export_reads_back,
);

const SECRETARIAT: &str = "secretariat@mekong.example";
const APPLICATION_EML: &[u8] = include_bytes!("fixtures/intake-application.eml");

/// A message as the call's mailbox keeps it, in mbox form (a `From ` line first).
/// Without `received`, the message lost its `Received:` headers (forwarded, not exported).
fn mbox_message(from: &str, to: &str, id: &str, date: &str, received: Option<&str>, attachment: &str) -> String {
    let hops = received.map_or(String::new(), |received| {
        format!(
            "Received: from mx.provider.example by mail.aimf.example; {received}\n\
             Received: from laptop by mx.provider.example; {date}\n"
        )
    });
    format!(
        "From {from} Mon Dec  1 08:00:00 2025\n\
         {hops}\
         From: {from}\n\
         To: {to}\n\
         Date: {date}\n\
         Message-ID: <{id}>\n\
         Subject: Candidature\n\
         MIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"part\"\n\n\
         --part\nContent-Type: text/plain\n\nPlease find my file attached.\n\
         --part\nContent-Type: application/pdf; name=\"{attachment}\"\n\
         Content-Disposition: attachment; filename=\"{attachment}\"\n\
         Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKJSBjdgo=\n--part--\n\n"
    )
}

/// Dara's message received at both of the call's addresses, four seconds apart, and Minh's,
/// written two minutes before the deadline and received by our server eight seconds after it.
fn mailbox() -> String {
    mailbox_with(Some("Sun, 30 Nov 2025 22:00:04 +0700"))
}

/// The mailbox, with the second copy's receipt (none: its `Received:` headers are lost).
fn mailbox_with(second_copy_received: Option<&str>) -> String {
    let dara = "\"Dara Chea\" <dara.chea@example.org>";
    let minh = "\"Minh Tran\" <minh.tran@example.org>";
    [
        mbox_message(
            dara,
            "recrutement@aimf.example",
            "dara-1@example.org",
            "Sun, 30 Nov 2025 21:59:50 +0700",
            Some("Sun, 30 Nov 2025 22:00:00 +0700"),
            "CV Dara.pdf",
        ),
        mbox_message(
            dara,
            "recrutement@phnompenh.example",
            "dara-1@example.org",
            "Sun, 30 Nov 2025 21:59:50 +0700",
            second_copy_received,
            "CV Dara.pdf",
        ),
        mbox_message(
            minh,
            "recrutement@aimf.example",
            "minh-1@example.org",
            "Sun, 30 Nov 2025 23:58:00 +0700",
            Some("Mon, 1 Dec 2025 00:00:07 +0700"),
            "scan.pdf",
        ),
    ]
    .concat()
}

async fn import(manager: &HttpSession, files: Vec<(&str, Vec<u8>)>) -> anyhow::Result<(u16, String)> {
    let files: Vec<(String, Vec<u8>)> = files.into_iter().map(|(n, b)| (n.to_owned(), b)).collect();
    let response = manager
        .post_multipart(&format!("/calls/{DEMO_CALL}/applications/import"), move |mut form: Form| {
            for (name, bytes) in files {
                form = form.part("files", Part::bytes(bytes).file_name(name));
            }
            form
        })
        .await?;
    Ok((response.status().as_u16(), response.text().await?))
}

async fn applications(app: &TestApp) -> anyhow::Result<Vec<Application>> {
    let call = CallId(uuid::Uuid::parse_str(DEMO_CALL)?);
    Ok(app.app.call_applications(&Actor::command_line(), call).await?.1)
}

async fn documents(app: &TestApp, application: &Application) -> anyhow::Result<Vec<ApplicationDocument>> {
    Ok(app.app.application_detail(&Actor::command_line(), application.call, application.id).await?.documents)
}

fn by_email<'a>(applications: &'a [Application], email: &str) -> anyhow::Result<&'a Application> {
    applications.iter().find(|a| a.email.as_str() == email).ok_or_else(|| anyhow::anyhow!("no application of {email}"))
}

async fn mail_is_imported_with_its_attachments_copies_merged_late_ones_flagged_and_once_only(
    app: TestApp,
) -> anyhow::Result<()> {
    let before = applications(&app).await?.len();
    let manager = app.signed_in(SECRETARIAT).await?;
    let files = vec![("sophea.eml", APPLICATION_EML.to_vec()), ("recrutement.mbox", mailbox().into_bytes())];
    let (status, page) = import(&manager, files.clone()).await?;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Sophea Kim") && page.contains("Dara Chea") && page.contains("Minh Tran"), "{page}");
    assert!(page.contains("notes.txt"), "the text attachment is set aside, named: {page}");

    let all = applications(&app).await?;
    assert_eq!(all.len(), before + 3, "Dara's two copies make one application");
    let sophea = by_email(&all, "sophea.kim@example.org")?;
    assert_eq!(sophea.channel, Channel::Email);
    assert_eq!(sophea.name, "Sophea Kim");
    assert_eq!(sophea.received_at.to_string(), "2025-11-30T13:15:03Z", "our server's Received, not the Date");
    assert!(!sophea.late);
    let sophea_documents = documents(&app, sophea).await?;
    let kinds: Vec<(DocumentKind, &str)> = sophea_documents.iter().map(|d| (d.kind, d.name.as_str())).collect();
    assert_eq!(
        kinds,
        vec![
            (DocumentKind::CoverLetter, "Lettre de motivation.pdf"),
            (DocumentKind::Cv, "CV_Sophea_Kim.pdf"),
            (DocumentKind::IdentityDocument, "Passeport_Sophea.jpg"),
        ]
    );
    let dara = by_email(&all, "dara.chea@example.org")?;
    assert_eq!(dara.received_at.to_string(), "2025-11-30T15:00:00Z", "the first copy's arrival");
    assert!(!dara.late);
    let minh = by_email(&all, "minh.tran@example.org")?;
    assert!(minh.late, "received after the deadline instant, whatever its Date says");
    assert_eq!(minh.received_at.to_string(), "2025-11-30T17:00:07Z");
    let (_, list) = manager.get_text(&format!("/calls/{DEMO_CALL}/applications")).await?;
    let minh_row = list.split("<tr>").find(|row| row.contains("Minh Tran")).unwrap_or_default();
    assert!(minh_row.contains("tag"), "the late one is flagged in the list: {minh_row}");

    // Each applicant is acknowledged with their receipt and personal link.
    app.run_jobs().await?;
    let outbox = app.outbox()?;
    let letter = outbox.iter().find(|m| m.to.contains("sophea.kim@example.org"));
    assert!(letter.is_some_and(|m| m.text.contains(&sophea.receipt) && m.text.contains("/applications/ap_")));

    // A guess corrected: "scan.pdf" is Minh's identity document.
    let scan = documents(&app, minh).await?;
    assert_eq!(scan.iter().map(|d| d.kind).collect::<Vec<_>>(), vec![DocumentKind::Other]);
    let kinds_page = format!("/calls/{DEMO_CALL}/applications/{}/documents", minh.id);
    let (status, page) = manager.get_text(&kinds_page).await?;
    assert!(status == 200 && page.contains("scan.pdf"), "{status}");
    let corrected = manager
        .post_form(&format!("/calls/{DEMO_CALL}/documents/{}/kind", scan[0].id), &[("kind", "identity_document")])
        .await?;
    assert_eq!(location(&corrected), kinds_page);
    let scan = documents(&app, minh).await?;
    assert_eq!(scan[0].kind, DocumentKind::IdentityDocument);
    let evaluator = app.signed_in("evaluator@mekong.example").await?;
    let refused = evaluator.get(&kinds_page).await?;
    assert_eq!(refused.status(), 403, "the kinds are the managers'");

    // The same files again: recognised by their Message-ID, nothing doubled.
    let (status, page) = import(&manager, files).await?;
    assert_eq!(status, 200);
    assert!(page.contains(&sophea.receipt) && page.contains(&minh.receipt), "named as imported before");
    assert_eq!(applications(&app).await?.len(), before + 3);
    Ok(())
}

async fn a_broken_mailbox_changes_nothing_and_is_named(app: TestApp) -> anyhow::Result<()> {
    let before = applications(&app).await?.len();
    let manager = app.signed_in(SECRETARIAT).await?;
    // The second message lost its Received headers (forwarded rather than exported).
    let broken = mailbox_with(None);
    let files = vec![("sophea.eml", APPLICATION_EML.to_vec()), ("broken.mbox", broken.into_bytes())];
    let (status, page) = import(&manager, files).await?;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("broken.mbox (message 2)"), "the file and the message are named: {page}");
    assert!(page.contains("Received"), "and the problem: {page}");
    assert_eq!(applications(&app).await?.len(), before, "nothing imported, not even the good file");
    // Hostile input is refused, not a crash: a header block of a megabyte.
    let huge = format!("X-Filler: {}\r\n{}", "x".repeat(1024 * 1024), String::from_utf8_lossy(APPLICATION_EML));
    let (status, page) = import(&manager, vec![("huge.eml", huge.into_bytes())]).await?;
    assert_eq!(status, 422);
    assert!(page.contains("huge.eml (message 1)"), "{page}");
    Ok(())
}

async fn an_application_handed_in_is_recorded_by_hand(app: TestApp) -> anyhow::Result<()> {
    let manager = app.signed_in(SECRETARIAT).await?;
    let path = format!("/calls/{DEMO_CALL}/applications/new");
    let (status, form) = manager.get_text(&path).await?;
    assert!(status == 200 && form.contains("Asia/Phnom_Penh"), "the time is read in the call's zone");
    let post = |name: &'static str, date: &'static str| {
        manager.post_multipart(&path, move |form: Form| {
            form.text("name", name)
                .text("email", "bopha.chan@example.org")
                .text("language", "km")
                .text("received_date", date)
                .text("received_time", "09:00")
                .part("document_cv", Part::bytes(b"%PDF-1.4\n% cv\n".to_vec()).file_name("cv.pdf"))
        })
    };
    let refused = post("", "2025-12-01").await?;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await?;
    assert!(page.contains("field-error") && page.contains("bopha.chan@example.org"), "the error, and what was typed");
    let recorded = post("Bopha Chan", "2025-12-01").await?;
    assert_eq!(recorded.status(), 303);
    let all = applications(&app).await?;
    let bopha = by_email(&all, "bopha.chan@example.org")?;
    assert_eq!(location(&recorded), format!("/calls/{DEMO_CALL}/applications/{}", bopha.id));
    assert_eq!(bopha.channel, Channel::ByHand);
    assert_eq!(bopha.received_at.to_string(), "2025-12-01T02:00:00Z");
    assert!(bopha.late, "handed in the morning after the deadline");
    assert_eq!(bopha.language, mekong_core::Lang::Km);
    Ok(())
}

async fn the_command_line_imports_applications_from_mail(app: TestApp) -> anyhow::Result<()> {
    let before = applications(&app).await?.len();
    let dir = tempfile::tempdir()?;
    let eml = dir.path().join("sophea.eml");
    std::fs::write(&eml, APPLICATION_EML)?;
    let mekong = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_mekong"))
            .args(["--database-url", &app.database.url, "--data-dir", &app.database.data_dir.path().to_string_lossy()])
            .args(args)
            .output()
    };
    let eml_path = eml.to_string_lossy().to_string();
    let output = mekong(&["import", "applications", "--call", DEMO_CALL, &eml_path])?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{text}");
    assert!(text.contains("Sophea Kim") && text.contains("1 application(s) created"), "{text}");
    assert_eq!(applications(&app).await?.len(), before + 1);
    let junk = dir.path().join("junk.eml");
    std::fs::write(&junk, "Subject: no sender, no receipt\r\n\r\nhello")?;
    let output = mekong(&["import", "applications", "--call", DEMO_CALL, &junk.to_string_lossy()])?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(!output.status.success() && text.contains("junk.eml (message 1)"), "{text}");
    Ok(())
}

/// Runs `mekong audit verify` on the test's database.
fn audit_verify(app: &TestApp) -> anyhow::Result<(bool, String)> {
    let output = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .args(["--database-url", &app.database.url, "--data-dir", &app.database.data_dir.path().to_string_lossy()])
        .args(["audit", "verify"])
        .output()?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Ok((output.status.success(), text))
}

async fn demo_application(app: &TestApp) -> anyhow::Result<Application> {
    let id = mekong_core::ids::ApplicationId(uuid::Uuid::parse_str(DEMO_APPLICATION)?);
    applications(app).await?.into_iter().find(|a| a.id == id).ok_or_else(|| anyhow::anyhow!("no demo application"))
}

async fn an_applicant_downloads_their_data_and_asks_for_erasure_which_a_manager_carries_out(
    app: TestApp,
) -> anyhow::Result<()> {
    let visitor = app.visitor().await?;
    let applicant_page = format!("/applications/{DEMO_APPLICATION_LINK}");
    let download = visitor.get(&format!("{applicant_page}/data")).await?;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/zip"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(download.bytes().await?.to_vec()))?;
    let mut json = String::new();
    zip.by_name("application.json")?.read_to_string(&mut json)?;
    let described: serde_json::Value = serde_json::from_str(&json)?;
    assert_eq!(described["receipt"], "RVASE-2025-0001");
    assert_eq!(described["name"], "Sophea Demo");
    let listed = described["documents"].as_array().map(Vec::len).unwrap_or_default();
    assert_eq!(listed, 5, "three with the application, two for the second stage: {json}");
    assert_eq!(zip.len(), 1 + listed, "the description and every document, decrypted");
    let identity = described["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["kind"] == "identity_document")
        .and_then(|d| d["file"].as_str())
        .unwrap_or_default()
        .to_owned();
    let mut bytes = Vec::new();
    zip.by_name(&identity)?.read_to_end(&mut bytes)?;
    assert!(!bytes.is_empty());

    let asked = visitor.post_form(&format!("{applicant_page}/erasure"), &[]).await?;
    assert_eq!(location(&asked), applicant_page);
    let manager = app.signed_in(SECRETARIAT).await?;
    let requests = format!("/calls/{DEMO_CALL}/erasure-requests");
    let (_, page) = manager.get_text(&requests).await?;
    assert!(page.contains("RVASE-2025-0001") && page.contains("Sophea Demo"), "the managers see the request");
    let erase = format!("/calls/{DEMO_CALL}/applications/{DEMO_APPLICATION}/erasure");
    let unconfirmed = manager.post_form(&erase, &[("receipt", "RVASE-2025-0002")]).await?;
    assert_eq!(unconfirmed.status(), 422, "the receipt number typed is another's");
    assert_eq!(demo_application(&app).await?.name, "Sophea Demo");
    let erased = manager.post_form(&erase, &[("receipt", "RVASE-2025-0001")]).await?;
    assert_eq!(location(&erased), requests);

    let kept = demo_application(&app).await?;
    assert_eq!((kept.name.as_str(), kept.receipt.as_str()), ("", "RVASE-2025-0001"));
    assert!(!kept.email.as_str().contains("applicant.example"), "the address is gone: {}", kept.email);
    assert_eq!(kept.status.code(), "shortlisted", "the decision record stays");
    assert!(documents(&app, &kept).await?.is_empty(), "the documents are gone");
    let (_, page) = manager.get_text(&requests).await?;
    assert!(!page.contains("RVASE-2025-0001"), "the request is done");
    let (ok, text) = audit_verify(&app)?;
    assert!(ok, "{text}");
    Ok(())
}

async fn personal_data_is_erased_after_the_retention_time_and_the_trail_still_verifies(
    app: TestApp,
) -> anyhow::Result<()> {
    let call = CallId(uuid::Uuid::parse_str(DEMO_CALL)?);
    let decided: jiff::Timestamp = "2026-12-02T10:00:00Z".parse()?;
    app.app.mark_call_decided(&Actor::command_line(), call, decided).await?;
    let before = applications(&app).await?;
    let sealed: Vec<std::path::PathBuf> =
        documents(&app, &before[0]).await?.iter().map(|d| app.app.sealed_document_path(d.id)).collect();
    assert!(!sealed.is_empty() && sealed.iter().all(|p| p.exists()));
    let (_, ranking_before) = app.app.call_ranking(&Actor::command_line(), call).await?;

    // The default retention is 24 months: a day before, nothing goes.
    let day_before: jiff::Timestamp = "2028-12-01T10:00:00Z".parse()?;
    app.clock.advance(day_before.duration_since(app.app.now()));
    app.run_jobs().await?;
    let kept = applications(&app).await?;
    assert!(kept.iter().all(|a| !a.name.is_empty()), "not erased a day before");

    app.clock.advance(jiff::SignedDuration::from_hours(25));
    app.run_jobs().await?;
    let erased = applications(&app).await?;
    assert_eq!(erased.len(), before.len());
    for (was, is) in before.iter().zip(&erased) {
        assert_eq!(
            (is.receipt.as_str(), is.status, is.received_at),
            (was.receipt.as_str(), was.status, was.received_at)
        );
        assert!(is.name.is_empty() && is.email.as_str().ends_with("@erased.invalid"), "{}", is.receipt);
        assert!(documents(&app, is).await?.is_empty());
    }
    assert!(sealed.iter().all(|p| !p.exists()), "the encrypted files are gone from the disk");
    let (_, ranking_after) = app.app.call_ranking(&Actor::command_line(), call).await?;
    let means = |ranking: &[(Application, mekong_core::recruitment::Standing)]| {
        ranking.iter().map(|(a, s)| (a.receipt.clone(), s.mean)).collect::<Vec<_>>()
    };
    assert_eq!(means(&ranking_after), means(&ranking_before), "the scores stay");
    let (ok, text) = audit_verify(&app)?;
    assert!(ok, "{text}");
    Ok(())
}

async fn the_calls_api_keeps_sensitive_documents_from_evaluators_and_the_export_reads_back(
    app: TestApp,
) -> anyhow::Result<()> {
    let visitor = app.visitor().await?;
    let call: serde_json::Value = visitor.get(&format!("/api/v1/calls/{DEMO_CALL}")).await?.json().await?;
    assert_eq!((call["call"]["code"].as_str(), call["call"]["phase"].as_str()), (Some("RVASE"), Some("closed")));
    assert_eq!(call["call"]["deadline"], "2025-11-30T16:59:59Z");
    let listed: serde_json::Value = visitor.get("/api/v1/calls").await?.json().await?;
    assert!(listed.as_array().is_some_and(|calls| calls.iter().all(|c| c["id"] != DEMO_CALL)), "closed: not public");

    let manager = app.signed_in(SECRETARIAT).await?;
    let listed: serde_json::Value = manager.get("/api/v1/calls").await?.json().await?;
    let seat =
        listed.as_array().and_then(|calls| calls.iter().find(|c| c["id"] == DEMO_CALL)).map(|c| c["seat"].clone());
    assert_eq!(seat, Some(serde_json::json!("manager")));
    let applications: serde_json::Value =
        manager.get(&format!("/api/v1/calls/{DEMO_CALL}/applications")).await?.json().await?;
    let receipts: Vec<&str> =
        applications.as_array().into_iter().flatten().filter_map(|a| a["receipt"].as_str()).collect();
    assert_eq!(receipts.first(), Some(&"RVASE-2025-0001"));
    let path = format!("/api/v1/calls/{DEMO_CALL}/applications/{DEMO_APPLICATION}");
    let kinds = |detail: &serde_json::Value| -> Vec<String> {
        detail["documents"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["kind"].as_str().map(str::to_owned))
            .collect()
    };
    let seen: serde_json::Value = manager.get(&path).await?.json().await?;
    assert!(kinds(&seen).contains(&"identity_document".to_owned()), "the managers see every document");
    let evaluator = app.signed_in("evaluator@mekong.example").await?;
    let seen: serde_json::Value = evaluator.get(&path).await?.json().await?;
    assert_eq!(seen["reader"], "committee");
    assert!(!kinds(&seen).is_empty() && !kinds(&seen).contains(&"identity_document".to_owned()), "{seen}");
    assert_eq!(seen["withheld"], 2, "the identity document and the medical certificate");
    let scores: serde_json::Value = evaluator.get(&format!("{path}/scores")).await?.json().await?;
    assert!(scores["own"]["submitted_at"].is_string(), "the demo evaluator's own scores: {scores}");
    let refused = evaluator.get(&format!("/api/v1/calls/{DEMO_CALL}/applications")).await?;
    assert_eq!(refused.status(), 403, "the list of applications is the managers'");

    // The owner: an application recorded with the demo applicant's address, read with their account.
    let recorded = manager
        .post_multipart(&format!("/calls/{DEMO_CALL}/applications/new"), |form: Form| {
            form.text("name", "Demo Applicant")
                .text("email", "applicant@mekong.example")
                .text("language", "en")
                .text("received_date", "2025-11-29")
                .text("received_time", "10:00")
                .part("document_identity_document", Part::bytes(b"%PDF-1.4\n% id\n".to_vec()).file_name("id.pdf"))
        })
        .await?;
    let own = location(&recorded).replace("/calls/", "/api/v1/calls/");
    let applicant = app.signed_in("applicant@mekong.example").await?;
    let seen: serde_json::Value = applicant.get(&own).await?.json().await?;
    assert_eq!((seen["reader"].as_str(), seen["application"]["channel"].as_str()), (Some("owner"), Some("by_hand")));
    assert_eq!(kinds(&seen), vec!["identity_document".to_owned()], "their own documents, all of them");
    assert_eq!(applicant.get(&path).await?.status(), 403, "never another's");

    // The export, read back by independent parsers.
    let csv = manager.get(&format!("/calls/{DEMO_CALL}/applications.csv")).await?.bytes().await?;
    let table = mekong_docs::read_table(&csv)?;
    assert_eq!(table.headers.first().map(String::as_str), Some("receipt"));
    assert_eq!(table.rows.len(), receipts.len() + 1);
    assert!(table.rows.iter().any(|r| r.contains(&"by_hand".to_owned()) && r.contains(&"Demo Applicant".to_owned())));
    let xlsx = manager.get(&format!("/calls/{DEMO_CALL}/applications.xlsx")).await?.bytes().await?;
    use calamine::Reader;
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(xlsx.to_vec()))?;
    let sheet = workbook.worksheet_range("Applications")?;
    let receipts_read: Vec<String> = sheet.rows().skip(1).filter_map(|r| r.first().map(ToString::to_string)).collect();
    assert!(receipts.iter().all(|r| receipts_read.contains(&(*r).to_owned())), "{receipts_read:?}");
    assert_eq!(sheet.rows().count(), receipts.len() + 2, "the header and every application");
    Ok(())
}
