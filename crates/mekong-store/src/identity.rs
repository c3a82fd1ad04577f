//! Queries of the identity area: accounts, grants, sessions, one-time and API tokens, and the
//! login failures that throttling counts.

use crate::time::{from_chrono, to_chrono};
use crate::{Store, StoreError, WriteTxn};
use jiff::Timestamp;
use mekong_core::Lang;
use mekong_core::identity::{ApiToken, Email, RoleGrant, SessionInfo, TokenPurpose, User};
use mekong_core::ids::{TokenId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

pub(crate) mod user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub email: String,
        pub display_name: String,
        pub password_hash: Option<String>,
        pub language: String,
        pub time_zone: String,
        pub active: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::grant::Entity")]
        Grant,
    }

    impl Related<super::grant::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Grant.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod grant {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "role_grants")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub role: String,
        /// Empty when the role has no scope (kept non-null so the unique index holds).
        pub scope: String,
        pub granted_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
        User,
    }

    impl Related<super::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        /// SHA-256 of the cookie's secret: a stolen database does not yield live sessions.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: Uuid,
        pub created_at: DateTimeUtc,
        pub last_seen_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub user_agent: String,
        /// A keyed hash of the address (the app never hands the store the address itself).
        pub client_address: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
        User,
    }

    impl Related<super::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod one_time_token {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "one_time_tokens")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub hash: String,
        pub user_id: Uuid,
        pub purpose: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod api_token {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_tokens")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub name: String,
        pub hash: String,
        /// JSON list of role grants.
        pub grants: String,
        pub created_at: DateTimeUtc,
        pub expires_at: Option<DateTimeUtc>,
        pub last_used_at: Option<DateTimeUtc>,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod login_failure {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "login_failures")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub account: String,
        /// A keyed hash of the address, compared for throttling.
        pub client_address: String,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

impl TryFrom<user::Model> for User {
    type Error = StoreError;
    fn try_from(row: user::Model) -> Result<User, StoreError> {
        Ok(User {
            id: UserId(row.id),
            email: Email::parse(&row.email).map_err(|e| StoreError::Corrupt(format!("user {}: {e}", row.id)))?,
            display_name: row.display_name,
            language: Lang::from_tag(&row.language).unwrap_or(Lang::DEFAULT),
            time_zone: row.time_zone,
            active: row.active,
            has_password: row.password_hash.is_some(),
            created_at: from_chrono(row.created_at),
            version: row.version,
        })
    }
}

fn token_from_row(row: api_token::Model) -> Result<ApiToken, StoreError> {
    let grants =
        serde_json::from_str(&row.grants).map_err(|e| StoreError::Corrupt(format!("token {}: {e}", row.id)))?;
    Ok(ApiToken {
        id: TokenId(row.id),
        user_id: UserId(row.user_id),
        name: row.name,
        grants,
        created_at: from_chrono(row.created_at),
        expires_at: row.expires_at.map(from_chrono),
        last_used_at: row.last_used_at.map(from_chrono),
        revoked_at: row.revoked_at.map(from_chrono),
    })
}

fn session_info(row: &session::Model) -> SessionInfo {
    SessionInfo {
        handle: row.id.chars().take(12).collect(),
        created_at: from_chrono(row.created_at),
        last_seen_at: from_chrono(row.last_seen_at),
        expires_at: from_chrono(row.expires_at),
        user_agent: row.user_agent.clone(),
        client_address: row.client_address.clone(),
    }
}

/// A user found by email, with the password hash only the login check reads.
pub struct Credentials {
    pub user: User,
    pub password_hash: Option<String>,
}

/// A live session with its user and the user's grants.
pub struct SessionRow {
    pub user: User,
    pub grants: Vec<RoleGrant>,
    pub info: SessionInfo,
}

/// A new account's stored fields.
pub struct NewUser<'a> {
    pub id: UserId,
    pub email: &'a Email,
    pub display_name: &'a str,
    pub password_hash: Option<String>,
    pub language: Lang,
    pub time_zone: &'a str,
}

