//! The `mekong` command: clear one-line errors, serving and stopping, backup and restore, the
//! order settings are read in, invitations, imports and exports. Commands that open a database
//! run on both backends (`--database-url`); those that fail before opening one run once.

use mekong_core::directory::{City, CityCode, Country};
use mekong_core::ids::CityId;
use mekong_core::{Lang, Text};
use mekong_store::Store;
use mekong_testkit::{ParsedEmail, TestApp, TestBackend, TestDatabase, backend_tests};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

backend_tests!(backend =>
    serve_demo_answers_then_stops_gracefully_on_sigterm,
    settings_come_from_defaults_then_mekong_toml_then_the_environment_then_flags,
    users_invite_sends_an_invitation_in_its_language_that_opens_the_account,
    import_from_the_command_line_checks_every_row_first,
    organisations_go_out_and_come_back_through_the_command_line,
    an_import_killed_midway_leaves_all_or_nothing_and_a_trail_that_verifies,
    a_server_killed_in_a_burst_of_edits_keeps_every_acknowledged_one,
);

/// The settings a `mekong` command may read from its environment: every test states its own.
const SETTINGS: [&str; 7] = [
    "MEKONG_DATA_DIR",
    "MEKONG_DATABASE_URL",
    "MEKONG_LISTEN",
    "MEKONG_PUBLIC_URL",
    "MEKONG_SMTP_URL",
    "MEKONG_MAIL_FROM",
    "MEKONG_TLS",
];

/// The `mekong` command with none of the `MEKONG_*` settings of the environment running the tests.
fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mekong"));
    for name in SETTINGS {
        command.env_remove(name);
    }
    command
}

fn mekong(args: &[&str]) -> anyhow::Result<Output> {
    Ok(command().args(args).output()?)
}

/// `mekong` working on a test database (either backend) with `data_dir` for its files.
fn mekong_on(database: &str, data_dir: &Path, args: &[&str]) -> anyhow::Result<Output> {
    Ok(command()
        .args(["--data-dir", &data_dir.to_string_lossy(), "--database-url", database])
        .args(args)
        .env("LANG", "en_GB.UTF-8")
        .output()?)
}

