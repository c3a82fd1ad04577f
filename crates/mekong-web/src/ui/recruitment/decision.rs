//! The decision page of a call's managers (the shortlisted with their file and interview
//! means; the selected candidate, the reserve list and the reasons), and the evaluation report.

use super::call_id;
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::organisations::download;
use crate::ui::posted::Fields;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_core::ids::CallId;
use mekong_core::recruitment_procedure::DecisionDraft;
use mekong_core::validation::FieldErrors;

/// A candidate the decision may name.
pub struct DecisionRow {
    pub id: String,
    pub href: String,
    pub receipt: String,
    pub name: String,
    pub file_mean: String,
    pub interview_mean: String,
    pub status: String,
    pub selected: bool,
    pub reserve: bool,
}

#[derive(Template)]
#[template(path = "recruitment/decision.html")]
struct DecisionPage {
    ctx: PageCtx,
    id: String,
    title: String,
    rows: Vec<DecisionRow>,
    decided: Option<(String, String)>,
    shortlisted: bool,
    reasons: String,
    errors: FieldErrors,
}

fn hundredths(value: Option<u64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{}.{:02}", v / 100, v % 100))
}

async fn decision_page(
    state: &AppState,
    ctx: PageCtx,
    call: CallId,
    typed: &DecisionDraft,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let view = state.app.decision_view(&ctx.actor, call).await?;
    let decision = view.procedure.decision.as_ref();
    let rows = view
        .candidates
        .iter()
        .map(|(a, standing, interview)| {
            let id = a.id.to_string();
            DecisionRow {
                href: format!("/calls/{}/interviews/{}", view.call.id, a.id),
                receipt: a.receipt.clone(),
                name: a.name.clone(),
                file_mean: hundredths(standing.mean),
                interview_mean: hundredths(*interview),
                status: ctx.t(&format!("application-status-{}", a.status.code().replace('_', "-"))),
                selected: decision.map_or(typed.selected == id, |d| d.selected == a.id),
                reserve: decision.map_or(typed.reserve.contains(&id), |d| d.reserve.contains(&a.id)),
                id,
            }
        })
        .collect();
    let page = DecisionPage {
        id: view.call.id.to_string(),
        title: view.call.title.get(ctx.tr.lang).to_owned(),
        rows,
        decided: decision.map(|d| (d.reasons.clone(), ctx.tr.instant(d.decided_at))),
        shortlisted: view.procedure.shortlist.is_some(),
        reasons: typed.reasons.clone(),
        errors,
        ctx,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_with_status(status, &page))
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    decision_page(&state, ctx, call_id(&id)?, &DecisionDraft::default(), FieldErrors::default()).await
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let call = call_id(&id)?;
    let fields = Fields(fields);
    let draft = DecisionDraft {
        selected: fields.get("selected"),
        reserve: fields.0.iter().filter(|(k, _)| k == "reserve").map(|(_, v)| v.clone()).collect(),
        reasons: fields.get("reasons"),
    };
    match state.app.decide(&ctx.actor, call, &draft).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/calls/{call}/decision"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => decision_page(&state, ctx, call, &draft, errors).await,
        Err(other) => Err(other.into()),
    }
}

pub async fn report(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let bytes = state.app.evaluation_report(&ctx.actor, call_id(&id)?, ctx.tr.lang).await?;
    Ok(download(bytes, "application/pdf", "evaluation-report.pdf"))
}
