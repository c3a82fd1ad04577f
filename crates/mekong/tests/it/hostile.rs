//! Hostile input (issue 11): files and text built to crash the server, stop the mail or corrupt a
//! figure, thrown at the real application. Each must be refused with a clear message while the
//! process stays up and its memory stays bounded.

use crate::results::in_english;
use jiff::SignedDuration;
use mekong_testkit::page::{between, period_id};
use mekong_testkit::{HttpSession, TestApp, TestBackend, backend_tests};

backend_tests!(backend =>
    spreadsheet_bombs_are_refused_with_a_message_and_memory_stays_bounded,
    a_line_break_in_a_registration_name_stops_no_mail,
    a_job_whose_worker_died_on_its_last_attempt_is_given_up_and_shown,
    a_panicking_handler_answers_the_error_page_with_its_request_id,
    undeliverable_mail_is_retried_with_backoff_then_given_up_and_shown,
    a_line_break_in_an_event_title_adds_no_calendar_entry,
    a_stranger_cannot_lock_the_account_holder_out,
    a_forwarded_address_counts_only_from_a_trusted_proxy,
    an_account_has_a_slower_ceiling_over_all_addresses,
    grid_numbers_follow_the_readers_language_are_bounded_and_never_minus_zero,
    public_registration_names_are_bounded_visible_and_free_of_controls,
    event_dates_fall_between_1900_and_2200,
    changing_ones_password_ends_ones_other_sessions,
    signing_in_renews_the_csrf_token,
    an_over_limit_body_answers_413_with_a_clear_page,
    an_organisation_edit_records_no_membership_change,
    api_failures_are_the_documented_json_error,
    minutes_and_follow_ups_take_the_same_text_rules,
    the_api_answers_only_documented_statuses_to_hostile_parameters,
    a_huge_or_invisible_person_name_is_refused_at_the_form,
    programme_titles_list_names_and_money_texts_take_the_same_rules,
    the_api_writes_answer_only_documented_statuses_to_hostile_bodies,
);

/// Peak resident memory of this test process (nextest runs each test in its own process), in MB.
/// The server runs in this process, so its allocations count here.
fn peak_resident_megabytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or_default();
    let kilobytes: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or_default();
    kilobytes / 1024
}

/// What the process may hold at its peak while refusing the bombs. Before the limits, the
/// dimension bomb asked for 549,755,813,888 bytes and 1 GB of zeros cost 1 GB before its refusal.
const RESIDENT_CEILING_MB: u64 = 250;

async fn upload(session: &HttpSession, path: &str, bytes: Vec<u8>) -> anyhow::Result<(u16, String)> {
    let response = session
        .post_multipart(path, |form| {
            form.text("kind", "people").part("file", reqwest::multipart::Part::bytes(bytes).file_name("sheet.xlsx"))
        })
        .await?;
    Ok((response.status().as_u16(), response.text().await?))
}

async fn spreadsheet_bombs_are_refused_with_a_message_and_memory_stays_bounded(
    backend: TestBackend,
) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let focal = in_english(&app, "focal.hue@mekong.example").await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let year = period_id(&focal, "SGA4", "2026").await?;
    let grid_upload = format!("/results/SGA4/periods/{year}/VN-HUI/upload");
    let cells = mekong_docs::samples::dimension_bomb().map_err(|e| anyhow::anyhow!("{e}"))?;
    assert!(cells.len() < 10_000, "a small file: {} bytes", cells.len());
    // 1 GB of zeros packed into about a megabyte, under the upload limit.
    let zeros = mekong_docs::samples::zip_bomb(1024).map_err(|e| anyhow::anyhow!("{e}"))?;
    let lying = mekong_docs::samples::lying_bomb(256).map_err(|e| anyhow::anyhow!("{e}"))?;
    let before = peak_resident_megabytes();
    for (session, path) in [(&focal, grid_upload.as_str()), (&coordinator, "/directory/import")] {
        let (status, page) = upload(session, path, cells.clone()).await?;
        assert_eq!(status, 422, "{path}");
        assert!(page.contains("at most 100,000 rows and 256 columns"), "{path}: {page}");
        let (status, page) = upload(session, path, zeros.clone()).await?;
        assert_eq!(status, 422, "{path}");
        assert!(page.contains("unpacks to more than 64 MB"), "{path}: {page}");
        let (status, _) = upload(session, path, lying.clone()).await?;
        assert_eq!(status, 422, "{path}: a part larger than it declares is refused");
    }
    // Still serving, and it never held the bombs unpacked.
    assert_eq!(focal.get_text(&format!("/results/SGA4/periods/{year}/VN-HUI")).await?.0, 200);
    let peak = peak_resident_megabytes();
    eprintln!("peak resident memory: {before} MB before the uploads, {peak} MB after");
    assert!(peak < RESIDENT_CEILING_MB, "peak resident memory {peak} MB over {RESIDENT_CEILING_MB} MB");
    Ok(())
}

