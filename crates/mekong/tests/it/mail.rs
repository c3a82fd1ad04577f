//! Outgoing mail delivered by SMTP to a real server on loopback (Python's aiosmtpd), checked as
//! it arrived: headers, language, both parts, the link; kept queued when it cannot go; and
//! invitations sent through a mailing list, each in its recipient's own language. On both
//! backends: the queue and the delivery record live in the database.

use mekong_testkit::{ParsedEmail, TestApp, TestBackend, backend_tests, skip_or_fail};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// An aiosmtpd server writing what it receives into a maildir.
struct SmtpSink {
    child: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl SmtpSink {
    async fn start() -> anyhow::Result<Option<SmtpSink>> {
        let available = Command::new("python3").args(["-c", "import aiosmtpd"]).status().is_ok_and(|s| s.success());
        if !available {
            skip_or_fail("Python's aiosmtpd (pip install aiosmtpd)")?;
            return Ok(None);
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let maildir = tempfile::tempdir()?;
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Ok(Some(SmtpSink { child, port, maildir }));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::bail!("aiosmtpd did not start")
    }

    fn received(&self) -> anyhow::Result<Vec<String>> {
        let new = self.maildir.path().join("mail/new");
        let Ok(entries) = std::fs::read_dir(&new) else { return Ok(Vec::new()) };
        entries.filter_map(Result::ok).map(|e| Ok(std::fs::read_to_string(e.path())?)).collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

backend_tests!(backend =>
    invitations_are_delivered_by_smtp_in_the_recipients_language,
    undeliverable_mail_is_retried_not_lost,
    a_mailing_list_invites_each_member_in_their_own_language,
    queued_emails_are_sent_once_by_smtp_across_a_server_killed_while_sending,
    queued_emails_are_written_once_to_the_outbox_across_a_server_killed_while_sending,
);

async fn invitations_are_delivered_by_smtp_in_the_recipients_language(backend: TestBackend) -> anyhow::Result<()> {
    let Some(sink) = SmtpSink::start().await? else { return Ok(()) };
    let app = TestApp::start_with(backend, Some(format!("smtp://127.0.0.1:{}", sink.port))).await?;
    let admin = app.signed_in("admin@mekong.example").await?;
    let response = admin
        .post_form(
            "/admin/users/invite",
            &[
                ("email", "lan@mekong.example"),
                ("display_name", "Nguyễn Thị Lan"),
                ("language", "vi"),
                ("role", "coordinator"),
            ],
        )
        .await?;
    assert_eq!(response.status(), 303);
    assert_eq!(app.run_jobs().await?, 1);
    let received = sink.received()?;
    assert_eq!(received.len(), 1, "one message arrived");
    let raw = &received[0];
    let email = ParsedEmail::parse(raw)?;
    assert_eq!(email.to, "lan@mekong.example");
    assert!(raw.contains("From: Mekong <mekong@mekong.example>"));
    assert!(raw.contains("multipart/alternative"), "a plain-text and an HTML part");
    let i18n = mekong_i18n::I18n::load();
    assert_eq!(email.subject, i18n.message(mekong_i18n::Lang::Vi, "email-invitation-subject"));
    assert!(email.text.contains("Xin chào Nguyễn Thị Lan"), "{}", email.text);
    let link = email.link("/account/accept?token=").ok_or_else(|| anyhow::anyhow!("link"))?;
    assert!(link.starts_with(&app.url("/account/accept?token=")));
    let visitor = app.visitor().await?;
    assert_eq!(visitor.get(link.trim_start_matches(&app.url(""))).await?.status(), 200, "the link works");
    let (_, outbox) = admin.get_text("/admin/outbox").await?;
    assert!(outbox.contains("lan@mekong.example") && outbox.contains("sent"), "listed as sent");
    use sea_orm::{ConnectionTrait, Statement};
    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT payload FROM jobs WHERE kind = 'send_email'",
        ))
        .await?;
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row.try_get::<String>("", "payload")?, "{}", "the one-time link is not kept once sent");
    }
    Ok(())
}

