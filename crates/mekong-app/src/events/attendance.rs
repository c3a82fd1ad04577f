//! Attendance and participation: check-in per day, the printable attendance sheet for the
//! funder's evidence file, the participants list export, and the participation figures (by
//! sex, country, kind of organisation, city) that the results area feeds into indicators.

use super::EventAccess;
use super::due_per_diem;
use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use jiff::civil::Date;
use mekong_core::Lang;
use mekong_core::events::{Attendance, Event, Participant, ParticipationStats};
use mekong_core::ids::{EventId, ParticipantId};
use mekong_core::vocabulary::EventStatus;
use mekong_docs::Table;
use mekong_store::{ParticipantsWhere, TookPart};

/// One day of an event at the check-in desk: who is expected, and who has arrived.
#[derive(Debug)]
pub struct AttendanceDay {
    pub event: Event,
    pub day: Date,
    pub days: Vec<Date>,
    /// Those expected (accepted or tentative), by name, with whether they checked in today.
    pub participants: Vec<(Participant, bool)>,
}

/// Each participant of `events` with whether they were checked in (`checked` is sorted), and
/// whether their event recorded check-ins at all: what the figures count.
pub(crate) fn attendances<'a>(
    events: &'a [Event],
    participants: &'a [Participant],
    checked: &[(EventId, ParticipantId)],
) -> Vec<Attendance<'a>> {
    let by_id: std::collections::HashMap<EventId, &Event> = events.iter().map(|e| (e.id, e)).collect();
    let with_check_ins: std::collections::HashSet<EventId> = checked.iter().map(|(e, _)| *e).collect();
    participants
        .iter()
        .filter_map(|p| {
            let event = *by_id.get(&p.event)?;
            Some(Attendance {
                event,
                participant: p,
                checked_in: checked.binary_search(&(event.id, p.id)).is_ok(),
                event_has_check_ins: with_check_ins.contains(&event.id),
            })
        })
        .collect()
}

/// Which events the participation figures cover: those starting in `[from, until]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsPeriod {
    pub from: Date,
    pub until: Date,
}

fn expected(participant: &Participant) -> bool {
    participant.coming()
}

impl App {
    /// The check-in list for one day of an event (the first day when none is given).
    pub async fn attendance_day(
        &self,
        actor: &Actor,
        id: EventId,
        day: Option<Date>,
    ) -> Result<AttendanceDay, AppError> {
        let event = self.managed_event(actor, id).await?;
        let days = event.days();
        let day = match day {
            Some(day) if days.contains(&day) => day,
            Some(_) => return Err(AppError::NotFound),
            None => days.iter().copied().find(|d| *d == self.today()).or(days.first().copied()).unwrap_or(self.today()),
        };
        let checked: Vec<ParticipantId> =
            self.store.check_ins(id).await?.into_iter().filter(|(_, d)| *d == day).map(|(p, _)| p).collect();
        let mut participants: Vec<(Participant, bool)> = self
            .store
            .participants(id)
            .await?
            .into_iter()
            .filter(expected)
            .map(|p| {
                let here = checked.contains(&p.id);
                (p, here)
            })
            .collect();
        participants.sort_by_cached_key(|(p, _)| mekong_core::names::fold(&p.name));
        Ok(AttendanceDay { event, day, days, participants })
    }

    /// Marks a participant present (or not) on one day of the event.
    pub async fn check_in(
        &self,
        actor: &Actor,
        event: EventId,
        participant: ParticipantId,
        day: Date,
        present: bool,
    ) -> Result<(), AppError> {
        let (event, participant) = self.managed_participant(actor, event, participant).await?;
        if !event.days().contains(&day) {
            return Err(AppError::field("day", "error-date"));
        }
        let txn = self.store.begin_write().await?;
        if present {
            txn.check_in(event.id, participant.id, day, self.clock.now()).await?;
        } else {
            txn.undo_check_in(participant.id, day).await?;
        }
        let change = Change {
            action: if present { "event.checked_in" } else { "event.check_in_undone" },
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "participant": participant.id, "day": day.to_string() })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Who took part in one event, counted by the database: those checked in, or at a held
    /// meeting whose attendance was not recorded by check-in, those who accepted.
    pub(crate) async fn event_stats(&self, event: &Event) -> Result<ParticipationStats, AppError> {
        let took_part = if self.store.has_check_ins(event.id).await? {
            Some(TookPart::CheckedIn)
        } else if event.status == EventStatus::Held {
            Some(TookPart::Accepted)
        } else {
            None
        };
        let mut stats = ParticipationStats::default();
        if let Some(took_part) = took_part {
            for group in self.store.participant_groups(event.id, took_part).await? {
                stats.add(&group);
            }
        }
        stats.events = usize::from(stats.participants > 0);
        Ok(stats)
    }

