//! Applying to a call: the public form (identity, the first stage's documents, consent), refused
//! by the server's clock after the deadline instant whatever the browser says; the receipt
//! number and the acknowledgement email with the applicant's personal link; the applicant's own
//! page, where documents are replaced until the deadline; and opening a document, which only
//! the applicant, the call's managers and (for documents that are not sensitive) its evaluators
//! may do, each opening recorded in the trail.

use super::vault::{CheckedUpload, check_upload};
use crate::audit::{Change, audit_actor};
use crate::mail::Letter;
use crate::policy::{self, Actor, Permission, Target};
use crate::secrets::{new_secret, secret_hash};
use crate::{App, AppError};
use mekong_core::audit::AuditActor;
use mekong_core::identity::Scope;
use mekong_core::ids::{ApplicationDocumentId, ApplicationId, CallId};
use mekong_core::recruitment::{
    Application, ApplicationDocument, ApplicationDraft, ApplicationStatus, Call, CallPhase, Channel, DocumentKind,
    Stage,
};
use mekong_i18n::Arg;

/// A document as uploaded, with the kind the form asked it as.
#[derive(Debug, Clone)]
pub struct DocumentUpload {
    pub kind: DocumentKind,
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What the applicant is told once the application is in.
#[derive(Debug, Clone)]
pub struct AppliedReceipt {
    pub receipt: String,
    /// The personal link to the applicant's page (shown once, and sent by email).
    pub link: String,
}

/// The applicant's own page.
#[derive(Debug, Clone)]
pub struct ApplicantView {
    pub call: Call,
    pub phase: CallPhase,
    pub application: Application,
    pub documents: Vec<ApplicationDocument>,
    /// The second stage, the interview and the decision, as far as they concern the applicant.
    pub stage: super::ApplicantStage,
}

/// An application as its committee sees it: evaluators never see sensitive documents.
#[derive(Debug, Clone)]
pub struct ApplicationDetail {
    pub call: Call,
    pub application: Application,
    pub documents: Vec<ApplicationDocument>,
    /// Sensitive documents held back from this reader.
    pub withheld: usize,
    /// The reader's declaration and scores, and the others' as far as they may see them.
    pub evaluations: super::EvaluationsView,
    /// The reader manages the call (and so sees every document and score).
    pub manages: bool,
}

/// A document opened: its record and decrypted bytes.
#[derive(Debug, Clone)]
pub struct OpenedDocument {
    pub document: ApplicationDocument,
    pub bytes: Vec<u8>,
}

/// The trail's view of an application: no name, no address (they are erased later; the trail
/// keeps what the decision needs).
pub(super) fn application_audit(application: &Application, documents: &[DocumentKind]) -> Option<serde_json::Value> {
    Some(serde_json::json!({
        "receipt": application.receipt,
        "call": application.call.to_string(),
        "channel": application.channel,
        "late": application.late,
        "status": application.status.code(),
        "documents": documents.iter().map(|k| k.code()).collect::<Vec<_>>(),
    }))
}

/// The trail's view of an applicant acting through their personal link: the receipt, not the name.
pub(super) fn applicant_actor(receipt: &str) -> AuditActor {
    AuditActor::System { job: format!("applicant {receipt}") }
}

pub(super) fn document_field(kind: DocumentKind) -> String {
    format!("document_{}", kind.code())
}

impl App {
    /// Receives an application from the public form. Refused once the deadline instant has
    /// passed by the server's clock, from someone on the call's committee, or twice from one
    /// address (the first application's link replaces documents).
    pub async fn apply(
        &self,
        actor: &Actor,
        call: CallId,
        draft: &ApplicationDraft,
        uploads: Vec<DocumentUpload>,
    ) -> Result<AppliedReceipt, AppError> {
        policy::authorise(actor, Permission::ViewCalls, &Target::Call(call))?;
        let now = self.clock.now();
        let call = self.store.call(call).await?;
        match call.phase(now) {
            CallPhase::Open => {}
            CallPhase::Closed => return Err(AppError::field("deadline", "error-call-closed")),
            CallPhase::Draft => return Err(AppError::NotFound),
            CallPhase::NotYetOpen => return Err(AppError::field("deadline", "error-call-not-open")),
        }
        if !call.receiving.web_form {
            return Err(AppError::field("deadline", "error-call-no-web-form"));
        }
        let applicant = draft.read().map_err(AppError::Validation)?;
        if let Some(existing) = self.store.find_credentials(&applicant.email).await?
            && self.store.grants_of(existing.user.id).await?.iter().any(|g| g.scope == Some(Scope::Call(call.id.0)))
        {
            return Err(AppError::field("email", "error-application-committee"));
        }
        if self.store.applications_by_email(applicant.email.as_str()).await?.iter().any(|a| a.call == call.id) {
            return Err(AppError::field("email", "error-application-duplicate"));
        }
        let mut checked: Vec<(DocumentKind, CheckedUpload)> = Vec::new();
        let mut errors = mekong_core::validation::FieldErrors::default();
        for upload in uploads.into_iter().filter(|u| !u.bytes.is_empty()) {
            let field = document_field(upload.kind);
            match check_upload(&field, &upload.name, upload.bytes) {
                Ok(ok) => checked.push((upload.kind, ok)),
                Err(AppError::Validation(problems)) => errors.0.extend(problems.0),
                Err(other) => return Err(other),
            }
        }
        for kind in call.required_at(Stage::Application) {
            let field = document_field(kind);
            if !checked.iter().any(|(k, _)| *k == kind) && errors.for_field(&field).is_none() {
                errors.add(&field, "error-document-required");
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let secret = new_secret("ap_")?;
        let txn = self.store.begin_write().await?;
        let sequence = txn.receipts_taken(&call.receipt_prefix()).await? + 1;
        let application = Application {
            id: ApplicationId::new(),
            call: call.id,
            receipt: call.receipt_number(sequence),
            name: applicant.name.clone(),
            email: applicant.email.clone(),
            language: applicant.language,
            channel: Channel::WebForm,
            received_at: now,
            late: false,
            status: ApplicationStatus::Received,
            consent: true,
            version: 1,
        };
        txn.save_application(&application, Some(&secret_hash(&secret))).await?;
        let mut kinds = Vec::new();
        for (kind, upload) in &checked {
            self.add_document(&txn, application.id, *kind, upload).await?;
            kinds.push(*kind);
        }
        let change = Change {
            action: "application.received",
            entity_type: "application",
            entity_id: application.id.to_string(),
            before: None,
            after: application_audit(&application, &kinds),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        let received: Vec<(DocumentKind, String)> = checked.iter().map(|(k, u)| (*k, u.name.clone())).collect();
        let link = self.acknowledge(&txn, &call, &application, &secret, &received).await?;
        txn.commit().await?;
        Ok(AppliedReceipt { receipt: application.receipt, link })
    }

    /// Sends the applicant their receipt number, the documents received and their personal link
    /// (in the caller's transaction); returns the link.
    pub(super) async fn acknowledge(
        &self,
        txn: &mekong_store::WriteTxn,
        call: &Call,
        application: &Application,
        secret: &str,
        documents: &[(DocumentKind, String)],
    ) -> Result<String, AppError> {
        let link = format!("{}/applications/{secret}", self.public_url);
        let received: Vec<String> = documents
            .iter()
            .map(|(kind, name)| {
                let label = self.i18n.message_with(
                    application.language,
                    &format!("recruitment-document-{}", kind.code().replace('_', "-")),
                    &[],
                );
                format!("{label}: {name}")
            })
            .collect();
        let letter = Letter {
            subject: "email-application-subject",
            paragraphs: &[
                "email-greeting",
                "email-application-body",
                "email-application-documents",
                "email-application-link",
            ],
            args: vec![
                ("name", Arg::from(application.name.as_str())),
                ("receipt", Arg::from(application.receipt.as_str())),
                ("call", Arg::from(call.title.get(application.language))),
                ("documents", Arg::from(received.join("; "))),
                (
                    "deadline",
                    Arg::from(mekong_core::recruitment::unambiguous(&call.deadline.in_zone(&call.deadline.time_zone))),
                ),
            ],
            link: Some(link.clone()),
            attachment: None,
        };
        self.queue_email(txn, &application.email, &application.name, application.language, letter).await?;
        Ok(link)
    }

    /// Seals a document and records it, in the caller's transaction.
    pub(super) async fn add_document(
        &self,
        txn: &mekong_store::WriteTxn,
        application: ApplicationId,
        kind: DocumentKind,
        upload: &CheckedUpload,
    ) -> Result<ApplicationDocument, AppError> {
        let id = ApplicationDocumentId::new();
        let key_id = self.seal_document(id, &upload.bytes).await?;
        let document = ApplicationDocument {
            id,
            application,
            kind,
            name: upload.name.clone(),
            content_type: upload.content_type.to_owned(),
            size: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
            key_id,
            uploaded_at: self.clock.now(),
        };
        txn.insert_application_document(&document).await?;
        Ok(document)
    }

    /// The application a personal link opens.
    pub(super) async fn application_by_link(&self, link: &str) -> Result<Application, AppError> {
        match self.store.application_by_secret(&secret_hash(link.trim())).await {
            Ok(application) => Ok(application),
            Err(mekong_store::StoreError::NotFound) => Err(AppError::NotFound),
            Err(other) => Err(other.into()),
        }
    }

    /// The applicant's own page, through their personal link.
    pub async fn applicant_view(&self, link: &str) -> Result<ApplicantView, AppError> {
        let application = self.application_by_link(link).await?;
        let call = self.store.call(application.call).await?;
        let documents = self.store.application_documents(application.id).await?;
        let stage = self.applicant_stage(&application).await?;
        Ok(ApplicantView { phase: call.phase(self.clock.now()), call, application, documents, stage })
    }

    /// Replaces (or adds) the applicant's document of `kind`. Stage-one documents change until
    /// the deadline; stage-two documents are sent by the shortlisted.
    pub async fn replace_document(&self, link: &str, upload: DocumentUpload) -> Result<(), AppError> {
        let application = self.application_by_link(link).await?;
        let call = self.store.call(application.call).await?;
        let field = document_field(upload.kind);
        let stage = call.documents.iter().find(|d| d.kind == upload.kind).map(|d| d.stage);
        let allowed = match stage {
            Some(Stage::Application) | None => call.phase(self.clock.now()) == CallPhase::Open,
            Some(Stage::BeforeInterview) => {
                application.status == ApplicationStatus::Shortlisted
                    && self.store.procedure(call.id).await?.stage_two_open(self.clock.now())
            }
        };
        if !allowed {
            return Err(AppError::field(&field, "error-call-closed"));
        }
        let checked = check_upload(&field, &upload.name, upload.bytes)?;
        let replaced: Vec<ApplicationDocument> = self
            .store
            .application_documents(application.id)
            .await?
            .into_iter()
            .filter(|d| d.kind == upload.kind)
            .collect();
        let txn = self.store.begin_write().await?;
        for old in &replaced {
            txn.delete_application_document(old.id).await?;
        }
        let added = self.add_document(&txn, application.id, upload.kind, &checked).await?;
        let change = Change {
            action: if replaced.is_empty() { "application.document_added" } else { "application.document_replaced" },
            entity_type: "application",
            entity_id: application.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "document": added.id.to_string(), "kind": added.kind.code() })),
        };
        self.record(&txn, applicant_actor(&application.receipt), change).await?;
        txn.commit().await?;
        for old in replaced {
            self.discard_document(old.id).await?;
        }
        Ok(())
    }

