//! Configuration: defaults, then `mekong.toml` in the data directory, then `MEKONG_*` variables
//! and flags (clap reads both). Secrets never reach `Debug` or the logs.

use anyhow::{Context, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const DEFAULT_DATA_DIR: &str = "./mekong-data";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DATABASE_FILE: &str = "mekong.sqlite";
pub const CONFIG_FILE: &str = "mekong.toml";
pub const DEFAULT_MAIL_FROM: &str = "Mekong <mekong@localhost>";
/// Applicants' personal data is kept this many months after their call's decision, unless configured.
pub const DEFAULT_APPLICANT_RETENTION_MONTHS: u32 = 24;

/// Settings from the environment only (never flags: the SMTP URL holds a password, and the
/// secret key is a secret).
#[derive(Default)]
pub struct EnvSettings {
    pub public_url: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub secret_key: Option<String>,
    pub trusted_proxies: Option<String>,
    pub applicant_retention_months: Option<String>,
}

impl std::fmt::Debug for EnvSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvSettings")
            .field("public_url", &self.public_url)
            .field("smtp_url", &self.smtp_url.as_deref().map(mekong_store::redact_url))
            .field("mail_from", &self.mail_from)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "***"))
            .field("trusted_proxies", &self.trusted_proxies)
            .field("applicant_retention_months", &self.applicant_retention_months)
            .finish()
    }
}

impl EnvSettings {
    pub fn from_env() -> EnvSettings {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        EnvSettings {
            public_url: var("MEKONG_PUBLIC_URL"),
            smtp_url: var("MEKONG_SMTP_URL"),
            mail_from: var("MEKONG_MAIL_FROM"),
            secret_key: var("MEKONG_SECRET_KEY"),
            trusted_proxies: var("MEKONG_TRUSTED_PROXIES"),
            applicant_retention_months: var("MEKONG_APPLICANT_RETENTION_MONTHS"),
        }
    }
}

/// The settings a `mekong.toml` may hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    database_url: Option<String>,
    public_url: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    secret_key: Option<String>,
    trusted_proxies: Option<String>,
    applicant_retention_months: Option<u32>,
}

#[derive(Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub listen: String,
    /// Where people reach Mekong, for links in emails; defaults to the listening address.
    pub public_url: Option<String>,
    /// SMTP server for outgoing mail; none writes mail to the outbox directory.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Keys the hashes of network addresses; none uses (or makes) `secret.key` in the data
    /// directory. Several servers sharing one PostgreSQL need the same key.
    pub secret_key: Option<mekong_app::DeploymentKey>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (for throttling and sessions).
    pub trusted_proxies: mekong_web::TrustedProxies,
    /// Months after a call's decision when its applicants' personal data is erased.
    pub applicant_retention_months: u32,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("database_url", &mekong_store::redact_url(&self.database_url))
            .field("listen", &self.listen)
            .field("public_url", &self.public_url)
            .field("smtp_url", &self.smtp_url.as_deref().map(mekong_store::redact_url))
            .field("mail_from", &self.mail_from)
            .field("secret_key", &self.secret_key)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("applicant_retention_months", &self.applicant_retention_months)
            .finish()
    }
}

