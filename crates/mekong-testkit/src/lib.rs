//! Test harness: the real application on port 0 with a fresh database on either backend, an
//! HTTP client, and a real headless Chromium.
//!
//! Integration tests are written once and run on SQLite always, and on PostgreSQL when
//! `MEKONG_TEST_POSTGRES_URL` is set; with `MEKONG_REQUIRE_ALL=1` a missing PostgreSQL or
//! Chromium fails the test instead of skipping it, and otherwise the skip is recorded in the
//! skips log that `scripts/test` sums up.

mod app;
mod browser;
mod clock;
mod database;
pub mod page;

pub use app::{HttpSession, ParsedEmail, TestApp};
pub use browser::Browser;
pub use clock::TestClock;
pub use database::{TestBackend, TestDatabase};
pub use mekong_skips::{require_all, skip_or_fail, skips_log, target_dir};

/// Declares each named test function twice, `sqlite::name` and `postgres::name`, each on a fresh
/// database of its own. The functions take the app (`async fn name(app: TestApp)`, started with
/// the demo data), or, after `backend =>`, the backend itself (`async fn name(backend:
/// TestBackend)`) for tests that start the app their own way or drive the `mekong` command.
/// Without `MEKONG_TEST_POSTGRES_URL` the PostgreSQL half records a skip.
#[macro_export]
macro_rules! backend_tests {
    (backend => $($name:ident),* $(,)?) => {
        $crate::backend_tests!(@each backend $($name),*);
    };
    ($($name:ident),* $(,)?) => {
        $crate::backend_tests!(@each app $($name),*);
    };
    (@each $takes:ident $($name:ident),*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() -> anyhow::Result<()> {
                    $crate::backend_tests!(@run $takes $name $crate::TestBackend::Sqlite)
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() -> anyhow::Result<()> {
                    match $crate::TestBackend::postgres()? {
                        Some(backend) => $crate::backend_tests!(@run $takes $name backend),
                        None => Ok(()),
                    }
                }
            )*
        }
    };
    (@run backend $name:ident $backend:expr) => {
        super::$name($backend).await
    };
    (@run app $name:ident $backend:expr) => {
        super::$name($crate::TestApp::start($backend).await?).await
    };
}
