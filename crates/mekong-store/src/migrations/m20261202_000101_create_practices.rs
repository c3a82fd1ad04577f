//! Good practices and news posts: each record as JSON beside the columns lists filter and sort
//! on. Themes and languages are kept as `,code,` lists so that one `LIKE` filters them on both
//! databases; the publication instants order the feed and count the practices shared.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cities {
    Table,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum Practices {
    Table,
    Id,
    CityCode,
    Country,
    Themes,
    Languages,
    PublishedLanguages,
    FirstPublishedAt,
    PublishedAt,
    CreatedAt,
    Record,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum NewsPosts {
    Table,
    Id,
    PublishedAt,
    UpdatedAt,
    Record,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Practices::Table)
                    .if_not_exists()
                    .col(uuid(Practices::Id).primary_key())
                    .col(string(Practices::CityCode))
                    .col(string(Practices::Country))
                    .col(string(Practices::Themes))
                    .col(string(Practices::Languages))
                    .col(string(Practices::PublishedLanguages))
                    .col(timestamp_with_time_zone_null(Practices::FirstPublishedAt))
                    .col(timestamp_with_time_zone_null(Practices::PublishedAt))
                    .col(timestamp_with_time_zone(Practices::CreatedAt))
                    .col(text(Practices::Record))
                    .col(integer(Practices::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Practices::Table, Practices::CityCode)
                            .to(Cities::Table, Cities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("practices_city_code", Practices::CityCode),
            ("practices_published_at", Practices::PublishedAt),
            ("practices_first_published_at", Practices::FirstPublishedAt),
        ] {
            manager.create_index(Index::create().name(name).table(Practices::Table).col(column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(NewsPosts::Table)
                    .if_not_exists()
                    .col(uuid(NewsPosts::Id).primary_key())
                    .col(timestamp_with_time_zone_null(NewsPosts::PublishedAt))
                    .col(timestamp_with_time_zone(NewsPosts::UpdatedAt))
                    .col(text(NewsPosts::Record))
                    .col(integer(NewsPosts::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("news_posts_published_at")
                    .table(NewsPosts::Table)
                    .col(NewsPosts::PublishedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NewsPosts::Table).if_exists().to_owned()).await?;
        manager.drop_table(Table::drop().table(Practices::Table).if_exists().to_owned()).await
    }
}
