//! Applications that reach a call outside its web form: messages received by email, uploaded by
//! the call's managers as `.eml` files or mbox mailboxes (or given to `mekong import
//! applications`), and files handed in, recorded by hand.
//!
//! A mail import is all or nothing: every file is read first, and one that cannot be read
//! changes nothing, named with its problem. The copies of one message sent to several of the
//! call's addresses (one Message-ID) make one application, received when the first copy was;
//! a message imported before is recognised by its Message-ID. The instant of receipt is the
//! receiving server's (`Received:`), never the sender's `Date:`; late ones are kept and flagged.
//! Attachments the vault refuses (type, size) are set aside and listed, not fatal; each kept
//! one gets a kind guessed from its name, for the manager to correct.

use super::DocumentUpload;
use super::applications::{application_audit, document_field};
use super::vault::{CheckedUpload, check_upload};
use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::secrets::{new_secret, secret_hash};
use crate::{App, AppError};
use jiff::Timestamp;
use mekong_core::identity::Email;
use mekong_core::ids::{ApplicationDocumentId, ApplicationId, CallId};
use mekong_core::recruitment::{Application, ApplicationStatus, Call, Channel, DocumentKind};
use mekong_core::recruitment_intake::{HandDraft, guess_kind, late};
use mekong_docs::mailbox::{MailMessage, read_mail};

/// A file of mail as uploaded: one message (`.eml`) or a mailbox (mbox).
#[derive(Debug, Clone)]
pub struct MailFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why a file was refused: the file, the message in it (from 1) and the problem's message key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailProblem {
    pub file: String,
    pub position: Option<usize>,
    pub key: String,
}

/// An attachment not kept, and why (a message key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub sender: String,
    pub attachment: String,
    pub key: String,
}

/// An application the import created.
#[derive(Debug, Clone)]
pub struct Imported {
    pub application: Application,
    /// Copies of the message merged into it (1 when it came once).
    pub copies: usize,
    pub documents: Vec<(DocumentKind, String)>,
}

/// What an import did, or (with problems) why it did nothing.
#[derive(Debug, Clone, Default)]
pub struct MailImport {
    /// Files that could not be read: when any, nothing was written.
    pub problems: Vec<MailProblem>,
    pub created: Vec<Imported>,
    /// Receipts of the applications that messages imported before had made.
    pub already_imported: Vec<String>,
    /// Senders who had applied to the call already (by the form or another message), with the
    /// receipt of that application: their message is not made a second application.
    pub already_applied: Vec<(String, String)>,
    pub set_aside: Vec<SetAside>,
}

/// One message as it will become an application: its copies merged.
struct Arrival {
    message: MailMessage,
    copies: usize,
}

/// The copies of one message (one Message-ID) merged, received when the first copy was; a
/// message without an id stands alone.
fn merge_copies(messages: Vec<MailMessage>) -> Vec<Arrival> {
    let mut arrivals: Vec<Arrival> = Vec::new();
    for message in messages {
        let copy = message
            .message_id
            .as_ref()
            .and_then(|id| arrivals.iter_mut().find(|a| a.message.message_id.as_ref() == Some(id)));
        match copy {
            Some(arrival) => {
                arrival.copies += 1;
                if message.received_at < arrival.message.received_at {
                    arrival.message.received_at = message.received_at;
                }
            }
            None => arrivals.push(Arrival { message, copies: 1 }),
        }
    }
    arrivals.sort_by_key(|a| a.message.received_at);
    arrivals
}

/// The applicant's name: the sender's display name, or their address's local part.
fn sender_name(message: &MailMessage) -> String {
    let name: String = message.sender_name.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.trim().is_empty() {
        message.sender_address.split('@').next().unwrap_or_default().to_owned()
    } else {
        name.trim().to_owned()
    }
}

impl App {
    /// Creates the applications that `files` of mail hold, all or nothing; each applicant is
    /// sent their receipt number and personal link.
    pub async fn import_mail(&self, actor: &Actor, call: CallId, files: Vec<MailFile>) -> Result<MailImport, AppError> {
        self.import_mail_acknowledging(actor, call, files, true).await
    }