/// The report: a signed-out visitor registers as `Reg\r\nBcc: x@evil.example`; the mail job
/// panicked inside lettre and the worker died, so password resets stayed queued for good.
async fn a_line_break_in_a_registration_name_stops_no_mail(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = crate::events::create_event(&coordinator, "Open workshop", "20", true).await?;
    let guest = app.visitor().await?;
    guest.get(&format!("/events/{id}/register")).await?;
    let hostile = "Reg\r\nBcc: x@evil.example";
    let fields =
        [("name", hostile), ("email", "reg@example.org"), ("country", "KH"), ("sex", "female"), ("language", "en")];
    let registered = guest.post_form(&format!("/events/{id}/register"), &fields).await?;
    let refused_at_the_form = registered.status() == 422;
    assert!(refused_at_the_form || registered.status() == 303, "{}", registered.status());
    app.app.request_password_reset("focal.hue@mekong.example").await?;
    app.run_jobs().await?;
    let outbox = app.database.data_dir.path().join("outbox");
    let mut raws = Vec::new();
    for entry in std::fs::read_dir(&outbox)? {
        raws.push(std::fs::read_to_string(entry?.path())?);
    }
    assert!(raws.iter().any(|raw| raw.contains("focal.hue@mekong.example")), "the password reset went out");
    if !refused_at_the_form {
        assert!(raws.iter().any(|raw| raw.contains("reg@example.org")), "the registration's mail went out");
    }
    for raw in &raws {
        let headers = raw.split("\r\n\r\n").next().unwrap_or_default();
        assert!(!headers.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "no header added: {headers}");
    }
    let stuck = "SELECT COUNT(*) AS n FROM jobs WHERE status IN ('running', 'dead') OR attempts > 1";
    assert_eq!(app.database.count(stuck).await?, 0, "every job ran once and is done");
    Ok(())
}

/// A job claimed on its last attempt by a worker that was killed: it used to be claimed again
/// each time its lease ran out, attempts never compared with the maximum.
async fn a_job_whose_worker_died_on_its_last_attempt_is_given_up_and_shown(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    app.run_jobs().await?;
    let sent = "SELECT COUNT(*) AS n FROM emails WHERE status = 'sent'";
    let sent_before = app.database.count(sent).await?;
    app.app.request_password_reset("focal.hue@mekong.example").await?;
    // As the killed worker left it: running, on its last attempt, its lease about to run out.
    app.database
        .execute(
            "UPDATE jobs SET status = 'running', attempts = max_attempts, locked_until = created_at \
             WHERE kind = 'send_email' AND status = 'queued'",
        )
        .await?;
    app.clock.advance(SignedDuration::from_mins(1));
    assert_eq!(app.run_jobs().await?, 0, "not taken again");
    assert_eq!(app.database.count("SELECT COUNT(*) AS n FROM jobs WHERE status = 'dead'").await?, 1);
    assert_eq!(app.database.count("SELECT COUNT(*) AS n FROM emails WHERE status = 'failed'").await?, 1);
    let admin = in_english(&app, "admin@mekong.example").await?;
    let (_, page) = admin.get_text("/admin/outbox").await?;
    assert!(page.contains("Given up") && page.contains("the worker stopped during attempt 5 of 5"), "{page}");
    // The queue goes on.
    app.app.request_password_reset("focal.hue@mekong.example").await?;
    assert_eq!(app.run_jobs().await?, 1);
    assert_eq!(app.database.count(sent).await?, sent_before + 1);
    Ok(())
}

async fn undeliverable_mail_is_retried_with_backoff_then_given_up_and_shown(
    backend: TestBackend,
) -> anyhow::Result<()> {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let app = TestApp::start_with(backend, Some(format!("smtp://127.0.0.1:{closed}"))).await?;
    app.app.request_password_reset("focal.hue@mekong.example").await?;
    // Attempts 1 to 5, each after its delay (1, 5, 25, 125 minutes) and not before.
    for delay in [0, 1, 5, 25, 125] {
        if delay > 0 {
            app.clock.advance(SignedDuration::from_mins(delay - 1));
            assert_eq!(app.run_jobs().await?, 0, "not before its {delay} minutes");
            app.clock.advance(SignedDuration::from_mins(1));
        }
        assert_eq!(app.run_jobs().await?, 1, "attempt after {delay} minutes");
    }
    app.clock.advance(SignedDuration::from_hours(24));
    assert_eq!(app.run_jobs().await?, 0, "given up after the fifth");
    assert_eq!(app.database.count("SELECT COUNT(*) AS n FROM jobs WHERE status = 'dead' AND attempts = 5").await?, 1);
    let admin = in_english(&app, "admin@mekong.example").await?;
    let (_, page) = admin.get_text("/admin/outbox").await?;
    assert!(page.contains("failed") && page.contains("SMTP"), "the email shows why: {page}");
    assert!(page.contains("Given up") && page.contains("Send an email"), "{page}");
    Ok(())
}

