//! The project pipeline: the project as JSON beside the columns the portfolio filters, counts
//! and sums on (stage, owner, funder, opportunity, budget in minor units with its currency),
//! and one row per city, partner and theme so that the portfolio filters by each with an index.
//! The opportunity has no foreign key: the funding area's table is not part of this change.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cities {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Projects {
    Table,
    Id,
    Number,
    Stage,
    ProgrammeId,
    OwnerUserId,
    FunderId,
    OpportunityId,
    BudgetMinor,
    BudgetCurrency,
    CreatedAt,
    Record,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProjectCities {
    Table,
    ProjectId,
    CityCode,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProjectPartners {
    Table,
    ProjectId,
    OrganisationId,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProjectThemes {
    Table,
    ProjectId,
    Theme,
}

fn index(name: &str, table: impl IntoIden, columns: &[DynIden], unique: bool) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column.clone());
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Projects::Table)
                    .if_not_exists()
                    .col(uuid(Projects::Id).primary_key())
                    .col(string(Projects::Number))
                    .col(string(Projects::Stage))
                    .col(uuid(Projects::ProgrammeId))
                    .col(uuid_null(Projects::OwnerUserId))
                    .col(uuid_null(Projects::FunderId))
                    .col(uuid_null(Projects::OpportunityId))
                    .col(big_integer_null(Projects::BudgetMinor))
                    .col(string_null(Projects::BudgetCurrency))
                    .col(timestamp_with_time_zone(Projects::CreatedAt))
                    .col(text(Projects::Record))
                    .col(integer(Projects::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Projects::Table, Projects::ProgrammeId)
                            .to(Programmes::Table, Programmes::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Projects::Table, Projects::FunderId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProjectCities::Table)
                    .if_not_exists()
                    .col(uuid(ProjectCities::ProjectId))
                    .col(string(ProjectCities::CityCode))
                    .primary_key(Index::create().col(ProjectCities::ProjectId).col(ProjectCities::CityCode))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectCities::Table, ProjectCities::ProjectId)
                            .to(Projects::Table, Projects::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectCities::Table, ProjectCities::CityCode)
                            .to(Cities::Table, Cities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProjectPartners::Table)
                    .if_not_exists()
                    .col(uuid(ProjectPartners::ProjectId))
                    .col(uuid(ProjectPartners::OrganisationId))
                    .primary_key(Index::create().col(ProjectPartners::ProjectId).col(ProjectPartners::OrganisationId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectPartners::Table, ProjectPartners::ProjectId)
                            .to(Projects::Table, Projects::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectPartners::Table, ProjectPartners::OrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProjectThemes::Table)
                    .if_not_exists()
                    .col(uuid(ProjectThemes::ProjectId))
                    .col(string(ProjectThemes::Theme))
                    .primary_key(Index::create().col(ProjectThemes::ProjectId).col(ProjectThemes::Theme))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectThemes::Table, ProjectThemes::ProjectId)
                            .to(Projects::Table, Projects::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("projects_number", Projects::Table, &[Projects::Number.into_iden()], true)).await?;
        manager.create_index(index("projects_stage", Projects::Table, &[Projects::Stage.into_iden()], false)).await?;
        manager
            .create_index(index("projects_funder_id", Projects::Table, &[Projects::FunderId.into_iden()], false))
            .await?;
        manager
            .create_index(index("projects_owner_user_id", Projects::Table, &[Projects::OwnerUserId.into_iden()], false))
            .await?;
        manager
            .create_index(index(
                "project_cities_city_code",
                ProjectCities::Table,
                &[ProjectCities::CityCode.into_iden(), ProjectCities::ProjectId.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "project_partners_organisation_id",
                ProjectPartners::Table,
                &[ProjectPartners::OrganisationId.into_iden(), ProjectPartners::ProjectId.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "project_themes_theme",
                ProjectThemes::Table,
                &[ProjectThemes::Theme.into_iden(), ProjectThemes::ProjectId.into_iden()],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ProjectThemes::Table.into_iden(),
            ProjectPartners::Table.into_iden(),
            ProjectCities::Table.into_iden(),
            Projects::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
