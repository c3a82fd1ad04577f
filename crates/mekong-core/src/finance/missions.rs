//! Missions in the region: the order (who goes where, why, when, at what estimated cost), its
//! approval by the secretariat before departure, and the report written after it.

use crate::directory::CityCode;
use crate::events::{PerDiem, PerDiemRate, Travel, per_diem};
use crate::ids::{ActivityId, BudgetLineId, MissionId, PersonId, ProgrammeId};
use crate::money::{Money, MoneyError};
use crate::people::CountryCode;
use crate::validation::FieldErrors;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissionStatus {
    /// Being prepared by the traveller or the coordinator.
    Draft,
    /// Waiting for the secretariat's approval.
    Submitted,
    /// Approved: the traveller may leave.
    Approved,
    /// Sent back with a comment.
    Returned,
    /// Done, with its report.
    Reported,
}

impl MissionStatus {
    pub const ALL: [MissionStatus; 5] = [
        MissionStatus::Draft,
        MissionStatus::Submitted,
        MissionStatus::Approved,
        MissionStatus::Returned,
        MissionStatus::Reported,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MissionStatus::Draft => "draft",
            MissionStatus::Submitted => "submitted",
            MissionStatus::Approved => "approved",
            MissionStatus::Returned => "returned",
            MissionStatus::Reported => "reported",
        }
    }

    pub fn parse(code: &str) -> Option<MissionStatus> {
        MissionStatus::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// Whether the order itself may still change.
    pub fn editable(self) -> bool {
        matches!(self, MissionStatus::Draft | MissionStatus::Returned)
    }
}

/// What happened on the mission, written after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionReport {
    pub done: String,
    pub people_met: Vec<PersonId>,
    pub follow_ups: String,
    pub written_by: String,
    pub written_at: Timestamp,
}

/// A mission order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mission {
    pub id: MissionId,
    pub programme: ProgrammeId,
    /// `MIS-2026-003`.
    pub number: String,
    pub traveller: String,
    pub purpose: String,
    /// The member cities visited, in order.
    pub cities: Vec<CityCode>,
    pub departs: Date,
    pub returns: Date,
    pub plan_activity: Option<ActivityId>,
    pub budget_line: Option<BudgetLineId>,
    /// The estimated transport cost, in the currency it will be paid in.
    pub transport: Money,
    pub status: MissionStatus,
    pub review_comment: String,
    pub reviewed_by: String,
    pub entered_by: String,
    pub report: Option<MissionReport>,
    pub version: i32,
}

impl Mission {
    /// The country the per diem is paid for: the first city's (`KH-PNH` is in Cambodia).
    pub fn country(&self) -> Option<CountryCode> {
        self.cities.first().and_then(|city| CountryCode::parse(city.as_str().get(..2)?))
    }

    /// The estimated per diems: nights × the rate valid on departure in the first city's country.
    pub fn per_diem(&self, rates: &[PerDiemRate]) -> Result<Option<PerDiem>, MoneyError> {
        let Some(country) = self.country() else { return Ok(None) };
        let travel = Travel { arrival: Some(self.departs), departure: Some(self.returns), ..Travel::default() };
        per_diem(&travel, &country, rates)
    }

    /// Checks the rules a saved order follows.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.traveller.trim().is_empty() {
            errors.add("traveller", "error-required");
        }
        if self.purpose.trim().is_empty() {
            errors.add("purpose", "error-required");
        }
        if self.cities.is_empty() {
            errors.add("cities", "error-required");
        }
        if self.returns < self.departs {
            errors.add("returns", "error-until-before-from");
        }
        if self.transport.amount_minor() < 0 {
            errors.add("transport", "error-amount");
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::PerDiemRateId;
    use crate::money::Currency;
    use jiff::civil::date;

    #[test]
    fn the_estimate_counts_nights_at_the_rate_of_the_first_citys_country() -> Result<(), MoneyError> {
        let cambodia = CountryCode::parse("KH").ok_or(MoneyError::Overflow)?;
        let mission = Mission {
            id: MissionId::new(),
            programme: ProgrammeId::new(),
            number: "MIS-2026-001".into(),
            traveller: "Coordinator".into(),
            purpose: "Assistance".into(),
            cities: vec![CityCode::parse("KH-SRP").map_err(|_| MoneyError::Overflow)?],
            departs: date(2026, 5, 4),
            returns: date(2026, 5, 7),
            plan_activity: None,
            budget_line: None,
            transport: Money::new(12_000, Currency::USD),
            status: MissionStatus::Draft,
            review_comment: String::new(),
            reviewed_by: String::new(),
            entered_by: "c".into(),
            report: None,
            version: 1,
        };
        let rate = PerDiemRate {
            id: PerDiemRateId::new(),
            country: cambodia,
            daily: Money::new(15_200, Currency::EUR),
            valid_from: date(2024, 11, 8),
            valid_until: None,
            example: true,
            version: 1,
        };
        let due = mission.per_diem(&[rate])?.map(|d| (d.nights, d.amount));
        assert_eq!(due, Some((3, Money::new(45_600, Currency::EUR))));
        assert!(mission.check().is_ok());
        Ok(())
    }
}
