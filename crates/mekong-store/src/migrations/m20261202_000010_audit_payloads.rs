//! The audit trail keeps each entry's sealing formula (existing entries: version 1) and, for
//! entries sealed with digests (version 2), their before and after payloads in a table of their
//! own, where a payload can be erased while its digest stays for the chain.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(AuditLog::Table).add_column(integer(AuditLog::HashVersion).default(1)).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditPayloads::Table)
                    .if_not_exists()
                    .col(big_integer(AuditPayloads::Seq))
                    .col(string(AuditPayloads::Side).check(Expr::col(AuditPayloads::Side).is_in(["before", "after"])))
                    .col(string(AuditPayloads::Digest))
                    .col(string_null(AuditPayloads::Salt))
                    .col(text_null(AuditPayloads::Body))
                    .col(timestamp_with_time_zone_null(AuditPayloads::ErasedAt))
                    .col(big_integer_null(AuditPayloads::ErasedBySeq))
                    .primary_key(Index::create().col(AuditPayloads::Seq).col(AuditPayloads::Side))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuditPayloads::Table, AuditPayloads::Seq)
                            .to(AuditLog::Table, AuditLog::Seq),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditPayloads::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(AuditLog::Table).drop_column(AuditLog::HashVersion).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Seq,
    HashVersion,
}

#[derive(DeriveIden)]
enum AuditPayloads {
    Table,
    Seq,
    /// `before` or `after`.
    Side,
    Digest,
    Salt,
    Body,
    ErasedAt,
    /// The entry that recorded the erasure.
    ErasedBySeq,
}
