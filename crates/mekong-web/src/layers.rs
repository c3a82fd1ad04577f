//! Layers every request passes through: request id and logs, security headers, the acting user,
//! CSRF protection, and the rendering of errors as localised pages or JSON.

use crate::context::{CsrfToken, FLASH_COOKIE, PageCtx, encode_query_value, page_ctx};
use crate::error::ErrorInfo;
use crate::page::render;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use mekong_app::AppError;
use mekong_app::policy::Actor;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The session cookie: a random secret whose hash names the session in the database.
pub const SESSION_COOKIE: &str = "mekong_session";
/// The CSRF cookie; forms repeat its value in `csrf_token` (double submit).
pub const CSRF_COOKIE: &str = "mekong_csrf";
const CSRF_FIELD: &str = "csrf_token";
const CSRF_HEADER: &str = "x-csrf-token";
/// Forms are small; uploads (spreadsheets to import) are larger.
const FORM_LIMIT: usize = 1024 * 1024;
pub const UPLOAD_LIMIT: usize = 32 * 1024 * 1024;
/// Whether a page receives file uploads (a spreadsheet to import, an agenda's documents).
pub fn receives_uploads(path: &str) -> bool {
    path == "/directory/import"
        || (path.starts_with("/calls/")
            && (path.ends_with("/applications/new") || path.ends_with("/applications/import")))
        || (path.starts_with("/events/") && path.ends_with("/agenda"))
        || path == "/documents"
        || (path.starts_with("/documents/") && path.ends_with("/versions"))
        || (path.starts_with("/results/")
            && (path.ends_with("/logframe/import") || path.ends_with("/upload") || path.ends_with("/evidence")))
}

/// A request's path as the logs show it: the secret of a personal link (an invitation's answer
/// page, a calendar feed) is masked, since whoever reads the logs must not be able to use it.
fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in ["/rsvp/", "/calendar/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map_or("", |at| &rest[at..]);
            return format!("{prefix}***{tail}").into();
        }
    }
    path.into()
}

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
    // Outermost last: the actor is known before errors are rendered in their language, and
    // errors of the CSRF check are rendered like any other.
    router
        .layer(CatchPanicLayer::custom(answer_panic))
        .layer(middleware::from_fn(clear_flash))
        .layer(middleware::from_fn_with_state(state.clone(), protect_from_csrf))
        .layer(middleware::from_fn_with_state(state.clone(), render_errors))
        .layer(middleware::from_fn_with_state(state, resolve_actor))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|request: &Request| {
                            let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                            let path = loggable_path(request.uri().path());
                            tracing::info_span!("request", id, method = %request.method(), path = %path)
                        })
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
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

/// A handler that panicked answers as an internal error: logged inside the request's span (so
/// with its request id), rendered by `render_errors` as the 500 page or JSON error. Without this
/// the connection was dropped with no answer at all.
pub(crate) fn answer_panic(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    crate::WebError(AppError::Internal(format!("handler panicked: {message}"))).into_response()
}

/// The bearer token of an API request, if any.
fn bearer(request: &Request) -> Option<String> {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
}

/// Puts the acting user into the request: from an API token, else from the session cookie.
async fn resolve_actor(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let session = CookieJar::from_headers(request.headers()).get(SESSION_COOKIE).map(|c| c.value().to_owned());
    let resolved = match (bearer(&request), session) {
        (Some(token), _) => state.app.token_actor(&token).await,
        (None, Some(secret)) => state.app.session_actor(&secret).await,
        (None, None) => Ok(Actor::public()),
    };
    match resolved {
        Ok(actor) => {
            request.extensions_mut().insert(actor);
            next.run(request).await
        }
        Err(error) => crate::WebError(error).into_response(),
    }
}

/// Refuses a state-changing request unless it repeats the CSRF cookie's value in its form or
/// header. Token-authenticated API calls carry no cookie a third-party site could ride, so
/// they pass, as do API calls with no session cookie at all (nothing to ride: they are answered
/// 401 as the API document says). Every response gets the cookie if the request had none.
async fn protect_from_csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let existing = CookieJar::from_headers(request.headers()).get(CSRF_COOKIE).map(|c| c.value().to_owned());
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let sessionless_api = request.uri().path().starts_with("/api/")
        && CookieJar::from_headers(request.headers()).get(SESSION_COOKIE).is_none();
    let (mut request, checked) = if safe || bearer(&request).is_some() || sessionless_api {
        (request, Csrf::Accepted)
    } else {
        check_csrf(request, existing.as_deref()).await
    };
    match checked {
        Csrf::Accepted => {}
        Csrf::Refused => {
            tracing::warn!("CSRF check failed");
            return crate::WebError(AppError::Forbidden).into_response();
        }
        Csrf::TooLarge(limit) => return too_large(limit),
    }
    let token = match &existing {
        Some(token) => token.clone(),
        None => match mekong_app::identity::new_csrf_token() {
            Ok(token) => token,
            Err(error) => return crate::WebError(error).into_response(),
        },
    };
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let response = next.run(request).await;
    if existing.is_some() {
        return response;
    }
    (CookieJar::new().add(csrf_cookie(token, state.config.tls)), response).into_response()
}

