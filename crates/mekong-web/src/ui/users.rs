//! Administration of accounts: the list, invitations, roles and scopes, deactivation.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::audit::AuditRow;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::identity::InviteUser;
use mekong_core::identity::{Role, RoleGrant, User};
use mekong_core::ids::UserId;
use mekong_core::validation::FieldErrors;
use mekong_i18n::Lang;
use serde::Deserialize;

/// A role (with its scope) in the reader's language: "City focal point (KH-PNH)".
pub fn grant_label(ctx: &PageCtx, grant: &RoleGrant) -> String {
    let role = ctx.t(&format!("role-{}", grant.role.code().replace('_', "-")));
    match &grant.scope {
        Some(scope) => format!("{role} ({})", scope.value()),
        None => role,
    }
}

pub struct UserRow {
    pub href: String,
    pub name: String,
    pub email: String,
    pub roles: String,
    pub active: bool,
    pub invited: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: PageCtx,
    users: Vec<UserRow>,
}

/// What the invitation and grant forms were given, to show again with their errors.
#[derive(Default)]
pub struct GrantForm {
    pub role: String,
    pub scope: String,
}

#[derive(Template)]
#[template(path = "admin/invite.html")]
struct InvitePage {
    ctx: PageCtx,
    email: String,
    display_name: String,
    language: String,
    grant: GrantForm,
    errors: FieldErrors,
    roles: Vec<(&'static str, String)>,
    scopes: Vec<(String, String)>,
    languages: Vec<(&'static str, &'static str)>,
}

pub struct GrantRow {
    pub label: String,
    pub role: &'static str,
    pub scope: String,
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    ctx: PageCtx,
    user: User,
    grants: Vec<GrantRow>,
    sessions: Vec<crate::ui::account::SessionRow>,
    tokens: Vec<(String, String, bool)>,
    history: Vec<AuditRow>,
    grant: GrantForm,
    errors: FieldErrors,
    roles: Vec<(&'static str, String)>,
    scopes: Vec<(String, String)>,
}

#[derive(Deserialize)]
pub struct InviteInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    scope: String,
}

#[derive(Deserialize)]
pub struct GrantInput {
    #[serde(default)]
    role: String,
    #[serde(default)]
    scope: String,
}

#[derive(Deserialize)]
pub struct ActiveInput {
    #[serde(default)]
    active: String,
}

fn role_options(ctx: &PageCtx) -> Vec<(&'static str, String)> {
    Role::ALL.iter().map(|r| (r.code(), ctx.t(&format!("role-{}", r.code().replace('_', "-"))))).collect()
}

/// The scopes a grant may name, offered by name: member cities (for focal points) and calls (for
/// their committees); an organisation's identifier (for partners) is typed.
async fn scope_choices(state: &AppState, ctx: &PageCtx) -> Result<Vec<(String, String)>, WebError> {
    let cities = state.app.list_cities(&ctx.actor).await?;
    let calls = state.app.calls(&ctx.actor).await?;
    Ok(cities
        .iter()
        .map(|c| (c.code.to_string(), c.romanised_name(ctx.tr.lang).to_owned()))
        .chain(
            calls
                .iter()
                .map(|v| (v.call.id.to_string(), format!("{} · {}", v.call.code, v.call.title.get(ctx.tr.lang)))),
        )
        .collect())
}

fn user_id(raw: &str) -> Result<UserId, WebError> {
    uuid::Uuid::parse_str(raw).map(UserId).map_err(|_| WebError(AppError::NotFound))
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let users = state
        .app
        .list_users(&ctx.actor)
        .await?
        .into_iter()
        .map(|(user, grants)| UserRow {
            href: format!("/admin/users/{}", user.id),
            roles: grants.iter().map(|g| grant_label(&ctx, g)).collect::<Vec<_>>().join(", "),
            name: user.display_name,
            email: user.email.to_string(),
            active: user.active,
            invited: !user.has_password,
        })
        .collect();
    Ok(render(&UsersPage { ctx, users }))
}

async fn invite_page(
    state: &AppState,
    ctx: PageCtx,
    input: Option<InviteInput>,
    errors: FieldErrors,
) -> Result<InvitePage, WebError> {
    let input = input.unwrap_or(InviteInput {
        email: String::new(),
        display_name: String::new(),
        language: ctx.lang().to_owned(),
        role: String::new(),
        scope: String::new(),
    });
    Ok(InvitePage {
        roles: role_options(&ctx),
        scopes: scope_choices(state, &ctx).await?,
        languages: Lang::ALL.iter().map(|l| (l.code(), l.endonym())).collect(),
        email: input.email,
        display_name: input.display_name,
        language: input.language,
        grant: GrantForm { role: input.role, scope: input.scope },
        errors,
        ctx,
    })
}

pub async fn invite_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    Ok(render(&invite_page(&state, ctx, None, FieldErrors::default()).await?))
}

