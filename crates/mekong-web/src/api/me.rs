//! Who the API caller is: checks that a token works and what it may do.

use crate::WebError;
use crate::context::PageCtx;
use axum::Json;
use mekong_app::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// The caller, with the rights this credential carries.
#[derive(Serialize, ToSchema)]
pub struct MeDto {
    email: String,
    display_name: String,
    language: String,
    /// Role codes with their scope, e.g. `city_focal_point:KH-PNH`.
    roles: Vec<String>,
    /// `session` or `token`.
    credential: String,
}

/// The authenticated caller.
#[utoipa::path(get, path = "/api/v1/me", tag = "identity", operation_id = "get_me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeDto),
        (status = 401, description = "No valid credential", body = super::ApiErrorDto)
    ))]
pub async fn show(ctx: PageCtx) -> Result<Json<MeDto>, WebError> {
    let user = ctx.actor.user.as_ref().ok_or(WebError(AppError::Unauthenticated))?;
    let roles = ctx
        .actor
        .grants
        .iter()
        .map(|g| match &g.scope {
            Some(scope) => format!("{}:{}", g.role.code(), scope.value()),
            None => g.role.code().to_owned(),
        })
        .collect();
    let credential = match ctx.actor.credential {
        Some(mekong_app::policy::Credential::Token(_)) => "token",
        _ => "session",
    };
    Ok(Json(MeDto {
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        language: user.language.code().to_owned(),
        roles,
        credential: credential.to_owned(),
    }))
}
