//! One's own account: accepting an invitation, resetting and changing the password, settings,
//! and a copy of one's personal data.

use super::audit_view;
use crate::audit::{Change, audit_actor};
use crate::mail::Letter;
use crate::policy::{self, Actor, Credential, Permission, Target};
use crate::secrets::{hash_password, new_secret, secret_hash, verify_password};
use crate::{App, AppError};
use jiff::SignedDuration;
use mekong_core::Lang;
use mekong_core::audit::{AuditActor, AuditEntry};
use mekong_core::identity::{ApiToken, Email, Password, RoleGrant, SessionInfo, TokenPurpose, User, parse_time_zone};
use mekong_core::ids::UserId;
use mekong_i18n::Arg;
use mekong_store::WriteTxn;
use mekong_store::audit::AuditFilter;
use serde::Serialize;

/// How long an invitation or reset link works.
pub const LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(24);

/// Everything Mekong holds about a person, for them to download.
#[derive(Debug, Serialize)]
pub struct PersonalData {
    pub account: User,
    pub roles: Vec<RoleGrant>,
    pub sessions: Vec<SessionInfo>,
    pub api_tokens: Vec<ApiToken>,
    pub actions: Vec<AuditEntry>,
}

impl App {
    /// Issues a one-time link for `user` and mails it, in the caller's transaction.
    pub(crate) async fn send_link(
        &self,
        txn: &WriteTxn,
        user: &User,
        purpose: TokenPurpose,
        inviter: Option<&str>,
    ) -> Result<(), AppError> {
        let secret = new_secret("")?;
        let now = self.clock.now();
        txn.insert_one_time_token(&secret_hash(&secret), user.id, purpose, now, now + LINK_LIFETIME).await?;
        let (path, subject, paragraphs): (&str, &str, &[&str]) = match purpose {
            TokenPurpose::Invitation => (
                "/account/accept",
                "email-invitation-subject",
                &["email-greeting", "email-invitation-body", "email-link-expiry"],
            ),
            TokenPurpose::PasswordReset => {
                ("/account/reset", "email-reset-subject", &["email-greeting", "email-reset-body", "email-link-expiry"])
            }
        };
        let letter = Letter {
            subject,
            paragraphs,
            args: vec![
                ("name", Arg::from(user.display_name.as_str())),
                ("inviter", Arg::from(inviter.unwrap_or("Mekong"))),
                ("hours", Arg::from(LINK_LIFETIME.as_hours())),
            ],
            link: Some(format!("{}{path}?token={secret}", self.public_url)),
            attachment: None,
        };
        self.queue_email(txn, &user.email, &user.display_name, user.language, letter).await?;
        Ok(())
    }

    /// Whether a link from an email still works (to show its form, or say it expired).
    pub async fn link_is_live(&self, secret: &str, purpose: TokenPurpose) -> Result<bool, AppError> {
        let txn = self.store.begin_write().await?;
        let live = txn.one_time_token_is_live(&secret_hash(secret), purpose, self.clock.now()).await?;
        txn.commit().await?;
        Ok(live)
    }

    /// Sets a password through an invitation or reset link. The link works once, for 24 hours.
    pub async fn set_password_with_link(
        &self,
        secret: &str,
        purpose: TokenPurpose,
        password: &str,
    ) -> Result<User, AppError> {
        let now = self.clock.now();
        let txn = self.store.begin_write().await?;
        let user_id = txn
            .use_one_time_token(&secret_hash(secret), purpose, now)
            .await?
            .ok_or_else(|| AppError::field("token", "error-link-expired"))?;
        let user = txn.user(user_id).await?;
        let password = Password::parse(password, &[user.email.as_str(), &user.display_name])?;
        let hash = hash_password(password.expose().to_owned()).await?;
        txn.set_password_hash(user_id, &hash, now).await?;
        let action = match purpose {
            TokenPurpose::Invitation => "user.invitation_accepted",
            TokenPurpose::PasswordReset => "user.password_reset",
        };
        let actor = AuditActor::User { id: user.id.0, email: user.email.to_string() };
        let change = Change { action, entity_type: "user", entity_id: user.id.to_string(), before: None, after: None };
        self.record(&txn, actor, change).await?;
        // A reset ends every session: whoever knew the old password is out.
        if purpose == TokenPurpose::PasswordReset {
            txn.delete_sessions_of(user_id).await?;
        }
        txn.commit().await?;
        Ok(user)
    }

