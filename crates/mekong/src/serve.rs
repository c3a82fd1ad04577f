//! `mekong serve`: open the database, optionally load the demo, listen, and stop gracefully.

use crate::config::Config;
use anyhow::Context;
use mekong_app::App;
use mekong_app::demo::{DEMO_PASSWORD, DemoOutcome};
use mekong_web::WebConfig;
use std::sync::Arc;

/// The system clock: the one place the binary reads the time.
#[derive(Debug)]
struct SystemClock;

impl mekong_core::Clock for SystemClock {
    #[expect(clippy::disallowed_methods, reason = "the system clock is read here and only here")]
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// Opens the configured database and brings it up to date.
pub async fn open_app(config: &Config, listening: Option<std::net::SocketAddr>) -> anyhow::Result<App> {
    if config.uses_sqlite() {
        config.ensure_data_dir_writable()?;
    }
    App::open(&config.app_config(listening), Arc::new(SystemClock)).await.context(
        "cannot open the database; check --database-url (or MEKONG_DATABASE_URL) and that the server is running",
    )
}

pub async fn run(config: Config, demo: bool, tls: bool) -> anyhow::Result<()> {
    init_logs();
    config.ensure_data_dir_writable()?;
    let listener = tokio::net::TcpListener::bind(&config.listen).await.with_context(|| {
        format!("cannot listen on {}; is another program using it? Choose another address with --listen", config.listen)
    })?;
    let address = listener.local_addr().context("reading the listening address")?;
    let app = open_app(&config, Some(address)).await?;
    if demo {
        match app.load_demo().await? {
            DemoOutcome::Loaded { cities, accounts } => {
                println!("Demo data loaded: {cities} member cities.");
                println!("Demo accounts (password for all: {DEMO_PASSWORD}):");
                for account in accounts {
                    let scope = account.scope.map(|s| format!(" [{s}]")).unwrap_or_default();
                    println!("  {:<34} {}{scope}", account.email, account.role);
                }
            }
            DemoOutcome::AlreadyLoaded => println!("Demo data already present; nothing changed."),
        }
    }
    println!("Mekong is running at http://{address}/  (Ctrl-C to stop)");
    tracing::info!(%address, config = ?config, "serving");
    let (stop_jobs, jobs_stopped) = tokio::sync::watch::channel(false);
    let worker_app = app.clone();
    let search_stopped = jobs_stopped.clone();
    let worker = tokio::spawn(async move { worker_app.run_job_worker(jobs_stopped).await });
    let search_app = app.clone();
    let follower = tokio::spawn(async move { search_app.follow_search_changes(search_stopped).await });
    mekong_web::serve(
        app,
        WebConfig { tls, trusted_proxies: config.trusted_proxies.clone() },
        listener,
        shutdown_signal(),
    )
    .await
    .context("serving HTTP")?;
    let _ = stop_jobs.send(true);
    let _ = worker.await;
    let _ = follower.await;
    tracing::info!("stopped");
    Ok(())
}

fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    // Logs go to stderr so that stdout carries only what the command tells its user.
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_writer(std::io::stderr).try_init();
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
