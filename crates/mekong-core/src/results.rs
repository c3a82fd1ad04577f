//! The results framework: a programme's logframe (impact, outcomes, outputs, activities) with
//! its indicators, reporting periods and values, the rules that freeze an approved logframe,
//! the consistency checks on values, and each indicator's status against its target line.

use crate::Text;
use crate::directory::CityCode;
use crate::events::Document;
use crate::ids::{ActivityId, IndicatorId, LogframeNodeId, PeriodId, ProgrammeId, UserId, ValueId};
use crate::validation::FieldErrors;
use crate::vocabulary::{Sex, coded_enum};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// The level of a logframe entry, from the overall objective down.
    Level {
        Impact = "impact",
        Outcome = "outcome",
        Output = "output",
        Activity = "activity",
    }
);

coded_enum!(
    /// How an indicator is measured.
    Measure {
        Number = "number",
        Percentage = "percentage",
        YesNo = "yes_no",
        Qualitative = "qualitative",
    }
);

coded_enum!(
    /// Which way is good.
    Direction {
        Up = "up",
        Down = "down",
    }
);

coded_enum!(
    /// A dimension an indicator's values are broken down by.
    Dimension {
        Sex = "sex",
        AgeGroup = "age_group",
        Country = "country",
        OrganisationKind = "organisation_kind",
    }
);

coded_enum!(
    /// The logframe's status as the EU's results system has it.
    LogframeStatus {
        Draft = "draft",
        Submitted = "submitted",
        Approved = "approved",
    }
);

coded_enum!(
    /// A value's progress from its author to validation.
    ValueStatus {
        Draft = "draft",
        Submitted = "submitted",
        Validated = "validated",
        /// Sent back to its author with a comment.
        Returned = "returned",
    }
);

coded_enum!(
    /// Who reports an indicator's values.
    ReportedBy {
        /// Each member city, for itself.
        Cities = "cities",
        /// The network's coordinator, for the whole programme.
        Coordinator = "coordinator",
    }
);

coded_enum!(
    /// A computed indicator's source: what Mekong already records.
    Computation {
        /// Meetings between member cities held in the period (events area).
        MeetingsHeld = "meetings_held",
        /// Participants in the network's exchanges in the period, by sex (events area).
        Participants = "participants",
    }
);

coded_enum!(
    /// An action-plan activity's progress.
    ActivityStatus {
        Planned = "planned",
        Ongoing = "ongoing",
        Done = "done",
        Delayed = "delayed",
        Cancelled = "cancelled",
    }
);

coded_enum!(
    /// Where an indicator stands against the straight line from its baseline to its target.
    IndicatorStatus {
        OnTrack = "on_track",
        AtRisk = "at_risk",
        OffTrack = "off_track",
        NoData = "no_data",
    }
);

impl ActivityStatus {
    /// A deviation from the plan must be explained.
    pub fn needs_justification(self) -> bool {
        matches!(self, ActivityStatus::Delayed | ActivityStatus::Cancelled)
    }
}

/// A funded programme, such as SGA4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub id: ProgrammeId,
    pub code: String,
    pub title: Text,
    pub starts: Date,
    pub ends: Date,
    pub funder: String,
    pub currency: crate::money::Currency,
    pub contract_reference: String,
    pub status: LogframeStatus,
    /// Raised at each approval: the approved versions stay readable.
    pub approved_version: i32,
    pub version: i32,
}

/// One entry of the logframe tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogframeNode {
    pub id: LogframeNodeId,
    pub programme: ProgrammeId,
    pub level: Level,
    /// `OC1`, `OP1.2`, `A1.2.3`.
    pub code: String,
    pub parent: Option<LogframeNodeId>,
    pub title: Text,
    pub assumptions: String,
    /// Raised by each change; entries stored before they had one read as 1.
    #[serde(default = "crate::first_version")]
    pub version: i32,
}

/// A target value at a date (a period's end, a year's end, or the programme's end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetValue {
    pub on: Date,
    pub value: f64,
}