    /// Mails a reset link when an active account has this email; says nothing either way, so
    /// that the form does not reveal who has an account.
    pub async fn request_password_reset(&self, email: &str) -> Result<(), AppError> {
        let Ok(email) = Email::parse(email) else { return Ok(()) };
        let Some(credentials) = self.store.find_credentials(&email).await? else { return Ok(()) };
        if !credentials.user.active {
            return Ok(());
        }
        let txn = self.store.begin_write().await?;
        self.send_link(&txn, &credentials.user, TokenPurpose::PasswordReset, None).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Changes one's password, proving the current one first.
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str) -> Result<(), AppError> {
        policy::authorise(actor, Permission::OwnAccount, &Target::Nothing)?;
        let user = self.own_user(actor).await?;
        let stored = self.store.find_credentials(&user.email).await?.and_then(|c| c.password_hash);
        if !verify_password(current.to_owned(), stored).await? {
            return Err(AppError::field("current_password", "error-current-password"));
        }
        let password = Password::parse(new, &[user.email.as_str(), &user.display_name])?;
        let hash = hash_password(password.expose().to_owned()).await?;
        let txn = self.store.begin_write().await?;
        txn.set_password_hash(user.id, &hash, self.clock.now()).await?;
        // Whoever knew the old password may hold a session: the other sessions end with it.
        let current_session = match &actor.credential {
            Some(Credential::Session(id_hash)) => Some(id_hash.as_str()),
            _ => None,
        };
        let ended = txn.delete_other_sessions_of(user.id, current_session).await?;
        let change = Change {
            action: "user.password_changed",
            entity_type: "user",
            entity_id: user.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "other_sessions_ended": ended })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The actor's own account record.
    pub async fn own_user(&self, actor: &Actor) -> Result<User, AppError> {
        policy::authorise(actor, Permission::OwnAccount, &Target::Nothing)?;
        let id = actor.user_id().ok_or(AppError::Unauthenticated)?;
        Ok(self.store.find_user(id).await?)
    }

    /// Updates one's name, language and time zone; a stale `version` is a conflict.
    pub async fn update_settings(
        &self,
        actor: &Actor,
        version: i32,
        display_name: &str,
        language: &str,
        time_zone: &str,
    ) -> Result<User, AppError> {
        let user = self.own_user(actor).await?;
        let mut errors = mekong_core::validation::FieldErrors::default();
        let display_name = display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > 120 {
            errors.add("display_name", "error-display-name");
        }
        let language = Lang::from_tag(language);
        if language.is_none() {
            errors.add("language", "error-language");
        }
        let time_zone = parse_time_zone(time_zone);
        if time_zone.is_none() {
            errors.add("time_zone", "error-time-zone");
        }
        let (Some(language), Some(time_zone), true) = (language, time_zone, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let txn = self.store.begin_write().await?;
        let before = txn.user(user.id).await?;
        txn.update_user_settings(user.id, version, display_name, language, &time_zone, self.clock.now()).await?;
        let after = txn.user(user.id).await?;
        let grants = txn.grants(user.id).await?;
        let change = Change {
            action: "user.settings_changed",
            entity_type: "user",
            entity_id: user.id.to_string(),
            before: Some(audit_view(&before, &grants)),
            after: Some(audit_view(&after, &grants)),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Records the language chosen with the switcher as the user's own setting.
    pub async fn set_language(&self, actor: &Actor, language: Lang) -> Result<(), AppError> {
        let user = self.own_user(actor).await?;
        if user.language == language {
            return Ok(());
        }
        self.update_settings(actor, user.version, &user.display_name, language.code(), &user.time_zone)
            .await
            .map(|_| ())
    }

    /// A copy of everything held about the actor.
    pub async fn personal_data(&self, actor: &Actor) -> Result<PersonalData, AppError> {
        let account = self.own_user(actor).await?;
        let id: UserId = account.id;
        let filter = AuditFilter { user: Some(id.0), limit: 10_000, ..AuditFilter::default() };
        Ok(PersonalData {
            roles: self.store.grants_of(id).await?,
            sessions: self.store.sessions_of(id, self.clock.now()).await?,
            api_tokens: self.store.api_tokens_of(id).await?,
            actions: self.store.audit_entries(&filter).await?,
            account,
        })
    }

    /// The actor's live sessions.
    pub async fn own_sessions(&self, actor: &Actor) -> Result<Vec<SessionInfo>, AppError> {
        let user = self.own_user(actor).await?;
        Ok(self.store.sessions_of(user.id, self.clock.now()).await?)
    }
}
