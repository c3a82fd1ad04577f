//! The audit trail: appended in the same transaction as the change it records, chained by hash.
//! Payloads of entries sealed with digests live in `audit_payloads`, where erasure can blank
//! them while their digests stay for the chain.

use crate::time::{from_chrono, to_chrono};
use crate::{Backend, Store, StoreError, WriteTxn};
use jiff::Timestamp;
use mekong_core::audit::{AuditActor, AuditChange, AuditEntry, PayloadSalts, PayloadSeal, Seal, seal_entry};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

mod entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub seq: i64,
        pub at: DateTimeUtc,
        /// The actor as JSON.
        pub actor: String,
        /// Indexed copy of the acting user, for filtering.
        pub actor_user_id: Option<Uuid>,
        pub action: String,
        pub entity_type: String,
        pub entity_id: String,
        /// Payloads of entries sealed the original way (version 1); later ones are in
        /// `audit_payloads`.
        pub before: Option<String>,
        pub after: Option<String>,
        pub prev_hash: String,
        pub hash: String,
        /// 1: the original formula; 2: sealed with payload digests.
        pub hash_version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod payload {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_payloads")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub seq: i64,
        /// `before` or `after`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub side: String,
        pub digest: String,
        /// Gone, with the body, once erased.
        pub salt: Option<String>,
        pub body: Option<String>,
        pub erased_at: Option<DateTimeUtc>,
        pub erased_by_seq: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod head {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_head")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub seq: i64,
        pub hash: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

const BEFORE: &str = "before";
const AFTER: &str = "after";

fn corrupt(seq: i64, what: &str) -> StoreError {
    StoreError::Corrupt(format!("audit entry {seq}: unreadable {what}"))
}

fn parse_json(seq: i64, what: &str, text: Option<String>) -> Result<Option<serde_json::Value>, StoreError> {
    text.map(|t| serde_json::from_str(&t).map_err(|_| corrupt(seq, what))).transpose()
}

/// One side's payload of an entry sealed with digests: its seal and its body (if not erased).
type SealedPayload = (Option<PayloadSeal>, Option<serde_json::Value>);

fn sealed_payload(seq: i64, row: Option<payload::Model>) -> Result<SealedPayload, StoreError> {
    let Some(row) = row else { return Ok((None, None)) };
    let body = parse_json(seq, &row.side, row.body)?;
    Ok((Some(PayloadSeal { digest: row.digest, salt: row.salt }), body))
}

/// An entry from its row and, for entries sealed with digests, its payload rows.
fn entry_from(
    row: entry::Model,
    payloads: &mut HashMap<(i64, String), payload::Model>,
) -> Result<AuditEntry, StoreError> {
    let actor: AuditActor = serde_json::from_str(&row.actor).map_err(|_| corrupt(row.seq, "actor"))?;
    let seq = row.seq;
    let (seal, before, after) = match row.hash_version {
        1 => (Seal::Original, parse_json(seq, BEFORE, row.before)?, parse_json(seq, AFTER, row.after)?),
        2 => {
            let (before_seal, before) = sealed_payload(seq, payloads.remove(&(seq, BEFORE.to_owned())))?;
            let (after_seal, after) = sealed_payload(seq, payloads.remove(&(seq, AFTER.to_owned())))?;
            (Seal::Digests { before: before_seal, after: after_seal }, before, after)
        }
        _ => return Err(corrupt(seq, "hash version")),
    };
    Ok(AuditEntry {
        seq,
        at: from_chrono(row.at),
        change: AuditChange {
            actor,
            action: row.action,
            entity_type: row.entity_type,
            entity_id: row.entity_id,
            before,
            after,
        },
        seal,
        prev_hash: row.prev_hash,
        hash: row.hash,
    })
}

/// Reads the payloads of `rows` in one query and assembles the entries.
async fn entries_from(db: &impl ConnectionTrait, rows: Vec<entry::Model>) -> Result<Vec<AuditEntry>, StoreError> {
    let sealed: Vec<i64> = rows.iter().filter(|r| r.hash_version == 2).map(|r| r.seq).collect();
    let mut payloads = HashMap::new();
    for chunk in sealed.chunks(500) {
        let found = payload::Entity::find().filter(payload::Column::Seq.is_in(chunk.to_vec())).all(db).await?;
        payloads.extend(found.into_iter().map(|p| ((p.seq, p.side.clone()), p)));
    }
    rows.into_iter().map(|row| entry_from(row, &mut payloads)).collect()
}

/// Entries in sequence order from `after_seq` on, at most `size`.
async fn page(db: &impl ConnectionTrait, after_seq: i64, size: u64) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = entry::Entity::find()
        .filter(entry::Column::Seq.gt(after_seq))
        .order_by_asc(entry::Column::Seq)
        .limit(size)
        .all(db)
        .await?;
    entries_from(db, rows).await
}

/// Fresh random salts for an entry's payloads.
fn new_salts() -> Result<PayloadSalts, StoreError> {
    let salt = || {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))?;
        Ok::<String, StoreError>(bytes.iter().map(|b| format!("{b:02x}")).collect())
    };
    Ok(PayloadSalts { before: salt()?, after: salt()? })
}

