//! The network's vocabulary and rules, pure: types, parsing and calculations. No IO, no async.

pub mod advocacy;
pub mod assistance;
pub mod audit;
pub mod clock;
pub mod deadline;
pub mod directory;
pub mod documents;
pub mod drafts;
pub mod events;
pub mod finance;
pub mod funding;
pub mod iati;
pub mod identity;
pub mod ids;
pub mod input;
pub mod lang;
pub mod money;
pub mod names;
pub mod news;
pub mod numbers;
pub mod people;
pub mod practices;
pub mod projects;
pub mod recruitment;
pub mod recruitment_intake;
pub mod recruitment_procedure;
pub mod reporting;
pub mod results;
pub mod text;
pub mod validation;
pub mod vocabulary;

pub use clock::Clock;
pub use lang::Lang;
pub use text::Text;

/// The network's time zone (its office is at Phnom Penh City Hall): the default for new
/// accounts and for readers without one, and the zone "today" is counted in.
pub const NETWORK_TIME_ZONE: &str = "Asia/Phnom_Penh";

/// The currency of the network's budget (its funder's): the one offered first, and the one
/// fares recorded before fares had a currency were in.
pub const NETWORK_CURRENCY: money::Currency = money::Currency::EUR;

/// The version of a record when it is first saved: every later change raises it, and a save
/// that names an older one is a conflict.
pub fn first_version() -> i32 {
    1
}