/// An indicator of the logframe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub programme: ProgrammeId,
    pub node: LogframeNodeId,
    pub code: String,
    pub name: Text,
    pub unit: String,
    pub measure: Measure,
    pub direction: Direction,
    pub baseline: Option<f64>,
    pub baseline_on: Option<Date>,
    /// Intermediate targets, by date; the last is the final target.
    pub targets: Vec<TargetValue>,
    pub sources: String,
    pub frequency: String,
    pub reported_by: ReportedBy,
    pub dimensions: Vec<Dimension>,
    pub computation: Option<Computation>,
    pub version: i32,
}

impl Indicator {
    pub fn final_target(&self) -> Option<&TargetValue> {
        self.targets.iter().max_by_key(|t| t.on)
    }

    /// The target due by `on`: the first target on or after it.
    pub fn target_for(&self, on: Date) -> Option<&TargetValue> {
        let mut targets: Vec<&TargetValue> = self.targets.iter().collect();
        targets.sort_by_key(|t| t.on);
        targets.iter().copied().find(|t| t.on >= on).or(targets.last().copied())
    }

    /// What approval freezes: the name, measure and breakdown an EU logframe commits to.
    pub fn frozen_part_differs(&self, other: &Indicator) -> bool {
        self.name != other.name || self.measure != other.measure || self.dimensions != other.dimensions
    }

    /// What sends an approved logframe back to draft: its baseline, targets or direction
    /// (which decides whether it is on track) changing.
    pub fn commitments_differ(&self, other: &Indicator) -> bool {
        self.baseline != other.baseline
            || self.baseline_on != other.baseline_on
            || self.targets != other.targets
            || self.direction != other.direction
    }

    /// The cells a value is entered in: the total (`""`) and one per category of each dimension.
    pub fn cells(&self) -> Vec<String> {
        std::iter::once(String::new())
            .chain(self.dimensions.iter().flat_map(|d| d.categories().iter().map(move |c| cell(*d, c))))
            .collect()
    }
}

/// A cell's key: `sex=female`.
pub fn cell(dimension: Dimension, category: &str) -> String {
    format!("{}={category}", dimension.code())
}

impl Dimension {
    /// The categories a value is broken down into.
    pub fn categories(self) -> &'static [&'static str] {
        match self {
            Dimension::Sex => &["female", "male"],
            Dimension::AgeGroup => &["under_25", "25_to_59", "60_and_over"],
            Dimension::Country => &["KH", "LA", "VN", "other"],
            Dimension::OrganisationKind => &["local_authority", "other"],
        }
    }
}

/// A reporting period (a year, a half-year, an interim report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    pub id: PeriodId,
    pub programme: ProgrammeId,
    /// `2026`, `2026-H1`.
    pub code: String,
    pub starts: Date,
    pub ends: Date,
    /// A locked period's validated values cannot change.
    pub locked: bool,
    /// Raised by each change; periods stored before they had one read as 1.
    #[serde(default = "crate::first_version")]
    pub version: i32,
}

/// One reported value: an indicator, a period, a city (none for programme-wide values), a cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub id: ValueId,
    pub indicator: IndicatorId,
    pub period: PeriodId,
    pub city: Option<CityCode>,
    /// `""` for the total, else `dimension=category`.
    pub cell: String,
    /// The number (1/0 for yes/no); none for a qualitative answer.
    pub value: Option<f64>,
    /// The qualitative answer, or a comment on the number.
    pub comment: String,
    pub evidence: Vec<Document>,
    pub status: ValueStatus,
    pub author: Option<UserId>,
    /// Why the value was sent back.
    pub review_comment: String,
    pub version: i32,
}

/// The largest value an indicator takes (people trained, hectares, a budget in units): far above
/// any real figure, and low enough that the sums of every city and period stay exact and finite.
/// `1e308` in three cities once made a total of infinity, shown as 922,337,203,685,477,580.7.
pub const MAX_VALUE: f64 = 1e12;

