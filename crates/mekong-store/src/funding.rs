//! Queries of funding: one page of opportunities by theme, country, funder and whether still
//! open; the applications of an opportunity, a funder or some cities; the counts a funder's
//! success rate is made of. Updates check the version they replace.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use jiff::Timestamp;
use mekong_core::directory::CityCode;
use mekong_core::funding::{ApplicationStatus, FundingApplication, Opportunity};
use mekong_core::ids::{FundingApplicationId, OpportunityId, OrganisationId};
use mekong_core::people::CountryCode;
use mekong_core::vocabulary::Theme;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select, Set,
};

mod opportunity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "funding_opportunities")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub funder_id: Uuid,
        pub deadline_at: ChronoDateTimeUtc,
        pub themes: String,
        pub countries: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod application {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "funding_applications")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub opportunity_id: Uuid,
        pub funder_id: Uuid,
        pub city_code: String,
        pub project_id: Option<Uuid>,
        pub owner_user_id: Uuid,
        pub status: String,
        pub recorded_at: ChronoDateTimeUtc,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Codes kept as `;a;b;` so that one `LIKE '%;a;%'` finds a member on both backends.
fn delimited<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    let joined: Vec<&str> = codes.collect();
    if joined.is_empty() { String::new() } else { format!(";{};", joined.join(";")) }
}

/// Which opportunities a list shows.
#[derive(Debug, Clone, Default)]
pub struct OpportunityFilter {
    pub theme: Option<Theme>,
    /// Those open to applicants of this country (naming it, or naming none).
    pub country: Option<CountryCode>,
    pub funder: Option<OrganisationId>,
    /// `Some(true)`: still open at `now`; `Some(false)`: closed.
    pub open: Option<bool>,
    pub now: Option<Timestamp>,
}

impl OpportunityFilter {
    fn query(&self) -> Select<opportunity::Entity> {
        let mut query = opportunity::Entity::find();
        if let Some(theme) = self.theme {
            query = query.filter(opportunity::Column::Themes.contains(format!(";{};", theme.code())));
        }
        if let Some(country) = &self.country {
            query = query.filter(
                Condition::any()
                    .add(opportunity::Column::Countries.eq(""))
                    .add(opportunity::Column::Countries.contains(format!(";{};", country.as_str()))),
            );
        }
        if let Some(funder) = self.funder {
            query = query.filter(opportunity::Column::FunderId.eq(funder.0));
        }
        match (self.open, self.now) {
            (Some(true), Some(now)) => query = query.filter(opportunity::Column::DeadlineAt.gte(to_chrono(now))),
            (Some(false), Some(now)) => query = query.filter(opportunity::Column::DeadlineAt.lt(to_chrono(now))),
            _ => {}
        }
        query
    }
}

/// Which applications a list shows.
#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    pub opportunity: Option<OpportunityId>,
    pub funder: Option<OrganisationId>,
    /// `None`: every city's; otherwise only these cities'.
    pub cities: Option<Vec<CityCode>>,
}

impl ApplicationFilter {
    fn query(&self) -> Select<application::Entity> {
        let mut query = application::Entity::find();
        if let Some(opportunity) = self.opportunity {
            query = query.filter(application::Column::OpportunityId.eq(opportunity.0));
        }
        if let Some(funder) = self.funder {
            query = query.filter(application::Column::FunderId.eq(funder.0));
        }
        if let Some(cities) = &self.cities {
            query = query.filter(application::Column::CityCode.is_in(cities.iter().map(|c| c.as_str().to_owned())));
        }
        query
    }
}

impl Store {
    /// One page of opportunities, the nearest deadline first, and how many in all.
    pub async fn opportunity_page(
        &self,
        filter: &OpportunityFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Opportunity>, u64), StoreError> {
        let total = filter.query().count(self.reader()).await?;
        let rows = filter
            .query()
            .order_by_asc(opportunity::Column::DeadlineAt)
            .order_by_asc(opportunity::Column::Id)
            .offset(page.saturating_mul(per_page))
            .limit(per_page)
            .all(self.reader())
            .await?;
        Ok((from_records("funding opportunity", rows.into_iter().map(|r| r.record))?, total))
    }

