//! Meetings between cities, from announcement to minutes: who may see and run an event, and
//! saving it (which tells those coming when it moves, and everyone when it is cancelled).
//! Invitations, attendance, travel and minutes each have their own module.

pub(crate) mod attendance;
mod invitations;
mod minutes;
mod travel;

pub use attendance::{AttendanceDay, StatsPeriod};
pub(crate) use invitations::EventReminder;
pub use invitations::{InvitationView, InviteOutcome, Invitees, Registration};
pub use minutes::{ActionItemDraft, AgendaItemDraft, Upload};
pub use travel::{PerDiemRateDraft, TravelDraft};

use crate::audit::{Change, audit_actor};
use crate::organisations::{MAX_PAGE, PER_PAGE, Page};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::directory::CityCode;
use mekong_core::events::{
    ActionItem, AgendaItem, Event, EventCosts, EventDraft, Minutes, Participant, ParticipationStats, PerDiem,
    PerDiemRate,
};
use mekong_core::ids::{EventId, ParticipantId};
use mekong_core::money::MoneyError;
use mekong_core::vocabulary::{EventStatus, ParticipantStatus};
use mekong_store::ParticipantsWhere;
use std::sync::Arc;

/// What the reader may do with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAccess {
    /// Run it: edit, invite, check in, see every participant, travel and costs.
    Manage,
    /// See it, and the participants from one's own city (a focal point).
    OwnCity,
    /// See it.
    Read,
}

/// An event's page.
#[derive(Debug)]
pub struct EventDetail {
    pub event: Event,
    pub access: EventAccess,
    pub agenda: Vec<AgendaItem>,
    pub minutes: Option<Minutes>,
    pub action_items: Vec<ActionItem>,
    /// One page of the participants the reader may see and looks for, with their per diem
    /// when the reader manages.
    pub participants: Page<(Participant, Option<PerDiem>)>,
    /// How many are at each stage, over all participants.
    pub counts: Vec<(ParticipantStatus, usize)>,
    pub stats: ParticipationStats,
}

/// What an event's page shows every reader, kept while nothing is written (see `fresh`): the
/// public page of an event read by hundreds reads no more than the session and the trail's head.
#[derive(Debug)]
pub(crate) struct EventShown {
    event: Event,
    agenda: Vec<AgendaItem>,
    minutes: Option<Minutes>,
    action_items: Vec<ActionItem>,
    counts: Vec<(ParticipantStatus, usize)>,
    stats: ParticipationStats,
    /// The per diem rates its organisers' list prices participants at.
    rates: Vec<PerDiemRate>,
}

/// Which participants an event's page lists: found by name, organisation or email, at a
/// stage, one page of [`PER_PAGE`].
#[derive(Debug, Clone, Default)]
pub struct ParticipantQuery {
    pub text: String,
    pub status: Option<ParticipantStatus>,
    /// From 1.
    pub page: u64,
}

/// Which participants of an event a page lists: the event, a status, the cities of a focal
/// point (none for organisers, who see everyone), the text searched and the page.
pub(crate) type ParticipantsKey = (EventId, Option<ParticipantStatus>, Option<Vec<CityCode>>, String, u64);

/// What an event costs the programme (its organisers' page).
#[derive(Debug)]
pub struct EventCostsView {
    pub event: Event,
    /// Per budget line and currency, or the sum that could not be made.
    pub costs: Result<EventCosts, MoneyError>,
    /// Whether the per diem rates used include example figures.
    pub example_rates: bool,
}

/// The per diem due to a participant of `event` at `rates` (none when it cannot be worked out:
/// the costs page says why).
pub(crate) fn due_per_diem(event: &Event, rates: &[PerDiemRate], participant: &Participant) -> Option<PerDiem> {
    mekong_core::events::per_diem(&participant.travel, &event.country, rates).ok().flatten()
}

/// The target the policy decides an event's management on: its host city. An event hosted by
/// no member city is run by network staff only.
fn host_target(event: &Event) -> Target {
    event.host_city.clone().map_or(Target::Record(Vec::new()), Target::City)
}

