//! The language switcher: a form of buttons, so it works without JavaScript. For a signed-in
//! reader the choice becomes their own setting; for others it is kept in a cookie.

use crate::WebError;
use crate::context::{FLASH_COOKIE, LANG_COOKIE, PageCtx, is_local_path};
use crate::state::AppState;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use mekong_app::AppError;
use mekong_i18n::Lang;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Choice {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

pub async fn switch(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(choice): Form<Choice>,
) -> Result<Response, WebError> {
    let lang = Lang::from_tag(&choice.lang).ok_or(WebError(AppError::field("lang", "error-language")))?;
    if ctx.signed_in() {
        state.app.set_language(&ctx.actor, lang).await?;
    }
    let next = Some(choice.next).filter(|n| is_local_path(n)).unwrap_or_else(|| "/".to_owned());
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

#[cfg(test)]
mod tests {
    use crate::context::is_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/cities?x=1"));
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("https://evil.example"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path("/\t/evil.example"));
        assert!(!is_local_path("/\n/evil.example"));
    }
}
