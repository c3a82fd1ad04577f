//! The recruitment pages: the list of calls, a call's public page (in the visitor's language,
//! the deadline in the call's zone and the visitor's), the call's form for its managers and its
//! committee. Applying and the applications are in `applying`.

pub mod applying;
pub mod decision;
pub mod export;
pub mod intake;
pub mod interviews;
pub mod personal_data;
pub mod shortlist;

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::finance::Pick;
use crate::ui::posted::Fields;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::recruitment::{CallView, CommitteeMember};
use mekong_core::Lang;
use mekong_core::ids::{CallId, UserId};
use mekong_core::recruitment::{Call, CallDraft, CallPhase, DocumentKind, Stage, unambiguous};
use mekong_core::validation::FieldErrors;

pub(crate) fn call_id(raw: &str) -> Result<CallId, WebError> {
    uuid::Uuid::parse_str(raw).map(CallId).map_err(|_| WebError(AppError::NotFound))
}

fn phase_label(ctx: &PageCtx, phase: CallPhase) -> String {
    ctx.t(&format!("call-phase-{}", phase.code().replace('_', "-")))
}

pub(crate) fn kind_label(ctx: &PageCtx, kind: DocumentKind) -> String {
    ctx.t(&format!("recruitment-document-{}", kind.code().replace('_', "-")))
}

pub(crate) use crate::ui::deadlines::DeadlineLines;

pub(crate) fn deadline_lines(ctx: &PageCtx, call: &Call) -> DeadlineLines {
    DeadlineLines::of(ctx, &call.deadline)
}

/// One call in the list.
pub struct CallRow {
    pub href: String,
    pub title: String,
    pub place: String,
    pub phase: String,
    pub phase_code: &'static str,
    pub deadline: String,
    pub seat: String,
}

fn call_row(ctx: &PageCtx, view: &CallView) -> CallRow {
    let seat = match (view.seat.manages, view.seat.evaluates, view.seat.applied) {
        (true, _, _) => ctx.t("call-seat-manager"),
        (false, true, _) => ctx.t("call-seat-evaluator"),
        (false, false, true) => ctx.t("call-seat-applicant"),
        _ => String::new(),
    };
    CallRow {
        href: format!("/calls/{}", view.call.id),
        title: view.call.title.get(ctx.tr.lang).to_owned(),
        place: view.call.place.clone(),
        phase: phase_label(ctx, view.phase),
        phase_code: view.phase.code(),
        deadline: unambiguous(&view.call.deadline.in_zone(&view.call.deadline.time_zone)),
        seat,
    }
}

#[derive(Template)]
#[template(path = "recruitment/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<CallRow>,
    can_create: bool,
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let calls = state.app.calls(&ctx.actor).await?;
    Ok(render(&ListPage {
        rows: calls.iter().map(|c| call_row(&ctx, c)).collect(),
        can_create: state.app.creates_calls(&ctx.actor),
        ctx,
    }))
}

/// A document the call asks for, with its stage.
pub struct RequiredLine {
    pub label: String,
    pub sensitive: bool,
}

#[derive(Template)]
#[template(path = "recruitment/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    title: String,
    terms: String,
    place: String,
    contract: String,
    duration: String,
    phase: String,
    phase_code: &'static str,
    open: bool,
    web_form: bool,
    emails: Vec<String>,
    file_language: String,
    opens: String,
    deadline: DeadlineLines,
    interviews: String,
    starts: String,
    stage_one: Vec<RequiredLine>,
    stage_two: Vec<RequiredLine>,
    eligibility: Vec<String>,
    award: Vec<(String, u32)>,
    manages: bool,
    evaluates: bool,
}

