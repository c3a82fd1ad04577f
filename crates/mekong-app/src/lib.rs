//! Use cases, one module per area. Each authorises through `policy`, validates with core types,
//! and persists through the store in one transaction with its audit entry and its jobs. The web
//! pages, the API and the command line all call these: there is one way to do each thing.

pub mod advocacy;
pub mod assistance;
pub mod audit;
pub mod demo;
pub mod directory;
pub mod documents;
pub mod erasure;
mod error;
pub mod events;
pub mod exports;
pub mod files;
pub mod finance;
mod fresh;
pub mod funding;
pub mod iati;
pub mod identity;
pub mod imports;
mod integrity;
mod jobs;
pub mod mail;
mod names;
pub mod news;
pub mod organisations;
pub mod partnerships;
pub mod people;
pub mod policy;
pub mod practices;
pub mod projects;
pub mod recruitment;
pub mod reporting;
pub mod results;
pub mod search;
mod secrets;
mod spreadsheets;

pub use secrets::DeploymentKey;

pub use error::AppError;

use mail::MailTransport;
use mekong_core::Clock;
use mekong_i18n::I18n;
use mekong_store::Store;
use std::path::PathBuf;
use std::sync::Arc;

/// What the application needs to know about its deployment.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub database_url: String,
    pub data_dir: PathBuf,
    /// The address people reach Mekong at, for links in emails (`https://mekong.example.org`).
    pub public_url: String,
    /// `smtp://...` to deliver mail; none writes it to the outbox directory.
    pub smtp_url: Option<String>,
    /// The sender of outgoing mail.
    pub mail_from: String,
    /// The deployment's secret key from configuration; none uses (or makes) the key file in
    /// the data directory.
    pub secret_key: Option<DeploymentKey>,
    /// Months after a call's decision when its applicants' personal data is erased.
    pub applicant_retention_months: u32,
}

/// The running application: its database, clock, messages and mail.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
    i18n: Arc<I18n>,
    mail: MailTransport,
    mail_from: String,
    public_url: String,
    data_dir: PathBuf,
    /// Keys the hashes of network addresses.
    deployment_key: DeploymentKey,
    applicant_retention_months: u32,
    /// This process's full-text index, under the data directory.
    search: Arc<search::SearchSlot>,
    kept: Arc<fresh::Kept>,
}

impl App {
    /// Connects to the configured database and brings its schema up to date.
    pub async fn open(config: &AppConfig, clock: Arc<dyn Clock>) -> Result<App, AppError> {
        let deployment_key = match &config.secret_key {
            Some(key) => key.clone(),
            None => DeploymentKey::load_or_create(&config.data_dir)?,
        };
        let store = Store::connect(&config.database_url).await?;
        store.migrate().await?;
        Ok(App {
            store,
            clock,
            i18n: Arc::new(I18n::load()),
            mail: MailTransport::from_config(config.smtp_url.as_deref(), &config.data_dir)?,
            mail_from: config.mail_from.clone(),
            public_url: config.public_url.trim_end_matches('/').to_owned(),
            data_dir: config.data_dir.clone(),
            deployment_key,
            applicant_retention_months: config.applicant_retention_months,
            search: Arc::new(search::SearchSlot::new(config.data_dir.join("search-index"))),
            kept: Arc::default(),
        })
    }

    /// Whether the database answers: the readiness probe.
    pub async fn ready(&self) -> Result<(), AppError> {
        Ok(self.store.ping().await?)
    }

    /// The interface messages, shared with the web layer.
    pub fn i18n(&self) -> Arc<I18n> {
        self.i18n.clone()
    }

    /// Today in the network's time zone, for due dates and consent withdrawals.
    pub fn today(&self) -> jiff::civil::Date {
        let zone = jiff::tz::TimeZone::get(mekong_core::NETWORK_TIME_ZONE).unwrap_or(jiff::tz::TimeZone::UTC);
        zone.to_datetime(self.clock.now()).date()
    }

    /// The current instant, from the application's clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Writes a consistent SQLite snapshot of the live database to `dest`.
    pub async fn snapshot_database(&self, dest: &std::path::Path) -> Result<(), AppError> {
        Ok(self.store.sqlite_snapshot(dest).await?)
    }

    pub async fn close(self) -> Result<(), AppError> {
        Ok(self.store.close().await?)
    }
}
