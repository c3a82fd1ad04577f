//! Interview slots of a call. The candidate who booked a slot is a column of its own, set by one
//! conditional update (`WHERE application_id IS NULL`), and unique: a slot is never booked twice
//! and a candidate holds one slot.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Schema {
    RecruitmentInterviewSlots,
    RecruitmentCalls,
    RecruitmentApplications,
    Id,
    CallId,
    StartsAt,
    ApplicationId,
    BookedAt,
    Record,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Schema::RecruitmentInterviewSlots)
                    .if_not_exists()
                    .col(uuid(Schema::Id).primary_key())
                    .col(uuid(Schema::CallId))
                    .col(timestamp_with_time_zone(Schema::StartsAt))
                    .col(uuid_null(Schema::ApplicationId))
                    .col(timestamp_with_time_zone_null(Schema::BookedAt))
                    .col(text(Schema::Record))
                    .col(integer(Schema::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::RecruitmentInterviewSlots, Schema::CallId)
                            .to(Schema::RecruitmentCalls, Schema::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schema::RecruitmentInterviewSlots, Schema::ApplicationId)
                            .to(Schema::RecruitmentApplications, Schema::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recruitment_interview_slots_application_id")
                    .table(Schema::RecruitmentInterviewSlots)
                    .col(Schema::ApplicationId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recruitment_interview_slots_call_id_starts_at")
                    .table(Schema::RecruitmentInterviewSlots)
                    .col(Schema::CallId)
                    .col(Schema::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Schema::RecruitmentInterviewSlots).if_exists().to_owned()).await
    }
}