/// Reads a value typed in a form or a spreadsheet cell for an indicator of `measure`, by the
/// number rules of the reader's language (`crate::numbers`): finite, not negative, at most
/// `MAX_VALUE`, percentages within 0–100, yes/no in the five languages.
pub fn parse_value(measure: Measure, raw: &str, lang: crate::Lang) -> Result<Option<f64>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match measure {
        Measure::Qualitative => Ok(None),
        Measure::YesNo => match raw.to_lowercase().as_str() {
            "yes" | "oui" | "1" | "true" | "có" | "បាទ" | "ចាស" | "ແມ່ນ" => Ok(Some(1.0)),
            "no" | "non" | "0" | "false" | "không" | "ទេ" | "ບໍ່" => Ok(Some(0.0)),
            _ => Err("error-yes-no"),
        },
        Measure::Number | Measure::Percentage => {
            let number = crate::numbers::parse_decimal(raw, lang).map_err(|e| match e {
                crate::numbers::NumberError::Ambiguous => "error-number-ambiguous",
                crate::numbers::NumberError::Invalid => "error-number",
            })?;
            if number < 0.0 {
                Err("error-number")
            } else if measure == Measure::Percentage && number > 100.0 {
                Err("error-percentage")
            } else if number > MAX_VALUE {
                Err("error-number-too-large")
            } else {
                Ok(Some(number))
            }
        }
    }
}

/// Problems a set of values may show without being wrong: flagged for the reviewer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Flag {
    /// A dimension's cells do not add up to the total.
    CellsDoNotAddUp { dimension: Dimension, sum: f64, total: f64 },
    /// Far outside the values reported before (more than three times, or under a third of,
    /// the previous median).
    FarFromPrevious { value: f64, previous_median: f64 },
}

/// Checks one indicator's values for one period and city: cells against the total, and the
/// total against the previous periods' totals.
pub fn consistency_flags(indicator: &Indicator, values: &[(String, f64)], previous_totals: &[f64]) -> Vec<Flag> {
    let mut flags = Vec::new();
    let total = values.iter().find(|(c, _)| c.is_empty()).map(|(_, v)| *v);
    if let (Some(total), Measure::Number) = (total, indicator.measure) {
        for dimension in &indicator.dimensions {
            let parts: Vec<f64> = dimension
                .categories()
                .iter()
                .filter_map(|c| values.iter().find(|(key, _)| *key == cell(*dimension, c)).map(|(_, v)| *v))
                .collect();
            let sum: f64 = parts.iter().sum();
            if !parts.is_empty() && (sum - total).abs() > 1e-9 {
                flags.push(Flag::CellsDoNotAddUp { dimension: *dimension, sum, total });
            }
        }
    }
    if let (Some(value), Some(median)) = (total, median(previous_totals))
        && median > 0.0
        && (value > median * 3.0 || value < median / 3.0)
    {
        flags.push(Flag::FarFromPrevious { value, previous_median: median });
    }
    flags
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    let upper = *sorted.get(middle)?;
    Some(if sorted.len().is_multiple_of(2) { (sorted.get(middle - 1)? + upper) / 2.0 } else { upper })
}

/// An indicator's standing at `today`, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub status: IndicatorStatus,
    /// Where the straight line from baseline to target is today.
    pub expected: Option<f64>,
    pub latest: Option<f64>,
}

/// How far behind the line an indicator may be and still be "at risk" rather than "off track":
/// a fifth of the progress expected by now.
const AT_RISK_SHARE: f64 = 0.2;

/// Compares the latest value with the straight line from the baseline (at its date) to the
/// final target (at its date), at `today`, in the indicator's good direction.
pub fn standing(indicator: &Indicator, latest: Option<f64>, today: Date) -> Standing {
    let (Some(value), Some(baseline), Some(start), Some(target)) =
        (latest, indicator.baseline, indicator.baseline_on, indicator.final_target())
    else {
        return Standing { status: IndicatorStatus::NoData, expected: None, latest };
    };
    let span = start.until(target.on).map(|s| f64::from(s.get_days())).unwrap_or(0.0);
    let elapsed = start.until(today).map(|s| f64::from(s.get_days())).unwrap_or(0.0);
    let share = if span <= 0.0 { 1.0 } else { (elapsed / span).clamp(0.0, 1.0) };
    let expected = baseline + (target.value - baseline) * share;
    let sign = if indicator.direction == Direction::Up { 1.0 } else { -1.0 };
    let expected_progress = (expected - baseline) * sign;
    let progress = (value - baseline) * sign;
    let status = if progress >= expected_progress {
        IndicatorStatus::OnTrack
    } else if progress >= expected_progress * (1.0 - AT_RISK_SHARE) {
        IndicatorStatus::AtRisk
    } else {
        IndicatorStatus::OffTrack
    };
    Standing { status, expected: Some(expected), latest }
}

