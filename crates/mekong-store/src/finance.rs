//! Queries of the finance area: contract settings, budget lines and transfers, exchange rates
//! and funds received, expenses (their sums come from SQL, their lists a page at a time) and
//! mission orders. Updates check the version they replace.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::{Store, StoreError, WriteTxn};
use mekong_core::directory::CityCode;
use mekong_core::finance::ContractSettings;
use mekong_core::finance::budget::{BudgetLine, Transfer};
use mekong_core::finance::conversion::{ExchangeRate, FundsReceipt};
use mekong_core::finance::expenses::{Expense, ExpenseStatus};
use mekong_core::finance::missions::Mission;
use mekong_core::ids::{BudgetLineId, ExpenseId, MissionId, OrganisationId, ProgrammeId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

mod settings {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "finance_settings")]
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

mod line {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "budget_lines")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub programme_id: Uuid,
        pub code: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod transfer {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "budget_transfers")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub programme_id: Uuid,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod rate {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "exchange_rates")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub currency: String,
        pub month: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod receipt {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "funds_receipts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub programme_id: Uuid,
        pub date: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod expense {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "expenses")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub programme_id: Uuid,
        pub number: String,
        pub date: String,
        pub status: String,
        pub budget_line_id: Uuid,
        pub currency: String,
        pub amount_minor: i64,
        pub converted_minor: Option<i64>,
        pub open_flags: i32,
        pub supplier_id: Option<Uuid>,
        pub origin_key: Option<String>,
        pub mission_id: Option<Uuid>,
        pub corrects_id: Option<Uuid>,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod mission {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "missions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub programme_id: Uuid,
        pub number: String,
        pub status: String,
        pub departs: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod mission_city {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "mission_cities")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub mission_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub city_code: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Which expenses a list shows.
#[derive(Debug, Clone, Default)]
pub struct ExpenseFilter {
    pub status: Option<ExpenseStatus>,
    pub budget_line: Option<BudgetLineId>,
    pub currency: Option<mekong_core::money::Currency>,
    /// Only those with a flag not yet resolved.
    pub flagged: bool,
    pub year: Option<i16>,
}

/// The sums of a budget line's expenses in one status, in the contract's currency; those not
/// yet converted are counted apart.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct LineSpending {
    pub budget_line_id: uuid::Uuid,
    pub status: String,
    pub converted: Option<i64>,
    pub count: i64,
    pub unconverted: i64,
}

fn year_condition(year: Option<i16>) -> Condition {
    match year {
        Some(year) => Condition::all()
            .add(expense::Column::Date.gte(format!("{year:04}-01-01")))
            .add(expense::Column::Date.lte(format!("{year:04}-12-31"))),
        None => Condition::all(),
    }
}

impl Store {
    /// The contract's settings, if they were ever saved.
    pub async fn finance_settings(&self, programme: ProgrammeId) -> Result<Option<ContractSettings>, StoreError> {
        let row = settings::Entity::find_by_id(programme.0).one(self.reader()).await?;
        row.map(|r| from_record("contract settings", &r.record)).transpose()
    }

    /// The budget's lines, in the template's order (`1.1` before `1.10` before `2`).
    pub async fn budget_lines(&self, programme: ProgrammeId) -> Result<Vec<BudgetLine>, StoreError> {
        let rows = line::Entity::find().filter(line::Column::ProgrammeId.eq(programme.0)).all(self.reader()).await?;
        let mut lines: Vec<BudgetLine> = from_records("budget line", rows.into_iter().map(|r| r.record))?;
        lines
            .sort_by_key(|l| l.code.split('.').map(|part| part.parse::<u32>().unwrap_or(u32::MAX)).collect::<Vec<_>>());
        Ok(lines)
    }

    pub async fn budget_transfers(&self, programme: ProgrammeId) -> Result<Vec<Transfer>, StoreError> {
        let rows =
            transfer::Entity::find().filter(transfer::Column::ProgrammeId.eq(programme.0)).all(self.reader()).await?;
        let mut transfers: Vec<Transfer> = from_records("budget transfer", rows.into_iter().map(|r| r.record))?;
        transfers.sort_by_key(|t| t.at);
        Ok(transfers)
    }

    /// Every monthly rate, by currency and month.
    pub async fn exchange_rates(&self) -> Result<Vec<ExchangeRate>, StoreError> {
        let rows = rate::Entity::find()
            .order_by_asc(rate::Column::Currency)
            .order_by_asc(rate::Column::Month)
            .all(self.reader())
            .await?;
        from_records("exchange rate", rows.into_iter().map(|r| r.record))
    }

    pub async fn funds_receipts(&self, programme: ProgrammeId) -> Result<Vec<FundsReceipt>, StoreError> {
        let rows = receipt::Entity::find()
            .filter(receipt::Column::ProgrammeId.eq(programme.0))
            .order_by_asc(receipt::Column::Date)
            .all(self.reader())
            .await?;
        from_records("funds receipt", rows.into_iter().map(|r| r.record))
    }

    fn expense_query(programme: ProgrammeId, filter: &ExpenseFilter) -> sea_orm::Select<expense::Entity> {
        let mut query = expense::Entity::find()
            .filter(expense::Column::ProgrammeId.eq(programme.0))
            .filter(year_condition(filter.year));
        if let Some(status) = filter.status {
            query = query.filter(expense::Column::Status.eq(status.code()));
        }
        if let Some(line) = filter.budget_line {
            query = query.filter(expense::Column::BudgetLineId.eq(line.0));
        }
        if let Some(currency) = filter.currency {
            query = query.filter(expense::Column::Currency.eq(currency.code()));
        }
        if filter.flagged {
            query = query.filter(expense::Column::OpenFlags.gt(0));
        }
        query
    }

    /// One page of a programme's expenses, newest first, and how many match in all.
    pub async fn expenses_page(
        &self,
        programme: ProgrammeId,
        filter: &ExpenseFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Expense>, u64), StoreError> {
        let total = Self::expense_query(programme, filter).count(self.reader()).await?;
        // The page's ids first, sorted without carrying the records, then those records only.
        let ids: Vec<uuid::Uuid> = Self::expense_query(programme, filter)
            .select_only()
            .column(expense::Column::Id)
            .order_by_desc(expense::Column::Date)
            .order_by_desc(expense::Column::Number)
            .offset(page.saturating_mul(per_page))
            .limit(per_page)
            .into_tuple()
            .all(self.reader())
            .await?;
        let mut rows =
            expense::Entity::find().filter(expense::Column::Id.is_in(ids.clone())).all(self.reader()).await?;
        rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
        Ok((from_records("expense", rows.into_iter().map(|r| r.record))?, total))
    }

    /// Every expense of a programme, oldest first (a recomputation, an export).
    pub async fn all_expenses(&self, programme: ProgrammeId) -> Result<Vec<Expense>, StoreError> {
        let rows = expense::Entity::find()
            .filter(expense::Column::ProgrammeId.eq(programme.0))
            .order_by_asc(expense::Column::Date)
            .order_by_asc(expense::Column::Number)
            .all(self.reader())
            .await?;
        from_records("expense", rows.into_iter().map(|r| r.record))
    }

    pub async fn expense(&self, id: ExpenseId) -> Result<Expense, StoreError> {
        let row = expense::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("expense", &row.record)
    }

    /// The expenses a mission's actual costs became.
    pub async fn expenses_of_mission(&self, mission: MissionId) -> Result<Vec<Expense>, StoreError> {
        let rows = expense::Entity::find()
            .filter(expense::Column::MissionId.eq(mission.0))
            .order_by_asc(expense::Column::Date)
            .all(self.reader())
            .await?;
        from_records("expense", rows.into_iter().map(|r| r.record))
    }

    /// The entries that correct `id`, oldest first.
    pub async fn corrections_of(&self, id: ExpenseId) -> Result<Vec<Expense>, StoreError> {
        let rows = expense::Entity::find()
            .filter(expense::Column::CorrectsId.eq(id.0))
            .order_by_asc(expense::Column::Number)
            .all(self.reader())
            .await?;
        from_records("expense", rows.into_iter().map(|r| r.record))
    }

    /// What each budget line spent, per status, summed by the database.
    pub async fn spending_by_line(
        &self,
        programme: ProgrammeId,
        year: Option<i16>,
    ) -> Result<Vec<LineSpending>, StoreError> {
        let rows = expense::Entity::find()
            .select_only()
            .column(expense::Column::BudgetLineId)
            .column(expense::Column::Status)
            // PostgreSQL sums a BIGINT into a NUMERIC: cast it back (the total of amounts of at
            // most 15 digits fits).
            .column_as(Expr::cust("CAST(SUM(converted_minor) AS BIGINT)"), "converted")
            .column_as(Expr::cust("COUNT(*)"), "count")
            .column_as(Expr::cust("SUM(CASE WHEN converted_minor IS NULL THEN 1 ELSE 0 END)"), "unconverted")
            .filter(expense::Column::ProgrammeId.eq(programme.0))
            .filter(year_condition(year))
            .group_by(expense::Column::BudgetLineId)
            .group_by(expense::Column::Status)
            .into_model::<LineSpending>()
            .all(self.reader())
            .await?;
        Ok(rows)
    }

    /// How many expenses of a programme have a flag still open.
    pub async fn flagged_expenses(&self, programme: ProgrammeId) -> Result<u64, StoreError> {
        Ok(expense::Entity::find()
            .filter(expense::Column::ProgrammeId.eq(programme.0))
            .filter(expense::Column::OpenFlags.gt(0))
            .count(self.reader())
            .await?)
    }

    pub async fn missions(&self, programme: Option<ProgrammeId>) -> Result<Vec<Mission>, StoreError> {
        let mut query = mission::Entity::find().order_by_desc(mission::Column::Departs);
        if let Some(programme) = programme {
            query = query.filter(mission::Column::ProgrammeId.eq(programme.0));
        }
        let rows = query.all(self.reader()).await?;
        from_records("mission", rows.into_iter().map(|r| r.record))
    }

    /// The missions that visit `city`, latest first.
    pub async fn missions_to_city(&self, city: &CityCode) -> Result<Vec<Mission>, StoreError> {
        let ids: Vec<uuid::Uuid> = mission_city::Entity::find()
            .filter(mission_city::Column::CityCode.eq(city.as_str()))
            .all(self.reader())
            .await?
            .into_iter()
            .map(|r| r.mission_id)
            .collect();
        let rows = mission::Entity::find()
            .filter(mission::Column::Id.is_in(ids))
            .order_by_desc(mission::Column::Departs)
            .all(self.reader())
            .await?;
        from_records("mission", rows.into_iter().map(|r| r.record))
    }

    pub async fn mission(&self, id: MissionId) -> Result<Mission, StoreError> {
        let row = mission::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("mission", &row.record)
    }
}

impl WriteTxn {
    pub async fn save_finance_settings(&self, settings: &ContractSettings) -> Result<(), StoreError> {
        let row = settings::ActiveModel {
            programme_id: Set(settings.programme.0),
            record: Set(to_record(settings)?),
            version: Set(settings.version),
        };
        if settings.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = settings::Entity::update_many()
            .set(row)
            .filter(settings::Column::ProgrammeId.eq(settings.programme.0))
            .filter(settings::Column::Version.eq(settings.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn save_budget_line(&self, budget_line: &BudgetLine) -> Result<(), StoreError> {
        let row = line::ActiveModel {
            id: Set(budget_line.id.0),
            programme_id: Set(budget_line.programme.0),
            code: Set(budget_line.code.clone()),
            record: Set(to_record(budget_line)?),
            version: Set(budget_line.version),
        };
        if budget_line.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = line::Entity::update_many()
            .set(row)
            .filter(line::Column::Id.eq(budget_line.id.0))
            .filter(line::Column::Version.eq(budget_line.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// The budget's lines, read inside the transaction that changes them.
    pub async fn budget_lines_for_update(&self, programme: ProgrammeId) -> Result<Vec<BudgetLine>, StoreError> {
        let rows = line::Entity::find().filter(line::Column::ProgrammeId.eq(programme.0)).all(&**self).await?;
        from_records("budget line", rows.into_iter().map(|r| r.record))
    }

    /// The transfers so far, read inside the transaction that adds one, so that two transfers
    /// at once cannot each pass the limit alone.
    pub async fn budget_transfers_for_update(&self, programme: ProgrammeId) -> Result<Vec<Transfer>, StoreError> {
        let rows = transfer::Entity::find().filter(transfer::Column::ProgrammeId.eq(programme.0)).all(&**self).await?;
        from_records("budget transfer", rows.into_iter().map(|r| r.record))
    }

    pub async fn add_budget_transfer(&self, added: &Transfer) -> Result<(), StoreError> {
        transfer::ActiveModel {
            id: Set(added.id.0),
            programme_id: Set(added.programme.0),
            record: Set(to_record(added)?),
            version: Set(added.version),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    /// Adds a month's rate, or replaces the one stored for that currency and month; whether
    /// one was replaced.
    pub async fn put_exchange_rate(&self, put: &ExchangeRate) -> Result<bool, StoreError> {
        let existing = rate::Entity::find()
            .filter(rate::Column::Currency.eq(put.currency.code()))
            .filter(rate::Column::Month.eq(put.month.to_string()))
            .one(&**self)
            .await?;
        let replaced = existing.is_some();
        if let Some(old) = existing {
            rate::Entity::delete_by_id(old.id).exec(&**self).await?;
        }
        rate::ActiveModel {
            id: Set(put.id.0),
            currency: Set(put.currency.code().to_owned()),
            month: Set(put.month.to_string()),
            record: Set(to_record(put)?),
            version: Set(put.version),
        }
        .insert(&**self)
        .await?;
        Ok(replaced)
    }

    pub async fn add_funds_receipt(&self, added: &FundsReceipt) -> Result<(), StoreError> {
        receipt::ActiveModel {
            id: Set(added.id.0),
            programme_id: Set(added.programme.0),
            date: Set(added.date.to_string()),
            record: Set(to_record(added)?),
            version: Set(added.version),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    /// The next free number of the year's expenses (`EXP-2026-0042`), counted in the writing
    /// transaction.
    pub async fn next_expense_number(&self, prefix: &str) -> Result<u64, StoreError> {
        let taken = expense::Entity::find()
            .filter(expense::Column::Number.starts_with(format!("{prefix}-")))
            .count(&**self)
            .await?;
        Ok(taken + 1)
    }

    /// The next free number of the year's missions.
    pub async fn next_mission_number(&self, prefix: &str) -> Result<u64, StoreError> {
        let taken = mission::Entity::find()
            .filter(mission::Column::Number.starts_with(format!("{prefix}-")))
            .count(&**self)
            .await?;
        Ok(taken + 1)
    }

    /// Whether an expense was already proposed from this origin.
    pub async fn expense_origin_taken(&self, key: &str) -> Result<bool, StoreError> {
        Ok(expense::Entity::find().filter(expense::Column::OriginKey.eq(key)).count(&**self).await? > 0)
    }

    /// The other expenses from `supplier`, for the splitting rule.
    pub async fn expenses_from_supplier(
        &self,
        programme: ProgrammeId,
        supplier: OrganisationId,
    ) -> Result<Vec<Expense>, StoreError> {
        let rows = expense::Entity::find()
            .filter(expense::Column::ProgrammeId.eq(programme.0))
            .filter(expense::Column::SupplierId.eq(supplier.0))
            .all(&**self)
            .await?;
        from_records("expense", rows.into_iter().map(|r| r.record))
    }

    pub async fn save_expense(&self, saved: &Expense) -> Result<(), StoreError> {
        let row = expense::ActiveModel {
            id: Set(saved.id.0),
            programme_id: Set(saved.programme.0),
            number: Set(saved.number.clone()),
            date: Set(saved.date.to_string()),
            status: Set(saved.status.code().to_owned()),
            budget_line_id: Set(saved.budget_line.0),
            currency: Set(saved.amount.currency().code().to_owned()),
            amount_minor: Set(saved.amount.amount_minor()),
            converted_minor: Set(saved.conversion.as_ref().map(|c| c.converted.amount_minor())),
            open_flags: Set(i32::try_from(saved.open_flags().count()).unwrap_or(i32::MAX)),
            supplier_id: Set(saved.supplier.map(|s| s.0)),
            origin_key: Set(saved.origin.unique_key()),
            mission_id: Set(match saved.origin {
                mekong_core::finance::expenses::Origin::Mission(id) => Some(id.0),
                _ => None,
            }),
            corrects_id: Set(saved.corrects.map(|c| c.0)),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = expense::Entity::update_many()
            .set(row)
            .filter(expense::Column::Id.eq(saved.id.0))
            .filter(expense::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn save_mission(&self, saved: &Mission) -> Result<(), StoreError> {
        let row = mission::ActiveModel {
            id: Set(saved.id.0),
            programme_id: Set(saved.programme.0),
            number: Set(saved.number.clone()),
            status: Set(saved.status.code().to_owned()),
            departs: Set(saved.departs.to_string()),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
        } else {
            let result = mission::Entity::update_many()
                .set(row)
                .filter(mission::Column::Id.eq(saved.id.0))
                .filter(mission::Column::Version.eq(saved.version - 1))
                .exec(&**self)
                .await?;
            updated_one(result.rows_affected)?;
        }
        mission_city::Entity::delete_many()
            .filter(mission_city::Column::MissionId.eq(saved.id.0))
            .exec(&**self)
            .await?;
        for city in &saved.cities {
            mission_city::ActiveModel { mission_id: Set(saved.id.0), city_code: Set(city.as_str().to_owned()) }
                .insert(&**self)
                .await?;
        }
        Ok(())
    }
}
