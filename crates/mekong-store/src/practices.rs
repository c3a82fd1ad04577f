//! Queries of good practices: one page of those a reader may see with the list's filters and
//! the count in SQL, one practice, the latest published, and the count shared in a period.
//! Updates check the version they replace.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use jiff::Timestamp;
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::ids::PracticeId;
use mekong_core::practices::Practice;
use mekong_core::vocabulary::Theme;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select, Set,
};

mod practice {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "practices")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub city_code: String,
        pub country: String,
        pub themes: String,
        pub languages: String,
        pub published_languages: String,
        pub first_published_at: Option<ChronoDateTimeUtc>,
        pub published_at: Option<ChronoDateTimeUtc>,
        pub created_at: ChronoDateTimeUtc,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `,a,b,`: each code findable with one `LIKE '%,a,%'`.
fn code_list<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let codes: Vec<&str> = codes.into_iter().collect();
    if codes.is_empty() { String::new() } else { format!(",{},", codes.join(",")) }
}

fn listed(code: &str) -> String {
    format!("%,{code},%")
}

/// Which practices a list shows.
#[derive(Debug, Clone, Default)]
pub struct PracticeFilter {
    /// Whose unpublished practices the reader sees besides the published ones: `None` for
    /// every city's (network staff).
    pub drafts_of: Option<Vec<CityCode>>,
    pub theme: Option<Theme>,
    pub city: Option<CityCode>,
    /// ISO country code.
    pub country: Option<String>,
    /// Practices with a version in this language (published, or any for drafts the reader sees).
    pub language: Option<Lang>,
}

impl PracticeFilter {
    fn query(&self) -> Select<practice::Entity> {
        let mut query = practice::Entity::find();
        let published = practice::Column::PublishedLanguages.ne("");
        let drafts_seen = match &self.drafts_of {
            None => Condition::all(),
            Some(cities) => Condition::any()
                .add(published)
                .add(practice::Column::CityCode.is_in(cities.iter().map(|c| c.as_str().to_owned()))),
        };
        query = query.filter(drafts_seen.clone());
        if let Some(lang) = self.language {
            // A version the reader may read: published, or in a practice whose drafts they see.
            let own = match &self.drafts_of {
                None => Condition::all(),
                Some(cities) => {
                    Condition::all().add(practice::Column::CityCode.is_in(cities.iter().map(|c| c.as_str().to_owned())))
                }
            };
            query = query.filter(
                Condition::any()
                    .add(practice::Column::PublishedLanguages.like(listed(lang.code())))
                    .add(own.add(practice::Column::Languages.like(listed(lang.code())))),
            );
        }
        if let Some(theme) = self.theme {
            query = query.filter(practice::Column::Themes.like(listed(theme.code())));
        }
        if let Some(city) = &self.city {
            query = query.filter(practice::Column::CityCode.eq(city.as_str()));
        }
        if let Some(country) = &self.country {
            query = query.filter(practice::Column::Country.eq(country.as_str()));
        }
        query
    }
}

impl Store {
    /// One page of the practices the filter lets through, the latest published first, and how
    /// many in all.
    pub async fn practices_page(
        &self,
        filter: &PracticeFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Practice>, u64), StoreError> {
        let total = filter.query().count(self.reader()).await?;
        let rows = filter
            .query()
            .order_by_desc(practice::Column::PublishedAt)
            .order_by_desc(practice::Column::CreatedAt)
            .offset(page.saturating_mul(per_page))
            .limit(per_page)
            .all(self.reader())
            .await?;
        Ok((from_records("practice", rows.into_iter().map(|r| r.record))?, total))
    }

    pub async fn practice(&self, id: PracticeId) -> Result<Practice, StoreError> {
        let row = practice::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("practice", &row.record)
    }

    /// The practices of `ids` that exist (the search index's catch-up).
    pub async fn practices_by_ids(&self, ids: &[PracticeId]) -> Result<Vec<Practice>, StoreError> {
        let rows = practice::Entity::find()
            .filter(practice::Column::Id.is_in(ids.iter().map(|id| id.0)))
            .all(self.reader())
            .await?;
        from_records("practice", rows.into_iter().map(|r| r.record))
    }

    /// Every practice (the search index's rebuild).
    pub async fn all_practices(&self) -> Result<Vec<Practice>, StoreError> {
        let rows = practice::Entity::find().order_by_asc(practice::Column::CreatedAt).all(self.reader()).await?;
        from_records("practice", rows.into_iter().map(|r| r.record))
    }

    /// The `limit` practices last published (a version of them), newest first.
    pub async fn latest_practices(&self, limit: u64) -> Result<Vec<Practice>, StoreError> {
        let rows = practice::Entity::find()
            .filter(practice::Column::PublishedLanguages.ne(""))
            .order_by_desc(practice::Column::PublishedAt)
            .limit(limit)
            .all(self.reader())
            .await?;
        from_records("practice", rows.into_iter().map(|r| r.record))
    }

    /// The practices first published from `from` until before `until`, oldest first.
    pub async fn practices_shared(&self, from: Timestamp, until: Timestamp) -> Result<Vec<Practice>, StoreError> {
        let rows = practice::Entity::find()
            .filter(practice::Column::FirstPublishedAt.gte(to_chrono(from)))
            .filter(practice::Column::FirstPublishedAt.lt(to_chrono(until)))
            .order_by_asc(practice::Column::FirstPublishedAt)
            .all(self.reader())
            .await?;
        from_records("practice", rows.into_iter().map(|r| r.record))
    }
}

impl WriteTxn {
    pub async fn save_practice(&self, saved: &Practice) -> Result<(), StoreError> {
        let langs: Vec<Lang> = saved.texts.keys().copied().collect();
        let row = practice::ActiveModel {
            id: Set(saved.id.0),
            city_code: Set(saved.city.as_str().to_owned()),
            country: Set(saved.city.country().map(|c| c.iso2().to_owned()).unwrap_or_default()),
            themes: Set(code_list(saved.themes.iter().map(|t| t.code()))),
            languages: Set(code_list(langs.iter().map(|l| l.code()))),
            published_languages: Set(code_list(saved.published_langs().iter().map(|l| l.code()))),
            first_published_at: Set(saved.first_published_at.map(to_chrono)),
            published_at: Set(saved.published_at.map(to_chrono)),
            created_at: Set(to_chrono(saved.created_at)),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = practice::Entity::update_many()
            .set(row)
            .filter(practice::Column::Id.eq(saved.id.0))
            .filter(practice::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lists_find_each_code_and_only_it() {
        let list = code_list(["heritage", "urban_planning"]);
        assert_eq!(list, ",heritage,urban_planning,");
        assert!(list.contains(&listed("heritage").replace('%', "")));
        assert!(!list.contains(&listed("planning").replace('%', "")));
        assert_eq!(code_list(std::iter::empty()), "");
    }
}
