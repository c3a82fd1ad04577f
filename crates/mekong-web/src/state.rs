//! What every handler can reach: the application and the message bundles.

use mekong_app::App;
use mekong_i18n::I18n;
use std::sync::Arc;

/// Settings of the web layer.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Served over TLS (directly or behind a proxy): cookies get `Secure` and HSTS is sent.
    pub tls: bool,
    /// Reverse proxies whose `X-Forwarded-For` gives the client's address.
    pub trusted_proxies: crate::TrustedProxies,
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub app: App,
    pub i18n: Arc<I18n>,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> AppState {
        AppState { i18n: app.i18n(), app, config: Arc::new(config) }
    }
}
