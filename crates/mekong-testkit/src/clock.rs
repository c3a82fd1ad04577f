//! A clock tests can move forward, to reach expiry dates without waiting.

use jiff::{SignedDuration, Timestamp};
use std::sync::Mutex;

#[derive(Debug)]
pub struct TestClock(Mutex<Timestamp>);

impl TestClock {
    pub fn new(start: Timestamp) -> TestClock {
        TestClock(Mutex::new(start))
    }

    /// Moves time forward by `by`.
    pub fn advance(&self, by: SignedDuration) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
}

impl mekong_core::Clock for TestClock {
    fn now(&self) -> Timestamp {
        self.0.lock().map(|now| *now).unwrap_or(Timestamp::UNIX_EPOCH)
    }
}