/// The command succeeded; its error output otherwise.
fn assert_success(output: &Output) {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The failure is one line that starts with `mekong: error:` and is no panic.
fn assert_one_clear_line(output: &Output, mentions: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "should fail: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("mekong: error:"), "{stderr}");
    assert!(stderr.contains(mentions), "{stderr} should mention {mentions}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

#[test]
fn unreachable_database_is_one_clear_line() -> anyhow::Result<()> {
    let output = mekong(&["--database-url", "postgres://nobody:secret@127.0.0.1:1/none", "migrate"])?;
    assert_one_clear_line(&output, "--database-url");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("secret"), "password redacted");
    let output = mekong(&["--database-url", "mysql://x/y", "migrate"])?;
    assert_one_clear_line(&output, "unsupported database URL");
    Ok(())
}

#[test]
fn a_wrong_smtp_url_is_one_clear_line() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let output = command()
        .args(["--data-dir", &dir.path().to_string_lossy(), "migrate"])
        .env("MEKONG_SMTP_URL", "http://mail.example")
        .output()?;
    assert_one_clear_line(&output, "MEKONG_SMTP_URL must start with smtp://");
    Ok(())
}

#[test]
fn unwritable_data_dir_is_one_clear_line() -> anyhow::Result<()> {
    let output = mekong(&["--data-dir", "/proc/mekong-cannot-be-here", "migrate"])?;
    assert_one_clear_line(&output, "--data-dir");
    Ok(())
}

#[test]
fn port_in_use_is_one_clear_line() -> anyhow::Result<()> {
    let taken = std::net::TcpListener::bind("127.0.0.1:0")?;
    let address = taken.local_addr()?.to_string();
    let dir = tempfile::tempdir()?;
    let output = mekong(&["--data-dir", &dir.path().to_string_lossy(), "serve", "--listen", &address])?;
    assert_one_clear_line(&output, "--listen");
    Ok(())
}

#[test]
fn unknown_flag_is_refused() -> anyhow::Result<()> {
    let output = mekong(&["serve", "--no-such-flag"])?;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unexpected argument '--no-such-flag'"));
    Ok(())
}

#[test]
fn postgres_backups_point_to_pg_dump() -> anyhow::Result<()> {
    let output = mekong(&["--database-url", "postgres://root@127.0.0.1/test", "backup", "/tmp/never.tar.gz"])?;
    assert_one_clear_line(&output, "pg_dump");
    Ok(())
}

/// A server process that is killed if the test fails before stopping it.
struct Server(Option<std::process::Child>);

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn serve_demo_answers_then_stops_gracefully_on_sigterm(backend: TestBackend) -> anyhow::Result<()> {
    let database = TestDatabase::create(&backend).await?;
    let mut server = Server(None);
    let child = command()
        .args(["--data-dir", &database.data_dir.path().to_string_lossy(), "--database-url", &database.url])
        .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let child = server.0.insert(child);
    let stdout = child.stdout.take().ok_or_else(|| anyhow::anyhow!("stdout"))?;
    let mut lines = BufReader::new(stdout).lines();
    let demo = lines.next().transpose()?.unwrap_or_default();
    assert_eq!(demo, "Demo data loaded: 11 member cities.");
    let mut running = String::new();
    let mut accounts = Vec::new();
    for line in lines.by_ref() {
        let line = line?;
        if line.starts_with("  ") {
            accounts.push(line.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        if line.starts_with("Mekong is running") {
            running = line;
            break;
        }
    }
    assert_eq!(
        accounts,
        [
            "admin@mekong.example admin",
            "secretariat@mekong.example secretariat",
            "coordinator@mekong.example coordinator",
            "focal.phnompenh@mekong.example city_focal_point [KH-PNH]",
            "focal.hue@mekong.example city_focal_point [VN-HUI]",
            "evaluator@mekong.example evaluator [0195d8a0-0000-7000-8000-000000000001]",
            "partner@mekong.example partner [0195d8a0-0000-7000-8000-000000000002]",
            "applicant@mekong.example applicant",
            "auditor@mekong.example auditor [0195d8a0-0000-7000-8000-000000000010]",
            "focal.vientiane@mekong.example city_focal_point [LA-VTE]",
        ],
        "one demo account per role, with its scope"
    );
    let url = running
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .ok_or_else(|| anyhow::anyhow!("no URL in {running:?}"))?
        .to_owned();
    let ready = reqwest::get(format!("{url}readyz")).await?.status().as_u16();
    let page = reqwest::get(format!("{url}cities")).await?.text().await?;
    assert_eq!(ready, 200);
    assert!(page.contains("ភ្នំពេញ"));
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status()?;
    let child = server.0.take().ok_or_else(|| anyhow::anyhow!("server"))?;
    let output = tokio::task::spawn_blocking(move || child.wait_with_output()).await??;
    assert!(output.status.success(), "graceful stop exits 0");
    let logs = String::from_utf8_lossy(&output.stderr);
    let request_line = logs.lines().find(|l| l.contains("path=/cities")).unwrap_or_default();
    assert!(request_line.contains("request{id="), "request id on the request's log lines: {logs}");
    assert!(logs.contains("shutting down"));
    Ok(())
}

const BATCH: usize = 5;

/// Writes batches of cities, each in one transaction, until told to stop; returns how many.
async fn keep_writing(store: Store, stop: tokio::sync::watch::Receiver<bool>) -> anyhow::Result<usize> {
    let mut written = 0;
    let letters = |n: usize| -> String {
        let l = |i: usize| char::from(b'A' + u8::try_from(i % 26).unwrap_or(0));
        [l(n / 676), l(n / 26), l(n)].iter().collect()
    };
    while !*stop.borrow() && written + BATCH < 17_000 {
        let txn = store.begin_write().await?;
        for _ in 0..BATCH {
            let city = City {
                id: CityId::new(),
                code: CityCode::parse(&format!("KH-{}", letters(written + 1000)))?,
                name: Text::new().with(Lang::En, format!("Test city {written}")),
                country: Country::Cambodia,
                admin_region: "Test".into(),
                population: None,
                latitude: 11.0,
                longitude: 104.0,
                source: "test".into(),
                verified: false,
                version: 1,
            };
            mekong_store::directory::insert_city(&txn, &city, jiff::Timestamp::UNIX_EPOCH).await?;
            written += 1;
        }
        txn.commit().await?;
    }
    Ok(written)
}

async fn city_codes(store: &Store) -> anyhow::Result<std::collections::BTreeSet<String>> {
    Ok(store.list_cities().await?.into_iter().map(|c| c.code.to_string()).collect())
}

/// SQLite only: `mekong backup` snapshots an SQLite deployment; a PostgreSQL one is backed up
/// with `pg_dump` (`postgres_backups_point_to_pg_dump`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_writing_then_restore_gives_a_consistent_copy() -> anyhow::Result<()> {
    let live = tempfile::tempdir()?;
    let data_dir = live.path().to_string_lossy().to_string();
    std::fs::create_dir_all(live.path().join("files/ab"))?;
    std::fs::write(live.path().join("files/ab/attachment.bin"), b"evidence")?;
    let store = Store::open_sqlite_file(&live.path().join("mekong.sqlite")).await?;
    store.migrate().await?;

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let writer = tokio::spawn(keep_writing(store.clone(), stopped));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before_backup = city_codes(&store).await?;
    let archive = live.path().join("backup.tar.gz");
    let archive_arg = archive.to_string_lossy().to_string();
    let backup =
        tokio::task::spawn_blocking(move || mekong(&["--data-dir", &data_dir, "backup", &archive_arg])).await??;
    assert!(backup.status.success(), "{}", String::from_utf8_lossy(&backup.stderr));
    stop.send(true)?;
    let written = writer.await??;
    let after = city_codes(&store).await?;
    assert_eq!(after.len(), written);

    let restored_dir = tempfile::tempdir()?;
    let target = restored_dir.path().join("restored");
    let restore = mekong(&["--data-dir", &target.to_string_lossy(), "restore", &archive.to_string_lossy()])?;
    assert!(restore.status.success(), "{}", String::from_utf8_lossy(&restore.stderr));
    let restored = Store::open_sqlite_file(&target.join("mekong.sqlite")).await?;
    let copy = city_codes(&restored).await?;
    assert!(copy.is_superset(&before_backup), "everything committed before the backup is in it");
    assert!(copy.is_subset(&after), "nothing that was never written");
    assert_eq!(copy.len() % BATCH, 0, "no half transaction");
    assert_eq!(std::fs::read(target.join("files/ab/attachment.bin"))?, b"evidence");

    let again = mekong(&["--data-dir", &target.to_string_lossy(), "restore", &archive.to_string_lossy()])?;
    assert_one_clear_line(&again, "not empty");
    Ok(())
}

#[test]
fn restoring_something_that_is_not_a_backup_fails_cleanly() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let bogus = dir.path().join("bogus.tar.gz");
    std::fs::write(&bogus, b"not an archive")?;
    let target = dir.path().join("target");
    let output = mekong(&["--data-dir", &target.to_string_lossy(), "restore", &bogus.to_string_lossy()])?;
    assert_one_clear_line(&output, "not a Mekong backup");
    assert!(!Path::new(&target).exists(), "nothing left behind");
    Ok(())
}

async fn import_from_the_command_line_checks_every_row_first(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let file = app.database.data_dir.path().join("people.csv");
    std::fs::write(
        &file,
        "name,email,organisation\nBounmy Sisouk,bounmy@lpq.example,Luang Prabang\nNo Email,nope,Luang Prabang\n",
    )?;
    let file_arg = file.to_string_lossy().to_string();
    let run = |args: &[&str]| mekong_on(&app.database.url, app.database.data_dir.path(), args);
    let bad = run(&["import", "people", &file_arg])?;
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("row 3: emails: Invalid email address."), "{stderr}");
    assert!(stderr.contains("nothing was imported"));
    std::fs::write(
        &file,
        "name,email,organisation\nBounmy Sisouk,bounmy@lpq.example,Luang Prabang\nKhamla Vong,khamla@lpq.example,Luang Prabang\n",
    )?;
    let dry = run(&["import", "people", &file_arg, "--dry-run"])?;
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    assert!(String::from_utf8_lossy(&dry.stdout).contains("would import 2 rows"));
    let admin = app.signed_in("admin@mekong.example").await?;
    let before: serde_json::Value = admin.get("/api/v1/people?q=bounmy").await?.json().await?;
    assert_eq!(before["total"], 0, "a dry run writes nothing");
    let real = run(&["import", "people", &file_arg])?;
    assert!(real.status.success(), "{}", String::from_utf8_lossy(&real.stderr));
    let after: serde_json::Value = admin.get("/api/v1/people?q=bounmy").await?.json().await?;
    assert_eq!(after["total"], 1);
    let unknown = run(&["import", "budgets", &file_arg])?;
    assert_one_clear_line(&unknown, "people");

    let workbook = app.database.data_dir.path().join("people.xlsx");
    let exported = run(&["export", "people", &workbook.to_string_lossy()])?;
    assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
    let table = mekong_docs::read_table(&std::fs::read(&workbook)?)?;
    assert!(table.rows.iter().any(|r| r.contains(&"Bounmy Sisouk".to_owned())), "exported and read back");
    assert_eq!(table.rows.len(), 7, "five demo people and two imported");
    let again = run(&["export", "people", &workbook.to_string_lossy()])?;
    assert_one_clear_line(&again, "already exists");
    let cards = app.database.data_dir.path().join("people.vcf");
    assert!(run(&["export", "people", &cards.to_string_lossy()])?.status.success());
    assert_eq!(std::fs::read_to_string(&cards)?.matches("BEGIN:VCARD").count(), 7);
    let wrong = run(&["export", "organisations", &cards.to_string_lossy().replace(".vcf", ".pdf")])?;
    assert_one_clear_line(&wrong, ".csv or .xlsx");
    Ok(())
}

