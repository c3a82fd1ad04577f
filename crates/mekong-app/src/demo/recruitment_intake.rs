//! The demo call's mailbox: one file sent by email to both of the call's addresses and received
//! by our server seven seconds after the deadline (kept, flagged late), brought in through the
//! import the managers use.

use crate::policy::Actor;
use crate::recruitment::MailFile;
use crate::{App, AppError};
use mekong_core::ids::CallId;

/// A message as the call's mailbox exported it, in mbox form, to `to`, received at `received`.
fn demo_message(to: &str, received: &str) -> String {
    format!(
        "From thida.demo@applicant.example Mon Dec  1 00:00:07 2025\n\
         Received: from mx.applicant.example by mail.aimf.example; {received}\n\
         From: \"Thida Demo\" <thida.demo@applicant.example>\n\
         To: {to}\n\
         Date: Sun, 30 Nov 2025 23:58:40 +0700\n\
         Message-ID: <demo-thida-application@applicant.example>\n\
         Subject: Candidature - Charge(e) d'animation du reseau\n\
         MIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"demo\"\n\n\
         --demo\nContent-Type: text/plain; charset=utf-8\n\nMadame, Monsieur, veuillez trouver mon dossier ci-joint.\n\
         --demo\nContent-Type: application/pdf; name=\"CV Thida.pdf\"\n\
         Content-Disposition: attachment; filename=\"CV Thida.pdf\"\nContent-Transfer-Encoding: base64\n\n\
         JVBERi0xLjQKJSBNZWtvbmcgZGVtbyBkb2N1bWVudDogQ1YgVGhpZGEKJSVFT0YK\n\
         --demo\nContent-Type: application/pdf; name=\"Lettre de motivation.pdf\"\n\
         Content-Disposition: attachment; filename=\"Lettre de motivation.pdf\"\nContent-Transfer-Encoding: base64\n\n\
         JVBERi0xLjQKJSBNZWtvbmcgZGVtbyBkb2N1bWVudDogbGV0dHJlCiUlRU9GCg==\n--demo--\n\n"
    )
}

impl App {
    /// Imports the demo call's mailbox (both copies of Thida's message make one application).
    pub(super) async fn load_demo_intake(&self) -> Result<(), AppError> {
        let call = uuid::Uuid::parse_str(super::DEMO_CALL)
            .map(CallId)
            .map_err(|e| AppError::Internal(format!("demo call id: {e}")))?;
        let mailbox = [
            demo_message("recrutement@aimf.example", "Mon, 1 Dec 2025 00:00:07 +0700"),
            demo_message("recrutement@phnompenh.example", "Mon, 1 Dec 2025 00:00:09 +0700"),
        ]
        .concat();
        let file = MailFile { name: "recrutement.mbox".into(), bytes: mailbox.into_bytes() };
        let outcome = self.import_mail_acknowledging(&Actor::command_line(), call, vec![file], false).await?;
        match outcome.problems.first() {
            Some(problem) => Err(AppError::Internal(format!("demo mailbox: {}", problem.key))),
            None => Ok(()),
        }
    }
}
