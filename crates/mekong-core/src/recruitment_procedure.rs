//! Recruitment from the ranking to the decision: the shortlist the managers decide with a
//! justification, the second stage (documents asked of the shortlisted before an exact instant,
//! and the managers' check of them), interview slots and their scores, and the decision with its
//! reserve list. Pure: the clock is a parameter.

use crate::ids::{ApplicationId, CallId, EvaluationId, InterviewId, UserId};
use crate::input::{self, TextKind};
use crate::people::parse_date;
use crate::recruitment::{ApplicationStatus, AwardCriterion, Call, Deadline, MAX_SCORE};
use crate::validation::FieldErrors;
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::{Disambiguation, TimeZone};
use serde::{Deserialize, Serialize};

/// The managers' shortlist: who goes on to the second stage, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortlist {
    pub shortlisted: Vec<ApplicationId>,
    pub justification: String,
    pub decided_at: Timestamp,
}

/// The managers' decision: the selected candidate, the reserve list in its order, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub selected: ApplicationId,
    pub reserve: Vec<ApplicationId>,
    pub reasons: String,
    pub decided_at: Timestamp,
}

/// Where a call's procedure stands after the ranking: one record per call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub call: CallId,
    pub shortlist: Option<Shortlist>,
    /// The instant the second stage's documents are due, in the call's zone.
    pub stage_two: Option<Deadline>,
    pub decision: Option<Decision>,
    #[serde(default = "crate::first_version")]
    pub version: i32,
}

impl Procedure {
    /// A call's procedure before anything is decided (not yet stored: version 0).
    pub fn new(call: CallId) -> Procedure {
        Procedure { call, shortlist: None, stage_two: None, decision: None, version: 0 }
    }

    /// Whether the shortlisted may still send their second-stage documents at `now`.
    pub fn stage_two_open(&self, now: Timestamp) -> bool {
        self.decision.is_none() && self.stage_two.as_ref().is_some_and(|d| d.accepts(now))
    }
}

/// The shortlist as ticked on its form: application ids and the justification.
#[derive(Debug, Clone, Default)]
pub struct ShortlistDraft {
    pub chosen: Vec<String>,
    pub justification: String,
}

impl ShortlistDraft {
    /// The shortlist among `applications` (ids not of the call are refused), or every problem.
    pub fn read(&self, applications: &[ApplicationId], now: Timestamp) -> Result<Shortlist, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut shortlisted = Vec::new();
        for raw in &self.chosen {
            match uuid::Uuid::parse_str(raw.trim()).map(ApplicationId) {
                Ok(id) if applications.contains(&id) => {
                    if !shortlisted.contains(&id) {
                        shortlisted.push(id);
                    }
                }
                _ => errors.add("chosen", "error-shortlist-unknown"),
            }
        }
        if shortlisted.is_empty() && errors.for_field("chosen").is_none() {
            errors.add("chosen", "error-shortlist-empty");
        }
        let justification = required_text(&self.justification, "justification", &mut errors);
        if errors.is_empty() { Ok(Shortlist { shortlisted, justification, decided_at: now }) } else { Err(errors) }
    }
}

/// The status an application takes when the shortlist is decided; a withdrawn one stays so.
pub fn shortlist_status(current: ApplicationStatus, shortlisted: bool) -> ApplicationStatus {
    match (current, shortlisted) {
        (ApplicationStatus::Withdrawn, _) => ApplicationStatus::Withdrawn,
        (_, true) => ApplicationStatus::Shortlisted,
        (_, false) => ApplicationStatus::NotShortlisted,
    }
}

/// The status an application takes with the decision: a shortlisted one is selected, kept in
/// reserve or not selected; one not shortlisted (or withdrawn) stays so.
pub fn decision_status(current: ApplicationStatus, id: ApplicationId, decision: &Decision) -> ApplicationStatus {
    if current != ApplicationStatus::Shortlisted {
        current
    } else if id == decision.selected {
        ApplicationStatus::Selected
    } else if decision.reserve.contains(&id) {
        ApplicationStatus::Reserve
    } else {
        ApplicationStatus::NotSelected
    }
}

/// A second-stage deadline as typed: a date and a time in the call's zone.
#[derive(Debug, Clone, Default)]
pub struct StageTwoDraft {
    pub date: String,
    pub time: String,
}

