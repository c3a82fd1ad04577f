//! Technical assistance to the cities: a focal point's request (need, theme, urgency,
//! documents), the coordinator's triage (accept, refer, decline with a reason), the expert
//! assigned with the deliverables and dates agreed, the follow-up notes to delivery, and the
//! city's rating of the help. Each step is a rule here; the app layer only persists them.

use crate::directory::CityCode;
use crate::events::Document;
use crate::ids::{AssistanceId, PersonId, UserId};
use crate::validation::FieldErrors;
use crate::vocabulary::{Theme, coded_enum};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// How soon the city needs the help.
    Urgency {
        Low = "low",
        Normal = "normal",
        High = "high",
    }
);

coded_enum!(
    /// Where a request stands.
    AssistanceStatus {
        /// Sent by the city, waiting for the coordinator's triage.
        Requested = "requested",
        /// Taken on by the network: an expert is assigned and the work followed.
        Accepted = "accepted",
        /// Sent on to someone better placed (a partner, a national programme).
        Referred = "referred",
        /// Not taken on, with the reason given to the city.
        Declined = "declined",
        /// The deliverables were handed over; the city may rate the help.
        Delivered = "delivered",
    }
);

/// The coordinator's decision on a new request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Triage {
    Accept,
    /// Sent on to `to`, with the reason.
    Refer {
        to: String,
        reason: String,
    },
    Decline {
        reason: String,
    },
}

/// Who helps, with what, by when: agreed with the city when the request is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// A person of the directory: staff, a partner university's, a peer city's officer.
    pub expert: PersonId,
    pub expert_name: String,
    /// The expert's account, when they have one: they then see the request.
    pub expert_user: Option<UserId>,
    pub deliverables: String,
    pub starts_on: Date,
    pub due_on: Date,
}

/// A note of the work's follow-up, with the documents it brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpNote {
    pub at: Timestamp,
    pub by: String,
    pub note: String,
    pub documents: Vec<Document>,
}

/// A rating of the help, from 1 (not useful) to 5 (very useful).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Score(u8);

impl Score {
    pub fn parse(raw: &str) -> Option<Score> {
        raw.trim().parse::<u8>().ok().filter(|s| (1..=5).contains(s)).map(Score)
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// The city's rating of the help once delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub score: Score,
    pub comment: String,
    pub by: String,
    pub at: Timestamp,
}

/// A city's request for technical assistance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistanceRequest {
    pub id: AssistanceId,
    /// `TA-2026-004`.
    pub number: String,
    pub city: CityCode,
    /// A short title of the need.
    pub title: String,
    /// The need, in the city's words.
    pub need: String,
    pub theme: Theme,
    pub urgency: Urgency,
    pub documents: Vec<Document>,
    pub requested_by: String,
    pub requested_at: Timestamp,
    pub status: AssistanceStatus,
    /// Why it was referred or declined.
    pub triage_reason: String,
    /// To whom it was referred.
    pub referred_to: String,
    pub triaged_by: String,
    pub assignment: Option<Assignment>,
    pub notes: Vec<FollowUpNote>,
    pub delivered_on: Option<Date>,
    pub rating: Option<Rating>,
    pub version: i32,
}

fn refused(field: &str, message: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    errors
}

