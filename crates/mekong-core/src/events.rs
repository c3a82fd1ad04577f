//! Meetings of the network: the event and its wall-clock times, who takes part and how they
//! travel, the waiting list, per diems, minutes' follow-ups, and the participation figures.

use crate::directory::CityCode;
use crate::identity::Email;
use crate::ids::{ActionItemId, AgendaItemId, EventId, OrganisationId, ParticipantId, PerDiemRateId, PersonId, UserId};
use crate::input::{self, TextKind};
use crate::money::{Currency, Money, MoneyError};
use crate::people::CountryCode;
use crate::validation::FieldErrors;
use crate::vocabulary::{
    ActionStatus, EventKind, EventStatus, OrganisationKind, PaidBy, ParticipantStatus, Sex, Theme,
};
use crate::{Lang, Text};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A meeting: a conference, a workshop, a study visit...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub kind: EventKind,
    pub status: EventStatus,
    pub title: Text,
    pub description: Text,
    pub host_city: Option<CityCode>,
    pub host_organisation: Option<OrganisationId>,
    /// Where it takes place: the per diem rates are this country's.
    pub country: CountryCode,
    pub venue: String,
    pub online_url: String,
    /// Wall-clock start and end in `time_zone`.
    pub starts: DateTime,
    pub ends: DateTime,
    pub time_zone: String,
    pub languages: Vec<Lang>,
    pub interpretation: String,
    pub capacity: Option<u32>,
    pub themes: Vec<Theme>,
    /// The action-plan activity it implements (`A1.2.3`), for the results area.
    pub activity_code: String,
    /// Anyone may register through the public form.
    pub open_registration: bool,
    /// The iCalendar `SEQUENCE`: raised whenever the time or the place changes.
    pub sequence: i32,
    pub version: i32,
}

impl Event {
    pub fn zone(&self) -> TimeZone {
        TimeZone::get(&self.time_zone).unwrap_or(TimeZone::UTC)
    }

    pub fn start_instant(&self) -> Timestamp {
        instant(self.starts, &self.zone())
    }

    pub fn end_instant(&self) -> Timestamp {
        instant(self.ends, &self.zone())
    }

    /// The calendar days it runs over, in its own time zone: one attendance sheet each.
    pub fn days(&self) -> Vec<Date> {
        let (first, last) = (self.starts.date(), self.ends.date().max(self.starts.date()));
        first.series(jiff::Span::new().days(1)).take_while(|d| *d <= last).take(MAX_DAYS).collect()
    }

    /// Whether the change from `before` moves it in time or space: those who accepted are told.
    pub fn moved_from(&self, before: &Event) -> bool {
        self.starts != before.starts
            || self.ends != before.ends
            || self.time_zone != before.time_zone
            || self.venue != before.venue
            || self.online_url != before.online_url
    }

    /// Whether it still takes answers and registrations.
    pub fn takes_answers(&self) -> bool {
        self.status == EventStatus::Announced
    }
}

/// No meeting of the network runs longer than this; it bounds the attendance sheets.
const MAX_DAYS: usize = 31;

fn instant(at: DateTime, zone: &TimeZone) -> Timestamp {
    zone.to_ambiguous_timestamp(at).compatible().unwrap_or(Timestamp::UNIX_EPOCH)
}

/// An event as typed into its form: every field as text, parsed by [`EventDraft::parse`].
#[derive(Debug, Clone, Default)]
pub struct EventDraft {
    pub kind: String,
    pub status: String,
    pub titles: BTreeMap<Lang, String>,
    pub descriptions: BTreeMap<Lang, String>,
    pub host_city: String,
    /// The hosting organisation, by id or exact name (the application resolves it).
    pub host_organisation: String,
    pub country: String,
    pub venue: String,
    pub online_url: String,
    /// `YYYY-MM-DDTHH:MM`, as a `datetime-local` input sends it.
    pub starts: String,
    pub ends: String,
    pub time_zone: String,
    pub languages: Vec<String>,
    pub interpretation: String,
    pub capacity: String,
    pub themes: Vec<String>,
    pub activity_code: String,
    pub open_registration: bool,
}