impl StageTwoDraft {
    /// The deadline in `call`'s zone; it must fall after the call's own deadline.
    pub fn read(&self, call: &Call) -> Result<Deadline, FieldErrors> {
        let mut errors = FieldErrors::default();
        let date = required_date(&self.date, "stage_two_date", &mut errors);
        let time = required_time(&self.time, "stage_two_time", &mut errors);
        let (Some(date), Some(time)) = (date, time) else { return Err(errors) };
        match Deadline::new(date.to_datetime(time), &call.deadline.time_zone) {
            Ok(deadline) if deadline.instant > call.deadline.instant => Ok(deadline),
            Ok(_) => {
                errors.add("stage_two_date", "error-stage-two-before-deadline");
                Err(errors)
            }
            Err(message) => {
                errors.add("stage_two_time", message);
                Err(errors)
            }
        }
    }
}

/// A manager's check of one shortlisted candidate's second-stage documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTwoCheck {
    pub application: ApplicationId,
    pub call: CallId,
    /// The diploma copies are certified.
    pub certified: bool,
    /// The identity document is valid on the second-stage deadline.
    pub identity_valid: bool,
    pub note: String,
    pub checked_by: UserId,
    pub checked_at: Timestamp,
    #[serde(default = "crate::first_version")]
    pub version: i32,
}

/// An interview slot the managers propose: its times, its place or video link, and the
/// candidate who booked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewSlot {
    pub id: InterviewId,
    pub call: CallId,
    pub starts: Timestamp,
    pub ends: Timestamp,
    /// A room, or a video link (`https://...`).
    pub place: String,
    /// Kept in a column of its own, set by one conditional update: never in the JSON record.
    #[serde(skip)]
    pub booked_by: Option<ApplicationId>,
}

impl InterviewSlot {
    /// The place when it is a video link, for the calendar's URL.
    pub fn video_link(&self) -> Option<&str> {
        let place = self.place.trim();
        (place.starts_with("https://") || place.starts_with("http://")).then_some(place)
    }
}

/// A slot as typed: a day, start and end times in the call's zone, and the place.
#[derive(Debug, Clone, Default)]
pub struct SlotDraft {
    pub date: String,
    pub starts: String,
    pub ends: String,
    pub place: String,
}

impl SlotDraft {
    /// The slot in `call`'s zone; a time a clock change skips or repeats is refused.
    pub fn read(&self, call: &Call, id: InterviewId) -> Result<InterviewSlot, FieldErrors> {
        let mut errors = FieldErrors::default();
        let date = required_date(&self.date, "date", &mut errors);
        let starts = required_time(&self.starts, "starts", &mut errors);
        let ends = required_time(&self.ends, "ends", &mut errors);
        let place = required_text(&self.place, "place", &mut errors);
        let zone = TimeZone::get(&call.deadline.time_zone).unwrap_or(TimeZone::UTC);
        let instant = |time: Option<Time>, field: &str, errors: &mut FieldErrors| {
            let local = date?.to_datetime(time?);
            let zoned = zone.to_ambiguous_zoned_datetime(local).disambiguate(Disambiguation::Reject);
            zoned.map(|z| z.timestamp()).map_err(|_| errors.add(field, "error-deadline-ambiguous")).ok()
        };
        let starts = instant(starts, "starts", &mut errors);
        let ends = instant(ends, "ends", &mut errors);
        match (starts, ends) {
            (Some(starts), Some(ends)) if ends <= starts => errors.add("ends", "error-ends-before-start"),
            _ => {}
        }
        match (errors.is_empty(), starts, ends) {
            (true, Some(starts), Some(ends)) => {
                Ok(InterviewSlot { id, call: call.id, starts, ends, place, booked_by: None })
            }
            _ => Err(errors),
        }
    }
}

/// One committee member's scores of one interview, per award criterion, submitted once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewScore {
    pub id: EvaluationId,
    pub call: CallId,
    pub application: ApplicationId,
    pub evaluator: UserId,
    pub scores: Vec<u32>,
    pub comments: Vec<String>,
    pub submitted_at: Timestamp,
    #[serde(default = "crate::first_version")]
    pub version: i32,
}