fn date_text(ctx: &PageCtx, date: Option<jiff::civil::Date>) -> String {
    date.map(|d| mekong_i18n::format_date(ctx.tr.lang, d)).unwrap_or_default()
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let view = state.app.call(&ctx.actor, call_id(&id)?).await?;
    let call = &view.call;
    let lines = |stage: Stage| {
        call.required_at(stage)
            .into_iter()
            .map(|kind| RequiredLine { label: kind_label(&ctx, kind), sensitive: kind.sensitive() })
            .collect::<Vec<_>>()
    };
    let duration = match (call.duration_months, call.renewable) {
        (Some(months), renewable) => ctx.tr.t_with(
            if renewable { "call-duration-renewable" } else { "call-duration-not-renewable" },
            &[("months", mekong_i18n::Arg::from(i64::from(months)))],
        ),
        (None, _) => String::new(),
    };
    let interviews = match (call.interviews_from, call.interviews_to) {
        (Some(from), Some(to)) => format!("{} – {}", date_text(&ctx, Some(from)), date_text(&ctx, Some(to))),
        (from, to) => date_text(&ctx, from.or(to)),
    };
    let page = ShowPage {
        id: call.id.to_string(),
        title: call.title.get(ctx.tr.lang).to_owned(),
        terms: call.terms.get(ctx.tr.lang).to_owned(),
        place: call.place.clone(),
        contract: call.contract.clone(),
        duration,
        phase: phase_label(&ctx, view.phase),
        phase_code: view.phase.code(),
        open: view.phase == CallPhase::Open,
        web_form: call.receiving.web_form,
        emails: call.receiving.email_addresses.iter().map(ToString::to_string).collect(),
        file_language: call.file_language.endonym().to_owned(),
        opens: date_text(&ctx, Some(call.opens)),
        deadline: deadline_lines(&ctx, call),
        interviews,
        starts: date_text(&ctx, call.starts),
        stage_one: lines(Stage::Application),
        stage_two: lines(Stage::BeforeInterview),
        eligibility: call.eligibility.iter().map(|c| c.label.clone()).collect(),
        award: call.award.iter().map(|c| (c.label.clone(), c.weight)).collect(),
        manages: view.seat.manages,
        evaluates: view.seat.evaluates,
        ctx,
    };
    Ok(render(&page))
}

/// A document kind with the stage chosen for it in the form.
pub struct DocumentChoice {
    pub code: &'static str,
    pub label: String,
    pub stages: Vec<Pick>,
}

#[derive(Template)]
#[template(path = "recruitment/form.html")]
struct FormPage {
    ctx: PageCtx,
    action: String,
    is_new: bool,
    version: i32,
    draft: CallDraft,
    documents: Vec<DocumentChoice>,
    languages: Vec<Pick>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

fn form_page(ctx: PageCtx, id: Option<CallId>, version: i32, draft: CallDraft, errors: FieldErrors) -> FormPage {
    let documents = DocumentKind::ALL
        .iter()
        .map(|kind| {
            let current = draft.stage_of(*kind).to_owned();
            DocumentChoice {
                code: kind.code(),
                label: kind_label(&ctx, *kind),
                stages: vec![
                    Pick::new("", ctx.t("call-stage-none"), &current),
                    Pick::new(Stage::Application.code(), ctx.t("call-stage-application"), &current),
                    Pick::new(Stage::BeforeInterview.code(), ctx.t("call-stage-before-interview"), &current),
                ],
            }
        })
        .collect();
    let languages = Lang::ALL.iter().map(|l| Pick::new(l.code(), l.endonym(), draft.file_language.as_str())).collect();
    FormPage {
        action: id.map_or_else(|| "/calls".to_owned(), |id| format!("/calls/{id}")),
        is_new: id.is_none(),
        version,
        draft,
        documents,
        languages,
        errors,
        conflict: None,
        ctx,
    }
}

fn read_draft(fields: &Fields) -> CallDraft {
    CallDraft {
        code: fields.get("code"),
        organisation: fields.get("organisation"),
        title_fr: fields.get("title_fr"),
        title_en: fields.get("title_en"),
        terms_fr: fields.get("terms_fr"),
        terms_en: fields.get("terms_en"),
        place: fields.get("place"),
        contract: fields.get("contract"),
        duration_months: fields.get("duration_months"),
        renewable: fields.checked("renewable"),
        documents: DocumentKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), fields.get(&format!("stage_{}", k.code()))))
            .collect(),
        file_language: fields.get("file_language"),
        web_form: fields.checked("web_form"),
        email_addresses: fields.get("email_addresses"),
        opens: fields.get("opens"),
        deadline_date: fields.get("deadline_date"),
        deadline_time: fields.get("deadline_time"),
        time_zone: fields.get("time_zone"),
        interviews_from: fields.get("interviews_from"),
        interviews_to: fields.get("interviews_to"),
        starts: fields.get("starts"),
        eligibility: fields.get("eligibility"),
        award: fields.get("award"),
        published: fields.checked("published"),
    }
}

