//! A fresh database per test: an SQLite file in a temporary directory, or a new PostgreSQL
//! database created on the server named by `MEKONG_TEST_POSTGRES_URL` and dropped afterwards.

use anyhow::Context;
use sea_orm::ConnectionTrait;
use tempfile::TempDir;

/// Which engine a test runs on.
#[derive(Debug, Clone)]
pub enum TestBackend {
    Sqlite,
    /// The administrative URL of a PostgreSQL server where test databases may be created.
    Postgres(String),
}

impl TestBackend {
    /// PostgreSQL when configured; `None` (after saying so) when not, or an error when required.
    pub fn postgres() -> anyhow::Result<Option<TestBackend>> {
        match std::env::var("MEKONG_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => Ok(Some(TestBackend::Postgres(url))),
            _ => crate::skip_or_fail("PostgreSQL (MEKONG_TEST_POSTGRES_URL)").map(|()| None),
        }
    }
}

/// A database that exists for one test, with its data directory.
pub struct TestDatabase {
    pub url: String,
    pub data_dir: TempDir,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn create(backend: &TestBackend) -> anyhow::Result<TestDatabase> {
        let data_dir = tempfile::tempdir().context("creating a data directory")?;
        match backend {
            TestBackend::Sqlite => {
                let url = format!("sqlite://{}?mode=rwc", data_dir.path().join("mekong.sqlite").display());
                Ok(TestDatabase { url, data_dir, postgres: None })
            }
            TestBackend::Postgres(admin_url) => {
                let name = format!("mekong_test_{}", uuid::Uuid::now_v7().simple());
                let admin = sea_orm::Database::connect(admin_url.as_str())
                    .await
                    .with_context(|| format!("connecting to PostgreSQL at {admin_url}"))?;
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
                admin.close().await?;
                let url = with_database(admin_url, &name);
                Ok(TestDatabase { url, data_dir, postgres: Some((admin_url.clone(), name)) })
            }
        }
    }
}

impl TestDatabase {
    /// Runs `sql` on this database directly, as a broken disk or a careless operator would:
    /// for tests that need a state the application never writes.
    pub async fn execute(&self, sql: &str) -> anyhow::Result<()> {
        let db = sea_orm::Database::connect(self.url.as_str()).await?;
        db.execute_unprepared(sql).await.with_context(|| format!("running {sql}"))?;
        db.close().await?;
        Ok(())
    }

    /// Drops a PostgreSQL test database from under the application, its connections cut, as a
    /// lost server would; `false` for SQLite, which has no server to lose.
    pub async fn drop_postgres_database(&self) -> anyhow::Result<bool> {
        let Some((admin_url, name)) = &self.postgres else { return Ok(false) };
        let admin = sea_orm::Database::connect(admin_url.as_str()).await?;
        admin.execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)")).await?;
        admin.close().await?;
        Ok(true)
    }

    /// The number `sql` (a `SELECT COUNT(*) AS n ...`) counts, read from the database itself
    /// rather than through the application.
    pub async fn count(&self, sql: &str) -> anyhow::Result<i64> {
        let db = sea_orm::Database::connect(self.url.as_str()).await?;
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql))
            .await
            .with_context(|| format!("running {sql}"))?
            .ok_or_else(|| anyhow::anyhow!("no row from {sql}"))?;
        let n = row.try_get::<i64>("", "n").with_context(|| format!("reading n from {sql}"))?;
        db.close().await?;
        Ok(n)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop cannot await: run the clean-up on a runtime of its own, on its own thread.
        let cleanup = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            runtime.block_on(async {
                if let Ok(admin) = sea_orm::Database::connect(admin_url.as_str()).await {
                    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                    let _ = admin.close().await;
                }
            });
        });
        let _ = cleanup.join();
    }
}

/// The same server URL naming another database.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let server = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_is_swapped_in_the_url() {
        assert_eq!(with_database("postgres://root@127.0.0.1:5432/test", "x"), "postgres://root@127.0.0.1:5432/x");
        assert_eq!(with_database("postgres://root@h/test?sslmode=disable", "x"), "postgres://root@h/x?sslmode=disable");
        assert_eq!(with_database("postgres://root@h", "x"), "postgres://root@h/x");
    }
}