/// A handler that panics, behind the same layers as every route: the reader gets the 500 page
/// naming the request id (which the log line carries too), and the server carries on.
async fn a_panicking_handler_answers_the_error_page_with_its_request_id(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    use tower::ServiceExt;
    async fn panics() -> &'static str {
        #[expect(clippy::panic, reason = "the panic under test")]
        {
            panic!("a bug in a handler")
        }
    }
    let routes = axum::Router::new().route("/boom", axum::routing::get(panics));
    let router = mekong_web::with_layers(routes, app.app.clone(), mekong_web::WebConfig::default());
    let request = axum::http::Request::get("/boom").header("accept-language", "en").body(axum::body::Body::empty())?;
    let response = router.oneshot(request).await?;
    assert_eq!(response.status(), 500);
    let id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let body = axum::body::to_bytes(response.into_body(), 1024 * 1024).await?;
    let page = String::from_utf8_lossy(&body);
    assert!(!id.is_empty() && page.contains(&id), "the page names request {id}: {page}");
    assert!(page.contains("MK-500") && !page.contains("a bug in a handler"), "no internals shown: {page}");
    assert_eq!(app.get_text("/").await?.0, 200, "still serving");
    Ok(())
}

/// The report: a title with CR/LF wrote a whole extra `VEVENT` into the event's `.ics`. Either
/// the form refuses the title, or the calendar carries it as one escaped line.
async fn a_line_break_in_an_event_title_adds_no_calendar_entry(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let title = "Flood maps\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\rX";
    let Ok(id) = crate::events::create_event(&coordinator, title, "20", true).await else {
        let (_, page) = coordinator.get_text("/events").await?;
        assert!(!page.contains("Injected"), "refused at the form, not stored");
        return Ok(());
    };
    let calendar = coordinator.get(&format!("/events/{id}/calendar.ics")).await?.text().await?;
    let lines: Vec<&str> = calendar.split("\r\n").collect();
    assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(), 1, "{calendar}");
    assert!(!lines.iter().any(|l| l.starts_with("SUMMARY:Injected")), "{calendar}");
    Ok(())
}

/// Signs in through `/login` as a visitor whose proxy forwards `address`.
async fn sign_in_from(session: &HttpSession, address: &str, password: &str) -> anyhow::Result<u16> {
    let csrf = session.cookie("mekong_csrf").unwrap_or_default();
    let fields = [("email", "focal.hue@mekong.example"), ("password", password), ("csrf_token", csrf.as_str())];
    let response =
        session.client.post(session.url("/login")).header("x-forwarded-for", address).form(&fields).send().await?;
    Ok(response.status().as_u16())
}

/// The report: five wrong passwords from one address refused the right one from every address
/// for 15 minutes, and behind a proxy everyone shared one address.
async fn a_stranger_cannot_lock_the_account_holder_out(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start_behind_proxy(backend).await?;
    let stranger = app.visitor().await?;
    for _ in 0..5 {
        assert_eq!(sign_in_from(&stranger, "203.0.113.66", "guess guess guess").await?, 422);
    }
    let right = mekong_app::demo::DEMO_PASSWORD;
    assert_eq!(sign_in_from(&stranger, "203.0.113.66", right).await?, 429, "the guessing address is stopped");
    let holder = app.visitor().await?;
    assert_eq!(sign_in_from(&holder, "198.51.100.10", right).await?, 303, "the holder, elsewhere, signs in");
    Ok(())
}

async fn a_forwarded_address_counts_only_from_a_trusted_proxy(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let stranger = app.visitor().await?;
    for n in 0..5 {
        assert_eq!(sign_in_from(&stranger, &format!("203.0.113.{n}"), "guess guess guess").await?, 422);
    }
    let forged = sign_in_from(&stranger, "198.51.100.10", mekong_app::demo::DEMO_PASSWORD).await?;
    assert_eq!(forged, 429, "no proxy is trusted: the header is anyone's, the connection's address counts");
    Ok(())
}

async fn an_account_has_a_slower_ceiling_over_all_addresses(backend: TestBackend) -> anyhow::Result<()> {
    use mekong_app::identity::SignInAttempt;
    let app = TestApp::start(backend).await?;
    let attempt = |address: String, password: &'static str| {
        let app = &app.app;
        async move {
            let attempt = SignInAttempt {
                email: "focal.hue@mekong.example",
                password,
                client_address: &address,
                user_agent: "test",
            };
            app.sign_in(attempt).await.map(|_| ())
        }
    };
    // 20 addresses, each under its own limit of 5: 100 failures in the hour.
    for n in 0..20 {
        for _ in 0..5 {
            let refused = attempt(format!("203.0.113.{n}"), "guess guess guess").await;
            assert!(matches!(refused, Err(mekong_app::AppError::Validation(_))), "{refused:?}");
        }
    }
    let right = mekong_app::demo::DEMO_PASSWORD;
    let ceiling = attempt("198.51.100.10".into(), right).await;
    assert!(matches!(ceiling, Err(mekong_app::AppError::Throttled)), "{ceiling:?}");
    app.clock.advance(SignedDuration::from_mins(61));
    assert!(attempt("198.51.100.10".into(), right).await.is_ok(), "lifted after the hour");
    Ok(())
}

