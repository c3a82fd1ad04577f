//! Signing in and out, and turning a session cookie back into an actor.

use super::actor_for;
use crate::audit::{Change, audit_actor};
use crate::policy::{Actor, Credential};
use crate::secrets::{new_secret, secret_hash, verify_password};
use crate::{App, AppError};
use jiff::SignedDuration;
use mekong_core::identity::Email;

/// A session ends after this long without a request...
pub const SESSION_IDLE: SignedDuration = SignedDuration::from_hours(8);
/// ...and after this long in any case.
pub const SESSION_ABSOLUTE: SignedDuration = SignedDuration::from_hours(24 * 7);
/// Sign-in throttling, made so that it cannot be turned against the account holder: wrong
/// passwords for an account from one address refuse that address only (the holder, elsewhere,
/// still signs in); one address is also stopped across accounts; and an account has a ceiling
/// over all addresses, much higher and counted over a longer window, which only a guessing
/// attack from many addresses reaches.
const THROTTLE_WINDOW: SignedDuration = SignedDuration::from_mins(15);
const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: u64 = 5;
const MAX_FAILURES_PER_ADDRESS: u64 = 20;
const ACCOUNT_WINDOW: SignedDuration = SignedDuration::from_hours(1);
const MAX_FAILURES_PER_ACCOUNT: u64 = 100;
/// Activity is written at most this often, so that reading a page is not a write.
const TOUCH_EVERY: SignedDuration = SignedDuration::from_mins(1);

/// What someone typed into the sign-in form, and where from.
pub struct SignInAttempt<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub client_address: &'a str,
    pub user_agent: &'a str,
}

/// A new session: the secret goes into the cookie and nowhere else.
pub struct NewSession {
    pub secret: String,
    pub actor: Actor,
}

impl App {
    /// Signs in. An unknown email and a wrong password get the same error, after the same work;
    /// too many recent failures (see the limits above) get `Throttled` whatever the password.
    pub async fn sign_in(&self, attempt: SignInAttempt<'_>) -> Result<NewSession, AppError> {
        let now = self.clock.now();
        let account = attempt.email.trim().to_lowercase();
        let address = self.deployment_key.address_hash(attempt.client_address);
        let failures =
            self.store.count_login_failures(&account, &address, now - THROTTLE_WINDOW, now - ACCOUNT_WINDOW).await?;
        if failures.pair >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
            || failures.address >= MAX_FAILURES_PER_ADDRESS
            || failures.account >= MAX_FAILURES_PER_ACCOUNT
        {
            return Err(AppError::Throttled);
        }
        let credentials = match Email::parse(&account) {
            Ok(email) => self.store.find_credentials(&email).await?,
            Err(_) => None,
        };
        let stored_hash = credentials.as_ref().and_then(|c| c.password_hash.clone());
        let password_ok = verify_password(attempt.password.to_owned(), stored_hash).await?;
        let user = match credentials {
            Some(c) if password_ok && c.user.active => c.user,
            _ => {
                let txn = self.store.begin_write().await?;
                txn.record_login_failure(&account, &address, now).await?;
                txn.commit().await?;
                return Err(AppError::field("email", "error-sign-in"));
            }
        };
        let secret = new_secret("")?;
        let id_hash = secret_hash(&secret);
        let grants = self.store.grants_of(user.id).await?;
        let actor = actor_for(&user, grants, Credential::Session(id_hash.clone()));
        let txn = self.store.begin_write().await?;
        txn.clear_login_failures(&account).await?;
        txn.insert_session(&id_hash, user.id, now, now + SESSION_IDLE, attempt.user_agent, &address).await?;
        let change = Change {
            action: "user.signed_in",
            entity_type: "user",
            entity_id: user.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "client_address": address })),
        };
        self.record(&txn, audit_actor(&actor), change).await?;
        txn.commit().await?;
        Ok(NewSession { secret, actor })
    }

    /// The actor behind a session cookie; the public when the session is unknown, expired, or
    /// its user was deactivated.
    pub async fn session_actor(&self, secret: &str) -> Result<Actor, AppError> {
        let now = self.clock.now();
        let id_hash = secret_hash(secret);
        let Some(session) = self.store.find_session(&id_hash, now).await? else { return Ok(Actor::public()) };
        if !session.user.active {
            return Ok(Actor::public());
        }
        if now - session.info.last_seen_at >= TOUCH_EVERY {
            let expires = std::cmp::min(now + SESSION_IDLE, session.info.created_at + SESSION_ABSOLUTE);
            let txn = self.store.begin_write().await?;
            txn.touch_session(&id_hash, now, expires).await?;
            txn.commit().await?;
        }
        Ok(actor_for(&session.user, session.grants, Credential::Session(id_hash)))
    }

    /// Ends the actor's current session.
    pub async fn sign_out(&self, actor: &Actor) -> Result<(), AppError> {
        if let Some(Credential::Session(id_hash)) = &actor.credential {
            let txn = self.store.begin_write().await?;
            txn.delete_session(id_hash).await?;
            txn.commit().await?;
        }
        Ok(())
    }

    /// Ends every session of the actor, on every device.
    pub async fn sign_out_everywhere(&self, actor: &Actor) -> Result<u64, AppError> {
        crate::policy::authorise(actor, crate::policy::Permission::OwnAccount, &crate::policy::Target::Nothing)?;
        let user = actor.user_id().ok_or(AppError::Unauthenticated)?;
        let txn = self.store.begin_write().await?;
        let ended = txn.delete_sessions_of(user).await?;
        let change = Change {
            action: "user.signed_out_everywhere",
            entity_type: "user",
            entity_id: user.to_string(),
            before: None,
            after: Some(serde_json::json!({ "sessions_ended": ended })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(ended)
    }
}
