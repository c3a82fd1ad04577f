//! Time as a parameter: core never reads the system clock, callers pass a `Clock`.

use jiff::Timestamp;

/// The source of "now". The app holds one; tests substitute a fixed instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Timestamp;
}

/// A clock stopped at one instant, for tests and reproducible demo data.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}