/// The report: `1e308` in three cities made the totals infinite (shown as
/// 922,337,203,685,477,580.7 "on track"), `1,234` was stored as 1.234 whatever the reader's
/// language, and `-0` was stored as is.
async fn grid_numbers_follow_the_readers_language_are_bounded_and_never_minus_zero(
    backend: TestBackend,
) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let focal = in_english(&app, "focal.phnompenh@mekong.example").await?;
    let year = period_id(&focal, "SGA4", "2026").await?;
    let trained = crate::results::indicator(&focal, "OP2.1.2").await?;
    let grid = format!("/results/SGA4/periods/{year}/KH-PNH");
    let (value, version) = (format!("v.{trained}."), format!("n.{trained}."));
    let save = |typed: &'static str, current: String| {
        let (focal, grid, value, version) = (&focal, grid.clone(), value.clone(), version.clone());
        async move {
            let response = focal
                .post_form(&grid, &[(value.as_str(), typed), (version.as_str(), &current), ("intent", "save")])
                .await?;
            anyhow::Ok((response.status().as_u16(), response.text().await?))
        }
    };
    let (status, page) = save("1e308", "0".into()).await?;
    assert!(status == 422 && page.contains("Write a number"), "{status}");
    let (status, page) = save("5000000000000", "0".into()).await?;
    assert!(status == 422 && page.contains("At most 1,000,000,000,000."), "{status}");
    assert_eq!(save("1,234", "0".into()).await?.0, 303, "thousands in English");
    let (_, page) = focal.get_text(&grid).await?;
    assert!(page.contains(&format!("name=\"{value}\" value=\"1234\"")), "stored as 1234");
    // A French reader: a dot before three digits could be either.
    focal.post_form("/language", &[("lang", "fr")]).await?;
    let current = between(&page, &format!("name=\"{version}\" value=\""), "\"");
    let (status, page) = save("1.234", current.clone()).await?;
    assert!(status == 422 && page.contains("se lit de deux façons"), "{status}");
    assert_eq!(save("-0", current).await?.0, 303);
    let (_, page) = focal.get_text(&grid).await?;
    assert!(page.contains(&format!("name=\"{value}\" value=\"0\"")), "-0 stored as 0");
    Ok(())
}

/// The report: a 40,000-character name from the public form failed the participants' export;
/// NUL, control characters, a right-to-left override or only zero-width characters were stored.
async fn public_registration_names_are_bounded_visible_and_free_of_controls(
    backend: TestBackend,
) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = crate::events::create_event(&coordinator, "Open workshop", "200", true).await?;
    let long = "x".repeat(40_000);
    let cases = [
        // A visitor reads the network's default language, French.
        (long.as_str(), "Au plus 200 caractères."),
        ("Reg\r\nBcc: x@evil.example", "un saut de ligne, un caractère de contrôle"),
        ("Ann\u{0}", "un saut de ligne, un caractère de contrôle"),
        ("\u{202E}fdp.exe", "un saut de ligne, un caractère de contrôle"),
        ("\u{200B}\u{200D}\u{FEFF}", "Ce texte n’affiche rien"),
    ];
    for (n, (name, message)) in cases.iter().enumerate() {
        let guest = app.visitor().await?;
        guest.get(&format!("/events/{id}/register")).await?;
        let email = format!("guest{n}@example.org");
        let fields = [("name", *name), ("email", &email), ("country", "KH"), ("sex", "female"), ("language", "en")];
        let response = guest.post_form(&format!("/events/{id}/register"), &fields).await?;
        assert_eq!(response.status(), 422, "{message}");
        let page = response.text().await?;
        assert!(page.contains(message), "{message}: {}", page.len());
    }
    // Khmer with its word breaks, typed decomposed or not, is a name like any other.
    let guest = app.visitor().await?;
    guest.get(&format!("/events/{id}/register")).await?;
    let fields = [
        ("name", "ចាន់\u{200B}សុខា"),
        ("email", "sokha@example.org"),
        ("country", "KH"),
        ("sex", "female"),
        ("language", "km"),
    ];
    assert_eq!(guest.post_form(&format!("/events/{id}/register"), &fields).await?.status(), 303);
    Ok(())
}

/// The report: an event in year 9999 was stored and shown as 1 January 1970; year 0001 wrote
/// `DTSTART:00001231...` into calendars.
async fn event_dates_fall_between_1900_and_2200(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    for (starts, ends) in [("9999-01-20T09:00", "9999-01-20T17:00"), ("0001-01-01T09:00", "0001-01-01T17:00")] {
        let fields = [
            ("kind", "workshop"),
            ("status", "announced"),
            ("title_en", "Far away"),
            ("host_city", "KH-PNH"),
            ("venue", "City Hall"),
            ("starts", starts),
            ("ends", ends),
            ("time_zone", "Asia/Phnom_Penh"),
            ("version", "0"),
        ];
        let response = coordinator.post_form("/events", &fields).await?;
        assert_eq!(response.status(), 422, "{starts}");
        assert!(response.text().await?.contains("between the years 1900 and 2200"), "{starts}");
    }
    Ok(())
}

