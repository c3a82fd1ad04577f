//! Passwords through emailed links: accepting an invitation, and resetting a forgotten password.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_core::identity::TokenPurpose;
use mekong_core::validation::FieldErrors;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account/forgot.html")]
struct ForgotPage {
    ctx: PageCtx,
    sent: bool,
}

#[derive(Template)]
#[template(path = "account/set_password.html")]
struct SetPasswordPage {
    ctx: PageCtx,
    action: &'static str,
    title: &'static str,
    token: String,
    live: bool,
    errors: FieldErrors,
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
pub struct NewPassword {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn forgot_form(ctx: PageCtx) -> Response {
    render(&ForgotPage { ctx, sent: false })
}

/// Says the same whether or not an account has this email.
pub async fn forgot_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<EmailForm>,
) -> Result<Response, WebError> {
    state.app.request_password_reset(&form.email).await?;
    Ok(render(&ForgotPage { ctx, sent: true }))
}

fn page(ctx: PageCtx, purpose: TokenPurpose, token: String, live: bool, errors: FieldErrors) -> SetPasswordPage {
    let (action, title) = match purpose {
        TokenPurpose::Invitation => ("/account/accept", "accept-title"),
        TokenPurpose::PasswordReset => ("/account/reset", "reset-title"),
    };
    SetPasswordPage { ctx, action, title, token, live, errors }
}

async fn show_form(state: AppState, ctx: PageCtx, purpose: TokenPurpose, token: String) -> Result<Response, WebError> {
    let live = state.app.link_is_live(&token, purpose).await?;
    let status = if live { StatusCode::OK } else { StatusCode::GONE };
    Ok(render_with_status(status, &page(ctx, purpose, token, live, FieldErrors::default())))
}

async fn submit(
    state: AppState,
    ctx: PageCtx,
    jar: CookieJar,
    purpose: TokenPurpose,
    form: NewPassword,
) -> Result<Response, WebError> {
    if form.password != form.confirm {
        let mut errors = FieldErrors::default();
        errors.add("confirm", "error-password-mismatch");
        return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, purpose, form.token, true, errors)));
    }
    match state.app.set_password_with_link(&form.token, purpose, &form.password).await {
        Ok(_) => Ok(redirect_with_flash("/login", "flash-password-set", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let live = errors.for_field("token").is_none();
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, purpose, form.token, live, errors)))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn accept_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    show_form(state, ctx, TokenPurpose::Invitation, q.token).await
}

pub async fn accept_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(form): Form<NewPassword>,
) -> Result<Response, WebError> {
    submit(state, ctx, jar, TokenPurpose::Invitation, form).await
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    show_form(state, ctx, TokenPurpose::PasswordReset, q.token).await
}

pub async fn reset_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(form): Form<NewPassword>,
) -> Result<Response, WebError> {
    submit(state, ctx, jar, TokenPurpose::PasswordReset, form).await
}
