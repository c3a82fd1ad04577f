//! Queries of news posts: one page (published ones, or drafts too for their writers), one
//! post, the latest published. Updates check the version they replace.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use mekong_core::ids::NewsId;
use mekong_core::news::NewsPost;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};

mod post {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "news_posts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub published_at: Option<ChronoDateTimeUtc>,
        pub updated_at: ChronoDateTimeUtc,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn posts(drafts: bool) -> Select<post::Entity> {
    let query = post::Entity::find();
    if drafts { query } else { query.filter(post::Column::PublishedAt.is_not_null()) }
}

impl Store {
    /// One page of the posts, newest first (drafts first when shown), and how many in all.
    pub async fn news_page(&self, drafts: bool, page: u64, per_page: u64) -> Result<(Vec<NewsPost>, u64), StoreError> {
        let total = posts(drafts).count(self.reader()).await?;
        let rows = posts(drafts)
            .order_by_desc(post::Column::PublishedAt)
            .order_by_desc(post::Column::UpdatedAt)
            .offset(page.saturating_mul(per_page))
            .limit(per_page)
            .all(self.reader())
            .await?;
        Ok((from_records("news post", rows.into_iter().map(|r| r.record))?, total))
    }

    pub async fn news_post(&self, id: NewsId) -> Result<NewsPost, StoreError> {
        let row = post::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("news post", &row.record)
    }

    /// The posts of `ids` that exist (the search index's catch-up).
    pub async fn news_by_ids(&self, ids: &[NewsId]) -> Result<Vec<NewsPost>, StoreError> {
        let rows =
            post::Entity::find().filter(post::Column::Id.is_in(ids.iter().map(|id| id.0))).all(self.reader()).await?;
        from_records("news post", rows.into_iter().map(|r| r.record))
    }

    /// Every post (the search index's rebuild).
    pub async fn all_news(&self) -> Result<Vec<NewsPost>, StoreError> {
        let rows = post::Entity::find().order_by_asc(post::Column::UpdatedAt).all(self.reader()).await?;
        from_records("news post", rows.into_iter().map(|r| r.record))
    }

    /// The `limit` posts last published, newest first.
    pub async fn latest_news(&self, limit: u64) -> Result<Vec<NewsPost>, StoreError> {
        let rows = posts(false).order_by_desc(post::Column::PublishedAt).limit(limit).all(self.reader()).await?;
        from_records("news post", rows.into_iter().map(|r| r.record))
    }
}

impl WriteTxn {
    pub async fn save_news_post(&self, saved: &NewsPost) -> Result<(), StoreError> {
        let row = post::ActiveModel {
            id: Set(saved.id.0),
            published_at: Set(saved.published_at.map(to_chrono)),
            updated_at: Set(to_chrono(saved.updated_at)),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = post::Entity::update_many()
            .set(row)
            .filter(post::Column::Id.eq(saved.id.0))
            .filter(post::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }
}