/// Reads one score (0 to `MAX_SCORE`) and one comment per award criterion, by position; the
/// fields are `score_<i>` and `comment_<i>`.
pub fn read_scores(
    scores: &[String],
    comments: &[String],
    award: &[AwardCriterion],
    errors: &mut FieldErrors,
) -> (Vec<u32>, Vec<String>) {
    let mut read = Vec::new();
    let mut kept = Vec::new();
    for i in 0..award.len() {
        match scores.get(i).and_then(|s| s.trim().parse::<u32>().ok()).filter(|s| *s <= MAX_SCORE) {
            Some(score) => read.push(score),
            None => errors.add(&format!("score_{i}"), "error-evaluation-score"),
        }
        let comment = comments.get(i).map(String::as_str).unwrap_or_default();
        kept.push(input::check(comment, TextKind::Comment, &format!("comment_{i}"), errors));
    }
    (read, kept)
}

/// The decision as typed: the selected application, the reserve in order, and the reasons.
#[derive(Debug, Clone, Default)]
pub struct DecisionDraft {
    pub selected: String,
    /// The reserve list, best first.
    pub reserve: Vec<String>,
    pub reasons: String,
}

impl DecisionDraft {
    /// The decision among the `shortlisted`, or every problem.
    pub fn read(&self, shortlisted: &[ApplicationId], now: Timestamp) -> Result<Decision, FieldErrors> {
        let mut errors = FieldErrors::default();
        let pick = |raw: &str| uuid::Uuid::parse_str(raw.trim()).ok().map(ApplicationId);
        let selected = match pick(&self.selected) {
            Some(id) if shortlisted.contains(&id) => Some(id),
            Some(_) => {
                errors.add("selected", "error-decision-not-shortlisted");
                None
            }
            None => {
                errors.add("selected", "error-required");
                None
            }
        };
        let mut reserve = Vec::new();
        for raw in self.reserve.iter().filter(|r| !r.trim().is_empty()) {
            match pick(raw) {
                Some(id) if Some(id) == selected => errors.add("reserve", "error-decision-reserve-selected"),
                Some(id) if shortlisted.contains(&id) => {
                    if !reserve.contains(&id) {
                        reserve.push(id);
                    }
                }
                _ => errors.add("reserve", "error-decision-not-shortlisted"),
            }
        }
        let reasons = required_text(&self.reasons, "reasons", &mut errors);
        match selected {
            Some(selected) if errors.is_empty() => Ok(Decision { selected, reserve, reasons, decided_at: now }),
            _ => Err(errors),
        }
    }
}

fn required_text(raw: &str, field: &str, errors: &mut FieldErrors) -> String {
    let text = input::check(raw, TextKind::Comment, field, errors);
    if text.is_empty() && errors.for_field(field).is_none() {
        errors.add(field, "error-required");
    }
    text
}