fn payload_row(seq: i64, side: &str, seal: &PayloadSeal, body: Option<&serde_json::Value>) -> payload::ActiveModel {
    payload::ActiveModel {
        seq: Set(seq),
        side: Set(side.to_owned()),
        digest: Set(seal.digest.clone()),
        salt: Set(seal.salt.clone()),
        body: Set(body.map(serde_json::Value::to_string)),
        erased_at: Set(None),
        erased_by_seq: Set(None),
    }
}

/// Which entries concern someone: those about a record of theirs, and those whose payloads
/// contain one of their identifiers (an id, an email).
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    /// `(entity_type, entity_id)` of their records.
    pub records: Vec<(String, String)>,
    /// Texts that only their payloads contain; matched without regard to case.
    pub texts: Vec<String>,
}

impl Mentions {
    /// Entries about one of their records.
    fn about(&self) -> Condition {
        self.records.iter().fold(Condition::any(), |any, (kind, id)| {
            any.add(
                Condition::all()
                    .add(entry::Column::EntityType.eq(kind.as_str()))
                    .add(entry::Column::EntityId.eq(id.as_str())),
            )
        })
    }

    /// Whether one of `columns` contains one of the texts.
    fn contained_in(&self, columns: &[impl ColumnTrait]) -> Condition {
        let texts = self.texts.iter().filter(|t| !t.is_empty());
        texts.fold(Condition::any(), |any, text| {
            columns.iter().fold(any, |any, column| any.add(contains_text(*column, text)))
        })
    }
}

/// Whether `column` contains `text`, whatever the case; wildcards in `text` are taken literally.
pub(crate) fn contains_text(column: impl ColumnTrait, text: &str) -> Condition {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let pattern = LikeExpr::new(format!("%{escaped}%")).escape('\\');
    Condition::all().add(Expr::expr(Func::lower(Expr::col(column))).like(pattern))
}

impl WriteTxn {
    /// Takes the head's row lock (by bumping its sequence), so that concurrent writers on
    /// PostgreSQL chain one after the other instead of forking the chain; returns the head.
    async fn lock_head(&self, by: i64) -> Result<head::Model, StoreError> {
        head::Entity::update_many()
            .col_expr(head::Column::Seq, Expr::col(head::Column::Seq).add(by))
            .filter(head::Column::Id.eq(1))
            .exec(&**self)
            .await?;
        head::Entity::find_by_id(1).one(&**self).await?.ok_or(StoreError::NotFound)
    }

    async fn set_head_hash(&self, hash: &str) -> Result<(), StoreError> {
        head::Entity::update_many()
            .col_expr(head::Column::Hash, Expr::value(hash))
            .filter(head::Column::Id.eq(1))
            .exec(&**self)
            .await?;
        Ok(())
    }

    /// Appends `change` to the trail, sealed with digests; returns its sequence number.
    pub async fn append_audit(&self, change: AuditChange, at: Timestamp) -> Result<i64, StoreError> {
        let current = self.lock_head(1).await?;
        let entry = seal_entry(current.seq, at, change, new_salts()?, &current.hash);
        entry::ActiveModel {
            seq: Set(entry.seq),
            at: Set(to_chrono(entry.at)),
            actor: Set(serde_json::to_string(&entry.change.actor).map_err(|e| StoreError::Corrupt(e.to_string()))?),
            actor_user_id: Set(entry.change.actor.user_id()),
            action: Set(entry.change.action.clone()),
            entity_type: Set(entry.change.entity_type.clone()),
            entity_id: Set(entry.change.entity_id.clone()),
            before: Set(None),
            after: Set(None),
            prev_hash: Set(entry.prev_hash.clone()),
            hash: Set(entry.hash.clone()),
            hash_version: Set(entry.seal.version()),
        }
        .insert(&**self)
        .await?;
        self.write_payloads(&entry).await?;
        self.set_head_hash(&entry.hash).await?;
        Ok(entry.seq)
    }

