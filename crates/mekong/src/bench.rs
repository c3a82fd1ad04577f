//! Benchmarks run by `mekong bench`: figures at a stated scale, printed, never judged.

use jiff::Timestamp;
use mekong_core::Text;
use mekong_core::deadline::Deadline;
use mekong_core::funding::{Candidate, CoFinancingRate, Opportunity, match_opportunity};
use mekong_core::ids::{OpportunityId, OrganisationId};
use mekong_core::money::{Currency, Money};
use mekong_core::people::CountryCode;
use mekong_core::vocabulary::{OrganisationKind, Theme};
use std::time::Instant;

const OPPORTUNITIES: usize = 500;
const CANDIDATES: usize = 2_000;
const COUNTRIES: [&str; 5] = ["KH", "LA", "VN", "TH", "FR"];

/// A value picked by `seed` from `from`, the same on every run.
fn pick<T: Clone>(from: &[T], seed: usize) -> Vec<T> {
    from.iter().enumerate().filter(|(i, _)| (seed >> i) & 1 == 1).map(|(_, v)| v.clone()).collect()
}

fn countries(seed: usize) -> Vec<CountryCode> {
    pick(&COUNTRIES, seed).iter().filter_map(|c| CountryCode::parse(c)).collect()
}

/// Holds 500 opportunities against 2,000 candidates (a million matches, each with its reasons)
/// and prints the time taken and how many matched.
pub fn matching() {
    let opportunities: Vec<Opportunity> = (0..OPPORTUNITIES)
        .filter_map(|i| {
            let day =
                jiff::civil::date(2027, 1, 1).checked_add(jiff::Span::new().days(i64::try_from(i % 365).ok()?)).ok()?;
            Some(Opportunity {
                id: OpportunityId::new(),
                funder: OrganisationId::new(),
                funder_name: format!("Funder {}", i % 40),
                title: Text::new().with(mekong_core::Lang::En, format!("Opportunity {i}")),
                deadline: Deadline::new(day.at(23, 59, 59, 0), "Europe/Paris").ok()?,
                minimum: Some(Money::new(i64::try_from(i % 10).ok()? * 1_000_000, Currency::EUR)),
                maximum: Some(Money::new(50_000_000 + i64::try_from(i).ok()? * 100_000, Currency::EUR)),
                co_financing: CoFinancingRate::parse("80"),
                applicant_kinds: pick(OrganisationKind::ALL, i.wrapping_mul(37) | 1),
                countries: countries(i.wrapping_mul(13)),
                themes: pick(Theme::ALL, i.wrapping_mul(7) | 1),
                link: String::new(),
                documents: Vec::new(),
                version: 1,
            })
        })
        .collect();
    let candidates: Vec<Candidate> = (0..CANDIDATES)
        .map(|i| Candidate {
            themes: pick(Theme::ALL, i.wrapping_mul(11) | 2),
            country: countries(1 << (i % COUNTRIES.len())).into_iter().next(),
            applicant_kind: OrganisationKind::ALL
                .get(i % OrganisationKind::ALL.len())
                .copied()
                .unwrap_or(OrganisationKind::LocalAuthority),
            budget: (i % 3 != 0).then(|| Money::new(i64::try_from(i).unwrap_or(0) * 50_000, Currency::EUR)),
        })
        .collect();
    let now: Timestamp = "2027-03-01T00:00:00Z".parse().unwrap_or(Timestamp::UNIX_EPOCH);
    let started = Instant::now();
    let mut matched = 0usize;
    let mut reasons = 0usize;
    for opportunity in &opportunities {
        for candidate in &candidates {
            let found = match_opportunity(opportunity, candidate, now);
            reasons += found.reasons.len();
            matched += usize::from(found.matches());
        }
    }
    let elapsed = started.elapsed();
    println!(
        "matching: {} opportunities x {} candidates = {} matches worked out ({matched} matched, {reasons} reasons) in {:.1} ms ({:.0} ns each)",
        opportunities.len(),
        candidates.len(),
        opportunities.len() * candidates.len(),
        elapsed.as_secs_f64() * 1_000.0,
        elapsed.as_nanos() as f64 / (opportunities.len() * candidates.len()).max(1) as f64,
    );
}
