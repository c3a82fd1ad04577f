//! Calls for applications as JSON: the calls the caller may see and one call's terms; a call's
//! applications for its managers; one application for its owner or its committee (evaluators
//! never get sensitive documents); and an application's scores as the reader may see them.

use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::recruitment::call_id;
use axum::Json;
use axum::extract::{Path, State};
use mekong_app::AppError;
use mekong_app::recruitment::{CallView, Reader};
use mekong_core::ids::ApplicationId;
use mekong_core::recruitment::{Application, ApplicationDocument, Channel, Declaration, Evaluation};
use serde::Serialize;
use utoipa::ToSchema;

/// A call for applications, as listed.
#[derive(Serialize, ToSchema)]
pub struct CallDto {
    id: String,
    /// The prefix of its receipt numbers (`RVASE`).
    code: String,
    /// In the caller's language (then English, then French).
    title: String,
    place: String,
    /// `draft`, `not_yet_open`, `open`, `closed`.
    phase: String,
    /// The deadline instant, RFC 3339 in UTC.
    deadline: String,
    /// The deadline as the call states it, in its zone (`2025-11-30T23:59:59`).
    deadline_local: String,
    time_zone: String,
    /// What the caller is to the call: `manager`, `evaluator`, `applicant` or none.
    seat: Option<String>,
    version: i32,
}

/// A document the call asks for, and when.
#[derive(Serialize, ToSchema)]
pub struct RequiredDocumentDto {
    /// `cover_letter`, `cv`, `identity_document`, `certified_diplomas`, `medical_certificate`, `other`.
    kind: String,
    /// `application` or `before_interview`.
    stage: String,
}

/// An award criterion and its weight.
#[derive(Serialize, ToSchema)]
pub struct AwardCriterionDto {
    label: String,
    weight: u32,
}

/// A call with its terms, documents, dates and evaluation grid.
#[derive(Serialize, ToSchema)]
pub struct CallDetailDto {
    call: CallDto,
    terms: String,
    contract: String,
    duration_months: Option<u32>,
    renewable: bool,
    /// The language files must be written in.
    file_language: String,
    web_form: bool,
    email_addresses: Vec<String>,
    opens: String,
    interviews_from: Option<String>,
    interviews_to: Option<String>,
    starts: Option<String>,
    documents: Vec<RequiredDocumentDto>,
    eligibility: Vec<String>,
    award: Vec<AwardCriterionDto>,
}

fn call_dto(view: &CallView, ctx: &PageCtx) -> CallDto {
    let call = &view.call;
    let seat = match (view.seat.manages, view.seat.evaluates, view.seat.applied) {
        (true, _, _) => Some("manager"),
        (false, true, _) => Some("evaluator"),
        (false, false, true) => Some("applicant"),
        _ => None,
    };
    CallDto {
        id: call.id.to_string(),
        code: call.code.clone(),
        title: call.title.get(ctx.tr.lang).to_owned(),
        place: call.place.clone(),
        phase: view.phase.code().to_owned(),
        deadline: call.deadline.instant.to_string(),
        deadline_local: call.deadline.local.to_string(),
        time_zone: call.deadline.time_zone.clone(),
        seat: seat.map(str::to_owned),
        version: call.version,
    }
}

#[utoipa::path(get, path = "/api/v1/calls", tag = "recruitment", operation_id = "list_calls",
    responses((status = 200, description = "The open calls, and, signed in, those the caller manages, evaluates or applied to", body = [CallDto])))]
pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Json<Vec<CallDto>>, WebError> {
    let calls = state.app.calls(&ctx.actor).await?;
    Ok(Json(calls.iter().map(|view| call_dto(view, &ctx)).collect()))
}

