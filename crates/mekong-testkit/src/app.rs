//! The real application served on port 0 for one test.

use crate::database::{TestBackend, TestDatabase};
use anyhow::Context;
use mekong_app::App;
use mekong_core::clock::FixedClock;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;

/// The instant tests live at: 30 November 2026, 09:00 in Phnom Penh.
pub const TEST_NOW: &str = "2026-11-30T02:00:00Z";

pub struct TestApp {
    pub app: App,
    pub address: SocketAddr,
    /// A client that keeps cookies, as a browser would, and does not follow redirects.
    pub client: reqwest::Client,
    pub database: TestDatabase,
    stop: Option<oneshot::Sender<()>>,
}

impl TestApp {
    /// A fresh database with the demo data, served on a free port.
    pub async fn start(backend: TestBackend) -> anyhow::Result<TestApp> {
        let database = TestDatabase::create(&backend).await?;
        let now: jiff::Timestamp = TEST_NOW.parse().context("TEST_NOW")?;
        let app = App::open(&database.url, Arc::new(FixedClock(now))).await?;
        app.load_demo().await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel();
        let served = app.clone();
        tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            if let Err(error) =
                mekong_web::serve(served, mekong_web::WebConfig::default(), listener, shutdown)
                    .await
            {
                eprintln!("test server stopped: {error}");
            }
        });
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(TestApp {
            app,
            address,
            client,
            database,
            stop: Some(stop),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// GET `path`, with `Accept-Language: lang` when given.
    pub async fn get(&self, path: &str) -> anyhow::Result<reqwest::Response> {
        Ok(self.client.get(self.url(path)).send().await?)
    }

    /// GET `path` and return the status and body.
    pub async fn get_text(&self, path: &str) -> anyhow::Result<(u16, String)> {
        let response = self.get(path).await?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }

    /// GET `path` with an `Accept-Language` header, from a client without cookies.
    pub async fn get_in(&self, accept_language: &str, path: &str) -> anyhow::Result<(u16, String)> {
        let response = reqwest::Client::new()
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
