//! The call's managers bring in applications that did not come through the form: messages
//! uploaded as `.eml` files or mbox mailboxes (the outcome listed: applications created, copies
//! merged, late ones, attachments set aside, or the file that could not be read and why), a file
//! handed in recorded by hand, and each document's kind corrected where the guess was wrong.

use super::{call_id, kind_label};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::finance::Pick;
use crate::ui::posted::Fields;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::recruitment::{DocumentUpload, MailFile, MailImport};
use mekong_core::Lang;
use mekong_core::ids::{ApplicationDocumentId, ApplicationId};
use mekong_core::recruitment::{Call, DocumentKind, Stage};
use mekong_core::recruitment_intake::HandDraft;
use mekong_core::validation::FieldErrors;
use mekong_i18n::Arg;

/// One line of an import's outcome.
pub struct OutcomeLine {
    pub href: Option<String>,
    pub text: String,
    pub late: bool,
}

#[derive(Template)]
#[template(path = "recruitment/intake_import.html")]
struct ImportPage {
    ctx: PageCtx,
    id: String,
    title: String,
    problems: Vec<String>,
    created: Vec<OutcomeLine>,
    notes: Vec<String>,
    done: bool,
}

fn import_page(ctx: PageCtx, call: &Call, outcome: Option<&MailImport>) -> ImportPage {
    let mut page = ImportPage {
        id: call.id.to_string(),
        title: call.title.get(ctx.tr.lang).to_owned(),
        problems: Vec::new(),
        created: Vec::new(),
        notes: Vec::new(),
        done: outcome.is_some_and(|o| o.problems.is_empty()),
        ctx,
    };
    let Some(outcome) = outcome else { return page };
    let tr = &page.ctx.tr;
    for problem in &outcome.problems {
        let position = problem.position.map_or(String::new(), |p| {
            format!(
                " {}",
                tr.t_with("intake-message-at", &[("position", Arg::from(i64::try_from(p).unwrap_or(i64::MAX)))])
            )
        });
        let reason = tr.t(&problem.key);
        page.problems.push(format!("{}{position}: {reason}", problem.file));
    }
    for imported in &outcome.created {
        let a = &imported.application;
        let kinds: Vec<String> = imported
            .documents
            .iter()
            .map(|(kind, name)| format!("{} ({name})", kind_label(&page.ctx, *kind)))
            .collect();
        let text = tr.t_with(
            "intake-created-line",
            &[
                ("receipt", Arg::from(a.receipt.as_str())),
                ("name", Arg::from(a.name.as_str())),
                ("received", Arg::from(tr.instant(a.received_at))),
                ("copies", Arg::from(i64::try_from(imported.copies).unwrap_or(i64::MAX))),
                ("documents", Arg::from(if kinds.is_empty() { tr.t("intake-no-documents") } else { kinds.join(", ") })),
            ],
        );
        page.created.push(OutcomeLine {
            href: Some(format!("/calls/{}/applications/{}/documents", a.call, a.id)),
            text,
            late: a.late,
        });
    }
    for receipt in &outcome.already_imported {
        page.notes.push(tr.t_with("intake-already-imported", &[("receipt", Arg::from(receipt.as_str()))]));
    }
    for (sender, receipt) in &outcome.already_applied {
        let args = [("sender", Arg::from(sender.as_str())), ("receipt", Arg::from(receipt.as_str()))];
        page.notes.push(tr.t_with("intake-already-applied", &args));
    }
    for aside in &outcome.set_aside {
        let args = [
            ("sender", Arg::from(aside.sender.as_str())),
            ("attachment", Arg::from(aside.attachment.as_str())),
            ("reason", Arg::from(tr.t(&aside.key))),
        ];
        page.notes.push(tr.t_with("intake-set-aside", &args));
    }
    page
}

pub async fn import_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let call = state.app.call_for_edit(&ctx.actor, call_id(&id)?).await?;
    Ok(render(&import_page(ctx, &call, None)))
}

/// Reads the uploaded files of mail (every file field); a body that is not multipart has none.
async fn mail_files(multipart: Result<Multipart, MultipartRejection>) -> Vec<MailFile> {
    let mut files = Vec::new();
    let Ok(mut multipart) = multipart else { return files };
    while let Ok(Some(field)) = multipart.next_field().await {
        let Some(name) = field.file_name().map(str::to_owned) else { continue };
        let bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        if !bytes.is_empty() {
            files.push(MailFile { name, bytes });
        }
    }
    files
}

pub async fn import(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = call_id(&id)?;
    let call = state.app.call_for_edit(&ctx.actor, id).await?;
    let files = mail_files(multipart).await;
    if files.is_empty() {
        let mut outcome = MailImport::default();
        outcome.problems.push(mekong_app::recruitment::MailProblem {
            file: String::new(),
            position: None,
            key: "error-file-empty".into(),
        });
        return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &import_page(ctx, &call, Some(&outcome))));
    }
    let outcome = state.app.import_mail(&ctx.actor, id, files).await?;
    let status = if outcome.problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_with_status(status, &import_page(ctx, &call, Some(&outcome))))
}