impl Store {
    pub async fn find_user(&self, id: UserId) -> Result<User, StoreError> {
        user::Entity::find_by_id(id.0).one(self.reader()).await?.ok_or(StoreError::NotFound).and_then(User::try_from)
    }

    pub async fn find_credentials(&self, email: &Email) -> Result<Option<Credentials>, StoreError> {
        let Some(row) = user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(self.reader()).await?
        else {
            return Ok(None);
        };
        let password_hash = row.password_hash.clone();
        Ok(Some(Credentials { user: User::try_from(row)?, password_hash }))
    }

    pub async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        user::Entity::find()
            .order_by_asc(user::Column::Email)
            .all(self.reader())
            .await?
            .into_iter()
            .map(User::try_from)
            .collect()
    }

    /// Every user's grants at once, for the users list.
    pub async fn all_grants(&self) -> Result<Vec<(UserId, RoleGrant)>, StoreError> {
        let rows = grant::Entity::find().order_by_asc(grant::Column::Role).all(self.reader()).await?;
        rows.into_iter().map(|row| Ok((UserId(row.user_id), grant_from(&row)?))).collect()
    }

    pub async fn grants_of(&self, user: UserId) -> Result<Vec<RoleGrant>, StoreError> {
        grants_of(self.reader(), user).await
    }

    pub async fn sessions_of(&self, user: UserId, now: Timestamp) -> Result<Vec<SessionInfo>, StoreError> {
        Ok(session::Entity::find()
            .filter(session::Column::UserId.eq(user.0))
            .filter(session::Column::ExpiresAt.gt(to_chrono(now)))
            .order_by_desc(session::Column::LastSeenAt)
            .all(self.reader())
            .await?
            .iter()
            .map(session_info)
            .collect())
    }

    /// The live session whose secret hashes to `id_hash`, if not expired, with its user and
    /// their grants: one query (a row per grant), as every signed-in request asks it.
    pub async fn find_session(&self, id_hash: &str, now: Timestamp) -> Result<Option<SessionRow>, StoreError> {
        let rows = session::Entity::find_by_id(id_hash.to_owned())
            .filter(session::Column::ExpiresAt.gt(to_chrono(now)))
            .find_also_related(user::Entity)
            .find_also(user::Entity, grant::Entity)
            .order_by_asc(grant::Column::Role)
            .order_by_asc(grant::Column::Scope)
            .all(self.reader())
            .await?;
        let Some((session, Some(user), _)) = rows.first() else { return Ok(None) };
        let grants =
            rows.iter().filter_map(|(_, _, grant)| grant.as_ref()).map(grant_from).collect::<Result<_, _>>()?;
        Ok(Some(SessionRow { info: session_info(session), user: User::try_from(user.clone())?, grants }))
    }

    pub async fn api_tokens_of(&self, user: UserId) -> Result<Vec<ApiToken>, StoreError> {
        api_token::Entity::find()
            .filter(api_token::Column::UserId.eq(user.0))
            .order_by_desc(api_token::Column::CreatedAt)
            .all(self.reader())
            .await?
            .into_iter()
            .map(token_from_row)
            .collect()
    }

    pub async fn find_api_token(&self, id: TokenId) -> Result<ApiToken, StoreError> {
        api_token::Entity::find_by_id(id.0)
            .one(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
            .and_then(token_from_row)
    }

    /// The token whose secret hashes to `hash`, with its owner.
    pub async fn find_api_token_by_hash(&self, hash: &str) -> Result<Option<(ApiToken, User)>, StoreError> {
        let Some(row) = api_token::Entity::find().filter(api_token::Column::Hash.eq(hash)).one(self.reader()).await?
        else {
            return Ok(None);
        };
        let token = token_from_row(row)?;
        let user = self.find_user(token.user_id).await?;
        Ok(Some((token, user)))
    }

    /// Failed sign-ins for an account and from an address since `since`.
    /// Recent sign-in failures counted three ways: for this account from this address (since
    /// `pair_since`), from this address for any account (since `pair_since`), and for this
    /// account from anywhere (since `account_since`).
    pub async fn count_login_failures(
        &self,
        account: &str,
        address: &str,
        pair_since: Timestamp,
        account_since: Timestamp,
    ) -> Result<LoginFailureCounts, StoreError> {
        let since = |at: Timestamp| login_failure::Entity::find().filter(login_failure::Column::At.gt(to_chrono(at)));
        let of_account = login_failure::Column::Account.eq(account);
        let from_address = login_failure::Column::ClientAddress.eq(address);
        Ok(LoginFailureCounts {
            pair: since(pair_since)
                .filter(of_account.clone())
                .filter(from_address.clone())
                .count(self.reader())
                .await?,
            address: since(pair_since).filter(from_address).count(self.reader()).await?,
            account: since(account_since).filter(of_account).count(self.reader()).await?,
        })
    }
}