impl EventDraft {
    /// The draft of an existing event, to fill its edit form.
    pub fn of(event: &Event) -> EventDraft {
        EventDraft {
            kind: event.kind.code().to_owned(),
            status: event.status.code().to_owned(),
            titles: Lang::ALL.iter().filter_map(|l| Some((*l, event.title.exact(*l)?.to_owned()))).collect(),
            descriptions: Lang::ALL
                .iter()
                .filter_map(|l| Some((*l, event.description.exact(*l)?.to_owned())))
                .collect(),
            host_city: event.host_city.as_ref().map(ToString::to_string).unwrap_or_default(),
            host_organisation: event.host_organisation.map(|o| o.to_string()).unwrap_or_default(),
            country: event.country.as_str().to_owned(),
            venue: event.venue.clone(),
            online_url: event.online_url.clone(),
            starts: event.starts.strftime("%Y-%m-%dT%H:%M").to_string(),
            ends: event.ends.strftime("%Y-%m-%dT%H:%M").to_string(),
            time_zone: event.time_zone.clone(),
            languages: event.languages.iter().map(|l| l.code().to_owned()).collect(),
            interpretation: event.interpretation.clone(),
            capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
            themes: event.themes.iter().map(|t| t.code().to_owned()).collect(),
            activity_code: event.activity_code.clone(),
            open_registration: event.open_registration,
        }
    }

    /// The event this draft describes, or every problem with it by field. `id`, `sequence`
    /// and `version` are the caller's (a new event, or the next version of one).
    pub fn parse(&self, id: EventId, sequence: i32, version: i32) -> Result<Event, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = EventKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "error-required");
        }
        let status = EventStatus::parse(&self.status);
        if status.is_none() {
            errors.add("status", "error-required");
        }
        let title = self.titles.iter().fold(Text::new(), |text, (lang, value)| {
            text.with(*lang, input::check(value, TextKind::Title, &format!("title_{}", lang.code()), &mut errors))
        });
        if title == Text::new() && !errors.0.iter().any(|e| e.field.starts_with("title_")) {
            errors.add("title_fr", "error-event-title");
        }
        let description = self.descriptions.iter().fold(Text::new(), |text, (lang, value)| {
            text.with(*lang, input::check(value, TextKind::Body, &format!("description_{}", lang.code()), &mut errors))
        });
        let venue = input::check(&self.venue, TextKind::Title, "venue", &mut errors);
        let interpretation = input::check(&self.interpretation, TextKind::Comment, "interpretation", &mut errors);
        let host_city = match self.host_city.trim() {
            "" => None,
            raw => CityCode::parse(raw).map_err(|_| errors.add("host_city", "error-city")).ok(),
        };
        let country = host_city.as_ref().map_or_else(
            || CountryCode::parse(&self.country),
            |city| city.country().and_then(|c| CountryCode::parse(c.iso2())),
        );
        if country.is_none() {
            errors.add("country", "error-country-code");
        }
        let time_zone = self.time_zone.trim();
        if TimeZone::get(time_zone).is_err() {
            errors.add("time_zone", "error-time-zone");
        }
        let starts = parse_local_time(&self.starts, "starts", &mut errors);
        let ends = parse_local_time(&self.ends, "ends", &mut errors);
        if let (Some(starts), Some(ends)) = (starts, ends) {
            if ends <= starts {
                errors.add("ends", "error-ends-before-start");
            } else if ends.date() > starts.date().saturating_add(jiff::Span::new().days(MAX_DAYS as i64 - 1)) {
                errors.add("ends", "error-event-too-long");
            }
        }
        let online_url = self.online_url.trim();
        if !(online_url.is_empty() || online_url.starts_with("https://") || online_url.starts_with("http://")) {
            errors.add("online_url", "error-url");
        }
        if venue.is_empty() && online_url.is_empty() {
            errors.add("venue", "error-venue-or-link");
        }
        let mut languages = Vec::new();
        for code in &self.languages {
            match Lang::from_tag(code) {
                Some(lang) if !languages.contains(&lang) => languages.push(lang),
                Some(_) => {}
                None => errors.add("languages", "error-language"),
            }
        }
        let capacity = match self.capacity.trim() {
            "" => None,
            raw => raw.parse::<u32>().ok().filter(|c| *c > 0).or_else(|| {
                errors.add("capacity", "error-capacity");
                None
            }),
        };
        let mut themes = Vec::new();
        for code in &self.themes {
            match Theme::parse(code) {
                Some(theme) if !themes.contains(&theme) => themes.push(theme),
                Some(_) => {}
                None => errors.add("themes", "error-theme"),
            }
        }
        let (Some(kind), Some(status), Some(country), Some(starts), Some(ends), true) =
            (kind, status, country, starts, ends, errors.is_empty())
        else {
            return Err(errors);
        };
        Ok(Event {
            id,
            kind,
            status,
            title,
            description,
            host_city,
            host_organisation: None,
            country,
            venue,
            online_url: online_url.to_owned(),
            starts,
            ends,
            time_zone: time_zone.to_owned(),
            languages,
            interpretation,
            capacity,
            themes,
            activity_code: self.activity_code.trim().to_owned(),
            open_registration: self.open_registration,
            sequence,
            version,
        })
    }
}

