//! Queries of the events area: events, participants, agenda, check-ins, minutes, follow-ups,
//! per diem rates, stored files and calendar feeds. Each record is kept as JSON beside the
//! columns that queries filter, order or join on; updates check the version they replace.

use crate::records::{from_record, from_records, to_record, updated_one};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use jiff::Timestamp;
use jiff::civil::Date;
use mekong_core::directory::CityCode;
use mekong_core::events::{ActionItem, AgendaItem, Event, Minutes, Participant, ParticipantGroup, PerDiemRate};
use mekong_core::ids::{AgendaItemId, EventId, ParticipantId, PersonId, UserId};
use mekong_core::vocabulary::{ParticipantStatus, Sex};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

mod event {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub status: String,
        pub host_city_code: Option<String>,
        pub starts_at: DateTimeUtc,
        pub ends_at: DateTimeUtc,
        pub record: String,
        pub version: i32,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod participant {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "event_participants")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub event_id: Uuid,
        pub person_id: Option<Uuid>,
        /// Lower-cased, to find a user's own participations.
        pub email: Option<String>,
        pub city_code: Option<String>,
        pub status: String,
        /// SHA-256 of the secret in the participant's personal link.
        pub token_hash: String,
        pub registered_at: DateTimeUtc,
        pub record: String,
        pub version: i32,
        /// Names, organisation and email folded, for the organisers' search.
        pub search_key: String,
        /// What the participation figures group by, copied from the record.
        pub sex: String,
        pub country: String,
        pub organisation_kind: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod agenda_item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "agenda_items")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub event_id: Uuid,
        /// The wall-clock start, `YYYY-MM-DDTHH:MM:SS`: sorts as text.
        pub starts: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod file {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "files")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub sha256: String,
        pub content_type: String,
        pub size: i64,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod check_in {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "check_ins")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub participant_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub day: String,
        pub event_id: Uuid,
        pub checked_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod minutes {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "event_minutes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub event_id: Uuid,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod action_item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "action_items")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub event_id: Uuid,
        pub owner_user_id: Option<Uuid>,
        pub status: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod per_diem_rate {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "per_diem_rates")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub country: String,
        pub record: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod calendar_feed {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "calendar_feeds")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        pub token_hash: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A stored file's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub sha256: String,
    pub content_type: String,
    pub size: i64,
}

/// An event's participants in the order they were invited or registered (the waiting list's).
/// A participant as stored. Who they are in the directory (person, city) is read from the
/// columns, which foreign keys constrain and merges repoint, not from the copy in the record.
fn participant_from(row: participant::Model) -> Result<Participant, StoreError> {
    let mut participant: Participant = from_record("participant", &row.record)?;
    participant.person = row.person_id.map(PersonId);
    participant.city = row
        .city_code
        .map(|code| CityCode::parse(&code).map_err(|_| StoreError::Corrupt(format!("participant {}: city", row.id))))
        .transpose()?;
    Ok(participant)
}

fn participants_from(rows: Vec<participant::Model>) -> Result<Vec<Participant>, StoreError> {
    rows.into_iter().map(participant_from).collect()
}

/// Which of an event's participants to read (see [`Store::participants_where`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct ParticipantsWhere<'a> {
    pub status: Option<&'a str>,
    pub cities: Option<&'a [CityCode]>,
    pub ids: Option<&'a [ParticipantId]>,
    /// Found in their names, organisation or email (folded).
    pub text: Option<&'a str>,
}

impl ParticipantsWhere<'_> {
    /// Whether nothing but the status narrows the selection: the counts per status then say
    /// how many it selects.
    pub fn by_status_only(&self) -> bool {
        self.cities.is_none() && self.ids.is_none() && self.text.is_none_or(|t| mekong_core::names::fold(t).is_empty())
    }

    fn apply(&self, mut query: sea_orm::Select<participant::Entity>) -> sea_orm::Select<participant::Entity> {
        if let Some(status) = self.status {
            query = query.filter(participant::Column::Status.eq(status));
        }
        if let Some(cities) = self.cities {
            query = query.filter(participant::Column::CityCode.is_in(cities.iter().map(ToString::to_string)));
        }
        if let Some(text) = self.text.map(mekong_core::names::fold).filter(|t| !t.is_empty()) {
            query = query.filter(participant::Column::SearchKey.contains(text));
        }
        query
    }
}

