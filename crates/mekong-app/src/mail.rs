//! Outgoing email: composed in the recipient's language with a plain-text part, queued as a job,
//! then written to the outbox directory (the default, so the demo needs no mail server) or
//! delivered by SMTP when `MEKONG_SMTP_URL` is set.

use crate::jobs::Job;
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use lettre::message::header::ContentType;
use lettre::message::{Attachment as LettreAttachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mekong_core::Lang;
use mekong_core::identity::Email;
use mekong_core::ids::EmailId;
use mekong_i18n::Arg;
use mekong_store::WriteTxn;
pub use mekong_store::jobs::{DeadJob, EmailRecord};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Where mail goes.
#[derive(Clone)]
pub enum MailTransport {
    /// Each message becomes an `.eml` file in this directory.
    Outbox(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl std::fmt::Debug for MailTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailTransport::Outbox(dir) => write!(f, "Outbox({})", dir.display()),
            // The URL holds credentials: never print it.
            MailTransport::Smtp(_) => f.write_str("Smtp(***)"),
        }
    }
}

impl MailTransport {
    /// SMTP when a URL is given (`smtp://user:pass@host:587?tls=required`, `smtps://...`),
    /// else the outbox under the data directory.
    pub fn from_config(smtp_url: Option<&str>, data_dir: &std::path::Path) -> Result<MailTransport, AppError> {
        match smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|builder| MailTransport::Smtp(builder.build()))
                .map_err(|e| AppError::Unavailable(format!("invalid MEKONG_SMTP_URL: {e}"))),
            None => Ok(MailTransport::Outbox(data_dir.join("outbox"))),
        }
    }
}

/// A queued message, as the job carries it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct EmailJob {
    pub(crate) email_id: EmailId,
    to: String,
    to_name: String,
    lang: Lang,
    subject: String,
    paragraphs: Vec<String>,
    link: Option<String>,
    #[serde(default)]
    attachment: Option<Attachment>,
}

/// A file sent with a letter: a text file such as an iCalendar invitation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Attachment {
    pub filename: String,
    /// The full content type, parameters included (`text/calendar; method=REQUEST; charset=UTF-8`).
    pub content_type: String,
    pub content: String,
}

/// What to say: message ids and their arguments, rendered in the recipient's language.
pub(crate) struct Letter<'a> {
    pub subject: &'a str,
    pub paragraphs: &'a [&'a str],
    pub args: Vec<(&'a str, Arg)>,
    /// A link the recipient should follow, shown on its own line.
    pub link: Option<String>,
    pub attachment: Option<Attachment>,
}

impl App {
    /// Queues a letter to `to` in `lang`, in the caller's transaction.
    pub(crate) async fn queue_email(
        &self,
        txn: &WriteTxn,
        to: &Email,
        to_name: &str,
        lang: Lang,
        letter: Letter<'_>,
    ) -> Result<EmailId, AppError> {
        let subject = self.i18n.message_with(lang, letter.subject, &letter.args);
        let paragraphs = letter.paragraphs.iter().map(|id| self.i18n.message_with(lang, id, &letter.args)).collect();
        let email_id = EmailId::new();
        txn.insert_email(email_id, to.as_str(), &subject, lang.code(), self.clock.now()).await?;
        let job = EmailJob {
            email_id,
            to: to.to_string(),
            to_name: to_name.to_owned(),
            lang,
            subject,
            paragraphs,
            link: letter.link,
            attachment: letter.attachment,
        };
        self.enqueue(txn, &Job::SendEmail(job), self.clock.now()).await?;
        Ok(email_id)
    }

    /// Delivers a queued message once: a message already marked sent (its worker stopped after
    /// the mark-sent commit, before the job was completed) is not sent again; the outbox never
    /// writes one id twice; and a message sent again by SMTP (its worker stopped between the
    /// server's acceptance and the mark-sent commit) carries the same `Message-ID`, derived from
    /// the email's id, so the receiving side can tell it is the same message.
    pub(crate) async fn send_email(&self, job: &EmailJob) -> Result<(), String> {
        let record = self.store.find_email(job.email_id).await.map_err(|e| e.to_string())?;
        if record.status == "sent" {
            tracing::warn!(email = %job.email_id, "already sent: not sent again");
            return Ok(());
        }
        let message = self.compose(job).map_err(|e| format!("composing: {e}"))?;
        let delivered = match &self.mail {
            MailTransport::Outbox(dir) => write_once(dir, job.email_id, &message.formatted())
                .await
                .map(Some)
                .map_err(|e| format!("writing to the outbox: {e}")),
            MailTransport::Smtp(transport) => {
                transport.send(message).await.map(|_| None).map_err(|e| format!("SMTP: {e}"))
            }
        };
        // A failure is recorded on the email by the job runner, with panics and abandoned runs.
        let file = delivered?;
        self.store.mark_email_sent(job.email_id, file.as_deref(), self.clock.now()).await.map_err(|e| e.to_string())
    }

