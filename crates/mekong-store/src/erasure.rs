//! Queries of a person's erasure that reach beyond the directory: their participations in
//! events, and the mail sent or queued to them.

use crate::audit::contains_text;
use crate::events::participant;
use crate::jobs::{email, job};
use crate::records::from_records;
use crate::{StoreError, WriteTxn};
use mekong_core::events::Participant;
use mekong_core::ids::PersonId;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

impl WriteTxn {
    /// Participations linked to the person, or made under one of their email addresses.
    pub async fn participations_of_person(
        &self,
        person: PersonId,
        emails: &[String],
    ) -> Result<Vec<Participant>, StoreError> {
        let lower: Vec<String> = emails.iter().map(|e| e.to_lowercase()).collect();
        let rows = participant::Entity::find()
            .filter(
                Condition::any()
                    .add(participant::Column::PersonId.eq(person.0))
                    .add(participant::Column::Email.is_in(lower)),
            )
            .all(&**self)
            .await?;
        from_records("participant", rows.into_iter().map(|r| r.record))
    }

    /// Forgets the mail sent or queued to these addresses: the outgoing mail records and the
    /// jobs that carry them. Returns each record's outbox file, if any, to delete them too.
    pub async fn forget_mail_to(&self, emails: &[String]) -> Result<Vec<Option<String>>, StoreError> {
        let lower: Vec<String> = emails.iter().map(|e| e.to_lowercase()).collect();
        if lower.is_empty() {
            return Ok(Vec::new());
        }
        let addressed = Expr::expr(Func::lower(Expr::col(email::Column::Recipient))).is_in(lower.clone());
        let records = email::Entity::find().filter(addressed.clone()).all(&**self).await?;
        email::Entity::delete_many().filter(addressed).exec(&**self).await?;
        let mentioning =
            lower.iter().fold(Condition::any(), |any, address| any.add(contains_text(job::Column::Payload, address)));
        job::Entity::delete_many().filter(mentioning).exec(&**self).await?;
        Ok(records.into_iter().map(|r| r.outbox_file).collect())
    }
}
