//! Reminders 30 and 7 days before an opportunity's deadline, to the owner of what answers it: an
//! application in preparation, or a project of the pipeline still being prepared. One job kind,
//! queued in the transaction that links the two (or moves the deadline), checked again when due.

use crate::audit::{Change, system_actor};
use crate::jobs::Job;
use crate::mail::Letter;
use crate::{App, AppError};
use jiff::{SignedDuration, Timestamp};
use mekong_core::funding::{FundingApplication, Opportunity, REMINDER_DAYS};
use mekong_core::ids::{FundingApplicationId, ProjectId, UserId};
use mekong_core::projects::Project;
use mekong_i18n::Arg;
use mekong_store::WriteTxn;
use serde::{Deserialize, Serialize};

/// What a reminder is about. Untagged and flattened so that a job queued before projects were
/// reminded (`{"application": …}`) still reads as an application's.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Reminded {
    Application { application: FundingApplicationId },
    Project { project: ProjectId },
}

/// A reminder job: sent only if what it is about still answers the opportunity and is being
/// prepared, the deadline has not moved since it was queued (a move queues its own) and it was
/// not sent already.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FundingReminder {
    #[serde(flatten)]
    reminded: Reminded,
    deadline: Timestamp,
    days_before: i64,
}

/// The record a reminder is about, read when it is due (boxed: a project is the larger).
enum Subject {
    Application(Box<FundingApplication>),
    Project(Box<Project>),
}

impl Subject {
    fn answers(&self) -> Option<mekong_core::ids::OpportunityId> {
        match self {
            Subject::Application(a) => Some(a.opportunity),
            Subject::Project(p) => p.opportunity,
        }
    }

    fn owner(&self) -> Option<UserId> {
        match self {
            Subject::Application(a) => Some(a.owner),
            Subject::Project(p) => p.owner,
        }
    }

    fn due(&self, days_before: i64, deadline: Timestamp, now: Timestamp) -> bool {
        match self {
            Subject::Application(a) => a.reminder_due(days_before, deadline, now),
            Subject::Project(p) => p.reminder_due(days_before, deadline, now),
        }
    }
}

impl App {
    /// Queues the reminders of an application in preparation for the deadline at `deadline`.
    pub(crate) async fn schedule_application_reminders(
        &self,
        txn: &WriteTxn,
        application: &FundingApplication,
        deadline: Timestamp,
    ) -> Result<(), AppError> {
        let reminded = Reminded::Application { application: application.id };
        self.schedule_funding_reminders(txn, reminded, &application.reminded, deadline).await
    }

    /// Queues the reminders 30 and 7 days before `deadline` (those already past or already sent
    /// are skipped).
    async fn schedule_funding_reminders(
        &self,
        txn: &WriteTxn,
        reminded: Reminded,
        sent: &[i64],
        deadline: Timestamp,
    ) -> Result<(), AppError> {
        for days_before in REMINDER_DAYS {
            let run_at = deadline - SignedDuration::from_hours(24 * days_before);
            if run_at > self.clock.now() && !sent.contains(&days_before) {
                let job = Job::FundingReminder(FundingReminder { reminded, deadline, days_before });
                self.enqueue(txn, &job, run_at).await?;
            }
        }
        Ok(())
    }

    /// Queues the reminders of a project answering an opportunity for the deadline at `deadline`.
    pub(crate) async fn schedule_answering_project_reminders(
        &self,
        txn: &WriteTxn,
        project: &Project,
        deadline: Timestamp,
    ) -> Result<(), AppError> {
        self.schedule_funding_reminders(txn, Reminded::Project { project: project.id }, &project.reminded, deadline)
            .await
    }

    /// Queues the reminders of `project` when it has just come to answer an opportunity (created
    /// so, or its opportunity changed), while it is still prepared.
    pub(crate) async fn schedule_project_reminders(
        &self,
        txn: &WriteTxn,
        before: Option<&Project>,
        after: &Project,
    ) -> Result<(), AppError> {
        let Some(opportunity) = after.opportunity else { return Ok(()) };
        if before.is_some_and(|b| b.opportunity == after.opportunity) || !after.stage.seeks_funding() {
            return Ok(());
        }
        let deadline = self.store.opportunity(opportunity).await?.deadline.instant;
        self.schedule_answering_project_reminders(txn, after, deadline).await
    }

