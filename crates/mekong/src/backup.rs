//! `mekong backup` and `mekong restore`: a consistent archive of an SQLite deployment (database
//! snapshot, files, configuration), taken while it serves.

use crate::config::{CONFIG_FILE, Config, DATABASE_FILE, sqlite_url};
use crate::serve::open_app;
use anyhow::{Context, bail};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::fs::File;
use std::path::Path;

/// Directories of the data dir that belong in a backup, besides the database.
const DATA_SUBDIRS: [&str; 2] = ["files", "outbox"];

pub async fn backup(config: &Config, archive: &Path) -> anyhow::Result<()> {
    if !config.uses_sqlite() {
        bail!("backup covers SQLite deployments; for PostgreSQL use pg_dump (and copy the data directory's files)");
    }
    if archive.exists() {
        bail!("{} already exists; choose a new file name", archive.display());
    }
    let staging = tempfile::tempdir().context("creating a temporary directory")?;
    let snapshot = staging.path().join(DATABASE_FILE);
    let app = open_app(config, None).await?;
    app.snapshot_database(&snapshot).await.context("snapshotting the database")?;
    app.close().await.context("closing the database")?;

    let partial = archive.with_extension("partial");
    let result = write_archive(config, &snapshot, &partial);
    match result {
        Ok(()) => std::fs::rename(&partial, archive).with_context(|| format!("writing {}", archive.display()))?,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    }
    println!("Backup written to {}", archive.display());
    Ok(())
}

fn write_archive(config: &Config, snapshot: &Path, archive: &Path) -> anyhow::Result<()> {
    let file = File::create(archive).with_context(|| format!("cannot create {}", archive.display()))?;
    let mut tar = tar::Builder::new(GzEncoder::new(file, Compression::default()));
    tar.append_path_with_name(snapshot, DATABASE_FILE).context("adding the database")?;
    let settings = config.data_dir.join(CONFIG_FILE);
    if settings.exists() {
        tar.append_path_with_name(&settings, CONFIG_FILE).context("adding mekong.toml")?;
    }
    for dir in DATA_SUBDIRS {
        let path = config.data_dir.join(dir);
        if path.is_dir() {
            tar.append_dir_all(dir, &path).with_context(|| format!("adding {}", path.display()))?;
        }
    }
    tar.into_inner().context("finishing the archive")?.finish().context("compressing the archive")?;
    Ok(())
}

pub async fn restore(config: &Config, archive: &Path) -> anyhow::Result<()> {
    if !config.uses_sqlite() {
        bail!("restore covers SQLite deployments; for PostgreSQL use pg_restore");
    }
    let target = &config.data_dir;
    if target.exists() && std::fs::read_dir(target)?.next().is_some() {
        bail!("{} is not empty; restore into a new or empty data directory with --data-dir", target.display());
    }
    std::fs::create_dir_all(target).with_context(|| format!("cannot create {}", target.display()))?;
    let file = File::open(archive).with_context(|| format!("cannot open {}", archive.display()))?;
    let mut tar = tar::Archive::new(GzDecoder::new(file));
    // `unpack` refuses entries that would land outside the target directory.
    if let Err(error) = tar.unpack(target) {
        let _ = std::fs::remove_dir_all(target);
        bail!("{} is not a Mekong backup: {error}", archive.display());
    }
    let database = target.join(DATABASE_FILE);
    if !database.is_file() {
        let _ = std::fs::remove_dir_all(target);
        bail!("{} is not a Mekong backup: it holds no {DATABASE_FILE}", archive.display());
    }
    let restored = Config { data_dir: target.clone(), database_url: sqlite_url(target), ..config.clone() };
    open_app(&restored, None).await?.close().await.context("checking the restored database")?;
    println!("Restored into {}", target.display());
    Ok(())
}
