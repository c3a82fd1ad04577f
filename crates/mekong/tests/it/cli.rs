//! The `mekong` command: clear one-line errors, serving and stopping, backup and restore.

use mekong_core::directory::{City, CityCode, Country};
use mekong_core::ids::CityId;
use mekong_core::{Lang, Text};
use mekong_store::Store;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn mekong(args: &[&str]) -> anyhow::Result<Output> {
    Ok(Command::new(env!("CARGO_BIN_EXE_mekong")).args(args).env_remove("MEKONG_DATABASE_URL").output()?)
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
    let output = Command::new(env!("CARGO_BIN_EXE_mekong"))
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

#[test]
fn serve_demo_answers_then_stops_gracefully_on_sigterm() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server(None);
    let child = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .args(["--data-dir", &dir.path().to_string_lossy(), "serve", "--demo", "--listen", "127.0.0.1:0"])
        .env_remove("MEKONG_DATABASE_URL")
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
    for line in lines.by_ref() {
        let line = line?;
        if line.starts_with("  ") && line.contains("@mekong.example") {
            assert!(
                line.contains("admin")
                    || line.contains("focal")
                    || line.contains("applicant")
                    || line.contains("partner")
                    || line.contains("evaluator")
                    || line.contains("coordinator")
                    || line.contains("secretariat")
            );
        }
        if line.starts_with("Mekong is running") {
            running = line;
            break;
        }
    }
    let url = running
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .ok_or_else(|| anyhow::anyhow!("no URL in {running:?}"))?
        .to_owned();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (ready, page) = runtime.block_on(async {
        let ready = reqwest::get(format!("{url}readyz")).await?.status().as_u16();
        let page = reqwest::get(format!("{url}cities")).await?.text().await?;
        anyhow::Ok((ready, page))
    })?;
    assert_eq!(ready, 200);
    assert!(page.contains("ភ្នំពេញ"));
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status()?;
    let output = server.0.take().ok_or_else(|| anyhow::anyhow!("server"))?.wait_with_output()?;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_from_the_command_line_checks_every_row_first() -> anyhow::Result<()> {
    let app = mekong_testkit::TestApp::start(mekong_testkit::TestBackend::Sqlite).await?;
    let dir = app.database.data_dir.path().to_string_lossy().to_string();
    let file = app.database.data_dir.path().join("people.csv");
    std::fs::write(
        &file,
        "name,email,organisation\nBounmy Sisouk,bounmy@lpq.example,Luang Prabang\nNo Email,nope,Luang Prabang\n",
    )?;
    let file_arg = file.to_string_lossy().to_string();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_mekong"))
            .args(["--data-dir", &dir])
            .args(args)
            .env("LANG", "en_GB.UTF-8")
            .output()
    };
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
