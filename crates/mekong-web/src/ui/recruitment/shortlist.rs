//! The shortlist page of a call's managers: the ranking with a box per application and the
//! justification; then the second stage's deadline (typed in the call's zone) and, per
//! shortlisted candidate, the documents they sent and the managers' check of them.

use super::{call_id, kind_label};
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
use mekong_app::recruitment::ShortlistView;
use mekong_core::ids::{ApplicationId, CallId};
use mekong_core::recruitment::{ApplicationStatus, unambiguous};
use mekong_core::recruitment_procedure::{ShortlistDraft, StageTwoDraft};
use mekong_core::validation::FieldErrors;

/// One application of the ranking, with its box.
pub struct ShortlistRow {
    pub id: String,
    pub href: String,
    pub receipt: String,
    pub name: String,
    pub mean: String,
    pub eligible: bool,
    pub checked: bool,
    pub status: String,
}

/// One shortlisted candidate's second stage.
pub struct StageTwoRow {
    pub id: String,
    pub href: String,
    pub receipt: String,
    pub name: String,
    pub sent: Vec<String>,
    pub missing: Vec<String>,
    pub certified: bool,
    pub identity_valid: bool,
    pub note: String,
    pub checked: String,
}

#[derive(Template)]
#[template(path = "recruitment/shortlist.html")]
struct ShortlistPage {
    ctx: PageCtx,
    id: String,
    title: String,
    rows: Vec<ShortlistRow>,
    /// The shortlist may still be (re)decided: the second stage is not requested yet.
    open: bool,
    decided: Option<(String, String)>,
    justification: String,
    time_zone: String,
    stage_two: Option<String>,
    stage_two_date: String,
    stage_two_time: String,
    candidates: Vec<StageTwoRow>,
    errors: FieldErrors,
}

/// What was typed, kept when a form is refused.
#[derive(Default)]
struct Typed {
    chosen: Option<Vec<String>>,
    justification: String,
    stage_two_date: String,
    stage_two_time: String,
}

fn hundredths(value: Option<u64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{}.{:02}", v / 100, v % 100))
}

fn status_label(ctx: &PageCtx, status: ApplicationStatus) -> String {
    ctx.t(&format!("application-status-{}", status.code().replace('_', "-")))
}

fn shortlist_page(ctx: PageCtx, view: ShortlistView, typed: Typed, errors: FieldErrors) -> ShortlistPage {
    let call = &view.call;
    let procedure = &view.procedure;
    let zone = &call.deadline.time_zone;
    let rows = view
        .ranked
        .iter()
        .map(|(a, s)| ShortlistRow {
            id: a.id.to_string(),
            href: format!("/calls/{}/applications/{}", call.id, a.id),
            receipt: a.receipt.clone(),
            name: a.name.clone(),
            mean: hundredths(s.mean),
            eligible: s.eligible,
            checked: typed
                .chosen
                .as_ref()
                .map_or(a.status == ApplicationStatus::Shortlisted, |chosen| chosen.contains(&a.id.to_string())),
            status: status_label(&ctx, a.status),
        })
        .collect();
    let required = call.required_at(mekong_core::recruitment::Stage::BeforeInterview);
    let candidates = view
        .stage_two
        .iter()
        .map(|(a, sent, check)| StageTwoRow {
            id: a.id.to_string(),
            href: format!("/calls/{}/applications/{}", call.id, a.id),
            receipt: a.receipt.clone(),
            name: a.name.clone(),
            sent: sent.iter().map(|k| kind_label(&ctx, *k)).collect(),
            missing: required.iter().filter(|k| !sent.contains(k)).map(|k| kind_label(&ctx, *k)).collect(),
            certified: check.as_ref().is_some_and(|c| c.certified),
            identity_valid: check.as_ref().is_some_and(|c| c.identity_valid),
            note: check.as_ref().map(|c| c.note.clone()).unwrap_or_default(),
            checked: check.as_ref().map(|c| ctx.tr.instant(c.checked_at)).unwrap_or_default(),
        })
        .collect();
    let stage_two_local = procedure.stage_two.as_ref().map(|d| d.local);
    ShortlistPage {
        id: call.id.to_string(),
        title: call.title.get(ctx.tr.lang).to_owned(),
        rows,
        open: procedure.stage_two.is_none() && procedure.decision.is_none(),
        decided: procedure.shortlist.as_ref().map(|s| (s.justification.clone(), ctx.tr.instant(s.decided_at))),
        justification: typed.justification,
        time_zone: zone.clone(),
        stage_two: procedure.stage_two.as_ref().map(|d| unambiguous(&d.in_zone(zone))),
        stage_two_date: if typed.stage_two_date.is_empty() {
            stage_two_local.map(|l| l.date().to_string()).unwrap_or_default()
        } else {
            typed.stage_two_date
        },
        stage_two_time: if typed.stage_two_time.is_empty() {
            stage_two_local.map(|l| l.time().strftime("%H:%M:%S").to_string()).unwrap_or_else(|| "23:59:59".into())
        } else {
            typed.stage_two_time
        },
        candidates,
        errors,
        ctx,
    }
}

async fn respond(
    state: &AppState,
    ctx: PageCtx,
    jar: CookieJar,
    call: CallId,
    result: Result<(), AppError>,
    typed: Typed,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(redirect_with_flash(&format!("/calls/{call}/shortlist"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let view = state.app.shortlist_view(&ctx.actor, call).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &shortlist_page(ctx, view, typed, errors)))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let view = state.app.shortlist_view(&ctx.actor, call_id(&id)?).await?;
    Ok(render_with_status(StatusCode::OK, &shortlist_page(ctx, view, Typed::default(), FieldErrors::default())))
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
    let draft = ShortlistDraft {
        chosen: fields.0.iter().filter(|(k, _)| k == "chosen").map(|(_, v)| v.clone()).collect(),
        justification: fields.get("justification"),
    };
    let result = state.app.decide_shortlist(&ctx.actor, call, &draft).await;
    let typed = Typed { chosen: Some(draft.chosen), justification: draft.justification, ..Typed::default() };
    respond(&state, ctx, jar, call, result, typed).await
}

pub async fn request_stage_two(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let call = call_id(&id)?;
    let fields = Fields(fields);
    let draft = StageTwoDraft { date: fields.get("stage_two_date"), time: fields.get("stage_two_time") };
    let result = state.app.request_stage_two(&ctx.actor, call, &draft).await;
    let typed = Typed { stage_two_date: draft.date, stage_two_time: draft.time, ..Typed::default() };
    respond(&state, ctx, jar, call, result, typed).await
}

pub async fn check(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, application)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let call = call_id(&id)?;
    let application = application_id(&application)?;
    let fields = Fields(fields);
    let result = state
        .app
        .check_stage_two(
            &ctx.actor,
            call,
            application,
            !fields.get("certified").is_empty(),
            !fields.get("identity_valid").is_empty(),
            &fields.get("note"),
        )
        .await;
    respond(&state, ctx, jar, call, result, Typed::default()).await
}

pub(crate) fn application_id(raw: &str) -> Result<ApplicationId, WebError> {
    uuid::Uuid::parse_str(raw).map(ApplicationId).map_err(|_| WebError(AppError::NotFound))
}
