//! Background jobs: enqueued in the transaction of the change that causes them, run by a worker
//! in the same process, retried with growing delays, given up after the last attempt.

use crate::events::EventReminder;
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
}

impl Job {
    fn name(&self) -> &'static str {
        match self {
            Job::SendEmail(_) => "send_email",
            Job::EventReminder(_) => "event_reminder",
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
        let mut ran = 0;
        loop {
            let now = self.clock.now();
            let Some(claimed) = self.store.claim_job(now, now + LEASE).await? else { return Ok(ran) };
            ran += 1;
            let outcome = match serde_json::from_str::<Job>(&claimed.payload) {
                Ok(job) => self.run(job, claimed.attempts >= claimed.max_attempts).await,
                Err(error) => Err(format!("unreadable job: {error}")),
            };
            match outcome {
                Ok(()) => self.store.complete_job(claimed.id).await?,
                Err(error) => {
                    let retry = (claimed.attempts < claimed.max_attempts).then(|| now + retry_delay(claimed.attempts));
                    tracing::warn!(job = %claimed.id, kind = claimed.kind, attempts = claimed.attempts, error, "job failed");
                    self.store.fail_job(claimed.id, &error, retry).await?;
                }
            }
        }
    }

    async fn run(&self, job: Job, last_attempt: bool) -> Result<(), String> {
        match job {
            Job::SendEmail(email) => self.send_email(&email, last_attempt).await,
            Job::EventReminder(reminder) => self.send_reminder(&reminder).await,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off() {
        let minutes: Vec<i64> = (1..=6).map(|n| retry_delay(n).as_mins()).collect();
        assert_eq!(minutes, [1, 5, 25, 125, 625, 625]);
    }
}
