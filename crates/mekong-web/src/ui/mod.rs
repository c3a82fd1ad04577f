//! Server-rendered pages, one module per area.

pub mod assets;
pub mod cities;
pub mod errors;
pub mod home;
pub mod language;
pub mod ops;