/// The CSRF cookie carrying `token`. A new one is set at sign-in, so that a token planted
/// before (on a shared computer, by a sibling site) is worth nothing afterwards.
pub(crate) fn csrf_cookie(token: String, tls: bool) -> Cookie<'static> {
    Cookie::build((CSRF_COOKIE, token)).path("/").http_only(true).same_site(SameSite::Lax).secure(tls).build()
}

/// What the CSRF check found.
enum Csrf {
    Accepted,
    Refused,
    /// The body is over its limit (in bytes): not read further, answered 413.
    TooLarge(usize),
}

/// A body over `limit` bytes: 413 with the error page saying how large a form or a file may be
/// (it used to be refused as "access denied", the CSRF token being past the limit).
fn too_large(limit: usize) -> Response {
    let info = crate::error::ErrorInfo {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "MK-413",
        message: if limit >= UPLOAD_LIMIT { "error-too-large-upload" } else { "error-too-large-form" },
        fields: mekong_core::validation::FieldErrors::default(),
    };
    let mut response = StatusCode::PAYLOAD_TOO_LARGE.into_response();
    response.extensions_mut().insert(info);
    response
}

/// Reads the submitted token from the header or the urlencoded body, and puts the body back.
async fn check_csrf(request: Request, expected: Option<&str>) -> (Request, Csrf) {
    let verdict = |ok: bool| if ok { Csrf::Accepted } else { Csrf::Refused };
    let Some(expected) = expected.filter(|e| !e.is_empty()) else { return (request, Csrf::Refused) };
    if let Some(header) = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        let ok = header == expected;
        return (request, verdict(ok));
    }
    let (parts, body) = request.into_parts();
    let boundary = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok());
    // Only the upload pages take files: elsewhere a large body is refused before it is read.
    let limit = if boundary.is_some() && receives_uploads(parts.uri.path()) { UPLOAD_LIMIT } else { FORM_LIMIT };
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if let Some(length) = declared.filter(|length| *length > limit) {
        drain(body, length).await;
        return (Request::from_parts(parts, Body::empty()), Csrf::TooLarge(limit));
    }
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        // Over the limit without saying so in advance (a chunked body); a body cut short by a
        // client gone away gets the same answer, which nobody reads.
        Err(_) => return (Request::from_parts(parts, Body::empty()), Csrf::TooLarge(limit)),
    };
    let submitted = match boundary {
        Some(boundary) => multipart_csrf(bytes.clone(), boundary).await,
        None => serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|fields| fields.into_iter().find(|(name, _)| name == CSRF_FIELD).map(|(_, value)| value)),
    };
    let ok = submitted.as_deref() == Some(expected);
    (Request::from_parts(parts, Body::from(bytes)), verdict(ok))
}

/// An over-limit body declared up to this size is read and dropped before the 413 is sent:
/// closing the connection while the client still writes makes it see a reset (a browser shows
/// its own error) instead of the page saying how large a form or file may be. Larger ones, and
/// a body still coming after `DRAIN_TIME`, get the connection closed.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(30);

async fn drain(body: Body, declared: usize) {
    use futures_util::StreamExt;
    if declared > DRAIN_LIMIT {
        return;
    }
    let mut chunks = body.into_data_stream();
    let _ = tokio::time::timeout(DRAIN_TIME, async { while let Some(Ok(_)) = chunks.next().await {} }).await;
}

/// The CSRF field of a multipart form (upload forms put it before the file).
async fn multipart_csrf(bytes: axum::body::Bytes, boundary: String) -> Option<String> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

/// A flash message is shown once: the page that reads it also removes it.
async fn clear_flash(request: Request, next: Next) -> Response {
    let had_flash = CookieJar::from_headers(request.headers()).get(FLASH_COOKIE).is_some();
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

/// Replaces the empty body of an error response with a page or a JSON document in the reader's
/// language. A page that needs signing in sends the reader to the sign-in page and back.
async fn render_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let ctx = page_ctx(&parts, state.i18n.clone());
    let is_api = parts.uri.path().starts_with("/api/");
    let request_id = parts.headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let response = next.run(Request::from_parts(parts, body)).await;
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return response;
    };
    if info.status == StatusCode::UNAUTHORIZED && !is_api {
        let next = if ctx.here.starts_with("/login") { "/".to_owned() } else { ctx.here.clone() };
        return Redirect::to(&format!("/login?next={}", encode_query_value(&next))).into_response();
    }
    let tr = ctx.tr.clone();
    let mut rendered = if is_api {
        let fields: Vec<_> =
            info.fields.0.iter().map(|f| serde_json::json!({"field": f.field, "message": tr.t(&f.message)})).collect();
        Json(serde_json::json!({"code": info.code, "message": tr.t(info.message), "fields": fields})).into_response()
    } else {
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
