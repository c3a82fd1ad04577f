//! The interviews: the committee's page of slots (the managers propose them, in the call's
//! zone) and candidates, one candidate's interview with its scoring form (blind until one's own
//! scores are in), and the booking of a slot from the candidate's personal page.

use super::call_id;
use super::shortlist::application_id;
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::posted::Fields;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::recruitment::ApplicantStage;
use mekong_core::ids::CallId;
use mekong_core::recruitment::{Call, MAX_SCORE, unambiguous, weighted_score};
use mekong_core::recruitment_procedure::{InterviewScore, InterviewSlot, SlotDraft};
use mekong_core::validation::FieldErrors;

/// A slot as shown: its times in the call's zone, its place, who booked it.
pub struct SlotLine {
    pub id: String,
    pub when: String,
    pub place: String,
    pub booked: String,
}

fn slot_when(slot: &InterviewSlot, time_zone: &str) -> String {
    let zone = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    format!(
        "{} – {}",
        unambiguous(&slot.starts.to_zoned_datetime(zone.clone())),
        slot.ends.to_zoned_datetime(zone).strftime("%H:%M")
    )
}

fn slot_line(slot: &InterviewSlot, time_zone: &str, booked: String) -> SlotLine {
    SlotLine { id: slot.id.to_string(), when: slot_when(slot, time_zone), place: slot.place.clone(), booked }
}

/// The second stage and the interview on the applicant's personal page.
pub struct StageLines {
    pub stage_two_deadline: Option<String>,
    pub stage_two_open: bool,
    pub free_slots: Vec<SlotLine>,
    pub booked: Option<SlotLine>,
}

pub(super) fn stage_lines(stage: &ApplicantStage) -> StageLines {
    StageLines {
        stage_two_deadline: stage.stage_two_deadline.clone(),
        stage_two_open: stage.stage_two_open,
        free_slots: stage.free_slots.iter().map(|s| slot_line(s, &stage.time_zone, String::new())).collect(),
        booked: stage.booked.as_ref().map(|s| slot_line(s, &stage.time_zone, String::new())),
    }
}

/// A candidate in the committee's list.
pub struct CandidateLine {
    pub href: String,
    pub receipt: String,
    pub name: String,
    pub scored: bool,
}

#[derive(Template)]
#[template(path = "recruitment/interviews.html")]
struct InterviewsPage {
    ctx: PageCtx,
    id: String,
    title: String,
    time_zone: String,
    slots: Vec<SlotLine>,
    candidates: Vec<CandidateLine>,
    manages: bool,
    draft: SlotDraft,
    errors: FieldErrors,
}

async fn interviews_page(
    state: &AppState,
    ctx: PageCtx,
    call: CallId,
    draft: SlotDraft,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let view = state.app.interviews_view(&ctx.actor, call).await?;
    let zone = view.call.deadline.time_zone.clone();
    let page = InterviewsPage {
        id: view.call.id.to_string(),
        title: view.call.title.get(ctx.tr.lang).to_owned(),
        slots: view
            .slots
            .iter()
            .map(|(slot, booked)| {
                slot_line(slot, &zone, booked.as_ref().map(|a| format!("{} {}", a.receipt, a.name)).unwrap_or_default())
            })
            .collect(),
        candidates: view
            .candidates
            .iter()
            .map(|(a, scored)| CandidateLine {
                href: format!("/calls/{}/interviews/{}", view.call.id, a.id),
                receipt: a.receipt.clone(),
                name: a.name.clone(),
                scored: *scored,
            })
            .collect(),
        manages: view.manages,
        time_zone: zone,
        draft,
        errors,
        ctx,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_with_status(status, &page))
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    interviews_page(&state, ctx, call_id(&id)?, SlotDraft::default(), FieldErrors::default()).await
}

pub async fn propose(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let call = call_id(&id)?;
    let fields = Fields(fields);
    let draft = SlotDraft {
        date: fields.get("date"),
        starts: fields.get("starts"),
        ends: fields.get("ends"),
        place: fields.get("place"),
    };
    match state.app.propose_slot(&ctx.actor, call, &draft).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/calls/{call}/interviews"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => interviews_page(&state, ctx, call, draft, errors).await,
        Err(other) => Err(other.into()),
    }
}