    /// A call's applications, for its committee.
    pub async fn call_applications(&self, actor: &Actor, call: CallId) -> Result<(Call, Vec<Application>), AppError> {
        policy::authorise(actor, Permission::EvaluateCall, &Target::Call(call))?;
        let found = self.store.call(call).await?;
        Ok((found, self.store.applications(call).await?))
    }

    /// One application for its committee: evaluators do not see sensitive documents.
    pub async fn application_detail(
        &self,
        actor: &Actor,
        call: CallId,
        id: ApplicationId,
    ) -> Result<ApplicationDetail, AppError> {
        policy::authorise(actor, Permission::EvaluateCall, &Target::Call(call))?;
        let application = self.store.application(id).await?;
        if application.call != call {
            return Err(AppError::NotFound);
        }
        let manages = policy::authorise(actor, Permission::ManageCall, &Target::Call(call)).is_ok();
        let evaluations = self.evaluations_view(actor, call, id).await?;
        // An evaluator sees nothing of the file before declaring no conflict.
        let sees_file = manages || !(evaluations.must_declare || evaluations.excluded);
        let all = if sees_file { self.store.application_documents(id).await? } else { Vec::new() };
        let total = all.len();
        let documents: Vec<ApplicationDocument> = all.into_iter().filter(|d| manages || !d.kind.sensitive()).collect();
        Ok(ApplicationDetail {
            call: self.store.call(call).await?,
            application,
            withheld: total - documents.len(),
            documents,
            evaluations,
            manages,
        })
    }

