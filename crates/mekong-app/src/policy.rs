//! The one authorisation policy: every (actor, permission) question is decided here, and every
//! route names its permission in the route table, so no handler can forget the check.

use crate::AppError;

/// Who is acting. Accounts and roles extend this; until then everyone is the public.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    _private: (),
}

impl Actor {
    /// Someone not signed in.
    pub fn public() -> Actor {
        Actor::default()
    }
}

/// What a route or use case needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Liveness and readiness probes, static assets, language choice: open to all.
    Infrastructure,
    /// The network's public pages and API: the member cities.
    ViewDirectory,
}

/// Decides whether `actor` may do what `permission` covers.
pub fn authorise(_actor: &Actor, permission: Permission) -> Result<(), AppError> {
    match permission {
        Permission::Infrastructure | Permission::ViewDirectory => Ok(()),
    }
}
