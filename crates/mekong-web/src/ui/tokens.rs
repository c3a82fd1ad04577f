//! API tokens: make one with a subset of one's roles (its secret shown once), list, revoke.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::users::grant_label;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_core::identity::RoleGrant;
use mekong_core::ids::TokenId;
use mekong_core::validation::FieldErrors;

pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub rights: String,
    pub created: String,
    pub expires: String,
    pub last_used: String,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "account/tokens.html")]
struct TokensPage {
    ctx: PageCtx,
    tokens: Vec<TokenRow>,
    /// The holder's grants, offered as the token's possible rights.
    grants: Vec<(usize, String)>,
    errors: FieldErrors,
    token_name: String,
    /// The secret of a token just made: shown this once.
    new_secret: Option<String>,
}

async fn page(
    state: &AppState,
    ctx: PageCtx,
    errors: FieldErrors,
    name: String,
    new_secret: Option<String>,
) -> Result<TokensPage, WebError> {
    let never = ctx.t("never");
    let tokens = state
        .app
        .api_tokens(&ctx.actor)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            rights: t.grants.iter().map(|g| grant_label(&ctx, g)).collect::<Vec<_>>().join(", "),
            created: ctx.tr.instant(t.created_at),
            expires: t.expires_at.map_or_else(|| never.clone(), |at| ctx.tr.instant(at)),
            last_used: t.last_used_at.map_or_else(|| never.clone(), |at| ctx.tr.instant(at)),
            revoked: t.revoked_at.is_some(),
            name: t.name,
        })
        .collect();
    let grants = ctx.actor.grants.iter().enumerate().map(|(i, g)| (i, grant_label(&ctx, g))).collect();
    Ok(TokensPage { ctx, tokens, grants, errors, token_name: name, new_secret })
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    Ok(render(&page(&state, ctx, FieldErrors::default(), String::new(), None).await?))
}

/// The token form: a name, the indices of the chosen grants, and a validity in days.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> Result<Response, WebError> {
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let value = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let chosen: Vec<RoleGrant> = fields
        .iter()
        .filter(|(k, _)| k == "grant")
        .filter_map(|(_, v)| v.parse::<usize>().ok())
        .filter_map(|i| ctx.actor.grants.get(i).cloned())
        .collect();
    let days = value("valid_days");
    let valid_days = match days.trim() {
        "" => None,
        text => match text.parse::<u16>() {
            Ok(days) if days > 0 => Some(days),
            _ => {
                let mut errors = FieldErrors::default();
                errors.add("valid_days", "error-valid-days");
                let page = page(&state, ctx, errors, value("name"), None).await?;
                return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
            }
        },
    };
    match state.app.create_api_token(&ctx.actor, &value("name"), chosen, valid_days).await {
        Ok(created) => {
            Ok(render(&page(&state, ctx, FieldErrors::default(), String::new(), Some(created.secret)).await?))
        }
        Err(AppError::Validation(errors)) => {
            let page = page(&state, ctx, errors, value("name"), None).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let id = uuid::Uuid::parse_str(&token).map_err(|_| WebError(AppError::NotFound))?;
    state.app.revoke_api_token(&ctx.actor, TokenId(id)).await?;
    Ok(redirect_with_flash("/account/tokens", "flash-token-revoked", jar, state.config.tls))
}