async fn changing_ones_password_ends_ones_other_sessions(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let here = in_english(&app, "focal.hue@mekong.example").await?;
    let elsewhere = app.signed_in("focal.hue@mekong.example").await?;
    assert_eq!(elsewhere.get("/account").await?.status(), 200);
    let new = "Another-long-river-2027";
    let fields = [("current_password", mekong_app::demo::DEMO_PASSWORD), ("new_password", new), ("confirm", new)];
    let changed = here.post_form("/account/password", &fields).await?;
    assert!(changed.status().is_redirection(), "{}", changed.status());
    assert_eq!(here.get("/account").await?.status(), 200, "the session that changed it stays");
    assert_eq!(elsewhere.get("/account").await?.status(), 303, "the other one is signed out");
    Ok(())
}

async fn signing_in_renews_the_csrf_token(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let visitor = app.visitor().await?;
    visitor.get("/login").await?;
    let before = visitor.cookie("mekong_csrf").unwrap_or_default();
    assert!(!before.is_empty());
    let fields = [("email", "focal.hue@mekong.example"), ("password", mekong_app::demo::DEMO_PASSWORD)];
    assert_eq!(visitor.post_form("/login", &fields).await?.status(), 303);
    let after = visitor.cookie("mekong_csrf").unwrap_or_default();
    assert!(!after.is_empty() && after != before, "a new token at sign-in");
    // The old token no longer passes.
    let old = [("lang", "en"), ("csrf_token", before.as_str())];
    let refused = visitor.client.post(visitor.url("/language")).form(&old).send().await?;
    assert_eq!(refused.status(), 403);
    Ok(())
}

/// The report: a body over the limit answered 403 "access denied".
async fn an_over_limit_body_answers_413_with_a_clear_page(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let long = "x".repeat(2 * 1024 * 1024);
    let response = coordinator.post_form("/mailing-lists", &[("name", long.as_str())]).await?;
    assert_eq!(response.status(), 413);
    assert!(response.text().await?.contains("more than 1 MB"));
    let file = vec![b'a'; 33 * 1024 * 1024];
    let upload = coordinator
        .post_multipart("/directory/import", |form| {
            form.text("kind", "people").part("file", reqwest::multipart::Part::bytes(file).file_name("big.csv"))
        })
        .await?;
    assert_eq!(upload.status(), 413);
    assert!(upload.text().await?.contains("larger than 32 MB"));
    Ok(())
}

/// The report: an organisation edit recorded a changed membership that did not change (the
/// edit form does not carry the membership, which has its own form and history).
async fn an_organisation_edit_records_no_membership_change(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let found: serde_json::Value =
        coordinator.get("/api/v1/organisations?q=vientiane&kind=local_authority").await?.json().await?;
    let id = found["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    let (_, form) = coordinator.get_text(&format!("/organisations/{id}/edit")).await?;
    let version = between(&form, "name=\"version\" value=\"", "\"");
    let fields = [
        ("version", version.as_str()),
        ("kind", "local_authority"),
        ("name_fr", "Vientiane (edited)"),
        ("country", "LA"),
    ];
    assert_eq!(coordinator.post_form(&format!("/organisations/{id}"), &fields).await?.status(), 303);
    let entries = app.app.audit_trail(&mekong_app::policy::Actor::command_line(), Default::default()).await?;
    let edit = entries
        .iter()
        .find(|e| e.change.action == "organisation.updated" && e.change.entity_id == id)
        .ok_or_else(|| anyhow::anyhow!("no audit entry for the edit"))?;
    let membership = |side: &Option<serde_json::Value>| side.as_ref().map(|v| v["membership"].clone());
    assert!(membership(&edit.change.before).is_some_and(|m| !m.is_null()), "Vientiane is a member in the demo");
    assert_eq!(membership(&edit.change.before), membership(&edit.change.after), "unchanged");
    Ok(())
}

/// The report: a bad query parameter got a plain-text 400, a missing sign-in a 401 the document
/// did not list, a page past the end a 200, and dates were described without their format.
async fn api_failures_are_the_documented_json_error(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let answer = |session: &HttpSession, path: &'static str| {
        let request = session.client.get(session.url(path));
        async move {
            let response = request.send().await?;
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await?;
            anyhow::Ok((status, body))
        }
    };
    let (status, body) = answer(&coordinator, "/api/v1/organisations?page=99999999999999999999999").await?;
    assert_eq!((status, body["code"].as_str()), (422, Some("MK-422")), "{body}");
    assert_eq!(body["fields"][0]["field"], "page", "{body}");
    assert_eq!(answer(&coordinator, "/api/v1/organisations?page=0").await?.0, 422);
    let (status, body) = answer(&coordinator, "/api/v1/organisations?page=500").await?;
    assert_eq!((status, body["code"].as_str()), (404, Some("MK-404")), "past the end: {body}");
    assert_eq!(answer(&coordinator, "/api/v1/organisations?page=1").await?.0, 200);
    let (status, body) = answer(&coordinator, "/api/v1/participation?from=9999-01-01").await?;
    assert_eq!(status, 422, "{body}");
    let anonymous = app.visitor().await?;
    let (status, body) = answer(&anonymous, "/api/v1/people").await?;
    assert_eq!((status, body["code"].as_str()), (401, Some("MK-401")), "{body}");
    // Each of those is in the document, with the error's schema, and dates have their format.
    let document: serde_json::Value = serde_json::from_str(&mekong_web::openapi_json())?;
    for (path, status) in [
        ("/api/v1/organisations", "422"),
        ("/api/v1/organisations", "404"),
        ("/api/v1/people", "401"),
        ("/api/v1/participation", "422"),
        ("/api/v1/cities", "401"),
    ] {
        let response = &document["paths"][path]["get"]["responses"][status];
        assert!(response["content"]["application/json"]["schema"]["$ref"].is_string(), "{path} {status}");
    }
    let parameters = document["paths"]["/api/v1/participation"]["get"]["parameters"].as_array().cloned();
    assert!(parameters.unwrap_or_default().iter().all(|p| p["schema"]["format"] == "date"), "dates with their format");
    Ok(())
}

