//! Background jobs: enqueued in the transaction of the change that causes them, run by a worker
//! in the same process, retried with growing delays, given up after the last attempt. A job that
//! panics, or whose worker is killed, counts its attempts like any failure and never stops the queue.

use crate::events::EventReminder;
use crate::funding::FundingReminder;
use crate::mail::EmailJob;
use crate::{App, AppError};
use jiff::{SignedDuration, Timestamp};
use mekong_store::WriteTxn;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Every kind of job, serialised with its name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Job {
    SendEmail(EmailJob),
    EventReminder(EventReminder),
    FundingReminder(FundingReminder),
}

impl Job {
    fn name(&self) -> &'static str {
        match self {
            Job::SendEmail(_) => "send_email",
            Job::EventReminder(_) => "event_reminder",
            Job::FundingReminder(_) => "funding_reminder",
        }
    }
}

/// How long a worker may hold a job before another may take it over.
const LEASE: SignedDuration = SignedDuration::from_mins(5);

/// The wait before attempt `n + 1`: 1, 5, 25, 125 minutes.
fn retry_delay(attempts: i32) -> SignedDuration {
    SignedDuration::from_mins(5_i64.pow(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(4)))
}

impl App {
    pub(crate) async fn enqueue(&self, txn: &WriteTxn, job: &Job, run_at: Timestamp) -> Result<(), AppError> {
        let payload = serde_json::to_string(job).map_err(|e| AppError::Internal(format!("job payload: {e}")))?;
        txn.enqueue_job(job.name(), &payload, run_at, self.clock.now()).await?;
        Ok(())
    }

    /// Runs every job that is due, one after the other; returns how many ran.
    pub async fn run_due_jobs(&self) -> Result<usize, AppError> {
        self.give_up_abandoned_jobs().await?;
        // Retention is a matter of time passing, not of a change: checked at each round.
        self.erase_expired_applications().await?;
        let mut ran = 0;
        loop {
            let now = self.clock.now();
            let Some(claimed) = self.store.claim_job(now, now + LEASE).await? else { return Ok(ran) };
            ran += 1;
            let job = serde_json::from_str::<Job>(&claimed.payload);
            let outcome = match &job {
                Ok(job) => self.run_guarded(job.clone()).await,
                Err(error) => Err(format!("unreadable job: {error}")),
            };
            match outcome {
                Ok(()) => self.store.complete_job(claimed.id).await?,
                Err(error) => {
                    let retry = (claimed.attempts < claimed.max_attempts).then(|| now + retry_delay(claimed.attempts));
                    tracing::warn!(job = %claimed.id, kind = claimed.kind, attempts = claimed.attempts, error, "job failed");
                    if let Ok(job) = &job {
                        self.record_failure(job, &error, retry.is_none()).await?;
                    }
                    self.store.fail_job(claimed.id, &error, retry).await?;
                }
            }
        }
    }

    /// Runs one job with its panics caught: a job that panics (a library's bug, a poisoned
    /// payload) fails like any other and is retried, then given up; the worker carries on.
    async fn run_guarded(&self, job: Job) -> Result<(), String> {
        use futures_util::FutureExt;
        match std::panic::AssertUnwindSafe(self.run(job)).catch_unwind().await {
            Ok(outcome) => outcome,
            Err(panic) => Err(format!("panicked: {}", panic_message(panic.as_ref()))),
        }
    }

    /// Gives up the jobs whose worker stopped during their last attempt (the process was
    /// killed), recording why, instead of taking them again.
    async fn give_up_abandoned_jobs(&self) -> Result<(), AppError> {
        for abandoned in self.store.abandoned_jobs(self.clock.now()).await? {
            let error =
                format!("the worker stopped during attempt {} of {}", abandoned.attempts, abandoned.max_attempts);
            tracing::error!(job = %abandoned.id, kind = abandoned.kind, error, "job given up");
            let job = serde_json::from_str::<Job>(&abandoned.payload);
            // A message marked sent before its worker stopped was delivered: it is done.
            if let Ok(Job::SendEmail(email)) = &job
                && self.store.find_email(email.email_id).await.is_ok_and(|r| r.status == "sent")
            {
                self.store.complete_job(abandoned.id).await?;
                continue;
            }
            if let Ok(job) = job {
                self.record_failure(&job, &error, true).await?;
            }
            self.store.fail_job(abandoned.id, &error, None).await?;
        }
        Ok(())
    }

    /// Keeps what a failure means for the job's own record: an email shows it on the outbox page.
    async fn record_failure(&self, job: &Job, error: &str, given_up: bool) -> Result<(), AppError> {
        if let Job::SendEmail(email) = job {
            self.store.mark_email_failed(email.email_id, error, given_up).await?;
        }
        Ok(())
    }

    async fn run(&self, job: Job) -> Result<(), String> {
        match job {
            Job::SendEmail(email) => self.send_email(&email).await,
            Job::EventReminder(reminder) => self.send_reminder(&reminder).await,
            Job::FundingReminder(reminder) => self.send_funding_reminder(&reminder).await,
        }
    }

    /// Runs due jobs every second until `stop` says so.
    pub async fn run_job_worker(&self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if let Err(error) = self.run_due_jobs().await {
                tracing::error!(%error, "job worker");
            }
            tokio::select! {
                _ = stop.changed() => return,
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }
}

/// The text a panic was raised with (`panic!("...")` carries a `&str` or a `String`).
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off() {
        let minutes: Vec<i64> = (1..=6).map(|n| retry_delay(n).as_mins()).collect();
        assert_eq!(minutes, [1, 5, 25, 125, 625, 625]);
    }

    #[tokio::test]
    async fn a_panic_is_caught_with_its_message() {
        use futures_util::FutureExt;
        let panicking = async {
            #[expect(clippy::panic, reason = "the panic under test")]
            {
                panic!("header value with a line break")
            }
        };
        let caught = std::panic::AssertUnwindSafe(panicking).catch_unwind().await;
        assert_eq!(caught.err().as_deref().map(panic_message), Some("header value with a line break"));
    }
}