/// Reads a wall-clock time typed as `YYYY-MM-DDTHH:MM` (or with a space, or seconds).
pub fn parse_local_time(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<DateTime> {
    let raw = raw.trim().replace(' ', "T");
    if raw.is_empty() {
        errors.add(field, "error-required");
        return None;
    }
    let time = raw.parse::<DateTime>().map_err(|_| errors.add(field, "error-date-time")).ok()?;
    if !input::sane_date(time.date()) {
        errors.add(field, input::DATE_RANGE_MESSAGE);
        return None;
    }
    Some(time)
}

/// What an invitee told the organisers when answering.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs {
    pub dietary: String,
    pub interpretation: String,
    pub travel: String,
}

/// How a participant comes, and who pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Travel {
    pub from: String,
    pub arrival: Option<Date>,
    pub departure: Option<Date>,
    pub paid_by: PaidBy,
    pub budget_line: String,
    /// The fare, in the currency it was paid in.
    pub fare: Money,
}

impl Default for Travel {
    fn default() -> Self {
        Travel {
            from: String::new(),
            arrival: None,
            departure: None,
            paid_by: PaidBy::Programme,
            budget_line: String::new(),
            fare: Money::zero(crate::NETWORK_CURRENCY),
        }
    }
}

impl Travel {
    /// The nights of the mission: from arrival to departure.
    pub fn nights(&self) -> i64 {
        match (self.arrival, self.departure) {
            (Some(arrival), Some(departure)) if departure > arrival => {
                arrival.until(departure).map_or(0, |span| i64::from(span.get_days()))
            }
            _ => 0,
        }
    }
}

/// Someone invited to, or registered for, an event. Who they are is copied from the directory
/// (or the registration form) when they are added, so that the participation figures of a past
/// meeting do not change when a person later changes job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub event: EventId,
    pub person: Option<PersonId>,
    pub name: String,
    pub local_name: String,
    pub email: Option<Email>,
    pub language: Lang,
    pub sex: Sex,
    pub country: Option<CountryCode>,
    pub organisation: String,
    pub organisation_kind: Option<OrganisationKind>,
    pub city: Option<CityCode>,
    pub status: ParticipantStatus,
    pub needs: Needs,
    pub travel: Travel,
    /// When they were invited or registered: the waiting list's order.
    pub registered_at: Timestamp,
    /// For registrations through the public form: a hash of the address it came from, to
    /// limit how many one address makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_from: Option<String>,
    pub version: i32,
}

impl Participant {
    /// Whether they expect to come (and so get reminders and updates).
    pub fn coming(&self) -> bool {
        matches!(self.status, ParticipantStatus::Accepted | ParticipantStatus::Tentative)
    }

    /// Whether reminders go to them: everyone still concerned, not those who declined.
    pub fn gets_reminders(&self) -> bool {
        !matches!(self.status, ParticipantStatus::Declined)
    }
}

/// Where someone who says yes goes: a place, or the waiting list when the event is full.
pub fn admission(capacity: Option<u32>, accepted: usize) -> ParticipantStatus {
    match capacity {
        Some(capacity) if accepted >= capacity as usize => ParticipantStatus::Waiting,
        _ => ParticipantStatus::Accepted,
    }
}