impl App {
    pub(crate) fn event_access(&self, actor: &Actor, event: &Event) -> Option<EventAccess> {
        if policy::authorise(actor, Permission::ManageEvents, &host_target(event)).is_ok() {
            Some(EventAccess::Manage)
        } else if event.status == EventStatus::Draft {
            None
        } else if actor.focal_cities().is_empty() {
            Some(EventAccess::Read)
        } else {
            Some(EventAccess::OwnCity)
        }
    }

    /// An event the actor may see (drafts are hidden from all but their organisers).
    pub async fn visible_event(&self, actor: &Actor, id: EventId) -> Result<(Event, EventAccess), AppError> {
        policy::authorise(actor, Permission::ViewEvents, &Target::Nothing)?;
        let event = self.store.event(id).await?;
        let access = self.event_access(actor, &event).ok_or(AppError::NotFound)?;
        Ok((event, access))
    }

    /// An event the actor runs.
    pub async fn managed_event(&self, actor: &Actor, id: EventId) -> Result<Event, AppError> {
        policy::authorise(actor, Permission::ManageEvents, &Target::Nothing)?;
        let event = self.store.event(id).await?;
        policy::authorise(actor, Permission::ManageEvents, &host_target(&event))?;
        Ok(event)
    }

    /// Checks that the actor runs this event, before a handler reads what was submitted.
    pub async fn authorise_event_management(&self, actor: &Actor, id: EventId) -> Result<(), AppError> {
        self.managed_event(actor, id).await.map(|_| ())
    }

    /// The events the actor may see, latest first.
    pub async fn events(&self, actor: &Actor) -> Result<Vec<(Event, EventAccess)>, AppError> {
        policy::authorise(actor, Permission::ViewEvents, &Target::Nothing)?;
        Ok(self
            .store
            .events()
            .await?
            .into_iter()
            .filter_map(|event| {
                let access = self.event_access(actor, &event)?;
                Some((event, access))
            })
            .collect())
    }

