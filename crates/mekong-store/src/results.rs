//! Queries of the results framework: programmes, logframes and their approved versions,
//! reporting periods, indicator values (with totals per indicator and period computed in the
//! database), and the action plan.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use jiff::Timestamp;
use mekong_core::ids::{IndicatorId, PeriodId, ProgrammeId, ValueId};
use mekong_core::results::{Indicator, IndicatorValue, LogframeNode, Period, PlanActivity, Programme};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};

mod programme {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "programmes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub code: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Declares the entity of a programme's parts: id, programme, an order, the record, its version,
/// and the code people know it by (unique per programme) when it has one.
macro_rules! programme_part {
    ($module:ident, $table:literal $(, $code:ident)?) => {
        mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key, auto_increment = false)]
                pub id: Uuid,
                pub programme_id: Uuid,
                pub sort_key: String,
                $(pub $code: String,)?
                pub record: String,
                pub version: i32,
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

programme_part!(node, "logframe_nodes", code);
programme_part!(indicator, "indicators", code);
programme_part!(period, "periods", code);
programme_part!(activity, "plan_activities");

mod logframe_version {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "logframe_versions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub programme_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub version: i32,
        pub snapshot: String,
        pub approved_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod value {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "indicator_values")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub indicator_id: Uuid,
        pub period_id: Uuid,
        pub city_code: String,
        pub cell: String,
        pub status: String,
        pub amount: Option<f64>,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod total {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "indicator_totals")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub indicator_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub period_id: Uuid,
        pub sum: Option<f64>,
        pub count: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The sum and count of an indicator's reported totals (submitted or validated) in a period.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct PeriodTotal {
    pub indicator_id: uuid::Uuid,
    pub period_id: uuid::Uuid,
    pub sum: Option<f64>,
    pub count: i64,
}

/// One city's reported total (submitted or validated) of an indicator in a period.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct CityAmount {
    pub city_code: String,
    pub amount: f64,
}

/// A breakdown cell's reported numbers summed over cities, and how many cities gave one.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct CellSum {
    pub cell: String,
    pub sum: f64,
    pub count: i64,
}

/// A scope's total (no breakdown cell) for one indicator in one period, as typed, whatever its status.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct TotalAmount {
    pub indicator_id: uuid::Uuid,
    pub period_id: uuid::Uuid,
    pub amount: f64,
}

/// Orders codes as people read them: `OP1.2` before `OP1.10`, `OP2` before `OP10`.
fn sort_key(code: &str) -> String {
    let mut key = String::new();
    let mut digits = String::new();
    for c in code.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            key.push_str(&format!("{digits:0>6}"));
            digits.clear();
        }
        if c != '\0' {
            key.push(c);
        }
    }
    key
}

fn city_key(city: Option<&mekong_core::directory::CityCode>) -> String {
    city.map(ToString::to_string).unwrap_or_default()
}

impl Store {
    pub async fn programmes(&self) -> Result<Vec<Programme>, StoreError> {
        let rows = programme::Entity::find().order_by_asc(programme::Column::Code).all(self.reader()).await?;
        from_records("programme", rows.into_iter().map(|r| r.record))
    }