    /// Writes the payloads an entry holds; erased ones are left as they are.
    async fn write_payloads(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let Seal::Digests { before, after } = &entry.seal else { return Ok(()) };
        let sides = [(BEFORE, before, &entry.change.before), (AFTER, after, &entry.change.after)];
        for (side, seal, body) in sides {
            let Some(seal) = seal.as_ref().filter(|s| !s.is_erased()) else { continue };
            payload::Entity::delete_many()
                .filter(payload::Column::Seq.eq(entry.seq))
                .filter(payload::Column::Side.eq(side))
                .exec(&**self)
                .await?;
            payload_row(entry.seq, side, seal, body.as_ref()).insert(&**self).await?;
        }
        Ok(())
    }

    /// Entries in sequence order from `after_seq` on, inside this transaction.
    pub async fn audit_page(&self, after_seq: i64, size: u64) -> Result<Vec<AuditEntry>, StoreError> {
        page(&**self, after_seq, size).await
    }

    /// Re-seals every entry from `from` on with digests, chained after the entry before it;
    /// returns how many were re-sealed and the head hash they replaced. The caller has checked
    /// that the entries before `from` verify.
    pub async fn reseal_audit(&self, from: i64) -> Result<(i64, String), StoreError> {
        let head = self.lock_head(0).await?;
        let mut prev_hash = match from {
            ..=1 => mekong_core::audit::GENESIS_HASH.to_owned(),
            _ => entry::Entity::find_by_id(from - 1).one(&**self).await?.ok_or(StoreError::NotFound)?.hash,
        };
        let mut count = 0;
        let mut after = from - 1;
        loop {
            let entries = self.audit_page(after, 500).await?;
            let Some(last) = entries.last() else { break };
            after = last.seq;
            for entry in entries {
                let resealed = mekong_core::audit::reseal(entry, &prev_hash, new_salts()?);
                self.rewrite_entry(&resealed).await?;
                prev_hash.clone_from(&resealed.hash);
                count += 1;
            }
        }
        self.set_head_hash(&prev_hash).await?;
        Ok((count, head.hash))
    }

    async fn rewrite_entry(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        entry::Entity::update_many()
            .col_expr(entry::Column::At, Expr::value(to_chrono(entry.at)))
            .col_expr(entry::Column::Before, Expr::value(Option::<String>::None))
            .col_expr(entry::Column::After, Expr::value(Option::<String>::None))
            .col_expr(entry::Column::PrevHash, Expr::value(entry.prev_hash.clone()))
            .col_expr(entry::Column::Hash, Expr::value(entry.hash.clone()))
            .col_expr(entry::Column::HashVersion, Expr::value(entry.seal.version()))
            .filter(entry::Column::Seq.eq(entry.seq))
            .exec(&**self)
            .await?;
        self.write_payloads(entry).await
    }

    /// The first entry sealed the original way that concerns someone: their payloads can be
    /// erased only once it is re-sealed with digests.
    pub async fn first_original_entry_mentioning(&self, mentions: &Mentions) -> Result<Option<i64>, StoreError> {
        let found = entry::Entity::find()
            .filter(entry::Column::HashVersion.eq(1))
            .filter(
                Condition::any()
                    .add(mentions.about())
                    .add(mentions.contained_in(&[entry::Column::Before, entry::Column::After])),
            )
            .order_by_asc(entry::Column::Seq)
            .one(&**self)
            .await?;
        Ok(found.map(|e| e.seq))
    }

