//! Queries of the recruitment area: calls, applications (found by their personal link's hash)
//! and the records of their encrypted documents. Updates check the version they replace.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use mekong_core::ids::{ApplicationDocumentId, ApplicationId, CallId, UserId};
use mekong_core::recruitment::{Application, ApplicationDocument, Call, Evaluation};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

mod call {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_calls")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub code: String,
        pub published: bool,
        pub deadline_at: ChronoDateTimeUtc,
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
    #[sea_orm(table_name = "recruitment_applications")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub call_id: Uuid,
        pub receipt: String,
        pub email: String,
        pub secret_hash: String,
        pub status: String,
        pub received_at: ChronoDateTimeUtc,
        pub erased: bool,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod document {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_documents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub application_id: Uuid,
        pub kind: String,
        pub created_at: ChronoDateTimeUtc,
        pub record: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod evaluation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_evaluations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub call_id: Uuid,
        pub application_id: Uuid,
        pub evaluator_id: Uuid,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

impl Store {
    /// A call's evaluations, every evaluator's.
    pub async fn evaluations(&self, call: CallId) -> Result<Vec<Evaluation>, StoreError> {
        let rows = evaluation::Entity::find().filter(evaluation::Column::CallId.eq(call.0)).all(self.reader()).await?;
        from_records("evaluation", rows.into_iter().map(|r| r.record))
    }

    /// One evaluator's evaluation of one application, if they started it.
    pub async fn evaluation(
        &self,
        application: ApplicationId,
        evaluator: UserId,
    ) -> Result<Option<Evaluation>, StoreError> {
        let row = evaluation::Entity::find()
            .filter(evaluation::Column::ApplicationId.eq(application.0))
            .filter(evaluation::Column::EvaluatorId.eq(evaluator.0))
            .one(self.reader())
            .await?;
        row.map(|r| from_record("evaluation", &r.record)).transpose()
    }

    /// Every call, newest deadline first.
    pub async fn calls(&self) -> Result<Vec<Call>, StoreError> {
        let rows = call::Entity::find().order_by_desc(call::Column::DeadlineAt).all(self.reader()).await?;
        from_records("call", rows.into_iter().map(|r| r.record))
    }

    pub async fn call(&self, id: CallId) -> Result<Call, StoreError> {
        let row = call::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("call", &row.record)
    }

    /// Whether a call with this id exists (a call scope is granted only on one).
    pub async fn call_exists(&self, id: CallId) -> Result<bool, StoreError> {
        Ok(call::Entity::find_by_id(id.0).count(self.reader()).await? > 0)
    }

    /// A call's applications, in the order received.
    pub async fn applications(&self, call: CallId) -> Result<Vec<Application>, StoreError> {
        let rows = application::Entity::find()
            .filter(application::Column::CallId.eq(call.0))
            .order_by_asc(application::Column::ReceivedAt)
            .order_by_asc(application::Column::Receipt)
            .all(self.reader())
            .await?;
        from_records("application", rows.into_iter().map(|r| r.record))
    }

    pub async fn application(&self, id: ApplicationId) -> Result<Application, StoreError> {
        let row = application::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("application", &row.record)
    }

    /// The application a personal link opens, by the link's hash.
    pub async fn application_by_secret(&self, secret_hash: &str) -> Result<Application, StoreError> {
        let row = application::Entity::find()
            .filter(application::Column::SecretHash.eq(secret_hash))
            .one(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        from_record("application", &row.record)
    }

    /// The applications made with this email address, to any call.
    pub async fn applications_by_email(&self, email: &str) -> Result<Vec<Application>, StoreError> {
        let rows = application::Entity::find()
            .filter(application::Column::Email.eq(email))
            .filter(application::Column::Erased.eq(false))
            .all(self.reader())
            .await?;
        from_records("application", rows.into_iter().map(|r| r.record))
    }

    /// An application's documents, oldest first.
    pub async fn application_documents(&self, id: ApplicationId) -> Result<Vec<ApplicationDocument>, StoreError> {
        let rows = document::Entity::find()
            .filter(document::Column::ApplicationId.eq(id.0))
            .order_by_asc(document::Column::CreatedAt)
            .all(self.reader())
            .await?;
        from_records("application document", rows.into_iter().map(|r| r.record))
    }

    pub async fn application_document(&self, id: ApplicationDocumentId) -> Result<ApplicationDocument, StoreError> {
        let row = document::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("application document", &row.record)
    }
}

impl WriteTxn {
    pub async fn save_call(&self, saved: &Call) -> Result<(), StoreError> {
        let row = call::ActiveModel {
            id: Set(saved.id.0),
            code: Set(saved.code.clone()),
            published: Set(saved.published),
            deadline_at: Set(to_chrono(saved.deadline.instant)),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = call::Entity::update_many()
            .set(row)
            .filter(call::Column::Id.eq(saved.id.0))
            .filter(call::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// The call as it is now, read in the writing transaction.
    pub async fn call(&self, id: CallId) -> Result<Call, StoreError> {
        let row = call::Entity::find_by_id(id.0).one(&**self).await?.ok_or(StoreError::NotFound)?;
        from_record("call", &row.record)
    }

    pub async fn application(&self, id: ApplicationId) -> Result<Application, StoreError> {
        let row = application::Entity::find_by_id(id.0).one(&**self).await?.ok_or(StoreError::NotFound)?;
        from_record("application", &row.record)
    }

    /// How many receipt numbers start with `prefix`, counted in the writing transaction.
    pub async fn receipts_taken(&self, prefix: &str) -> Result<u64, StoreError> {
        Ok(application::Entity::find().filter(application::Column::Receipt.starts_with(prefix)).count(&**self).await?)
    }

    /// Saves an application; a new one (version 1) with the hash of its personal link.
    pub async fn save_application(&self, saved: &Application, secret_hash: Option<&str>) -> Result<(), StoreError> {
        let mut row = application::ActiveModel {
            id: Set(saved.id.0),
            call_id: Set(saved.call.0),
            receipt: Set(saved.receipt.clone()),
            email: Set(saved.email.to_string()),
            status: Set(saved.status.code().to_owned()),
            received_at: Set(to_chrono(saved.received_at)),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
            ..Default::default()
        };
        // Only a new application starts not erased: an update (a status moving on) keeps what
        // the erasure wrote.
        if saved.version == 1 {
            row.erased = Set(false);
            row.secret_hash = Set(secret_hash.unwrap_or_default().to_owned());
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "receipt"))?;
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

    pub async fn insert_application_document(&self, added: &ApplicationDocument) -> Result<(), StoreError> {
        document::ActiveModel {
            id: Set(added.id.0),
            application_id: Set(added.application.0),
            kind: Set(added.kind.code().to_owned()),
            created_at: Set(to_chrono(added.uploaded_at)),
            record: Set(to_record(added)?),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    pub async fn save_evaluation(&self, saved: &Evaluation) -> Result<(), StoreError> {
        let row = evaluation::ActiveModel {
            id: Set(saved.id.0),
            call_id: Set(saved.call.0),
            application_id: Set(saved.application.0),
            evaluator_id: Set(saved.evaluator.0),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "declaration"))?;
            return Ok(());
        }
        let result = evaluation::Entity::update_many()
            .set(row)
            .filter(evaluation::Column::Id.eq(saved.id.0))
            .filter(evaluation::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// Removes a document's record (a replaced one); its encrypted bytes go with the caller.
    pub async fn delete_application_document(&self, id: ApplicationDocumentId) -> Result<(), StoreError> {
        document::Entity::delete_by_id(id.0).exec(&**self).await?;
        Ok(())
    }
}