/// Recent sign-in failures, as `count_login_failures` counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailureCounts {
    pub pair: u64,
    pub address: u64,
    pub account: u64,
}

async fn grants_of(db: &impl ConnectionTrait, user: UserId) -> Result<Vec<RoleGrant>, StoreError> {
    let rows = grant::Entity::find()
        .filter(grant::Column::UserId.eq(user.0))
        .order_by_asc(grant::Column::Role)
        .order_by_asc(grant::Column::Scope)
        .all(db)
        .await?;
    rows.iter().map(grant_from).collect()
}

fn grant_from(row: &grant::Model) -> Result<RoleGrant, StoreError> {
    let scope = Some(row.scope.as_str()).filter(|s| !s.is_empty());
    RoleGrant::from_parts(&row.role, scope).map_err(|e| StoreError::Corrupt(format!("grant {}: {e}", row.id)))
}

/// Writes of the identity area, inside the caller's transaction.
impl WriteTxn {
    pub async fn insert_user(&self, new: NewUser<'_>, now: Timestamp) -> Result<(), StoreError> {
        let now = to_chrono(now);
        user::ActiveModel {
            id: Set(new.id.0),
            email: Set(new.email.to_string()),
            display_name: Set(new.display_name.to_owned()),
            password_hash: Set(new.password_hash),
            language: Set(new.language.code().to_owned()),
            time_zone: Set(new.time_zone.to_owned()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&**self)
        .await
        .map_err(|e| StoreError::from_write(e, "email"))?;
        Ok(())
    }

    /// Reads a user inside the transaction (to audit the state before a change).
    pub async fn user(&self, id: UserId) -> Result<User, StoreError> {
        user::Entity::find_by_id(id.0).one(&**self).await?.ok_or(StoreError::NotFound).and_then(User::try_from)
    }

    pub async fn grants(&self, user: UserId) -> Result<Vec<RoleGrant>, StoreError> {
        grants_of(&**self, user).await
    }

    /// Updates language and time zone if the record is still at `version`.
    pub async fn update_user_settings(
        &self,
        id: UserId,
        version: i32,
        display_name: &str,
        language: Lang,
        time_zone: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let result = user::Entity::update_many()
            .col_expr(user::Column::DisplayName, Expr::value(display_name))
            .col_expr(user::Column::Language, Expr::value(language.code()))
            .col_expr(user::Column::TimeZone, Expr::value(time_zone))
            .col_expr(user::Column::UpdatedAt, Expr::value(to_chrono(now)))
            .col_expr(user::Column::Version, Expr::value(version + 1))
            .filter(user::Column::Id.eq(id.0))
            .filter(user::Column::Version.eq(version))
            .exec(&**self)
            .await?;
        if result.rows_affected == 1 { Ok(()) } else { Err(StoreError::Conflict) }
    }

    pub async fn set_password_hash(&self, id: UserId, hash: &str, now: Timestamp) -> Result<(), StoreError> {
        self.bump_user(id, now, user::Column::PasswordHash, Expr::value(hash)).await
    }

    pub async fn set_user_active(&self, id: UserId, active: bool, now: Timestamp) -> Result<(), StoreError> {
        self.bump_user(id, now, user::Column::Active, Expr::value(active)).await
    }

    /// Sets one column and moves the record to its next version.
    async fn bump_user(&self, id: UserId, now: Timestamp, column: user::Column, value: Expr) -> Result<(), StoreError> {
        let result = user::Entity::update_many()
            .col_expr(column, value)
            .col_expr(user::Column::UpdatedAt, Expr::value(to_chrono(now)))
            .col_expr(user::Column::Version, Expr::col(user::Column::Version).add(1))
            .filter(user::Column::Id.eq(id.0))
            .exec(&**self)
            .await?;
        if result.rows_affected == 1 { Ok(()) } else { Err(StoreError::NotFound) }
    }

    pub async fn insert_grant(&self, user: UserId, grant: &RoleGrant, now: Timestamp) -> Result<(), StoreError> {
        grant::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            user_id: Set(user.0),
            role: Set(grant.role.code().to_owned()),
            scope: Set(grant.scope.as_ref().map(|s| s.value()).unwrap_or_default()),
            granted_at: Set(to_chrono(now)),
        }
        .insert(&**self)
        .await
        .map_err(|e| StoreError::from_write(e, "role"))?;
        Ok(())
    }

