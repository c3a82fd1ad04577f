//! The real application served on port 0 for one test, and HTTP sessions against it that keep
//! cookies and answer CSRF checks as a browser's forms would.

use crate::TestClock;
use crate::database::{TestBackend, TestDatabase};
use anyhow::Context;
use mekong_app::{App, AppConfig};
use reqwest::cookie::{CookieStore, Jar};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;

/// The instant tests live at: 30 November 2026, 09:00 in Phnom Penh.
pub const TEST_NOW: &str = "2026-11-30T02:00:00Z";

pub struct TestApp {
    pub app: App,
    /// The application's clock: `advance` it to reach expiry dates.
    pub clock: Arc<TestClock>,
    pub address: SocketAddr,
    /// A client that keeps cookies, as a browser would, and does not follow redirects.
    pub client: reqwest::Client,
    pub database: TestDatabase,
    stop: Option<oneshot::Sender<()>>,
}

impl TestApp {
    /// A fresh database with the demo data, served on a free port.
    pub async fn start(backend: TestBackend) -> anyhow::Result<TestApp> {
        TestApp::start_with(backend, None).await
    }

    /// As `start`, delivering mail by SMTP to `smtp_url` instead of the outbox.
    pub async fn start_with(backend: TestBackend, smtp_url: Option<String>) -> anyhow::Result<TestApp> {
        TestApp::start_at(backend, TEST_NOW, smtp_url).await
    }

    /// As `start_with`, with the clock starting at `now` (`2026-12-02T10:00:00.123456789Z`: an
    /// instant finer than PostgreSQL keeps).
    pub async fn start_at(backend: TestBackend, now: &str, smtp_url: Option<String>) -> anyhow::Result<TestApp> {
        TestApp::start_with_web(backend, now, smtp_url, mekong_web::WebConfig::default()).await
    }

    /// As `start`, behind a reverse proxy on loopback: `X-Forwarded-For` names each visitor.
    pub async fn start_behind_proxy(backend: TestBackend) -> anyhow::Result<TestApp> {
        let trusted_proxies = mekong_web::TrustedProxies::parse("127.0.0.1, ::1").map_err(anyhow::Error::msg)?;
        let web = mekong_web::WebConfig { trusted_proxies, ..mekong_web::WebConfig::default() };
        TestApp::start_with_web(backend, TEST_NOW, None, web).await
    }

    async fn start_with_web(
        backend: TestBackend,
        now: &str,
        smtp_url: Option<String>,
        web: mekong_web::WebConfig,
    ) -> anyhow::Result<TestApp> {
        let database = TestDatabase::create(&backend).await?;
        let app = TestApp::serve(database, now, smtp_url, web).await?;
        app.app.load_demo().await?;
        Ok(app)
    }

    /// A second process on this test's database (no server), with its own data directory under
    /// `data_dir` (and so its own search index), on the same clock.
    pub async fn second_process(&self, data_dir: &std::path::Path) -> anyhow::Result<App> {
        let config = AppConfig {
            database_url: self.database.url.clone(),
            data_dir: data_dir.to_path_buf(),
            public_url: "http://second.mekong.example".into(),
            smtp_url: None,
            mail_from: "Mekong <mekong@mekong.example>".into(),
            secret_key: None,
            applicant_retention_months: 24,
        };
        Ok(App::open(&config, self.clock.clone()).await?)
    }

    /// Serves a database prepared by the test (an earlier release's, say): migrations run, no
    /// demo data is added.
    pub async fn start_on(database: TestDatabase) -> anyhow::Result<TestApp> {
        TestApp::serve(database, TEST_NOW, None, mekong_web::WebConfig::default()).await
    }

    async fn serve(
        database: TestDatabase,
        now: &str,
        smtp_url: Option<String>,
        web: mekong_web::WebConfig,
    ) -> anyhow::Result<TestApp> {
        let now: jiff::Timestamp = now.parse().with_context(|| format!("the test clock's start {now}"))?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let config = AppConfig {
            database_url: database.url.clone(),
            data_dir: database.data_dir.path().to_path_buf(),
            public_url: format!("http://{address}"),
            smtp_url,
            mail_from: "Mekong <mekong@mekong.example>".into(),
            secret_key: None,
            applicant_retention_months: 24,
        };
        let clock = Arc::new(TestClock::new(now));
        let app = App::open(&config, clock.clone()).await?;
        let (stop, stopped) = oneshot::channel();
        let served = app.clone();
        tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            if let Err(error) = mekong_web::serve(served, web, listener, shutdown).await {
                eprintln!("test server stopped: {error}");
            }
        });
        let client =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
        Ok(TestApp { app, clock, address, client, database, stop: Some(stop) })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// GET `path` with the shared cookie-keeping client.
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
        let response =
            reqwest::Client::new().get(self.url(path)).header("accept-language", accept_language).send().await?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }

    /// A new visitor with their own cookies.
    pub async fn visitor(&self) -> anyhow::Result<HttpSession> {
        HttpSession::new(self.url("")).await
    }

    /// A visitor signed in with a demo account's email (all share the demo password).
    pub async fn signed_in(&self, email: &str) -> anyhow::Result<HttpSession> {
        let session = self.visitor().await?;
        let response =
            session.post_form("/login", &[("email", email), ("password", mekong_app::demo::DEMO_PASSWORD)]).await?;
        anyhow::ensure!(response.status() == 303, "signing in as {email}: {}", response.status());
        Ok(session)
    }
}

