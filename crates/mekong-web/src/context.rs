//! What a page needs to know about its request: the reader's language, who they are, the flash
//! message, and where they are (for the language switcher's way back).

use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum_extra::extract::CookieJar;
use mekong_app::policy::Actor;
use mekong_i18n::{Arg, I18n, Lang};
use std::convert::Infallible;
use std::sync::Arc;

/// The cookie the language switcher sets.
pub const LANG_COOKIE: &str = "lang";
/// The cookie carrying a one-shot message id to show on the next page.
pub const FLASH_COOKIE: &str = "flash";

/// The reader's language: their own setting, else the switcher's cookie, else their browser's
/// `Accept-Language`, else the network's default.
pub fn negotiate_language(headers: &HeaderMap) -> Lang {
    let jar = CookieJar::from_headers(headers);
    jar.get(LANG_COOKIE)
        .and_then(|c| Lang::from_tag(c.value()))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::negotiate)
        })
        .unwrap_or(Lang::DEFAULT)
}

/// A translator bound to one language.
#[derive(Clone, Debug)]
pub struct Tr {
    pub lang: Lang,
    i18n: Arc<I18n>,
}

impl Tr {
    pub fn new(lang: Lang, i18n: Arc<I18n>) -> Tr {
        Tr { lang, i18n }
    }

    /// The message `id` in the reader's language.
    pub fn t(&self, id: &str) -> String {
        self.i18n.message(self.lang, id)
    }

    pub fn t_with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.i18n.message_with(self.lang, id, args)
    }

    pub fn number(&self, value: i64) -> String {
        mekong_i18n::format_number(self.lang, value)
    }

    pub fn decimal(&self, value: f64, fraction_digits: u8) -> String {
        mekong_i18n::format_decimal(self.lang, value, fraction_digits)
    }
}

/// One entry of the language switcher.
pub struct LanguageLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// Everything the page shell needs, extracted from any page request.
pub struct PageCtx {
    pub tr: Tr,
    pub actor: Actor,
    /// The path and query of this page, for links that come back here.
    pub here: String,
    pub flash: Option<String>,
}

impl PageCtx {
    pub fn t(&self, id: &str) -> String {
        self.tr.t(id)
    }

    pub fn lang(&self) -> &'static str {
        self.tr.lang.code()
    }

    pub fn languages(&self) -> Vec<LanguageLink> {
        let back = encode_query_value(&self.here);
        Lang::ALL
            .into_iter()
            .map(|lang| LanguageLink {
                code: lang.code(),
                name: lang.endonym(),
                href: format!("/language/{}?next={back}", lang.code()),
                current: lang == self.tr.lang,
            })
            .collect()
    }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = negotiate_language(&parts.headers);
        let tr = Tr::new(lang, state.i18n.clone());
        let flash = CookieJar::from_headers(&parts.headers)
            .get(FLASH_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|id| state.i18n.has_message(id))
            .map(|id| tr.t(&id));
        let actor = parts
            .extensions
            .get::<Actor>()
            .cloned()
            .unwrap_or_else(Actor::public);
        let here = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned());
        Ok(PageCtx {
            tr,
            actor,
            here,
            flash,
        })
    }
}

/// Percent-encodes a value for a query string.
fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