    pub async fn delete_grant(&self, user: UserId, grant: &RoleGrant) -> Result<(), StoreError> {
        let result = grant::Entity::delete_many()
            .filter(grant::Column::UserId.eq(user.0))
            .filter(grant::Column::Role.eq(grant.role.code()))
            .filter(grant::Column::Scope.eq(grant.scope.as_ref().map(|s| s.value()).unwrap_or_default()))
            .exec(&**self)
            .await?;
        if result.rows_affected == 1 { Ok(()) } else { Err(StoreError::NotFound) }
    }

    pub async fn insert_session(
        &self,
        id_hash: &str,
        user: UserId,
        now: Timestamp,
        expires_at: Timestamp,
        user_agent: &str,
        client_address: &str,
    ) -> Result<(), StoreError> {
        session::ActiveModel {
            id: Set(id_hash.to_owned()),
            user_id: Set(user.0),
            created_at: Set(to_chrono(now)),
            last_seen_at: Set(to_chrono(now)),
            expires_at: Set(to_chrono(expires_at)),
            user_agent: Set(user_agent.chars().take(200).collect()),
            client_address: Set(client_address.to_owned()),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    /// Records activity and pushes the idle expiry, never past the absolute one.
    pub async fn touch_session(&self, id_hash: &str, now: Timestamp, expires_at: Timestamp) -> Result<(), StoreError> {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(to_chrono(now)))
            .col_expr(session::Column::ExpiresAt, Expr::value(to_chrono(expires_at)))
            .filter(session::Column::Id.eq(id_hash))
            .exec(&**self)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        session::Entity::delete_by_id(id_hash.to_owned()).exec(&**self).await?;
        Ok(())
    }

    /// Ends every session of a user; returns how many there were.
    pub async fn delete_sessions_of(&self, user: UserId) -> Result<u64, StoreError> {
        Ok(session::Entity::delete_many().filter(session::Column::UserId.eq(user.0)).exec(&**self).await?.rows_affected)
    }

    /// Ends every session of a user but `keep` (the one changing the password); returns how many.
    pub async fn delete_other_sessions_of(&self, user: UserId, keep: Option<&str>) -> Result<u64, StoreError> {
        let mut delete = session::Entity::delete_many().filter(session::Column::UserId.eq(user.0));
        if let Some(keep) = keep {
            delete = delete.filter(session::Column::Id.ne(keep));
        }
        Ok(delete.exec(&**self).await?.rows_affected)
    }

    pub async fn insert_one_time_token(
        &self,
        hash: &str,
        user: UserId,
        purpose: TokenPurpose,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        one_time_token::ActiveModel {
            hash: Set(hash.to_owned()),
            user_id: Set(user.0),
            purpose: Set(purpose.code().to_owned()),
            created_at: Set(to_chrono(now)),
            expires_at: Set(to_chrono(expires_at)),
            used_at: Set(None),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    /// Uses a one-time token: returns its user when it exists, has this purpose, has not expired
    /// and was not used; marks it used in the same statement so it works once only.
    pub async fn use_one_time_token(
        &self,
        hash: &str,
        purpose: TokenPurpose,
        now: Timestamp,
    ) -> Result<Option<UserId>, StoreError> {
        let result = one_time_token::Entity::update_many()
            .col_expr(one_time_token::Column::UsedAt, Expr::value(Some(to_chrono(now))))
            .filter(one_time_token::Column::Hash.eq(hash))
            .filter(one_time_token::Column::Purpose.eq(purpose.code()))
            .filter(one_time_token::Column::UsedAt.is_null())
            .filter(one_time_token::Column::ExpiresAt.gt(to_chrono(now)))
            .exec(&**self)
            .await?;
        if result.rows_affected != 1 {
            return Ok(None);
        }
        Ok(one_time_token::Entity::find_by_id(hash.to_owned()).one(&**self).await?.map(|row| UserId(row.user_id)))
    }

    /// Whether a one-time token could be used now (to show the form only for a live link).
    pub async fn one_time_token_is_live(
        &self,
        hash: &str,
        purpose: TokenPurpose,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        Ok(one_time_token::Entity::find_by_id(hash.to_owned())
            .filter(one_time_token::Column::Purpose.eq(purpose.code()))
            .filter(one_time_token::Column::UsedAt.is_null())
            .filter(one_time_token::Column::ExpiresAt.gt(to_chrono(now)))
            .one(&**self)
            .await?
            .is_some())
    }

    pub async fn insert_api_token(&self, token: &ApiToken, hash: &str) -> Result<(), StoreError> {
        let grants = serde_json::to_string(&token.grants).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        api_token::ActiveModel {
            id: Set(token.id.0),
            user_id: Set(token.user_id.0),
            name: Set(token.name.clone()),
            hash: Set(hash.to_owned()),
            grants: Set(grants),
            created_at: Set(to_chrono(token.created_at)),
            expires_at: Set(token.expires_at.map(to_chrono)),
            last_used_at: Set(None),
            revoked_at: Set(None),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    pub async fn touch_api_token(&self, id: TokenId, now: Timestamp) -> Result<(), StoreError> {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(Some(to_chrono(now))))
            .filter(api_token::Column::Id.eq(id.0))
            .exec(&**self)
            .await?;
        Ok(())
    }

    pub async fn revoke_api_token(&self, id: TokenId, now: Timestamp) -> Result<(), StoreError> {
        let result = api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(Some(to_chrono(now))))
            .filter(api_token::Column::Id.eq(id.0))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&**self)
            .await?;
        if result.rows_affected == 1 { Ok(()) } else { Err(StoreError::NotFound) }
    }

    pub async fn record_login_failure(&self, account: &str, address: &str, now: Timestamp) -> Result<(), StoreError> {
        login_failure::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            account: Set(account.to_owned()),
            client_address: Set(address.to_owned()),
            at: Set(to_chrono(now)),
        }
        .insert(&**self)
        .await?;
        Ok(())
    }

    /// A successful sign-in clears the account's failures.
    pub async fn clear_login_failures(&self, account: &str) -> Result<(), StoreError> {
        login_failure::Entity::delete_many().filter(login_failure::Column::Account.eq(account)).exec(&**self).await?;
        Ok(())
    }
}
