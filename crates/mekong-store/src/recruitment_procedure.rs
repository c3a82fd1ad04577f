//! Queries of a call's procedure after the ranking: its record (shortlist, second-stage deadline,
//! decision, and the decision's instant in a column for the retention job), the managers' checks
//! of the second stage, interview slots (booked by one conditional update, so two candidates
//! racing for a slot cannot both have it) and interview scores.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use mekong_core::ids::{ApplicationId, CallId, InterviewId, UserId};
use mekong_core::recruitment_procedure::{InterviewScore, InterviewSlot, Procedure, StageTwoCheck};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

mod procedure {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_procedures")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub call_id: Uuid,
        pub decided_at: Option<ChronoDateTimeUtc>,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod check {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_stage_two_checks")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub application_id: Uuid,
        pub call_id: Uuid,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod slot {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_interview_slots")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub call_id: Uuid,
        pub starts_at: ChronoDateTimeUtc,
        pub application_id: Option<Uuid>,
        pub booked_at: Option<ChronoDateTimeUtc>,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod score {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "recruitment_interview_scores")]
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

fn slot_of(row: slot::Model) -> Result<InterviewSlot, StoreError> {
    let mut slot: InterviewSlot = from_record("interview slot", &row.record)?;
    slot.booked_by = row.application_id.map(ApplicationId);
    Ok(slot)
}

impl Store {
    /// A call's procedure; a new one when nothing is decided yet.
    pub async fn procedure(&self, call: CallId) -> Result<Procedure, StoreError> {
        match procedure::Entity::find_by_id(call.0).one(self.reader()).await? {
            Some(row) => from_record("procedure", &row.record),
            None => Ok(Procedure::new(call)),
        }
    }

    /// The managers' checks of a call's second stage.
    pub async fn stage_two_checks(&self, call: CallId) -> Result<Vec<StageTwoCheck>, StoreError> {
        let rows = check::Entity::find().filter(check::Column::CallId.eq(call.0)).all(self.reader()).await?;
        from_records("stage-two check", rows.into_iter().map(|r| r.record))
    }

    pub async fn stage_two_check(&self, application: ApplicationId) -> Result<Option<StageTwoCheck>, StoreError> {
        let row = check::Entity::find_by_id(application.0).one(self.reader()).await?;
        row.map(|r| from_record("stage-two check", &r.record)).transpose()
    }

    /// A call's interview slots, earliest first.
    pub async fn interview_slots(&self, call: CallId) -> Result<Vec<InterviewSlot>, StoreError> {
        let rows = slot::Entity::find()
            .filter(slot::Column::CallId.eq(call.0))
            .order_by_asc(slot::Column::StartsAt)
            .all(self.reader())
            .await?;
        rows.into_iter().map(slot_of).collect()
    }

    /// The slot a candidate booked, if any.
    pub async fn booked_slot(&self, application: ApplicationId) -> Result<Option<InterviewSlot>, StoreError> {
        let row = slot::Entity::find().filter(slot::Column::ApplicationId.eq(application.0)).one(self.reader()).await?;
        row.map(slot_of).transpose()
    }

    /// A call's interview scores, every member's.
    pub async fn interview_scores(&self, call: CallId) -> Result<Vec<InterviewScore>, StoreError> {
        let rows = score::Entity::find().filter(score::Column::CallId.eq(call.0)).all(self.reader()).await?;
        from_records("interview score", rows.into_iter().map(|r| r.record))
    }

    /// One member's scores of one interview, if submitted.
    pub async fn interview_score(
        &self,
        application: ApplicationId,
        evaluator: UserId,
    ) -> Result<Option<InterviewScore>, StoreError> {
        let row = score::Entity::find()
            .filter(score::Column::ApplicationId.eq(application.0))
            .filter(score::Column::EvaluatorId.eq(evaluator.0))
            .one(self.reader())
            .await?;
        row.map(|r| from_record("interview score", &r.record)).transpose()
    }
}

impl WriteTxn {
    /// The call's procedure as it is now, read in the writing transaction.
    pub async fn procedure(&self, call: CallId) -> Result<Procedure, StoreError> {
        match procedure::Entity::find_by_id(call.0).one(&**self).await? {
            Some(row) => from_record("procedure", &row.record),
            None => Ok(Procedure::new(call)),
        }
    }

    /// Saves a procedure: version 1 is inserted, a later one replaces `version - 1` or fails.
    pub async fn save_procedure(&self, saved: &Procedure) -> Result<(), StoreError> {
        let row = procedure::ActiveModel {
            call_id: Set(saved.call.0),
            decided_at: Set(saved.decision.as_ref().map(|d| to_chrono(d.decided_at))),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "version"))?;
            return Ok(());
        }
        let result = procedure::Entity::update_many()
            .set(row)
            .filter(procedure::Column::CallId.eq(saved.call.0))
            .filter(procedure::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn save_stage_two_check(&self, saved: &StageTwoCheck) -> Result<(), StoreError> {
        let row = check::ActiveModel {
            application_id: Set(saved.application.0),
            call_id: Set(saved.call.0),
            record: Set(to_record(saved)?),
            version: Set(saved.version),
        };
        if saved.version == 1 {
            row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "version"))?;
            return Ok(());
        }
        let result = check::Entity::update_many()
            .set(row)
            .filter(check::Column::ApplicationId.eq(saved.application.0))
            .filter(check::Column::Version.eq(saved.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn insert_interview_slot(&self, added: &InterviewSlot) -> Result<(), StoreError> {
        slot::ActiveModel {
            id: Set(added.id.0),
            call_id: Set(added.call.0),
            starts_at: Set(to_chrono(added.starts)),
            application_id: Set(None),
            booked_at: Set(None),
            record: Set(to_record(added)?),
            version: Set(1),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    /// Books a free slot of `call` for `application` in one statement: `false` when the slot
    /// is taken (or not the call's). A candidate holding another slot fails on the unique index.
    pub async fn book_interview_slot(
        &self,
        call: CallId,
        id: InterviewId,
        application: ApplicationId,
        at: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        let result = slot::Entity::update_many()
            .col_expr(slot::Column::ApplicationId, Expr::value(Some(application.0)))
            .col_expr(slot::Column::BookedAt, Expr::value(Some(to_chrono(at))))
            .col_expr(slot::Column::Version, Expr::col(slot::Column::Version).add(1))
            .filter(slot::Column::Id.eq(id.0))
            .filter(slot::Column::CallId.eq(call.0))
            .filter(slot::Column::ApplicationId.is_null())
            .exec(&**self)
            .await
            .map_err(|e| StoreError::from_write(e, "slot"))?;
        Ok(result.rows_affected == 1)
    }

    /// Inserts one member's scores of one interview; a second one from them is a duplicate.
    pub async fn insert_interview_score(&self, added: &InterviewScore) -> Result<(), StoreError> {
        score::ActiveModel {
            id: Set(added.id.0),
            call_id: Set(added.call.0),
            application_id: Set(added.application.0),
            evaluator_id: Set(added.evaluator.0),
            record: Set(to_record(added)?),
            version: Set(added.version),
        }
        .insert(&**self)
        .await
        .map_err(|e| StoreError::from_write(e, "scores"))?;
        Ok(())
    }
}