/// An activity of the annual action plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanActivity {
    pub id: ActivityId,
    pub programme: ProgrammeId,
    pub year: i16,
    /// The logframe activity it implements.
    pub node: Option<LogframeNodeId>,
    pub title: String,
    pub starts: Date,
    pub ends: Date,
    pub responsible: String,
    pub cities: Vec<CityCode>,
    pub budget_line: String,
    pub status: ActivityStatus,
    /// Why it is delayed or cancelled.
    pub justification: String,
    pub progress_notes: String,
    pub version: i32,
}

impl PlanActivity {
    /// Late: past its end and not done or cancelled.
    pub fn late(&self, today: Date) -> bool {
        !matches!(self.status, ActivityStatus::Done | ActivityStatus::Cancelled) && self.ends < today
    }

    /// Checks the rules a saved activity follows.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.title.trim().is_empty() {
            errors.add("title", "error-required");
        }
        if self.ends < self.starts {
            errors.add("ends", "error-until-before-from");
        }
        if self.status.needs_justification() && self.justification.trim().is_empty() {
            errors.add("justification", "error-justification");
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// The participants' cell of the sex dimension, from the events area's figures.
pub fn sex_category(sex: Sex) -> Option<&'static str> {
    match sex {
        Sex::Female => Some("female"),
        Sex::Male => Some("male"),
        Sex::Other | Sex::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_programme_keeps_its_currency_as_the_code_it_was_stored_with() {
        let programme = Programme {
            id: ProgrammeId::new(),
            code: "SGA4".into(),
            title: Text::new(),
            starts: jiff::civil::date(2024, 1, 1),
            ends: jiff::civil::date(2027, 12, 31),
            funder: "European Union".into(),
            currency: crate::money::Currency::EUR,
            contract_reference: String::new(),
            status: LogframeStatus::Approved,
            approved_version: 1,
            version: 1,
        };
        // Programmes and approved logframe snapshots stored a bare code: the same shape reads back.
        let stored = serde_json::to_value(&programme).unwrap_or_default();
        assert_eq!(stored["currency"], "EUR");
        assert_eq!(serde_json::from_value::<Programme>(stored.clone()).ok(), Some(programme));
        let mut unknown = stored;
        unknown["currency"] = "XYZ".into();
        assert!(serde_json::from_value::<Programme>(unknown).is_err());
    }

    fn indicator(direction: Direction) -> Indicator {
        Indicator {
            id: IndicatorId::new(),
            programme: ProgrammeId::new(),
            node: LogframeNodeId::new(),
            code: "OC1.1".into(),
            name: Text::new(),
            unit: "cities".into(),
            measure: Measure::Number,
            direction,
            baseline: Some(10.0),
            baseline_on: Some(jiff::civil::date(2024, 1, 1)),
            targets: vec![
                TargetValue { on: jiff::civil::date(2025, 12, 31), value: 15.0 },
                TargetValue {
                    on: jiff::civil::date(2027, 12, 31),
                    value: if direction == Direction::Up { 30.0 } else { 0.0 },
                },
            ],
            sources: String::new(),
            frequency: String::new(),
            reported_by: ReportedBy::Coordinator,
            dimensions: vec![Dimension::Sex],
            computation: None,
            version: 1,
        }
    }

    #[test]
    fn status_follows_the_line_from_baseline_to_target() {
        let up = indicator(Direction::Up);
        // Halfway through (2026-01-01), the line expects 20.
        let halfway = jiff::civil::date(2026, 1, 1);
        assert_eq!(standing(&up, Some(21.0), halfway).status, IndicatorStatus::OnTrack);
        assert_eq!(standing(&up, Some(18.5), halfway).status, IndicatorStatus::AtRisk);
        assert_eq!(standing(&up, Some(12.0), halfway).status, IndicatorStatus::OffTrack);
        assert_eq!(standing(&up, None, halfway).status, IndicatorStatus::NoData);
        let expected = standing(&up, Some(21.0), halfway).expected.unwrap_or_default();
        assert!((expected - 20.0).abs() < 0.05, "{expected}");
        // Down is good: from 10 towards 0, 5 expected halfway.
        let down = indicator(Direction::Down);
        assert_eq!(standing(&down, Some(4.0), halfway).status, IndicatorStatus::OnTrack);
        assert_eq!(standing(&down, Some(9.0), halfway).status, IndicatorStatus::OffTrack);
    }

    #[test]
    fn cells_must_add_up_and_outliers_are_flagged() {
        let up = indicator(Direction::Up);
        assert_eq!(up.cells(), ["", "sex=female", "sex=male"]);
        let fine = [(String::new(), 10.0), ("sex=female".to_owned(), 6.0), ("sex=male".to_owned(), 4.0)];
        assert!(consistency_flags(&up, &fine, &[9.0, 11.0]).is_empty());
        let wrong = [(String::new(), 10.0), ("sex=female".to_owned(), 6.0), ("sex=male".to_owned(), 5.0)];
        assert!(matches!(consistency_flags(&up, &wrong, &[])[..], [Flag::CellsDoNotAddUp { sum: 11.0, .. }]));
        let far = [(String::new(), 100.0)];
        assert!(matches!(consistency_flags(&up, &far, &[9.0, 10.0, 12.0])[..], [Flag::FarFromPrevious { .. }]));
    }

    #[test]
    fn values_are_read_per_measure() {
        use crate::Lang::{En, Fr};
        assert_eq!(parse_value(Measure::Number, "1 234,5", Fr), Ok(Some(1234.5)));
        assert_eq!(parse_value(Measure::Percentage, "101", Fr), Err("error-percentage"));
        assert_eq!(parse_value(Measure::Percentage, "-1", Fr), Err("error-number"));
        assert_eq!(parse_value(Measure::YesNo, "Oui", Fr), Ok(Some(1.0)));
        assert_eq!(parse_value(Measure::YesNo, "ບໍ່", Fr), Ok(Some(0.0)));
        assert_eq!(parse_value(Measure::YesNo, "maybe", Fr), Err("error-yes-no"));
        assert_eq!(parse_value(Measure::Number, "", Fr), Ok(None));
        assert_eq!(parse_value(Measure::Number, "abc", Fr), Err("error-number"));
        // The report's figures: an overflowing value, an ambiguous one, a signed zero.
        assert_eq!(parse_value(Measure::Number, "1e308", En), Err("error-number"));
        assert_eq!(parse_value(Measure::Number, "1000000000001", En), Err("error-number-too-large"));
        assert_eq!(parse_value(Measure::Number, "1000000000000", En), Ok(Some(MAX_VALUE)));
        assert_eq!(parse_value(Measure::Number, "1.234", Fr), Err("error-number-ambiguous"));
        assert!(parse_value(Measure::Number, "-0", En).is_ok_and(|v| v.is_some_and(f64::is_sign_positive)));
    }

    #[test]
    fn approval_freezes_names_and_targets_send_it_back() {
        let before = indicator(Direction::Up);
        let mut renamed = before.clone();
        renamed.name = Text::new().with(crate::Lang::Fr, "Autre");
        assert!(renamed.frozen_part_differs(&before));
        let mut retargeted = before.clone();
        retargeted.targets[1].value = 40.0;
        assert!(!retargeted.frozen_part_differs(&before) && retargeted.commitments_differ(&before));
    }

    #[test]
    fn deviations_need_a_justification() {
        let activity = PlanActivity {
            id: ActivityId::new(),
            programme: ProgrammeId::new(),
            year: 2026,
            node: None,
            title: "Workshop".into(),
            starts: jiff::civil::date(2026, 3, 1),
            ends: jiff::civil::date(2026, 3, 2),
            responsible: String::new(),
            cities: Vec::new(),
            budget_line: String::new(),
            status: ActivityStatus::Delayed,
            justification: String::new(),
            progress_notes: String::new(),
            version: 1,
        };
        assert!(activity.check().is_err());
        assert!(activity.late(jiff::civil::date(2026, 4, 1)));
    }
}
