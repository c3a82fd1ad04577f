//! HTTP: the route table, pages (server-rendered HTML), the JSON API, and error pages.
//! Handlers extract, call one `mekong-app` function, and render; they hold no rules and no SQL.

mod api;
mod context;
mod error;
mod layers;
mod page;
mod proxies;
pub mod routes;
mod state;
mod ui;

pub use error::WebError;
pub use proxies::TrustedProxies;
pub use routes::RouteSpec;
pub use state::{AppState, WebConfig};

use axum::Router;
use mekong_app::App;
use std::future::Future;
use tokio::net::TcpListener;

/// The whole web application: every route of the table behind its permission, with the
/// shared layers (request ids, logs, security headers, error pages).
pub fn router(app: App, config: WebConfig) -> Router {
    let state = AppState::new(app, config);
    layers::wrap(routes::build(state.clone()), state)
}

/// The shared layers around routes of the caller's own: tests put a handler that misbehaves
/// (one that panics) behind exactly what every real route is behind.
pub fn with_layers(routes: Router, app: App, config: WebConfig) -> Router {
    layers::wrap(routes, AppState::new(app, config))
}

/// Serves `app` on `listener` until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    app: App,
    config: WebConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app, config).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// The OpenAPI document of the JSON API, as served at `/api/v1/openapi.json`.
pub fn openapi_json() -> String {
    api::openapi_document()
}
