//! Queries of the directory's organisations, people, prospects and mailing lists.

use crate::records::{from_record, to_record};
use crate::time::to_chrono;
use crate::{Store, StoreError, WriteTxn};
use jiff::Timestamp;
use jiff::civil::Date;
use mekong_core::directory::CityCode;
use mekong_core::identity::Email;
use mekong_core::ids::{MailingListId, OrganisationId, PersonId, ProspectId, UserId};
use mekong_core::names::{fold, sort_key};
use mekong_core::people::{
    Affiliation, Consent, CountryCode, Membership, Names, NetworkRole, Organisation, OrganisationFilter, PeopleFilter,
    Person, Prospect,
};
use mekong_core::vocabulary::{ConsentBasis, MembershipStatus, OrganisationKind, ProspectStage, Sex, Theme};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, Set,
};
use std::collections::HashMap;

pub(crate) mod organisation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "organisations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub name_fr: String,
        pub name_en: String,
        pub name_local: String,
        /// The names folded (accents and case removed), for search and duplicates.
        pub search_key: String,
        pub country: String,
        pub admin_region: String,
        pub latitude: Option<f64>,
        pub longitude: Option<f64>,
        pub website: String,
        pub languages: String,
        pub themes: String,
        pub city_code: Option<String>,
        pub network_roles: String,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod membership {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "memberships")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub organisation_id: Uuid,
        pub status: String,
        pub since: Option<String>,
        pub note: String,
        pub recorded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod person {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "people")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name_local: String,
        pub name_romanised: String,
        pub search_key: String,
        pub title: String,
        pub sex: String,
        pub function: String,
        /// JSON list.
        pub emails: String,
        /// The first email, lower case, for duplicate checks.
        pub email_key: String,
        /// JSON list.
        pub phones: String,
        pub languages: String,
        pub themes: String,
        pub country: Option<String>,
        pub consent_basis: Option<String>,
        pub consent_given_on: Option<String>,
        pub consent_channel: String,
        pub consent_withdrawn_on: Option<String>,
        pub share_with_partners: bool,
        pub focal_point_of: Option<String>,
        pub user_id: Option<Uuid>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod affiliation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "affiliations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub person_id: Uuid,
        pub organisation_id: Uuid,
        pub function: String,
        pub from_date: Option<String>,
        pub until_date: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod prospect {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "prospects")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub organisation_id: Uuid,
        pub stage: String,
        pub notes: String,
        pub next_action: String,
        pub due_on: Option<String>,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod mailing_list {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "mailing_lists")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub filter: String,
        pub created_at: DateTimeUtc,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A saved mailing list: a name and a filter over people.
#[derive(Debug, Clone)]
pub struct MailingList {
    pub id: MailingListId,
    pub name: String,
    pub filter: PeopleFilter,
    pub version: i32,
}

fn corrupt(what: &str, id: uuid::Uuid) -> StoreError {
    StoreError::Corrupt(format!("{what} {id}"))
}

fn join_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    codes.into_iter().collect::<Vec<_>>().join(",")
}

fn split_codes<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    text.split(',').filter(|s| !s.is_empty()).filter_map(parse).collect()
}