    /// Erases the payloads of entries before `erased_by` that concern someone: their bodies and
    /// salts go, their digests stay. Returns how many were erased.
    pub async fn erase_audit_payloads(
        &self,
        mentions: &Mentions,
        erased_by: i64,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        if self.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
            // Deleted content is overwritten with zeros rather than left in free space.
            self.execute_unprepared("PRAGMA secure_delete = ON").await?;
        }
        let about =
            Query::select().column(entry::Column::Seq).from(entry::Entity).cond_where(mentions.about()).to_owned();
        let result = payload::Entity::update_many()
            .col_expr(payload::Column::Body, Expr::value(Option::<String>::None))
            .col_expr(payload::Column::Salt, Expr::value(Option::<String>::None))
            .col_expr(payload::Column::ErasedAt, Expr::value(to_chrono(at)))
            .col_expr(payload::Column::ErasedBySeq, Expr::value(erased_by))
            .filter(payload::Column::Seq.lt(erased_by))
            .filter(payload::Column::Body.is_not_null())
            .filter(
                Condition::any()
                    .add(payload::Column::Seq.in_subquery(about))
                    .add(mentions.contained_in(&[payload::Column::Body])),
            )
            .exec(&**self)
            .await?;
        Ok(result.rows_affected)
    }
}

/// Which entries to list.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub user: Option<uuid::Uuid>,
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub limit: u64,
}

impl Store {
    /// Entries matching `filter`, newest first.
    pub async fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut query = entry::Entity::find().order_by_desc(entry::Column::Seq).limit(Ord::max(filter.limit, 1));
        if let Some(kind) = &filter.entity_type {
            query = query.filter(entry::Column::EntityType.eq(kind.as_str()));
        }
        if let Some(id) = &filter.entity_id {
            query = query.filter(entry::Column::EntityId.eq(id.as_str()));
        }
        if let Some(user) = filter.user {
            query = query.filter(entry::Column::ActorUserId.eq(user));
        }
        if let Some(from) = filter.from {
            query = query.filter(entry::Column::At.gte(to_chrono(from)));
        }
        if let Some(until) = filter.until {
            query = query.filter(entry::Column::At.lt(to_chrono(until)));
        }
        let rows = query.all(self.reader()).await?;
        entries_from(self.reader(), rows).await
    }

    /// Entries in sequence order from `after_seq` on, a page at a time, for the chain walk.
    pub async fn audit_page(&self, after_seq: i64, size: u64) -> Result<Vec<AuditEntry>, StoreError> {
        page(self.reader(), after_seq, size).await
    }

    /// How many entries were ever appended.
    pub async fn audit_head_seq(&self) -> Result<i64, StoreError> {
        Ok(head::Entity::find_by_id(1).one(self.reader()).await?.map_or(0, |h| h.seq))
    }

    /// After an erasure, makes the database files forget what was erased. SQLite keeps deleted
    /// rows in free pages, in the write-ahead log and in the planner's sample rows: `ANALYZE`
    /// samples again, `VACUUM` rewrites every page and the checkpoint empties the log. On
    /// PostgreSQL, `VACUUM (FULL, ANALYZE)` rewrites `tables` without their dead row versions
    /// and samples them again (the server's own write-ahead log and backups are out of reach).
    /// Returns whether everything was done (a reader holding the log open can delay the
    /// checkpoint on SQLite).
    pub async fn purge_erased(&self, tables: &[&str]) -> Result<bool, StoreError> {
        let _writer = self.sqlite_writer_slot().await;
        match self.backend() {
            Backend::Sqlite => {
                // The planner's statistics keep sample rows of every index (names, emails):
                // gathered again, they hold only what is left.
                self.reader().execute_unprepared("ANALYZE").await?;
                self.reader().execute_unprepared("VACUUM").await?;
                // A reader in the middle of a query keeps the log from being emptied: a few tries.
                for _ in 0..10 {
                    let checkpoint = sea_orm::Statement::from_string(
                        sea_orm::DatabaseBackend::Sqlite,
                        "PRAGMA wal_checkpoint(TRUNCATE)",
                    );
                    let row = self.reader().query_one_raw(checkpoint).await?;
                    let busy: i32 = row.map(|r| r.try_get_by_index(0)).transpose()?.unwrap_or(1);
                    if busy == 0 {
                        return Ok(true);
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Ok(false)
            }
            Backend::Postgres => {
                for table in tables {
                    // ANALYZE too: the planner's statistics keep sample values of the columns.
                    self.reader().execute_unprepared(&format!("VACUUM (FULL, ANALYZE) {table}")).await?;
                }
                Ok(true)
            }
        }
    }
}