/// The raw text of the emails the command wrote to `data_dir`'s outbox for `to`, oldest first.
fn outbox_for(data_dir: &Path, to: &str) -> anyhow::Result<Vec<String>> {
    let mut files: Vec<_> = match std::fs::read_dir(data_dir.join("outbox")) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(_) => return Ok(Vec::new()),
    };
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let raw = std::fs::read_to_string(&file)?;
        if ParsedEmail::parse(&raw)?.to == to {
            found.push(raw);
        }
    }
    Ok(found)
}

/// The one invitation the command wrote for `to`: its sender line and its link.
fn invitation(data_dir: &Path, to: &str) -> anyhow::Result<(String, String)> {
    let emails = outbox_for(data_dir, to)?;
    anyhow::ensure!(emails.len() == 1, "one invitation to {to}, found {}", emails.len());
    let raw = &emails[0];
    let from = raw.lines().find(|l| l.starts_with("From: ")).unwrap_or_default().to_owned();
    let link = ParsedEmail::parse(raw)?.link("/account/accept?token=").unwrap_or_default();
    Ok((from, link))
}

/// Invites `email` as an applicant, with the settings given as environment and flags.
fn invite(data_dir: &Path, email: &str, env: &[(&str, &str)], flags: &[&str]) -> anyhow::Result<Output> {
    Ok(command()
        .args(["--data-dir", &data_dir.to_string_lossy()])
        .args(flags)
        .args(["users", "invite", email, "--name", "Settings test", "--role", "applicant"])
        .envs(env.iter().copied())
        .output()?)
}

