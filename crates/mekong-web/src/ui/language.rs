//! The language switcher: plain links, so it works without JavaScript.

use crate::WebError;
use crate::context::{FLASH_COOKIE, LANG_COOKIE};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use mekong_app::AppError;
use mekong_i18n::Lang;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Back {
    next: Option<String>,
}

/// Remembers the chosen language for a year and returns to the page the reader came from.
pub async fn switch(
    State(state): State<AppState>,
    Path(tag): Path<String>,
    Query(back): Query<Back>,
) -> Result<Response, WebError> {
    let lang = Lang::from_tag(&tag).ok_or(WebError(AppError::NotFound))?;
    let next = back
        .next
        .filter(|n| is_local_path(n))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = |name: &'static str, value: &str| {
        Cookie::build((name, value.to_owned()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(state.config.tls)
    };
    let jar = CookieJar::new()
        .add(cookie(LANG_COOKIE, lang.code()).max_age(time::Duration::days(365)))
        .add(cookie(FLASH_COOKIE, "flash-language-changed"));
    Ok((jar, Redirect::to(&next)).into_response())
}

/// Only paths on this site, so the switcher cannot be used to send people elsewhere.
fn is_local_path(next: &str) -> bool {
    next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/cities?x=1"));
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("https://evil.example"));
        assert!(!is_local_path("/\\evil.example"));
    }
}