    /// Opens a document for the call's committee: sensitive ones for its managers only. Every
    /// opening is recorded in the trail.
    pub async fn open_application_document(
        &self,
        actor: &Actor,
        call: CallId,
        id: ApplicationDocumentId,
    ) -> Result<OpenedDocument, AppError> {
        policy::authorise(actor, Permission::EvaluateCall, &Target::Call(call))?;
        let document = self.store.application_document(id).await?;
        let application = self.store.application(document.application).await?;
        if application.call != call {
            return Err(AppError::NotFound);
        }
        if document.kind.sensitive() {
            policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        }
        let view = self.evaluations_view(actor, call, application.id).await?;
        if view.must_declare || view.excluded {
            return Err(AppError::Forbidden);
        }
        self.opened(audit_actor(actor), &application, &document).await
    }

    /// Opens one of the applicant's own documents through their personal link.
    pub async fn open_own_document(&self, link: &str, id: ApplicationDocumentId) -> Result<OpenedDocument, AppError> {
        let application = self.application_by_link(link).await?;
        let document = self.store.application_document(id).await?;
        if document.application != application.id {
            return Err(AppError::NotFound);
        }
        self.opened(applicant_actor(&application.receipt), &application, &document).await
    }

    async fn opened(
        &self,
        by: AuditActor,
        application: &Application,
        document: &ApplicationDocument,
    ) -> Result<OpenedDocument, AppError> {
        let bytes = self.unseal_document(document).await?;
        let txn = self.store.begin_write().await?;
        let change = Change {
            action: "application.document_opened",
            entity_type: "application",
            entity_id: application.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "document": document.id.to_string(),
                "kind": document.kind.code(),
                "sensitive": document.kind.sensitive(),
            })),
        };
        self.record(&txn, by, change).await?;
        txn.commit().await?;
        Ok(OpenedDocument { document: document.clone(), bytes })
    }
}
