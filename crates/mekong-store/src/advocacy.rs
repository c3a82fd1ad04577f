//! Queries of the network's positions: all of them (eight themes at most) or the published
//! ones, one by theme; saving one checks the version it replaces and keeps its sources (events,
//! documents, practices) as rows beside it.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::{Store, StoreError, WriteTxn};
use mekong_core::advocacy::{Position, PositionStatus};
use mekong_core::vocabulary::Theme;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

mod position {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "advocacy_positions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub theme: String,
        pub status: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod source {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "advocacy_sources")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub position_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub source_kind: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub source_id: Uuid,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

impl Store {
    /// The positions, by theme; only the published ones unless `drafts`.
    pub async fn positions(&self, drafts: bool) -> Result<Vec<Position>, StoreError> {
        let mut query = position::Entity::find();
        if !drafts {
            query = query.filter(position::Column::Status.eq(PositionStatus::Published.code()));
        }
        let rows = query.order_by_asc(position::Column::Theme).all(self.reader()).await?;
        from_records("position", rows.into_iter().map(|r| r.record))
    }

    pub async fn position(&self, theme: Theme) -> Result<Position, StoreError> {
        let row = position::Entity::find()
            .filter(position::Column::Theme.eq(theme.code()))
            .one(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        from_record("position", &row.record)
    }
}

impl WriteTxn {
    pub async fn save_position(&self, saved: &Position) -> Result<(), StoreError> {
        let row = position::ActiveModel {
            id: Set(saved.id.0),
            theme: Set(saved.theme.code().to_owned()),
            status: Set(saved.status.code().to_owned()),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "theme"))?;
        } else {
            let result = position::Entity::update_many()
                .set(row)
                .filter(position::Column::Id.eq(saved.id.0))
                .filter(position::Column::Version.eq(saved.version - 1))
                .exec(&**self)
                .await?;
            updated_one(result.rows_affected)?;
            source::Entity::delete_many().filter(source::Column::PositionId.eq(saved.id.0)).exec(&**self).await?;
        }
        let sources = saved
            .events
            .iter()
            .map(|e| ("event", e.0))
            .chain(saved.documents.iter().map(|d| ("document", d.0)))
            .chain(saved.practices.iter().map(|p| ("practice", *p)));
        for (kind, id) in sources {
            source::ActiveModel { position_id: Set(saved.id.0), source_kind: Set(kind.to_owned()), source_id: Set(id) }
                .insert(&**self)
                .await?;
        }
        Ok(())
    }
}