async fn users_with_email(database: &TestDatabase, email: &str) -> anyhow::Result<i64> {
    database.count(&format!("SELECT COUNT(*) AS n FROM users WHERE email = '{email}'")).await
}

async fn settings_come_from_defaults_then_mekong_toml_then_the_environment_then_flags(
    backend: TestBackend,
) -> anyhow::Result<()> {
    let database = TestDatabase::create(&backend).await?;
    // The command's own data directory, apart from the test database's.
    let home = tempfile::tempdir()?;
    let dir = home.path();
    let unreachable = "postgres://nobody@127.0.0.1:1/none";
    assert_success(&mekong_on(&database.url, database.data_dir.path(), &["migrate"])?);

    // Defaults: the SQLite file in the data directory, links to the listening address.
    assert_success(&invite(dir, "default@mekong.example", &[], &[])?);
    let (from, link) = invitation(dir, "default@mekong.example")?;
    assert_eq!(from, "From: Mekong <mekong@localhost>");
    assert!(link.starts_with("http://127.0.0.1:8080/account/accept?token="), "{link}");
    assert!(dir.join("mekong.sqlite").exists(), "the default database is the data directory's SQLite file");
    assert_eq!(users_with_email(&database, "default@mekong.example").await?, 0);

    // mekong.toml over the defaults.
    let toml = |database_url: &str| {
        format!(
            "database_url = \"{database_url}\"\npublic_url = \"https://toml.mekong.example\"\n\
             mail_from = \"Toml <toml@mekong.example>\"\nlisten = \"127.0.0.1:1\"\n"
        )
    };
    std::fs::write(dir.join("mekong.toml"), toml(&database.url))?;
    assert_success(&invite(dir, "toml@mekong.example", &[], &[])?);
    let (from, link) = invitation(dir, "toml@mekong.example")?;
    assert_eq!(from, "From: Toml <toml@mekong.example>");
    assert!(link.starts_with("https://toml.mekong.example/account/accept?token="), "{link}");
    assert_eq!(users_with_email(&database, "toml@mekong.example").await?, 1, "written to mekong.toml's database");

    // The environment over mekong.toml (whose database cannot be reached now).
    std::fs::write(dir.join("mekong.toml"), toml(unreachable))?;
    let env = [
        ("MEKONG_DATABASE_URL", database.url.as_str()),
        ("MEKONG_PUBLIC_URL", "https://env.mekong.example"),
        ("MEKONG_MAIL_FROM", "Env <env@mekong.example>"),
    ];
    assert_success(&invite(dir, "env@mekong.example", &env, &[])?);
    let (from, link) = invitation(dir, "env@mekong.example")?;
    assert_eq!(from, "From: Env <env@mekong.example>");
    assert!(link.starts_with("https://env.mekong.example/account/accept?token="), "{link}");
    assert_eq!(users_with_email(&database, "env@mekong.example").await?, 1);

    // Flags over the environment (whose database cannot be reached either).
    let env = [("MEKONG_DATABASE_URL", unreachable)];
    assert_success(&invite(dir, "flag@mekong.example", &env, &["--database-url", &database.url])?);
    assert_eq!(users_with_email(&database, "flag@mekong.example").await?, 1);
    let refused = invite(dir, "nowhere@mekong.example", &env, &[])?;
    assert_one_clear_line(&refused, "--database-url");

    // The listening address: mekong.toml's, then the environment's, then the flag's.
    let toml_port = free_port()?;
    std::fs::write(
        dir.join("mekong.toml"),
        format!("database_url = \"{}\"\nlisten = \"127.0.0.1:{toml_port}\"\n", database.url),
    )?;
    assert_eq!(serving_at(dir, &[], &[]).await?, format!("http://127.0.0.1:{toml_port}/"));
    let env_port = free_port()?;
    let env_listen = format!("127.0.0.1:{env_port}");
    let env = [("MEKONG_LISTEN", env_listen.as_str())];
    assert_eq!(serving_at(dir, &env, &[]).await?, format!("http://127.0.0.1:{env_port}/"));
    let flag_port = free_port()?;
    let flag_listen = format!("127.0.0.1:{flag_port}");
    assert_eq!(serving_at(dir, &env, &["--listen", &flag_listen]).await?, format!("http://127.0.0.1:{flag_port}/"));
    Ok(())
}