/// A member's submitted scores as shown.
pub struct ScoreLine {
    pub weighted: String,
    pub scores: Vec<(String, u32, String)>,
}

fn score_line(call: &Call, score: &InterviewScore) -> ScoreLine {
    ScoreLine {
        weighted: weighted_score(&score.scores, &call.award)
            .map(|h| format!("{}.{:02} / {MAX_SCORE}", h / 100, h % 100))
            .unwrap_or_default(),
        scores: call
            .award
            .iter()
            .zip(&score.scores)
            .zip(&score.comments)
            .map(|((c, s), comment)| (c.label.clone(), *s, comment.clone()))
            .collect(),
    }
}

/// A criterion of the scoring form, with what was typed.
pub struct ScoreField {
    pub index: usize,
    pub label: String,
    pub weight: u32,
    pub score: String,
    pub comment: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "recruitment/interview.html")]
struct InterviewPage {
    ctx: PageCtx,
    id: String,
    title: String,
    application_id: String,
    receipt: String,
    name: String,
    slot: Option<SlotLine>,
    may_score: bool,
    excluded: bool,
    fields: Vec<ScoreField>,
    own: Option<ScoreLine>,
    others: Vec<ScoreLine>,
    errors: FieldErrors,
}

async fn interview_page(
    state: &AppState,
    ctx: PageCtx,
    call: CallId,
    application: mekong_core::ids::ApplicationId,
    typed: (Vec<String>, Vec<String>),
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let view = state.app.interview_view(&ctx.actor, call, application).await?;
    let zone = &view.call.deadline.time_zone;
    let page = InterviewPage {
        id: view.call.id.to_string(),
        title: view.call.title.get(ctx.tr.lang).to_owned(),
        application_id: view.application.id.to_string(),
        receipt: view.application.receipt.clone(),
        name: view.application.name.clone(),
        slot: view.slot.as_ref().map(|s| slot_line(s, zone, String::new())),
        may_score: view.own.is_none() && !view.excluded,
        excluded: view.excluded,
        fields: view
            .call
            .award
            .iter()
            .enumerate()
            .map(|(index, c)| ScoreField {
                index,
                label: c.label.clone(),
                weight: c.weight,
                score: typed.0.get(index).cloned().unwrap_or_default(),
                comment: typed.1.get(index).cloned().unwrap_or_default(),
                error: ctx.field_error(&errors, &format!("score_{index}")),
            })
            .collect(),
        own: view.own.as_ref().map(|s| score_line(&view.call, s)),
        others: view.others.iter().map(|s| score_line(&view.call, s)).collect(),
        errors,
        ctx,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_with_status(status, &page))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, application)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (call, application) = (call_id(&id)?, application_id(&application)?);
    interview_page(&state, ctx, call, application, (Vec::new(), Vec::new()), FieldErrors::default()).await
}

pub async fn score(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, application)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (call, application) = (call_id(&id)?, application_id(&application)?);
    let fields = Fields(fields);
    let indexed = |prefix: &str| (0..50).map(|i| fields.get(&format!("{prefix}_{i}"))).collect::<Vec<String>>();
    let (scores, comments) = (indexed("score"), indexed("comment"));
    match state.app.submit_interview_scores(&ctx.actor, call, application, &scores, &comments).await {
        Ok(()) => {
            let to = format!("/calls/{call}/interviews/{application}");
            Ok(redirect_with_flash(&to, "flash-saved", jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => {
            interview_page(&state, ctx, call, application, (scores, comments), errors).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The candidate books a slot from their personal page.
pub async fn book(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(link): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = Fields(fields);
    match state.app.book_interview(&link, &fields.get("slot")).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/applications/{link}"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let view = state.app.applicant_view(&link).await?;
            let page = super::applying::applicant_page(ctx, &link, &view, errors);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}
