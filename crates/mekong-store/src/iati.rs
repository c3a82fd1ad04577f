//! A programme's IATI settings: one record a programme, its version checked on update.

use crate::records::{from_record, to_record, updated_one};
use crate::{Store, StoreError, WriteTxn};
use mekong_core::iati::IatiSettings;
use mekong_core::ids::ProgrammeId;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

mod settings {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "iati_settings")]
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

impl Store {
    /// The programme's IATI settings, if they were ever saved.
    pub async fn iati_settings(&self, programme: ProgrammeId) -> Result<Option<IatiSettings>, StoreError> {
        let row = settings::Entity::find_by_id(programme.0).one(self.reader()).await?;
        row.map(|r| from_record("IATI settings", &r.record)).transpose()
    }
}

impl WriteTxn {
    /// Saves the settings: inserted at version 1, else replacing version `version - 1`.
    pub async fn save_iati_settings(&self, saved: &IatiSettings) -> Result<(), StoreError> {
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
}