impl TestApp {
    /// A new account invited by the demo admin through the invitation page, accepted through
    /// the emailed link with the demo password, then signed in. `grants` are (role, scope)
    /// pairs: the first is the invitation's, the others are granted on the user's admin page.
    pub async fn invited_user(&self, email: &str, name: &str, grants: &[(&str, &str)]) -> anyhow::Result<HttpSession> {
        let admin = self.signed_in("admin@mekong.example").await?;
        let (role, scope) = grants.first().copied().unwrap_or(("applicant", ""));
        let fields = [("email", email), ("display_name", name), ("language", "en"), ("role", role), ("scope", scope)];
        let invited = admin.post_form("/admin/users/invite", &fields).await?;
        anyhow::ensure!(invited.status() == 303, "inviting {email}: {}", invited.status());
        self.run_jobs().await?;
        let link = self
            .outbox()?
            .iter()
            .rev()
            .find(|m| m.to == email)
            .and_then(|m| m.link("/account/accept?token="))
            .ok_or_else(|| anyhow::anyhow!("no invitation to {email}"))?;
        let token = link.split("token=").nth(1).unwrap_or_default().to_owned();
        let visitor = self.visitor().await?;
        let password = mekong_app::demo::DEMO_PASSWORD;
        let accepted = visitor
            .post_form("/account/accept", &[("token", &token), ("password", password), ("confirm", password)])
            .await?;
        anyhow::ensure!(accepted.status() == 303, "accepting the invitation of {email}: {}", accepted.status());
        let (_, users) = admin.get_text("/admin/users").await?;
        let user = users
            .split("href=\"/admin/users/")
            .filter_map(|s| s.split_once("\">"))
            .find(|(_, rest)| rest.starts_with(name))
            .map(|(id, _)| id.to_owned())
            .ok_or_else(|| anyhow::anyhow!("{name} not on the users page"))?;
        for (role, scope) in grants.iter().skip(1) {
            let granted =
                admin.post_form(&format!("/admin/users/{user}/roles"), &[("role", role), ("scope", scope)]).await?;
            anyhow::ensure!(granted.status() == 303, "granting {role} to {email}: {}", granted.status());
        }
        self.signed_in(email).await
    }

    /// Takes the database away from the running application: PostgreSQL's is dropped with its
    /// connections cut; SQLite's connections are closed (a file cannot vanish from under a
    /// process that holds it open).
    pub async fn take_database_down(&self) -> anyhow::Result<()> {
        if !self.database.drop_postgres_database().await? {
            self.app.clone().close().await?;
        }
        Ok(())
    }

    /// Runs the queued jobs (mail) now, as the worker would.
    pub async fn run_jobs(&self) -> anyhow::Result<usize> {
        Ok(self.app.run_due_jobs().await?)
    }

    /// The messages written to the outbox, oldest first, parsed back.
    pub fn outbox(&self) -> anyhow::Result<Vec<ParsedEmail>> {
        let dir = self.database.data_dir.path().join("outbox");
        let mut files: Vec<_> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect(),
            Err(_) => return Ok(Vec::new()),
        };
        // Email ids are UUIDv7: their order is the order they were written.
        files.sort();
        files.iter().map(|f| ParsedEmail::parse(&std::fs::read_to_string(f)?)).collect()
    }
}

/// An email parsed back from its raw text.
pub struct ParsedEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Attached files: name, content type (with its parameters), text content.
    pub attachments: Vec<(String, String, String)>,
}