pub async fn new_form(ctx: PageCtx) -> Result<Response, WebError> {
    let draft = CallDraft {
        time_zone: ctx.tr.time_zone.clone(),
        deadline_time: "23:59:59".into(),
        web_form: true,
        file_language: "fr".into(),
        ..CallDraft::default()
    };
    Ok(render(&form_page(ctx, None, 0, draft, FieldErrors::default())))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let draft = read_draft(&Fields(fields));
    match state.app.create_call(&ctx.actor, &draft).await {
        Ok(id) => Ok(redirect_with_flash(&format!("/calls/{id}"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let page = form_page(ctx, None, 0, draft, errors);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let call = state.app.call_for_edit(&ctx.actor, call_id(&id)?).await?;
    Ok(render(&form_page(ctx, Some(call.id), call.version, CallDraft::of(&call), FieldErrors::default())))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = call_id(&id)?;
    let fields = Fields(fields);
    let version: i32 = fields.get("version").trim().parse().unwrap_or(0);
    let draft = read_draft(&fields);
    match state.app.update_call(&ctx.actor, id, version, &draft).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/calls/{id}"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let page = form_page(ctx, Some(id), version, draft, errors);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(AppError::Conflict) => {
            let saved = state.app.call_for_edit(&ctx.actor, id).await?;
            let saved_draft = CallDraft::of(&saved);
            let compared = |d: &CallDraft| {
                vec![
                    ("call-field-title-fr", d.title_fr.clone()),
                    ("call-field-title-en", d.title_en.clone()),
                    ("call-field-place", d.place.clone()),
                    ("call-field-deadline", format!("{} {} {}", d.deadline_date, d.deadline_time, d.time_zone)),
                    ("call-field-award", d.award.clone()),
                ]
            };
            let conflict = ConflictView::between(&ctx, compared(&draft), compared(&saved_draft));
            let mut page = form_page(ctx, Some(id), saved.version, draft, FieldErrors::default());
            let status = form_status(&page.errors, Some(&conflict));
            page.conflict = Some(conflict);
            Ok(render_with_status(status, &page))
        }
        Err(other) => Err(other.into()),
    }
}

/// One member of the committee as listed.
pub struct MemberRow {
    pub user: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub role_code: &'static str,
}

#[derive(Template)]
#[template(path = "recruitment/committee.html")]
struct CommitteePage {
    ctx: PageCtx,
    id: String,
    title: String,
    members: Vec<MemberRow>,
    email: String,
    errors: FieldErrors,
}

fn member_row(ctx: &PageCtx, member: &CommitteeMember) -> MemberRow {
    MemberRow {
        user: member.user.id.to_string(),
        name: member.user.display_name.clone(),
        email: member.user.email.to_string(),
        role: ctx.t(&format!("role-{}", member.role.code().replace('_', "-"))),
        role_code: member.role.code(),
    }
}

async fn committee_page(
    state: &AppState,
    ctx: PageCtx,
    id: CallId,
    email: String,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let members = state.app.committee(&ctx.actor, id).await?;
    let call = state.app.call_for_edit(&ctx.actor, id).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = CommitteePage {
        id: id.to_string(),
        title: call.title.get(ctx.tr.lang).to_owned(),
        members: members.iter().map(|m| member_row(&ctx, m)).collect(),
        email,
        errors,
        ctx,
    };
    Ok(render_with_status(status, &page))
}

pub async fn committee(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    committee_page(&state, ctx, call_id(&id)?, String::new(), FieldErrors::default()).await
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = call_id(&id)?;
    let fields = Fields(fields);
    let email = fields.get("email");
    match state.app.add_to_committee(&ctx.actor, id, &email, &fields.get("role")).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/calls/{id}/committee"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => committee_page(&state, ctx, id, email, errors).await,
        Err(other) => Err(other.into()),
    }
}

pub async fn remove_member(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = call_id(&id)?;
    let fields = Fields(fields);
    let Ok(user) = uuid::Uuid::parse_str(fields.get("user").trim()).map(UserId) else {
        return committee_page(&state, ctx, id, String::new(), one_error("user", "error-required")).await;
    };
    match state.app.remove_from_committee(&ctx.actor, id, user, &fields.get("role")).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/calls/{id}/committee"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => committee_page(&state, ctx, id, String::new(), errors).await,
        Err(other) => Err(other.into()),
    }
}

pub(crate) fn one_error(field: &str, message: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    errors
}