fn date_text(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

fn parse_date(text: Option<&str>) -> Option<Date> {
    text.and_then(|t| t.parse().ok())
}

/// Matches a comma-separated code list column containing `code` exactly.
fn has_code(column: &str, code: &str) -> sea_orm::sea_query::SimpleExpr {
    Expr::cust(format!("(',' || {column} || ',')")).like(format!("%,{code},%"))
}

fn organisation_from(row: organisation::Model, membership: Option<Membership>) -> Result<Organisation, StoreError> {
    Ok(Organisation {
        id: OrganisationId(row.id),
        kind: OrganisationKind::parse(&row.kind).ok_or_else(|| corrupt("organisation", row.id))?,
        names: Names { fr: row.name_fr, en: row.name_en, local: row.name_local },
        country: CountryCode::parse(&row.country).ok_or_else(|| corrupt("organisation", row.id))?,
        admin_region: row.admin_region,
        latitude: row.latitude,
        longitude: row.longitude,
        website: row.website,
        languages: split_codes(&row.languages, |s| Some(s.to_owned())),
        themes: split_codes(&row.themes, Theme::parse),
        city: row.city_code.as_deref().and_then(|c| CityCode::parse(c).ok()),
        network_roles: split_codes(&row.network_roles, NetworkRole::parse),
        membership,
        version: row.version,
    })
}

fn person_from(row: person::Model, affiliations: Vec<Affiliation>) -> Result<Person, StoreError> {
    let emails: Vec<String> = serde_json::from_str(&row.emails).map_err(|_| corrupt("person", row.id))?;
    let phones: Vec<String> = serde_json::from_str(&row.phones).map_err(|_| corrupt("person", row.id))?;
    let consent =
        match (row.consent_basis.as_deref().and_then(ConsentBasis::parse), parse_date(row.consent_given_on.as_deref()))
        {
            (Some(basis), Some(given_on)) => Some(Consent {
                basis,
                given_on,
                channel: row.consent_channel,
                withdrawn_on: parse_date(row.consent_withdrawn_on.as_deref()),
            }),
            _ => None,
        };
    Ok(Person {
        id: PersonId(row.id),
        name_local: row.name_local,
        name_romanised: row.name_romanised,
        title: row.title,
        sex: Sex::parse(&row.sex).unwrap_or(Sex::Unknown),
        function: row.function,
        emails: emails.iter().filter_map(|e| Email::parse(e).ok()).collect(),
        phones,
        languages: split_codes(&row.languages, |s| Some(s.to_owned())),
        themes: split_codes(&row.themes, Theme::parse),
        country: row.country.as_deref().and_then(CountryCode::parse),
        consent,
        share_with_partners: row.share_with_partners,
        focal_point_of: row.focal_point_of.as_deref().and_then(|c| CityCode::parse(c).ok()),
        user: row.user_id.map(UserId),
        affiliations,
        version: row.version,
    })
}

fn person_row(person: &Person, now: Timestamp) -> Result<person::ActiveModel, StoreError> {
    let emails: Vec<&str> = person.emails.iter().map(Email::as_str).collect();
    let consent = person.consent.as_ref();
    Ok(person::ActiveModel {
        id: Set(person.id.0),
        name_local: Set(person.name_local.clone()),
        name_romanised: Set(person.name_romanised.clone()),
        search_key: Set(sort_key(&[&person.name_romanised, &person.name_local])),
        title: Set(person.title.clone()),
        sex: Set(person.sex.code().to_owned()),
        function: Set(person.function.clone()),
        emails: Set(to_record(&emails)?),
        email_key: Set(emails.first().map(|e| e.to_lowercase()).unwrap_or_default()),
        phones: Set(to_record(&person.phones)?),
        languages: Set(join_codes(person.languages.iter().map(String::as_str))),
        themes: Set(join_codes(person.themes.iter().map(|t| t.code()))),
        country: Set(person.country.as_ref().map(|c| c.as_str().to_owned())),
        consent_basis: Set(consent.map(|c| c.basis.code().to_owned())),
        consent_given_on: Set(consent.map(|c| c.given_on.to_string())),
        consent_channel: Set(consent.map(|c| c.channel.clone()).unwrap_or_default()),
        consent_withdrawn_on: Set(date_text(consent.and_then(|c| c.withdrawn_on))),
        share_with_partners: Set(person.share_with_partners),
        focal_point_of: Set(person.focal_point_of.as_ref().map(ToString::to_string)),
        user_id: Set(person.user.map(|u| u.0)),
        version: Set(person.version),
        created_at: Set(to_chrono(now)),
        updated_at: Set(to_chrono(now)),
    })
}

fn organisation_row(org: &Organisation, now: Timestamp) -> organisation::ActiveModel {
    organisation::ActiveModel {
        id: Set(org.id.0),
        kind: Set(org.kind.code().to_owned()),
        name_fr: Set(org.names.fr.clone()),
        name_en: Set(org.names.en.clone()),
        name_local: Set(org.names.local.clone()),
        search_key: Set(sort_key(&[&org.names.fr, &org.names.en, &org.names.local])),
        country: Set(org.country.as_str().to_owned()),
        admin_region: Set(org.admin_region.clone()),
        latitude: Set(org.latitude),
        longitude: Set(org.longitude),
        website: Set(org.website.clone()),
        languages: Set(join_codes(org.languages.iter().map(String::as_str))),
        themes: Set(join_codes(org.themes.iter().map(|t| t.code()))),
        city_code: Set(org.city.as_ref().map(ToString::to_string)),
        network_roles: Set(join_codes(org.network_roles.iter().map(|r| r.code()))),
        version: Set(org.version),
        created_at: Set(to_chrono(now)),
        updated_at: Set(to_chrono(now)),
    }
}

/// The organisations `filter` selects, its text aside: names are searched in the search index.
fn organisation_query(filter: &OrganisationFilter) -> Select<organisation::Entity> {
    let mut query = organisation::Entity::find();
    if let Some(kind) = filter.kind {
        query = query.filter(organisation::Column::Kind.eq(kind.code()));
    }
    if let Some(country) = &filter.country {
        query = query.filter(organisation::Column::Country.eq(country.as_str()));
    }
    if let Some(theme) = filter.theme {
        query = query.filter(has_code("themes", theme.code()));
    }
    if let Some(language) = &filter.language {
        query = query.filter(has_code("languages", language));
    }
    query
}

/// The people `filter` selects, its text aside: names are searched in the search index.
fn people_query(filter: &PeopleFilter, contactable_only: bool) -> Select<person::Entity> {
    let mut query = person::Entity::find();
    if let Some(country) = &filter.country {
        query = query.filter(person::Column::Country.eq(country.as_str()));
    }
    if let Some(theme) = filter.theme {
        query = query.filter(has_code("themes", theme.code()));
    }
    if let Some(language) = &filter.language {
        query = query.filter(has_code("languages", language));
    }
    if filter.focal_points_only {
        query = query.filter(person::Column::FocalPointOf.is_not_null());
    }
    if let Some(city) = &filter.city {
        query = query.filter(person::Column::FocalPointOf.eq(city.as_str()));
    }
    if let Some(kind) = filter.organisation_kind {
        let with_kind = Query::select()
            .column(affiliation::Column::PersonId)
            .from(affiliation::Entity)
            .inner_join(
                organisation::Entity,
                Expr::col((organisation::Entity, organisation::Column::Id))
                    .equals((affiliation::Entity, affiliation::Column::OrganisationId)),
            )
            .and_where(Expr::col((organisation::Entity, organisation::Column::Kind)).eq(kind.code()))
            .to_owned();
        query = query.filter(person::Column::Id.in_subquery(with_kind));
    }
    if contactable_only {
        query = query
            .filter(person::Column::ConsentBasis.is_not_null())
            .filter(person::Column::ConsentWithdrawnOn.is_null())
            .filter(person::Column::EmailKey.ne(""));
    }
    query
}

/// Ids bound in one `IN (…)`: SQLite refuses statements of more than 32,766 variables, and a
/// mailing list or the search index may ask for every person of the directory.
const IDS_PER_QUERY: usize = 1000;

/// An affiliation with what the person's record shows of its organisation, read in one query.
#[derive(sea_orm::FromQueryResult)]
struct AffiliationRow {
    person_id: uuid::Uuid,
    organisation_id: uuid::Uuid,
    function: String,
    from_date: Option<String>,
    until_date: Option<String>,
    name_fr: Option<String>,
    name_en: Option<String>,
    name_local: Option<String>,
    city_code: Option<String>,
    kind: Option<String>,
}

/// Each person's affiliations, with their organisation's names, city and kind.
async fn affiliations_of(
    db: &impl ConnectionTrait,
    people: &[uuid::Uuid],
) -> Result<HashMap<uuid::Uuid, Vec<Affiliation>>, StoreError> {
    use organisation::Column as Org;
    let mut affiliations: HashMap<uuid::Uuid, Vec<Affiliation>> = HashMap::new();
    for chunk in people.chunks(IDS_PER_QUERY) {
        let rows = affiliation::Entity::find()
            .select_only()
            .columns([
                affiliation::Column::PersonId,
                affiliation::Column::OrganisationId,
                affiliation::Column::Function,
                affiliation::Column::FromDate,
                affiliation::Column::UntilDate,
            ])
            .expr_as(Expr::col((organisation::Entity, Org::NameFr)), "name_fr")
            .expr_as(Expr::col((organisation::Entity, Org::NameEn)), "name_en")
            .expr_as(Expr::col((organisation::Entity, Org::NameLocal)), "name_local")
            .expr_as(Expr::col((organisation::Entity, Org::CityCode)), "city_code")
            .expr_as(Expr::col((organisation::Entity, Org::Kind)), "kind")
            .join(
                sea_orm::JoinType::LeftJoin,
                affiliation::Entity::belongs_to(organisation::Entity)
                    .from(affiliation::Column::OrganisationId)
                    .to(Org::Id)
                    .into(),
            )
            .filter(affiliation::Column::PersonId.is_in(chunk.iter().copied()))
            .into_model::<AffiliationRow>()
            .all(db)
            .await?;
        for row in rows {
            let affiliation = Affiliation {
                organisation: OrganisationId(row.organisation_id),
                organisation_name: Names {
                    fr: row.name_fr.unwrap_or_default(),
                    en: row.name_en.unwrap_or_default(),
                    local: row.name_local.unwrap_or_default(),
                },
                organisation_city: row.city_code.as_deref().and_then(|c| CityCode::parse(c).ok()),
                organisation_kind: row.kind.as_deref().and_then(OrganisationKind::parse),
                function: row.function,
                from: parse_date(row.from_date.as_deref()),
                until: parse_date(row.until_date.as_deref()),
            };
            affiliations.entry(row.person_id).or_default().push(affiliation);
        }
    }
    Ok(affiliations)
}

async fn people_with_affiliations(
    db: &impl ConnectionTrait,
    rows: Vec<person::Model>,
) -> Result<Vec<Person>, StoreError> {
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id).collect();
    let mut affiliations = affiliations_of(db, &ids).await?;
    rows.into_iter()
        .map(|row| {
            let mine = affiliations.remove(&row.id).unwrap_or_default();
            person_from(row, mine)
        })
        .collect()
}