pub async fn invite_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(input): Form<InviteInput>,
) -> Result<Response, WebError> {
    let grant = RoleGrant::from_parts(&input.role, Some(input.scope.as_str())).map_err(AppError::from);
    let language = Lang::from_tag(&input.language).unwrap_or(ctx.tr.lang);
    let invited = match grant {
        Ok(grant) => {
            let invite =
                InviteUser { email: &input.email, display_name: &input.display_name, language, grants: vec![grant] };
            state.app.invite_user(&ctx.actor, invite).await
        }
        Err(error) => Err(error),
    };
    match invited {
        Ok(id) => Ok(redirect_with_flash(&format!("/admin/users/{id}"), "flash-user-invited", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &invite_page(&state, ctx, Some(input), errors).await?,
        )),
        Err(other) => Err(other.into()),
    }
}

async fn user_page(
    state: &AppState,
    ctx: PageCtx,
    id: UserId,
    grant: GrantForm,
    errors: FieldErrors,
) -> Result<UserPage, WebError> {
    let detail = state.app.user_detail(&ctx.actor, id).await?;
    let filter = user_history_filter(id);
    let history = state.app.audit_trail(&ctx.actor, filter).await?.iter().map(|e| AuditRow::new(e, &ctx)).collect();
    Ok(UserPage {
        grants: detail
            .grants
            .iter()
            .map(|g| GrantRow {
                label: grant_label(&ctx, g),
                role: g.role.code(),
                scope: g.scope.as_ref().map(|s| s.value()).unwrap_or_default(),
            })
            .collect(),
        sessions: detail
            .sessions
            .into_iter()
            .map(|s| crate::ui::account::SessionRow {
                started: ctx.tr.instant(s.created_at),
                last_seen: ctx.tr.instant(s.last_seen_at),
                address: s.address_fingerprint(),
                device: s.user_agent,
            })
            .collect(),
        tokens: detail.api_tokens.into_iter().map(|t| (t.id.to_string(), t.name, t.revoked_at.is_some())).collect(),
        roles: role_options(&ctx),
        scopes: scope_choices(state, &ctx).await?,
        user: detail.user,
        history,
        grant,
        errors,
        ctx,
    })
}

fn user_history_filter(id: UserId) -> mekong_app::audit::AuditFilter {
    mekong_app::audit::AuditFilter {
        entity_type: Some("user".into()),
        entity_id: Some(id.to_string()),
        limit: 100,
        ..Default::default()
    }
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(user): Path<String>) -> Result<Response, WebError> {
    let page = user_page(&state, ctx, user_id(&user)?, GrantForm::default(), FieldErrors::default()).await?;
    Ok(render(&page))
}

pub async fn grant(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(user): Path<String>,
    Form(input): Form<GrantInput>,
) -> Result<Response, WebError> {
    change_role(state, ctx, jar, &user, input, RoleChange::Grant).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(user): Path<String>,
    Form(input): Form<GrantInput>,
) -> Result<Response, WebError> {
    change_role(state, ctx, jar, &user, input, RoleChange::Withdraw).await
}

enum RoleChange {
    Grant,
    Withdraw,
}

async fn change_role(
    state: AppState,
    ctx: PageCtx,
    jar: CookieJar,
    user: &str,
    input: GrantInput,
    change: RoleChange,
) -> Result<Response, WebError> {
    let id = user_id(user)?;
    let outcome = match (RoleGrant::from_parts(&input.role, Some(input.scope.as_str())), &change) {
        (Ok(grant), RoleChange::Grant) => state.app.grant_role(&ctx.actor, id, grant).await,
        (Ok(grant), RoleChange::Withdraw) => state.app.withdraw_role(&ctx.actor, id, grant).await,
        (Err(error), _) => Err(error.into()),
    };
    match outcome {
        Ok(()) => {
            let flash = match change {
                RoleChange::Grant => "flash-role-granted",
                RoleChange::Withdraw => "flash-role-withdrawn",
            };
            Ok(redirect_with_flash(&format!("/admin/users/{id}"), flash, jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => {
            let form = GrantForm { role: input.role, scope: input.scope };
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &user_page(&state, ctx, id, form, errors).await?))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn set_active(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(user): Path<String>,
    Form(input): Form<ActiveInput>,
) -> Result<Response, WebError> {
    let id = user_id(&user)?;
    let active = input.active == "true";
    match state.app.set_user_active(&ctx.actor, id, active).await {
        Ok(()) => {
            let flash = if active { "flash-user-reactivated" } else { "flash-user-deactivated" };
            Ok(redirect_with_flash(&format!("/admin/users/{id}"), flash, jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => {
            let page = user_page(&state, ctx, id, GrantForm::default(), errors).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}