/// A port free a moment ago.
fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts `mekong serve` with these settings, reads the address it says it serves at, checks it
/// answers there, and stops it.
async fn serving_at(data_dir: &Path, env: &[(&str, &str)], flags: &[&str]) -> anyhow::Result<String> {
    let mut server = Server(None);
    let child = command()
        .args(["--data-dir", &data_dir.to_string_lossy(), "serve"])
        .args(flags)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let child = server.0.insert(child);
    let stdout = child.stdout.take().ok_or_else(|| anyhow::anyhow!("stdout"))?;
    let running = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find(|line| line.starts_with("Mekong is running"))
        .unwrap_or_default();
    let url = running.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_default().to_owned();
    assert_eq!(reqwest::get(format!("{url}healthz")).await?.status(), 200, "answers at {url}");
    Ok(url)
}

async fn users_invite_sends_an_invitation_in_its_language_that_opens_the_account(
    backend: TestBackend,
) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let home = tempfile::tempdir()?;
    let email = "first.admin@mekong.example";
    let invited = mekong_on(
        &app.database.url,
        home.path(),
        &["users", "invite", email, "--name", "ສົມສັກ ພົມມະ", "--role", "admin", "--language", "lo"],
    )?;
    assert_success(&invited);
    assert_eq!(String::from_utf8_lossy(&invited.stdout).trim(), format!("Invitation sent to {email}"));
    let emails = outbox_for(home.path(), email)?;
    assert_eq!(emails.len(), 1, "one invitation in the command's outbox");
    let message = ParsedEmail::parse(&emails[0])?;
    let i18n = mekong_i18n::I18n::load();
    assert_eq!(message.subject, i18n.message(mekong_i18n::Lang::Lo, "email-invitation-subject"), "in Lao");
    assert!(message.text.contains("ສົມສັກ ພົມມະ"), "{}", message.text);
    // The link opens the account on the server sharing the database.
    let link = message.link("/account/accept?token=").ok_or_else(|| anyhow::anyhow!("no link"))?;
    let token = link.split("token=").nth(1).unwrap_or_default();
    let visitor = app.visitor().await?;
    assert_eq!(visitor.get(&format!("/account/accept?token={token}")).await?.status(), 200);
    let password = "Mekong flows past Vientiane";
    let accepted = visitor
        .post_form("/account/accept", &[("token", token), ("password", password), ("confirm", password)])
        .await?;
    assert_eq!(accepted.status(), 303);
    assert_eq!(visitor.post_form("/login", &[("email", email), ("password", password)]).await?.status(), 303);
    let me: serde_json::Value = visitor.get("/api/v1/me").await?.json().await?;
    assert_eq!(me["roles"], serde_json::json!(["admin"]));
    // A role that needs a scope, without one: one clear line, nobody invited.
    let unscoped = mekong_on(
        &app.database.url,
        home.path(),
        &["users", "invite", "focal@mekong.example", "--name", "F", "--role", "city_focal_point"],
    )?;
    assert_one_clear_line(&unscoped, "--role/--scope");
    assert_eq!(users_with_email(&app.database, "focal@mekong.example").await?, 0);
    Ok(())
}

