//! Queries of the project pipeline: one page of the projects a reader may see with the
//! portfolio's filters, the count per stage and the budget total per currency (both by the
//! database), one project, and its save (the city, partner and theme rows replaced with it).

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use mekong_core::directory::CityCode;
use mekong_core::ids::{OpportunityId, OrganisationId, ProjectId, UserId};
use mekong_core::projects::{Project, Stage};
use mekong_core::vocabulary::Theme;
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select, Set,
};

mod project {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "projects")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub number: String,
        pub stage: String,
        pub programme_id: Uuid,
        pub owner_user_id: Option<Uuid>,
        pub funder_id: Option<Uuid>,
        pub opportunity_id: Option<Uuid>,
        pub budget_minor: Option<i64>,
        pub budget_currency: Option<String>,
        pub created_at: ChronoDateTimeUtc,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod project_city {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_cities")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub city_code: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod project_partner {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_partners")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub organisation_id: Uuid,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod project_theme {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_themes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub theme: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The projects a reader who is not network staff may see.
#[derive(Debug, Clone, Default)]
pub struct ProjectReader {
    /// Their cities' (a focal point's).
    pub cities: Vec<CityCode>,
    /// Those their organisation is a partner of (a partner's).
    pub organisations: Vec<OrganisationId>,
    /// Those they carry.
    pub owner: Option<UserId>,
}

/// Which projects a list shows.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    /// `None`: every project (network staff).
    pub reader: Option<ProjectReader>,
    pub stage: Option<Stage>,
    pub city: Option<CityCode>,
    pub theme: Option<Theme>,
    pub funder: Option<OrganisationId>,
    /// Only those at one of these stages; none listed: any (matching takes those still
    /// seeking funding).
    pub stages: Vec<Stage>,
    /// Only those answering this funding opportunity.
    pub opportunity: Option<OpportunityId>,
}

fn of_cities(cities: Vec<String>) -> SelectStatement {
    Query::select()
        .column(project_city::Column::ProjectId)
        .from(project_city::Entity)
        .and_where(project_city::Column::CityCode.is_in(cities))
        .to_owned()
}

impl ProjectFilter {
    /// The filter's condition, with or without the stage (the counts per stage leave it out).
    fn condition(&self, with_stage: bool) -> Condition {
        let mut condition = Condition::all();
        if let Some(reader) = &self.reader {
            let mut visible = Condition::any()
                .add(
                    project::Column::Id
                        .in_subquery(of_cities(reader.cities.iter().map(|c| c.as_str().to_owned()).collect())),
                )
                .add(
                    project::Column::Id.in_subquery(
                        Query::select()
                            .column(project_partner::Column::ProjectId)
                            .from(project_partner::Entity)
                            .and_where(
                                project_partner::Column::OrganisationId.is_in(reader.organisations.iter().map(|o| o.0)),
                            )
                            .to_owned(),
                    ),
                );
            if let Some(owner) = reader.owner {
                visible = visible.add(project::Column::OwnerUserId.eq(owner.0));
            }
            condition = condition.add(visible);
        }
        if let (Some(stage), true) = (self.stage, with_stage) {
            condition = condition.add(project::Column::Stage.eq(stage.code()));
        }
        if let Some(city) = &self.city {
            condition = condition.add(project::Column::Id.in_subquery(of_cities(vec![city.as_str().to_owned()])));
        }
        if let Some(theme) = self.theme {
            condition = condition.add(
                project::Column::Id.in_subquery(
                    Query::select()
                        .column(project_theme::Column::ProjectId)
                        .from(project_theme::Entity)
                        .and_where(project_theme::Column::Theme.eq(theme.code()))
                        .to_owned(),
                ),
            );
        }
        if let Some(funder) = self.funder {
            condition = condition.add(project::Column::FunderId.eq(funder.0));
        }
        if !self.stages.is_empty() {
            condition = condition.add(project::Column::Stage.is_in(self.stages.iter().map(|s| s.code())));
        }
        if let Some(opportunity) = self.opportunity {
            condition = condition.add(project::Column::OpportunityId.eq(opportunity.0));
        }
        condition
    }

    fn query(&self) -> Select<project::Entity> {
        project::Entity::find().filter(self.condition(true))
    }
}

