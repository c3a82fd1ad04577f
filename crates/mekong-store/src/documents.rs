//! Queries of the documents library: one page of the documents a reader may read with the
//! list's filters (counted in SQL), one document, every document with its text (for the search
//! index), the links to events and practices kept in step with the record; and the documents
//! already attached elsewhere that the library lists where they are (agenda sessions' documents,
//! indicator values' evidence), read from their own tables.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::documents::{Audience, DocumentKind, LibraryDocument};
use mekong_core::events::AgendaItem;
use mekong_core::ids::{EventId, LibraryDocumentId};
use mekong_core::results::IndicatorValue;
use mekong_core::vocabulary::Theme;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, Set, Statement,
};
use std::collections::HashMap;

mod file_text {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "file_texts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub sha256: String,
        pub text: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod document {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "library_documents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub language: String,
        pub year: i32,
        pub audience: String,
        pub themes: String,
        pub cities: String,
        pub created_at: ChronoDateTimeUtc,
        pub extracted_text: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod event_link {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "library_document_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub document_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub event_id: Uuid,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod practice_link {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "library_document_practices")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub document_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub practice_id: Uuid,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A list of codes as stored: bounded by commas, so `,code,` finds a member with `LIKE`.
fn bounded(codes: impl Iterator<Item = String>) -> String {
    let codes: Vec<String> = codes.collect();
    if codes.is_empty() { ",".to_owned() } else { format!(",{},", codes.join(",")) }
}

/// Which documents a reader may list, as the policy decides (see `policy::reads_document`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryReader {
    /// Network staff: every document.
    Staff,
    /// A signed-in member: public documents, and network ones that name no city or one of
    /// `cities` (a focal point's own).
    Member { cities: Vec<CityCode> },
    /// A visitor: public documents only.
    Public,
}

/// The list's filters, besides what the reader may read.
#[derive(Debug, Clone)]
pub struct LibraryFilter {
    pub reader: LibraryReader,
    pub kind: Option<DocumentKind>,
    pub theme: Option<Theme>,
    pub language: Option<Lang>,
    pub year: Option<i32>,
    pub event: Option<EventId>,
}

impl LibraryFilter {
    fn query(&self) -> Select<document::Entity> {
        let mut query = document::Entity::find();
        match &self.reader {
            LibraryReader::Staff => {}
            LibraryReader::Public => query = query.filter(document::Column::Audience.eq(Audience::Public.code())),
            LibraryReader::Member { cities } => {
                let mut their_cities = Condition::any().add(document::Column::Cities.eq(","));
                for city in cities {
                    their_cities = their_cities.add(document::Column::Cities.contains(format!(",{city},")));
                }
                query = query.filter(Condition::any().add(document::Column::Audience.eq(Audience::Public.code())).add(
                    Condition::all().add(document::Column::Audience.eq(Audience::Network.code())).add(their_cities),
                ));
            }
        }
        if let Some(kind) = self.kind {
            query = query.filter(document::Column::Kind.eq(kind.code()));
        }
        if let Some(theme) = self.theme {
            query = query.filter(document::Column::Themes.contains(format!(",{},", theme.code())));
        }
        if let Some(language) = self.language {
            query = query.filter(document::Column::Language.eq(language.code()));
        }
        if let Some(year) = self.year {
            query = query.filter(document::Column::Year.eq(year));
        }
        if let Some(event) = self.event {
            query = query.filter(
                document::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(event_link::Column::DocumentId)
                        .from(event_link::Entity)
                        .and_where(event_link::Column::EventId.eq(event.0))
                        .to_owned(),
                ),
            );
        }
        query
    }
}

#[derive(FromQueryResult)]
struct Record {
    record: String,
}

/// Stored records whose JSON names at least one file (`"sha256"` appears only in a document).
const WITH_FILES: &str = "record LIKE '%\"sha256\"%'";

impl Store {
    /// The texts extracted from the stored files of `sha256s` that have one, by digest.
    pub async fn file_texts(&self, sha256s: &[&str]) -> Result<HashMap<String, String>, StoreError> {
        let mut texts = HashMap::new();
        for chunk in sha256s.chunks(500) {
            let rows = file_text::Entity::find()
                .filter(file_text::Column::Sha256.is_in(chunk.iter().copied()))
                .all(self.reader())
                .await?;
            texts.extend(rows.into_iter().map(|row| (row.sha256, row.text)));
        }
        Ok(texts)
    }

    /// One page of the documents the filter lets through, newest first, and how many in all.
    pub async fn library_page(
        &self,
        filter: &LibraryFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<LibraryDocument>, u64), StoreError> {
        let total = filter.query().count(self.reader()).await?;
        let rows = filter
            .query()
            .order_by_desc(document::Column::CreatedAt)
            .order_by_desc(document::Column::Id)
            .offset(page.saturating_mul(per_page))
            .limit(per_page)
            .all(self.reader())
            .await?;
        Ok((from_records("library document", rows.into_iter().map(|r| r.record))?, total))
    }