/// The text rules hold beyond the public form: minutes (a body) and a follow-up's title.
async fn minutes_and_follow_ups_take_the_same_text_rules(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let id = crate::events::event_id(&coordinator, "urban data standards").await?;
    let minutes = [("version", "0"), ("summary", "Agreed\u{202E}txt.exe"), ("decisions", "")];
    assert_eq!(coordinator.post_form(&format!("/events/{id}/minutes"), &minutes).await?.status(), 422);
    let long = "t".repeat(301);
    let item = [("title", long.as_str()), ("owner", ""), ("due_on", ""), ("status", "open"), ("version", "0")];
    let refused = coordinator.post_form(&format!("/events/{id}/action-items"), &item).await?;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await?.contains("At most 300 characters."));
    let fine =
        [("version", "0"), ("summary", "Cities shared their inventories.\r\nNext: templates."), ("decisions", "")];
    assert_eq!(coordinator.post_form(&format!("/events/{id}/minutes"), &fine).await?.status(), 303);
    Ok(())
}

/// Values a client (or an attacker) may send for any parameter: empty, signs, overflow,
/// exponents, impossible and far dates, markup, NUL, other scripts, very long.
fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        "0",
        "-1",
        "1",
        "2",
        "500",
        "99999999999999999999999",
        "1e308",
        "NaN",
        "abc",
        "2026-13-45",
        "9999-01-01",
        "0001-01-01",
        "2026-06-30",
        "<script>alert(1)</script>",
        "\u{0}",
        "\u{202E}x",
        "ភ្នំពេញ",
        "KH-PNH",
        "%",
        "' OR 1=1 --",
        "00000000-0000-0000-0000-000000000000",
    ]
    .iter()
    .map(|v| (*v).to_owned())
    .collect();
    values.push("x".repeat(5_000));
    values.push(uuid::Uuid::now_v7().to_string());
    values
}

/// Every byte but letters and digits as `%XX`, for a value put into a path segment or a query.
fn path_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A schema-driven fuzzer, bounded: every GET operation of the OpenAPI document, each of its
/// parameters given each hostile value, anonymous and with a token. Every answer must be a
/// status the document lists for that operation, and none a server error.
async fn the_api_answers_only_documented_statuses_to_hostile_parameters(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let token = coordinator.api_token("fuzzer", "").await?;
    let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let document: serde_json::Value = serde_json::from_str(&mekong_web::openapi_json())?;
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    let mut requests = 0;
    let mut problems = Vec::new();
    for (template, item) in &paths {
        let Some(operation) = item.get("get") else { continue };
        let documented: Vec<String> =
            operation["responses"].as_object().map(|r| r.keys().cloned().collect()).unwrap_or_default();
        let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
        // A path with its path parameters filled with a real-looking value, then each variant.
        let path_names: Vec<String> = parameters
            .iter()
            .filter(|p| p["in"] == "path")
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect();
        let fill = |value: &str| {
            path_names
                .iter()
                .fold(template.clone(), |path, name| path.replace(&format!("{{{name}}}"), &path_segment(value)))
        };
        let mut variants: Vec<(String, Vec<(String, String)>)> = vec![(fill("SGA4"), Vec::new())];
        for value in hostile_values() {
            if !path_names.is_empty() {
                variants.push((fill(&value), Vec::new()));
            }
            for parameter in parameters.iter().filter(|p| p["in"] == "query") {
                let name = parameter["name"].as_str().unwrap_or_default().to_owned();
                variants.push((fill("SGA4"), vec![(name, value.clone())]));
            }
        }
        for (path, query) in variants {
            for with_token in [false, true] {
                let query_string: Vec<String> =
                    query.iter().map(|(name, value)| format!("{name}={}", path_segment(value))).collect();
                let url = if query_string.is_empty() {
                    app.url(&path)
                } else {
                    app.url(&format!("{path}?{}", query_string.join("&")))
                };
                let mut request = anonymous.get(url);
                if with_token {
                    request = request.bearer_auth(&token);
                }
                let response = request.send().await?;
                requests += 1;
                let status = response.status();
                let json = response
                    .headers()
                    .get("content-type")
                    .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
                if status.is_server_error()
                    || !documented.contains(&status.as_str().to_owned())
                    || (!status.is_success() && !json)
                {
                    problems.push(format!("{template} {path} {query:?} token={with_token}: {status} (json: {json})"));
                }
            }
        }
    }
    eprintln!("fuzzed the API with {requests} requests");
    assert!(requests > 500, "{requests} requests");
    assert!(problems.is_empty(), "{} undocumented answers:\n{}", problems.len(), problems.join("\n"));
    Ok(())
}

