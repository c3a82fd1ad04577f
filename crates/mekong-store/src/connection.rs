//! Opening the database on either backend, running migrations, and write transactions.

use crate::StoreError;
use crate::migrations::Migrator;
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, TransactionTrait};
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
    /// SQLite admits one writer at a time; taking this before `BEGIN` means writers queue here
    /// instead of failing with "database is locked" when a read transaction upgrades.
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

    /// Starts a write transaction; on SQLite it waits for the single writer slot first.
    pub async fn begin_write(&self) -> Result<WriteTxn, StoreError> {
        let writer = match self.backend {
            Backend::Sqlite => Some(self.sqlite_writer.clone().lock_owned().await),
            Backend::Postgres => None,
        };
        let txn = self.db.begin().await?;
        Ok(WriteTxn { txn, _writer: writer })
    }

    pub(crate) fn reader(&self) -> &DatabaseConnection {
        &self.db
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

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://me:secret@db/x"), "postgres://me:***@db/x");
        assert_eq!(redact("postgres://me@db/x"), "postgres://me@db/x");
        assert_eq!(redact("sqlite://a.db"), "sqlite://a.db");
    }
}