/// Who counts as having taken part in an event, for its participation figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TookPart {
    /// Those checked in on any day.
    CheckedIn,
    /// Those who accepted (a held meeting whose attendance was not recorded by check-in).
    Accepted,
}

fn participants_in_order(event: EventId) -> sea_orm::Select<participant::Entity> {
    participant::Entity::find()
        .filter(participant::Column::EventId.eq(event.0))
        .order_by_asc(participant::Column::RegisteredAt)
        .order_by_asc(participant::Column::Id)
}

impl Store {
    /// Every event, latest first.
    pub async fn events(&self) -> Result<Vec<Event>, StoreError> {
        let rows = event::Entity::find().order_by_desc(event::Column::StartsAt).all(self.reader()).await?;
        from_records("event", rows.into_iter().map(|r| r.record))
    }

    /// The events of `ids` that exist (the search index's catch-up).
    pub async fn events_by_ids(&self, ids: &[EventId]) -> Result<Vec<Event>, StoreError> {
        let rows =
            event::Entity::find().filter(event::Column::Id.is_in(ids.iter().map(|id| id.0))).all(self.reader()).await?;
        from_records("event", rows.into_iter().map(|r| r.record))
    }

    /// The events starting in `[from, until)`.
    pub async fn events_between(&self, from: Timestamp, until: Timestamp) -> Result<Vec<Event>, StoreError> {
        let rows = event::Entity::find()
            .filter(event::Column::StartsAt.gte(to_chrono(from)))
            .filter(event::Column::StartsAt.lt(to_chrono(until)))
            .order_by_asc(event::Column::StartsAt)
            .all(self.reader())
            .await?;
        from_records("event", rows.into_iter().map(|r| r.record))
    }

    pub async fn event(&self, id: EventId) -> Result<Event, StoreError> {
        let row = event::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("event", &row.record)
    }

    /// An event's participants, in the order they were invited or registered.
    pub async fn participants(&self, event: EventId) -> Result<Vec<Participant>, StoreError> {
        let rows = participants_in_order(event).all(self.reader()).await?;
        participants_from(rows)
    }