    /// Participation figures over the events (not drafts, not cancelled) starting in `period`:
    /// the number the results area reads for "participants in exchanges, of which women".
    pub async fn participation_stats(
        &self,
        actor: &Actor,
        period: StatsPeriod,
    ) -> Result<ParticipationStats, AppError> {
        let (stats, _) = self.participation_records(actor, period).await?;
        Ok(stats)
    }

    /// The figures and the events behind them, for a drill-down.
    pub async fn participation_records(
        &self,
        actor: &Actor,
        period: StatsPeriod,
    ) -> Result<(ParticipationStats, Vec<Event>), AppError> {
        policy::authorise(actor, Permission::ViewEvents, &Target::Nothing)?;
        self.participation_in(period).await
    }

    /// The participation figures of a period and the events behind them, whoever asks (the
    /// results area counts them for every reader alike).
    pub(crate) async fn participation_in(
        &self,
        period: StatsPeriod,
    ) -> Result<(ParticipationStats, Vec<Event>), AppError> {
        let zone = jiff::tz::TimeZone::get(mekong_core::NETWORK_TIME_ZONE).unwrap_or(jiff::tz::TimeZone::UTC);
        let start =
            |date: Date| zone.to_ambiguous_timestamp(date.to_datetime(jiff::civil::Time::midnight())).compatible();
        let (Ok(from), Ok(until)) = (start(period.from), start(period.until.tomorrow().unwrap_or(period.until))) else {
            return Err(AppError::field("until", "error-date"));
        };
        let events: Vec<Event> = self
            .store
            .events_between(from, until)
            .await?
            .into_iter()
            .filter(|e| !matches!(e.status, EventStatus::Draft | EventStatus::Cancelled))
            .collect();
        let ids: Vec<EventId> = events.iter().map(|e| e.id).collect();
        let participants = self.store.participants_of(&ids).await?;
        let checked = self.store.checked_in_among(&ids).await?;
        let attendances = attendances(&events, &participants, &checked);
        let contributing: Vec<EventId> = attendances.iter().filter(|a| a.took_part()).map(|a| a.event.id).collect();
        let stats = ParticipationStats::count(attendances);
        let counted = events.iter().filter(|e| contributing.contains(&e.id)).cloned().collect();
        Ok((stats, counted))
    }

    /// The participants list the reader may see, as a table for CSV or XLSX.
    pub async fn participants_table(&self, actor: &Actor, id: EventId) -> Result<Table, AppError> {
        // The public is asked to sign in; signed-in readers who organise nothing are refused.
        policy::authorise(actor, Permission::ManageEvents, &Target::Nothing)?;
        let (event, access) = self.visible_event(actor, id).await?;
        if access == EventAccess::Read {
            return Err(AppError::Forbidden);
        }
        let manage = access == EventAccess::Manage;
        let own_cities = actor.focal_cities();
        let listed = if manage {
            self.store.participants(id).await?
        } else {
            let own = ParticipantsWhere { cities: Some(&own_cities), ..ParticipantsWhere::default() };
            self.store.participants_where(id, &own).await?
        };
        let rates = if manage { self.store.per_diem_rates().await? } else { Vec::new() };
        let mut headers: Vec<String> = [
            "name",
            "local_name",
            "email",
            "sex",
            "country",
            "organisation",
            "organisation_kind",
            "city",
            "status",
            "dietary",
            "interpretation",
            "travel_needs",
        ]
        .map(str::to_owned)
        .to_vec();
        if manage {
            headers.extend(
                [
                    "travel_from",
                    "arrival",
                    "departure",
                    "paid_by",
                    "budget_line",
                    "fare",
                    "fare_currency",
                    "per_diem_nights",
                    "per_diem",
                    "per_diem_currency",
                ]
                .map(str::to_owned),
            );
        }
        let rows = listed
            .iter()
            .map(|p| {
                let due = manage.then(|| due_per_diem(&event, &rates, p)).flatten();
                let mut row = vec![
                    p.name.clone(),
                    p.local_name.clone(),
                    p.email.as_ref().map(ToString::to_string).unwrap_or_default(),
                    p.sex.code().to_owned(),
                    p.country.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
                    p.organisation.clone(),
                    p.organisation_kind.map(|k| k.code().to_owned()).unwrap_or_default(),
                    p.city.as_ref().map(ToString::to_string).unwrap_or_default(),
                    p.status.code().to_owned(),
                    p.needs.dietary.clone(),
                    p.needs.interpretation.clone(),
                    p.needs.travel.clone(),
                ];
                if manage {
                    row.extend([
                        p.travel.from.clone(),
                        p.travel.arrival.map(|d| d.to_string()).unwrap_or_default(),
                        p.travel.departure.map(|d| d.to_string()).unwrap_or_default(),
                        p.travel.paid_by.code().to_owned(),
                        p.travel.budget_line.clone(),
                        p.travel.fare.plain(),
                        p.travel.fare.currency().code().to_owned(),
                        due.as_ref().map(|d| d.nights.to_string()).unwrap_or_default(),
                        due.as_ref().map(|d| d.amount.plain()).unwrap_or_default(),
                        due.as_ref().map(|d| d.amount.currency().code().to_owned()).unwrap_or_default(),
                    ]);
                }
                row
            })
            .collect();
        Ok(Table { headers, rows })
    }

