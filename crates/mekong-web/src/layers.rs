//! Layers every request passes through: request id and logs, security headers, the acting user,
//! and the rendering of errors as localised pages or JSON.

use crate::context::{FLASH_COOKIE, PageCtx, Tr, negotiate_language};
use crate::error::ErrorInfo;
use crate::page::render;
use crate::routes::resolve_actor;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Json, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use mekong_app::policy::Actor;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// No inline script or style anywhere, so the policy can forbid them outright.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

pub(crate) fn wrap(router: Router, state: AppState) -> Router {
    let hsts = state.config.tls.then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    router
        .layer(middleware::from_fn_with_state(state.clone(), render_errors))
        .layer(middleware::from_fn(clear_flash))
        .layer(middleware::from_fn_with_state(state, resolve_actor))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
                    let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CONTENT_SECURITY_POLICY),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
                .option_layer(hsts),
        )
}

/// A flash message is shown once: the page that reads it also removes it.
async fn clear_flash(request: Request, next: Next) -> Response {
    let had_flash = CookieJar::from_headers(request.headers())
        .get(FLASH_COOKIE)
        .is_some();
    let response = next.run(request).await;
    let sets_flash = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|s| s.starts_with(FLASH_COOKIE)));
    if had_flash && !sets_flash && response.status().is_success() {
        let removal = Cookie::build((FLASH_COOKIE, "")).path("/").removal();
        return (CookieJar::new().add(removal), response).into_response();
    }
    response
}

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    ctx: PageCtx,
    title: String,
    explanation: String,
    code: &'static str,
    request_id: String,
}

/// Replaces the empty body of an error response with a page or a JSON document in the reader's language.
async fn render_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let is_api = request.uri().path().starts_with("/api/");
    let here = request.uri().path().to_owned();
    let actor = request
        .extensions()
        .get::<Actor>()
        .cloned()
        .unwrap_or_else(Actor::public);
    let response = next.run(request).await;
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return response;
    };
    let tr = Tr::new(negotiate_language(&headers), state.i18n.clone());
    let request_id = headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut rendered = if is_api {
        let fields: Vec<_> = info
            .fields
            .0
            .iter()
            .map(|f| serde_json::json!({"field": f.field, "message": tr.t(&f.message)}))
            .collect();
        Json(
            serde_json::json!({"code": info.code, "message": tr.t(info.message), "fields": fields}),
        )
        .into_response()
    } else {
        let ctx = PageCtx {
            tr: tr.clone(),
            actor,
            here,
            flash: None,
        };
        render(&ErrorPage {
            title: tr.t(&format!("{}-title", info.message)),
            explanation: tr.t(info.message),
            code: info.code,
            request_id,
            ctx,
        })
    };
    *rendered.status_mut() = info.status;
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rendered.headers_mut().append(name, value.clone());
        }
    }
    rendered
}
