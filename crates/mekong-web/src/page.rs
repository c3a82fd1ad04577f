//! Turning a page template into a response, and the redirects and cookies forms answer with.

use crate::context::FLASH_COOKIE;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use mekong_app::AppError;

/// Renders a page; a template failure is an internal error, logged, never shown.
pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => crate::WebError(AppError::Internal(format!("template: {error}"))).into_response(),
    }
}

/// Renders a form page again with its errors, with the status that says why.
pub fn render_with_status(status: StatusCode, page: &impl Template) -> Response {
    let mut response = render(page);
    if response.status().is_success() {
        *response.status_mut() = status;
    }
    response
}

/// A cookie only this site's pages send back, over TLS when TLS is on.
pub fn site_cookie(name: &'static str, value: String, tls: bool) -> Cookie<'static> {
    Cookie::build((name, value)).path("/").http_only(true).same_site(SameSite::Lax).secure(tls).build()
}

/// Goes to `to` after a form, with a message (a `flash-*` id) shown once there.
pub fn redirect_with_flash(to: &str, flash: &'static str, jar: CookieJar, tls: bool) -> Response {
    (jar.add(site_cookie(FLASH_COOKIE, flash.to_owned(), tls)), Redirect::to(to)).into_response()
}