    /// The printable attendance sheet: one page group per day, headings in each of the
    /// event's working languages, those expected listed with space to sign.
    pub async fn attendance_sheet(&self, actor: &Actor, id: EventId) -> Result<Vec<u8>, AppError> {
        let event = self.managed_event(actor, id).await?;
        let languages: Vec<Lang> =
            if event.languages.is_empty() { vec![Lang::Fr, Lang::En] } else { event.languages.clone() };
        let in_all = |message: &str| {
            languages.iter().map(|lang| self.i18n.message(*lang, message)).collect::<Vec<_>>().join(" / ")
        };
        let first = languages.first().copied().unwrap_or(Lang::DEFAULT);
        let check_ins = self.store.check_ins(id).await?;
        let mut participants: Vec<Participant> =
            self.store.participants(id).await?.into_iter().filter(expected).collect();
        participants.sort_by_cached_key(|p| mekong_core::names::fold(&p.name));
        let days = event
            .days()
            .into_iter()
            .map(|day| mekong_pdf::AttendanceDay {
                label: languages
                    .iter()
                    .map(|lang| mekong_i18n::format_date(*lang, day))
                    .collect::<Vec<_>>()
                    .join(" / "),
                rows: participants
                    .iter()
                    .zip(1..)
                    .map(|(p, number)| mekong_pdf::AttendanceRow {
                        number,
                        name: p.name.clone(),
                        local_name: (!p.local_name.is_empty()).then(|| p.local_name.clone()),
                        organisation: p.organisation.clone(),
                        city: p.city.as_ref().map(ToString::to_string).unwrap_or_default(),
                        checked_in: check_ins.contains(&(p.id, day)),
                    })
                    .collect(),
            })
            .collect();
        let place = [event.venue.as_str(), event.online_url.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" – ");
        let sheet = mekong_pdf::AttendanceSheet {
            title: event.title.get(first).to_owned(),
            subtitle: format!(
                "{} – {} ({}) · {place}",
                mekong_i18n::format_instant(first, event.start_instant(), &event.time_zone),
                mekong_i18n::format_instant(first, event.end_instant(), &event.time_zone),
                event.time_zone
            ),
            host: event.host_city.as_ref().map(ToString::to_string).unwrap_or_default(),
            heading: in_all("attendance-sheet-heading"),
            days,
            columns: mekong_pdf::AttendanceColumns {
                number: "#".into(),
                name: in_all("field-name"),
                organisation: in_all("field-organisation"),
                city: in_all("field-city"),
                signature: in_all("attendance-signature"),
            },
            funder_statement: in_all("funder-statement"),
            generated: format!(
                "{} {}",
                self.i18n.message(first, "attendance-generated"),
                mekong_i18n::format_instant(first, self.clock.now(), &event.time_zone)
            ),
        };
        tokio::task::spawn_blocking(move || mekong_pdf::render_pdf(mekong_pdf::Template::AttendanceSheet, &sheet))
            .await
            .map_err(|e| AppError::Internal(format!("rendering task: {e}")))?
            .map_err(|e| AppError::Internal(format!("attendance sheet: {e}")))
    }
}