/// Who is promoted when a place frees up: the earliest on the waiting list.
pub fn next_in_line(participants: &[Participant]) -> Option<&Participant> {
    participants.iter().filter(|p| p.status == ParticipantStatus::Waiting).min_by_key(|p| (p.registered_at, p.id))
}

/// One row of the per diem rate table: the daily allowance in a country over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerDiemRate {
    pub id: PerDiemRateId,
    pub country: CountryCode,
    /// Per night.
    pub daily: Money,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    /// An illustrative figure, not an official rate: shown as such wherever it is used.
    pub example: bool,
    pub version: i32,
}

impl PerDiemRate {
    pub fn applies(&self, country: &CountryCode, on: Date) -> bool {
        &self.country == country && self.valid_from <= on && self.valid_until.is_none_or(|until| on <= until)
    }
}

/// The per diem due to one participant: nights × the rate valid in `country` on arrival.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PerDiem {
    pub nights: i64,
    pub rate: PerDiemRate,
    pub amount: Money,
}

/// The per diem due, if a rate applies; a stay so long that it overflows is an error.
pub fn per_diem(travel: &Travel, country: &CountryCode, rates: &[PerDiemRate]) -> Result<Option<PerDiem>, MoneyError> {
    let Some(arrival) = travel.arrival else {
        return Ok(None);
    };
    let nights = travel.nights();
    let Some(rate) = rates.iter().filter(|r| r.applies(country, arrival)).max_by_key(|r| r.valid_from) else {
        return Ok(None);
    };
    Ok(Some(PerDiem { nights, amount: rate.daily.checked_mul(nights)?, rate: rate.clone() }))
}

/// What the programme pays on one budget line, in one currency, for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetLineCost {
    pub budget_line: String,
    pub currency: Currency,
    /// Those with a fare or a per diem in this currency on this line.
    pub participants: usize,
    pub per_diems: Money,
    pub fares: Money,
    /// Per diems and fares.
    pub total: Money,
}

impl BudgetLineCost {
    fn new(budget_line: &str, currency: Currency) -> BudgetLineCost {
        BudgetLineCost {
            budget_line: budget_line.to_owned(),
            currency,
            participants: 0,
            per_diems: Money::zero(currency),
            fares: Money::zero(currency),
            total: Money::zero(currency),
        }
    }

    /// The line with its total, once every fare and per diem is on it.
    fn totalled(mut self) -> Result<BudgetLineCost, MoneyError> {
        self.total = self.per_diems.checked_add(self.fares)?;
        Ok(self)
    }
}

/// The event's cost to the programme: per budget line and currency, and a total per currency.
/// Amounts in different currencies are never added (their conversion to euros is finance's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventCosts {
    pub lines: Vec<BudgetLineCost>,
    pub totals: Vec<Money>,
}

/// The costs of the participants the programme pays for who are coming; an error rather than a
/// wrong figure when a sum overflows.
pub fn event_costs(
    participants: &[Participant],
    country: &CountryCode,
    rates: &[PerDiemRate],
) -> Result<EventCosts, MoneyError> {
    let lines = costs_by_budget_line(participants, country, rates)?;
    let totals = totals_by_currency(&lines)?;
    Ok(EventCosts { lines, totals })
}

/// The fares and per diems per budget line, a line per currency they are in.
fn costs_by_budget_line(
    participants: &[Participant],
    country: &CountryCode,
    rates: &[PerDiemRate],
) -> Result<Vec<BudgetLineCost>, MoneyError> {
    let mut lines: BTreeMap<(String, Currency), BudgetLineCost> = BTreeMap::new();
    for participant in participants.iter().filter(|p| p.coming() && p.travel.paid_by == PaidBy::Programme) {
        let budget_line = participant.travel.budget_line.as_str();
        let fare = participant.travel.fare;
        let fares = budget_line_cost(&mut lines, budget_line, fare.currency());
        fares.participants += 1;
        fares.fares = fares.fares.checked_add(fare)?;
        if let Some(due) = per_diem(&participant.travel, country, rates)? {
            let per_diems = budget_line_cost(&mut lines, budget_line, due.amount.currency());
            if due.amount.currency() != fare.currency() {
                per_diems.participants += 1;
            }
            per_diems.per_diems = per_diems.per_diems.checked_add(due.amount)?;
        }
    }
    lines.into_values().map(BudgetLineCost::totalled).collect()
}

