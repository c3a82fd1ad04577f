//! The job queue (work done after the request: emails, reminders, indexing) and the record of
//! outgoing emails. Jobs are enqueued in the transaction of the change that causes them.

use crate::time::{from_chrono, to_chrono};
use crate::{Backend, Store, StoreError, WriteTxn};
use jiff::Timestamp;
use mekong_core::ids::{EmailId, JobId};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    Set, Statement,
};

pub(crate) mod job {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "jobs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub payload: String,
        /// `queued`, `running`, `done` or `dead`.
        pub status: String,
        pub attempts: i32,
        pub max_attempts: i32,
        pub run_at: DateTimeUtc,
        pub locked_until: Option<DateTimeUtc>,
        pub last_error: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod email {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "emails")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub recipient: String,
        pub subject: String,
        pub language: String,
        /// `queued`, `sent` or `failed`.
        pub status: String,
        pub outbox_file: Option<String>,
        pub last_error: Option<String>,
        pub created_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A job handed to a worker.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ClaimedJob {
    pub id: uuid::Uuid,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub max_attempts: i32,
}

/// A job given up after its last attempt, as the outbox page lists it.
#[derive(Debug, Clone)]
pub struct DeadJob {
    pub kind: String,
    pub attempts: i32,
    pub last_error: String,
    pub created_at: Timestamp,
}

/// An outgoing email as the outbox page lists it.
#[derive(Debug, Clone)]
pub struct EmailRecord {
    pub id: EmailId,
    pub recipient: String,
    pub subject: String,
    pub language: String,
    pub status: String,
    pub outbox_file: Option<String>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

impl From<email::Model> for EmailRecord {
    fn from(row: email::Model) -> Self {
        EmailRecord {
            id: EmailId(row.id),
            recipient: row.recipient,
            subject: row.subject,
            language: row.language,
            status: row.status,
            outbox_file: row.outbox_file,
            last_error: row.last_error,
            created_at: from_chrono(row.created_at),
            sent_at: row.sent_at.map(from_chrono),
        }
    }
}

impl WriteTxn {
    pub async fn enqueue_job(
        &self,
        kind: &str,
        payload: &str,
        run_at: Timestamp,
        now: Timestamp,
    ) -> Result<JobId, StoreError> {
        let id = JobId::new();
        job::ActiveModel {
            id: Set(id.0),
            kind: Set(kind.to_owned()),
            payload: Set(payload.to_owned()),
            status: Set("queued".to_owned()),
            attempts: Set(0),
            max_attempts: Set(5),
            run_at: Set(to_chrono(run_at)),
            locked_until: Set(None),
            last_error: Set(None),
            created_at: Set(to_chrono(now)),
        }
        .insert(&**self)
        .await?;
        Ok(id)
    }

    pub async fn insert_email(
        &self,
        id: EmailId,
        recipient: &str,
        subject: &str,
        language: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        email::ActiveModel {
            id: Set(id.0),
            recipient: Set(recipient.to_owned()),
            subject: Set(subject.to_owned()),
            language: Set(language.to_owned()),
            status: Set("queued".to_owned()),
            outbox_file: Set(None),
            last_error: Set(None),
            created_at: Set(to_chrono(now)),
            sent_at: Set(None),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }
}

impl Store {
    /// Hands the next due job (or one whose worker's lease ran out) to this worker, leased
    /// until `lease_until`. On PostgreSQL, `SKIP LOCKED` lets several processes share the queue.
    /// A job whose lease ran out on its last attempt is not taken again (see `abandoned_jobs`):
    /// a job that kills its worker would otherwise kill every worker that takes it, for ever.
    pub async fn claim_job(&self, now: Timestamp, lease_until: Timestamp) -> Result<Option<ClaimedJob>, StoreError> {
        let txn = self.begin_write().await?;
        let (sql, values) = match self.backend() {
            Backend::Postgres => (
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $1 \
                 WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= $2) \
                 OR (status = 'running' AND locked_until < $2 AND attempts < max_attempts) ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING id, kind, payload, attempts, max_attempts",
                vec![to_chrono(lease_until).into(), to_chrono(now).into()],
            ),
            Backend::Sqlite => (
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = ? \
                 WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= ?) \
                 OR (status = 'running' AND locked_until < ? AND attempts < max_attempts) ORDER BY run_at LIMIT 1) \
                 RETURNING id, kind, payload, attempts, max_attempts",
                vec![to_chrono(lease_until).into(), to_chrono(now).into(), to_chrono(now).into()],
            ),
        };
        let statement = Statement::from_sql_and_values(txn.get_database_backend(), sql, values);
        let job = ClaimedJob::find_by_statement(statement).one(&*txn).await?;
        txn.commit().await?;
        Ok(job)
    }

