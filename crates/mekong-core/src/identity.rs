//! Accounts and roles: who someone is in the network and what their role covers.

use crate::directory::CityCode;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

/// Errors of the identity area.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum IdentityError {
    #[error("invalid email address")]
    InvalidEmail,
    #[error("password too short")]
    PasswordTooShort,
    #[error("password too long")]
    PasswordTooLong,
    #[error("password too easy to guess")]
    PasswordTooWeak,
    #[error("unknown role")]
    UnknownRole,
    #[error("this role needs a scope")]
    ScopeRequired,
    #[error("this role takes no scope")]
    ScopeNotAllowed,
}

/// An email address, trimmed and lower-cased so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, IdentityError> {
        let email = raw.trim().to_lowercase();
        let (local, domain) = email.rsplit_once('@').ok_or(IdentityError::InvalidEmail)?;
        let valid = !local.is_empty()
            && local.len() <= 64
            && email.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c));
        if valid { Ok(Email(email)) } else { Err(IdentityError::InvalidEmail) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The minimum length of a password.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// The maximum: strength estimation slows down sharply on very long input, and the forms that
/// check passwords are open to anyone holding a link.
pub const PASSWORD_MAX_CHARS: usize = 256;

/// A password that meets the policy: long enough and hard enough to guess. Never printed.
pub struct Password(String);

impl Password {
    /// Checks length, then strength with zxcvbn (score 3 of 4 or more), penalising passwords
    /// built from the user's own email or name.
    pub fn parse(raw: &str, personal: &[&str]) -> Result<Password, IdentityError> {
        let length = raw.chars().count();
        if length < PASSWORD_MIN_CHARS {
            return Err(IdentityError::PasswordTooShort);
        }
        if length > PASSWORD_MAX_CHARS {
            return Err(IdentityError::PasswordTooLong);
        }
        // The whole email or name, and each of its words (`sokha.chan@...` gives `sokha`, `chan`).
        let words: Vec<&str> = personal
            .iter()
            .flat_map(|p| std::iter::once(*p).chain(p.split(|c: char| !c.is_alphanumeric())))
            .filter(|w| w.chars().count() >= 3)
            .collect();
        let lowered = raw.to_lowercase();
        let contains_personal = personal
            .iter()
            .map(|p| p.split('@').next().unwrap_or(p).to_lowercase())
            .any(|p| p.chars().count() >= 4 && lowered.contains(&p));
        let score = zxcvbn::zxcvbn(raw, &words).score();
        if contains_personal || (score as u8) < 3 {
            return Err(IdentityError::PasswordTooWeak);
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A role in the network. A user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    /// The AIMF secretariat in Paris: sees everything, approves.
    Secretariat,
    /// Runs the network from Phnom Penh.
    Coordinator,
    /// Keeps one or more cities' records.
    CityFocalPoint,
    /// Speaks for one partner organisation.
    Partner,
    /// Evaluates applications to given recruitment calls.
    Evaluator,
    /// Applies to calls; sees their own applications.
    Applicant,
    /// Runs one recruitment call: its terms, committee, applications and decision.
    CallManager,
    /// Verifies one programme's accounts for the funder: reads its budget, expenses, documents
    /// and their trail, changes nothing.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Admin,
        Role::Secretariat,
        Role::Coordinator,
        Role::CityFocalPoint,
        Role::Partner,
        Role::Evaluator,
        Role::Applicant,
        Role::Auditor,
        Role::CallManager,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Secretariat => "secretariat",
            Role::Coordinator => "coordinator",
            Role::CityFocalPoint => "city_focal_point",
            Role::Partner => "partner",
            Role::Evaluator => "evaluator",
            Role::Applicant => "applicant",
            Role::Auditor => "auditor",
            Role::CallManager => "call_manager",
        }
    }

    pub fn parse(code: &str) -> Result<Role, IdentityError> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim()).ok_or(IdentityError::UnknownRole)
    }

    /// What kind of scope the role is limited to, if any.
    pub fn scope_kind(self) -> Option<ScopeKind> {
        match self {
            Role::CityFocalPoint => Some(ScopeKind::City),
            Role::Partner => Some(ScopeKind::Organisation),
            Role::Evaluator | Role::CallManager => Some(ScopeKind::Call),
            Role::Auditor => Some(ScopeKind::Programme),
            _ => None,
        }
    }
}

/// The kinds of thing a role can be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    City,
    Organisation,
    Call,
    Programme,
}

/// What a scoped role covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    City(CityCode),
    Organisation(Uuid),
    Call(Uuid),
    Programme(Uuid),
}

impl Scope {
    pub fn kind(&self) -> ScopeKind {
        match self {
            Scope::City(_) => ScopeKind::City,
            Scope::Organisation(_) => ScopeKind::Organisation,
            Scope::Call(_) => ScopeKind::Call,
            Scope::Programme(_) => ScopeKind::Programme,
        }
    }

    /// The scope as stored and shown: the city code, or the organisation's or call's id.
    pub fn value(&self) -> String {
        match self {
            Scope::City(code) => code.to_string(),
            Scope::Organisation(id) | Scope::Call(id) | Scope::Programme(id) => id.to_string(),
        }
    }
}

/// One role held by a user, limited to a scope when the role needs one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    pub scope: Option<Scope>,
}

impl RoleGrant {
    /// A grant whose scope matches what the role needs.
    pub fn new(role: Role, scope: Option<Scope>) -> Result<RoleGrant, IdentityError> {
        match (role.scope_kind(), &scope) {
            (Some(kind), Some(scope)) if scope.kind() == kind => Ok(RoleGrant { role, scope: Some(scope.clone()) }),
            (Some(_), _) => Err(IdentityError::ScopeRequired),
            (None, Some(_)) => Err(IdentityError::ScopeNotAllowed),
            (None, None) => Ok(RoleGrant { role, scope: None }),
        }
    }

