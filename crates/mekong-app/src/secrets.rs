//! Secrets handed to people (session cookies, one-time links, API tokens) and passwords: random
//! values shown once, and only their hashes stored.

use crate::AppError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// A new random secret: 32 bytes, URL-safe, with a prefix saying what it is (`mk_` for tokens).
pub fn new_secret(prefix: &str) -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(format!("{prefix}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)))
}

/// How a secret is stored: its SHA-256, hex. Secrets are long and random, so no salt is needed.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes a password with Argon2id, off the async threads (it takes tens of milliseconds).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = new_salt()?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| AppError::Internal(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("hashing task: {e}")))?
}

/// Checks a password against a stored hash. Without a hash (unknown account, or no password
/// set yet) it checks against a dummy one, so that the answer takes the same time either way.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let known = stored.is_some();
    let stored = match stored {
        Some(hash) => hash,
        None => dummy_hash()?.to_owned(),
    };
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
    })
    .await
    .map_err(|e| AppError::Internal(format!("verifying task: {e}")))?;
    Ok(known && matches)
}

fn new_salt() -> Result<SaltString, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    SaltString::encode_b64(&bytes).map_err(|e| AppError::Internal(format!("salt: {e}")))
}

fn dummy_hash() -> Result<&'static str, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let salt = new_salt()?;
    let hash = Argon2::default()
        .hash_password(b"no account has this password", &salt)
        .map_err(|e| AppError::Internal(format!("hashing: {e}")))?
        .to_string();
    Ok(DUMMY.get_or_init(|| hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() -> Result<(), AppError> {
        let hash = hash_password("Mekong river flows past Kratie".into()).await?;
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("Mekong river flows past Kratie".into(), Some(hash.clone())).await?);
        assert!(!verify_password("Mekong river flows past Kratie!".into(), Some(hash)).await?);
        assert!(!verify_password("anything".into(), None).await?);
        Ok(())
    }

    #[test]
    fn secrets_are_random_and_hashed() -> Result<(), AppError> {
        let (a, b) = (new_secret("mk_")?, new_secret("mk_")?);
        assert_ne!(a, b);
        assert!(a.starts_with("mk_") && a.len() > 40);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), a);
        Ok(())
    }
}
