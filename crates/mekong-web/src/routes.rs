//! The route table: every route with its method, path and permission. The router is built from
//! it, and the authorisation matrix test reads the same table, so no route escapes either.

use crate::state::AppState;
use crate::{api, ui};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use mekong_app::policy::{self, Actor, Permission};

/// One route: what it answers, and what the actor needs to reach it.
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub permission: Permission,
    handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    permission: Permission,
    handler: MethodRouter<AppState>,
) -> RouteSpec {
    RouteSpec {
        method,
        path,
        permission,
        handler,
    }
}

/// Every route of the application.
pub fn table() -> Vec<RouteSpec> {
    use Permission::*;
    vec![
        route(
            Method::GET,
            "/healthz",
            Infrastructure,
            get(ui::ops::healthz),
        ),
        route(Method::GET, "/readyz", Infrastructure, get(ui::ops::readyz)),
        route(
            Method::GET,
            "/static/style.css",
            Infrastructure,
            get(ui::assets::stylesheet),
        ),
        route(
            Method::GET,
            "/language/{lang}",
            Infrastructure,
            get(ui::language::switch),
        ),
        route(Method::GET, "/", ViewDirectory, get(ui::home::show)),
        route(Method::GET, "/cities", ViewDirectory, get(ui::cities::list)),
        route(
            Method::GET,
            "/cities/{code}",
            ViewDirectory,
            get(ui::cities::show),
        ),
        route(
            Method::GET,
            "/api/v1/openapi.json",
            Infrastructure,
            get(api::openapi),
        ),
        route(
            Method::GET,
            "/api/v1/cities",
            ViewDirectory,
            get(api::cities::list),
        ),
        route(
            Method::GET,
            "/api/v1/cities/{code}",
            ViewDirectory,
            get(api::cities::show),
        ),
    ]
}

/// Builds the router from the table, each route behind its permission check.
pub(crate) fn build(state: AppState) -> Router {
    let router =
        table().into_iter().fold(Router::new(), |router, spec| {
            let permission = spec.permission;
            let guarded = spec.handler.route_layer(middleware::from_fn(
                move |request: Request, next: Next| authorise_route(permission, request, next),
            ));
            router.route(spec.path, guarded)
        });
    router.fallback(ui::errors::not_found).with_state(state)
}

async fn authorise_route(permission: Permission, request: Request, next: Next) -> Response {
    let actor = request
        .extensions()
        .get::<Actor>()
        .cloned()
        .unwrap_or_else(Actor::public);
    match policy::authorise(&actor, permission) {
        Ok(()) => next.run(request).await,
        Err(error) => crate::WebError::from(error).into_response(),
    }
}

/// Puts the acting user into the request for the permission check and the handlers.
pub(crate) async fn resolve_actor(
    State(_state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    request.extensions_mut().insert(Actor::public());
    next.run(request).await
}