impl ParsedEmail {
    pub fn parse(raw: &str) -> anyhow::Result<ParsedEmail> {
        use mail_parser::MimeHeaders;
        let message = mail_parser::MessageParser::default().parse(raw.as_bytes()).context("not an email")?;
        let to = message.to().and_then(|a| a.first()).and_then(|a| a.address()).map(str::to_owned).unwrap_or_default();
        Ok(ParsedEmail {
            to,
            subject: message.subject().unwrap_or_default().to_owned(),
            text: message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
            html: message.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
            attachments: message
                .attachments()
                .map(|part| {
                    let content_type = part
                        .content_type()
                        .map(|t| {
                            let mut full = format!("{}/{}", t.ctype(), t.subtype().unwrap_or_default());
                            for attribute in t.attributes().unwrap_or_default() {
                                full.push_str(&format!("; {}={}", attribute.name, attribute.value));
                            }
                            full
                        })
                        .unwrap_or_default();
                    let name = part.attachment_name().unwrap_or_default().to_owned();
                    (name, content_type, String::from_utf8_lossy(part.contents()).into_owned())
                })
                .collect(),
        })
    }

    /// The first link in the plain-text part whose path starts with `path`.
    pub fn link(&self, path: &str) -> Option<String> {
        self.text.split_whitespace().find(|w| w.starts_with("http") && w.contains(path)).map(str::to_owned)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// One visitor's cookies and client, as a browser without JavaScript would behave.
pub struct HttpSession {
    pub client: reqwest::Client,
    jar: Arc<Jar>,
    base: String,
}

impl HttpSession {
    /// A session signed in as the demo account `email` on a server of its own at `base`
    /// (`http://127.0.0.1:PORT`), such as a `mekong serve` process a test started.
    pub async fn signed_in_at(base: &str, email: &str) -> anyhow::Result<HttpSession> {
        let session = HttpSession::new(base.trim_end_matches('/').to_owned()).await?;
        let response =
            session.post_form("/login", &[("email", email), ("password", mekong_app::demo::DEMO_PASSWORD)]).await?;
        anyhow::ensure!(response.status() == 303, "signing in as {email}: {}", response.status());
        Ok(session)
    }

    async fn new(base: String) -> anyhow::Result<HttpSession> {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let session = HttpSession { client, jar, base };
        // The first page sets the CSRF cookie, as it would for a browser.
        session.get("/login").await?;
        Ok(session)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<reqwest::Response> {
        Ok(self.client.get(self.url(path)).send().await?)
    }

    pub async fn get_text(&self, path: &str) -> anyhow::Result<(u16, String)> {
        let response = self.get(path).await?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }

    /// The value of one of this visitor's cookies.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let url: reqwest::Url = self.base.parse().ok()?;
        let header = self.jar.cookies(&url)?;
        header.to_str().ok()?.split("; ").find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_owned))
    }

    /// POSTs a form with the CSRF token a page's form would carry.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> anyhow::Result<reqwest::Response> {
        let token = self.cookie("mekong_csrf").unwrap_or_default();
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        Ok(self.client.post(self.url(path)).form(&form).send().await?)
    }

    /// POSTs a multipart form (file uploads) with the CSRF token first, as upload forms put
    /// it; `fields` adds the form's own fields and files.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: impl FnOnce(reqwest::multipart::Form) -> reqwest::multipart::Form,
    ) -> anyhow::Result<reqwest::Response> {
        let token = self.cookie("mekong_csrf").unwrap_or_default();
        let form = fields(reqwest::multipart::Form::new().text("csrf_token", token));
        Ok(self.client.post(self.url(path)).multipart(form).send().await?)
    }

    /// Makes an API token on the account page carrying those of the holder's grants whose label
    /// contains `grant` (a scope such as `KH-PNH`, or a role's name in the holder's language;
    /// empty: all), and returns its secret (`mk_...`), shown this once.
    pub async fn api_token(&self, name: &str, grant: &str) -> anyhow::Result<String> {
        let (_, form) = self.get_text("/account/tokens").await?;
        let positions: Vec<String> = form
            .split("name=\"grant\" value=\"")
            .skip(1)
            .filter_map(|s| s.split_once("\">"))
            .filter(|(_, label)| label.split("</label>").next().is_some_and(|l| l.contains(grant)))
            .map(|(position, _)| position.to_owned())
            .collect();
        anyhow::ensure!(!positions.is_empty(), "no grant labelled {grant} on the tokens page");
        let mut fields = vec![("name", name)];
        fields.extend(positions.iter().map(|p| ("grant", p.as_str())));
        let page = self.post_form("/account/tokens", &fields).await?.text().await?;
        page.split("id=\"new-token\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .filter(|secret| secret.starts_with("mk_"))
            .map(str::to_owned)
            .ok_or_else(|| anyhow::anyhow!("no token secret shown"))
    }

    /// POSTs a form without any CSRF token, as a forged cross-site request would.
    pub async fn post_form_without_csrf(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> anyhow::Result<reqwest::Response> {
        Ok(self.client.post(self.url(path)).form(fields).send().await?)
    }
}
