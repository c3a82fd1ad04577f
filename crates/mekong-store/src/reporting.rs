//! Queries of the reporting area: report settings, the narrative of each period, and
//! snapshots, stored as the exact text that was hashed so that a report made later from one is
//! byte for byte the report made when it was taken.

use crate::records::{from_record, to_record, updated_one};
use crate::time::{from_chrono, to_chrono};
use crate::{Store, StoreError, WriteTxn};
use mekong_core::ids::{PeriodId, ProgrammeId};
use mekong_core::reporting::{Narrative, ReportSettings};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

mod settings {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "report_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub programme_id: Uuid,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod narrative {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "report_narratives")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub period_id: Uuid,
        pub programme_id: Uuid,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod snapshot {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "report_snapshots")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub programme_id: Uuid,
        pub period_id: Uuid,
        pub taken_at: DateTimeUtc,
        pub sha256: String,
        pub document: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A snapshot as stored: the document exactly as hashed.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSnapshot {
    pub id: uuid::Uuid,
    pub programme: ProgrammeId,
    pub period: PeriodId,
    pub taken_at: jiff::Timestamp,
    pub sha256: String,
    pub document: String,
}

/// A snapshot in a list: everything but its document.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotEntry {
    pub id: uuid::Uuid,
    pub period: PeriodId,
    pub taken_at: jiff::Timestamp,
    pub sha256: String,
}

impl Store {
    pub async fn report_settings(&self, programme: ProgrammeId) -> Result<Option<ReportSettings>, StoreError> {
        let row = settings::Entity::find_by_id(programme.0).one(self.reader()).await?;
        row.map(|r| from_record("report settings", &r.record)).transpose()
    }

    pub async fn narrative(&self, period: PeriodId) -> Result<Option<Narrative>, StoreError> {
        let row = narrative::Entity::find_by_id(period.0).one(self.reader()).await?;
        row.map(|r| from_record("narrative", &r.record)).transpose()
    }

    pub async fn narratives(&self, programme: ProgrammeId) -> Result<Vec<Narrative>, StoreError> {
        let rows =
            narrative::Entity::find().filter(narrative::Column::ProgrammeId.eq(programme.0)).all(self.reader()).await?;
        rows.iter().map(|r| from_record("narrative", &r.record)).collect()
    }

    /// A programme's snapshots, newest first, without their documents.
    pub async fn snapshots(&self, programme: ProgrammeId) -> Result<Vec<SnapshotEntry>, StoreError> {
        let rows: Vec<(uuid::Uuid, uuid::Uuid, chrono::DateTime<chrono::Utc>, String)> = snapshot::Entity::find()
            .select_only()
            .column(snapshot::Column::Id)
            .column(snapshot::Column::PeriodId)
            .column(snapshot::Column::TakenAt)
            .column(snapshot::Column::Sha256)
            .filter(snapshot::Column::ProgrammeId.eq(programme.0))
            .order_by_desc(snapshot::Column::TakenAt)
            .into_tuple()
            .all(self.reader())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, period, taken_at, sha256)| SnapshotEntry {
                id,
                period: PeriodId(period),
                taken_at: from_chrono(taken_at),
                sha256,
            })
            .collect())
    }

    pub async fn snapshot(&self, id: uuid::Uuid) -> Result<StoredSnapshot, StoreError> {
        let row = snapshot::Entity::find_by_id(id).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        Ok(StoredSnapshot {
            id: row.id,
            programme: ProgrammeId(row.programme_id),
            period: PeriodId(row.period_id),
            taken_at: from_chrono(row.taken_at),
            sha256: row.sha256,
            document: row.document,
        })
    }
}

impl WriteTxn {
    pub async fn save_report_settings(&self, saved: &ReportSettings) -> Result<(), StoreError> {
        let row = settings::ActiveModel {
            programme_id: Set(saved.programme.0),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = settings::Entity::update_many()
            .set(row)
            .filter(settings::Column::ProgrammeId.eq(saved.programme.0))
            .filter(settings::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn save_narrative(&self, saved: &Narrative) -> Result<(), StoreError> {
        let row = narrative::ActiveModel {
            period_id: Set(saved.period.0),
            programme_id: Set(saved.programme.0),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = narrative::Entity::update_many()
            .set(row)
            .filter(narrative::Column::PeriodId.eq(saved.period.0))
            .filter(narrative::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn add_snapshot(&self, added: &StoredSnapshot) -> Result<(), StoreError> {
        snapshot::ActiveModel {
            id: Set(added.id),
            programme_id: Set(added.programme.0),
            period_id: Set(added.period.0),
            taken_at: Set(to_chrono(added.taken_at)),
            sha256: Set(added.sha256.clone()),
            document: Set(added.document.clone()),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }
}
