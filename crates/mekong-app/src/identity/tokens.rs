//! API tokens: made by a user for themselves with a subset of their rights, shown once, stored
//! hashed, revocable, with their last use recorded.

use super::actor_for;
use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Credential, Permission, Target};
use crate::secrets::{new_secret, secret_hash};
use crate::{App, AppError};
use jiff::SignedDuration;
use mekong_core::identity::{ApiToken, RoleGrant};
use mekong_core::ids::TokenId;

/// A token just made: the secret is shown this once.
pub struct NewApiToken {
    pub token: ApiToken,
    pub secret: String,
}

impl App {
    pub async fn api_tokens(&self, actor: &Actor) -> Result<Vec<ApiToken>, AppError> {
        let user = self.own_user(actor).await?;
        Ok(self.store.api_tokens_of(user.id).await?)
    }

    /// Makes a token carrying `grants`, each of which the actor must hold.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        grants: Vec<RoleGrant>,
        valid_days: Option<u16>,
    ) -> Result<NewApiToken, AppError> {
        policy::authorise(actor, Permission::OwnAccount, &Target::Nothing)?;
        let user_id = actor.user_id().ok_or(AppError::Unauthenticated)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AppError::field("name", "error-token-name"));
        }
        if grants.is_empty() || grants.iter().any(|g| !actor.grants.contains(g)) {
            return Err(AppError::field("grants", "error-token-grants"));
        }
        let now = self.clock.now();
        let token = ApiToken {
            id: TokenId::new(),
            user_id,
            name: name.to_owned(),
            grants,
            created_at: now,
            expires_at: valid_days.map(|days| now + SignedDuration::from_hours(24 * i64::from(days))),
            last_used_at: None,
            revoked_at: None,
        };
        let secret = new_secret("mk_")?;
        let txn = self.store.begin_write().await?;
        txn.insert_api_token(&token, &secret_hash(&secret)).await?;
        let change = Change {
            action: "api_token.created",
            entity_type: "user",
            entity_id: user_id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "token": token.id, "name": token.name, "grants": token.grants })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(NewApiToken { token, secret })
    }

    /// Revokes one of the actor's own tokens (or any, for an admin).
    pub async fn revoke_api_token(&self, actor: &Actor, id: TokenId) -> Result<(), AppError> {
        policy::authorise(actor, Permission::OwnAccount, &Target::Nothing)?;
        let token = self.store.find_api_token(id).await?;
        let is_admin = policy::authorise(actor, Permission::ManageUsers, &Target::Nothing).is_ok();
        if actor.user_id() != Some(token.user_id) && !is_admin {
            return Err(AppError::NotFound);
        }
        let txn = self.store.begin_write().await?;
        txn.revoke_api_token(id, self.clock.now()).await?;
        let change = Change {
            action: "api_token.revoked",
            entity_type: "user",
            entity_id: token.user_id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "token": token.id, "name": token.name })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The actor behind a bearer token, with only the token's grants; the public when the
    /// token is unknown, revoked, expired, or its owner deactivated.
    pub async fn token_actor(&self, secret: &str) -> Result<Actor, AppError> {
        let now = self.clock.now();
        let Some((token, user)) = self.store.find_api_token_by_hash(&secret_hash(secret)).await? else {
            return Ok(Actor::public());
        };
        let expired = token.expires_at.is_some_and(|at| at <= now);
        if token.revoked_at.is_some() || expired || !user.active {
            return Ok(Actor::public());
        }
        // Rights withdrawn from the owner since the token was made are gone from it too.
        let held = self.store.grants_of(user.id).await?;
        let grants = token.grants.into_iter().filter(|g| held.contains(g)).collect();
        let txn = self.store.begin_write().await?;
        txn.touch_api_token(token.id, now).await?;
        txn.commit().await?;
        Ok(actor_for(&user, grants, Credential::Token(token.id)))
    }
}
