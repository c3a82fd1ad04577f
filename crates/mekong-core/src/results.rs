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
        /// Technical assistance requests of the period answered: accepted, referred or declined.
        AssistanceAnswered = "assistance_answered",
        /// The cities' mean rating (1 to 5) of the technical assistance they rated in the period.
        AssistanceSatisfaction = "assistance_satisfaction",
        /// Good practices documented and shared: first published in the period (knowledge area).
        PracticesShared = "practices_shared",
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

/// An indicator's standing, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub status: IndicatorStatus,
    /// Where the line from the baseline through the targets stands at the end of the latest
    /// value's period: what that value is judged against.
    pub expected: Option<f64>,
    pub latest: Option<f64>,
    /// No value for a period that ended long enough ago to have been reported: said apart from
    /// the status, since a late report says nothing of the progress.
    pub overdue: bool,
}

/// How far behind the line an indicator may be and still be "at risk" rather than "off track":
/// a fifth of the progress expected by then.
const AT_RISK_SHARE: f64 = 0.2;

/// The time a reporter has, after a period ends, to enter its value before it is overdue.
const REPORTING_DAYS: i32 = 90;

/// How often an indicator is reported, read from its free-text frequency in the network's
/// languages (`yearly`, `annuelle`, `semestrielle`, `quarterly`...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Frequency {
    /// The frequency a text names; an empty or unknown text reads as yearly, the rhythm of the
    /// network's reports to its funder.
    pub fn read(text: &str) -> Frequency {
        let text = text.trim().to_lowercase();
        let names = |words: &[&str]| words.iter().any(|w| text.contains(w));
        // Six months before months: "six-monthly" names a month too.
        if names(&["half", "semest", "six-month", "six month", "6 month", "nửa năm", "6 tháng", "ឆមាស", "ຫົກເດືອນ"])
        {
            Frequency::HalfYearly
        } else if names(&["quarter", "trimest", "quý", "ត្រីមាស", "ໄຕມາດ"]) {
            Frequency::Quarterly
        } else if names(&["month", "mensuel", "tháng", "ខែ", "ເດືອນ"]) {
            Frequency::Monthly
        } else {
            Frequency::Yearly
        }
    }

    fn months(self) -> i32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::HalfYearly => 6,
            Frequency::Yearly => 12,
        }
    }
}

/// Where the line from the baseline (at its date) through each target (at its date) stands on
/// `on`: before the baseline, the baseline; after the last target, that target.
pub fn line_at(indicator: &Indicator, on: Date) -> Option<f64> {
    let start = (indicator.baseline_on?, indicator.baseline?);
    let mut targets: Vec<(Date, f64)> =
        indicator.targets.iter().filter(|t| t.on > start.0).map(|t| (t.on, t.value)).collect();
    if targets.is_empty() {
        return None;
    }
    targets.sort_by_key(|t| t.0);
    let days = |from: Date, to: Date| from.until(to).map(|s| f64::from(s.get_days())).unwrap_or(0.0);
    let mut before = start;
    for point in std::iter::once(start).chain(targets) {
        if on <= point.0 {
            let span = days(before.0, point.0);
            let share = if span <= 0.0 { 1.0 } else { (days(before.0, on) / span).clamp(0.0, 1.0) };
            return Some(before.1 + (point.1 - before.1) * share);
        }
        before = point;
    }
    Some(before.1)
}

/// Judges a value (its period's end, the value: the latest of a period that has ended, since a
/// period still running is not complete) against where the line stood at the end of its own
/// period (a 2025 value against the line at 31 December 2025, not at today's date), in the
/// indicator's good direction; and says whether a newer value is overdue at `today` for the
/// indicator's frequency, counting from `last_reported` (the end of the latest value's period).
pub fn standing(
    indicator: &Indicator,
    judged: Option<(Date, f64)>,
    last_reported: Option<Date>,
    today: Date,
) -> Standing {
    let overdue = overdue(indicator, last_reported.or(judged.map(|(ends, _)| ends)), today);
    let line = judged.and_then(|(ends, value)| Some((value, line_at(indicator, ends)?, indicator.baseline?)));
    let Some((value, expected, baseline)) = line else {
        return Standing { status: IndicatorStatus::NoData, expected: None, latest: judged.map(|l| l.1), overdue };
    };
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
    Standing { status, expected: Some(expected), latest: Some(value), overdue }
}

/// Whether a value should have been reported since `last_reported` (the end of the latest
/// value's period; the baseline's date when there is none): one period of the indicator's
/// frequency, and the time to report it, have passed.
fn overdue(indicator: &Indicator, last_reported: Option<Date>, today: Date) -> bool {
    let Some(since) = last_reported.or(indicator.baseline_on) else { return false };
    let next_period_ends = since.checked_add(jiff::Span::new().months(Frequency::read(&indicator.frequency).months()));
    let due = next_period_ends.and_then(|d| d.checked_add(jiff::Span::new().days(REPORTING_DAYS)));
    due.is_ok_and(|due| today > due)
}

