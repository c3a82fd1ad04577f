//! Server-rendered pages, one module per area.

pub mod account;
pub mod assets;
pub mod audit;
pub mod cities;
pub mod conflict;
pub mod erasure;
pub mod errors;
pub mod events;
pub mod finance;
pub mod home;
pub mod imports;
pub mod language;
pub mod map;
pub mod missions;
pub mod ops;
pub mod organisations;
pub mod outbox;
pub mod partnerships;
pub mod passwords;
pub mod people;
pub mod recruitment;
pub mod results;
pub mod sign_in;
pub mod tokens;
pub mod users;
pub mod vocabulary;