fn required_date(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<Date> {
    let date = parse_date(raw, field, errors);
    if date.is_none() && errors.for_field(field).is_none() {
        errors.add(field, "error-required");
    }
    date
}

fn required_time(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<Time> {
    match raw.trim() {
        "" => {
            errors.add(field, "error-required");
            None
        }
        raw => raw.parse::<Time>().map_err(|_| errors.add(field, "error-call-time")).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recruitment::CallDraft;

    fn call() -> Result<Call, FieldErrors> {
        let draft = CallDraft {
            code: "TEST".into(),
            title_fr: "Appel".into(),
            web_form: true,
            opens: "2025-11-01".into(),
            deadline_date: "2025-11-30".into(),
            deadline_time: "23:59:59".into(),
            time_zone: "Asia/Phnom_Penh".into(),
            award: "60 | a\n40 | b".into(),
            published: true,
            ..CallDraft::default()
        };
        draft.read(CallId::new(), 1)
    }

    #[test]
    fn a_shortlist_needs_a_justification_and_the_calls_own_applications() {
        let (a, b) = (ApplicationId::new(), ApplicationId::new());
        let draft =
            ShortlistDraft { chosen: vec![a.to_string(), ApplicationId::new().to_string()], ..Default::default() };
        let errors = draft.read(&[a, b], Timestamp::UNIX_EPOCH).err().unwrap_or_default();
        assert_eq!(errors.for_field("chosen"), Some("error-shortlist-unknown"));
        assert_eq!(errors.for_field("justification"), Some("error-required"));
        let draft = ShortlistDraft { chosen: vec![a.to_string(), a.to_string()], justification: "Best file".into() };
        assert_eq!(draft.read(&[a, b], Timestamp::UNIX_EPOCH).map(|s| s.shortlisted), Ok(vec![a]));
        assert_eq!(shortlist_status(ApplicationStatus::Received, false), ApplicationStatus::NotShortlisted);
        assert_eq!(shortlist_status(ApplicationStatus::Withdrawn, true), ApplicationStatus::Withdrawn);
    }

    #[test]
    fn the_second_stage_deadline_is_an_instant_in_the_calls_zone_after_its_deadline() -> Result<(), FieldErrors> {
        let call = call()?;
        let draft = StageTwoDraft { date: "2025-12-05".into(), time: "23:59:59".into() };
        let deadline = draft.read(&call)?;
        assert_eq!(deadline.instant.to_string(), "2025-12-05T16:59:59Z");
        let mut procedure = Procedure::new(call.id);
        procedure.stage_two = Some(deadline.clone());
        assert!(procedure.stage_two_open(deadline.instant));
        assert!(!procedure.stage_two_open(deadline.instant + jiff::SignedDuration::from_secs(1)));
        let early = StageTwoDraft { date: "2025-11-29".into(), time: "10:00".into() };
        assert_eq!(
            early.read(&call).err().unwrap_or_default().for_field("stage_two_date"),
            Some("error-stage-two-before-deadline")
        );
        Ok(())
    }

    #[test]
    fn a_slot_ends_after_it_starts_in_the_calls_zone() -> Result<(), FieldErrors> {
        let call = call()?;
        let draft = SlotDraft {
            date: "2025-12-09".into(),
            starts: "09:00".into(),
            ends: "10:00".into(),
            place: "https://meet.example/rvase".into(),
        };
        let slot = draft.read(&call, InterviewId::new())?;
        assert_eq!(slot.starts.to_string(), "2025-12-09T02:00:00Z");
        assert_eq!(slot.video_link(), Some("https://meet.example/rvase"));
        let backwards = SlotDraft { ends: "08:00".into(), ..draft };
        assert_eq!(
            backwards.read(&call, InterviewId::new()).err().unwrap_or_default().for_field("ends"),
            Some("error-ends-before-start")
        );
        Ok(())
    }

    #[test]
    fn the_decision_picks_among_the_shortlisted_and_sets_every_final_status() -> Result<(), FieldErrors> {
        let (a, b, c, outside) =
            (ApplicationId::new(), ApplicationId::new(), ApplicationId::new(), ApplicationId::new());
        let refused =
            DecisionDraft { selected: outside.to_string(), reserve: vec![a.to_string()], reasons: String::new() };
        let errors = refused.read(&[a, b], Timestamp::UNIX_EPOCH).err().unwrap_or_default();
        assert_eq!(errors.for_field("selected"), Some("error-decision-not-shortlisted"));
        assert_eq!(errors.for_field("reasons"), Some("error-required"));
        let twice = DecisionDraft { selected: a.to_string(), reserve: vec![a.to_string()], reasons: "x".into() };
        assert_eq!(
            twice.read(&[a, b], Timestamp::UNIX_EPOCH).err().unwrap_or_default().for_field("reserve"),
            Some("error-decision-reserve-selected")
        );
        let draft = DecisionDraft {
            selected: a.to_string(),
            reserve: vec![b.to_string(), String::new()],
            reasons: "Best interview".into(),
        };
        let decision = draft.read(&[a, b], Timestamp::UNIX_EPOCH)?;
        assert_eq!(decision_status(ApplicationStatus::Shortlisted, a, &decision), ApplicationStatus::Selected);
        assert_eq!(decision_status(ApplicationStatus::Shortlisted, b, &decision), ApplicationStatus::Reserve);
        assert_eq!(decision_status(ApplicationStatus::Shortlisted, c, &decision), ApplicationStatus::NotSelected);
        assert_eq!(decision_status(ApplicationStatus::NotShortlisted, c, &decision), ApplicationStatus::NotShortlisted);
        assert_eq!(decision_status(ApplicationStatus::Withdrawn, c, &decision), ApplicationStatus::Withdrawn);
        Ok(())
    }

    #[test]
    fn interview_scores_are_read_per_criterion_within_the_scale() -> Result<(), FieldErrors> {
        let call = call()?;
        let mut errors = FieldErrors::default();
        let (scores, comments) = read_scores(&["7".into(), "11".into()], &["Clear".into()], &call.award, &mut errors);
        assert_eq!(scores, vec![7]);
        assert_eq!(comments, vec!["Clear".to_owned(), String::new()]);
        assert_eq!(errors.for_field("score_1"), Some("error-evaluation-score"));
        Ok(())
    }
}
