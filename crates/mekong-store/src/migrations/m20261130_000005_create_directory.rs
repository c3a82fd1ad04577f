//! The directory: organisations with their membership history, people with their affiliations
//! and consent, partnership prospects, and saved mailing lists.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .if_not_exists()
                    .col(uuid(Organisations::Id).primary_key())
                    .col(string(Organisations::Kind))
                    .col(string(Organisations::NameFr))
                    .col(string(Organisations::NameEn))
                    .col(string(Organisations::NameLocal))
                    .col(text(Organisations::SearchKey))
                    .col(string(Organisations::Country))
                    .col(string(Organisations::AdminRegion))
                    .col(double_null(Organisations::Latitude))
                    .col(double_null(Organisations::Longitude))
                    .col(string(Organisations::Website))
                    .col(string(Organisations::Languages))
                    .col(string(Organisations::Themes))
                    .col(string_null(Organisations::CityCode))
                    .col(string(Organisations::NetworkRoles))
                    .col(integer(Organisations::Version))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in
            [("organisations_kind", Organisations::Kind), ("organisations_country", Organisations::Country)]
        {
            manager.create_index(Index::create().name(name).table(Organisations::Table).col(column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .if_not_exists()
                    .col(uuid(Memberships::Id).primary_key())
                    .col(uuid(Memberships::OrganisationId))
                    .col(string(Memberships::Status))
                    .col(string_null(Memberships::Since))
                    .col(text(Memberships::Note))
                    .col(timestamp_with_time_zone(Memberships::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::OrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("memberships_organisation")
                    .table(Memberships::Table)
                    .col(Memberships::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .if_not_exists()
                    .col(uuid(People::Id).primary_key())
                    .col(string(People::NameLocal))
                    .col(string(People::NameRomanised))
                    .col(text(People::SearchKey))
                    .col(string(People::Title))
                    .col(string(People::Sex))
                    .col(string(People::Function))
                    .col(text(People::Emails))
                    .col(string(People::EmailKey))
                    .col(text(People::Phones))
                    .col(string(People::Languages))
                    .col(string(People::Themes))
                    .col(string_null(People::Country))
                    .col(string_null(People::ConsentBasis))
                    .col(string_null(People::ConsentGivenOn))
                    .col(string(People::ConsentChannel))
                    .col(string_null(People::ConsentWithdrawnOn))
                    .col(boolean(People::ShareWithPartners))
                    .col(string_null(People::FocalPointOf))
                    .col(uuid_null(People::UserId))
                    .col(integer(People::Version))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .col(timestamp_with_time_zone(People::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [("people_email_key", People::EmailKey), ("people_country", People::Country)] {
            manager.create_index(Index::create().name(name).table(People::Table).col(column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Affiliations::Table)
                    .if_not_exists()
                    .col(uuid(Affiliations::Id).primary_key())
                    .col(uuid(Affiliations::PersonId))
                    .col(uuid(Affiliations::OrganisationId))
                    .col(string(Affiliations::Function))
                    .col(string_null(Affiliations::FromDate))
                    .col(string_null(Affiliations::UntilDate))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Affiliations::Table, Affiliations::PersonId)
                            .to(People::Table, People::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Affiliations::Table, Affiliations::OrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("affiliations_person", Affiliations::PersonId),
            ("affiliations_organisation", Affiliations::OrganisationId),
        ] {
            manager.create_index(Index::create().name(name).table(Affiliations::Table).col(column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Prospects::Table)
                    .if_not_exists()
                    .col(uuid(Prospects::Id).primary_key())
                    .col(uuid(Prospects::OrganisationId))
                    .col(string(Prospects::Stage))
                    .col(text(Prospects::Notes))
                    .col(string(Prospects::NextAction))
                    .col(string_null(Prospects::DueOn))
                    .col(integer(Prospects::Version))
                    .col(timestamp_with_time_zone(Prospects::CreatedAt))
                    .col(timestamp_with_time_zone(Prospects::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Prospects::Table, Prospects::OrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailingLists::Table)
                    .if_not_exists()
                    .col(uuid(MailingLists::Id).primary_key())
                    .col(string(MailingLists::Name))
                    .col(text(MailingLists::Filter))
                    .col(timestamp_with_time_zone(MailingLists::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MailingLists::Table.into_iden(),
            Prospects::Table.into_iden(),
            Affiliations::Table.into_iden(),
            People::Table.into_iden(),
            Memberships::Table.into_iden(),
            Organisations::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Kind,
    NameFr,
    NameEn,
    NameLocal,
    SearchKey,
    Country,
    AdminRegion,
    Latitude,
    Longitude,
    Website,
    Languages,
    Themes,
    CityCode,
    NetworkRoles,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
    OrganisationId,
    Status,
    Since,
    Note,
    RecordedAt,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    NameLocal,
    NameRomanised,
    SearchKey,
    Title,
    Sex,
    Function,
    Emails,
    EmailKey,
    Phones,
    Languages,
    Themes,
    Country,
    ConsentBasis,
    ConsentGivenOn,
    ConsentChannel,
    ConsentWithdrawnOn,
    ShareWithPartners,
    FocalPointOf,
    UserId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Affiliations {
    Table,
    Id,
    PersonId,
    OrganisationId,
    Function,
    FromDate,
    UntilDate,
}

#[derive(DeriveIden)]
enum Prospects {
    Table,
    Id,
    OrganisationId,
    Stage,
    Notes,
    NextAction,
    DueOn,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MailingLists {
    Table,
    Id,
    Name,
    Filter,
    CreatedAt,
}