    /// Reads a grant from its stored form: role code and scope value.
    pub fn from_parts(role: &str, scope: Option<&str>) -> Result<RoleGrant, IdentityError> {
        let role = Role::parse(role)?;
        let scope = match (role.scope_kind(), scope.filter(|s| !s.trim().is_empty())) {
            (Some(ScopeKind::City), Some(value)) => {
                Some(Scope::City(CityCode::parse(value).map_err(|_| IdentityError::ScopeRequired)?))
            }
            (Some(ScopeKind::Organisation), Some(value)) => {
                Some(Scope::Organisation(Uuid::parse_str(value.trim()).map_err(|_| IdentityError::ScopeRequired)?))
            }
            (Some(ScopeKind::Call), Some(value)) => {
                Some(Scope::Call(Uuid::parse_str(value.trim()).map_err(|_| IdentityError::ScopeRequired)?))
            }
            (Some(ScopeKind::Programme), Some(value)) => {
                Some(Scope::Programme(Uuid::parse_str(value.trim()).map_err(|_| IdentityError::ScopeRequired)?))
            }
            (Some(_), None) => return Err(IdentityError::ScopeRequired),
            (None, Some(_)) => return Err(IdentityError::ScopeNotAllowed),
            (None, None) => None,
        };
        RoleGrant::new(role, scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Focal.Point@PhnomPenh.gov.KH ").map(|e| e.to_string()),
            Ok("focal.point@phnompenh.gov.kh".into())
        );
        for bad in ["", "nobody", "@x.org", "a@b", "a@.org", "a b@x.org", "a@x.org.", "<a@x.org>"] {
            assert_eq!(Email::parse(bad), Err(IdentityError::InvalidEmail), "{bad}");
        }
    }

    #[test]
    fn passwords_must_be_long_and_hard_to_guess() {
        assert_eq!(Password::parse("short", &[]).err(), Some(IdentityError::PasswordTooShort));
        assert_eq!(Password::parse(&"long enough ".repeat(30), &[]).err(), Some(IdentityError::PasswordTooLong));
        assert_eq!(Password::parse("passwordpassword", &[]).err(), Some(IdentityError::PasswordTooWeak));
        assert_eq!(Password::parse("123456789012", &[]).err(), Some(IdentityError::PasswordTooWeak));
        assert_eq!(
            Password::parse("sokha.chan2026!", &["sokha.chan2026@x.org"]).err(),
            Some(IdentityError::PasswordTooWeak),
            "built from the email"
        );
        assert!(Password::parse("Mekong river flows past Kratie 42", &[]).is_ok());
    }

    #[test]
    fn scoped_roles_need_their_scope() -> Result<(), IdentityError> {
        let city = Scope::City(CityCode::parse("KH-PNH").map_err(|_| IdentityError::ScopeRequired)?);
        assert!(RoleGrant::new(Role::CityFocalPoint, Some(city.clone())).is_ok());
        assert_eq!(RoleGrant::new(Role::CityFocalPoint, None), Err(IdentityError::ScopeRequired));
        assert_eq!(RoleGrant::new(Role::Admin, Some(city)), Err(IdentityError::ScopeNotAllowed));
        assert_eq!(RoleGrant::from_parts("partner", Some("KH-PNH")), Err(IdentityError::ScopeRequired));
        assert_eq!(
            RoleGrant::from_parts("city_focal_point", Some("vn-hui"))?.scope.map(|s| s.value()),
            Some("VN-HUI".into())
        );
        Ok(())
    }
}

/// A person's account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: crate::ids::UserId,
    pub email: Email,
    pub display_name: String,
    pub language: crate::Lang,
    /// IANA time zone the user reads times in (`Asia/Phnom_Penh`).
    pub time_zone: String,
    /// Deactivated accounts cannot sign in; they are never deleted while the audit trail names them.
    pub active: bool,
    /// Whether a password was ever set (an invited user has none until they accept).
    pub has_password: bool,
    pub created_at: jiff::Timestamp,
    pub version: i32,
}

/// A signed-in browser session, as its owner and admins see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// A short public handle of the session (never the secret cookie value).
    pub handle: String,
    pub created_at: jiff::Timestamp,
    pub last_seen_at: jiff::Timestamp,
    pub expires_at: jiff::Timestamp,
    pub user_agent: String,
    /// The keyed hash of the address it was opened from (never the address itself).
    pub client_address: String,
}

impl SessionInfo {
    /// The start of the address's keyed hash: enough to tell sessions from the same address
    /// apart from the others, as the account pages show it.
    pub fn address_fingerprint(&self) -> String {
        self.client_address.chars().take(12).collect()
    }
}

/// An API token as its owner sees it: the secret itself is shown once, at creation, and only
/// its hash is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: crate::ids::TokenId,
    pub user_id: crate::ids::UserId,
    pub name: String,
    /// The rights the token carries: a subset of its owner's grants.
    pub grants: Vec<RoleGrant>,
    pub created_at: jiff::Timestamp,
    pub expires_at: Option<jiff::Timestamp>,
    pub last_used_at: Option<jiff::Timestamp>,
    pub revoked_at: Option<jiff::Timestamp>,
}

/// Why a one-time token was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenPurpose {
    Invitation,
    PasswordReset,
}

impl TokenPurpose {
    pub fn code(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "invitation",
            TokenPurpose::PasswordReset => "password_reset",
        }
    }
}

/// Checks an IANA time zone name against the bundled database.
pub fn parse_time_zone(name: &str) -> Option<String> {
    jiff::tz::TimeZone::get(name.trim()).ok().map(|_| name.trim().to_owned())
}
