//! Erasing a person from the staff's side: a confirmation page saying what will go, then the
//! erasure itself (the same use case as `mekong people erase`).

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_core::ids::PersonId;
use mekong_core::validation::FieldErrors;

#[derive(Template)]
#[template(path = "people/erase.html")]
struct ConfirmPage {
    ctx: PageCtx,
    id: String,
    name: String,
    errors: FieldErrors,
}

fn person_id(raw: &str) -> Result<PersonId, WebError> {
    uuid::Uuid::parse_str(raw).map(PersonId).map_err(|_| WebError(AppError::NotFound))
}

async fn confirm_page(
    state: &AppState,
    ctx: PageCtx,
    id: PersonId,
    errors: FieldErrors,
) -> Result<ConfirmPage, WebError> {
    let person = state.app.person(&ctx.actor, id).await?.person;
    Ok(ConfirmPage { ctx, id: id.to_string(), name: person.display_name().to_owned(), errors })
}

/// The confirmation step: who, and what erasing them does.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    Ok(render(&confirm_page(&state, ctx, id, FieldErrors::default()).await?))
}

pub async fn erase(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    match state.app.erase_person(&ctx.actor, id).await {
        Ok(_) => Ok(redirect_with_flash("/people", "flash-person-erased", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &confirm_page(&state, ctx, id, errors).await?))
        }
        Err(other) => Err(other.into()),
    }
}