    pub async fn library_document(&self, id: LibraryDocumentId) -> Result<LibraryDocument, StoreError> {
        let row = document::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("library document", &row.record)
    }

    /// A document with the text extracted from its current version.
    pub async fn library_document_with_text(
        &self,
        id: LibraryDocumentId,
    ) -> Result<(LibraryDocument, String), StoreError> {
        let row = document::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        Ok((from_record("library document", &row.record)?, row.extracted_text))
    }

    /// The documents of `ids` that exist, with their text (the search index's catch-up).
    pub async fn library_documents_with_text_by_ids(
        &self,
        ids: &[LibraryDocumentId],
    ) -> Result<Vec<(LibraryDocument, String)>, StoreError> {
        let rows = document::Entity::find()
            .filter(document::Column::Id.is_in(ids.iter().map(|id| id.0)))
            .all(self.reader())
            .await?;
        rows.into_iter().map(|r| Ok((from_record("library document", &r.record)?, r.extracted_text))).collect()
    }

    /// Every document with its text, for a full reindex.
    pub async fn library_documents_with_text(&self) -> Result<Vec<(LibraryDocument, String)>, StoreError> {
        let rows = document::Entity::find().order_by_asc(document::Column::Id).all(self.reader()).await?;
        rows.into_iter().map(|r| Ok((from_record("library document", &r.record)?, r.extracted_text))).collect()
    }

    /// The newest agenda sessions that carry documents, at most `limit`.
    pub async fn agenda_items_with_documents(&self, limit: u64) -> Result<Vec<AgendaItem>, StoreError> {
        let sql = format!("SELECT record FROM agenda_items WHERE {WITH_FILES} ORDER BY starts DESC LIMIT {limit}");
        self.records_of("agenda item", sql).await
    }

    /// The indicator values that carry evidence, at most `limit`.
    pub async fn values_with_evidence(&self, limit: u64) -> Result<Vec<IndicatorValue>, StoreError> {
        let sql = format!("SELECT record FROM indicator_values WHERE {WITH_FILES} ORDER BY id DESC LIMIT {limit}");
        self.records_of("indicator value", sql).await
    }

    async fn records_of<T: serde::de::DeserializeOwned>(&self, what: &str, sql: String) -> Result<Vec<T>, StoreError> {
        let backend = self.reader().get_database_backend();
        let rows = Record::find_by_statement(Statement::from_string(backend, sql)).all(self.reader()).await?;
        from_records(what, rows.into_iter().map(|r| r.record))
    }
}

impl WriteTxn {
    /// Keeps the text extracted from a stored file; a file's content never changes, so a text
    /// already kept stays.
    pub async fn save_file_text(&self, sha256: &str, text: &str) -> Result<(), StoreError> {
        let row = file_text::ActiveModel { sha256: Set(sha256.to_owned()), text: Set(text.to_owned()) };
        file_text::Entity::insert(row).on_conflict_do_nothing().exec(&**self).await?;
        Ok(())
    }

    /// Saves the document (inserted at version 1, else replacing `version - 1`), the text of its
    /// current version, and its links to events and practices.
    pub async fn save_library_document(&self, saved: &LibraryDocument, text: &str) -> Result<(), StoreError> {
        let row = document::ActiveModel {
            id: Set(saved.id.0),
            kind: Set(saved.kind.code().to_owned()),
            language: Set(saved.language.code().to_owned()),
            year: Set(saved.year),
            audience: Set(saved.audience.code().to_owned()),
            themes: Set(bounded(saved.themes.iter().map(|t| t.code().to_owned()))),
            cities: Set(bounded(saved.cities.iter().map(ToString::to_string))),
            created_at: Set(to_chrono(saved.versions.first().map_or(jiff::Timestamp::UNIX_EPOCH, |v| v.uploaded_at))),
            extracted_text: Set(text.to_owned()),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
        } else {
            let result = document::Entity::update_many()
                .set(row)
                .filter(document::Column::Id.eq(saved.id.0))
                .filter(document::Column::Version.eq(saved.version - 1))
                .exec(&**self)
                .await?;
            updated_one(result.rows_affected)?;
            event_link::Entity::delete_many()
                .filter(event_link::Column::DocumentId.eq(saved.id.0))
                .exec(&**self)
                .await?;
            practice_link::Entity::delete_many()
                .filter(practice_link::Column::DocumentId.eq(saved.id.0))
                .exec(&**self)
                .await?;
        }
        for event in &saved.events {
            event_link::ActiveModel { document_id: Set(saved.id.0), event_id: Set(event.0) }.insert(&**self).await?;
        }
        for practice in &saved.practices {
            practice_link::ActiveModel { document_id: Set(saved.id.0), practice_id: Set(*practice) }
                .insert(&**self)
                .await?;
        }
        Ok(())
    }
}