    pub async fn opportunity(&self, id: OpportunityId) -> Result<Opportunity, StoreError> {
        let row = opportunity::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("funding opportunity", &row.record)
    }

    /// One page of applications, the latest recorded first, and how many in all.
    pub async fn funding_application_page(
        &self,
        filter: &ApplicationFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<FundingApplication>, u64), StoreError> {
        let total = filter.query().count(self.reader()).await?;
        let rows = filter
            .query()
            .order_by_desc(application::Column::RecordedAt)
            .order_by_desc(application::Column::Id)
            .offset(page.saturating_mul(per_page))
            .limit(per_page)
            .all(self.reader())
            .await?;
        Ok((from_records("funding application", rows.into_iter().map(|r| r.record))?, total))
    }

    pub async fn funding_application(&self, id: FundingApplicationId) -> Result<FundingApplication, StoreError> {
        let row = application::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("funding application", &row.record)
    }

    /// How many of the funder's applications were won, and how many were decided (won or lost).
    pub async fn funder_outcomes(&self, funder: OrganisationId) -> Result<(u64, u64), StoreError> {
        let of_funder = || application::Entity::find().filter(application::Column::FunderId.eq(funder.0));
        let won = of_funder()
            .filter(application::Column::Status.eq(ApplicationStatus::Won.code()))
            .count(self.reader())
            .await?;
        let decided = of_funder()
            .filter(application::Column::Status.is_in([ApplicationStatus::Won.code(), ApplicationStatus::Lost.code()]))
            .count(self.reader())
            .await?;
        Ok((won, decided))
    }
}

impl WriteTxn {
    pub async fn save_opportunity(&self, saved: &Opportunity) -> Result<(), StoreError> {
        let row = opportunity::ActiveModel {
            id: Set(saved.id.0),
            funder_id: Set(saved.funder.0),
            deadline_at: Set(to_chrono(saved.deadline.instant)),
            themes: Set(delimited(saved.themes.iter().map(|t| t.code()))),
            countries: Set(delimited(saved.countries.iter().map(CountryCode::as_str))),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = opportunity::Entity::update_many()
            .set(row)
            .filter(opportunity::Column::Id.eq(saved.id.0))
            .filter(opportunity::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn save_funding_application(&self, saved: &FundingApplication) -> Result<(), StoreError> {
        let row = application::ActiveModel {
            id: Set(saved.id.0),
            opportunity_id: Set(saved.opportunity.0),
            funder_id: Set(saved.funder.0),
            city_code: Set(saved.city.as_str().to_owned()),
            project_id: Set(saved.project),
            owner_user_id: Set(saved.owner.0),
            status: Set(saved.status.code().to_owned()),
            recorded_at: Set(to_chrono(saved.recorded_at)),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = application::Entity::update_many()
            .set(row)
            .filter(application::Column::Id.eq(saved.id.0))
            .filter(application::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// The application as it stands in the writing transaction (a reminder reads it there, so
    /// that two workers cannot both send one).
    pub async fn funding_application(&self, id: FundingApplicationId) -> Result<FundingApplication, StoreError> {
        let row = application::Entity::find_by_id(id.0).one(&**self).await?.ok_or(StoreError::NotFound)?;
        from_record("funding application", &row.record)
    }

    /// The applications of an opportunity still in preparation (their reminders follow its deadline).
    pub async fn preparing_applications(
        &self,
        opportunity: OpportunityId,
    ) -> Result<Vec<FundingApplication>, StoreError> {
        let rows = application::Entity::find()
            .filter(application::Column::OpportunityId.eq(opportunity.0))
            .filter(application::Column::Status.eq(ApplicationStatus::Preparing.code()))
            .all(&**self)
            .await?;
        from_records("funding application", rows.into_iter().map(|r| r.record))
    }
}
