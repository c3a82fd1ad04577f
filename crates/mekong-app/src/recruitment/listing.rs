//! What the JSON API and the exports read of a call's applications: one application for its
//! owner (the account with the applicant's address) or its committee (evaluators never see
//! sensitive documents, nor anything before declaring no conflict), and a call's applications
//! as a table for its managers.

use super::ApplicationDetail;
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::ids::{ApplicationId, CallId};
use mekong_core::recruitment::{Application, ApplicationDocument, Channel};
use mekong_docs::Table;

/// Who reads an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The applicant, signed in with the address they applied with.
    Owner,
    /// A member of the call's committee.
    Committee,
}

/// An application as its reader may see it.
#[derive(Debug, Clone)]
pub struct ApplicationRead {
    pub reader: Reader,
    pub application: Application,
    pub documents: Vec<ApplicationDocument>,
    /// Sensitive documents held back from this reader.
    pub withheld: usize,
}

fn channel_code(channel: Channel) -> &'static str {
    match channel {
        Channel::WebForm => "web_form",
        Channel::Email => "email",
        Channel::ByHand => "by_hand",
    }
}

impl App {
    /// One application for its owner or the call's committee.
    pub async fn read_application(
        &self,
        actor: &Actor,
        call: CallId,
        id: ApplicationId,
    ) -> Result<ApplicationRead, AppError> {
        if policy::authorise(actor, Permission::EvaluateCall, &Target::Call(call)).is_ok() {
            let detail: ApplicationDetail = self.application_detail(actor, call, id).await?;
            return Ok(ApplicationRead {
                reader: Reader::Committee,
                application: detail.application,
                documents: detail.documents,
                withheld: detail.withheld,
            });
        }
        let Some(user) = &actor.user else { return Err(AppError::Unauthenticated) };
        let application = self.store.application(id).await?;
        let owner = application.call == call && application.email.as_str().eq_ignore_ascii_case(&user.email);
        if !owner {
            return Err(AppError::Forbidden);
        }
        let documents = self.store.application_documents(id).await?;
        Ok(ApplicationRead { reader: Reader::Owner, application, documents, withheld: 0 })
    }

    /// A call's applications as a table, one row each, for its managers.
    pub async fn applications_table(&self, actor: &Actor, call: CallId) -> Result<Table, AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        self.store.call(call).await?;
        let headers = ["receipt", "name", "email", "language", "channel", "received_at", "late", "status", "documents"];
        let mut rows = Vec::new();
        for application in self.store.applications(call).await? {
            let kinds: Vec<&str> =
                self.store.application_documents(application.id).await?.iter().map(|d| d.kind.code()).collect();
            rows.push(vec![
                application.receipt.clone(),
                application.name.clone(),
                application.email.to_string(),
                application.language.code().to_owned(),
                channel_code(application.channel).to_owned(),
                application.received_at.to_string(),
                if application.late { "yes" } else { "no" }.to_owned(),
                application.status.code().to_owned(),
                kinds.join(" "),
            ]);
        }
        Ok(Table { headers: headers.iter().map(|h| (*h).to_owned()).collect(), rows })
    }
}