/// The report: a 1 MB name made the person's page fail ("LIKE or GLOB pattern too complex"),
/// and names of NUL, a right-to-left override or only zero-width characters were stored.
async fn a_huge_or_invisible_person_name_is_refused_at_the_form(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let megabyte = "x".repeat(1024 * 1024);
    let response = coordinator.post_form("/people", &[("name_romanised", megabyte.as_str())]).await?;
    assert_eq!(response.status(), 413, "over the form limit");
    let long = "x".repeat(300_000);
    for (name, message) in [
        (long.as_str(), "At most 200 characters."),
        ("Tran\u{0}Binh", "control character"),
        ("\u{202E}hniB narT", "control character"),
        ("\u{200B}\u{2060}", "This text shows nothing"),
    ] {
        let response = coordinator.post_form("/people", &[("name_romanised", name)]).await?;
        assert_eq!(response.status(), 422, "{message}");
        let page = response.text().await?;
        assert!(page.contains("id=\"name_romanised-error\"") && page.contains(message), "{message}");
    }
    let people: serde_json::Value = coordinator.get("/api/v1/people?q=binh").await?.json().await?;
    assert_eq!(people["total"], 0, "nothing stored");
    Ok(())
}

async fn programme_titles_list_names_and_money_texts_take_the_same_rules(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let reversed = "Budget \u{202e}stnemesruber";
    let programme = coordinator
        .post_form(
            "/results",
            &[
                ("code", "HOST"),
                ("title_fr", reversed),
                ("starts", "2026-01-01"),
                ("ends", "2026-12-31"),
                ("currency", "EUR"),
            ],
        )
        .await?;
    assert_eq!(programme.status(), 422, "a direction override in a programme title");
    let long = "L".repeat(201);
    let list = coordinator.post_form("/mailing-lists", &[("name", &long), ("focal_points", "yes")]).await?;
    assert_eq!(list.status(), 422, "a 201-character list name");
    assert!(list.text().await?.contains("200"), "the limit is said");
    let transfer = coordinator
        .post_form(
            "/finance/SGA4/transfers",
            &[("year", "2026"), ("from", "2.1"), ("to", "2.2"), ("amount", "1"), ("reason", "\u{200b}\u{200b}")],
        )
        .await?;
    assert_eq!(transfer.status(), 422, "a reason of invisible characters only");
    Ok(())
}

/// The schema a `$ref` names in the document, or the schema itself.
fn resolved<'a>(document: &'a serde_json::Value, schema: &'a serde_json::Value) -> &'a serde_json::Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => &document["components"]["schemas"][name],
        None => schema,
    }
}

