//! Signing in and out.

use crate::WebError;
use crate::context::{ClientAddress, PageCtx, is_local_path};
use crate::layers::SESSION_COOKIE;
use crate::page::{redirect_with_flash, render, render_with_status, site_cookie};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use mekong_app::AppError;
use mekong_app::identity::SignInAttempt;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account/sign_in.html")]
struct SignInPage {
    ctx: PageCtx,
    email: String,
    next: String,
    problem: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct Credentials {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn form(ctx: PageCtx, Query(next): Query<Next>) -> Response {
    render(&SignInPage { ctx, email: String::new(), next: next.next, problem: None })
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<Credentials>,
) -> Result<Response, WebError> {
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let attempt = SignInAttempt { email: &form.email, password: &form.password, client_address: &address, user_agent };
    match state.app.sign_in(attempt).await {
        Ok(session) => {
            let next = Some(form.next).filter(|n| is_local_path(n)).unwrap_or_else(|| "/".to_owned());
            let jar = jar.add(site_cookie(SESSION_COOKIE, session.secret, state.config.tls));
            // A new CSRF token with the new session: one known before signing in is worth nothing.
            let jar = jar.add(crate::layers::csrf_cookie(mekong_app::identity::new_csrf_token()?, state.config.tls));
            Ok(redirect_with_flash(&next, "flash-signed-in", jar, state.config.tls))
        }
        Err(error @ (AppError::Validation(_) | AppError::Throttled)) => {
            let (status, message) = match error {
                AppError::Throttled => (StatusCode::TOO_MANY_REQUESTS, "error-throttled"),
                _ => (StatusCode::UNPROCESSABLE_ENTITY, "error-sign-in"),
            };
            let page = SignInPage { problem: Some(ctx.t(message)), email: form.email, next: form.next, ctx };
            Ok(render_with_status(status, &page))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn sign_out(State(state): State<AppState>, ctx: PageCtx, jar: CookieJar) -> Result<Response, WebError> {
    state.app.sign_out(&ctx.actor).await?;
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok(redirect_with_flash("/", "flash-signed-out", jar, state.config.tls))
}
