//! Applying to a call (the public form with the first stage's documents), the applicant's own
//! page through their personal link, and the committee's list of applications with their
//! documents (sensitive ones to the call's managers only). Every form is plain HTML.

use super::{DeadlineLines, call_id, deadline_lines, kind_label, one_error};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::organisations::download;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::recruitment::{ApplicantView, DocumentUpload, OpenedDocument};
use mekong_core::Lang;
use mekong_core::ids::{ApplicationDocumentId, ApplicationId};
use mekong_core::recruitment::{
    Application, ApplicationDocument, ApplicationDraft, Call, CallPhase, DocumentKind, Stage,
};
use mekong_core::validation::FieldErrors;

/// A form's text fields and its files, as posted.
#[derive(Default)]
struct Posted {
    fields: Vec<(String, String)>,
    files: Vec<DocumentUpload>,
}

impl Posted {
    fn get(&self, name: &str) -> String {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// Reads a multipart form: file fields are named `document_<kind>`. A body that is not
/// multipart reads as an empty form (refused for its input, not for its encoding).
async fn read_posted(multipart: Result<Multipart, MultipartRejection>) -> Posted {
    let mut posted = Posted::default();
    let Ok(mut multipart) = multipart else { return posted };
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(kind) = name.strip_prefix("document_").and_then(DocumentKind::parse) {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            posted.files.push(DocumentUpload { kind, name: file_name, bytes });
            continue;
        }
        let value = field.text().await.unwrap_or_default();
        posted.fields.push((name, value));
    }
    posted
}

/// A document the form asks for.
pub struct UploadLine {
    pub field: String,
    pub label: String,
    pub sensitive: bool,
}

fn upload_lines(ctx: &PageCtx, call: &Call, stage: Stage) -> Vec<UploadLine> {
    call.required_at(stage)
        .into_iter()
        .map(|kind| UploadLine {
            field: format!("document_{}", kind.code()),
            label: kind_label(ctx, kind),
            sensitive: kind.sensitive(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "recruitment/apply.html")]
struct ApplyPage {
    ctx: PageCtx,
    id: String,
    title: String,
    open: bool,
    deadline: DeadlineLines,
    file_language: String,
    uploads: Vec<UploadLine>,
    applicant_name: String,
    email: String,
    languages: Vec<crate::ui::finance::Pick>,
    errors: FieldErrors,
}

fn apply_page(ctx: PageCtx, call: &Call, phase: CallPhase, draft: &ApplicationDraft, errors: FieldErrors) -> ApplyPage {
    let current = if draft.language.is_empty() { ctx.tr.lang.code().to_owned() } else { draft.language.clone() };
    ApplyPage {
        id: call.id.to_string(),
        title: call.title.get(ctx.tr.lang).to_owned(),
        open: phase == CallPhase::Open && call.receiving.web_form,
        deadline: deadline_lines(&ctx, call),
        file_language: call.file_language.endonym().to_owned(),
        uploads: upload_lines(&ctx, call, Stage::Application),
        applicant_name: draft.name.clone(),
        email: draft.email.clone(),
        languages: Lang::ALL.iter().map(|l| crate::ui::finance::Pick::new(l.code(), l.endonym(), &current)).collect(),
        errors,
        ctx,
    }
}

pub async fn apply_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let view = state.app.call(&ctx.actor, call_id(&id)?).await?;
    let draft = ApplicationDraft {
        name: ctx.actor.user.as_ref().map(|u| u.display_name.clone()).unwrap_or_default(),
        email: ctx.actor.user.as_ref().map(|u| u.email.clone()).unwrap_or_default(),
        ..ApplicationDraft::default()
    };
    Ok(render(&apply_page(ctx, &view.call, view.phase, &draft, FieldErrors::default())))
}

#[derive(Template)]
#[template(path = "recruitment/applied.html")]
struct AppliedPage {
    ctx: PageCtx,
    title: String,
    receipt: String,
    link: String,
}

pub async fn apply(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = call_id(&id)?;
    let posted = read_posted(multipart).await;
    let draft = ApplicationDraft {
        name: posted.get("name"),
        email: posted.get("email"),
        language: posted.get("language"),
        consent: !posted.get("consent").is_empty(),
    };
    match state.app.apply(&ctx.actor, id, &draft, posted.files).await {
        Ok(receipt) => {
            let view = state.app.call(&ctx.actor, id).await?;
            let page = AppliedPage {
                title: view.call.title.get(ctx.tr.lang).to_owned(),
                receipt: receipt.receipt,
                link: receipt.link,
                ctx,
            };
            Ok(render_with_status(StatusCode::CREATED, &page))
        }
        Err(AppError::Validation(errors)) => {
            let view = state.app.call(&ctx.actor, id).await?;
            let page = apply_page(ctx, &view.call, view.phase, &draft, errors);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

/// A document as listed on a page, with the link that opens it.
pub struct DocumentRow {
    pub href: String,
    pub kind: String,
    pub name: String,
    pub size: String,
    pub uploaded: String,
    pub sensitive: bool,
}

fn document_row(ctx: &PageCtx, href: String, document: &ApplicationDocument) -> DocumentRow {
    DocumentRow {
        href,
        kind: kind_label(ctx, document.kind),
        name: document.name.clone(),
        size: format!("{} kB", ctx.tr.number((document.size + 1023) / 1024)),
        uploaded: ctx.tr.instant(document.uploaded_at),
        sensitive: document.kind.sensitive(),
    }
}

fn status_label(ctx: &PageCtx, application: &Application) -> String {
    ctx.t(&format!("application-status-{}", application.status.code().replace('_', "-")))
}

#[derive(Template)]
#[template(path = "recruitment/applicant.html")]
pub(super) struct ApplicantPage {
    ctx: PageCtx,
    link: String,
    call_href: String,
    title: String,
    receipt: String,
    received: String,
    status: String,
    deadline: DeadlineLines,
    documents: Vec<DocumentRow>,
    replaceable: Vec<UploadLine>,
    stage: super::interviews::StageLines,
    errors: FieldErrors,
}

pub(super) fn applicant_page(ctx: PageCtx, link: &str, view: &ApplicantView, errors: FieldErrors) -> ApplicantPage {
    let mut replaceable = Vec::new();
    if view.phase == CallPhase::Open {
        replaceable.extend(upload_lines(&ctx, &view.call, Stage::Application));
    }
    if view.stage.stage_two_open {
        replaceable.extend(upload_lines(&ctx, &view.call, Stage::BeforeInterview));
    }
    ApplicantPage {
        link: link.to_owned(),
        call_href: format!("/calls/{}", view.call.id),
        title: view.call.title.get(ctx.tr.lang).to_owned(),
        receipt: view.application.receipt.clone(),
        received: ctx.tr.instant(view.application.received_at),
        status: status_label(&ctx, &view.application),
        deadline: deadline_lines(&ctx, &view.call),
        documents: view
            .documents
            .iter()
            .map(|d| document_row(&ctx, format!("/applications/{link}/documents/{}", d.id), d))
            .collect(),
        replaceable,
        stage: super::interviews::stage_lines(&view.stage),
        errors,
        ctx,
    }
}

pub async fn applicant(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(link): Path<String>,
) -> Result<Response, WebError> {
    let view = state.app.applicant_view(&link).await?;
    Ok(render(&applicant_page(ctx, &link, &view, FieldErrors::default())))
}

pub async fn replace_document(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(link): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let posted = read_posted(multipart).await;
    let view = state.app.applicant_view(&link).await?;
    let Some(upload) = posted.files.into_iter().find(|f| !f.bytes.is_empty()) else {
        let page = applicant_page(ctx, &link, &view, one_error("document", "error-file-empty"));
        return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    match state.app.replace_document(&link, upload).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/applications/{link}"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let page = applicant_page(ctx, &link, &view, errors);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

fn document_id(raw: &str) -> Result<ApplicationDocumentId, WebError> {
    uuid::Uuid::parse_str(raw).map(ApplicationDocumentId).map_err(|_| WebError(AppError::NotFound))
}

fn served(opened: OpenedDocument) -> Response {
    let content_type = mekong_app::files::served_content_type(&opened.document.content_type);
    download(opened.bytes, content_type, &opened.document.name)
}

pub async fn own_document(
    State(state): State<AppState>,
    Path((link, document)): Path<(String, String)>,
) -> Result<Response, WebError> {
    Ok(served(state.app.open_own_document(&link, document_id(&document)?).await?))
}

/// One application in the committee's list.
pub struct ApplicationRow {
    pub href: String,
    pub receipt: String,
    pub name: String,
    pub received: String,
    pub late: bool,
    pub status: String,
}

#[derive(Template)]
#[template(path = "recruitment/applications.html")]
struct ApplicationsPage {
    ctx: PageCtx,
    id: String,
    title: String,
    rows: Vec<ApplicationRow>,
}

pub async fn applications(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (call, applications) = state.app.call_applications(&ctx.actor, call_id(&id)?).await?;
    let rows = applications
        .iter()
        .map(|a| ApplicationRow {
            href: format!("/calls/{}/applications/{}", call.id, a.id),
            receipt: a.receipt.clone(),
            name: a.name.clone(),
            received: ctx.tr.instant(a.received_at),
            late: a.late,
            status: status_label(&ctx, a),
        })
        .collect();
    Ok(render(&ApplicationsPage { id: call.id.to_string(), title: call.title.get(ctx.tr.lang).to_owned(), rows, ctx }))
}

/// One evaluator's submitted assessment as shown to those who may see it.
pub struct ScoredLine {
    pub eligible: bool,
    pub weighted: String,
    pub scores: Vec<(String, u32, String)>,
}

/// A criterion of the scoring form, by position.
pub struct GridLine {
    pub index: usize,
    pub label: String,
    pub weight: u32,
    pub error: Option<String>,
}

fn hundredths(value: u64) -> String {
    format!("{}.{:02}", value / 100, value % 100)
}

fn scored_line(call: &Call, evaluation: &mekong_core::recruitment::Evaluation) -> ScoredLine {
    let weighted = mekong_core::recruitment::weighted_score(&evaluation.scores, &call.award)
        .map(|h| format!("{} / {}", hundredths(h), mekong_core::recruitment::MAX_SCORE))
        .unwrap_or_default();
    ScoredLine {
        eligible: evaluation.eligible(),
        weighted,
        scores: call
            .award
            .iter()
            .zip(&evaluation.scores)
            .zip(&evaluation.comments)
            .map(|((c, s), comment)| (c.label.clone(), *s, comment.clone()))
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "recruitment/application.html")]
struct ApplicationPage {
    ctx: PageCtx,
    id: String,
    title: String,
    receipt: String,
    name: String,
    email: String,
    received: String,
    late: bool,
    status: String,
    documents: Vec<DocumentRow>,
    withheld: usize,
    application_id: String,
    manages: bool,
    must_declare: bool,
    excluded: bool,
    may_score: bool,
    eligibility: Vec<(usize, String, Option<String>)>,
    grid: Vec<GridLine>,
    own: Option<ScoredLine>,
    others: Vec<ScoredLine>,
    errors: FieldErrors,
}

pub async fn application(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, application)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let application =
        uuid::Uuid::parse_str(&application).map(ApplicationId).map_err(|_| WebError(AppError::NotFound))?;
    application_page(&state, ctx, call_id(&id)?, application, FieldErrors::default()).await
}

async fn application_page(
    state: &AppState,
    ctx: PageCtx,
    call: mekong_core::ids::CallId,
    application: ApplicationId,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let detail = state.app.application_detail(&ctx.actor, call, application).await?;
    let call = &detail.call;
    let a = &detail.application;
    let page = ApplicationPage {
        id: call.id.to_string(),
        title: call.title.get(ctx.tr.lang).to_owned(),
        receipt: a.receipt.clone(),
        name: a.name.clone(),
        email: a.email.to_string(),
        received: ctx.tr.instant(a.received_at),
        late: a.late,
        status: status_label(&ctx, a),
        documents: detail
            .documents
            .iter()
            .map(|d| document_row(&ctx, format!("/calls/{}/documents/{}", call.id, d.id), d))
            .collect(),
        withheld: detail.withheld,
        application_id: a.id.to_string(),
        manages: detail.manages,
        must_declare: detail.evaluations.must_declare,
        excluded: detail.evaluations.excluded,
        may_score: detail.evaluations.own.as_ref().is_some_and(|e| {
            e.declaration == mekong_core::recruitment::Declaration::NoConflict && e.submitted_at.is_none()
        }),
        eligibility: call
            .eligibility
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.label.clone(), ctx.field_error(&errors, &format!("eligible_{i}"))))
            .collect(),
        grid: call
            .award
            .iter()
            .enumerate()
            .map(|(index, c)| GridLine {
                index,
                label: c.label.clone(),
                weight: c.weight,
                error: ctx.field_error(&errors, &format!("score_{index}")),
            })
            .collect(),
        own: detail.evaluations.own.as_ref().filter(|e| e.submitted_at.is_some()).map(|e| scored_line(call, e)),
        others: detail.evaluations.others.iter().map(|e| scored_line(call, e)).collect(),
        errors,
        ctx,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_with_status(status, &page))
}

fn application_id(raw: &str) -> Result<ApplicationId, WebError> {
    uuid::Uuid::parse_str(raw).map(ApplicationId).map_err(|_| WebError(AppError::NotFound))
}

pub async fn declare(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, application)): Path<(String, String)>,
    axum::extract::Form(fields): axum::extract::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (call, application) = (call_id(&id)?, application_id(&application)?);
    let fields = crate::ui::posted::Fields(fields);
    match state.app.declare_interests(&ctx.actor, call, application, &fields.get("declaration")).await {
        Ok(()) => {
            let to = format!("/calls/{call}/applications/{application}");
            Ok(redirect_with_flash(&to, "flash-saved", jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => application_page(&state, ctx, call, application, errors).await,
        Err(other) => Err(other.into()),
    }
}

pub async fn score(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, application)): Path<(String, String)>,
    axum::extract::Form(fields): axum::extract::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (call, application) = (call_id(&id)?, application_id(&application)?);
    let fields = crate::ui::posted::Fields(fields);
    let indexed = |prefix: &str| (0..50).map(|i| fields.get(&format!("{prefix}_{i}"))).collect::<Vec<String>>();
    let draft = mekong_core::recruitment::ScoreDraft {
        eligibility: indexed("eligible"),
        scores: indexed("score"),
        comments: indexed("comment"),
    };
    match state.app.submit_scores(&ctx.actor, call, application, &draft).await {
        Ok(()) => {
            let to = format!("/calls/{call}/applications/{application}");
            Ok(redirect_with_flash(&to, "flash-saved", jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => application_page(&state, ctx, call, application, errors).await,
        Err(other) => Err(other.into()),
    }
}

/// One application in the ranking.
pub struct RankRow {
    pub rank: usize,
    pub href: String,
    pub receipt: String,
    pub name: String,
    pub mean: String,
    pub submitted: usize,
    pub eligible: bool,
    pub disagreement: bool,
    pub status: String,
}

#[derive(Template)]
#[template(path = "recruitment/ranking.html")]
struct RankingPage {
    ctx: PageCtx,
    id: String,
    title: String,
    rows: Vec<RankRow>,
}

pub async fn ranking(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (call, ranked) = state.app.call_ranking(&ctx.actor, call_id(&id)?).await?;
    let rows = ranked
        .iter()
        .enumerate()
        .map(|(i, (a, s))| RankRow {
            rank: i + 1,
            href: format!("/calls/{}/applications/{}", call.id, a.id),
            receipt: a.receipt.clone(),
            name: a.name.clone(),
            mean: s.mean.map_or_else(|| "–".to_owned(), hundredths),
            submitted: s.submitted,
            eligible: s.eligible,
            disagreement: s.disagreement,
            status: status_label(&ctx, a),
        })
        .collect();
    Ok(render(&RankingPage { id: call.id.to_string(), title: call.title.get(ctx.tr.lang).to_owned(), rows, ctx }))
}

pub async fn committee_document(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, document)): Path<(String, String)>,
) -> Result<Response, WebError> {
    Ok(served(state.app.open_application_document(&ctx.actor, call_id(&id)?, document_id(&document)?).await?))
}
