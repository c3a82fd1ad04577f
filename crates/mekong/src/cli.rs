//! The command line: global options shared by every subcommand, and the subcommands.

use crate::config::Config;
use crate::{backup, serve};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "mekong",
    version,
    about = "Mekong: one platform to run a regional network of cities."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts, so that all of them work on the same data.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Where Mekong keeps its database, files and configuration (`mekong.toml`).
    #[arg(long, global = true, env = "MEKONG_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// `sqlite://FILE` or `postgres://USER@HOST/DB`; defaults to an SQLite file in the data directory.
    #[arg(
        long,
        global = true,
        env = "MEKONG_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web application.
    Serve(ServeArgs),
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Write a consistent snapshot of a (possibly running) SQLite deployment: database and files.
    Backup {
        /// The archive to write (`.tar.gz`).
        file: PathBuf,
    },
    /// Restore a snapshot written by `backup` into an empty data directory.
    Restore {
        /// The archive to read.
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "MEKONG_LISTEN", value_name = "ADDR:PORT")]
    pub listen: Option<String>,
    /// Load the demo data (the real member cities) into an empty database; no-op on a loaded one.
    #[arg(long)]
    pub demo: bool,
    /// Mekong is reached over HTTPS (directly or behind a proxy): secure cookies and HSTS.
    #[arg(long, env = "MEKONG_TLS")]
    pub tls: bool,
}

pub fn parse() -> Cli {
    Cli::parse()
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let listen = match &cli.command {
        Command::Serve(args) => args.listen.clone(),
        _ => None,
    };
    let config = Config::resolve(cli.global.data_dir, cli.global.database_url, listen)?;
    match cli.command {
        Command::Serve(args) => serve::run(config, args.demo, args.tls).await,
        Command::Migrate => {
            let app = serve::open_app(&config).await?;
            app.close().await.context("closing the database")?;
            println!("mekong: database schema is up to date");
            Ok(())
        }
        Command::Backup { file } => backup::backup(&config, &file).await,
        Command::Restore { file } => backup::restore(&config, &file).await,
    }
}