async fn latest_membership(db: &impl ConnectionTrait, org: uuid::Uuid) -> Result<Option<Membership>, StoreError> {
    Ok(membership_history_of(db, org).await?.into_iter().next().map(|(m, _)| m))
}

async fn membership_history_of(
    db: &impl ConnectionTrait,
    org: uuid::Uuid,
) -> Result<Vec<(Membership, Timestamp)>, StoreError> {
    let rows = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(org))
        .order_by_desc(membership::Column::RecordedAt)
        .order_by_desc(membership::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let status = MembershipStatus::parse(&row.status)?;
            let membership = Membership { status, since: parse_date(row.since.as_deref()), note: row.note };
            Some((membership, crate::time::from_chrono(row.recorded_at)))
        })
        .collect())
}

impl Store {
    /// A page of organisations matching `filter` (its text aside), by name, and how many match
    /// in all.
    pub async fn organisations(
        &self,
        filter: &OrganisationFilter,
        limit: u64,
        offset: u64,
    ) -> Result<(Vec<Organisation>, u64), StoreError> {
        let query = organisation_query(filter).order_by_asc(organisation::Column::SearchKey);
        let total = query.clone().count(self.reader()).await?;
        let rows = query.limit(limit).offset(offset).all(self.reader()).await?;
        let orgs = rows.into_iter().map(|row| organisation_from(row, None)).collect::<Result<Vec<_>, _>>()?;
        Ok((orgs, total))
    }