fn budget_line_cost<'a>(
    lines: &'a mut BTreeMap<(String, Currency), BudgetLineCost>,
    budget_line: &str,
    currency: Currency,
) -> &'a mut BudgetLineCost {
    lines.entry((budget_line.to_owned(), currency)).or_insert_with(|| BudgetLineCost::new(budget_line, currency))
}

/// The whole event's cost, one total per currency (in the order of their codes).
fn totals_by_currency(costs: &[BudgetLineCost]) -> Result<Vec<Money>, MoneyError> {
    let mut totals: BTreeMap<Currency, Money> = BTreeMap::new();
    for line in costs {
        let total = totals.entry(line.currency).or_insert(Money::zero(line.currency));
        *total = total.checked_add(line.total)?;
    }
    Ok(totals.into_values().collect())
}

/// A session of the agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: AgendaItemId,
    pub event: EventId,
    pub starts: DateTime,
    pub ends: DateTime,
    pub title: String,
    pub speakers: String,
    pub place: String,
    pub documents: Vec<Document>,
    /// Raised by each change; items stored before they had one read as 1.
    #[serde(default = "crate::first_version")]
    pub version: i32,
}

/// A file attached to a record (a presentation), stored once by its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub sha256: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// What a meeting concluded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minutes {
    pub summary: String,
    pub decisions: String,
    pub version: i32,
}

/// A follow-up decided in a meeting, tracked until done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub id: ActionItemId,
    pub event: EventId,
    pub title: String,
    pub owner: Option<UserId>,
    pub owner_name: String,
    pub due_on: Option<Date>,
    pub status: ActionStatus,
    pub version: i32,
}

impl ActionItem {
    pub fn overdue(&self, today: Date) -> bool {
        self.status != ActionStatus::Done && self.due_on.is_some_and(|due| due < today)
    }
}

/// One participant as the participation figures see them.
#[derive(Debug, Clone)]
pub struct Attendance<'a> {
    pub event: &'a Event,
    pub participant: &'a Participant,
    pub checked_in: bool,
    /// Whether anyone was checked in at this event at all.
    pub event_has_check_ins: bool,
}

impl Attendance<'_> {
    /// Whether they count as having taken part: checked in; or, at a held meeting whose
    /// attendance was not recorded by check-in (older meetings), they had accepted.
    pub fn took_part(&self) -> bool {
        self.checked_in
            || (!self.event_has_check_ins
                && self.event.status == EventStatus::Held
                && self.participant.status == ParticipantStatus::Accepted)
    }
}

/// How many participants who took part share a sex, country code, organisation kind code and
/// member city code (`""` when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantGroup {
    pub sex: Sex,
    pub country: String,
    pub organisation_kind: String,
    pub city: String,
    pub count: usize,
}

/// Participants who took part, counted by sex, country, kind of organisation and city: the
/// figures the results area feeds into indicators ("participants in exchanges, of which women").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ParticipationStats {
    pub events: usize,
    pub participants: usize,
    pub by_sex: BTreeMap<Sex, usize>,
    /// By country code; `""` when unknown.
    pub by_country: BTreeMap<String, usize>,
    /// By organisation kind code; `""` when unknown.
    pub by_organisation_kind: BTreeMap<String, usize>,
    /// By member city code; `""` for participants from no member city.
    pub by_city: BTreeMap<String, usize>,
}

