//! Meetings: events, their participants (with the hashed personal answer link), agenda,
//! check-ins, minutes and follow-ups, the per diem rate table, stored files, and each user's
//! calendar feed. A record's fields are kept as JSON beside the columns that queries filter,
//! order or join on.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .if_not_exists()
                    .col(uuid(Events::Id).primary_key())
                    .col(string(Events::Status))
                    .col(string_null(Events::HostCityCode))
                    .col(timestamp_with_time_zone(Events::StartsAt))
                    .col(timestamp_with_time_zone(Events::EndsAt))
                    .col(text(Events::Record))
                    .col(integer(Events::Version))
                    .col(timestamp_with_time_zone(Events::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("events_starts_at").table(Events::Table).col(Events::StartsAt).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventParticipants::Table)
                    .if_not_exists()
                    .col(uuid(EventParticipants::Id).primary_key())
                    .col(uuid(EventParticipants::EventId))
                    .col(uuid_null(EventParticipants::PersonId))
                    .col(string_null(EventParticipants::Email))
                    .col(string_null(EventParticipants::CityCode))
                    .col(string(EventParticipants::Status))
                    .col(string(EventParticipants::TokenHash).unique_key())
                    .col(timestamp_with_time_zone(EventParticipants::RegisteredAt))
                    .col(text(EventParticipants::Record))
                    .col(integer(EventParticipants::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventParticipants::Table, EventParticipants::EventId)
                            .to(Events::Table, Events::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("participants_event_person", vec![EventParticipants::EventId, EventParticipants::PersonId]),
            ("participants_event_email", vec![EventParticipants::EventId, EventParticipants::Email]),
        ] {
            let mut index = Index::create();
            index.name(name).table(EventParticipants::Table).unique();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("participants_email")
                    .table(EventParticipants::Table)
                    .col(EventParticipants::Email)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AgendaItems::Table)
                    .if_not_exists()
                    .col(uuid(AgendaItems::Id).primary_key())
                    .col(uuid(AgendaItems::EventId))
                    .col(string(AgendaItems::Starts))
                    .col(text(AgendaItems::Record))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AgendaItems::Table, AgendaItems::EventId)
                            .to(Events::Table, Events::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("agenda_items_event")
                    .table(AgendaItems::Table)
                    .col(AgendaItems::EventId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Files::Table)
                    .if_not_exists()
                    .col(string(Files::Sha256).primary_key())
                    .col(string(Files::ContentType))
                    .col(big_integer(Files::Size))
                    .col(timestamp_with_time_zone(Files::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CheckIns::Table)
                    .if_not_exists()
                    .col(uuid(CheckIns::ParticipantId))
                    .col(string(CheckIns::Day))
                    .col(uuid(CheckIns::EventId))
                    .col(timestamp_with_time_zone(CheckIns::CheckedAt))
                    .primary_key(Index::create().col(CheckIns::ParticipantId).col(CheckIns::Day))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CheckIns::Table, CheckIns::ParticipantId)
                            .to(EventParticipants::Table, EventParticipants::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("check_ins_event").table(CheckIns::Table).col(CheckIns::EventId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventMinutes::Table)
                    .if_not_exists()
                    .col(uuid(EventMinutes::EventId).primary_key())
                    .col(text(EventMinutes::Record))
                    .col(integer(EventMinutes::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventMinutes::Table, EventMinutes::EventId)
                            .to(Events::Table, Events::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActionItems::Table)
                    .if_not_exists()
                    .col(uuid(ActionItems::Id).primary_key())
                    .col(uuid(ActionItems::EventId))
                    .col(uuid_null(ActionItems::OwnerUserId))
                    .col(string(ActionItems::Status))
                    .col(text(ActionItems::Record))
                    .col(integer(ActionItems::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionItems::Table, ActionItems::EventId)
                            .to(Events::Table, Events::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("action_items_owner")
                    .table(ActionItems::Table)
                    .col(ActionItems::OwnerUserId)
                    .col(ActionItems::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PerDiemRates::Table)
                    .if_not_exists()
                    .col(uuid(PerDiemRates::Id).primary_key())
                    .col(string(PerDiemRates::Country))
                    .col(text(PerDiemRates::Record))
                    .col(integer(PerDiemRates::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CalendarFeeds::Table)
                    .if_not_exists()
                    .col(uuid(CalendarFeeds::UserId).primary_key())
                    .col(string(CalendarFeeds::TokenHash).unique_key())
                    .col(timestamp_with_time_zone(CalendarFeeds::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CalendarFeeds::Table.into_iden(),
            PerDiemRates::Table.into_iden(),
            ActionItems::Table.into_iden(),
            EventMinutes::Table.into_iden(),
            CheckIns::Table.into_iden(),
            Files::Table.into_iden(),
            AgendaItems::Table.into_iden(),
            EventParticipants::Table.into_iden(),
            Events::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Status,
    HostCityCode,
    StartsAt,
    EndsAt,
    Record,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventParticipants {
    Table,
    Id,
    EventId,
    PersonId,
    Email,
    CityCode,
    Status,
    TokenHash,
    RegisteredAt,
    Record,
    Version,
}

#[derive(DeriveIden)]
enum AgendaItems {
    Table,
    Id,
    EventId,
    Starts,
    Record,
}

#[derive(DeriveIden)]
enum Files {
    Table,
    Sha256,
    ContentType,
    Size,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CheckIns {
    Table,
    ParticipantId,
    Day,
    EventId,
    CheckedAt,
}

#[derive(DeriveIden)]
enum EventMinutes {
    Table,
    EventId,
    Record,
    Version,
}

#[derive(DeriveIden)]
enum ActionItems {
    Table,
    Id,
    EventId,
    OwnerUserId,
    Status,
    Record,
    Version,
}

#[derive(DeriveIden)]
enum PerDiemRates {
    Table,
    Id,
    Country,
    Record,
    Version,
}

#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    UserId,
    TokenHash,
    CreatedAt,
}