/// An activity of the annual action plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanActivity {
    pub id: ActivityId,
    pub programme: ProgrammeId,
    pub year: i16,
    /// The logframe activity it implements.
    pub node: Option<LogframeNodeId>,
    /// In the network's languages (a title stored as one string before reads as French).
    #[serde(deserialize_with = "Text::or_french")]
    pub title: Text,
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
        if self.title.is_empty() {
            errors.add("title_fr", "error-required");
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

    fn judged(indicator: &Indicator, ends: Date, value: f64, today: Date) -> IndicatorStatus {
        standing(indicator, Some((ends, value)), None, today).status
    }

    #[test]
    fn status_follows_the_line_from_baseline_to_target() {
        let up = indicator(Direction::Up);
        // The line goes from 10 (2024-01-01) to 15 (2025-12-31), then to 30 (2027-12-31): 2026
        // ends a year after the intermediate target, halfway to the final one, at 22.5.
        let end_2026 = jiff::civil::date(2026, 12, 31);
        let today = jiff::civil::date(2027, 1, 15);
        assert_eq!(judged(&up, end_2026, 23.0, today), IndicatorStatus::OnTrack);
        assert_eq!(judged(&up, end_2026, 20.0, today), IndicatorStatus::AtRisk);
        assert_eq!(judged(&up, end_2026, 12.0, today), IndicatorStatus::OffTrack);
        assert_eq!(standing(&up, None, None, today).status, IndicatorStatus::NoData);
        let expected = standing(&up, Some((end_2026, 23.0)), None, today).expected.unwrap_or_default();
        assert!((expected - 22.5).abs() < 0.05, "{expected}");
        // Down is good: from 10 towards 0, through 15 then 0.
        let down = indicator(Direction::Down);
        assert_eq!(judged(&down, end_2026, 4.0, today), IndicatorStatus::OnTrack);
        assert_eq!(judged(&down, end_2026, 9.0, today), IndicatorStatus::OffTrack);
    }

    #[test]
    fn a_value_is_judged_at_the_end_of_its_own_period_not_today() {
        let up = indicator(Direction::Up);
        // The 2025 value met the 2025 target (15): on track, however late in 2026 one looks.
        let end_2025 = jiff::civil::date(2025, 12, 31);
        for today in [jiff::civil::date(2026, 1, 10), jiff::civil::date(2026, 11, 30)] {
            let s = standing(&up, Some((end_2025, 15.0)), None, today);
            assert_eq!(s.status, IndicatorStatus::OnTrack, "{today}");
            assert!((s.expected.unwrap_or_default() - 15.0).abs() < 1e-9);
        }
        // Before the baseline the line is the baseline; after the last target, that target.
        assert_eq!(line_at(&up, jiff::civil::date(2020, 1, 1)), Some(10.0));
        assert_eq!(line_at(&up, jiff::civil::date(2030, 1, 1)), Some(30.0));
    }

    #[test]
    fn a_value_is_overdue_once_its_next_period_and_the_time_to_report_it_have_passed() {
        let mut up = indicator(Direction::Up);
        up.frequency = "yearly".into();
        let end_2025 = jiff::civil::date(2025, 12, 31);
        // The 2026 value is due by the end of March 2027.
        assert!(!standing(&up, Some((end_2025, 15.0)), None, jiff::civil::date(2027, 3, 31)).overdue);
        assert!(standing(&up, Some((end_2025, 15.0)), None, jiff::civil::date(2027, 4, 1)).overdue);
        // Overdue is said apart from the status: a late value may still be on track.
        let late = standing(&up, Some((end_2025, 15.0)), None, jiff::civil::date(2027, 6, 1));
        assert_eq!((late.status, late.overdue), (IndicatorStatus::OnTrack, true));
        // A value entered for the running period is not judged yet, but it is not overdue.
        let reported =
            standing(&up, Some((end_2025, 15.0)), Some(jiff::civil::date(2026, 12, 31)), jiff::civil::date(2027, 4, 1));
        assert!(!reported.overdue);
        // A quarterly indicator is due sooner; with no value at all, counted from the baseline.
        up.frequency = "Trimestrielle".into();
        assert!(standing(&up, Some((end_2025, 15.0)), None, jiff::civil::date(2026, 7, 1)).overdue);
        assert!(standing(&up, None, None, jiff::civil::date(2024, 7, 15)).overdue);
        assert!(!standing(&up, None, None, jiff::civil::date(2024, 6, 15)).overdue);
    }

    #[test]
    fn frequencies_are_read_in_the_networks_languages() {
        assert_eq!(Frequency::read("yearly"), Frequency::Yearly);
        assert_eq!(Frequency::read(""), Frequency::Yearly);
        assert_eq!(Frequency::read("Semestrielle"), Frequency::HalfYearly);
        assert_eq!(Frequency::read("quarterly"), Frequency::Quarterly);
        assert_eq!(Frequency::read("Hằng tháng"), Frequency::Monthly);
        assert_eq!(Frequency::read("six-monthly"), Frequency::HalfYearly);
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
            title: Text::new().with(crate::Lang::Fr, "Atelier"),
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