    /// The import; `acknowledge` is false only for the demo, whose addresses reach nobody.
    pub(crate) async fn import_mail_acknowledging(
        &self,
        actor: &Actor,
        call: CallId,
        files: Vec<MailFile>,
        acknowledge: bool,
    ) -> Result<MailImport, AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let call = self.store.call(call).await?;
        let mut outcome = MailImport::default();
        let mut messages = Vec::new();
        for file in files {
            match read_mail(&file.bytes) {
                Ok(read) => {
                    for message in read {
                        if Email::parse(&message.sender_address).is_err() {
                            outcome.problems.push(MailProblem {
                                file: file.name.clone(),
                                position: Some(message.position),
                                key: "intake-mail-no-sender".into(),
                            });
                        }
                        messages.push(message);
                    }
                }
                Err(error) => outcome.problems.push(MailProblem {
                    file: file.name.clone(),
                    position: error.position(),
                    key: format!("intake-mail-{}", error.code()),
                }),
            }
        }
        if !outcome.problems.is_empty() {
            return Ok(outcome);
        }
        let txn = self.store.begin_write().await?;
        let mut sealed = Vec::new();
        for arrival in merge_copies(messages) {
            let message = &arrival.message;
            if let Some(id) = &message.message_id
                && let Some(earlier) = txn.application_by_message_id(call.id, id).await?
            {
                outcome.already_imported.push(earlier.receipt);
                continue;
            }
            let email = Email::parse(&message.sender_address)?;
            let applied = self.store.applications_by_email(email.as_str()).await?;
            let earlier = applied.iter().find(|a| a.call == call.id).map(|a| a.receipt.clone()).or_else(|| {
                outcome.created.iter().find(|c| c.application.email == email).map(|c| c.application.receipt.clone())
            });
            if let Some(receipt) = earlier {
                outcome.already_applied.push((email.to_string(), receipt));
                continue;
            }
            let mut uploads = Vec::new();
            for (index, attachment) in message.attachments.iter().enumerate() {
                let name = if attachment.name.is_empty() {
                    format!("attachment-{}", index + 1)
                } else {
                    attachment.name.clone()
                };
                match check_upload("attachment", &name, attachment.bytes.clone()) {
                    Ok(checked) => uploads.push((guess_kind(&checked.name), checked)),
                    Err(AppError::Validation(problems)) => outcome.set_aside.push(SetAside {
                        sender: email.to_string(),
                        attachment: name,
                        key: problems.0.first().map_or("error-file-type".into(), |p| p.message.clone()),
                    }),
                    Err(other) => return Err(other),
                }
            }
            let arriving = Arriving {
                name: sender_name(message),
                email,
                received_at: message.received_at,
                channel: Channel::Email,
                message_id: message.message_id.as_deref(),
                acknowledge,
            };
            let created = self.receive(&txn, actor, &call, arriving, &uploads).await?;
            sealed.extend(created.documents_sealed.iter().copied());
            outcome.created.push(Imported {
                application: created.application,
                copies: arrival.copies,
                documents: uploads.iter().map(|(k, u)| (*k, u.name.clone())).collect(),
            });
        }
        if let Err(error) = txn.commit().await {
            for id in sealed {
                self.discard_document(id).await?;
            }
            return Err(error.into());
        }
        Ok(outcome)
    }

    /// Records an application handed in (on paper, on a key), with when it was received.
    pub async fn record_by_hand(
        &self,
        actor: &Actor,
        call: CallId,
        draft: &HandDraft,
        uploads: Vec<DocumentUpload>,
    ) -> Result<Application, AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let call = self.store.call(call).await?;
        let read = draft.read(&call.deadline.time_zone, self.clock.now());
        let mut errors = read.as_ref().err().cloned().unwrap_or_default();
        let mut checked = Vec::new();
        for upload in uploads.into_iter().filter(|u| !u.bytes.is_empty()) {
            match check_upload(&document_field(upload.kind), &upload.name, upload.bytes) {
                Ok(ok) => checked.push((upload.kind, ok)),
                Err(AppError::Validation(problems)) => errors.0.extend(problems.0),
                Err(other) => return Err(other),
            }
        }
        let hand = match read {
            Ok(hand) if errors.is_empty() => hand,
            _ => return Err(AppError::Validation(errors)),
        };
        if self.store.applications_by_email(hand.email.as_str()).await?.iter().any(|a| a.call == call.id) {
            return Err(AppError::field("email", "error-application-duplicate"));
        }
        let txn = self.store.begin_write().await?;
        let arriving = Arriving {
            name: hand.name,
            email: hand.email,
            received_at: hand.received_at,
            channel: Channel::ByHand,
            message_id: None,
            acknowledge: true,
        };
        let created = self.receive(&txn, actor, &call, arriving, &checked).await?;
        let mut application = created.application;
        if application.language != hand.language {
            application.language = hand.language;
            application.version += 1;
            txn.save_application(&application, None).await?;
        }
        txn.commit().await?;
        Ok(application)
    }

    /// Creates one received application with its documents and acknowledgement, in `txn`.
    async fn receive(
        &self,
        txn: &mekong_store::WriteTxn,
        actor: &Actor,
        call: &Call,
        arriving: Arriving<'_>,
        uploads: &[(DocumentKind, CheckedUpload)],
    ) -> Result<Received, AppError> {
        let Arriving { name, email, received_at, channel, message_id, acknowledge } = arriving;
        let secret = new_secret("ap_")?;
        let sequence = txn.receipts_taken(&call.receipt_prefix()).await? + 1;
        let application = Application {
            id: ApplicationId::new(),
            call: call.id,
            receipt: call.receipt_number(sequence),
            name,
            email,
            language: call.file_language,
            channel,
            received_at,
            late: late(call, received_at),
            status: ApplicationStatus::Received,
            // Consent is given on the web form; a file sent otherwise is processed for the call
            // it was sent to, and erased after the retention time like any other.
            consent: false,
            version: 1,
        };
        txn.save_application(&application, Some(&secret_hash(&secret))).await?;
        if let Some(id) = message_id {
            txn.set_application_message_id(application.id, id).await?;
        }
        let mut documents_sealed = Vec::new();
        for (kind, upload) in uploads {
            documents_sealed.push(self.add_document(txn, application.id, *kind, upload).await?.id);
        }
        let kinds: Vec<DocumentKind> = uploads.iter().map(|(k, _)| *k).collect();
        let change = Change {
            action: "application.received",
            entity_type: "application",
            entity_id: application.id.to_string(),
            before: None,
            after: application_audit(&application, &kinds),
        };
        self.record(txn, audit_actor(actor), change).await?;
        if acknowledge {
            let received: Vec<(DocumentKind, String)> = uploads.iter().map(|(k, u)| (*k, u.name.clone())).collect();
            self.acknowledge(txn, call, &application, &secret, &received).await?;
        }
        Ok(Received { application, documents_sealed })
    }

    /// Gives a document the kind a manager chose (a guess corrected); returns its application.
    pub async fn correct_document_kind(
        &self,
        actor: &Actor,
        call: CallId,
        id: ApplicationDocumentId,
        kind: &str,
    ) -> Result<ApplicationId, AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let kind = DocumentKind::parse(kind).ok_or_else(|| AppError::field("kind", "error-required"))?;
        let mut document = self.store.application_document(id).await?;
        let application = self.store.application(document.application).await?;
        if application.call != call {
            return Err(AppError::NotFound);
        }
        if document.kind == kind {
            return Ok(application.id);
        }
        let before = document.kind;
        document.kind = kind;
        let txn = self.store.begin_write().await?;
        txn.save_document_kind(&document).await?;
        let change = Change {
            action: "application.document_kind_corrected",
            entity_type: "application",
            entity_id: application.id.to_string(),
            before: Some(serde_json::json!({ "document": id.to_string(), "kind": before.code() })),
            after: Some(serde_json::json!({ "document": id.to_string(), "kind": kind.code() })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(application.id)
    }
}