/// A file input of the form by hand.
pub struct HandUpload {
    pub field: String,
    pub label: String,
    pub sensitive: bool,
}

#[derive(Template)]
#[template(path = "recruitment/intake_hand.html")]
struct HandPage {
    ctx: PageCtx,
    id: String,
    title: String,
    time_zone: String,
    draft: HandDraft,
    languages: Vec<Pick>,
    uploads: Vec<HandUpload>,
    errors: FieldErrors,
}

fn hand_page(ctx: PageCtx, call: &Call, draft: HandDraft, errors: FieldErrors) -> HandPage {
    let current = if draft.language.is_empty() { call.file_language.code().to_owned() } else { draft.language.clone() };
    let mut kinds = call.required_at(Stage::Application);
    kinds.push(DocumentKind::Other);
    HandPage {
        id: call.id.to_string(),
        title: call.title.get(ctx.tr.lang).to_owned(),
        time_zone: call.deadline.time_zone.clone(),
        languages: Lang::ALL.iter().map(|l| Pick::new(l.code(), l.endonym(), &current)).collect(),
        uploads: kinds
            .into_iter()
            .map(|kind| HandUpload {
                field: format!("document_{}", kind.code()),
                label: kind_label(&ctx, kind),
                sensitive: kind.sensitive(),
            })
            .collect(),
        draft,
        errors,
        ctx,
    }
}

pub async fn hand_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let call = state.app.call_for_edit(&ctx.actor, call_id(&id)?).await?;
    Ok(render(&hand_page(ctx, &call, HandDraft::default(), FieldErrors::default())))
}

pub async fn record_by_hand(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = call_id(&id)?;
    let mut fields = Vec::new();
    let mut uploads = Vec::new();
    if let Ok(mut multipart) = multipart {
        while let Ok(Some(field)) = multipart.next_field().await {
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(kind) = name.strip_prefix("document_").and_then(DocumentKind::parse) {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                uploads.push(DocumentUpload { kind, name: file_name, bytes });
            } else {
                fields.push((name, field.text().await.unwrap_or_default()));
            }
        }
    }
    let fields = Fields(fields);
    let draft = HandDraft {
        name: fields.get("name"),
        email: fields.get("email"),
        language: fields.get("language"),
        received_date: fields.get("received_date"),
        received_time: fields.get("received_time"),
    };
    match state.app.record_by_hand(&ctx.actor, id, &draft, uploads).await {
        Ok(application) => {
            let to = format!("/calls/{id}/applications/{}", application.id);
            Ok(redirect_with_flash(&to, "flash-saved", jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => {
            let call = state.app.call_for_edit(&ctx.actor, id).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &hand_page(ctx, &call, draft, errors)))
        }
        Err(other) => Err(other.into()),
    }
}

/// A document with the kinds it may be given.
pub struct KindLine {
    pub id: String,
    pub name: String,
    pub kinds: Vec<Pick>,
}

#[derive(Template)]
#[template(path = "recruitment/intake_documents.html")]
struct KindsPage {
    ctx: PageCtx,
    id: String,
    title: String,
    receipt: String,
    application_href: String,
    documents: Vec<KindLine>,
}

pub async fn kinds(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, application)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let application =
        uuid::Uuid::parse_str(&application).map(ApplicationId).map_err(|_| WebError(AppError::NotFound))?;
    let detail = state.app.application_detail(&ctx.actor, call_id(&id)?, application).await?;
    let documents = detail
        .documents
        .iter()
        .map(|d| KindLine {
            id: d.id.to_string(),
            name: d.name.clone(),
            kinds: DocumentKind::ALL.iter().map(|k| Pick::new(k.code(), kind_label(&ctx, *k), d.kind.code())).collect(),
        })
        .collect();
    let page = KindsPage {
        id: detail.call.id.to_string(),
        title: detail.call.title.get(ctx.tr.lang).to_owned(),
        receipt: detail.application.receipt.clone(),
        application_href: format!("/calls/{}/applications/{}", detail.call.id, detail.application.id),
        documents,
        ctx,
    };
    Ok(render(&page))
}

pub async fn correct_kind(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, document)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = call_id(&id)?;
    let document =
        uuid::Uuid::parse_str(&document).map(ApplicationDocumentId).map_err(|_| WebError(AppError::NotFound))?;
    let fields = Fields(fields);
    let application = state.app.correct_document_kind(&ctx.actor, id, document, &fields.get("kind")).await?;
    let to = format!("/calls/{id}/applications/{application}/documents");
    Ok(redirect_with_flash(&to, "flash-saved", jar, state.config.tls))
}