    pub async fn organisation(&self, id: OrganisationId) -> Result<Organisation, StoreError> {
        let row = organisation::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        let membership = latest_membership(self.reader(), id.0).await?;
        organisation_from(row, membership)
    }

    /// The organisations of `ids` that exist, in no particular order and without their
    /// membership history (the search index's catch-up and its name search).
    pub async fn organisations_by_ids(&self, ids: &[OrganisationId]) -> Result<Vec<Organisation>, StoreError> {
        let mut rows = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_QUERY) {
            rows.extend(
                organisation::Entity::find()
                    .filter(organisation::Column::Id.is_in(chunk.iter().map(|id| id.0)))
                    .all(self.reader())
                    .await?,
            );
        }
        rows.into_iter().map(|row| organisation_from(row, None)).collect()
    }

    /// The organisation of a member city, if recorded.
    pub async fn organisation_of_city(&self, city: &CityCode) -> Result<Option<Organisation>, StoreError> {
        match organisation::Entity::find()
            .filter(organisation::Column::CityCode.eq(city.as_str()))
            .one(self.reader())
            .await?
        {
            Some(row) => {
                let membership = latest_membership(self.reader(), row.id).await?;
                organisation_from(row, membership).map(Some)
            }
            None => Ok(None),
        }
    }

    pub async fn membership_history(&self, id: OrganisationId) -> Result<Vec<(Membership, Timestamp)>, StoreError> {
        membership_history_of(self.reader(), id.0).await
    }

    /// Organisations whose folded names equal `names`' (possible duplicates).
    pub async fn organisations_named(&self, names: &[&str]) -> Result<Vec<Organisation>, StoreError> {
        let mut condition = Condition::any();
        for name in names.iter().filter(|n| !n.trim().is_empty()) {
            condition = condition.add(organisation::Column::SearchKey.contains(fold(name)));
        }
        let rows = organisation::Entity::find().filter(condition).limit(20).all(self.reader()).await?;
        rows.into_iter().map(|row| organisation_from(row, None)).collect()
    }

    /// A page of people matching `filter` (its text aside), by name, and how many match in all.
    pub async fn people(
        &self,
        filter: &PeopleFilter,
        limit: u64,
        offset: u64,
    ) -> Result<(Vec<Person>, u64), StoreError> {
        let query = people_query(filter, false).order_by_asc(person::Column::SearchKey);
        let total = query.clone().count(self.reader()).await?;
        let rows = query.limit(limit).offset(offset).all(self.reader()).await?;
        Ok((people_with_affiliations(self.reader(), rows).await?, total))
    }

    /// Everyone a mailing list with `filter` (its text aside) reaches: only people who may be
    /// written to.
    pub async fn mailing_recipients(&self, filter: &PeopleFilter) -> Result<Vec<Person>, StoreError> {
        let rows = people_query(filter, true).order_by_asc(person::Column::SearchKey).all(self.reader()).await?;
        people_with_affiliations(self.reader(), rows).await
    }

    pub async fn person(&self, id: PersonId) -> Result<Person, StoreError> {
        let row = person::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound)?;
        people_with_affiliations(self.reader(), vec![row]).await?.pop().ok_or(StoreError::NotFound)
    }

    /// The people of `ids` that exist, in no particular order (the search index's catch-up and
    /// its name search).
    pub async fn people_by_ids(&self, ids: &[PersonId]) -> Result<Vec<Person>, StoreError> {
        let mut rows = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_QUERY) {
            rows.extend(
                person::Entity::find()
                    .filter(person::Column::Id.is_in(chunk.iter().map(|id| id.0)))
                    .all(self.reader())
                    .await?,
            );
        }
        people_with_affiliations(self.reader(), rows).await
    }

    /// The people affiliated with an organisation.
    pub async fn people_of(&self, organisation: OrganisationId) -> Result<Vec<Person>, StoreError> {
        let ids = Query::select()
            .column(affiliation::Column::PersonId)
            .from(affiliation::Entity)
            .and_where(Expr::col(affiliation::Column::OrganisationId).eq(organisation.0))
            .to_owned();
        let rows = person::Entity::find()
            .filter(person::Column::Id.in_subquery(ids))
            .order_by_asc(person::Column::SearchKey)
            .all(self.reader())
            .await?;
        people_with_affiliations(self.reader(), rows).await
    }

    /// People who may be the same as one with these names or emails: folded names equal, or
    /// the same email.
    pub async fn possible_duplicates(&self, names: &[&str], emails: &[&str]) -> Result<Vec<Person>, StoreError> {
        let mut condition = Condition::any();
        for name in names.iter().map(|n| fold(n)).filter(|n| !n.is_empty()) {
            condition = condition
                .add(person::Column::SearchKey.eq(name.clone()))
                .add(person::Column::SearchKey.like(format!("{name} | %")))
                .add(person::Column::SearchKey.like(format!("% | {name}")));
        }
        for email in emails.iter().filter(|e| !e.is_empty()) {
            condition = condition.add(person::Column::EmailKey.eq(email.to_lowercase()));
        }
        let rows = person::Entity::find().filter(condition).limit(20).all(self.reader()).await?;
        people_with_affiliations(self.reader(), rows).await
    }

    pub async fn prospects(&self) -> Result<Vec<Prospect>, StoreError> {
        let rows = prospect::Entity::find().order_by_asc(prospect::Column::DueOn).all(self.reader()).await?;
        let org_ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.organisation_id).collect();
        let orgs =
            organisation::Entity::find().filter(organisation::Column::Id.is_in(org_ids)).all(self.reader()).await?;
        rows.into_iter()
            .map(|row| {
                let names = orgs
                    .iter()
                    .find(|o| o.id == row.organisation_id)
                    .map(|o| Names { fr: o.name_fr.clone(), en: o.name_en.clone(), local: o.name_local.clone() })
                    .unwrap_or_default();
                Ok(Prospect {
                    id: ProspectId(row.id),
                    organisation: OrganisationId(row.organisation_id),
                    organisation_name: names,
                    stage: ProspectStage::parse(&row.stage).ok_or_else(|| corrupt("prospect", row.id))?,
                    notes: row.notes,
                    next_action: row.next_action,
                    due_on: parse_date(row.due_on.as_deref()),
                    version: row.version,
                })
            })
            .collect()
    }

    pub async fn mailing_lists(&self) -> Result<Vec<MailingList>, StoreError> {
        let rows = mailing_list::Entity::find().order_by_asc(mailing_list::Column::Name).all(self.reader()).await?;
        rows.into_iter()
            .map(|row| {
                let filter = from_record("mailing list", &row.filter)?;
                Ok(MailingList { id: MailingListId(row.id), name: row.name, filter, version: row.version })
            })
            .collect()
    }

    /// The folded names and email keys of everyone, for duplicate checks over a whole import.
    pub async fn people_keys(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(person::Entity::find()
            .select_only()
            .column(person::Column::SearchKey)
            .column(person::Column::EmailKey)
            .into_tuple()
            .all(self.reader())
            .await?)
    }

    /// Every organisation with its folded names, for matching names in an import.
    pub async fn organisation_names(
        &self,
    ) -> Result<Vec<(OrganisationId, Names, Option<CityCode>, String)>, StoreError> {
        let rows: Vec<(uuid::Uuid, String, String, String, Option<String>, String)> = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Id)
            .column(organisation::Column::NameFr)
            .column(organisation::Column::NameEn)
            .column(organisation::Column::NameLocal)
            .column(organisation::Column::CityCode)
            .column(organisation::Column::SearchKey)
            .into_tuple()
            .all(self.reader())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, fr, en, local, city, key)| {
                (
                    OrganisationId(id),
                    Names { fr, en, local },
                    city.as_deref().and_then(|c| CityCode::parse(c).ok()),
                    key,
                )
            })
            .collect())
    }
}