async fn organisations_go_out_and_come_back_through_the_command_line(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let dir = app.database.data_dir.path();
    let run = |args: &[&str]| mekong_on(&app.database.url, dir, args);
    let exported = dir.join("organisations.xlsx");
    assert_success(&run(&["export", "organisations", &exported.to_string_lossy()])?);
    let table = mekong_docs::read_table(&std::fs::read(&exported)?)?;
    let mut expected = vec!["id".to_owned()];
    expected.extend(mekong_core::drafts::OrganisationDraft::FIELDS.iter().map(|f| (*f).to_owned()));
    assert_eq!(table.headers, expected, "the import's column layout");
    let demo = app.get("/api/v1/organisations").await?.json::<serde_json::Value>().await?["total"].as_u64();
    assert_eq!(Some(table.rows.len() as u64), demo, "every organisation exported");
    let hue = table.rows.iter().find(|r| r.contains(&"Huế".to_owned())).ok_or_else(|| anyhow::anyhow!("Huế"))?;
    assert!(hue.contains(&"VN".to_owned()), "{hue:?}");

    // New organisations in the same layout: a bad row stops the whole file.
    let file = dir.join("new.csv");
    let layout = mekong_core::drafts::OrganisationDraft::FIELDS.join(",");
    let row = |kind: &str, name: &str, country: &str| format!("{kind},{name},,,{country},,,,https://example.org,,\n");
    std::fs::write(
        &file,
        format!(
            "{layout}\n{}{}",
            row("university", "Institut du Tonlé Bassac", "KH"),
            row("university", "École sans pays", "ZZZ")
        ),
    )?;
    let refused = run(&["import", "organisations", &file.to_string_lossy()])?;
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("row 3: country:"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    let search = "/api/v1/organisations?q=bassac";
    assert_eq!(app.get(search).await?.json::<serde_json::Value>().await?["total"], 0);
    std::fs::write(
        &file,
        format!(
            "{layout}\n{}{}",
            row("university", "Institut du Tonlé Bassac", "KH"),
            row("ngo", "Association de Luang Prabang", "LA")
        ),
    )?;
    let imported = run(&["import", "organisations", &file.to_string_lossy()])?;
    assert_success(&imported);
    assert!(String::from_utf8_lossy(&imported.stdout).contains("imported 2 rows"));
    let found = app.get(search).await?.json::<serde_json::Value>().await?;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["kind"], "university");
    assert_eq!(found["items"][0]["country"], "KH");
    // Exported again, the new organisations are there.
    let again = dir.join("again.csv");
    assert_success(&run(&["export", "organisations", &again.to_string_lossy()])?);
    let table = mekong_docs::read_table(&std::fs::read(&again)?)?;
    assert_eq!(Some(table.rows.len() as u64), demo.map(|n| n + 2));
    assert!(table.rows.iter().any(|r| r.contains(&"Association de Luang Prabang".to_owned())));
    Ok(())
}