impl Config {
    pub fn resolve(
        data_dir: Option<PathBuf>,
        database_url: Option<String>,
        listen: Option<String>,
        mail: EnvSettings,
    ) -> anyhow::Result<Config> {
        let data_dir = data_dir.unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        let file = read_file_config(&data_dir)?;
        let database_url = database_url.or(file.database_url).unwrap_or_else(|| sqlite_url(&data_dir));
        let listen = listen.or(file.listen).unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
        let smtp_url = mail.smtp_url.or(file.smtp_url);
        if smtp_url.as_deref().is_some_and(|u| !(u.starts_with("smtp://") || u.starts_with("smtps://"))) {
            bail!("MEKONG_SMTP_URL must start with smtp:// (STARTTLS with ?tls=required) or smtps://");
        }
        let secret_key = mail
            .secret_key
            .or(file.secret_key)
            .map(|key| mekong_app::DeploymentKey::from_text(&key))
            .transpose()
            .context("MEKONG_SECRET_KEY (or secret_key in mekong.toml)")?;
        let trusted_proxies = mail
            .trusted_proxies
            .or(file.trusted_proxies)
            .map(|list| mekong_web::TrustedProxies::parse(&list))
            .transpose()
            .map_err(anyhow::Error::msg)
            .context(
                "MEKONG_TRUSTED_PROXIES (or trusted_proxies in mekong.toml): addresses or networks, comma-separated",
            )?
            .unwrap_or_default();
        let applicant_retention_months = match mail.applicant_retention_months {
            Some(months) => {
                months.trim().parse::<u32>().context("MEKONG_APPLICANT_RETENTION_MONTHS: a whole number of months")?
            }
            None => file.applicant_retention_months.unwrap_or(DEFAULT_APPLICANT_RETENTION_MONTHS),
        };
        Ok(Config {
            applicant_retention_months,
            trusted_proxies,
            secret_key,
            data_dir,
            database_url,
            listen,
            public_url: mail.public_url.or(file.public_url),
            smtp_url,
            mail_from: mail.mail_from.or(file.mail_from).unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned()),
        })
    }

    /// The application's settings, given the address the server actually listens on.
    pub fn app_config(&self, listening: Option<std::net::SocketAddr>) -> mekong_app::AppConfig {
        let fallback = listening.map_or_else(|| format!("http://{}", self.listen), |a| format!("http://{a}"));
        mekong_app::AppConfig {
            database_url: self.database_url.clone(),
            data_dir: self.data_dir.clone(),
            public_url: self.public_url.clone().unwrap_or(fallback),
            smtp_url: self.smtp_url.clone(),
            mail_from: self.mail_from.clone(),
            secret_key: self.secret_key.clone(),
            applicant_retention_months: self.applicant_retention_months,
        }
    }

    pub fn uses_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// Creates the data directory if needed and proves it can be written, so that a bad path
    /// fails now with a clear message rather than at the first upload.
    pub fn ensure_data_dir_writable(&self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!("cannot create the data directory {}; choose another with --data-dir", self.data_dir.display())
        })?;
        let probe = self.data_dir.join(".mekong-write-test");
        std::fs::write(&probe, b"ok").and_then(|()| std::fs::remove_file(&probe)).with_context(|| {
            format!(
                "cannot write in the data directory {}; fix its permissions or choose another with --data-dir",
                self.data_dir.display()
            )
        })
    }
}

fn read_file_config(data_dir: &Path) -> anyhow::Result<FileConfig> {
    let path = data_dir.join(CONFIG_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).with_context(|| format!("invalid {}", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
        Err(error) => bail!("cannot read {}: {error}", path.display()),
    }
}

/// The default database: an SQLite file in the data directory.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join(DATABASE_FILE).display())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    fn with_key(key: Option<&str>) -> EnvSettings {
        EnvSettings { secret_key: key.map(str::to_owned), ..EnvSettings::default() }
    }

    #[test]
    fn the_secret_key_comes_from_the_environment_before_the_file_and_is_never_shown() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join(CONFIG_FILE), format!("secret_key = \"{}\"\n", KEY.to_uppercase()))?;
        let resolve = |key| Config::resolve(Some(dir.path().to_path_buf()), None, None, with_key(key));
        let from_file = resolve(None)?.app_config(None).secret_key;
        let from_env = resolve(Some(KEY))?.app_config(None).secret_key;
        let hash = |key: Option<mekong_app::DeploymentKey>| key.map(|k| k.address_hash("203.0.113.7"));
        assert_eq!(hash(from_file), hash(mekong_app::DeploymentKey::from_text(&KEY.to_uppercase()).ok()));
        assert_eq!(hash(from_env), hash(mekong_app::DeploymentKey::from_text(KEY).ok()));
        let shown = format!("{:?} {:?}", resolve(Some(KEY))?, with_key(Some(KEY)));
        assert!(!shown.contains(KEY) && !shown.contains(&KEY.to_uppercase()), "{shown}");
        assert!(resolve(Some("short")).is_err(), "a guessable key is refused at start");
        Ok(())
    }

    #[test]
    fn trusted_proxies_come_from_the_environment_before_the_file_and_bad_ones_stop_the_start() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join(CONFIG_FILE), "trusted_proxies = \"10.0.0.0/8\"\n")?;
        let resolve = |list: Option<&str>| {
            let env = EnvSettings { trusted_proxies: list.map(str::to_owned), ..EnvSettings::default() };
            Config::resolve(Some(dir.path().to_path_buf()), None, None, env)
        };
        let from_file = resolve(None)?.trusted_proxies;
        assert_eq!(from_file, mekong_web::TrustedProxies::parse("10.0.0.0/8").map_err(anyhow::Error::msg)?);
        let from_env = resolve(Some("127.0.0.1, ::1"))?.trusted_proxies;
        assert_eq!(from_env, mekong_web::TrustedProxies::parse("127.0.0.1,::1").map_err(anyhow::Error::msg)?);
        let refused = resolve(Some("10.0.0.0/40")).err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(refused.contains("MEKONG_TRUSTED_PROXIES") && refused.contains("10.0.0.0/40"), "{refused}");
        Ok(())
    }
}