/// An applicant arriving otherwise than by the form: who, when, how, and the message's id.
struct Arriving<'a> {
    name: String,
    email: Email,
    received_at: Timestamp,
    channel: Channel,
    message_id: Option<&'a str>,
    /// Send the receipt number and personal link.
    acknowledge: bool,
}

/// An application just created, with the documents sealed for it (removed if the import fails).
struct Received {
    application: Application,
    documents_sealed: Vec<ApplicationDocumentId>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use mekong_docs::mailbox::MailAttachment;

    fn message(position: usize, id: Option<&str>, received: &str) -> MailMessage {
        MailMessage {
            position,
            message_id: id.map(str::to_owned),
            sender_name: String::new(),
            sender_address: "lan@example.org".into(),
            subject: String::new(),
            received_at: received.parse().unwrap_or_default(),
            attachments: vec![MailAttachment { name: "cv.pdf".into(), bytes: Vec::new() }],
        }
    }

    #[test]
    fn copies_of_one_message_merge_and_count_from_the_first_arrival() {
        let merged = merge_copies(vec![
            message(1, Some("a@x"), "2025-11-30T16:00:00Z"),
            message(2, Some("a@x"), "2025-11-30T15:00:00Z"),
            message(3, None, "2025-11-30T14:00:00Z"),
            message(4, None, "2025-11-30T14:00:00Z"),
        ]);
        let summary: Vec<(usize, usize, String)> =
            merged.iter().map(|a| (a.message.position, a.copies, a.message.received_at.to_string())).collect();
        assert_eq!(
            summary,
            vec![
                (3, 1, "2025-11-30T14:00:00Z".to_owned()),
                (4, 1, "2025-11-30T14:00:00Z".to_owned()),
                (1, 2, "2025-11-30T15:00:00Z".to_owned()),
            ]
        );
        assert_eq!(sender_name(&merged[0].message), "lan");
    }
}
