//! Test harness: the real application on port 0 with a fresh database on either backend, an
//! HTTP client, and a real headless Chromium.
//!
//! Integration tests are written once and run on SQLite always, and on PostgreSQL when
//! `MEKONG_TEST_POSTGRES_URL` is set; with `MEKONG_REQUIRE_ALL=1` a missing PostgreSQL or
//! Chromium fails the test instead of skipping it.

mod app;
mod browser;
mod clock;
mod database;

pub use app::{HttpSession, ParsedEmail, TestApp};
pub use browser::Browser;
pub use clock::TestClock;
pub use database::{TestBackend, TestDatabase};

/// Whether CI demands every real part (PostgreSQL, Chromium, validators) be present.
pub fn require_all() -> bool {
    std::env::var("MEKONG_REQUIRE_ALL").is_ok_and(|v| v == "1")
}

/// Writes a test's one-line note that a part was missing, or fails under `MEKONG_REQUIRE_ALL=1`.
pub fn skip_or_fail(what: &str) -> anyhow::Result<()> {
    if require_all() {
        anyhow::bail!("{what} is required (MEKONG_REQUIRE_ALL=1) but not available");
    }
    eprintln!("SKIPPED: {what} is not available");
    Ok(())
}

/// Declares each named test function `async fn name(app: TestApp) -> anyhow::Result<()>`
/// twice: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() -> anyhow::Result<()> {
                    let app = $crate::TestApp::start($crate::TestBackend::Sqlite).await?;
                    super::$name(app).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() -> anyhow::Result<()> {
                    match $crate::TestBackend::postgres()? {
                        Some(backend) => super::$name($crate::TestApp::start(backend).await?).await,
                        None => Ok(()),
                    }
                }
            )*
        }
    };
}
