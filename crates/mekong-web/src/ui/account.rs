//! One's own account: settings, password, sessions, and a copy of one's data.

use crate::WebError;
use crate::context::PageCtx;
use crate::layers::SESSION_COOKIE;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::ConflictView;
use askama::Template;
use axum::extract::{Form, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use mekong_app::AppError;
use mekong_core::identity::User;
use mekong_core::validation::FieldErrors;
use mekong_i18n::Lang;
use serde::Deserialize;

/// Time zones offered first; any IANA name is accepted.
const COMMON_TIME_ZONES: [&str; 7] =
    ["Asia/Phnom_Penh", "Asia/Vientiane", "Asia/Ho_Chi_Minh", "Asia/Bangkok", "Europe/Paris", "Europe/Brussels", "UTC"];

pub struct SessionRow {
    pub started: String,
    pub last_seen: String,
    pub device: String,
    pub address: String,
}

/// The settings as submitted, shown back when they cannot be saved.
pub struct SettingsForm {
    pub display_name: String,
    pub language: String,
    pub time_zone: String,
    pub version: i32,
}

#[derive(Template)]
#[template(path = "account/show.html")]
struct AccountPage {
    ctx: PageCtx,
    user: User,
    form: SettingsForm,
    /// When someone else saved first: what is stored now, beside what the reader submitted.
    conflict: Option<ConflictView>,
    settings_errors: FieldErrors,
    password_errors: FieldErrors,
    sessions: Vec<SessionRow>,
    languages: Vec<(&'static str, &'static str)>,
    time_zones: [&'static str; 7],
    has_calendar_feed: bool,
    /// A calendar feed link just made: shown this once.
    new_calendar_feed: Option<String>,
}

#[derive(Deserialize)]
pub struct SettingsInput {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    version: i32,
}

#[derive(Deserialize)]
pub struct PasswordInput {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

fn form_of(user: &User) -> SettingsForm {
    SettingsForm {
        display_name: user.display_name.clone(),
        language: user.language.code().to_owned(),
        time_zone: user.time_zone.clone(),
        version: user.version,
    }
}

struct Problems {
    form: Option<SettingsForm>,
    conflict: Option<ConflictView>,
    settings: FieldErrors,
    password: FieldErrors,
    new_calendar_feed: Option<String>,
}

async fn account_page(state: &AppState, ctx: PageCtx, problems: Problems) -> Result<AccountPage, WebError> {
    let user = state.app.own_user(&ctx.actor).await?;
    let sessions = state
        .app
        .own_sessions(&ctx.actor)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            started: ctx.tr.instant(s.created_at),
            last_seen: ctx.tr.instant(s.last_seen_at),
            address: s.address_fingerprint(),
            device: s.user_agent,
        })
        .collect();
    Ok(AccountPage {
        form: problems.form.unwrap_or_else(|| form_of(&user)),
        conflict: problems.conflict,
        settings_errors: problems.settings,
        password_errors: problems.password,
        user,
        sessions,
        languages: Lang::ALL.iter().map(|l| (l.code(), l.endonym())).collect(),
        time_zones: COMMON_TIME_ZONES,
        has_calendar_feed: state.app.has_calendar_feed(&ctx.actor).await?,
        new_calendar_feed: problems.new_calendar_feed,
        ctx,
    })
}

fn no_problems() -> Problems {
    Problems {
        form: None,
        conflict: None,
        settings: FieldErrors::default(),
        password: FieldErrors::default(),
        new_calendar_feed: None,
    }
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    Ok(render(&account_page(&state, ctx, no_problems()).await?))
}

/// Makes a new personal calendar feed link (the previous one stops working) and shows it once.
pub async fn renew_calendar_feed(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let link = state.app.renew_calendar_feed(&ctx.actor).await?;
    let problems = Problems { new_calendar_feed: Some(link), ..no_problems() };
    Ok(render(&account_page(&state, ctx, problems).await?))
}

pub async fn save_settings(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(input): Form<SettingsInput>,
) -> Result<Response, WebError> {
    let saved = state
        .app
        .update_settings(&ctx.actor, input.version, &input.display_name, &input.language, &input.time_zone)
        .await;
    let submitted = SettingsForm {
        display_name: input.display_name,
        language: input.language,
        time_zone: input.time_zone,
        version: input.version,
    };
    match saved {
        Ok(_) => Ok(redirect_with_flash("/account", "flash-settings-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let problems = Problems { form: Some(submitted), settings: errors, ..no_problems() };
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &account_page(&state, ctx, problems).await?))
        }
        Err(AppError::Conflict) => {
            // Show what is stored now beside what was submitted; saving again takes the new version.
            let current = state.app.own_user(&ctx.actor).await?;
            let conflict = ConflictView::compare(
                &ctx,
                [
                    ("field-display-name", submitted.display_name.clone(), current.display_name.clone()),
                    ("field-language", submitted.language.clone(), current.language.code().to_owned()),
                    ("field-time-zone", submitted.time_zone.clone(), current.time_zone.clone()),
                ],
            );
            let form = SettingsForm { version: current.version, ..submitted };
            let problems = Problems { form: Some(form), conflict: Some(conflict), ..no_problems() };
            Ok(render_with_status(StatusCode::CONFLICT, &account_page(&state, ctx, problems).await?))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(input): Form<PasswordInput>,
) -> Result<Response, WebError> {
    let outcome = if input.new_password == input.confirm {
        state.app.change_password(&ctx.actor, &input.current_password, &input.new_password).await
    } else {
        Err(AppError::field("confirm", "error-password-mismatch"))
    };
    match outcome {
        Ok(()) => Ok(redirect_with_flash("/account", "flash-password-changed", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let errors = rename_field(errors, "password", "new_password");
            let problems = Problems { password: errors, ..no_problems() };
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &account_page(&state, ctx, problems).await?))
        }
        Err(other) => Err(other.into()),
    }
}

/// The policy names the new password `password`; this form calls it `new_password`.
fn rename_field(mut errors: FieldErrors, from: &str, to: &str) -> FieldErrors {
    for error in &mut errors.0 {
        if error.field == from {
            to.clone_into(&mut error.field);
        }
    }
    errors
}

pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
) -> Result<Response, WebError> {
    state.app.sign_out_everywhere(&ctx.actor).await?;
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok(redirect_with_flash("/login", "flash-signed-out-everywhere", jar, state.config.tls))
}

pub async fn download_data(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let data = state.app.personal_data(&ctx.actor).await?;
    let json = serde_json::to_string_pretty(&data).map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"mekong-personal-data.json\""),
        ],
        json,
    )
        .into_response())
}