/// A value of the schema's type with every property present (and an array of one item): its
/// example or first allowed value when the document gives one, else plain (empty text, zeros,
/// false). `oneOf` takes its first choice; `["string", "null"]` its first type.
fn plain_value(document: &serde_json::Value, schema: &serde_json::Value, depth: usize) -> serde_json::Value {
    use serde_json::Value;
    let schema = resolved(document, schema);
    if let Some(example) = schema.get("example").or_else(|| schema["enum"].get(0)) {
        return example.clone();
    }
    if let Some(first) = schema["oneOf"].as_array().and_then(|choices| choices.first()) {
        return plain_value(document, first, depth);
    }
    let kind = match &schema["type"] {
        Value::String(kind) => kind.clone(),
        Value::Array(kinds) => {
            kinds.iter().filter_map(Value::as_str).find(|k| *k != "null").unwrap_or("null").to_owned()
        }
        _ => {
            if schema["properties"].is_object() {
                "object".to_owned()
            } else {
                "string".to_owned()
            }
        }
    };
    match kind.as_str() {
        "object" => Value::Object(
            schema["properties"]
                .as_object()
                .map(|properties| {
                    properties
                        .iter()
                        .map(|(name, property)| (name.clone(), plain_value(document, property, depth + 1)))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        "array" if depth < 3 => Value::Array(vec![plain_value(document, &schema["items"], depth + 1)]),
        "array" => Value::Array(Vec::new()),
        "integer" | "number" => Value::from(0),
        "boolean" => Value::Bool(false),
        "null" => Value::Null,
        _ => Value::String(String::new()),
    }
}

/// The JSON pointers of a body's leaves and members: each is given every hostile value.
fn pointers(value: &serde_json::Value, at: &str, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(members) => {
            for (name, member) in members {
                let here = format!("{at}/{name}");
                found.push(here.clone());
                pointers(member, &here, found);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// The schema-driven fuzzer for the writes: every POST and PUT of the OpenAPI document, its body
/// generated from its schema, then each member of the body given each hostile value as text and
/// each JSON type it should not be, plus bodies that are not JSON at all; with a token on real
/// records (so the use cases run), and anonymous. Every answer must be a status the document
/// lists for that operation, never a server error, and a failure is the JSON error.
async fn the_api_writes_answer_only_documented_statuses_to_hostile_bodies(backend: TestBackend) -> anyhow::Result<()> {
    use serde_json::{Value, json};
    let app = TestApp::start(backend).await?;
    let coordinator = in_english(&app, "coordinator@mekong.example").await?;
    let token = coordinator.api_token("fuzzer", "").await?;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let created = |path: &'static str, body: Value| {
        let request = client.post(app.url(path)).bearer_auth(&token).json(&body);
        async move {
            let answer: Value = request.send().await?.json().await?;
            anyhow::Ok(answer["id"].as_str().unwrap_or_default().to_owned())
        }
    };
    // Real records for the paths, so that bodies reach the use cases.
    let person = created("/api/v1/people", json!({ "name_romanised": "Fuzzed Person" })).await?;
    let event = created(
        "/api/v1/events",
        json!({ "kind": "workshop", "status": "announced", "title": { "en": "Fuzzed" }, "host_city": "KH-PNH",
            "venue": "Hall", "starts": "2027-05-01T09:00", "ends": "2027-05-01T17:00",
            "time_zone": "Asia/Phnom_Penh", "open_registration": true }),
    )
    .await?;
    let registered = client
        .post(app.url(&format!("/api/v1/events/{event}/registrations")))
        .json(&json!({ "name": "Fuzzed Registrant", "email": "fuzzed@example.org" }))
        .send()
        .await?;
    let participant = registered.json::<Value>().await?["id"].as_str().unwrap_or_default().to_owned();
    let organisations: Value =
        client.get(app.url("/api/v1/organisations")).bearer_auth(&token).send().await?.json().await?;
    let organisation = organisations["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    let period = period_id(&coordinator, "SGA4", "2026").await?;
    anyhow::ensure!(
        [&person, &event, &participant, &organisation, &period].iter().all(|id| !id.is_empty()),
        "records for the paths"
    );
    let fill = |template: &str| {
        let id = if template.starts_with("/api/v1/people/") {
            &person
        } else if template.starts_with("/api/v1/events/") {
            &event
        } else {
            &organisation
        };
        template
            .replace("{id}", id)
            .replace("{participant}", &participant)
            .replace("{programme}", "SGA4")
            .replace("{period}", &period)
            .replace("{scope}", "KH-PNH")
    };

    let document: Value = serde_json::from_str(&mekong_web::openapi_json())?;
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    let mut wrong_types: Vec<Value> =
        vec![Value::Null, json!(-1), json!(1e308), json!(true), json!([]), json!({}), json!([["x"]])];
    wrong_types.push(json!({ "fr": "x".repeat(5_000), "xx": "\u{0}" }));
    let not_json = ["", "{not json", "null", "[]", "\"text\"", "{\"values\": 1}"];
    let (mut requests, mut operations) = (0, 0);
    let mut problems = Vec::new();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for (template, item) in &paths {
        for method in ["post", "put"] {
            let Some(operation) = item.get(method) else { continue };
            operations += 1;
            let documented: Vec<String> =
                operation["responses"].as_object().map(|r| r.keys().cloned().collect()).unwrap_or_default();
            let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
            let base = plain_value(&document, schema, 0);
            let mut leaves = Vec::new();
            pointers(&base, "", &mut leaves);
            let mut bodies: Vec<(String, String)> =
                not_json.iter().map(|raw| (format!("raw {raw:?}"), (*raw).to_owned())).collect();
            bodies.push(("plain".to_owned(), base.to_string()));
            for leaf in &leaves {
                let values = hostile_values().into_iter().map(Value::String).chain(wrong_types.iter().cloned());
                for value in values {
                    let mut body = base.clone();
                    if let Some(slot) = body.pointer_mut(leaf) {
                        *slot = value;
                    }
                    let shown: String = body.to_string().chars().take(160).collect();
                    bodies.push((format!("{leaf} in {shown}"), body.to_string()));
                }
            }
            let path = fill(template);
            let http = reqwest::Method::from_bytes(method.to_uppercase().as_bytes())?;
            for (index, (label, body)) in bodies.iter().enumerate() {
                // Anonymous: the raw bodies and the plain one (each refused or read the same).
                let callers: &[bool] = if index <= not_json.len() { &[false, true] } else { &[true] };
                for with_token in callers {
                    let mut request = client
                        .request(http.clone(), app.url(&path))
                        .header("content-type", "application/json")
                        .body(body.clone());
                    if *with_token {
                        request = request.bearer_auth(&token);
                    }
                    let response = request.send().await?;
                    requests += 1;
                    let status = response.status();
                    *statuses.entry(status.as_u16()).or_default() += 1;
                    let json = response
                        .headers()
                        .get("content-type")
                        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
                    if status.is_server_error()
                        || !documented.contains(&status.as_str().to_owned())
                        || (!status.is_success() && !json)
                    {
                        problems
                            .push(format!("{method} {template} {label} token={with_token}: {status} (json: {json})"));
                    }
                }
            }
        }
    }
    eprintln!("fuzzed {operations} API writes with {requests} requests: {statuses:?}");
    assert!(operations >= 11 && requests > 2_000, "{operations} operations, {requests} requests");
    assert!(problems.is_empty(), "{} undocumented answers:\n{}", problems.len(), problems.join("\n"));
    Ok(())
}
