//! Applicants' personal data: an applicant downloads what Mekong holds about their application
//! (a zip: a JSON description and their documents) and asks for its erasure through their
//! personal link; the call's managers see the requests and erase; and a retention time after the
//! call's decision, the job worker erases what is left.
//!
//! Erasing keeps the decision record: the receipt number, channel, instant of receipt, status and
//! the committee's evaluations stay; the name, the address, the documents (records and encrypted
//! files), the mail sent to the applicant and every audit payload naming them go. Application
//! entries in the trail never held the name or address (see `applications`), so they stay whole
//! and `mekong audit verify` still passes.

use super::applications::applicant_actor;
use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use jiff::{Timestamp, ToSpan};
use mekong_core::audit::AuditActor;
use mekong_core::identity::Email;
use mekong_core::ids::{ApplicationId, CallId};
use mekong_core::recruitment::{Application, Call};
use mekong_store::audit::Mentions;

/// The tables an application's erasure rewrites, for the database to drop their old row versions.
const TOUCHED_TABLES: [&str; 6] =
    ["recruitment_applications", "recruitment_documents", "emails", "jobs", "audit_log", "audit_payloads"];

/// An applicant's data, ready to hand to them.
#[derive(Debug, Clone)]
pub struct ApplicantData {
    pub file_name: String,
    pub zip: Vec<u8>,
}

/// A request for erasure waiting on a call.
#[derive(Debug, Clone)]
pub struct ErasureRequest {
    pub application: Application,
    pub requested_at: Timestamp,
}

/// Why an application's personal data is erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    Request,
    Retention,
}

impl Reason {
    fn code(self) -> &'static str {
        match self {
            Reason::Request => "request",
            Reason::Retention => "retention",
        }
    }
}

/// The application with nothing left that names the applicant.
fn without_personal_data(application: &Application) -> Result<Application, AppError> {
    let mut erased = application.clone();
    erased.name = String::new();
    // The address is required by the record's type: a placeholder that reaches nobody.
    erased.email = Email::parse(&format!("erased.{}@erased.invalid", application.id.0.simple()))?;
    erased.version += 1;
    Ok(erased)
}

/// The JSON description of an application as its applicant receives it.
fn description(call: &Call, application: &Application, documents: &[serde_json::Value]) -> serde_json::Value {
    serde_json::json!({
        "receipt": application.receipt,
        "call": { "id": call.id.to_string(), "code": call.code, "title": call.title.get(application.language) },
        "name": application.name,
        "email": application.email.to_string(),
        "language": application.language.code(),
        "channel": application.channel,
        "received_at": application.received_at.to_string(),
        "late": application.late,
        "status": application.status.code(),
        "consent": application.consent,
        "documents": documents,
    })
}