    fn compose(&self, job: &EmailJob) -> Result<Message, String> {
        let from: Mailbox = self.mail_from.parse().map_err(|e| format!("sender {}: {e}", self.mail_from))?;
        let to = Mailbox::new(Some(header_text(&job.to_name)), job.to.parse().map_err(|e| format!("recipient: {e}"))?);
        let mut text = job.paragraphs.join("\n\n");
        let mut html: String = job.paragraphs.iter().map(|p| format!("<p>{}</p>\n", escape_html(p))).collect();
        if let Some(link) = &job.link {
            text.push_str(&format!("\n\n{link}\n"));
            html.push_str(&format!("<p><a href=\"{0}\">{0}</a></p>\n", escape_html(link)));
        }
        let html = format!("<!doctype html><html lang=\"{}\"><body>\n{html}</body></html>", job.lang.code());
        let body = MultiPart::alternative_plain_html(text, html);
        let body = match &job.attachment {
            None => body,
            Some(file) => {
                let content_type = ContentType::parse(&file.content_type).map_err(|e| format!("attachment: {e}"))?;
                MultiPart::mixed().multipart(body).singlepart(
                    LettreAttachment::new(header_text(&file.filename)).body(file.content.clone(), content_type),
                )
            }
        };
        // The same id on every attempt: a message sent again is recognisably the same message.
        let domain = self.mail_from.rsplit_once('@').map_or("mekong.invalid", |(_, d)| d.trim_end_matches('>'));
        Message::builder()
            .message_id(Some(message_id(job.email_id, domain)))
            .from(from)
            .to(to)
            .subject(header_text(&job.subject))
            .multipart(body)
            .map_err(|e| e.to_string())
    }

    /// The outgoing mail, newest first.
    pub async fn outbox(&self, actor: &Actor) -> Result<Vec<EmailRecord>, AppError> {
        policy::authorise(actor, Permission::ViewOutbox, &Target::Nothing)?;
        Ok(self.store.recent_emails(200).await?)
    }

    /// The jobs given up after their last attempt (mail and reminders), newest first.
    pub async fn given_up_jobs(&self, actor: &Actor) -> Result<Vec<DeadJob>, AppError> {
        policy::authorise(actor, Permission::ViewOutbox, &Target::Nothing)?;
        Ok(self.store.dead_jobs(50).await?)
    }

    /// One message from the outbox, with its raw text.
    pub async fn outbox_message(&self, actor: &Actor, id: EmailId) -> Result<(EmailRecord, Option<String>), AppError> {
        policy::authorise(actor, Permission::ViewOutbox, &Target::Nothing)?;
        let record = self.store.find_email(id).await?;
        let raw = match &record.outbox_file {
            Some(file) => tokio::fs::read_to_string(file).await.ok(),
            None => None,
        };
        Ok((record, raw))
    }
}

/// The `Message-ID` of a queued email: the same on every attempt to send it.
pub fn message_id(email: EmailId, domain: &str) -> String {
    format!("<{email}@{domain}>")
}

/// Writes a message into the outbox as `<id>.eml`, once: the whole file is written and synced
/// under a temporary name, then linked to its name, which fails if a message of that id is
/// already there (a delivery taken over after a crash). The earlier one is kept: it is the same
/// message, and the outbox holds each id once.
async fn write_once(dir: &std::path::Path, id: EmailId, raw: &[u8]) -> std::io::Result<String> {
    use tokio::io::AsyncWriteExt;
    tokio::fs::create_dir_all(dir).await?;
    let path = dir.join(format!("{id}.eml"));
    if tokio::fs::try_exists(&path).await? {
        tracing::warn!(email = %id, "already in the outbox: not written again");
        return Ok(path.display().to_string());
    }
    let partial = dir.join(format!(".{id}.{}.partial", uuid::Uuid::now_v7()));
    let mut file = tokio::fs::File::create(&partial).await?;
    file.write_all(raw).await?;
    file.sync_all().await?;
    drop(file);
    let linked = tokio::fs::hard_link(&partial, &path).await;
    let _ = tokio::fs::remove_file(&partial).await;
    match linked {
        Ok(()) => Ok(path.display().to_string()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            tracing::warn!(email = %id, "already in the outbox: not written again");
            Ok(path.display().to_string())
        }
        Err(error) => Err(error),
    }
}

/// Text made safe for a header before lettre sees it: a line break would start a header of
/// its own (`Bcc:`), and lettre panics on some control characters. Every control character and
/// line or paragraph separator becomes a space; lettre then encodes what is not ASCII.
fn header_text(text: &str) -> String {
    let spaced: String =
        text.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registration of the report: a name that tried to add a `Bcc` header.
    #[test]
    fn a_line_break_in_a_name_or_subject_adds_no_header() -> Result<(), Box<dyn std::error::Error>> {
        let name = header_text("Reg\r\nBcc: x@evil.example");
        assert_eq!(name, "Reg Bcc: x@evil.example");
        let to = Mailbox::new(Some(name), "reg@example.org".parse()?);
        let message = Message::builder()
            .from("Mekong <mekong@mekong.example>".parse()?)
            .to(to)
            .subject(header_text("Invitation\n\u{0}\u{2028}Bcc: y@evil.example"))
            .body(String::from("Hello"))?;
        let raw = String::from_utf8(message.formatted())?;
        assert!(!raw.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{raw}");
        assert!(raw.contains("Subject: Invitation Bcc: y@evil.example"), "{raw}");
        Ok(())
    }
}
