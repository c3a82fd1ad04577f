//! Administration of accounts: invitations, roles and scopes, deactivation.

use super::audit_view;
use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::identity::{ApiToken, Email, RoleGrant, SessionInfo, TokenPurpose, User};
use mekong_core::ids::UserId;
use mekong_store::identity::NewUser;

/// An invitation as the admin fills it in.
pub struct InviteUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub language: Lang,
    pub grants: Vec<RoleGrant>,
}

enum GrantChange {
    Grant(RoleGrant),
    Withdraw(RoleGrant),
}

/// A user's page for admins.
pub struct UserDetail {
    pub user: User,
    pub grants: Vec<RoleGrant>,
    pub sessions: Vec<SessionInfo>,
    pub api_tokens: Vec<ApiToken>,
}

impl App {
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<(User, Vec<RoleGrant>)>, AppError> {
        policy::authorise(actor, Permission::ManageUsers, &Target::Nothing)?;
        let grants = self.store.all_grants().await?;
        let users = self.store.list_users().await?;
        Ok(users
            .into_iter()
            .map(|user| {
                let own = grants.iter().filter(|(id, _)| *id == user.id).map(|(_, g)| g.clone()).collect();
                (user, own)
            })
            .collect())
    }

    pub async fn user_detail(&self, actor: &Actor, id: UserId) -> Result<UserDetail, AppError> {
        policy::authorise(actor, Permission::ManageUsers, &Target::Nothing)?;
        Ok(UserDetail {
            user: self.store.find_user(id).await?,
            grants: self.store.grants_of(id).await?,
            sessions: self.store.sessions_of(id, self.clock.now()).await?,
            api_tokens: self.store.api_tokens_of(id).await?,
        })
    }

    /// Creates an account without a password and mails its owner a link to choose one.
    pub async fn invite_user(&self, actor: &Actor, invite: InviteUser<'_>) -> Result<UserId, AppError> {
        policy::authorise(actor, Permission::ManageUsers, &Target::Nothing)?;
        let email = Email::parse(invite.email)?;
        let display_name = invite.display_name.trim();
        if display_name.is_empty() {
            return Err(AppError::field("display_name", "error-display-name"));
        }
        for grant in &invite.grants {
            self.check_call_scope(grant).await?;
        }
        let inviter = actor.user.as_ref().map(|u| u.display_name.clone());
        let user =
            self.create_user(audit_actor(actor), &email, display_name, invite.language, None, &invite.grants).await?;
        let txn = self.store.begin_write().await?;
        self.send_link(&txn, &user, TokenPurpose::Invitation, inviter.as_deref()).await?;
        txn.commit().await?;
        Ok(user.id)
    }

    /// An invitation made by an operator on the command line (the first administrator, say):
    /// no one is signed in, the trail records the command.
    pub async fn invite_from_command_line(&self, invite: InviteUser<'_>) -> Result<UserId, AppError> {
        let email = Email::parse(invite.email)?;
        let display_name = invite.display_name.trim();
        if display_name.is_empty() {
            return Err(AppError::field("display_name", "error-display-name"));
        }
        let by = mekong_core::audit::AuditActor::System { job: "command line".into() };
        let txn = self.store.begin_write().await?;
        let user = self.insert_user(&txn, by, &email, display_name, invite.language, None, &invite.grants).await?;
        self.send_link(&txn, &user, TokenPurpose::Invitation, None).await?;
        txn.commit().await?;
        Ok(user.id)
    }

    /// Writes a new account with its roles and its audit entry, in its own transaction.
    pub(crate) async fn create_user(
        &self,
        by: mekong_core::audit::AuditActor,
        email: &Email,
        display_name: &str,
        language: Lang,
        password_hash: Option<String>,
        grants: &[RoleGrant],
    ) -> Result<User, AppError> {
        let txn = self.store.begin_write().await?;
        let user = self.insert_user(&txn, by, email, display_name, language, password_hash, grants).await?;
        txn.commit().await?;
        Ok(user)
    }

    /// Writes a new account with its roles and its audit entry in the caller's transaction.
    #[expect(clippy::too_many_arguments, reason = "an account's fields, each distinct")]
    async fn insert_user(
        &self,
        txn: &mekong_store::WriteTxn,
        by: mekong_core::audit::AuditActor,
        email: &Email,
        display_name: &str,
        language: Lang,
        password_hash: Option<String>,
        grants: &[RoleGrant],
    ) -> Result<User, AppError> {
        let now = self.clock.now();
        let id = UserId::new();
        let new =
            NewUser { id, email, display_name, password_hash, language, time_zone: mekong_core::NETWORK_TIME_ZONE };
        txn.insert_user(new, now).await?;
        for grant in grants {
            txn.insert_grant(id, grant, now).await?;
        }
        let user = txn.user(id).await?;
        let change = Change {
            action: "user.invited",
            entity_type: "user",
            entity_id: id.to_string(),
            before: None,
            after: Some(audit_view(&user, grants)),
        };
        self.record(txn, by, change).await?;
        Ok(user)
    }

    pub async fn grant_role(&self, actor: &Actor, user: UserId, grant: RoleGrant) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageUsers, &Target::Nothing)?;
        self.check_call_scope(&grant).await?;
        self.change_grants(actor, user, GrantChange::Grant(grant)).await
    }

    pub async fn withdraw_role(&self, actor: &Actor, user: UserId, grant: RoleGrant) -> Result<(), AppError> {
        if actor.user_id() == Some(user) && grant.role == mekong_core::identity::Role::Admin {
            // Keeps at least the acting admin able to undo mistakes.
            return Err(AppError::field("role", "error-own-admin-role"));
        }
        self.change_grants(actor, user, GrantChange::Withdraw(grant)).await
    }

    async fn change_grants(&self, actor: &Actor, user: UserId, change: GrantChange) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageUsers, &Target::Nothing)?;
        let txn = self.store.begin_write().await?;
        let record = txn.user(user).await?;
        let before = txn.grants(user).await?;
        let action = match &change {
            GrantChange::Grant(grant) => {
                txn.insert_grant(user, grant, self.clock.now()).await?;
                "user.role_granted"
            }
            GrantChange::Withdraw(grant) => {
                txn.delete_grant(user, grant).await?;
                "user.role_withdrawn"
            }
        };
        let after = txn.grants(user).await?;
        let change = Change {
            action,
            entity_type: "user",
            entity_id: user.to_string(),
            before: Some(audit_view(&record, &before)),
            after: Some(audit_view(&record, &after)),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Deactivates (ending every session) or reactivates an account. Accounts are never
    /// deleted: the audit trail refers to them.
    pub async fn set_user_active(&self, actor: &Actor, user: UserId, active: bool) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageUsers, &Target::Nothing)?;
        if actor.user_id() == Some(user) && !active {
            return Err(AppError::field("active", "error-deactivate-self"));
        }
        let txn = self.store.begin_write().await?;
        let before = txn.user(user).await?;
        let grants = txn.grants(user).await?;
        txn.set_user_active(user, active, self.clock.now()).await?;
        if !active {
            txn.delete_sessions_of(user).await?;
        }
        let after = txn.user(user).await?;
        let change = Change {
            action: if active { "user.reactivated" } else { "user.deactivated" },
            entity_type: "user",
            entity_id: user.to_string(),
            before: Some(audit_view(&before, &grants)),
            after: Some(audit_view(&after, &grants)),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }
}