impl ParticipationStats {
    pub fn count<'a>(attendances: impl IntoIterator<Item = Attendance<'a>>) -> ParticipationStats {
        let mut stats = ParticipationStats::default();
        let mut events = std::collections::BTreeSet::new();
        for attendance in attendances.into_iter().filter(Attendance::took_part) {
            let p = attendance.participant;
            events.insert(attendance.event.id);
            stats.add(&ParticipantGroup {
                sex: p.sex,
                country: p.country.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
                organisation_kind: p.organisation_kind.map(|k| k.code().to_owned()).unwrap_or_default(),
                city: p.city.as_ref().map(ToString::to_string).unwrap_or_default(),
                count: 1,
            });
        }
        stats.events = events.len();
        stats
    }

    /// Counts `group.count` more participants of one event (its figures counted by the
    /// database: see [`ParticipantGroup`]).
    pub fn add(&mut self, group: &ParticipantGroup) {
        self.participants += group.count;
        *self.by_sex.entry(group.sex).or_default() += group.count;
        *self.by_country.entry(group.country.clone()).or_default() += group.count;
        *self.by_organisation_kind.entry(group.organisation_kind.clone()).or_default() += group.count;
        *self.by_city.entry(group.city.clone()).or_default() += group.count;
    }

    pub fn women(&self) -> usize {
        self.by_sex.get(&Sex::Female).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> EventDraft {
        EventDraft {
            kind: "workshop".into(),
            status: "announced".into(),
            titles: BTreeMap::from([(Lang::Fr, "Atelier".to_owned()), (Lang::Km, "សិក្ខាសាលា".to_owned())]),
            host_city: "KH-PNH".into(),
            venue: "Phnom Penh City Hall".into(),
            starts: "2026-12-03T09:00".into(),
            ends: "2026-12-04T17:00".into(),
            time_zone: "Asia/Phnom_Penh".into(),
            languages: vec!["fr".into(), "km".into()],
            capacity: "2".into(),
            ..EventDraft::default()
        }
    }

    fn participant(status: ParticipantStatus, second: i64) -> Participant {
        Participant {
            id: ParticipantId::new(),
            event: EventId::new(),
            person: None,
            name: "P".into(),
            local_name: String::new(),
            email: None,
            language: Lang::Fr,
            sex: Sex::Female,
            country: CountryCode::parse("KH"),
            organisation: String::new(),
            organisation_kind: None,
            city: None,
            status,
            needs: Needs::default(),
            travel: Travel::default(),
            registered_at: Timestamp::from_second(second).unwrap_or(Timestamp::UNIX_EPOCH),
            registered_from: None,
            version: 1,
        }
    }

    #[test]
    fn a_draft_becomes_an_event_in_its_own_time_zone() -> Result<(), FieldErrors> {
        let event = draft().parse(EventId::new(), 0, 1)?;
        assert_eq!(event.country.as_str(), "KH");
        assert_eq!(event.start_instant().to_string(), "2026-12-03T02:00:00Z");
        assert_eq!(event.days().len(), 2);
        assert_eq!(EventDraft::of(&event).starts, "2026-12-03T09:00");
        Ok(())
    }

    #[test]
    fn a_bad_draft_names_each_field() {
        let mut bad = draft();
        bad.ends = "2026-12-02T09:00".into();
        bad.time_zone = "Mars/Olympus".into();
        bad.capacity = "-3".into();
        bad.titles.clear();
        bad.venue.clear();
        let errors = bad.parse(EventId::new(), 0, 1).err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title_fr", "time_zone", "ends", "venue", "capacity"]);
    }

    #[test]
    fn a_full_event_sends_newcomers_to_the_waiting_list_in_order() {
        assert_eq!(admission(Some(2), 1), ParticipantStatus::Accepted);
        assert_eq!(admission(Some(2), 2), ParticipantStatus::Waiting);
        assert_eq!(admission(None, 500), ParticipantStatus::Accepted);
        let waiting = [
            participant(ParticipantStatus::Waiting, 30),
            participant(ParticipantStatus::Waiting, 10),
            participant(ParticipantStatus::Accepted, 1),
        ];
        assert_eq!(next_in_line(&waiting).map(|p| p.registered_at.as_second()), Some(10));
    }

    #[test]
    fn per_diems_use_the_rate_valid_on_arrival() {
        let kh = CountryCode::parse("KH").unwrap_or_else(|| unreachable!());
        let rate = |from: &str, until: Option<&str>, daily| PerDiemRate {
            id: PerDiemRateId::new(),
            country: kh.clone(),
            daily: Money::new(daily, Currency::EUR),
            valid_from: from.parse().unwrap_or_default(),
            valid_until: until.map(|u| u.parse().unwrap_or_default()),
            example: true,
            version: 1,
        };
        let rates = [rate("2024-01-01", Some("2025-12-31"), 10_000), rate("2026-01-01", None, 12_500)];
        let mut accepted = participant(ParticipantStatus::Accepted, 1);
        accepted.travel = Travel {
            arrival: "2026-12-02".parse().ok(),
            departure: "2026-12-05".parse().ok(),
            budget_line: "2.1".into(),
            fare: Money::new(30_000, Currency::EUR),
            ..Travel::default()
        };
        let due = per_diem(&accepted.travel, &kh, &rates).ok().flatten();
        assert_eq!(due.as_ref().map(|d| (d.nights, d.amount.amount_minor())), Some((3, 37_500)));
        let mut declined = accepted.clone();
        declined.status = ParticipantStatus::Declined;
        let mut own = accepted.clone();
        own.travel.paid_by = PaidBy::OwnInstitution;
        let mut in_dong = accepted.clone();
        in_dong.travel.fare = Money::new(2_500_000, Currency::VND);
        let lines = costs_by_budget_line(&[accepted, declined, own, in_dong], &kh, &rates).unwrap_or_default();
        let summary: Vec<_> = lines
            .iter()
            .map(|l| (l.currency, l.participants, l.fares.amount_minor(), l.per_diems.amount_minor()))
            .collect();
        assert_eq!(summary, [(Currency::EUR, 2, 30_000, 75_000), (Currency::VND, 1, 2_500_000, 0)]);
        let totals = totals_by_currency(&lines);
        assert_eq!(totals, Ok(vec![Money::new(105_000, Currency::EUR), Money::new(2_500_000, Currency::VND)]));
    }

    #[test]
    fn costs_too_large_to_add_are_an_error_not_a_wrong_total() {
        let kh = CountryCode::parse("KH").unwrap_or_else(|| unreachable!());
        let mut rich = participant(ParticipantStatus::Accepted, 1);
        rich.travel.fare = Money::new(i64::MAX, Currency::EUR);
        let costs = costs_by_budget_line(&[rich.clone(), rich], &kh, &[]);
        assert_eq!(costs, Err(MoneyError::Overflow));
    }

    #[test]
    fn older_meetings_count_those_who_accepted_when_nobody_was_checked_in() -> Result<(), FieldErrors> {
        let mut event = draft().parse(EventId::new(), 0, 1)?;
        event.status = EventStatus::Held;
        let mut man = participant(ParticipantStatus::Accepted, 2);
        man.sex = Sex::Male;
        let people = [participant(ParticipantStatus::Accepted, 1), man, participant(ParticipantStatus::Declined, 3)];
        let unrecorded = people.iter().map(|p| Attendance {
            event: &event,
            participant: p,
            checked_in: false,
            event_has_check_ins: false,
        });
        let stats = ParticipationStats::count(unrecorded);
        assert_eq!((stats.events, stats.participants, stats.women()), (1, 2, 1));
        let recorded = people.iter().enumerate().map(|(i, p)| Attendance {
            event: &event,
            participant: p,
            checked_in: i == 0,
            event_has_check_ins: true,
        });
        assert_eq!(ParticipationStats::count(recorded).participants, 1);
        Ok(())
    }

    #[test]
    fn figures_counted_in_groups_equal_figures_counted_one_by_one() -> Result<(), FieldErrors> {
        let mut event = draft().parse(EventId::new(), 0, 1)?;
        event.status = EventStatus::Held;
        let mut man = participant(ParticipantStatus::Accepted, 2);
        man.sex = Sex::Male;
        let people = [participant(ParticipantStatus::Accepted, 1), man, participant(ParticipantStatus::Accepted, 3)];
        let one_by_one = ParticipationStats::count(people.iter().map(|p| Attendance {
            event: &event,
            participant: p,
            checked_in: true,
            event_has_check_ins: true,
        }));
        let group = |sex, count| ParticipantGroup {
            sex,
            country: people[0].country.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
            organisation_kind: people[0].organisation_kind.map(|k| k.code().to_owned()).unwrap_or_default(),
            city: people[0].city.as_ref().map(ToString::to_string).unwrap_or_default(),
            count,
        };
        let mut grouped = ParticipationStats { events: 1, ..ParticipationStats::default() };
        grouped.add(&group(Sex::Female, 2));
        grouped.add(&group(Sex::Male, 1));
        assert_eq!(grouped, one_by_one);
        Ok(())
    }
}
