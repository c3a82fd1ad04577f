//! What a page needs to know about its request: the reader's language, who they are, the CSRF
//! token for its forms, the flash message, and where they are (for links that come back).

use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum_extra::extract::CookieJar;
use mekong_app::policy::{self, Actor, Permission, Target};
use mekong_core::validation::FieldErrors;
use mekong_i18n::{Arg, I18n, Lang};
use std::convert::Infallible;
use std::sync::Arc;

/// The cookie the language switcher sets.
pub const LANG_COOKIE: &str = "lang";
/// The cookie carrying a one-shot message id to show on the next page.
pub const FLASH_COOKIE: &str = "flash";

/// The reader's language: their own setting, else the switcher's cookie, else their browser's
/// `Accept-Language`, else the network's default.
pub fn negotiate_language(actor: &Actor, headers: &HeaderMap) -> Lang {
    let jar = CookieJar::from_headers(headers);
    actor
        .user
        .as_ref()
        .map(|u| u.language)
        .or_else(|| jar.get(LANG_COOKIE).and_then(|c| Lang::from_tag(c.value())))
        .or_else(|| headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::negotiate))
        .unwrap_or(Lang::DEFAULT)
}

/// The CSRF token of this request's forms (the double-submit cookie's value).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// A translator bound to one language and time zone.
#[derive(Clone, Debug)]
pub struct Tr {
    pub lang: Lang,
    pub time_zone: String,
    i18n: Arc<I18n>,
}

impl Tr {
    pub fn new(lang: Lang, time_zone: &str, i18n: Arc<I18n>) -> Tr {
        Tr { lang, time_zone: time_zone.to_owned(), i18n }
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

    /// An amount with its currency, as the reader's language writes it.
    pub fn money(&self, money: mekong_core::money::Money) -> String {
        mekong_i18n::format_money(self.lang, money)
    }

    /// An instant in the reader's time zone and language.
    pub fn instant(&self, instant: jiff::Timestamp) -> String {
        mekong_i18n::format_instant(self.lang, instant, &self.time_zone)
    }

    pub fn has_message(&self, id: &str) -> bool {
        self.i18n.has_message(id)
    }
}

/// The reader's default time zone when they have no account: the network's.
pub const DEFAULT_TIME_ZONE: &str = mekong_core::NETWORK_TIME_ZONE;

/// One entry of the language switcher.
pub struct LanguageLink {
    pub code: &'static str,
    pub name: &'static str,
    pub current: bool,
}

/// Everything the page shell needs, extracted from any page request.
pub struct PageCtx {
    pub tr: Tr,
    pub actor: Actor,
    /// The path and query of this page, for links that come back here.
    pub here: String,
    pub flash: Option<String>,
    pub csrf: String,
}

impl PageCtx {
    pub fn t(&self, id: &str) -> String {
        self.tr.t(id)
    }

    pub fn lang(&self) -> &'static str {
        self.tr.lang.code()
    }

    pub fn signed_in(&self) -> bool {
        self.actor.user.is_some()
    }

    /// The network's countries the forms offer by name (code, name in the reader's language).
    pub fn countries(&self) -> Vec<(String, String)> {
        crate::ui::organisations::country_choices(self)
    }

    pub fn user_name(&self) -> &str {
        self.actor.user.as_ref().map_or("", |u| u.display_name.as_str())
    }

    /// Whether the reader may use what `permission` covers: the menu shows only what works.
    pub fn may(&self, permission: &str) -> bool {
        let permission = match permission {
            "manage_users" => Permission::ManageUsers,
            "view_audit" => Permission::ViewAudit,
            "view_outbox" => Permission::ViewOutbox,
            "view_people" => Permission::ViewPeople,
            "manage_partnerships" => Permission::ManagePartnerships,
            "manage_per_diem_rates" => Permission::ManagePerDiemRates,
            "erase_person" => Permission::ErasePerson,
            "view_finance" => Permission::ViewFinance,
            "view_missions" => Permission::ViewMissions,
            "view_reports" => Permission::ViewReports,
            "view_funding" => Permission::ViewFunding,
            _ => return false,
        };
        policy::authorise(&self.actor, permission, &Target::Nothing).is_ok()
    }

    /// The message for `field` in `errors`, in the reader's language.
    pub fn field_error(&self, errors: &FieldErrors, field: &str) -> Option<String> {
        errors.for_field(field).map(|id| self.t(id))
    }

    /// No error, for a control of a form that has none (search filters).
    pub fn no_error(&self) -> Option<String> {
        None
    }

    /// The sign-in link that comes back to this page.
    pub fn sign_in_href(&self) -> String {
        format!("/login?next={}", encode_query_value(&self.here))
    }

    pub fn languages(&self) -> Vec<LanguageLink> {
        Lang::ALL
            .into_iter()
            .map(|lang| LanguageLink { code: lang.code(), name: lang.endonym(), current: lang == self.tr.lang })
            .collect()
    }
}

/// Builds the page context from a request's parts; the error layer uses it too.
pub fn page_ctx(parts: &Parts, i18n: Arc<I18n>) -> PageCtx {
    let actor = parts.extensions.get::<Actor>().cloned().unwrap_or_else(Actor::public);
    let lang = negotiate_language(&actor, &parts.headers);
    let time_zone = actor.user.as_ref().map_or(DEFAULT_TIME_ZONE, |u| u.time_zone.as_str()).to_owned();
    let tr = Tr::new(lang, &time_zone, i18n);
    let flash = CookieJar::from_headers(&parts.headers)
        .get(FLASH_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|id| id.starts_with("flash-") && tr.has_message(id))
        .map(|id| tr.t(&id));
    let here = parts.uri.path_and_query().map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned());
    // Outside the CSRF layer (error pages) the cookie still holds the token.
    let csrf = parts
        .extensions
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .or_else(|| {
            CookieJar::from_headers(&parts.headers).get(crate::layers::CSRF_COOKIE).map(|c| c.value().to_owned())
        })
        .unwrap_or_default();
    PageCtx { tr, actor, here, flash, csrf }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(page_ctx(parts, state.i18n.clone()))
    }
}

/// Percent-encodes a value for a query string.
pub fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Only paths on this site, so that `next` links cannot send people elsewhere.
pub fn is_local_path(next: &str) -> bool {
    // Browsers drop tabs and newlines from addresses and read `\` as `/`: `/\t/evil` is `//evil`.
    let mut bytes = next.bytes();
    next.bytes().all(|b| b.is_ascii_graphic())
        && bytes.next() == Some(b'/')
        && !matches!(bytes.next(), Some(b'/' | b'\\'))
        && !next.contains('\\')
}

/// The address the request came from, for throttling and the sessions list.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(peer) = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|i| i.0.ip())
        else {
            return Ok(ClientAddress(String::new()));
        };
        let forwarded: Vec<&str> =
            parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        Ok(ClientAddress(state.config.trusted_proxies.client_address(peer, &forwarded).to_string()))
    }
}