async fn undeliverable_mail_is_retried_not_lost(backend: TestBackend) -> anyhow::Result<()> {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let app = TestApp::start_with(backend, Some(format!("smtp://127.0.0.1:{closed}"))).await?;
    app.app.request_password_reset("focal.hue@mekong.example").await?;
    assert_eq!(app.run_jobs().await?, 1);
    let admin = app.signed_in("admin@mekong.example").await?;
    let (_, outbox) = admin.get_text("/admin/outbox").await?;
    assert!(outbox.contains("focal.hue@mekong.example") && outbox.contains("queued"), "still queued after a failure");
    assert_eq!(app.run_jobs().await?, 0, "not retried before its delay");
    app.clock.advance(jiff::SignedDuration::from_mins(2));
    assert_eq!(app.run_jobs().await?, 1, "retried after the delay");
    Ok(())
}

async fn a_mailing_list_invites_each_member_in_their_own_language(backend: TestBackend) -> anyhow::Result<()> {
    use mekong_i18n::{Arg, I18n, Lang};
    let app = TestApp::start(backend).await?;
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let saved = coordinator.post_form("/mailing-lists", &[("name", "Focal points"), ("focal_points", "yes")]).await?;
    assert_eq!(saved.status(), 303);
    let list = saved.headers()["location"].to_str()?.trim_start_matches("/mailing-lists/").to_owned();
    let titles = [
        (Lang::En, "Workshop on flood maps"),
        (Lang::Km, "សិក្ខាសាលាស្ដីពីផែនទីទឹកជំនន់"),
        (Lang::Lo, "ກອງປະຊຸມກ່ຽວກັບແຜນທີ່ນ້ຳຖ້ວມ"),
        (Lang::Vi, "Hội thảo về bản đồ ngập lụt"),
    ];
    let mut fields = vec![
        ("kind", "workshop"),
        ("status", "announced"),
        ("host_city", "KH-PNH"),
        ("venue", "Phnom Penh City Hall"),
        ("starts", "2027-02-10T09:00"),
        ("ends", "2027-02-10T17:00"),
        ("time_zone", "Asia/Phnom_Penh"),
        ("version", "0"),
    ];
    let title_fields: Vec<(String, &str)> =
        titles.iter().map(|(lang, title)| (format!("title_{}", lang.code()), *title)).collect();
    fields.extend(title_fields.iter().map(|(name, title)| (name.as_str(), *title)));
    let created = coordinator.post_form("/events", &fields).await?;
    assert_eq!(created.status(), 303);
    let event = created.headers()["location"].to_str()?.to_owned();
    let sent_before = app.outbox()?.len();
    let invited = coordinator.post_form(&format!("{event}/invitations"), &[("mailing_list", &list)]).await?;
    assert_eq!(invited.status(), 200);
    app.run_jobs().await?;
    let emails = app.outbox()?;
    let new = &emails[sent_before..];
    assert_eq!(new.len(), 3, "one invitation per member of the list");
    // The list's three focal points read Khmer, Vietnamese and Lao.
    let i18n = I18n::load();
    for (to, lang) in [
        ("sokha.demo@mekong.example", Lang::Km),
        ("an.demo@mekong.example", Lang::Vi),
        ("somphone.demo@mekong.example", Lang::Lo),
    ] {
        let mine: Vec<&ParsedEmail> = new.iter().filter(|m| m.to == to).collect();
        assert_eq!(mine.len(), 1, "one invitation to {to}");
        let title = titles.iter().find(|(l, _)| *l == lang).map(|(_, t)| *t).unwrap_or_default();
        let subject = i18n.message_with(lang, "email-event-invitation-subject", &[("title", Arg::from(title))]);
        assert_eq!(mine[0].subject, subject, "{to} reads {lang}");
        assert!(mine[0].link("/rsvp/").is_some(), "a personal answer link for {to}");
        let calendar = mine[0].attachments.iter().find(|(_, kind, _)| kind.starts_with("text/calendar"));
        assert!(
            calendar.is_some_and(|(_, _, text)| text.contains("METHOD:REQUEST")),
            "an invitation for {to}'s calendar"
        );
    }
    // The same list again invites nobody twice.
    let again = coordinator.post_form(&format!("{event}/invitations"), &[("mailing_list", &list)]).await?;
    assert_eq!(again.status(), 200);
    app.run_jobs().await?;
    assert_eq!(app.outbox()?.len(), sent_before + 3);
    Ok(())
}