    /// Whether the actor may create events (staff, and focal points for their own city).
    pub fn may_create_events(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::ManageEvents, &Target::Nothing).is_ok()
    }

    /// An event's page reads only what it shows: the counts and participation figures from the
    /// database, and one page of the participants for those who see them (all for its organisers,
    /// a focal point's own city's). Both are kept until the next write.
    pub async fn event(&self, actor: &Actor, id: EventId, query: &ParticipantQuery) -> Result<EventDetail, AppError> {
        policy::authorise(actor, Permission::ViewEvents, &Target::Nothing)?;
        let stamp = self.store.audit_head_seq().await?;
        let shown = self.event_shown(id, stamp).await?;
        let access = self.event_access(actor, &shown.event).ok_or(AppError::NotFound)?;
        let page = query.page.clamp(1, MAX_PAGE);
        let (listed, total) = match access {
            EventAccess::Read => (Vec::new(), 0),
            EventAccess::Manage | EventAccess::OwnCity => {
                let cities = (access == EventAccess::OwnCity).then(|| actor.focal_cities());
                let found = self
                    .participants_found(&shown, (id, query.status, cities, query.text.clone(), page), stamp)
                    .await?;
                (found.0.clone(), found.1)
            }
        };
        let items = listed
            .into_iter()
            .map(|p| {
                let due =
                    (access == EventAccess::Manage).then(|| due_per_diem(&shown.event, &shown.rates, &p)).flatten();
                (p, due)
            })
            .collect();
        Ok(EventDetail {
            event: shown.event.clone(),
            access,
            agenda: shown.agenda.clone(),
            minutes: shown.minutes.clone(),
            action_items: shown.action_items.clone(),
            participants: Page { items, total, page, per_page: PER_PAGE },
            counts: shown.counts.clone(),
            stats: shown.stats.clone(),
        })
    }

    /// A page of the event's participants as `key` asks (see [`ParticipantsKey`]), and how many
    /// match in all, at the database state `stamp`: kept until the next write.
    async fn participants_found(
        &self,
        shown: &EventShown,
        key: ParticipantsKey,
        stamp: i64,
    ) -> Result<Arc<(Vec<Participant>, u64)>, AppError> {
        if let Some(kept) = self.kept.participants.get(&key, stamp) {
            return Ok(kept);
        }
        let (id, status, cities, text, page) = &key;
        let which = ParticipantsWhere {
            status: status.map(ParticipantStatus::code),
            cities: cities.as_deref(),
            text: Some(text.as_str()),
            ids: None,
        };
        let listed = self.store.participants_page(*id, &which, (page - 1) * PER_PAGE, PER_PAGE).await?;
        let total = if which.by_status_only() {
            let counted = shown.counts.iter().filter(|(counted, _)| status.is_none_or(|s| s == *counted));
            u64::try_from(counted.map(|(_, n)| *n).sum::<usize>()).unwrap_or(u64::MAX)
        } else {
            self.store.participants_count(*id, &which).await?
        };
        let searched = key.3.clone();
        Ok(self.kept.participants.keep_searched(key, stamp, (listed, total), &searched))
    }

    /// What the event's page shows every reader at the database state `stamp` (the audit
    /// trail's head, read beforehand), worked out again only after a write.
    async fn event_shown(&self, id: EventId, stamp: i64) -> Result<Arc<EventShown>, AppError> {
        if let Some(kept) = self.kept.events.get(&id, stamp) {
            return Ok(kept);
        }
        let event = self.store.event(id).await?;
        let stored_counts = self.store.participant_counts(id).await?;
        let counts = ParticipantStatus::ALL
            .iter()
            .map(|status| {
                let n = stored_counts.iter().find(|(code, _)| code == status.code()).map_or(0, |(_, n)| *n);
                (*status, usize::try_from(n).unwrap_or(0))
            })
            .collect();
        let shown = EventShown {
            agenda: self.store.agenda(id).await?,
            minutes: self.store.minutes(id).await?,
            action_items: self.store.action_items(id).await?,
            counts,
            stats: self.event_stats(&event).await?,
            rates: self.store.per_diem_rates().await?,
            event,
        };
        Ok(self.kept.events.keep(id, stamp, shown))
    }

    /// An event's minutes, as its readers see them.
    pub async fn event_minutes(&self, actor: &Actor, id: EventId) -> Result<Option<Minutes>, AppError> {
        self.visible_event(actor, id).await?;
        Ok(self.store.minutes(id).await?)
    }

    /// An event's follow-up actions, as its readers see them.
    pub async fn event_action_items(&self, actor: &Actor, id: EventId) -> Result<Vec<ActionItem>, AppError> {
        self.visible_event(actor, id).await?;
        Ok(self.store.action_items(id).await?)
    }

    /// What an event costs, for those who run it: every participant's travel and per diem is
    /// read, so this has a page of its own.
    pub async fn event_costs(&self, actor: &Actor, id: EventId) -> Result<EventCostsView, AppError> {
        let event = self.managed_event(actor, id).await?;
        let rates = self.store.per_diem_rates().await?;
        let participants = self.store.participants(id).await?;
        Ok(EventCostsView {
            costs: mekong_core::events::event_costs(&participants, &event.country, &rates),
            example_rates: rates.iter().any(|r| r.example),
            event,
        })
    }

    /// One participant of an event the actor runs, with their per diem.
    pub async fn participant_with_per_diem(
        &self,
        actor: &Actor,
        event: EventId,
        participant: ParticipantId,
    ) -> Result<(Event, Participant, Option<PerDiem>), AppError> {
        let (event, participant) = self.managed_participant(actor, event, participant).await?;
        let rates = self.store.per_diem_rates().await?;
        let due = due_per_diem(&event, &rates, &participant);
        Ok((event, participant, due))
    }

    /// Creates an event (`id` none) or saves one edited from `version`. A focal point may only
    /// create and run events their own city hosts.
    pub async fn save_event(
        &self,
        actor: &Actor,
        id: Option<(EventId, i32)>,
        draft: &EventDraft,
    ) -> Result<Event, AppError> {
        policy::authorise(actor, Permission::ManageEvents, &Target::Nothing)?;
        let before = match id {
            Some((id, _)) => Some(self.managed_event(actor, id).await?),
            None => None,
        };
        let (event_id, version) = id.map_or((EventId::new(), 1), |(id, version)| (id, version + 1));
        let sequence = before.as_ref().map_or(0, |b| b.sequence);
        let host_organisation = self.draft_organisation(&draft.host_organisation).await?;
        let activity = draft.activity_code.trim();
        let unknown_activity = !activity.is_empty()
            && !self.event_activity_choices().await?.iter().any(|node| node.code.eq_ignore_ascii_case(activity));
        let mut event = match draft.parse(event_id, sequence, version) {
            Err(mut errors) => {
                if host_organisation.is_none() && !draft.host_organisation.trim().is_empty() {
                    errors.add("host_organisation", "error-unknown-organisation");
                }
                if unknown_activity {
                    errors.add("activity_code", "error-logframe-activity");
                }
                return Err(AppError::Validation(errors));
            }
            Ok(_) if unknown_activity => return Err(AppError::field("activity_code", "error-logframe-activity")),
            Ok(_) if host_organisation.is_none() && !draft.host_organisation.trim().is_empty() => {
                return Err(AppError::field("host_organisation", "error-unknown-organisation"));
            }
            Ok(event) => event,
        };
        if policy::authorise(actor, Permission::ManageEvents, &host_target(&event)).is_err() {
            return Err(AppError::field("host_city", "error-event-host-not-yours"));
        }
        event.host_organisation = host_organisation.map(|(id, _, _)| id);
        let moved = before.as_ref().is_some_and(|b| event.moved_from(b));
        // Announced again after a cancellation: calendars removed it, reminders were dropped.
        let revived = event.status == EventStatus::Announced
            && before.as_ref().is_some_and(|b| b.status == EventStatus::Cancelled);
        if moved || revived {
            event.sequence += 1;
        }
        let txn = self.store.begin_write().await?;
        txn.save_event(&event, self.clock.now()).await?;
        let change = Change {
            action: if before.is_none() { "event.created" } else { "event.updated" },
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: before.as_ref().and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&event).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        let newly_cancelled = event.status == EventStatus::Cancelled
            && before.as_ref().is_some_and(|b| b.status != EventStatus::Cancelled);
        let newly_announced = event.status == EventStatus::Announced
            && before.as_ref().is_none_or(|b| b.status != EventStatus::Announced);
        if newly_cancelled {
            self.notify_cancellation(&txn, &event).await?;
        } else if moved && event.status == EventStatus::Announced {
            self.notify_move(&txn, &event).await?;
        }
        if newly_announced || (moved && event.status == EventStatus::Announced) {
            self.schedule_reminders(&txn, &event).await?;
        }
        txn.commit().await?;
        Ok(event)
    }

    /// The logframe activities an event may serve, of every programme (a code once), for the
    /// event form's choice; an event's activity code must be one of them.
    pub async fn event_activity_choices(&self) -> Result<Vec<mekong_core::results::LogframeNode>, AppError> {
        let mut found: Vec<mekong_core::results::LogframeNode> = Vec::new();
        for programme in self.store.programmes().await? {
            let (nodes, _) = self.store.logframe(programme.id).await?;
            for node in nodes {
                if node.level == mekong_core::results::Level::Activity && !found.iter().any(|n| n.code == node.code) {
                    found.push(node);
                }
            }
        }
        Ok(found)
    }

    /// The cities an actor may host events for, for the form's choices (all for staff).
    pub fn event_host_cities(&self, actor: &Actor) -> Option<Vec<CityCode>> {
        (!actor.is_staff()).then(|| actor.focal_cities())
    }

    pub(crate) async fn managed_participant(
        &self,
        actor: &Actor,
        event: EventId,
        participant: ParticipantId,
    ) -> Result<(Event, Participant), AppError> {
        let event = self.managed_event(actor, event).await?;
        let participant = self.store.participant(participant).await?;
        if participant.event != event.id {
            return Err(AppError::NotFound);
        }
        Ok((event, participant))
    }
}
