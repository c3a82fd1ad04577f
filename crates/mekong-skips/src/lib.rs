//! Skips that cannot go unnoticed: a test that lacks a real part (PostgreSQL, Chromium, a tool)
//! fails under `MEKONG_REQUIRE_ALL=1`, and otherwise writes one line to the skips log, which
//! `scripts/test` counts at the end of the run (nextest captures the tests' own output). A crate
//! of its own, without dependencies on the application, so that every crate's tests can use it.

use std::io::Write;
use std::path::PathBuf;

/// Whether CI demands every real part (PostgreSQL, Chromium, validators) be present.
pub fn require_all() -> bool {
    std::env::var("MEKONG_REQUIRE_ALL").is_ok_and(|v| v == "1")
}

/// Records that the running test skips because `what` is not available (the summary groups
/// skips by it), or fails under `MEKONG_REQUIRE_ALL=1`.
pub fn skip_or_fail(what: &str) -> anyhow::Result<()> {
    let reason = format!("{what} not available");
    if require_all() {
        anyhow::bail!("{reason}: required (MEKONG_REQUIRE_ALL=1) but not available");
    }
    let line = format!("SKIPPED\t{reason}\t{}\n", running_test());
    eprint!("{line}");
    let path = skips_log();
    // One `write` of one short line to a file opened for appending: lines from tests running in
    // parallel processes do not interleave.
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(line.as_bytes()));
    if let Err(error) = written {
        anyhow::bail!("cannot record the skip in {}: {error}", path.display());
    }
    Ok(())
}

/// Where skips are written: `MEKONG_SKIPS_LOG` (set by `scripts/test`), else
/// `mekong-skips.log` in the build's target directory.
pub fn skips_log() -> PathBuf {
    std::env::var_os("MEKONG_SKIPS_LOG").map_or_else(|| target_dir().join("mekong-skips.log"), PathBuf::from)
}

/// Where build outputs go: `CARGO_TARGET_DIR`, else the directory the test binary was built in
/// (`<target>/debug/deps/it-...`), else the workspace's `target/`.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target")))
}

/// The running test's name: libtest names the thread after it, and nextest passes it as the
/// one argument that is not a flag.
fn running_test() -> String {
    let thread = std::thread::current().name().map(str::to_owned);
    thread
        .filter(|name| name != "main")
        .or_else(|| std::env::args().skip(1).find(|arg| !arg.starts_with('-')))
        .unwrap_or_else(|| "unknown test".to_owned())
}
