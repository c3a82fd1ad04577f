//! Server-rendered pages, one module per area.

pub mod account;
pub mod assets;
pub mod audit;
pub mod cities;
pub mod errors;
pub mod home;
pub mod language;
pub mod ops;
pub mod outbox;
pub mod passwords;
pub mod sign_in;
pub mod tokens;
pub mod users;
