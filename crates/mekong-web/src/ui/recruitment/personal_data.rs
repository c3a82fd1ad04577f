//! Applicants' personal data: the applicant downloads theirs and asks for its erasure through
//! their personal link; the call's managers see the requests and erase.

use super::call_id;
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render};
use crate::state::AppState;
use crate::ui::organisations::download;
use crate::ui::posted::Fields;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_core::ids::ApplicationId;

pub async fn data(State(state): State<AppState>, Path(link): Path<String>) -> Result<Response, WebError> {
    let data = state.app.applicant_data(&link).await?;
    Ok(download(data.zip, "application/zip", &data.file_name))
}

pub async fn request_erasure(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(link): Path<String>,
) -> Result<Response, WebError> {
    state.app.request_erasure(&link).await?;
    Ok(redirect_with_flash(&format!("/applications/{link}"), "flash-intake-erasure-requested", jar, state.config.tls))
}

/// A request waiting, with the form that erases.
pub struct RequestRow {
    pub href: String,
    pub receipt: String,
    pub name: String,
    pub asked: String,
    pub erase: String,
}

#[derive(Template)]
#[template(path = "recruitment/erasure_requests.html")]
struct RequestsPage {
    ctx: PageCtx,
    id: String,
    title: String,
    rows: Vec<RequestRow>,
}

pub async fn requests(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (call, requests) = state.app.erasure_requests(&ctx.actor, call_id(&id)?).await?;
    let rows = requests
        .iter()
        .map(|r| RequestRow {
            href: format!("/calls/{}/applications/{}", call.id, r.application.id),
            receipt: r.application.receipt.clone(),
            name: r.application.name.clone(),
            asked: ctx.tr.instant(r.requested_at),
            erase: format!("/calls/{}/applications/{}/erasure", call.id, r.application.id),
        })
        .collect();
    Ok(render(&RequestsPage { id: call.id.to_string(), title: call.title.get(ctx.tr.lang).to_owned(), rows, ctx }))
}

pub async fn erase(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, application)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let call = call_id(&id)?;
    let confirmation = Fields(fields).get("receipt");
    let application =
        uuid::Uuid::parse_str(&application).map(ApplicationId).map_err(|_| WebError(AppError::NotFound))?;
    state.app.erase_application(&ctx.actor, call, application, &confirmation).await?;
    Ok(redirect_with_flash(&format!("/calls/{call}/erasure-requests"), "flash-intake-erased", jar, state.config.tls))
}