impl AssistanceRequest {
    /// Checks what the city typed.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.title.trim().is_empty() {
            errors.add("title", "error-required");
        }
        if self.need.trim().is_empty() {
            errors.add("need", "error-required");
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// Applies the coordinator's triage to a new request.
    pub fn triage(&mut self, decision: Triage, by: &str) -> Result<(), FieldErrors> {
        if self.status != AssistanceStatus::Requested {
            return Err(refused("status", "error-assistance-status"));
        }
        let mut errors = FieldErrors::default();
        let (status, reason, to) = match decision {
            Triage::Accept => (AssistanceStatus::Accepted, String::new(), String::new()),
            Triage::Refer { to, reason } => {
                if to.trim().is_empty() {
                    errors.add("referred_to", "error-required");
                }
                (AssistanceStatus::Referred, reason, to)
            }
            Triage::Decline { reason } => (AssistanceStatus::Declined, reason, String::new()),
        };
        // A city told "no" or "elsewhere" is always told why.
        if status != AssistanceStatus::Accepted && reason.trim().is_empty() {
            errors.add("reason", "error-required");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        self.status = status;
        self.triage_reason = reason.trim().to_owned();
        self.referred_to = to.trim().to_owned();
        self.triaged_by = by.to_owned();
        Ok(())
    }

    /// Assigns the expert and records the deliverables and dates agreed (again, to change them).
    pub fn assign(&mut self, assignment: Assignment) -> Result<(), FieldErrors> {
        if self.status != AssistanceStatus::Accepted {
            return Err(refused("status", "error-assistance-status"));
        }
        let mut errors = FieldErrors::default();
        if assignment.deliverables.trim().is_empty() {
            errors.add("deliverables", "error-required");
        }
        if assignment.due_on < assignment.starts_on {
            errors.add("due_on", "error-until-before-from");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        self.assignment = Some(assignment);
        Ok(())
    }

    /// Adds a follow-up note while the work goes on.
    pub fn add_note(&mut self, note: FollowUpNote) -> Result<(), FieldErrors> {
        if self.status != AssistanceStatus::Accepted {
            return Err(refused("status", "error-assistance-status"));
        }
        if note.note.trim().is_empty() && note.documents.is_empty() {
            return Err(refused("note", "error-required"));
        }
        self.notes.push(note);
        Ok(())
    }

    /// Records the delivery of the deliverables, on `today` at the latest.
    pub fn deliver(&mut self, on: Date, today: Date) -> Result<(), FieldErrors> {
        if self.status != AssistanceStatus::Accepted {
            return Err(refused("status", "error-assistance-status"));
        }
        if self.assignment.is_none() {
            return Err(refused("status", "error-assistance-no-expert"));
        }
        if on > today {
            return Err(refused("delivered_on", "error-assistance-future"));
        }
        self.status = AssistanceStatus::Delivered;
        self.delivered_on = Some(on);
        Ok(())
    }

    /// Records the city's rating of delivered help, once.
    pub fn rate(&mut self, rating: Rating) -> Result<(), FieldErrors> {
        if self.status != AssistanceStatus::Delivered || self.rating.is_some() {
            return Err(refused("score", "error-assistance-status"));
        }
        self.rating = Some(rating);
        Ok(())
    }

    /// The date the work is due, while it goes on.
    pub fn due_on(&self) -> Option<Date> {
        match self.status {
            AssistanceStatus::Accepted => self.assignment.as_ref().map(|a| a.due_on),
            _ => None,
        }
    }

    /// Whether accepted work is past its due date and not delivered.
    pub fn overdue(&self, today: Date) -> bool {
        self.due_on().is_some_and(|due| due < today)
    }
}

/// The computed indicators of technical assistance between two dates (inclusive, in UTC): how
/// many requests sent then were answered (accepted, referred or declined), and the mean of the
/// ratings given then (none without a rating).
pub fn answered_and_satisfaction(requests: &[AssistanceRequest], from: Date, until: Date) -> (u64, Option<f64>) {
    let within = |at: Timestamp| {
        let day = at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        from <= day && day <= until
    };
    let answered =
        requests.iter().filter(|r| r.status != AssistanceStatus::Requested && within(r.requested_at)).count();
    let scores: Vec<f64> = requests
        .iter()
        .filter_map(|r| r.rating.as_ref())
        .filter(|rating| within(rating.at))
        .map(|rating| f64::from(rating.score.value()))
        .collect();
    let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    (u64::try_from(answered).unwrap_or(u64::MAX), mean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn request() -> Result<AssistanceRequest, crate::directory::DirectoryError> {
        Ok(AssistanceRequest {
            id: AssistanceId::new(),
            number: "TA-2026-001".into(),
            city: CityCode::parse("LA-VTE")?,
            title: "Flood map".into(),
            need: "A flood risk map of the old town".into(),
            theme: Theme::UrbanResilience,
            urgency: Urgency::High,
            documents: Vec::new(),
            requested_by: "Focal point".into(),
            requested_at: Timestamp::UNIX_EPOCH,
            status: AssistanceStatus::Requested,
            triage_reason: String::new(),
            referred_to: String::new(),
            triaged_by: String::new(),
            assignment: None,
            notes: Vec::new(),
            delivered_on: None,
            rating: None,
            version: 1,
        })
    }

    fn assignment(starts_on: Date, due_on: Date) -> Assignment {
        Assignment {
            expert: PersonId::new(),
            expert_name: "Expert".into(),
            expert_user: None,
            deliverables: "A map and a note".into(),
            starts_on,
            due_on,
        }
    }

    #[test]
    fn a_request_goes_from_triage_to_rating_and_only_forward() -> Result<(), Box<dyn std::error::Error>> {
        let mut help = request()?;
        assert!(help.assign(assignment(date(2026, 1, 1), date(2026, 2, 1))).is_err(), "not before acceptance");
        help.triage(Triage::Accept, "Coordinator").map_err(|e| format!("{e:?}"))?;
        assert!(help.triage(Triage::Accept, "Coordinator").is_err(), "triaged once");
        assert!(help.deliver(date(2026, 1, 5), date(2026, 1, 5)).is_err(), "no expert yet");
        let backwards = help.assign(assignment(date(2026, 2, 1), date(2026, 1, 1)));
        assert_eq!(
            backwards.err().and_then(|e| e.for_field("due_on").map(str::to_owned)).as_deref(),
            Some("error-until-before-from")
        );
        help.assign(assignment(date(2026, 1, 1), date(2026, 2, 1))).map_err(|e| format!("{e:?}"))?;
        assert!(!help.overdue(date(2026, 2, 1)) && help.overdue(date(2026, 2, 2)), "overdue the day after");
        assert!(
            help.rate(Rating { score: Score(5), comment: String::new(), by: "c".into(), at: Timestamp::UNIX_EPOCH })
                .is_err()
        );
        assert!(help.deliver(date(2026, 3, 2), date(2026, 3, 1)).is_err(), "not delivered in the future");
        help.deliver(date(2026, 3, 1), date(2026, 3, 1)).map_err(|e| format!("{e:?}"))?;
        assert!(!help.overdue(date(2026, 4, 1)), "delivered work is never overdue");
        let rating = Rating { score: Score(4), comment: "Useful".into(), by: "c".into(), at: Timestamp::UNIX_EPOCH };
        help.rate(rating.clone()).map_err(|e| format!("{e:?}"))?;
        assert!(help.rate(rating).is_err(), "rated once");
        Ok(())
    }

    #[test]
    fn refusing_or_referring_needs_a_reason_and_referring_a_recipient() -> Result<(), Box<dyn std::error::Error>> {
        let mut help = request()?;
        let errors = help.triage(Triage::Decline { reason: " ".into() }, "c").err().unwrap_or_default();
        assert_eq!(errors.for_field("reason"), Some("error-required"));
        let errors = help
            .triage(Triage::Refer { to: String::new(), reason: "Better placed".into() }, "c")
            .err()
            .unwrap_or_default();
        assert_eq!(errors.for_field("referred_to"), Some("error-required"));
        assert_eq!(help.status, AssistanceStatus::Requested, "nothing changed");
        help.triage(Triage::Refer { to: "UN-Habitat".into(), reason: "Their programme".into() }, "c")
            .map_err(|e| format!("{e:?}"))?;
        assert_eq!((help.status, help.referred_to.as_str()), (AssistanceStatus::Referred, "UN-Habitat"));
        assert!(
            help.add_note(FollowUpNote {
                at: Timestamp::UNIX_EPOCH,
                by: "c".into(),
                note: "x".into(),
                documents: Vec::new()
            })
            .is_err()
        );
        Ok(())
    }

    #[test]
    fn answered_requests_and_the_mean_rating_are_counted_in_their_period() -> Result<(), Box<dyn std::error::Error>> {
        let in_2026: Timestamp = "2026-03-01T00:00:00Z".parse()?;
        let mut waiting = request()?;
        waiting.requested_at = in_2026;
        let mut rated = request()?;
        rated.requested_at = in_2026;
        rated.status = AssistanceStatus::Delivered;
        rated.rating = Some(Rating { score: Score(4), comment: String::new(), by: "c".into(), at: in_2026 });
        let mut declined = request()?;
        declined.requested_at = in_2026;
        declined.status = AssistanceStatus::Declined;
        let mut old = rated.clone();
        old.requested_at = "2025-03-01T00:00:00Z".parse()?;
        old.rating = Some(Rating { score: Score(1), comment: String::new(), by: "c".into(), at: old.requested_at });
        let all = [waiting, rated, declined, old];
        assert_eq!(answered_and_satisfaction(&all, date(2026, 1, 1), date(2026, 12, 31)), (2, Some(4.0)));
        assert_eq!(answered_and_satisfaction(&all, date(2024, 1, 1), date(2024, 12, 31)), (0, None));
        Ok(())
    }

    #[test]
    fn a_score_is_one_to_five() {
        assert_eq!(Score::parse(" 5 ").map(Score::value), Some(5));
        for raw in ["0", "6", "", "four", "-1"] {
            assert!(Score::parse(raw).is_none(), "{raw}");
        }
    }
}