impl WriteTxn {
    pub async fn insert_organisation(&self, org: &Organisation, now: Timestamp) -> Result<(), StoreError> {
        organisation_row(org, now).insert(&**self).await?;
        Ok(())
    }

    /// Replaces an organisation's fields if it is still at `org.version - 1`.
    pub async fn update_organisation(&self, org: &Organisation, now: Timestamp) -> Result<(), StoreError> {
        let mut row = organisation_row(org, now);
        row.created_at = sea_orm::ActiveValue::NotSet;
        let result = organisation::Entity::update_many()
            .set(row)
            .filter(organisation::Column::Id.eq(org.id.0))
            .filter(organisation::Column::Version.eq(org.version - 1))
            .exec(&**self)
            .await?;
        if result.rows_affected != 1 {
            return Err(StoreError::Conflict);
        }
        Ok(())
    }

    pub async fn insert_membership(
        &self,
        org: OrganisationId,
        membership: &Membership,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        membership::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            organisation_id: Set(org.0),
            status: Set(membership.status.code().to_owned()),
            since: Set(date_text(membership.since)),
            note: Set(membership.note.clone()),
            recorded_at: Set(to_chrono(now)),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    pub async fn insert_person(&self, person: &Person, now: Timestamp) -> Result<(), StoreError> {
        person_row(person, now)?.insert(&**self).await?;
        self.replace_affiliations(person).await
    }

    /// Replaces a person's fields and affiliations if still at `person.version - 1`.
    pub async fn update_person(&self, person: &Person, now: Timestamp) -> Result<(), StoreError> {
        let mut row = person_row(person, now)?;
        row.created_at = sea_orm::ActiveValue::NotSet;
        let result = person::Entity::update_many()
            .set(row)
            .filter(person::Column::Id.eq(person.id.0))
            .filter(person::Column::Version.eq(person.version - 1))
            .exec(&**self)
            .await?;
        if result.rows_affected != 1 {
            return Err(StoreError::Conflict);
        }
        self.replace_affiliations(person).await
    }

    async fn replace_affiliations(&self, person: &Person) -> Result<(), StoreError> {
        affiliation::Entity::delete_many().filter(affiliation::Column::PersonId.eq(person.id.0)).exec(&**self).await?;
        for a in &person.affiliations {
            affiliation::ActiveModel {
                id: Set(uuid::Uuid::now_v7()),
                person_id: Set(person.id.0),
                organisation_id: Set(a.organisation.0),
                function: Set(a.function.clone()),
                from_date: Set(date_text(a.from)),
                until_date: Set(date_text(a.until)),
            }
            .insert(&**self)
            .await?;
        }
        Ok(())
    }

    /// Adds many people at once (an import), in batches the databases accept.
    pub async fn insert_people(&self, people: &[Person], now: Timestamp) -> Result<(), StoreError> {
        for chunk in people.chunks(400) {
            let rows = chunk.iter().map(|p| person_row(p, now)).collect::<Result<Vec<_>, _>>()?;
            person::Entity::insert_many(rows).exec(&**self).await?;
            let affiliations: Vec<affiliation::ActiveModel> = chunk
                .iter()
                .flat_map(|p| p.affiliations.iter().map(move |a| (p.id, a)))
                .map(|(person, a)| affiliation::ActiveModel {
                    id: Set(uuid::Uuid::now_v7()),
                    person_id: Set(person.0),
                    organisation_id: Set(a.organisation.0),
                    function: Set(a.function.clone()),
                    from_date: Set(date_text(a.from)),
                    until_date: Set(date_text(a.until)),
                })
                .collect();
            if !affiliations.is_empty() {
                affiliation::Entity::insert_many(affiliations).exec(&**self).await?;
            }
        }
        Ok(())
    }

    /// Adds many organisations at once (an import).
    pub async fn insert_organisations(&self, organisations: &[Organisation], now: Timestamp) -> Result<(), StoreError> {
        for chunk in organisations.chunks(500) {
            organisation::Entity::insert_many(chunk.iter().map(|o| organisation_row(o, now))).exec(&**self).await?;
        }
        Ok(())
    }

    pub async fn person(&self, id: PersonId) -> Result<Person, StoreError> {
        let row = person::Entity::find_by_id(id.0).one(&**self).await?.ok_or(StoreError::NotFound)?;
        people_with_affiliations(&**self, vec![row]).await?.pop().ok_or(StoreError::NotFound)
    }

    pub async fn organisation(&self, id: OrganisationId) -> Result<Organisation, StoreError> {
        let row = organisation::Entity::find_by_id(id.0).one(&**self).await?.ok_or(StoreError::NotFound)?;
        let membership = latest_membership(&**self, id.0).await?;
        organisation_from(row, membership)
    }

    /// Removes a person merged into another (their affiliations were moved first).
    pub async fn delete_person(&self, id: PersonId) -> Result<(), StoreError> {
        affiliation::Entity::delete_many().filter(affiliation::Column::PersonId.eq(id.0)).exec(&**self).await?;
        let result = person::Entity::delete_by_id(id.0).exec(&**self).await?;
        if result.rows_affected == 1 { Ok(()) } else { Err(StoreError::NotFound) }
    }

    pub async fn upsert_prospect(&self, prospect: &Prospect, now: Timestamp) -> Result<(), StoreError> {
        let row = prospect::ActiveModel {
            id: Set(prospect.id.0),
            organisation_id: Set(prospect.organisation.0),
            stage: Set(prospect.stage.code().to_owned()),
            notes: Set(prospect.notes.clone()),
            next_action: Set(prospect.next_action.clone()),
            due_on: Set(date_text(prospect.due_on)),
            version: Set(prospect.version),
            created_at: Set(to_chrono(now)),
            updated_at: Set(to_chrono(now)),
        };
        if prospect.version == 1 {
            row.insert(&**self).await?;
            return Ok(());
        }
        let mut row = row;
        row.created_at = sea_orm::ActiveValue::NotSet;
        let result = prospect::Entity::update_many()
            .set(row)
            .filter(prospect::Column::Id.eq(prospect.id.0))
            .filter(prospect::Column::Version.eq(prospect.version - 1))
            .exec(&**self)
            .await?;
        crate::records::updated_one(result.rows_affected)
    }

    pub async fn insert_mailing_list(&self, list: &MailingList, now: Timestamp) -> Result<(), StoreError> {
        mailing_list::ActiveModel {
            id: Set(list.id.0),
            name: Set(list.name.clone()),
            filter: Set(to_record(&list.filter)?),
            created_at: Set(to_chrono(now)),
            version: Set(list.version),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    /// Replaces version `version - 1` of a mailing list's name and filter.
    pub async fn update_mailing_list(&self, list: &MailingList) -> Result<(), StoreError> {
        let result = mailing_list::Entity::update_many()
            .col_expr(mailing_list::Column::Name, Expr::value(list.name.clone()))
            .col_expr(mailing_list::Column::Filter, Expr::value(to_record(&list.filter)?))
            .col_expr(mailing_list::Column::Version, Expr::value(list.version))
            .filter(mailing_list::Column::Id.eq(list.id.0))
            .filter(mailing_list::Column::Version.eq(list.version - 1))
            .exec(&**self)
            .await?;
        crate::records::updated_one(result.rows_affected)
    }
}
