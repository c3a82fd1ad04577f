//! Opening the database on either backend, running migrations, and write transactions.

use crate::StoreError;
use crate::migrations::Migrator;
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle on the database, cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    /// SQLite admits one writer at a time; taking this before `BEGIN IMMEDIATE` means this
    /// process's writers queue here rather than all polling SQLite's busy handler.
    sqlite_writer: Arc<Mutex<()>>,
}

/// A write transaction. Dropped without `commit`, it rolls back.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _writer: Option<OwnedMutexGuard<()>>,
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), StoreError> {
        Ok(self.txn.commit().await?)
    }
}

impl Store {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://...`).
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Unreachable(format!(
                "unsupported database URL {:?}: use sqlite://FILE or postgres://USER@HOST/DB",
                redact_url(url)
            )));
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options.connect_timeout(Duration::from_secs(5)).acquire_timeout(Duration::from_secs(10)).sqlx_logging(false);
        if backend == Backend::Sqlite {
            options.max_connections(8).map_sqlx_sqlite_opts(|opts| {
                opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    .create_if_missing(true)
                    // 16 MB of pages per connection (SQLite's default is 2 MB): at network scale
                    // the name and value indexes are read all over, and re-reading their pages
                    // from the file was most of a name search's time.
                    .pragma("cache_size", "-16000")
                    // Rows come from SQLite's thread through a channel: at the default 50 the
                    // thread stopped and was woken again every 50 rows of a dashboard's 720.
                    .row_buffer_size(1024)
            });
        } else {
            options.max_connections(16);
        }
        let db = sea_orm::Database::connect(options)
            .await
            .map_err(|e| StoreError::Unreachable(format!("{}: {e}", redact_url(url))))?;
        Ok(Store { db, backend, sqlite_writer: Arc::new(Mutex::new(())) })
    }

    /// Opens (creating if needed) the SQLite database file at `path`.
    pub async fn open_sqlite_file(path: &Path) -> Result<Store, StoreError> {
        Store::connect(&format!("sqlite://{}?mode=rwc", path.display())).await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies every migration not yet applied.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        Migrator::up(&self.db, None).await?;
        if self.backend == Backend::Sqlite {
            // Statistics for tables that changed a lot since the last run (SQLite's advice for
            // long-lived connections).
            self.db.execute_unprepared("PRAGMA optimize=0x10002").await?;
        }
        Ok(())
    }

    /// Refreshes the query planner's statistics after bulk changes (an import). SQLite plans
    /// name searches far better with them (measured: 20 ms to 8 ms at 50,000 people);
    /// PostgreSQL's autovacuum keeps its own.
    pub async fn refresh_statistics(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            self.db.execute_unprepared("ANALYZE").await?;
        }
        Ok(())
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        // A database that does not answer is unreachable (503), not an internal fault (500).
        self.db.ping().await.map_err(|e| StoreError::Unreachable(e.to_string()))
    }

    /// Starts a write transaction. On SQLite it waits for this process's writer slot, then
    /// begins `IMMEDIATE`: the write lock is taken at `BEGIN`, where the busy timeout makes
    /// another process's writer (`mekong import` beside `mekong serve`) wait its turn. A
    /// deferred transaction would take it at its first write instead, and fail at once with
    /// "database is locked" if another process had written since it first read.
    pub async fn begin_write(&self) -> Result<WriteTxn, StoreError> {
        let (writer, options) = match self.backend {
            Backend::Sqlite => (
                Some(self.sqlite_writer.clone().lock_owned().await),
                TransactionOptions {
                    sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                    ..TransactionOptions::default()
                },
            ),
            Backend::Postgres => (None, TransactionOptions::default()),
        };
        let txn = self.db.begin_with_options(options).await?;
        Ok(WriteTxn { txn, _writer: writer })
    }

    pub(crate) fn reader(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Waits for SQLite's single writer slot, for work that writes outside a transaction
    /// (`VACUUM`); `None` on PostgreSQL.
    pub(crate) async fn sqlite_writer_slot(&self) -> Option<OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(self.sqlite_writer.clone().lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// Writes a consistent copy of a live SQLite database to `dest` (which must not exist)
    /// without stopping readers or writers.
    pub async fn sqlite_snapshot(&self, dest: &Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Unreachable("snapshots are for SQLite; use pg_dump for PostgreSQL".into()));
        }
        let path = dest.to_string_lossy().replace('\'', "''");
        self.db.execute_unprepared(&format!("VACUUM INTO '{path}'")).await?;
        Ok(())
    }

    /// Closes the pool, so that files can be moved away safely.
    pub async fn close(self) -> Result<(), StoreError> {
        Ok(self.db.close().await?)
    }
}

/// Hides the password of a database URL before it goes into a message or a log.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url as redact;
    use super::*;
    use sea_orm::{DatabaseBackend, Statement};

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://me:secret@db/x"), "postgres://me:***@db/x");
        assert_eq!(redact("postgres://me@db/x"), "postgres://me@db/x");
        assert_eq!(redact("sqlite://a.db"), "sqlite://a.db");
    }

    /// Two stores on one file are two processes to SQLite (`mekong serve` and `mekong import`).
    /// The first reads, the second writes meanwhile, then the first writes: begun deferred,
    /// that last write fails at once ("database is locked", the snapshot is stale); begun
    /// immediate, the second waits for the first to commit and both land.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writers_in_two_processes_queue_instead_of_failing() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("shared.sqlite");
        let server = Store::open_sqlite_file(&path).await?;
        let command_line = Store::open_sqlite_file(&path).await?;
        server.reader().execute_unprepared("CREATE TABLE counter (n INTEGER NOT NULL)").await?;
        server.reader().execute_unprepared("INSERT INTO counter (n) VALUES (0)").await?;
        let read = Statement::from_string(DatabaseBackend::Sqlite, "SELECT n FROM counter");

        let txn = server.begin_write().await?;
        txn.query_one_raw(read.clone()).await?;
        let other = tokio::spawn(async move {
            let txn = command_line.begin_write().await?;
            txn.execute_unprepared("UPDATE counter SET n = n + 10").await?;
            txn.commit().await
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        txn.execute_unprepared("UPDATE counter SET n = n + 1").await?;
        txn.commit().await?;
        other.await??;

        let row = server.reader().query_one_raw(read).await?.ok_or("no row")?;
        assert_eq!(row.try_get::<i32>("", "n")?, 11, "both writes landed");
        Ok(())
    }
}