    /// How many participants of an event are at each stage (status code, count), counted by
    /// the database: a page that shows only counts decodes no participant.
    pub async fn participant_counts(&self, event: EventId) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(participant::Entity::find()
            .select_only()
            .column(participant::Column::Status)
            .column_as(participant::Column::Id.count(), "count")
            .filter(participant::Column::EventId.eq(event.0))
            .group_by(participant::Column::Status)
            .into_tuple()
            .all(self.reader())
            .await?)
    }

    /// One page of the participants `which` selects, in order of registration.
    pub async fn participants_page(
        &self,
        event: EventId,
        which: &ParticipantsWhere<'_>,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<Participant>, StoreError> {
        let rows = which.apply(participants_in_order(event)).offset(offset).limit(limit).all(self.reader()).await?;
        participants_from(rows)
    }

    /// How many participants `which` selects.
    pub async fn participants_count(&self, event: EventId, which: &ParticipantsWhere<'_>) -> Result<u64, StoreError> {
        Ok(sea_orm::PaginatorTrait::count(which.apply(participants_in_order(event)), self.reader()).await?)
    }

    /// The participants of an event who took part, counted by the database per sex, country,
    /// kind of organisation and city.
    pub async fn participant_groups(
        &self,
        event: EventId,
        took_part: TookPart,
    ) -> Result<Vec<ParticipantGroup>, StoreError> {
        let mut query = participant::Entity::find()
            .select_only()
            .column(participant::Column::Sex)
            .column(participant::Column::Country)
            .column(participant::Column::OrganisationKind)
            .column_as(sea_orm::sea_query::Expr::cust("COALESCE(city_code, '')"), "city")
            .column_as(sea_orm::sea_query::Expr::cust("CAST(COUNT(*) AS BIGINT)"), "count")
            .filter(participant::Column::EventId.eq(event.0));
        query = match took_part {
            TookPart::Accepted => query.filter(participant::Column::Status.eq(ParticipantStatus::Accepted.code())),
            TookPart::CheckedIn => query.filter(
                participant::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(check_in::Column::ParticipantId)
                        .from(check_in::Entity)
                        .and_where(check_in::Column::EventId.eq(event.0))
                        .to_owned(),
                ),
            ),
        };
        let rows: Vec<(String, String, String, String, i64)> = query
            .group_by(participant::Column::Sex)
            .group_by(participant::Column::Country)
            .group_by(participant::Column::OrganisationKind)
            .group_by(participant::Column::CityCode)
            .into_tuple()
            .all(self.reader())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(sex, country, organisation_kind, city, count)| ParticipantGroup {
                sex: Sex::parse(&sex).unwrap_or(Sex::Unknown),
                country,
                organisation_kind,
                city,
                count: usize::try_from(count).unwrap_or(0),
            })
            .collect())
    }

    /// Only the participants of an event a page shows: those with `status`, from `cities`, or
    /// with these ids (each filter applies when given), in order of registration.
    pub async fn participants_where(
        &self,
        event: EventId,
        which: &ParticipantsWhere<'_>,
    ) -> Result<Vec<Participant>, StoreError> {
        let query = which.apply(participants_in_order(event));
        let mut all = Vec::new();
        match which.ids {
            Some(ids) => {
                for chunk in ids.chunks(500) {
                    let rows = query
                        .clone()
                        .filter(participant::Column::Id.is_in(chunk.iter().map(|p| p.0)))
                        .all(self.reader())
                        .await?;
                    all.extend(participants_from(rows)?);
                }
            }
            None => all = participants_from(query.all(self.reader()).await?)?,
        }
        Ok(all)
    }

    /// The participants of several events.
    pub async fn participants_of(&self, events: &[EventId]) -> Result<Vec<Participant>, StoreError> {
        let mut all = Vec::new();
        for chunk in events.chunks(500) {
            let rows = participant::Entity::find()
                .filter(participant::Column::EventId.is_in(chunk.iter().map(|e| e.0)))
                .all(self.reader())
                .await?;
            all.extend(participants_from(rows)?);
        }
        Ok(all)
    }

    pub async fn participant(&self, id: ParticipantId) -> Result<Participant, StoreError> {
        let row = participant::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        participant_from(row)
    }

    /// The participant whose personal link carries the secret hashed as `token_hash`.
    pub async fn participant_by_token(&self, token_hash: &str) -> Result<Participant, StoreError> {
        let row = participant::Entity::find()
            .filter(participant::Column::TokenHash.eq(token_hash))
            .one(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        participant_from(row)
    }

    /// Every participation under this email address, in any event.
    pub async fn participations_of_email(&self, email: &str) -> Result<Vec<Participant>, StoreError> {
        let rows = participant::Entity::find()
            .filter(participant::Column::Email.eq(email.to_lowercase()))
            .all(self.reader())
            .await?;
        participants_from(rows)
    }

    /// Who was checked in at an event, on which days.
    pub async fn check_ins(&self, event: EventId) -> Result<Vec<(ParticipantId, Date)>, StoreError> {
        let rows = check_in::Entity::find().filter(check_in::Column::EventId.eq(event.0)).all(self.reader()).await?;
        Ok(rows.into_iter().filter_map(|r| Some((ParticipantId(r.participant_id), r.day.parse().ok()?))).collect())
    }

    /// The participants of `events` checked in at least once.
    /// Whether anyone was checked in at the event.
    pub async fn has_check_ins(&self, event: EventId) -> Result<bool, StoreError> {
        Ok(check_in::Entity::find().filter(check_in::Column::EventId.eq(event.0)).one(self.reader()).await?.is_some())
    }

    pub async fn checked_in_among(&self, events: &[EventId]) -> Result<Vec<(EventId, ParticipantId)>, StoreError> {
        let mut all = Vec::new();
        for chunk in events.chunks(500) {
            let rows = check_in::Entity::find()
                .filter(check_in::Column::EventId.is_in(chunk.iter().map(|e| e.0)))
                .all(self.reader())
                .await?;
            all.extend(rows.into_iter().map(|r| (EventId(r.event_id), ParticipantId(r.participant_id))));
        }
        all.sort();
        all.dedup();
        Ok(all)
    }

    /// The agenda sessions of `events` (the search index's catch-up and rebuild), in no order.
    pub async fn agendas_of(&self, events: &[EventId]) -> Result<Vec<AgendaItem>, StoreError> {
        let mut rows = Vec::new();
        for chunk in events.chunks(500) {
            rows.extend(
                agenda_item::Entity::find()
                    .filter(agenda_item::Column::EventId.is_in(chunk.iter().map(|e| e.0)))
                    .all(self.reader())
                    .await?,
            );
        }
        from_records("agenda item", rows.into_iter().map(|r| r.record))
    }

    pub async fn agenda(&self, event: EventId) -> Result<Vec<AgendaItem>, StoreError> {
        let rows = agenda_item::Entity::find()
            .filter(agenda_item::Column::EventId.eq(event.0))
            .order_by_asc(agenda_item::Column::Starts)
            .all(self.reader())
            .await?;
        from_records("agenda item", rows.into_iter().map(|r| r.record))
    }

    pub async fn agenda_item(&self, id: AgendaItemId) -> Result<AgendaItem, StoreError> {
        let row = agenda_item::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        from_record("agenda item", &row.record)
    }

    pub async fn minutes(&self, event: EventId) -> Result<Option<Minutes>, StoreError> {
        let row = minutes::Entity::find_by_id(event.0).one(self.reader()).await?;
        row.map(|r| from_record("minutes", &r.record)).transpose()
    }

    pub async fn action_items(&self, event: EventId) -> Result<Vec<ActionItem>, StoreError> {
        let rows = action_item::Entity::find()
            .filter(action_item::Column::EventId.eq(event.0))
            .order_by_asc(action_item::Column::Id)
            .all(self.reader())
            .await?;
        from_records("action item", rows.into_iter().map(|r| r.record))
    }

    /// The follow-ups a user owns that are not done yet.
    pub async fn open_action_items_of(&self, user: UserId) -> Result<Vec<ActionItem>, StoreError> {
        let rows = action_item::Entity::find()
            .filter(action_item::Column::OwnerUserId.eq(user.0))
            .filter(action_item::Column::Status.ne("done"))
            .order_by_asc(action_item::Column::Id)
            .all(self.reader())
            .await?;
        from_records("action item", rows.into_iter().map(|r| r.record))
    }

    pub async fn per_diem_rates(&self) -> Result<Vec<PerDiemRate>, StoreError> {
        let rows =
            per_diem_rate::Entity::find().order_by_asc(per_diem_rate::Column::Country).all(self.reader()).await?;
        let mut rates: Vec<PerDiemRate> = from_records("per diem rate", rows.into_iter().map(|r| r.record))?;
        rates.sort_by(|a, b| (&a.country, a.valid_from).cmp(&(&b.country, b.valid_from)));
        Ok(rates)
    }

    pub async fn stored_file(&self, sha256: &str) -> Result<StoredFile, StoreError> {
        let row = file::Entity::find_by_id(sha256.to_owned()).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        Ok(StoredFile { sha256: row.sha256, content_type: row.content_type, size: row.size })
    }

    /// The user whose calendar feed link carries the secret hashed as `token_hash`.
    pub async fn calendar_feed_owner(&self, token_hash: &str) -> Result<UserId, StoreError> {
        let row = calendar_feed::Entity::find()
            .filter(calendar_feed::Column::TokenHash.eq(token_hash))
            .one(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(UserId(row.user_id))
    }

    pub async fn has_calendar_feed(&self, user: UserId) -> Result<bool, StoreError> {
        Ok(calendar_feed::Entity::find_by_id(user.0).one(self.reader()).await?.is_some())
    }
}

fn event_row(event: &Event, now: Timestamp) -> Result<event::ActiveModel, StoreError> {
    Ok(event::ActiveModel {
        id: Set(event.id.0),
        status: Set(event.status.code().to_owned()),
        host_city_code: Set(event.host_city.as_ref().map(ToString::to_string)),
        starts_at: Set(to_chrono(event.start_instant())),
        ends_at: Set(to_chrono(event.end_instant())),
        record: Set(to_record(event)?),
        version: Set(event.version),
        updated_at: Set(to_chrono(now)),
    })
}

fn participant_row(participant: &Participant) -> Result<participant::ActiveModel, StoreError> {
    Ok(participant::ActiveModel {
        id: Set(participant.id.0),
        event_id: Set(participant.event.0),
        person_id: Set(participant.person.map(|p| p.0)),
        email: Set(participant.email.as_ref().map(|e| e.as_str().to_lowercase())),
        city_code: Set(participant.city.as_ref().map(ToString::to_string)),
        status: Set(participant.status.code().to_owned()),
        token_hash: sea_orm::ActiveValue::NotSet,
        registered_at: Set(to_chrono(participant.registered_at)),
        record: Set(to_record(participant)?),
        version: Set(participant.version),
        search_key: Set(mekong_core::names::sort_key(&[
            &participant.name,
            &participant.local_name,
            &participant.organisation,
            participant.email.as_ref().map_or("", |e| e.as_str()),
        ])),
        sex: Set(participant.sex.code().to_owned()),
        country: Set(participant.country.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default()),
        organisation_kind: Set(participant.organisation_kind.map(|k| k.code().to_owned()).unwrap_or_default()),
    })
}

impl WriteTxn {
    /// Moves the participations of a person merged into another onto the one kept. Where both
    /// took part in the same event, the merged one's participation stays, unlinked, with the
    /// name it was recorded under: an event holds a person once.
    pub async fn repoint_participations(&self, from: PersonId, to: PersonId) -> Result<u64, StoreError> {
        let kept_events = sea_orm::sea_query::Query::select()
            .column(participant::Column::EventId)
            .from(participant::Entity)
            .and_where(participant::Column::PersonId.eq(to.0))
            .to_owned();
        let moved = participant::Entity::update_many()
            .col_expr(participant::Column::PersonId, sea_orm::sea_query::Expr::value(to.0))
            .filter(participant::Column::PersonId.eq(from.0))
            .filter(participant::Column::EventId.not_in_subquery(kept_events))
            .exec(&**self)
            .await?;
        participant::Entity::update_many()
            .col_expr(participant::Column::PersonId, sea_orm::sea_query::Expr::value(Option::<uuid::Uuid>::None))
            .filter(participant::Column::PersonId.eq(from.0))
            .exec(&**self)
            .await?;
        Ok(moved.rows_affected)
    }

    /// An event's participants as this transaction sees them, after taking the event's lock:
    /// decisions on places (capacity, waiting list) are made on what no one else is changing.
    pub async fn participants_locked(&self, event: EventId) -> Result<Vec<Participant>, StoreError> {
        if self.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            // SQLite has one writer at a time already; PostgreSQL needs the row lock.
            event::Entity::find_by_id(event.0).lock_exclusive().one(&**self).await?;
        }
        let rows = participants_in_order(event).all(&**self).await?;
        participants_from(rows)
    }

    /// Inserts an event (version 1) or replaces version `version - 1` of it.
    pub async fn save_event(&self, event: &Event, now: Timestamp) -> Result<(), StoreError> {
        let row = event_row(event, now)?;
        if event.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = event::Entity::update_many()
            .set(row)
            .filter(event::Column::Id.eq(event.id.0))
            .filter(event::Column::Version.eq(event.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// Adds a participant with the hash of their personal link's secret.
    pub async fn insert_participant(&self, participant: &Participant, token_hash: &str) -> Result<(), StoreError> {
        let mut row = participant_row(participant)?;
        row.token_hash = Set(token_hash.to_owned());
        row.insert(&**self).await.map_err(|e| StoreError::from_write(e, "participant"))?;
        Ok(())
    }

    /// Replaces version `version - 1` of a participant.
    pub async fn update_participant(&self, participant: &Participant) -> Result<(), StoreError> {
        let result = participant::Entity::update_many()
            .set(participant_row(participant)?)
            .filter(participant::Column::Id.eq(participant.id.0))
            .filter(participant::Column::Version.eq(participant.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// Records a check-in; checking in twice the same day changes nothing.
    pub async fn check_in(
        &self,
        event: EventId,
        participant: ParticipantId,
        day: Date,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let row = check_in::ActiveModel {
            participant_id: Set(participant.0),
            day: Set(day.to_string()),
            event_id: Set(event.0),
            checked_at: Set(to_chrono(now)),
        };
        check_in::Entity::insert(row).on_conflict_do_nothing().exec(&**self).await?;
        Ok(())
    }

    pub async fn undo_check_in(&self, participant: ParticipantId, day: Date) -> Result<(), StoreError> {
        check_in::Entity::delete_many()
            .filter(check_in::Column::ParticipantId.eq(participant.0))
            .filter(check_in::Column::Day.eq(day.to_string()))
            .exec(&**self)
            .await?;
        Ok(())
    }

    /// Inserts an agenda item (version 1) or replaces version `version - 1` of it.
    pub async fn save_agenda_item(&self, item: &AgendaItem) -> Result<(), StoreError> {
        let row = agenda_item::ActiveModel {
            id: Set(item.id.0),
            event_id: Set(item.event.0),
            starts: Set(item.starts.strftime("%Y-%m-%dT%H:%M:%S").to_string()),
            record: Set(to_record(item)?),
            version: Set(item.version),
        };
        if item.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = agenda_item::Entity::update_many()
            .set(row)
            .filter(agenda_item::Column::Id.eq(item.id.0))
            .filter(agenda_item::Column::Version.eq(item.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn delete_agenda_item(&self, id: AgendaItemId) -> Result<(), StoreError> {
        agenda_item::Entity::delete_by_id(id.0).exec(&**self).await?;
        Ok(())
    }

    /// Records a stored file; the same content stored twice is one file.
    pub async fn insert_file(&self, file: &StoredFile, now: Timestamp) -> Result<(), StoreError> {
        let row = file::ActiveModel {
            sha256: Set(file.sha256.clone()),
            content_type: Set(file.content_type.clone()),
            size: Set(file.size),
            created_at: Set(to_chrono(now)),
        };
        file::Entity::insert(row).on_conflict_do_nothing().exec(&**self).await?;
        Ok(())
    }

    /// Saves an event's minutes (version 1 is the first).
    pub async fn save_minutes(&self, event: EventId, minutes: &Minutes) -> Result<(), StoreError> {
        let row = minutes::ActiveModel {
            event_id: Set(event.0),
            record: Set(to_record(minutes)?),
            version: Set(minutes.version),
        };
        if minutes.version == 1 {
            row.insert(&**self).await.map_err(|e| match StoreError::from_write(e, "minutes") {
                StoreError::Duplicate(_) => StoreError::Conflict,
                other => other,
            })?;
            return Ok(());
        }
        let result = minutes::Entity::update_many()
            .set(row)
            .filter(minutes::Column::EventId.eq(event.0))
            .filter(minutes::Column::Version.eq(minutes.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn save_action_item(&self, item: &ActionItem) -> Result<(), StoreError> {
        let row = action_item::ActiveModel {
            id: Set(item.id.0),
            event_id: Set(item.event.0),
            owner_user_id: Set(item.owner.map(|u| u.0)),
            status: Set(item.status.code().to_owned()),
            record: Set(to_record(item)?),
            version: Set(item.version),
        };
        if item.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = action_item::Entity::update_many()
            .set(row)
            .filter(action_item::Column::Id.eq(item.id.0))
            .filter(action_item::Column::Version.eq(item.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    pub async fn save_per_diem_rate(&self, rate: &PerDiemRate) -> Result<(), StoreError> {
        let row = per_diem_rate::ActiveModel {
            id: Set(rate.id.0),
            country: Set(rate.country.as_str().to_owned()),
            record: Set(to_record(rate)?),
            version: Set(rate.version),
        };
        if rate.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let result = per_diem_rate::Entity::update_many()
            .set(row)
            .filter(per_diem_rate::Column::Id.eq(rate.id.0))
            .filter(per_diem_rate::Column::Version.eq(rate.version - 1))
            .exec(&**self)
            .await?;
        updated_one(result.rows_affected)
    }

    /// Gives a user a new calendar feed secret; the previous link stops working.
    pub async fn set_calendar_feed(&self, user: UserId, token_hash: &str, now: Timestamp) -> Result<(), StoreError> {
        calendar_feed::Entity::delete_by_id(user.0).exec(&**self).await?;
        calendar_feed::ActiveModel {
            user_id: Set(user.0),
            token_hash: Set(token_hash.to_owned()),
            created_at: Set(to_chrono(now)),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }
}