impl Store {
    /// One page of the projects the filter lets through, newest first, and how many in all.
    pub async fn projects_page(
        &self,
        filter: &ProjectFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Project>, u64), StoreError> {
        let total = filter.query().count(self.reader()).await?;
        let rows = filter
            .query()
            .order_by_desc(project::Column::CreatedAt)
            .order_by_desc(project::Column::Number)
            .offset(page.saturating_mul(per_page))
            .limit(per_page)
            .all(self.reader())
            .await?;
        Ok((from_records("project", rows.into_iter().map(|r| r.record))?, total))
    }

    /// How many projects the filter lets through at each stage (whatever stage it names).
    pub async fn project_stage_counts(&self, filter: &ProjectFilter) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(project::Entity::find()
            .select_only()
            .column(project::Column::Stage)
            .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "count")
            .filter(filter.condition(false))
            .group_by(project::Column::Stage)
            .into_tuple()
            .all(self.reader())
            .await?)
    }

    /// The budgets of the projects the filter lets through, summed per currency (never across).
    pub async fn project_budget_totals(&self, filter: &ProjectFilter) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(project::Entity::find()
            .select_only()
            .column(project::Column::BudgetCurrency)
            // PostgreSQL sums a BIGINT into a NUMERIC: cast it back.
            .column_as(Expr::cust("CAST(SUM(budget_minor) AS BIGINT)"), "total")
            .filter(filter.condition(true))
            .filter(project::Column::BudgetCurrency.is_not_null())
            .group_by(project::Column::BudgetCurrency)
            .order_by_asc(project::Column::BudgetCurrency)
            .into_tuple()
            .all(self.reader())
            .await?)
    }

    pub async fn project(&self, id: ProjectId) -> Result<Project, StoreError> {
        let row = project::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("project", &row.record)
    }
}

impl WriteTxn {
    pub async fn save_project(&self, saved: &Project) -> Result<(), StoreError> {
        let row = project::ActiveModel {
            id: Set(saved.id.0),
            number: Set(saved.number.clone()),
            stage: Set(saved.stage.code().to_owned()),
            programme_id: Set(saved.programme.0),
            owner_user_id: Set(saved.owner.map(|u| u.0)),
            funder_id: Set(saved.funder.map(|o| o.0)),
            opportunity_id: Set(saved.opportunity.map(|o| o.0)),
            budget_minor: Set(saved.budget.map(|b| b.amount_minor())),
            budget_currency: Set(saved.budget.map(|b| b.currency().code().to_owned())),
            created_at: Set(to_chrono(saved.created_at)),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "number"))?;
        } else {
            let result = project::Entity::update_many()
                .set(row)
                .filter(project::Column::Id.eq(saved.id.0))
                .filter(project::Column::Version.eq(saved.version - 1))
                .exec(&**self)
                .await?;
            updated_one(result.rows_affected)?;
            project_city::Entity::delete_many()
                .filter(project_city::Column::ProjectId.eq(saved.id.0))
                .exec(&**self)
                .await?;
            project_partner::Entity::delete_many()
                .filter(project_partner::Column::ProjectId.eq(saved.id.0))
                .exec(&**self)
                .await?;
            project_theme::Entity::delete_many()
                .filter(project_theme::Column::ProjectId.eq(saved.id.0))
                .exec(&**self)
                .await?;
        }
        for city in &saved.cities {
            project_city::ActiveModel { project_id: Set(saved.id.0), city_code: Set(city.as_str().to_owned()) }
                .insert(&**self)
                .await?;
        }
        for partner in &saved.partners {
            project_partner::ActiveModel { project_id: Set(saved.id.0), organisation_id: Set(partner.0) }
                .insert(&**self)
                .await?;
        }
        for theme in &saved.themes {
            project_theme::ActiveModel { project_id: Set(saved.id.0), theme: Set(theme.code().to_owned()) }
                .insert(&**self)
                .await?;
        }
        Ok(())
    }

    /// How many project numbers start with `prefix`, counted in the writing transaction.
    pub async fn project_numbers_taken(&self, prefix: &str) -> Result<u64, StoreError> {
        Ok(project::Entity::find().filter(project::Column::Number.starts_with(prefix)).count(&**self).await?)
    }
}
