//! Queries of technical assistance: one page of the requests a reader may see (their cities',
//! those assigned to them, or all), one request, the overdue ones. Updates check the version
//! they replace.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use jiff::civil::Date;
use mekong_core::assistance::{AssistanceRequest, AssistanceStatus};
use mekong_core::directory::CityCode;
use mekong_core::ids::{AssistanceId, UserId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select, Set,
};

mod request {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "assistance_requests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub number: String,
        pub city_code: String,
        pub status: String,
        pub expert_user_id: Option<Uuid>,
        pub due_on: Option<String>,
        pub requested_at: ChronoDateTimeUtc,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Which requests a list shows.
#[derive(Debug, Clone, Default)]
pub struct AssistanceFilter {
    /// `None`: every city's; otherwise those of these cities, and those assigned to `expert`.
    pub cities: Option<Vec<CityCode>>,
    pub expert: Option<UserId>,
    pub status: Option<AssistanceStatus>,
    pub city: Option<CityCode>,
}

impl AssistanceFilter {
    fn query(&self) -> Select<request::Entity> {
        let mut query = request::Entity::find();
        if let Some(cities) = &self.cities {
            let mut visible =
                Condition::any().add(request::Column::CityCode.is_in(cities.iter().map(|c| c.as_str().to_owned())));
            if let Some(expert) = self.expert {
                visible = visible.add(request::Column::ExpertUserId.eq(expert.0));
            }
            query = query.filter(visible);
        }
        if let Some(status) = self.status {
            query = query.filter(request::Column::Status.eq(status.code()));
        }
        if let Some(city) = &self.city {
            query = query.filter(request::Column::CityCode.eq(city.as_str()));
        }
        query
    }
}

impl Store {
    /// One page of the requests the filter lets through, newest first, and how many in all.
    pub async fn assistance_page(
        &self,
        filter: &AssistanceFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<AssistanceRequest>, u64), StoreError> {
        let total = filter.query().count(self.reader()).await?;
        let rows = filter
            .query()
            .order_by_desc(request::Column::RequestedAt)
            .order_by_desc(request::Column::Number)
            .offset(page.saturating_mul(per_page))
            .limit(per_page)
            .all(self.reader())
            .await?;
        Ok((from_records("assistance request", rows.into_iter().map(|r| r.record))?, total))
    }

    pub async fn assistance_request(&self, id: AssistanceId) -> Result<AssistanceRequest, StoreError> {
        let row = request::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("assistance request", &row.record)
    }

    /// Accepted requests whose work was due before `today`, the longest overdue first.
    pub async fn overdue_assistance(&self, today: Date) -> Result<Vec<AssistanceRequest>, StoreError> {
        let rows = request::Entity::find()
            .filter(request::Column::Status.eq(AssistanceStatus::Accepted.code()))
            .filter(request::Column::DueOn.lt(today.to_string()))
            .order_by_asc(request::Column::DueOn)
            .all(self.reader())
            .await?;
        from_records("assistance request", rows.into_iter().map(|r| r.record))
    }
}

impl Store {
    /// Every request the coordinator answered (for the results area's computed indicators).
    pub async fn answered_assistance(&self) -> Result<Vec<AssistanceRequest>, StoreError> {
        let rows = request::Entity::find()
            .filter(request::Column::Status.ne(AssistanceStatus::Requested.code()))
            .all(self.reader())
            .await?;
        from_records("assistance request", rows.into_iter().map(|r| r.record))
    }
}

impl WriteTxn {
    pub async fn save_assistance_request(&self, saved: &AssistanceRequest) -> Result<(), StoreError> {
        let row = request::ActiveModel {
            id: Set(saved.id.0),
            number: Set(saved.number.clone()),
            city_code: Set(saved.city.as_str().to_owned()),
            status: Set(saved.status.code().to_owned()),
            expert_user_id: Set(saved.assignment.as_ref().and_then(|a| a.expert_user).map(|u| u.0)),
            due_on: Set(saved.due_on().map(|d| d.to_string())),
            requested_at: Set(to_chrono(saved.requested_at)),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "number"))?;
            return Ok(());
        }
        let result = request::Entity::update_many()
            .set(row)
            .filter(request::Column::Id.eq(saved.id.0))
            .filter(request::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// How many request numbers start with `prefix`, counted in the writing transaction.
    pub async fn assistance_numbers_taken(&self, prefix: &str) -> Result<u64, StoreError> {
        Ok(request::Entity::find().filter(request::Column::Number.starts_with(prefix)).count(&**self).await?)
    }
}
