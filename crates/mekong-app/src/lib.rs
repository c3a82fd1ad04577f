//! Use cases, one module per area. Each authorises through `policy`, validates with core types,
//! and persists through the store in one transaction. The web pages, the API and the command line
//! all call these: there is one way to do each thing.

pub mod demo;
pub mod directory;
mod error;
pub mod policy;

pub use error::AppError;
pub use mekong_store::Backend;

use mekong_core::Clock;
use mekong_store::Store;
use std::sync::Arc;

/// The running application: its database and its clock.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
}

impl App {
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> App {
        App { store, clock }
    }

    /// Connects to the database at `url` and brings its schema up to date.
    pub async fn open(url: &str, clock: Arc<dyn Clock>) -> Result<App, AppError> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(App::new(store, clock))
    }

    /// Whether the database answers: the readiness probe.
    pub async fn ready(&self) -> Result<(), AppError> {
        Ok(self.store.ping().await?)
    }

    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    /// Writes a consistent SQLite snapshot of the live database to `dest`.
    pub async fn snapshot_database(&self, dest: &std::path::Path) -> Result<(), AppError> {
        Ok(self.store.sqlite_snapshot(dest).await?)
    }

    pub async fn close(self) -> Result<(), AppError> {
        Ok(self.store.close().await?)
    }
}
