//! The search change log: a row per change to an indexed record, written in the change's
//! transaction and numbered by its audit entry; every process follows it into its own index.

use crate::{Store, StoreError, WriteTxn};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

mod change {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "search_changes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub seq: i64,
        pub kind: String,
        pub entity_id: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A record to reindex: its kind and id, at the log's sequence number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchChange {
    pub seq: i64,
    pub kind: String,
    pub entity_id: String,
}

impl WriteTxn {
    /// Logs that the record changed, under the sequence number of the change's audit entry.
    pub async fn log_search_change(&self, seq: i64, kind: &str, entity_id: &str) -> Result<(), StoreError> {
        change::ActiveModel { seq: Set(seq), kind: Set(kind.to_owned()), entity_id: Set(entity_id.to_owned()) }
            .insert(&**self)
            .await?;
        Ok(())
    }
}

impl Store {
    /// The changes logged after `after`, oldest first, at most `limit`.
    pub async fn search_changes_after(&self, after: i64, limit: u64) -> Result<Vec<SearchChange>, StoreError> {
        let rows = change::Entity::find()
            .filter(change::Column::Seq.gt(after))
            .order_by_asc(change::Column::Seq)
            .limit(limit)
            .all(self.reader())
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| SearchChange { seq: row.seq, kind: row.kind, entity_id: row.entity_id })
            .collect())
    }

    /// The newest sequence number of the log (0 when empty): where a full reindex stands.
    pub async fn last_search_change(&self) -> Result<i64, StoreError> {
        let last = change::Entity::find().order_by_desc(change::Column::Seq).one(self.reader()).await?;
        Ok(last.map_or(0, |row| row.seq))
    }
}
