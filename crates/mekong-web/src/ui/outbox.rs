//! The outgoing mail, for admins: what was sent, to whom, and the message itself.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use mekong_app::AppError;
use mekong_core::ids::EmailId;

pub struct EmailRow {
    pub href: String,
    pub recipient: String,
    pub subject: String,
    pub language: String,
    pub status: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "outbox/list.html")]
struct OutboxPage {
    ctx: PageCtx,
    emails: Vec<EmailRow>,
}

#[derive(Template)]
#[template(path = "outbox/show.html")]
struct MessagePage {
    ctx: PageCtx,
    email: EmailRow,
    raw: Option<String>,
    error: Option<String>,
}

fn row(ctx: &PageCtx, email: &mekong_app::mail::EmailRecord) -> EmailRow {
    EmailRow {
        href: format!("/admin/outbox/{}", email.id),
        recipient: email.recipient.clone(),
        subject: email.subject.clone(),
        language: email.language.clone(),
        status: ctx.t(&format!("email-status-{}", email.status)),
        created: ctx.tr.instant(email.created_at),
    }
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let emails = state.app.outbox(&ctx.actor).await?.iter().map(|e| row(&ctx, e)).collect();
    Ok(render(&OutboxPage { ctx, emails }))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(email): Path<String>,
) -> Result<Response, WebError> {
    let id = uuid::Uuid::parse_str(&email).map(EmailId).map_err(|_| WebError(AppError::NotFound))?;
    let (record, raw) = state.app.outbox_message(&ctx.actor, id).await?;
    Ok(render(&MessagePage { email: row(&ctx, &record), error: record.last_error, raw, ctx }))
}