/// A crash in the middle of a large import: the process is killed (SIGKILL, no clean-up) while it
/// writes, and the database holds either every row or none, and an audit trail that verifies.
async fn an_import_killed_midway_leaves_all_or_nothing_and_a_trail_that_verifies(
    backend: TestBackend,
) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let file = app.database.data_dir.path().join("many.csv");
    let mut csv = String::from("name,email,organisation\n");
    for n in 0..20_000 {
        csv.push_str(&format!("Crashperson {n},crash{n}@crash.example,Crash test organisation\n"));
    }
    std::fs::write(&file, csv)?;
    let data_dir = app.database.data_dir.path().to_string_lossy().to_string();
    let file_arg = file.to_string_lossy().to_string();
    let count = || async {
        let admin = app.signed_in("admin@mekong.example").await?;
        let found: serde_json::Value = admin.get("/api/v1/people?q=crashperson").await?.json().await?;
        anyhow::Ok(found["total"].as_i64().unwrap_or(-1))
    };
    let mut killed_while_running = 0;
    for wait_ms in [150_u64, 600, 1_500] {
        let mut child = command()
            .args(["--data-dir", &data_dir, "--database-url", &app.database.url, "import", "people", &file_arg])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        tokio::time::sleep(std::time::Duration::from_millis(wait_ms)).await;
        if child.try_wait()?.is_none() {
            killed_while_running += 1;
        }
        Command::new("kill").args(["-KILL", &child.id().to_string()]).status()?;
        child.wait()?;
        let people = count().await?;
        assert!(people == 0 || people == 20_000, "after a kill at {wait_ms} ms: {people} rows, neither none nor all");
        if people == 20_000 {
            break;
        }
    }
    assert!(killed_while_running > 0, "at least one kill landed while the import ran");
    let verify = mekong_on(&app.database.url, app.database.data_dir.path(), &["audit", "verify"])?;
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    let checked = mekong_on(&app.database.url, app.database.data_dir.path(), &["check"])?;
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
    Ok(())
}