impl App {
    /// Everything held about the application a personal link opens: its description and its
    /// documents, decrypted, in a zip. The download is recorded in the trail.
    pub async fn applicant_data(&self, link: &str) -> Result<ApplicantData, AppError> {
        let application = self.application_by_link(link).await?;
        let call = self.store.call(application.call).await?;
        let mut files = Vec::new();
        let mut listed = Vec::new();
        for (index, document) in self.store.application_documents(application.id).await?.iter().enumerate() {
            let file = format!("documents/{:02}-{}", index + 1, document.name);
            listed.push(serde_json::json!({
                "kind": document.kind.code(),
                "name": document.name,
                "content_type": document.content_type,
                "size": document.size,
                "uploaded_at": document.uploaded_at.to_string(),
                "file": file,
            }));
            files.push((file, self.unseal_document(document).await?));
        }
        let json = serde_json::to_vec_pretty(&description(&call, &application, &listed))
            .map_err(|e| AppError::Internal(format!("describing an application: {e}")))?;
        files.insert(0, ("application.json".to_owned(), json));
        let zip = mekong_docs::archive::write_zip(&files).map_err(|e| AppError::Internal(e.to_string()))?;
        let txn = self.store.begin_write().await?;
        let change = Change {
            action: "application.data_downloaded",
            entity_type: "application",
            entity_id: application.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "documents": listed.len() })),
        };
        self.record(&txn, applicant_actor(&application.receipt), change).await?;
        txn.commit().await?;
        Ok(ApplicantData { file_name: format!("{}.zip", application.receipt), zip })
    }

    /// The applicant asks, through their personal link, that their personal data be erased:
    /// the call's managers see the request.
    pub async fn request_erasure(&self, link: &str) -> Result<(), AppError> {
        let application = self.application_by_link(link).await?;
        let txn = self.store.begin_write().await?;
        txn.request_application_erasure(application.id, self.clock.now()).await?;
        let change = Change {
            action: "application.erasure_requested",
            entity_type: "application",
            entity_id: application.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "receipt": application.receipt })),
        };
        self.record(&txn, applicant_actor(&application.receipt), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// When the applicant asked for erasure, if they did (for their own page).
    pub async fn erasure_requested_at(&self, link: &str) -> Result<Option<Timestamp>, AppError> {
        let application = self.application_by_link(link).await?;
        Ok(self.store.erasure_requested_at(application.id).await?)
    }

    /// The requests for erasure waiting on a call, for its managers.
    pub async fn erasure_requests(&self, actor: &Actor, call: CallId) -> Result<(Call, Vec<ErasureRequest>), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let found = self.store.call(call).await?;
        let mut requests = Vec::new();
        for request in self.store.erasure_requests(call).await? {
            let application = self.store.application(request.application).await?;
            requests.push(ErasureRequest { application, requested_at: request.requested_at });
        }
        Ok((found, requests))
    }

    /// A manager erases an application's personal data (at the applicant's request), confirming
    /// by typing its receipt number: the erasure cannot be undone.
    pub async fn erase_application(
        &self,
        actor: &Actor,
        call: CallId,
        id: ApplicationId,
        confirmation: &str,
    ) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let application = self.store.application(id).await?;
        if application.call != call {
            return Err(AppError::NotFound);
        }
        if !confirmation.trim().eq_ignore_ascii_case(&application.receipt) {
            return Err(AppError::field("receipt", "intake-erase-confirm"));
        }
        self.erase_personal_data(actor, audit_actor(actor), &application, Reason::Request).await
    }

    /// Records the instant the call was decided: its applicants' personal data is erased the
    /// configured retention time after it.
    pub async fn mark_call_decided(&self, actor: &Actor, call: CallId, at: Timestamp) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let txn = self.store.begin_write().await?;
        txn.mark_call_decided(call, at).await?;
        let change = Change {
            action: "call.decided",
            entity_type: "call",
            entity_id: call.to_string(),
            before: None,
            after: Some(serde_json::json!({ "decided_at": at.to_string() })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Erases the personal data of the applicants of every call decided longer ago than the
    /// retention time; returns how many applications. Run by the job worker.
    pub(crate) async fn erase_expired_applications(&self) -> Result<usize, AppError> {
        let now = self.clock.now();
        let months = i64::from(self.applicant_retention_months);
        let cutoff = now
            .in_tz("UTC")
            .and_then(|utc| utc.checked_sub(months.months()))
            .map_err(|e| AppError::Internal(format!("retention cutoff: {e}")))?
            .timestamp();
        let due = self.store.applications_due_for_erasure(cutoff).await?;
        let by = AuditActor::System { job: "applicant data retention".to_owned() };
        let mut erased = 0;
        for id in due {
            let application = self.store.application(id).await?;
            match self.erase_personal_data(&Actor::command_line(), by.clone(), &application, Reason::Retention).await {
                Ok(()) => erased += 1,
                // Another process erased it first.
                Err(AppError::Conflict) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(erased)
    }

    /// Erases one application's personal data, keeping its decision record. `actor` re-seals
    /// entries of the original formula if any name the applicant; `by` is recorded.
    async fn erase_personal_data(
        &self,
        actor: &Actor,
        by: AuditActor,
        application: &Application,
        reason: Reason,
    ) -> Result<(), AppError> {
        if self.store.application_erased(application.id).await? {
            return Ok(());
        }
        let erased = without_personal_data(application)?;
        let address = application.email.as_str().to_lowercase();
        let mut texts = vec![address.clone()];
        // A short name would match unrelated payloads; the address identifies them anyway.
        if application.name.chars().count() >= 6 {
            texts.push(application.name.clone());
        }
        let mentions = Mentions { records: Vec::new(), texts };
        let txn = self.store.begin_write().await?;
        self.reseal_before_erasing(&txn, actor, &mentions, "application").await?;
        let documents = self.store.application_documents(application.id).await?;
        for document in &documents {
            txn.delete_application_document(document.id).await?;
        }
        txn.save_erased_application(&erased).await?;
        let mail = txn.forget_mail_to(&[address]).await?;
        let change = Change {
            action: "application.erased",
            entity_type: "application",
            entity_id: application.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "receipt": application.receipt,
                "reason": reason.code(),
                "documents": documents.len(),
                "emails": mail.len(),
            })),
        };
        let seq = self.record(&txn, by, change).await?;
        txn.erase_audit_payloads(&mentions, seq, self.clock.now()).await?;
        txn.commit().await?;
        for document in &documents {
            self.discard_document(document.id).await?;
        }
        for file in mail.iter().flatten() {
            // A file already gone is what we want.
            let _ = tokio::fs::remove_file(file).await;
        }
        // The erasure is committed: a purge that fails is reported, not turned into a failure.
        if let Err(error) = self.store.purge_erased(&TOUCHED_TABLES).await {
            tracing::warn!(%error, "rewriting the database files after an applicant's erasure");
        }
        Ok(())
    }
}