/// The left part of a raw message's `Message-ID` (`<left@domain>`), which Mekong derives from
/// the email's id.
fn message_id(raw: &str) -> String {
    raw.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            let left = value.trim().trim_start_matches('<').split('@').next().unwrap_or_default();
            name.eq_ignore_ascii_case("message-id").then(|| left.to_owned())
        })
        .unwrap_or_default()
}

/// A `mekong serve` process on the test's database, delivering by `smtp` (or to the outbox);
/// killed when dropped.
struct Served(Child);

impl Served {
    async fn start(app: &TestApp, smtp: Option<&str>) -> anyhow::Result<Served> {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mekong"));
        for name in ["MEKONG_DATA_DIR", "MEKONG_DATABASE_URL", "MEKONG_LISTEN", "MEKONG_PUBLIC_URL", "MEKONG_SMTP_URL"]
        {
            command.env_remove(name);
        }
        if let Some(url) = smtp {
            command.env("MEKONG_SMTP_URL", url);
        }
        let child = command
            .args(["--data-dir", &app.database.data_dir.path().to_string_lossy(), "--database-url", &app.database.url])
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        Ok(Served(child))
    }

    /// SIGKILL: no clean-up, as a crash or an out-of-memory kill.
    fn kill(mut self) -> anyhow::Result<()> {
        Command::new("kill").args(["-KILL", &self.0.id().to_string()]).status()?;
        self.0.wait()?;
        Ok(())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The emails of the database: id → status.
async fn email_statuses(app: &TestApp) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = sea_orm::Database::connect(app.database.url.as_str()).await?;
    let rows =
        db.query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT id, status FROM emails")).await?;
    let mut statuses = std::collections::BTreeMap::new();
    for row in rows {
        let id = match row.try_get::<uuid::Uuid>("", "id") {
            Ok(id) => id.to_string(),
            Err(_) => row.try_get::<String>("", "id")?,
        };
        statuses.insert(id, row.try_get::<String>("", "status")?);
    }
    Ok(statuses)
}

/// Queues `n` password resets, a server delivers them and is killed (SIGKILL) in the middle,
/// a new server delivers the rest; the message the first was sending when killed is taken over
/// once its lease has run out (the clock moved past it in-process). Returns the emails queued
/// and how many messages arrived for each id, through `received`.
async fn deliver_across_a_kill<F>(
    app: &TestApp,
    smtp: Option<&str>,
    received: F,
) -> anyhow::Result<(Vec<String>, std::collections::BTreeMap<String, usize>)>
where
    F: Fn() -> anyhow::Result<Vec<String>>,
{
    const N: usize = 150;
    app.run_jobs().await?;
    let before: std::collections::BTreeSet<String> = email_statuses(app).await?.into_keys().collect();
    for n in 0..N {
        let account = ["partner@mekong.example", "evaluator@mekong.example", "auditor@mekong.example"][n % 3];
        app.app.request_password_reset(account).await?;
    }
    let queued: Vec<String> = email_statuses(app).await?.into_keys().filter(|id| !before.contains(id)).collect();
    assert_eq!(queued.len(), N, "{N} emails queued");
    let count = |received: &F| -> anyhow::Result<std::collections::BTreeMap<String, usize>> {
        let mut counts = std::collections::BTreeMap::new();
        for raw in received()? {
            *counts.entry(message_id(&raw)).or_default() += 1;
        }
        Ok(counts)
    };
    let arrived_before = count(&received)?.values().sum::<usize>();

    let first = Served::start(app, smtp).await?;
    let started = std::time::Instant::now();
    while count(&received)?.values().sum::<usize>() < arrived_before + N / 3 {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(60), "the server delivers nothing");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    first.kill()?;
    let at_kill = count(&received)?.values().sum::<usize>() - arrived_before;
    assert!(at_kill < N, "killed in the middle of the delivery: {at_kill} of {N} delivered");

    let second = Served::start(app, smtp).await?;
    let started = std::time::Instant::now();
    loop {
        let statuses = email_statuses(app).await?;
        let waiting = queued.iter().filter(|id| statuses.get(*id).is_none_or(|s| s != "sent")).count();
        // At most the one message in flight at the kill waits for its lease.
        if waiting <= 1 && started.elapsed() > Duration::from_secs(3) {
            break;
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(120), "{waiting} emails still waiting");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    second.kill()?;
    // The lease of the message in flight runs out: the worker takes it over.
    #[expect(clippy::disallowed_methods, reason = "the killed server's lease was taken on the real clock")]
    let real_now = jiff::Timestamp::now();
    let gap = real_now.duration_since(mekong_core::Clock::now(app.clock.as_ref()));
    app.clock.advance(gap + jiff::SignedDuration::from_mins(6));
    app.run_jobs().await?;
    let statuses = email_statuses(app).await?;
    let unsent: Vec<&String> = queued.iter().filter(|id| statuses.get(*id).is_none_or(|s| s != "sent")).collect();
    assert!(unsent.is_empty(), "every queued email is marked sent: {unsent:?}");
    Ok((queued, count(&received)?))
}

/// Issue 11: queued emails are sent once across a crash. Against a real SMTP server, the
/// `Message-ID` (derived from the email's id) tells each message: every queued email arrives,
/// and none twice but the one the server was sending when killed (if it was killed between the
/// SMTP server's acceptance and the mark-sent commit), which then arrives with its same id.
async fn queued_emails_are_sent_once_by_smtp_across_a_server_killed_while_sending(
    backend: TestBackend,
) -> anyhow::Result<()> {
    let Some(sink) = SmtpSink::start().await? else { return Ok(()) };
    let url = format!("smtp://127.0.0.1:{}", sink.port);
    let app = TestApp::start_with(backend, Some(url.clone())).await?;
    let (queued, arrived) = deliver_across_a_kill(&app, Some(&url), || sink.received()).await?;
    let mut twice = Vec::new();
    for id in &queued {
        let times = arrived.get(id).copied().unwrap_or(0);
        assert!(times >= 1, "{id} arrived");
        if times > 1 {
            twice.push((id.clone(), times));
        }
    }
    eprintln!("{} emails, delivered twice: {twice:?}", queued.len());
    assert!(twice.len() <= 1 && twice.iter().all(|(_, times)| *times == 2), "only the one in flight: {twice:?}");
    Ok(())
}

/// The same crash with the outbox: each queued email is written once, whole, as `<id>.eml`;
/// a delivery taken over after the crash does not write it again.
async fn queued_emails_are_written_once_to_the_outbox_across_a_server_killed_while_sending(
    backend: TestBackend,
) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let outbox = app.database.data_dir.path().join("outbox");
    let received = || -> anyhow::Result<Vec<String>> {
        let Ok(entries) = std::fs::read_dir(&outbox) else { return Ok(Vec::new()) };
        entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .map(|p| Ok(std::fs::read_to_string(p)?))
            .collect()
    };
    let (queued, arrived) = deliver_across_a_kill(&app, None, received).await?;
    for id in &queued {
        let file = outbox.join(format!("{id}.eml"));
        let raw = std::fs::read_to_string(&file)?;
        let email = ParsedEmail::parse(&raw)?;
        assert!(email.link("/account/reset?token=").is_some(), "{id} is whole");
        assert_eq!(message_id(&raw), *id, "the Message-ID is the email's id");
        assert_eq!(arrived.get(id).copied(), Some(1), "{id} once");
    }
    Ok(())
}
