//! The identity area: signing in and sessions, one's own account, API tokens, and the
//! administration of users and their roles.

mod accounts;
mod admin;
mod sessions;
mod tokens;

pub use accounts::PersonalData;
pub use admin::{InviteUser, UserDetail};
pub use sessions::{NewSession, SignInAttempt};
pub use tokens::NewApiToken;

use crate::AppError;
use crate::policy::{ActingUser, Actor, Credential};
use mekong_core::identity::{RoleGrant, User};

/// The actor a user becomes with `grants`, having proved themselves with `credential`.
fn actor_for(user: &User, grants: Vec<RoleGrant>, credential: Credential) -> Actor {
    Actor {
        user: Some(ActingUser {
            id: user.id,
            email: user.email.to_string(),
            display_name: user.display_name.clone(),
            language: user.language,
            time_zone: user.time_zone.clone(),
        }),
        grants,
        credential: Some(credential),
    }
}

/// A user as the audit trail records them (never the password hash).
fn audit_view(user: &User, grants: &[RoleGrant]) -> serde_json::Value {
    serde_json::json!({
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "time_zone": user.time_zone,
        "active": user.active,
        "roles": grants,
    })
}

/// A new random value for the CSRF cookie.
pub fn new_csrf_token() -> Result<String, AppError> {
    crate::secrets::new_secret("")
}