    pub async fn programme_by_code(&self, code: &str) -> Result<Programme, StoreError> {
        // A code with a control character names no programme; PostgreSQL refuses a NUL in a
        // query outright (found by the API fuzzer as a 500).
        if code.chars().any(char::is_control) {
            return Err(StoreError::NotFound);
        }
        let row = programme::Entity::find()
            .filter(programme::Column::Code.eq(code))
            .one(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        from_record("programme", &row.record)
    }

    /// The logframe's entries and indicators, in code order.
    pub async fn logframe(&self, programme: ProgrammeId) -> Result<(Vec<LogframeNode>, Vec<Indicator>), StoreError> {
        let nodes = node::Entity::find()
            .filter(node::Column::ProgrammeId.eq(programme.0))
            .order_by_asc(node::Column::SortKey)
            .all(self.reader())
            .await?;
        let indicators = indicator::Entity::find()
            .filter(indicator::Column::ProgrammeId.eq(programme.0))
            .order_by_asc(indicator::Column::SortKey)
            .all(self.reader())
            .await?;
        Ok((
            from_records("logframe entry", nodes.into_iter().map(|r| r.record))?,
            from_records("indicator", indicators.into_iter().map(|r| r.record))?,
        ))
    }

    /// An approved version of the logframe, as it was approved.
    pub async fn logframe_version<T: serde::de::DeserializeOwned>(
        &self,
        programme: ProgrammeId,
        version: i32,
    ) -> Result<T, StoreError> {
        let row = logframe_version::Entity::find_by_id((programme.0, version))
            .one(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        from_record("approved logframe", &row.snapshot)
    }

    pub async fn periods(&self, programme: ProgrammeId) -> Result<Vec<Period>, StoreError> {
        let rows = period::Entity::find()
            .filter(period::Column::ProgrammeId.eq(programme.0))
            .order_by_asc(period::Column::SortKey)
            .all(self.reader())
            .await?;
        from_records("period", rows.into_iter().map(|r| r.record))
    }

    /// The values of `ids` that exist, in no order.
    pub async fn values_by_ids(&self, ids: &[ValueId]) -> Result<Vec<IndicatorValue>, StoreError> {
        let mut all = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let rows = value::Entity::find()
                .filter(value::Column::Id.is_in(chunk.iter().map(|id| id.0)))
                .all(self.reader())
                .await?;
            all.extend(from_records("indicator value", rows.into_iter().map(|r| r.record))?);
        }
        Ok(all)
    }

    /// The values of one period for one city (none: the programme-wide values) and these
    /// indicators.
    pub async fn period_values(
        &self,
        period: PeriodId,
        city: Option<&mekong_core::directory::CityCode>,
        indicators: &[IndicatorId],
    ) -> Result<Vec<IndicatorValue>, StoreError> {
        let mut all = Vec::new();
        for chunk in indicators.chunks(500) {
            let rows = value::Entity::find()
                .filter(value::Column::PeriodId.eq(period.0))
                .filter(value::Column::CityCode.eq(city_key(city)))
                .filter(value::Column::IndicatorId.is_in(chunk.iter().map(|i| i.0)))
                .all(self.reader())
                .await?;
            all.extend(from_records::<IndicatorValue>("value", rows.into_iter().map(|r| r.record))?);
        }
        Ok(all)
    }

    /// A city's (or the network's) totals for `indicators` over `periods`: the history an entry
    /// grid shows beside each row and checks new values against, read without decoding records.
    pub async fn total_amounts(
        &self,
        periods: &[PeriodId],
        city: Option<&mekong_core::directory::CityCode>,
        indicators: &[IndicatorId],
    ) -> Result<Vec<TotalAmount>, StoreError> {
        let mut all = Vec::new();
        for chunk in indicators.chunks(500) {
            let rows = value::Entity::find()
                .select_only()
                .columns([value::Column::IndicatorId, value::Column::PeriodId, value::Column::Amount])
                .filter(value::Column::PeriodId.is_in(periods.iter().map(|p| p.0)))
                .filter(value::Column::CityCode.eq(city_key(city)))
                .filter(value::Column::IndicatorId.is_in(chunk.iter().map(|i| i.0)))
                .filter(value::Column::Cell.eq(""))
                .filter(value::Column::Amount.is_not_null())
                .into_model::<TotalAmount>()
                .all(self.reader())
                .await?;
            all.extend(rows);
        }
        Ok(all)
    }

    /// The validated totals (not the breakdown cells) of every city and the network in a period:
    /// what a report of the period counts.
    pub async fn validated_totals(&self, period: PeriodId) -> Result<Vec<IndicatorValue>, StoreError> {
        let rows = value::Entity::find()
            .filter(value::Column::PeriodId.eq(period.0))
            .filter(value::Column::Cell.eq(""))
            .filter(value::Column::Status.eq(mekong_core::results::ValueStatus::Validated.code()))
            .order_by_asc(value::Column::CityCode)
            .all(self.reader())
            .await?;
        from_records("value", rows.into_iter().map(|r| r.record))
    }

    /// Every value of an indicator (its page: periods, cells, cities).
    pub async fn indicator_values(&self, indicator: IndicatorId) -> Result<Vec<IndicatorValue>, StoreError> {
        let rows = value::Entity::find().filter(value::Column::IndicatorId.eq(indicator.0)).all(self.reader()).await?;
        from_records("value", rows.into_iter().map(|r| r.record))
    }

    /// The reported (submitted or validated) numbers of an indicator in a period.
    fn reported(indicator: IndicatorId, period: PeriodId) -> sea_orm::Select<value::Entity> {
        use mekong_core::results::ValueStatus;
        value::Entity::find()
            .filter(value::Column::IndicatorId.eq(indicator.0))
            .filter(value::Column::PeriodId.eq(period.0))
            .filter(value::Column::Status.is_in([ValueStatus::Submitted.code(), ValueStatus::Validated.code()]))
            .filter(value::Column::Amount.is_not_null())
    }

    /// An indicator's breakdown cells in a period, summed over cities in SQL.
    pub async fn reported_cells(&self, indicator: IndicatorId, period: PeriodId) -> Result<Vec<CellSum>, StoreError> {
        Ok(Self::reported(indicator, period)
            .filter(value::Column::Cell.ne(""))
            .select_only()
            .column(value::Column::Cell)
            .column_as(value::Column::Amount.sum(), "sum")
            .column_as(value::Column::Amount.count(), "count")
            .group_by(value::Column::Cell)
            .order_by_asc(value::Column::Cell)
            .into_model::<CellSum>()
            .all(self.reader())
            .await?)
    }

    /// A page (from 1; past the last, the last) of the cities' totals of an indicator in a
    /// period, by city code, and how many cities reported one.
    pub async fn reported_city_totals(
        &self,
        indicator: IndicatorId,
        period: PeriodId,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<CityAmount>, u64), StoreError> {
        let totals =
            Self::reported(indicator, period).filter(value::Column::Cell.eq("")).filter(value::Column::CityCode.ne(""));
        let count = totals.clone().count(self.reader()).await?;
        let last = count.div_ceil(per_page.max(1)).max(1);
        let offset = (page.clamp(1, last) - 1) * per_page;
        let page = totals
            .select_only()
            .columns([value::Column::CityCode, value::Column::Amount])
            .order_by_asc(value::Column::CityCode)
            .limit(per_page)
            .offset(offset)
            .into_model::<CityAmount>()
            .all(self.reader())
            .await?;
        Ok((page, count))
    }

    /// Sum and count of the reported totals (submitted or validated) per indicator and period,
    /// over every city: the dashboard's numbers, kept up to date as values are saved.
    pub async fn period_totals(&self, indicators: &[IndicatorId]) -> Result<Vec<PeriodTotal>, StoreError> {
        let mut totals = Vec::new();
        for chunk in indicators.chunks(500) {
            let rows = total::Entity::find()
                .filter(total::Column::IndicatorId.is_in(chunk.iter().map(|i| i.0)))
                .into_model::<PeriodTotal>()
                .all(self.reader())
                .await?;
            totals.extend(rows);
        }
        Ok(totals)
    }

    pub async fn plan_activities(&self, programme: ProgrammeId) -> Result<Vec<PlanActivity>, StoreError> {
        let rows = activity::Entity::find()
            .filter(activity::Column::ProgrammeId.eq(programme.0))
            .order_by_asc(activity::Column::SortKey)
            .all(self.reader())
            .await?;
        from_records("activity", rows.into_iter().map(|r| r.record))
    }
}

impl WriteTxn {
    /// Inserts a programme (version 1) or replaces version `version - 1` of it.
    pub async fn save_programme(&self, programme: &Programme) -> Result<(), StoreError> {
        let row = programme::ActiveModel {
            id: Set(programme.id.0),
            code: Set(programme.code.clone()),
            record: Set(to_record(programme)?),
            version: Set(programme.version),
        };
        if programme.version == 1 {
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "code"))?;
            return Ok(());
        }
        let result = programme::Entity::update_many()
            .set(row)
            .filter(programme::Column::Id.eq(programme.id.0))
            .filter(programme::Column::Version.eq(programme.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// Replaces a programme's logframe entries with `nodes` (the logframe is edited as a whole).
    pub async fn replace_logframe_nodes(
        &self,
        programme: ProgrammeId,
        nodes: &[LogframeNode],
    ) -> Result<(), StoreError> {
        node::Entity::delete_many().filter(node::Column::ProgrammeId.eq(programme.0)).exec(&**self).await?;
        for chunk in nodes.chunks(200) {
            let rows = chunk
                .iter()
                .map(|n| {
                    Ok(node::ActiveModel {
                        id: Set(n.id.0),
                        programme_id: Set(programme.0),
                        sort_key: Set(sort_key(&n.code)),
                        code: Set(n.code.clone()),
                        record: Set(to_record(n)?),
                        version: Set(n.version),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            if !rows.is_empty() {
                node::Entity::insert_many(rows).exec(&**self).await.map_err(|e| StoreError::from_write(e, "code"))?;
            }
        }
        Ok(())
    }

    /// Inserts an indicator (version 1) or replaces version `version - 1` of it.
    pub async fn save_indicator(&self, item: &Indicator) -> Result<(), StoreError> {
        let row = indicator::ActiveModel {
            id: Set(item.id.0),
            programme_id: Set(item.programme.0),
            sort_key: Set(sort_key(&item.code)),
            code: Set(item.code.clone()),
            record: Set(to_record(item)?),
            version: Set(item.version),
        };
        if item.version == 1 {
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "code"))?;
            return Ok(());
        }
        let result = indicator::Entity::update_many()
            .set(row)
            .filter(indicator::Column::Id.eq(item.id.0))
            .filter(indicator::Column::Version.eq(item.version - 1))
            .exec(&**self)
            .await
            .map_err(|e| StoreError::from_write(e, "code"))?;
        updated_one(result.rows_affected)
    }

    pub async fn save_logframe_version(
        &self,
        programme: ProgrammeId,
        version: i32,
        snapshot: &impl serde::Serialize,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        logframe_version::ActiveModel {
            programme_id: Set(programme.0),
            version: Set(version),
            snapshot: Set(to_record(snapshot)?),
            approved_at: Set(to_chrono(now)),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    /// Inserts a period (version 1) or replaces version `version - 1` of it; a code the
    /// programme already has is refused by the unique index, inside this transaction.
    pub async fn save_period(&self, item: &Period) -> Result<(), StoreError> {
        let row = period::ActiveModel {
            id: Set(item.id.0),
            programme_id: Set(item.programme.0),
            sort_key: Set(item.starts.to_string()),
            code: Set(item.code.clone()),
            record: Set(to_record(item)?),
            version: Set(item.version),
        };
        if item.version == 1 {
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "code"))?;
            return Ok(());
        }
        let result = period::Entity::update_many()
            .set(row)
            .filter(period::Column::Id.eq(item.id.0))
            .filter(period::Column::Version.eq(item.version - 1))
            .exec(&**self)
            .await
            .map_err(|e| StoreError::from_write(e, "code"))?;
        updated_one(result.rows_affected)
    }

    /// Inserts a value (version 1) or replaces version `version - 1` of it.
    pub async fn save_value(&self, item: &IndicatorValue) -> Result<(), StoreError> {
        let row = value::ActiveModel {
            id: Set(item.id.0),
            indicator_id: Set(item.indicator.0),
            period_id: Set(item.period.0),
            city_code: Set(city_key(item.city.as_ref())),
            cell: Set(item.cell.clone()),
            status: Set(item.status.code().to_owned()),
            amount: Set(item.value),
            record: Set(to_record(item)?),
            version: Set(item.version),
        };
        if item.version == 1 {
            row.insert(&**self).await.map_err(|e| match StoreError::from_write(e, "value") {
                // Someone else entered the same cell first.
                StoreError::Duplicate(_) => StoreError::Conflict,
                other => other,
            })?;
        } else {
            let result = value::Entity::update_many()
                .set(row)
                .filter(value::Column::Id.eq(item.id.0))
                .filter(value::Column::Version.eq(item.version - 1))
                .exec(&**self)
                .await?;
            updated_one(result.rows_affected)?;
        }
        if item.cell.is_empty() {
            self.refresh_total(item.indicator, item.period).await?;
        }
        Ok(())
    }

    /// Recomputes an indicator's total for a period from its cities' reported totals.
    async fn refresh_total(&self, indicator: IndicatorId, period: PeriodId) -> Result<(), StoreError> {
        let sql = match self.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "INSERT INTO indicator_totals (indicator_id, period_id, sum, count) \
                 SELECT $1, $2, SUM(amount), COUNT(amount) FROM indicator_values \
                 WHERE indicator_id = $1 AND period_id = $2 AND cell = '' AND status IN ('submitted', 'validated') \
                 ON CONFLICT (indicator_id, period_id) DO UPDATE SET sum = excluded.sum, count = excluded.count"
            }
            _ => {
                "INSERT INTO indicator_totals (indicator_id, period_id, sum, count) \
                 SELECT ?1, ?2, SUM(amount), COUNT(amount) FROM indicator_values \
                 WHERE indicator_id = ?1 AND period_id = ?2 AND cell = '' AND status IN ('submitted', 'validated') \
                 ON CONFLICT (indicator_id, period_id) DO UPDATE SET sum = excluded.sum, count = excluded.count"
            }
        };
        let statement =
            Statement::from_sql_and_values(self.get_database_backend(), sql, [indicator.0.into(), period.0.into()]);
        self.execute_raw(statement).await?;
        Ok(())
    }

    /// Inserts an action-plan activity (version 1) or replaces version `version - 1` of it.
    pub async fn save_plan_activity(&self, item: &PlanActivity) -> Result<(), StoreError> {
        let row = activity::ActiveModel {
            id: Set(item.id.0),
            programme_id: Set(item.programme.0),
            sort_key: Set(format!("{}", item.starts)),
            record: Set(to_record(item)?),
            version: Set(item.version),
        };
        if item.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = activity::Entity::update_many()
            .set(row)
            .filter(activity::Column::Id.eq(item.id.0))
            .filter(activity::Column::Version.eq(item.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_sort_as_people_read_them() {
        let mut codes = ["OP10.1", "OP1.10", "OP2.1", "OP1.2"];
        codes.sort_by_key(|c| super::sort_key(c));
        assert_eq!(codes, ["OP1.2", "OP1.10", "OP2.1", "OP10.1"]);
    }
}