/// Starts `mekong serve` on the test's database; returns the server and its address.
fn serve_on(app: &TestApp) -> anyhow::Result<(Server, String)> {
    let mut server = Server(None);
    let child = command()
        .args(["--data-dir", &app.database.data_dir.path().to_string_lossy(), "--database-url", &app.database.url])
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let child = server.0.insert(child);
    let stdout = child.stdout.take().ok_or_else(|| anyhow::anyhow!("stdout"))?;
    let running = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("Mekong is running"))
        .unwrap_or_default();
    let url = running.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_default().to_owned();
    anyhow::ensure!(!url.is_empty(), "the server did not start");
    Ok((server, url))
}

/// A crash in a burst of edits: the server is killed (SIGKILL) while budget transfers arrive one
/// after another. Every transfer it acknowledged is there after a restart, at most the one in
/// flight is there unacknowledged, each with its trail entry, and the trail verifies.
async fn a_server_killed_in_a_burst_of_edits_keeps_every_acknowledged_one(backend: TestBackend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let (mut server, url) = serve_on(&app)?;
    let session = mekong_testkit::HttpSession::signed_in_at(&url, "coordinator@mekong.example").await?;
    let burst = tokio::spawn(async move {
        let mut acknowledged = 0_usize;
        for n in 0..200 {
            let reason = format!("Burst transfer {n}");
            let fields =
                [("year", "2026"), ("from", "2.1"), ("to", "2.2"), ("amount", "1,00"), ("reason", reason.as_str())];
            match session.post_form("/finance/SGA4/transfers", &fields).await {
                Ok(response) if response.status() == 303 => acknowledged += 1,
                _ => break,
            }
        }
        acknowledged
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    let child = server.0.take().ok_or_else(|| anyhow::anyhow!("server"))?;
    Command::new("kill").args(["-KILL", &child.id().to_string()]).status()?;
    let _ = tokio::task::spawn_blocking(move || child.wait_with_output()).await?;
    let acknowledged = burst.await?;
    assert!(acknowledged > 0 && acknowledged < 200, "killed in the middle of the burst: {acknowledged} acknowledged");
    let (_restarted, url) = serve_on(&app)?;
    let coordinator = mekong_testkit::HttpSession::signed_in_at(&url, "coordinator@mekong.example").await?;
    let (_, page) = coordinator.get_text("/finance/SGA4").await?;
    let stored = page.matches("Burst transfer").count();
    assert!(
        stored == acknowledged || stored == acknowledged + 1,
        "{acknowledged} acknowledged, {stored} stored: none lost, at most the one in flight added"
    );
    let trail = app
        .app
        .audit_trail(
            &mekong_app::policy::Actor::command_line(),
            mekong_app::audit::AuditFilter { limit: 1_000, ..Default::default() },
        )
        .await?;
    let recorded = trail.iter().filter(|e| e.change.action == "budget_transfer.created").count();
    assert_eq!(recorded, stored, "each stored transfer has its trail entry, and only those");
    let verify = mekong_on(&app.database.url, app.database.data_dir.path(), &["audit", "verify"])?;
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    Ok(())
}
