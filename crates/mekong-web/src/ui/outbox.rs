//! The outgoing mail, for admins: what was sent, to whom, and the message itself; and the jobs
//! given up after their last attempt, with the error that ended them.

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
    /// Why the last attempt failed, while it is retried or once it was given up.
    pub error: Option<String>,
}

/// A job given up after its last attempt (the worker carries on without it).
pub struct GivenUpRow {
    pub kind: String,
    pub attempts: i32,
    pub error: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "outbox/list.html")]
struct OutboxPage {
    ctx: PageCtx,
    emails: Vec<EmailRow>,
    given_up: Vec<GivenUpRow>,
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
        error: email.last_error.clone().filter(|_| email.status != "sent"),
    }
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let emails = state.app.outbox(&ctx.actor).await?.iter().map(|e| row(&ctx, e)).collect();
    let given_up = state
        .app
        .given_up_jobs(&ctx.actor)
        .await?
        .into_iter()
        .map(|job| GivenUpRow {
            kind: ctx.t(&format!("job-kind-{}", job.kind)),
            attempts: job.attempts,
            error: job.last_error,
            created: ctx.tr.instant(job.created_at),
        })
        .collect();
    Ok(render(&OutboxPage { ctx, emails, given_up }))
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
