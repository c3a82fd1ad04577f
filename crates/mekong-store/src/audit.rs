//! The audit trail: appended in the same transaction as the change it records, chained by hash.

use crate::time::{from_chrono, to_chrono};
use crate::{Store, StoreError, WriteTxn};
use jiff::Timestamp;
use mekong_core::audit::{AuditActor, AuditChange, AuditEntry, entry_hash};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

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
        pub before: Option<String>,
        pub after: Option<String>,
        pub prev_hash: String,
        pub hash: String,
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

fn corrupt(seq: i64, what: &str) -> StoreError {
    StoreError::Corrupt(format!("audit entry {seq}: unreadable {what}"))
}

fn parse_json(seq: i64, what: &str, text: Option<String>) -> Result<Option<serde_json::Value>, StoreError> {
    text.map(|t| serde_json::from_str(&t).map_err(|_| corrupt(seq, what))).transpose()
}

impl TryFrom<entry::Model> for AuditEntry {
    type Error = StoreError;
    fn try_from(row: entry::Model) -> Result<AuditEntry, StoreError> {
        let actor: AuditActor = serde_json::from_str(&row.actor).map_err(|_| corrupt(row.seq, "actor"))?;
        Ok(AuditEntry {
            seq: row.seq,
            at: from_chrono(row.at),
            change: AuditChange {
                actor,
                action: row.action,
                entity_type: row.entity_type,
                entity_id: row.entity_id,
                before: parse_json(row.seq, "before", row.before)?,
                after: parse_json(row.seq, "after", row.after)?,
            },
            prev_hash: row.prev_hash,
            hash: row.hash,
        })
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

impl WriteTxn {
    /// Appends `change` to the trail. Bumping the head first takes its row lock, so concurrent
    /// writers on PostgreSQL chain one after the other instead of forking the chain.
    pub async fn append_audit(&self, change: &AuditChange, at: Timestamp) -> Result<i64, StoreError> {
        head::Entity::update_many()
            .col_expr(head::Column::Seq, Expr::col(head::Column::Seq).add(1))
            .filter(head::Column::Id.eq(1))
            .exec(&**self)
            .await?;
        let current = head::Entity::find_by_id(1).one(&**self).await?.ok_or(StoreError::NotFound)?;
        let seq = current.seq;
        let hash = entry_hash(seq, at, change, &current.hash);
        let json = |value: &Option<serde_json::Value>| value.as_ref().map(serde_json::Value::to_string);
        entry::ActiveModel {
            seq: Set(seq),
            at: Set(to_chrono(at)),
            actor: Set(serde_json::to_string(&change.actor).map_err(|e| StoreError::Corrupt(e.to_string()))?),
            actor_user_id: Set(change.actor.user_id()),
            action: Set(change.action.clone()),
            entity_type: Set(change.entity_type.clone()),
            entity_id: Set(change.entity_id.clone()),
            before: Set(json(&change.before)),
            after: Set(json(&change.after)),
            prev_hash: Set(current.hash),
            hash: Set(hash.clone()),
        }
        .insert(&**self)
        .await?;
        head::Entity::update_many()
            .col_expr(head::Column::Hash, Expr::value(hash))
            .filter(head::Column::Id.eq(1))
            .exec(&**self)
            .await?;
        Ok(seq)
    }
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
        query.all(self.reader()).await?.into_iter().map(AuditEntry::try_from).collect()
    }

    /// Entries in sequence order from `after_seq` on, a page at a time, for the chain walk.
    pub async fn audit_page(&self, after_seq: i64, size: u64) -> Result<Vec<AuditEntry>, StoreError> {
        entry::Entity::find()
            .filter(entry::Column::Seq.gt(after_seq))
            .order_by_asc(entry::Column::Seq)
            .limit(size)
            .all(self.reader())
            .await?
            .into_iter()
            .map(AuditEntry::try_from)
            .collect()
    }

    /// How many entries were ever appended.
    pub async fn audit_head_seq(&self) -> Result<i64, StoreError> {
        Ok(head::Entity::find_by_id(1).one(self.reader()).await?.map_or(0, |h| h.seq))
    }
}
