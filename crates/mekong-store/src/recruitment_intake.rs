//! Queries of applications' intake and personal data: the Message-ID an application received by
//! email came with, the instant a call was decided (retention counts from it), applicants'
//! requests for erasure, and the erasure itself (the decision record stays). These columns sit on
//! the recruitment tables; the area's other queries are in `recruitment`.

use crate::records::{from_record, to_record, updated_one};
use crate::time::{from_chrono, to_chrono};
use crate::{Store, StoreError, WriteTxn};
use jiff::Timestamp;
use mekong_core::ids::{ApplicationId, CallId};
use mekong_core::recruitment::Application;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

mod application {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_applications")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub call_id: Uuid,
        pub email: String,
        pub erased: bool,
        pub message_id: Option<String>,
        pub erasure_requested_at: Option<ChronoDateTimeUtc>,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod call {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_calls")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub decided_at: Option<ChronoDateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An applicant's request for erasure, as the call's managers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureRequest {
    pub application: ApplicationId,
    pub requested_at: Timestamp,
}

impl Store {
    /// When the call was decided, if it was.
    pub async fn call_decided_at(&self, call: CallId) -> Result<Option<Timestamp>, StoreError> {
        let row = call::Entity::find_by_id(call.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        Ok(row.decided_at.map(from_chrono))
    }

    /// The applications not erased yet of the calls decided at or before `instant`.
    pub async fn applications_due_for_erasure(&self, instant: Timestamp) -> Result<Vec<ApplicationId>, StoreError> {
        let decided = Query::select()
            .column(call::Column::Id)
            .from(call::Entity)
            .and_where(call::Column::DecidedAt.lte(to_chrono(instant)))
            .to_owned();
        let rows = application::Entity::find()
            .select_only()
            .column(application::Column::Id)
            .filter(application::Column::Erased.eq(false))
            .filter(application::Column::CallId.in_subquery(decided))
            .into_tuple::<uuid::Uuid>()
            .all(self.reader())
            .await?;
        Ok(rows.into_iter().map(ApplicationId).collect())
    }

    /// The requests for erasure waiting on `call`, oldest first.
    pub async fn erasure_requests(&self, call: CallId) -> Result<Vec<ErasureRequest>, StoreError> {
        let rows = application::Entity::find()
            .filter(application::Column::CallId.eq(call.0))
            .filter(application::Column::Erased.eq(false))
            .filter(application::Column::ErasureRequestedAt.is_not_null())
            .order_by_asc(application::Column::ErasureRequestedAt)
            .all(self.reader())
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                r.erasure_requested_at
                    .map(|at| ErasureRequest { application: ApplicationId(r.id), requested_at: from_chrono(at) })
            })
            .collect())
    }

    /// When the applicant asked for erasure, if they did.
    pub async fn erasure_requested_at(&self, id: ApplicationId) -> Result<Option<Timestamp>, StoreError> {
        let row = application::Entity::find_by_id(id.0)
            .select_only()
            .column(application::Column::ErasureRequestedAt)
            .into_tuple::<Option<chrono::DateTime<chrono::Utc>>>()
            .one(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(row.map(from_chrono))
    }

    /// Whether the application's personal data has been erased.
    pub async fn application_erased(&self, id: ApplicationId) -> Result<bool, StoreError> {
        let row = application::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        Ok(row.erased)
    }
}

impl WriteTxn {
    /// The applications of a call whose personal data was erased: no letter goes to them.
    pub async fn erased_applications(&self, call: CallId) -> Result<Vec<ApplicationId>, StoreError> {
        let ids: Vec<uuid::Uuid> = application::Entity::find()
            .select_only()
            .column(application::Column::Id)
            .filter(application::Column::CallId.eq(call.0))
            .filter(application::Column::Erased.eq(true))
            .into_tuple()
            .all(&**self)
            .await?;
        Ok(ids.into_iter().map(ApplicationId).collect())
    }

    /// Records the instant the call was decided: its applicants' personal data is erased a
    /// retention time after it.
    pub async fn mark_call_decided(&self, id: CallId, at: Timestamp) -> Result<(), StoreError> {
        let result = call::Entity::update_many()
            .col_expr(call::Column::DecidedAt, Expr::value(to_chrono(at)))
            .filter(call::Column::Id.eq(id.0))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// The application of `call` that the message with this Message-ID already made, if any.
    pub async fn application_by_message_id(
        &self,
        call: CallId,
        message_id: &str,
    ) -> Result<Option<Application>, StoreError> {
        let row = application::Entity::find()
            .filter(application::Column::CallId.eq(call.0))
            .filter(application::Column::MessageId.eq(message_id))
            .one(&**self)
            .await?;
        row.map(|r| from_record("application", &r.record)).transpose()
    }

    /// Keeps the Message-ID an application came with.
    pub async fn set_application_message_id(&self, id: ApplicationId, message_id: &str) -> Result<(), StoreError> {
        let result = application::Entity::update_many()
            .col_expr(application::Column::MessageId, Expr::value(message_id))
            .filter(application::Column::Id.eq(id.0))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// Records the applicant's request for erasure (the first request's instant stays).
    pub async fn request_application_erasure(&self, id: ApplicationId, at: Timestamp) -> Result<(), StoreError> {
        application::Entity::update_many()
            .col_expr(application::Column::ErasureRequestedAt, Expr::value(to_chrono(at)))
            .filter(application::Column::Id.eq(id.0))
            .filter(application::Column::ErasureRequestedAt.is_null())
            .exec(&**self)
            .await?;
        Ok(())
    }

    /// Saves an application whose personal data is erased (`erased` holds the record without it,
    /// one version up) and marks it erased; its address column keeps only the placeholder.
    pub async fn save_erased_application(&self, erased: &Application) -> Result<(), StoreError> {
        let result = application::Entity::update_many()
            .col_expr(application::Column::Email, Expr::value(erased.email.to_string()))
            .col_expr(application::Column::Erased, Expr::value(true))
            .col_expr(application::Column::Record, Expr::value(to_record(erased)?))
            .col_expr(application::Column::Version, Expr::value(erased.version))
            .filter(application::Column::Id.eq(erased.id.0))
            .filter(application::Column::Version.eq(erased.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }
}

mod document {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_documents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub record: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

impl WriteTxn {
    /// Saves the kind a manager gave a document (a guess corrected).
    pub async fn save_document_kind(
        &self,
        corrected: &mekong_core::recruitment::ApplicationDocument,
    ) -> Result<(), StoreError> {
        let result = document::Entity::update_many()
            .col_expr(document::Column::Kind, Expr::value(corrected.kind.code()))
            .col_expr(document::Column::Record, Expr::value(to_record(corrected)?))
            .filter(document::Column::Id.eq(corrected.id.0))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }
}