#[utoipa::path(get, path = "/api/v1/calls/{call}", tag = "recruitment", operation_id = "get_call",
    params(("call" = String, Path, description = "The call's id")),
    responses((status = 200, description = "The call (a draft to its committee only)", body = CallDetailDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<CallDetailDto>, WebError> {
    let view = state.app.call(&ctx.actor, call_id(&id)?).await?;
    let call = &view.call;
    let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
    Ok(Json(CallDetailDto {
        terms: call.terms.get(ctx.tr.lang).to_owned(),
        contract: call.contract.clone(),
        duration_months: call.duration_months,
        renewable: call.renewable,
        file_language: call.file_language.code().to_owned(),
        web_form: call.receiving.web_form,
        email_addresses: call.receiving.email_addresses.iter().map(ToString::to_string).collect(),
        opens: call.opens.to_string(),
        interviews_from: date(call.interviews_from),
        interviews_to: date(call.interviews_to),
        starts: date(call.starts),
        documents: call
            .documents
            .iter()
            .map(|d| RequiredDocumentDto { kind: d.kind.code().to_owned(), stage: d.stage.code().to_owned() })
            .collect(),
        eligibility: call.eligibility.iter().map(|c| c.label.clone()).collect(),
        award: call.award.iter().map(|c| AwardCriterionDto { label: c.label.clone(), weight: c.weight }).collect(),
        call: call_dto(&view, &ctx),
    }))
}

/// An application to a call.
#[derive(Serialize, ToSchema)]
pub struct ApplicationDto {
    id: String,
    /// `RVASE-2025-0042`.
    receipt: String,
    /// Empty once the applicant's personal data is erased.
    name: String,
    email: String,
    /// The language letters to the applicant are written in.
    language: String,
    /// `web_form`, `email`, `by_hand`.
    channel: String,
    /// RFC 3339 in UTC: the form's submission, the receiving server's time, or as recorded by hand.
    received_at: String,
    /// Received after the deadline (kept, and flagged).
    late: bool,
    /// `received`, `shortlisted`, `not_shortlisted`, `selected`, `reserve`, `not_selected`, `withdrawn`.
    status: String,
    version: i32,
}

fn application_dto(application: &Application) -> ApplicationDto {
    ApplicationDto {
        id: application.id.to_string(),
        receipt: application.receipt.clone(),
        name: application.name.clone(),
        email: application.email.to_string(),
        language: application.language.code().to_owned(),
        channel: match application.channel {
            Channel::WebForm => "web_form",
            Channel::Email => "email",
            Channel::ByHand => "by_hand",
        }
        .to_owned(),
        received_at: application.received_at.to_string(),
        late: application.late,
        status: application.status.code().to_owned(),
        version: application.version,
    }
}

#[utoipa::path(get, path = "/api/v1/calls/{call}/applications", tag = "recruitment",
    operation_id = "list_call_applications", security(("bearer" = [])),
    params(("call" = String, Path, description = "The call's id")),
    responses((status = 200, description = "The call's applications in the order received: its managers only", body = [ApplicationDto]),
        (status = 403, body = super::ApiErrorDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn applications(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<Vec<ApplicationDto>>, WebError> {
    let (_, applications) = state.app.call_applications(&ctx.actor, call_id(&id)?).await?;
    Ok(Json(applications.iter().map(application_dto).collect()))
}

/// A document of an application (its bytes are opened on the pages, each opening recorded).
#[derive(Serialize, ToSchema)]
pub struct DocumentDto {
    id: String,
    kind: String,
    name: String,
    content_type: String,
    size: i64,
    uploaded_at: String,
    /// Identity documents and medical certificates.
    sensitive: bool,
}

fn document_dto(document: &ApplicationDocument) -> DocumentDto {
    DocumentDto {
        id: document.id.to_string(),
        kind: document.kind.code().to_owned(),
        name: document.name.clone(),
        content_type: document.content_type.clone(),
        size: document.size,
        uploaded_at: document.uploaded_at.to_string(),
        sensitive: document.kind.sensitive(),
    }
}

/// An application with the documents its reader may see.
#[derive(Serialize, ToSchema)]
pub struct ApplicationDetailDto {
    application: ApplicationDto,
    /// `owner` or `committee`.
    reader: String,
    documents: Vec<DocumentDto>,
    /// Sensitive documents held back from this reader (an evaluator).
    withheld: usize,
}

fn application_ids(call: &str, application: &str) -> Result<(mekong_core::ids::CallId, ApplicationId), WebError> {
    let application =
        uuid::Uuid::parse_str(application).map(ApplicationId).map_err(|_| WebError(AppError::NotFound))?;
    Ok((call_id(call)?, application))
}

#[utoipa::path(get, path = "/api/v1/calls/{call}/applications/{application}", tag = "recruitment",
    operation_id = "get_call_application", security(("bearer" = [])),
    params(("call" = String, Path, description = "The call's id"), ("application" = String, Path, description = "The application's id")),
    responses((status = 200, description = "The application, for its owner or the call's committee; evaluators see no sensitive document, nor any before declaring no conflict", body = ApplicationDetailDto),
        (status = 403, body = super::ApiErrorDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn application(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((call, application)): Path<(String, String)>,
) -> Result<Json<ApplicationDetailDto>, WebError> {
    let (call, application) = application_ids(&call, &application)?;
    let read = state.app.read_application(&ctx.actor, call, application).await?;
    Ok(Json(ApplicationDetailDto {
        application: application_dto(&read.application),
        reader: match read.reader {
            Reader::Owner => "owner",
            Reader::Committee => "committee",
        }
        .to_owned(),
        documents: read.documents.iter().map(document_dto).collect(),
        withheld: read.withheld,
    }))
}

/// One evaluator's assessment.
#[derive(Serialize, ToSchema)]
pub struct EvaluationDto {
    evaluator: String,
    /// `no_conflict` or `conflict`.
    declaration: String,
    /// One answer per eligibility criterion, in the grid's order.
    eligibility: Vec<bool>,
    /// One score (0 to 10) per award criterion, in the grid's order.
    scores: Vec<u32>,
    comments: Vec<String>,
    /// RFC 3339; none while the evaluator has not submitted.
    submitted_at: Option<String>,
}

fn evaluation_dto(evaluation: &Evaluation) -> EvaluationDto {
    EvaluationDto {
        evaluator: evaluation.evaluator.to_string(),
        declaration: match evaluation.declaration {
            Declaration::NoConflict => "no_conflict",
            Declaration::Conflict => "conflict",
        }
        .to_owned(),
        eligibility: evaluation.eligibility.clone(),
        scores: evaluation.scores.clone(),
        comments: evaluation.comments.clone(),
        submitted_at: evaluation.submitted_at.map(|t| t.to_string()),
    }
}

/// The scores of an application as the reader may see them.
#[derive(Serialize, ToSchema)]
pub struct ScoresDto {
    /// The reader's own evaluation, if they started one.
    own: Option<EvaluationDto>,
    /// The others' submitted evaluations: to managers, and to an evaluator once theirs is in.
    others: Vec<EvaluationDto>,
}

#[utoipa::path(get, path = "/api/v1/calls/{call}/applications/{application}/scores", tag = "recruitment",
    operation_id = "get_application_scores", security(("bearer" = [])),
    params(("call" = String, Path, description = "The call's id"), ("application" = String, Path, description = "The application's id")),
    responses((status = 200, description = "The scores: blind until the reader's own are submitted", body = ScoresDto),
        (status = 403, body = super::ApiErrorDto), (status = 404, body = super::ApiErrorDto)))]
pub async fn scores(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((call, application)): Path<(String, String)>,
) -> Result<Json<ScoresDto>, WebError> {
    let (call, application) = application_ids(&call, &application)?;
    let detail = state.app.application_detail(&ctx.actor, call, application).await?;
    Ok(Json(ScoresDto {
        own: detail.evaluations.own.as_ref().map(evaluation_dto),
        others: detail.evaluations.others.iter().map(evaluation_dto).collect(),
    }))
}