    /// Jobs whose worker stopped (the process was killed) during their last attempt: they are
    /// claimed no more, and the caller gives them up with `fail_job`.
    pub async fn abandoned_jobs(&self, now: Timestamp) -> Result<Vec<ClaimedJob>, StoreError> {
        Ok(job::Entity::find()
            .select_only()
            .columns([job::Column::Id, job::Column::Kind, job::Column::Payload])
            .columns([job::Column::Attempts, job::Column::MaxAttempts])
            .filter(job::Column::Status.eq("running"))
            .filter(job::Column::LockedUntil.lt(to_chrono(now)))
            .filter(Expr::col(job::Column::Attempts).gte(Expr::col(job::Column::MaxAttempts)))
            .into_model::<ClaimedJob>()
            .all(self.reader())
            .await?)
    }

    /// The jobs given up, newest first, for the outbox page.
    pub async fn dead_jobs(&self, limit: u64) -> Result<Vec<DeadJob>, StoreError> {
        Ok(job::Entity::find()
            .filter(job::Column::Status.eq("dead"))
            .order_by_desc(job::Column::CreatedAt)
            .limit(limit)
            .all(self.reader())
            .await?
            .into_iter()
            .map(|row| DeadJob {
                kind: row.kind,
                attempts: row.attempts,
                last_error: row.last_error.unwrap_or_default(),
                created_at: from_chrono(row.created_at),
            })
            .collect())
    }

    pub async fn complete_job(&self, id: uuid::Uuid) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        // The payload may carry a one-time link: it is not kept once the job has run.
        job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value("done"))
            .col_expr(job::Column::Payload, Expr::value("{}"))
            .col_expr(job::Column::LockedUntil, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
            .filter(job::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// Records a failure: the job runs again at `retry_at`, or is given up (`dead`) when none.
    pub async fn fail_job(&self, id: uuid::Uuid, error: &str, retry_at: Option<Timestamp>) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        let mut update = job::Entity::update_many()
            .col_expr(job::Column::LastError, Expr::value(error))
            .col_expr(job::Column::LockedUntil, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None));
        update = match retry_at {
            Some(at) => update
                .col_expr(job::Column::Status, Expr::value("queued"))
                .col_expr(job::Column::RunAt, Expr::value(to_chrono(at))),
            None => update
                .col_expr(job::Column::Status, Expr::value("dead"))
                .col_expr(job::Column::Payload, Expr::value("{}")),
        };
        update.filter(job::Column::Id.eq(id)).exec(&*txn).await?;
        txn.commit().await
    }

    pub async fn mark_email_sent(
        &self,
        id: EmailId,
        outbox_file: Option<&str>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        email::Entity::update_many()
            .col_expr(email::Column::Status, Expr::value("sent"))
            .col_expr(email::Column::OutboxFile, Expr::value(outbox_file.map(str::to_owned)))
            .col_expr(email::Column::SentAt, Expr::value(Some(to_chrono(now))))
            .filter(email::Column::Id.eq(id.0))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    pub async fn mark_email_failed(&self, id: EmailId, error: &str, final_failure: bool) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        email::Entity::update_many()
            .col_expr(email::Column::Status, Expr::value(if final_failure { "failed" } else { "queued" }))
            .col_expr(email::Column::LastError, Expr::value(error))
            .filter(email::Column::Id.eq(id.0))
            // A message once sent stays sent: a later failure of its job does not unsend it.
            .filter(email::Column::Status.ne("sent"))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// The most recent emails, newest first.
    pub async fn recent_emails(&self, limit: u64) -> Result<Vec<EmailRecord>, StoreError> {
        Ok(email::Entity::find()
            .order_by_desc(email::Column::CreatedAt)
            .limit(limit)
            .all(self.reader())
            .await?
            .into_iter()
            .map(EmailRecord::from)
            .collect())
    }

    pub async fn find_email(&self, id: EmailId) -> Result<EmailRecord, StoreError> {
        email::Entity::find_by_id(id.0).one(self.reader()).await?.map(EmailRecord::from).ok_or(StoreError::NotFound)
    }
}
