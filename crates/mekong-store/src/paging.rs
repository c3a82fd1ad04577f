//! One page of a query's rows with the count of every row it matches.
//!
//! Where the condition is costly (a name search crossing thousands of tokens), one statement
//! gives both: the count rides on each row as `COUNT(*) OVER ()`, and the condition is worked
//! out once, not once for the count and again for the page. Where it is cheap (a whole list in
//! index order) the page stops after its rows and the count reads an index, which the window,
//! counting every row before the first is returned, would not.

use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryResult, QuerySelect, Select};

const TOTAL: &str = "matching_total";

struct Counted<M> {
    model: M,
    total: i64,
}

impl<M: FromQueryResult> FromQueryResult for Counted<M> {
    fn from_query_result(row: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Counted { model: M::from_query_result(row, pre)?, total: row.try_get(pre, TOTAL)? })
    }
}

/// The rows of `query` (already ordered) from `offset`, at most `limit`, and how many it
/// matches in all; `costly`: counted by the same statement.
pub(crate) async fn page_with_total<E>(
    query: Select<E>,
    limit: u64,
    offset: u64,
    costly: bool,
    db: &impl ConnectionTrait,
) -> Result<(Vec<E::Model>, u64), DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Send + Sync,
{
    if !costly {
        let total = query.clone().count(db).await?;
        return Ok((query.limit(limit).offset(offset).all(db).await?, total));
    }
    // A page past the last has no row to carry the count: then it is counted apart.
    let rows = query
        .clone()
        .column_as(Expr::cust("COUNT(*) OVER ()"), TOTAL)
        .limit(limit)
        .offset(offset)
        .into_model::<Counted<E::Model>>()
        .all(db)
        .await?;
    let total = match rows.first() {
        Some(row) => u64::try_from(row.total).unwrap_or(0),
        None if offset > 0 => query.count(db).await?,
        None => 0,
    };
    Ok((rows.into_iter().map(|row| row.model).collect(), total))
}
