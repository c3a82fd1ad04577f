//! The directory's name search moved to the search index (`mekong-search`'s name search): the
//! table of name words it used, and every write kept up to date, goes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("name_tokens")).if_exists().to_owned()).await
    }
}
