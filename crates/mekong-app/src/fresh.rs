//! Figures worked out from many records, and pages of lists that readers ask again, kept while
//! the database has not changed since.
//!
//! Every write appends to the audit trail inside its own transaction, under the lock of the
//! trail's head row, so the head's sequence number names the database's state exactly, for
//! every process on it (a later write cannot commit before an earlier one's entry). A kept value
//! is served only while the head stands where it stood before the value was worked out; the
//! head is read first, so a write landing during the work only makes the next reader work again.

use crate::events::{EventShown, ParticipantsKey};
use crate::organisations::Page;
use crate::results::{Dashboard, Grid, IndicatorDetail, Logframe, PlanYear};
use jiff::civil::Date;
use mekong_core::directory::City;
use mekong_core::events::Participant;
use mekong_core::ids::{EventId, IndicatorId, PeriodId};
use mekong_core::people::{Organisation, OrganisationFilter, PeopleFilter, Person};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// What pages share, kept while nothing is written.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    /// The member cities, which most forms offer and many pages name.
    pub(crate) cities: Fresh<(), Vec<City>>,
    pub(crate) logframes: Fresh<String, Logframe>,
    /// Each programme's plan of a year.
    pub(crate) plans: Fresh<(String, i16), PlanYear>,
    /// Each programme's dashboard as of a day (standings change with the date).
    pub(crate) dashboards: Fresh<(String, Date), Dashboard>,
    /// Each event's page, as every reader sees it.
    pub(crate) events: Fresh<EventId, EventShown>,
    /// Pages of events' participants as organisers and focal points list them, with how many
    /// match in all.
    pub(crate) participants: Fresh<ParticipantsKey, (Vec<Participant>, u64)>,
    /// Each page of each entry grid (programme, period, scope, page, whether the reader reviews).
    pub(crate) grids: Fresh<(String, PeriodId, String, u64, bool), Grid>,
    /// Each indicator's page (programme, indicator, page of cities) as of a day.
    pub(crate) indicators: Fresh<(String, IndicatorId, u64, Date), IndicatorDetail>,
    /// Pages of the directory's lists and searches, as found before any reader's redaction: the
    /// same list or search asked again reads neither the index nor twenty records' rows.
    pub(crate) people: Fresh<(PeopleFilter, u64), Page<Person>>,
    pub(crate) organisations: Fresh<(OrganisationFilter, u64), Page<Organisation>>,
}

/// The most values kept of one kind: keys are few (a programme's indicators and their pages of
/// cities, a day) or, for searches, the ones asked lately; this bounds a mistake or a crawler
/// asking for every page number or text.
const MAX_KEPT: usize = 256;

/// The longest text searched for whose pages are kept, in bytes: a name or two words is asked
/// again, a pasted page is not, and a crafted address of hundreds of kilobytes kept 256 times
/// would hold the process's memory.
const MAX_KEPT_TEXT: usize = 200;

#[derive(Debug)]
pub(crate) struct Fresh<K, V> {
    kept: Mutex<HashMap<K, (i64, Arc<V>)>>,
}

impl<K, V> Default for Fresh<K, V> {
    fn default() -> Self {
        Fresh { kept: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash, V> Fresh<K, V> {
    /// The value kept for `key`, if it was worked out at the database state `stamp`.
    pub(crate) fn get<Q: Eq + Hash + ?Sized>(&self, key: &Q, stamp: i64) -> Option<Arc<V>>
    where
        K: Borrow<Q>,
    {
        let kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(key).filter(|(at, _)| *at == stamp).map(|(_, value)| Arc::clone(value))
    }

    /// Keeps a page found for the search `text` as [`Fresh::keep`] does, unless the text is
    /// longer than [`MAX_KEPT_TEXT`]: that page is handed back without being kept.
    pub(crate) fn keep_searched(&self, key: K, stamp: i64, value: V, text: &str) -> Arc<V> {
        if text.len() > MAX_KEPT_TEXT { Arc::new(value) } else { self.keep(key, stamp, value) }
    }

    /// Keeps `value`, worked out at the database state `stamp`, and hands it back shared.
    pub(crate) fn keep(&self, key: K, stamp: i64, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let mut kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() >= MAX_KEPT {
            kept.retain(|_, (at, _)| *at == stamp);
        }
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert(key, (stamp, Arc::clone(&value)));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::Fresh;

    #[test]
    fn a_value_is_served_only_at_the_state_it_was_worked_out_at() {
        let fresh: Fresh<&str, u32> = Fresh::default();
        assert_eq!(fresh.get(&"SGA4", 7), None);
        fresh.keep("SGA4", 7, 42);
        assert_eq!(fresh.get(&"SGA4", 7).as_deref(), Some(&42));
        assert_eq!(fresh.get(&"SGA4", 8), None, "a write since: worked out again");
        assert_eq!(fresh.get(&"OTHER", 7), None);
    }

    #[test]
    fn a_page_found_for_a_long_text_is_not_kept() {
        let fresh: Fresh<String, u32> = Fresh::default();
        let short = "nguyen sokha".to_owned();
        assert_eq!(*fresh.keep_searched(short.clone(), 7, 1, &short), 1);
        assert_eq!(fresh.get(&short, 7).as_deref(), Some(&1));
        let long = "a".repeat(super::MAX_KEPT_TEXT + 1);
        assert_eq!(*fresh.keep_searched(long.clone(), 7, 2, &long), 2, "handed back all the same");
        assert_eq!(fresh.get(&long, 7), None);
    }

    #[test]
    fn keeping_stays_bounded() {
        let fresh: Fresh<u32, u32> = Fresh::default();
        for key in 0..200 {
            fresh.keep(key, i64::from(key), key);
        }
        assert!(fresh.kept.lock().map(|k| k.len()).unwrap_or(usize::MAX) <= super::MAX_KEPT);
        assert_eq!(fresh.get(&199, 199).as_deref(), Some(&199));
        for key in 0..1000 {
            fresh.keep(key, 7, key);
        }
        assert!(fresh.kept.lock().map(|k| k.len()).unwrap_or(usize::MAX) <= super::MAX_KEPT, "at one state too");
        assert_eq!(fresh.get(&999, 7).as_deref(), Some(&999));
    }
}
