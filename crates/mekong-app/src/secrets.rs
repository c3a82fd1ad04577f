//! Secrets handed to people (session cookies, one-time links, API tokens) and passwords: random
//! values shown once, and only their hashes stored; and the deployment's own secret key, which
//! makes network addresses a keyed hash (a bare hash of an IPv4 address is reversed by trying
//! all four billion).

use crate::AppError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
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

/// The file in the data directory holding the key when configuration gives none.
pub const KEY_FILE: &str = "secret.key";
/// Fewer characters than this would make a guessable key.
const MIN_KEY_CHARS: usize = 32;

/// The deployment's secret key: made at first start (or given by configuration) and never
/// shown, not even by `Debug`.
#[derive(Clone)]
pub struct DeploymentKey(Arc<[u8]>);

impl std::fmt::Debug for DeploymentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeploymentKey(***)")
    }
}

impl DeploymentKey {
    /// A key given by configuration (`MEKONG_SECRET_KEY`, `secret_key` in `mekong.toml`).
    pub fn from_text(text: &str) -> Result<DeploymentKey, AppError> {
        let text = text.trim();
        if text.chars().count() < MIN_KEY_CHARS {
            return Err(AppError::Internal(format!(
                "the secret key must have at least {MIN_KEY_CHARS} characters (`openssl rand -hex 32` makes one)"
            )));
        }
        Ok(DeploymentKey(text.as_bytes().into()))
    }

    /// The key kept in `data_dir`, made there (readable by its owner only) at first start.
    pub fn load_or_create(data_dir: &Path) -> Result<DeploymentKey, AppError> {
        let path = data_dir.join(KEY_FILE);
        let unreadable = |e: std::io::Error| AppError::Internal(format!("the secret key {}: {e}", path.display()));
        match std::fs::read_to_string(&path) {
            Ok(text) => return DeploymentKey::from_text(&text),
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(unreadable(error)),
            Err(_) => {}
        }
        std::fs::create_dir_all(data_dir).map_err(unreadable)?;
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        match create_owner_only(&path, &text) {
            Ok(()) => DeploymentKey::from_text(&text),
            // Another process made it first: use theirs.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                DeploymentKey::from_text(&std::fs::read_to_string(&path).map_err(unreadable)?)
            }
            Err(error) => Err(unreadable(error)),
        }
    }

    /// How a network address is stored: HMAC-SHA256 under the key, hex. The same address gives
    /// the same value (throttling compares them); without the key it cannot be reversed.
    pub fn address_hash(&self, address: &str) -> String {
        hmac_sha256(&self.0, address.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl DeploymentKey {
    /// The key that encrypts applicants' documents, derived from the deployment's key for that
    /// use alone, and its id (a digest of the derived key, safe to store): a document sealed
    /// under another key is recognised as such instead of failing as corrupt.
    pub(crate) fn document_key(&self) -> ([u8; 32], String) {
        let key = hmac_sha256(&self.0, b"mekong recruitment documents v1");
        let id: String = Sha256::digest(key).iter().take(8).map(|b| format!("{b:02x}")).collect();
        (key, id)
    }
}

/// Writes a new file that only its owner may read; fails if it exists.
fn create_owner_only(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

/// HMAC (RFC 2104) with SHA-256: the hash crate's own HMAC follows another digest version.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let key = if key.len() > BLOCK { Sha256::digest(key).to_vec() } else { key.to_vec() };
    let mut block = [0u8; BLOCK];
    block.iter_mut().zip(key).for_each(|(b, k)| *b = k);
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
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

    /// RFC 4231, test cases 2 and 6 (a key longer than the block).
    #[test]
    fn hmac_matches_the_published_vectors() {
        let hex = |b: [u8; 32]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            hex(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex(hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn the_key_is_made_once_kept_private_and_never_shown() -> Result<(), AppError> {
        let dir = tempfile::tempdir().map_err(|e| AppError::Internal(e.to_string()))?;
        let key = DeploymentKey::load_or_create(dir.path())?;
        let again = DeploymentKey::load_or_create(dir.path())?;
        assert_eq!(key.address_hash("203.0.113.7"), again.address_hash("203.0.113.7"));
        assert_ne!(key.address_hash("203.0.113.7"), secret_hash("203.0.113.7"));
        assert_eq!(format!("{key:?}"), "DeploymentKey(***)");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE)).map_err(|e| AppError::Internal(e.to_string()))?;
            assert_eq!(mode.permissions().mode() & 0o777, 0o600);
        }
        assert!(DeploymentKey::from_text("too short").is_err());
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