    /// Writes the reminder to the owner in their language, once, while what it is about still
    /// answers the opportunity, is being prepared, and the deadline has neither moved nor passed.
    pub(crate) async fn send_funding_reminder(&self, reminder: &FundingReminder) -> Result<(), String> {
        let txn = self.store.begin_write().await.map_err(|e| e.to_string())?;
        let subject = match reminder.reminded {
            Reminded::Application { application } => {
                Subject::Application(Box::new(txn.funding_application(application).await.map_err(|e| e.to_string())?))
            }
            // Saved below with its version checked: a change meanwhile fails the job, which is retried.
            Reminded::Project { project } => {
                Subject::Project(Box::new(self.store.project(project).await.map_err(|e| e.to_string())?))
            }
        };
        let (Some(opportunity), Some(owner)) = (subject.answers(), subject.owner()) else { return Ok(()) };
        let opportunity = self.store.opportunity(opportunity).await.map_err(|e| e.to_string())?;
        if opportunity.deadline.instant != reminder.deadline
            || !subject.due(reminder.days_before, reminder.deadline, self.clock.now())
        {
            return Ok(());
        }
        let change = match subject {
            Subject::Application(before) => {
                let letter = self.reminder_letter(&opportunity, reminder.days_before, None);
                self.queue_reminder(&txn, owner, letter).await.map_err(|e| e.to_string())?;
                let mut after = (*before).clone();
                after.reminded.push(reminder.days_before);
                after.version += 1;
                txn.save_funding_application(&after).await.map_err(|e| e.to_string())?;
                reminded_change(
                    "funding.application_reminded",
                    "funding_application",
                    after.id.to_string(),
                    (&*before, &after),
                )
            }
            Subject::Project(before) => {
                let letter = self.reminder_letter(&opportunity, reminder.days_before, Some(&before));
                self.queue_reminder(&txn, owner, letter).await.map_err(|e| e.to_string())?;
                let mut after = (*before).clone();
                after.reminded.push(reminder.days_before);
                after.version += 1;
                txn.save_project(&after).await.map_err(|e| e.to_string())?;
                reminded_change("project.reminded", "project", after.id.to_string(), (&*before, &after))
            }
        };
        self.record(&txn, system_actor("funding reminder"), change).await.map_err(|e| e.to_string())?;
        txn.commit().await.map_err(|e| e.to_string())
    }

    /// The reminder's letter: the opportunity, its funder, the deadline in the funder's zone and
    /// the days left; a project's names the project and links to it.
    fn reminder_letter(
        &self,
        opportunity: &Opportunity,
        days_before: i64,
        project: Option<&Project>,
    ) -> ReminderLetter {
        let deadline = &opportunity.deadline;
        ReminderLetter {
            title: opportunity.title.clone(),
            project: project.map(|p| (p.number.clone(), p.title.clone())),
            funder: opportunity.funder_name.clone(),
            deadline: mekong_core::deadline::unambiguous(&deadline.in_zone(&deadline.time_zone)),
            days_before,
            link: match project {
                Some(project) => format!("{}/projects/{}", self.public_url, project.id),
                None => format!("{}/funding/{}", self.public_url, opportunity.id),
            },
        }
    }

    /// Queues `letter` to `owner`, in their language.
    async fn queue_reminder(&self, txn: &WriteTxn, owner: UserId, letter: ReminderLetter) -> Result<(), AppError> {
        let owner = self.store.find_user(owner).await?;
        let lang = owner.language;
        let project = letter.project.as_ref().map(|(number, title)| format!("{number} · {}", title.get(lang)));
        let mut args = vec![
            ("name", Arg::from(owner.display_name.as_str())),
            ("title", Arg::from(letter.title.get(lang))),
            ("funder", Arg::from(letter.funder.as_str())),
            ("deadline", Arg::from(letter.deadline.as_str())),
            ("days", Arg::Num(letter.days_before as f64)),
        ];
        if let Some(project) = &project {
            args.push(("project", Arg::from(project.as_str())));
        }
        let body =
            if project.is_some() { "email-funding-reminder-project-body" } else { "email-funding-reminder-body" };
        let letter = Letter {
            subject: "email-funding-reminder-subject",
            paragraphs: &["email-greeting", body],
            args,
            link: Some(letter.link),
            attachment: None,
        };
        self.queue_email(txn, &owner.email, &owner.display_name, lang, letter).await.map(|_| ())
    }
}

/// What a reminder says, before it is put in the owner's language.
struct ReminderLetter {
    title: mekong_core::Text,
    /// The project's number and title, when the reminder is a project's.
    project: Option<(String, mekong_core::Text)>,
    funder: String,
    deadline: String,
    days_before: i64,
    link: String,
}

fn reminded_change<T: Serialize>(
    action: &'static str,
    entity_type: &'static str,
    entity_id: String,
    (before, after): (&T, &T),
) -> Change<'static> {
    Change {
        action,
        entity_type,
        entity_id,
        before: serde_json::to_value(before).ok(),
        after: serde_json::to_value(after).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reminder_queued_before_projects_were_reminded_still_reads_as_an_application_s() -> Result<(), serde_json::Error>
    {
        let old = r#"{"kind":"funding_reminder","application":"0195d8a0-0000-7000-8000-000000000030","deadline":"2027-01-11T16:59:59Z","days_before":30}"#;
        let Job::FundingReminder(read) = serde_json::from_str::<Job>(old)? else {
            return Err(serde::de::Error::custom("not a funding reminder"));
        };
        assert!(matches!(read.reminded, Reminded::Application { .. }), "{read:?}");
        assert_eq!(read.days_before, 30);
        let project = FundingReminder { reminded: Reminded::Project { project: ProjectId::new() }, ..read };
        let again = serde_json::to_string(&Job::FundingReminder(project))?;
        assert!(again.contains("\"project\":") && !again.contains("\"application\":"), "{again}");
        let Job::FundingReminder(back) = serde_json::from_str::<Job>(&again)? else {
            return Err(serde::de::Error::custom("not a funding reminder"));
        };
        assert!(matches!(back.reminded, Reminded::Project { .. }), "a project's reads back as a project's");
        Ok(())
    }
}
