//! Invitations and registration: inviting people (one by one or through a mailing list) with a
//! personal answer link and an iCalendar invitation, answers, the public registration form with
//! its waiting list, updates and cancellations, reminders, and calendar files and feeds.

use crate::audit::{Change, audit_actor};
use crate::jobs::Job;
use crate::mail::{Attachment, Letter};
use crate::policy::{self, Actor, Permission, Target};
use crate::secrets::{new_secret, secret_hash};
use crate::{App, AppError};
use jiff::{SignedDuration, Timestamp};
use mekong_core::Lang;
use mekong_core::events::{Event, Needs, Participant, Travel, admission, next_in_line};
use mekong_core::identity::Email;
use mekong_core::ids::{EventId, MailingListId, ParticipantId, PersonId, UserId};
use mekong_core::input::{self, TextKind};
use mekong_core::people::{CountryCode, Person};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::{EventStatus, OrganisationKind, ParticipantStatus, Sex};
use mekong_docs::{CalendarEntry, CalendarMethod, CalendarPerson, write_calendar};
use mekong_i18n::Arg;
use mekong_store::WriteTxn;
use serde::{Deserialize, Serialize};

/// Whom to invite.
#[derive(Debug, Clone)]
pub enum Invitees {
    People(Vec<PersonId>),
    MailingList(MailingListId),
}

/// What an invitation run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteOutcome {
    pub invited: usize,
    pub already_invited: usize,
    /// No email address, or consent withdrawn.
    pub not_reachable: usize,
}

/// What someone typed into the public registration form.
#[derive(Debug, Clone, Default)]
pub struct Registration {
    pub name: String,
    pub local_name: String,
    pub email: String,
    pub organisation: String,
    pub country: String,
    pub sex: String,
    pub language: String,
    pub needs: Needs,
    /// The network address the form came from.
    pub client_address: String,
}

/// How many registrations one address may make for one event in an hour: enough for an office
/// registering its staff, not for filling an event with invented names.
const REGISTRATIONS_PER_ADDRESS_HOUR: usize = 20;

/// An invitation as its personal link shows it.
#[derive(Debug)]
pub struct InvitationView {
    pub event: Event,
    pub participant: Participant,
    /// Place on the waiting list (1 is next), when waiting.
    pub waiting_position: Option<usize>,
}

/// A reminder job: sent only if the event has not changed time, place or status since the job
/// was queued (each such change raises its sequence and queues its own reminders).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct EventReminder {
    event: EventId,
    starts_at: Timestamp,
    #[serde(default)]
    sequence: i32,
    days_before: i64,
}

/// What to write about an event: message ids, the link to follow, the calendar file. The
/// event's own details (title, times, place) fill the messages' arguments.
struct EventLetter<'a> {
    subject: &'a str,
    paragraphs: &'a [&'a str],
    link: Option<String>,
    attachment: Option<Attachment>,
}

/// How long before the start reminders go out.
const REMINDER_DAYS: [i64; 2] = [7, 1];

fn answer_code(status: ParticipantStatus) -> &'static str {
    match status {
        ParticipantStatus::Accepted => "ACCEPTED",
        ParticipantStatus::Declined => "DECLINED",
        ParticipantStatus::Tentative => "TENTATIVE",
        ParticipantStatus::Invited | ParticipantStatus::Waiting => "NEEDS-ACTION",
    }
}

/// The language to write to a person in: theirs if the platform speaks it, else their
/// country's, else the network's.
fn language_of(person: &Person) -> Lang {
    person
        .languages
        .iter()
        .find_map(|code| Lang::from_tag(code))
        .or_else(|| {
            let country = person.country.as_ref()?;
            mekong_core::directory::Country::parse(country.as_str()).ok().map(|c| c.local_language())
        })
        .unwrap_or(Lang::DEFAULT)
}

impl App {
    /// The organiser named in calendar invitations: the platform's sender address.
    fn organiser(&self) -> CalendarPerson {
        let address = self
            .mail_from
            .rsplit_once('<')
            .map_or(self.mail_from.as_str(), |(_, rest)| rest.trim_end_matches('>'))
            .trim()
            .to_owned();
        CalendarPerson { name: "Mekong".into(), email: address, answer: "" }
    }

    pub(crate) fn event_url(&self, event: &Event) -> String {
        format!("{}/events/{}", self.public_url, event.id)
    }

    /// The calendar entry of an event, in `lang`, with these attendees.
    pub(crate) fn calendar_entry(&self, event: &Event, lang: Lang, attendees: &[&Participant]) -> CalendarEntry {
        let location = [event.venue.as_str(), event.online_url.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" – ");
        CalendarEntry {
            uid: format!("{}@mekong", event.id),
            sequence: u32::try_from(event.sequence).unwrap_or(0),
            summary: event.title.get(lang).to_owned(),
            description: event.description.get(lang).to_owned(),
            location,
            url: self.event_url(event),
            starts: event.start_instant(),
            ends: event.end_instant(),
            cancelled: event.status == EventStatus::Cancelled,
            organiser: Some(self.organiser()),
            attendees: attendees
                .iter()
                .filter_map(|p| {
                    Some(CalendarPerson {
                        name: p.name.clone(),
                        email: p.email.as_ref()?.to_string(),
                        answer: answer_code(p.status),
                    })
                })
                .collect(),
        }
    }

    fn calendar_attachment(&self, event: &Event, participant: &Participant, method: CalendarMethod) -> Attachment {
        let entry = self.calendar_entry(event, participant.language, &[participant]);
        let method_name = if method == CalendarMethod::Cancel { "CANCEL" } else { "REQUEST" };
        Attachment {
            filename: "invite.ics".into(),
            content_type: format!("text/calendar; method={method_name}; charset=UTF-8"),
            content: write_calendar(method, event.title.get(participant.language), &[entry], self.clock.now()),
        }
    }

    /// The arguments every event letter may use.
    fn event_args(&self, event: &Event, participant: &Participant) -> Vec<(&'static str, Arg)> {
        let lang = participant.language;
        let place = if event.venue.is_empty() { event.online_url.clone() } else { event.venue.clone() };
        vec![
            ("name", Arg::from(participant.name.as_str())),
            ("title", Arg::from(event.title.get(lang))),
            ("start", Arg::from(mekong_i18n::format_instant(lang, event.start_instant(), &event.time_zone).as_str())),
            ("end", Arg::from(mekong_i18n::format_instant(lang, event.end_instant(), &event.time_zone).as_str())),
            ("zone", Arg::from(event.time_zone.as_str())),
            ("place", Arg::from(place.as_str())),
        ]
    }

    /// Queues one letter about an event to a participant (nothing for those without email).
    async fn write_to_participant(
        &self,
        txn: &WriteTxn,
        event: &Event,
        participant: &Participant,
        letter: EventLetter<'_>,
    ) -> Result<(), AppError> {
        let Some(email) = &participant.email else { return Ok(()) };
        let EventLetter { subject, paragraphs, link, attachment } = letter;
        let letter = Letter { subject, paragraphs, args: self.event_args(event, participant), link, attachment };
        self.queue_email(txn, email, &participant.name, participant.language, letter).await?;
        Ok(())
    }

    /// A new participant with a fresh personal link; returns the link's secret.
    pub(crate) async fn add_participant(&self, txn: &WriteTxn, participant: &Participant) -> Result<String, AppError> {
        let secret = new_secret("ev_")?;
        txn.insert_participant(participant, &secret_hash(&secret)).await?;
        Ok(secret)
    }

    fn answer_link(&self, secret: &str) -> String {
        format!("{}/rsvp/{secret}", self.public_url)
    }

    /// The participant a person becomes: who they are is copied from the directory now.
    pub(crate) async fn participant_from_person(
        &self,
        event: &Event,
        person: &Person,
    ) -> Result<Participant, AppError> {
        let affiliation = person.affiliations.iter().find(|a| a.until.is_none()).or(person.affiliations.first());
        let organisation_kind: Option<OrganisationKind> = match affiliation {
            Some(a) => Some(self.store.organisation(a.organisation).await?.kind),
            None => None,
        };
        let language = language_of(person);
        Ok(Participant {
            id: ParticipantId::new(),
            event: event.id,
            person: Some(person.id),
            name: person.display_name().to_owned(),
            local_name: if person.name_local == person.display_name() {
                String::new()
            } else {
                person.name_local.clone()
            },
            email: person.emails.first().cloned(),
            language,
            sex: person.sex,
            country: person.country.clone(),
            organisation: affiliation.map(|a| a.organisation_name.for_reader(language).to_owned()).unwrap_or_default(),
            organisation_kind,
            city: person.cities().into_iter().next(),
            status: ParticipantStatus::Invited,
            needs: Needs::default(),
            travel: Travel::default(),
            registered_at: self.clock.now(),
            registered_from: None,
            version: 1,
        })
    }

    /// Invites people to an event: each gets a letter in their language with their personal
    /// answer link and a calendar invitation. People already invited, without an email, or who
    /// withdrew their consent are counted and left out.
    pub async fn invite(
        &self,
        actor: &Actor,
        event_id: EventId,
        invitees: Invitees,
    ) -> Result<InviteOutcome, AppError> {
        let event = self.managed_event(actor, event_id).await?;
        if matches!(event.status, EventStatus::Cancelled | EventStatus::Held) {
            return Err(AppError::field("people", "error-event-closed"));
        }
        let people = match invitees {
            Invitees::People(ids) => {
                let mut people = Vec::new();
                for id in ids {
                    people.push(self.store.person(id).await?);
                }
                people
            }
            Invitees::MailingList(list) => self.mailing_list_recipients(actor, list).await?.1,
        };
        // An organiser invites only people whose contact details they may read: the invitation
        // would otherwise show them the address (a focal point and another city's people).
        if people.iter().any(|p| !policy::sees_contacts(actor, &p.cities(), p.share_with_partners)) {
            return Err(AppError::field("people", "error-invite-hidden-contacts"));
        }
        let existing = self.store.participants(event.id).await?;
        let mut outcome = InviteOutcome::default();
        let mut seen = Vec::new();
        let mut invited = Vec::new();
        for person in &people {
            let known_email = person.emails.first().map(|e| e.as_str().to_lowercase());
            let already = existing.iter().any(|p| {
                p.person == Some(person.id)
                    || (known_email.is_some() && p.email.as_ref().map(|e| e.as_str().to_lowercase()) == known_email)
            }) || seen.contains(&person.id);
            if already {
                outcome.already_invited += 1;
            } else if person.emails.is_empty() || !person.contactable() {
                outcome.not_reachable += 1;
            } else {
                seen.push(person.id);
                invited.push(self.participant_from_person(&event, person).await?);
            }
        }
        let txn = self.store.begin_write().await?;
        for participant in &invited {
            let secret = self.add_participant(&txn, participant).await?;
            let attachment = self.calendar_attachment(&event, participant, CalendarMethod::Request);
            self.write_to_participant(
                &txn,
                &event,
                participant,
                EventLetter {
                    subject: "email-event-invitation-subject",
                    paragraphs: &[
                        "email-greeting",
                        "email-event-invitation-body",
                        "email-event-when-where",
                        "email-event-answer",
                    ],
                    link: Some(self.answer_link(&secret)),
                    attachment: Some(attachment),
                },
            )
            .await?;
        }
        outcome.invited = invited.len();
        let change = Change {
            action: "event.invited",
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "invited": invited.iter().map(|p| p.id.to_string()).collect::<Vec<_>>(),
            })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(outcome)
    }

    async fn participant_by_link(&self, secret: &str) -> Result<(Event, Participant), AppError> {
        let participant = self.store.participant_by_token(&secret_hash(secret)).await?;
        let event = self.store.event(participant.event).await?;
        Ok((event, participant))
    }

    /// An invitation as its personal link shows it; the secret in the link is the credential.
    pub async fn invitation(&self, actor: &Actor, secret: &str) -> Result<InvitationView, AppError> {
        policy::authorise(actor, Permission::PersonalLink, &Target::Nothing)?;
        let (event, participant) = self.participant_by_link(secret).await?;
        let waiting_position = if participant.status == ParticipantStatus::Waiting {
            let all = self.store.participants(event.id).await?;
            let mut waiting: Vec<&Participant> =
                all.iter().filter(|p| p.status == ParticipantStatus::Waiting).collect();
            waiting.sort_by_key(|p| (p.registered_at, p.id));
            waiting.iter().position(|p| p.id == participant.id).map(|i| i + 1)
        } else {
            None
        };
        Ok(InvitationView { event, participant, waiting_position })
    }

    /// Records an invitee's answer (`yes`, `no` or `maybe`) and needs through their link. A
    /// yes to a full event joins the waiting list; a place given up goes to the next in line.
    pub async fn answer_invitation(
        &self,
        actor: &Actor,
        secret: &str,
        answer: &str,
        needs: Needs,
        version: i32,
    ) -> Result<InvitationView, AppError> {
        policy::authorise(actor, Permission::PersonalLink, &Target::Nothing)?;
        let (event, participant) = self.participant_by_link(secret).await?;
        self.apply_answer(actor, &event, participant, answer, Some(needs), version).await?;
        self.invitation(actor, secret).await
    }

    /// Records an answer an organiser received another way (by phone, in a letter), with the
    /// same rules for places as an answer through the link.
    pub async fn record_answer(
        &self,
        actor: &Actor,
        event: EventId,
        participant: ParticipantId,
        answer: &str,
        version: i32,
    ) -> Result<(), AppError> {
        let (event, participant) = self.managed_participant(actor, event, participant).await?;
        self.apply_answer(actor, &event, participant, answer, None, version).await
    }

    /// Sets a participant's answer (and needs, when given) in one transaction, counting places
    /// inside it, and gives a place given up to the next in line.
    async fn apply_answer(
        &self,
        actor: &Actor,
        event: &Event,
        mut participant: Participant,
        answer: &str,
        needs: Option<Needs>,
        version: i32,
    ) -> Result<(), AppError> {
        if !event.takes_answers() {
            return Err(AppError::field("answer", "error-event-closed"));
        }
        if participant.version != version {
            return Err(AppError::Conflict);
        }
        // Places are counted and given inside the transaction that takes them.
        let txn = self.store.begin_write().await?;
        let all = txn.participants_locked(event.id).await?;
        let accepted = all.iter().filter(|p| p.status == ParticipantStatus::Accepted && p.id != participant.id).count();
        let before = participant.clone();
        participant.status = match answer {
            "yes" if before.status == ParticipantStatus::Accepted => ParticipantStatus::Accepted,
            "yes" if before.status == ParticipantStatus::Waiting => ParticipantStatus::Waiting,
            "yes" => admission(event.capacity, accepted),
            "no" => ParticipantStatus::Declined,
            "maybe" => ParticipantStatus::Tentative,
            _ => return Err(AppError::field("answer", "error-answer")),
        };
        if let Some(needs) = needs {
            participant.needs = Needs {
                dietary: needs.dietary.trim().to_owned(),
                interpretation: needs.interpretation.trim().to_owned(),
                travel: needs.travel.trim().to_owned(),
            };
        }
        participant.version += 1;
        txn.update_participant(&participant).await?;
        let change = Change {
            action: "event.answered",
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&participant).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        if before.status == ParticipantStatus::Accepted && participant.status != ParticipantStatus::Accepted {
            let others: Vec<Participant> = all.into_iter().filter(|p| p.id != participant.id).collect();
            self.promote_next(&txn, event, &others).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Gives a freed place to the first on the waiting list and tells them.
    async fn promote_next(&self, txn: &WriteTxn, event: &Event, participants: &[Participant]) -> Result<(), AppError> {
        let accepted = participants.iter().filter(|p| p.status == ParticipantStatus::Accepted).count();
        if admission(event.capacity, accepted) != ParticipantStatus::Accepted {
            return Ok(());
        }
        let Some(next) = next_in_line(participants) else { return Ok(()) };
        let mut promoted = next.clone();
        promoted.status = ParticipantStatus::Accepted;
        promoted.version += 1;
        txn.update_participant(&promoted).await?;
        let change = Change {
            action: "event.promoted_from_waiting_list",
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: serde_json::to_value(next).ok(),
            after: serde_json::to_value(&promoted).ok(),
        };
        self.record(txn, crate::audit::system_actor("waiting list"), change).await?;
        let attachment = self.calendar_attachment(event, &promoted, CalendarMethod::Request);
        self.write_to_participant(
            txn,
            event,
            &promoted,
            EventLetter {
                subject: "email-event-promoted-subject",
                paragraphs: &["email-greeting", "email-event-promoted-body", "email-event-when-where"],
                link: Some(self.event_url(event)),
                attachment: Some(attachment),
            },
        )
        .await
    }

    /// Registers someone through an open event's public form: a place, or the waiting list
    /// when it is full. They get a letter with their personal link to change or cancel.
    pub async fn register(
        &self,
        actor: &Actor,
        event_id: EventId,
        form: &Registration,
    ) -> Result<Participant, AppError> {
        let (event, _) = self.visible_event(actor, event_id).await?;
        if !event.open_registration || !event.takes_answers() {
            return Err(AppError::NotFound);
        }
        let mut errors = FieldErrors::default();
        let name = input::check(&form.name, TextKind::Name, "name", &mut errors);
        if name.is_empty() {
            errors.add("name", "error-required");
        }
        let local_name = input::check(&form.local_name, TextKind::Name, "local_name", &mut errors);
        let organisation = input::check(&form.organisation, TextKind::Name, "organisation", &mut errors);
        let needs = Needs {
            dietary: input::check(&form.needs.dietary, TextKind::Comment, "dietary", &mut errors),
            interpretation: input::check(&form.needs.interpretation, TextKind::Comment, "interpretation", &mut errors),
            travel: input::check(&form.needs.travel, TextKind::Comment, "travel", &mut errors),
        };
        let email = Email::parse(&form.email).map_err(|_| errors.add("email", "error-email")).ok();
        let country = match form.country.trim() {
            "" => None,
            raw => CountryCode::parse(raw).or_else(|| {
                errors.add("country", "error-country-code");
                None
            }),
        };
        let sex = Sex::parse(&form.sex).unwrap_or(Sex::Unknown);
        let language = Lang::from_tag(&form.language).unwrap_or(Lang::DEFAULT);
        // Places are counted and given inside the transaction that takes them.
        let txn = self.store.begin_write().await?;
        let all = txn.participants_locked(event.id).await?;
        if let Some(email) = &email {
            let lower = email.as_str().to_lowercase();
            if all.iter().any(|p| p.email.as_ref().is_some_and(|e| e.as_str().to_lowercase() == lower)) {
                errors.add("email", "error-already-registered");
            }
        }
        let (Some(email), true) = (email, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let from = self.deployment_key.address_hash(&form.client_address);
        let hour_ago = self.clock.now() - SignedDuration::from_hours(1);
        let recent = all
            .iter()
            .filter(|p| p.registered_from.as_deref() == Some(from.as_str()) && p.registered_at > hour_ago)
            .count();
        if recent >= REGISTRATIONS_PER_ADDRESS_HOUR {
            return Err(AppError::Throttled);
        }
        let accepted = all.iter().filter(|p| p.status == ParticipantStatus::Accepted).count();
        let participant = Participant {
            id: ParticipantId::new(),
            event: event.id,
            person: None,
            name,
            local_name,
            email: Some(email),
            language,
            sex,
            country,
            organisation,
            organisation_kind: None,
            city: None,
            status: admission(event.capacity, accepted),
            needs,
            travel: Travel::default(),
            registered_at: self.clock.now(),
            registered_from: Some(from),
            version: 1,
        };
        let secret = self.add_participant(&txn, &participant).await?;
        let change = Change {
            action: "event.registered",
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: None,
            after: serde_json::to_value(&participant).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        let (paragraphs, attachment): (&[&str], _) = if participant.status == ParticipantStatus::Accepted {
            (
                &[
                    "email-greeting",
                    "email-event-registered-body",
                    "email-event-when-where",
                    "email-event-change-answer",
                ],
                Some(self.calendar_attachment(&event, &participant, CalendarMethod::Request)),
            )
        } else {
            (&["email-greeting", "email-event-waiting-body", "email-event-change-answer"], None)
        };
        self.write_to_participant(
            &txn,
            &event,
            &participant,
            EventLetter {
                subject: "email-event-registered-subject",
                paragraphs,
                link: Some(self.answer_link(&secret)),
                attachment,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(participant)
    }

    /// Tells those coming that the event moved, with the updated calendar entry.
    pub(crate) async fn notify_move(&self, txn: &WriteTxn, event: &Event) -> Result<(), AppError> {
        for participant in self.store.participants(event.id).await?.iter().filter(|p| p.coming()) {
            let attachment = self.calendar_attachment(event, participant, CalendarMethod::Request);
            self.write_to_participant(
                txn,
                event,
                participant,
                EventLetter {
                    subject: "email-event-moved-subject",
                    paragraphs: &["email-greeting", "email-event-moved-body", "email-event-when-where"],
                    link: Some(self.event_url(event)),
                    attachment: Some(attachment),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Tells everyone who had not declined that the event is cancelled (`METHOD:CANCEL`).
    pub(crate) async fn notify_cancellation(&self, txn: &WriteTxn, event: &Event) -> Result<(), AppError> {
        for participant in self.store.participants(event.id).await?.iter().filter(|p| p.gets_reminders()) {
            let attachment = self.calendar_attachment(event, participant, CalendarMethod::Cancel);
            self.write_to_participant(
                txn,
                event,
                participant,
                EventLetter {
                    subject: "email-event-cancelled-subject",
                    paragraphs: &["email-greeting", "email-event-cancelled-body"],
                    link: None,
                    attachment: Some(attachment),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Queues the reminders 7 days and 1 day before the start (those already past are skipped).
    pub(crate) async fn schedule_reminders(&self, txn: &WriteTxn, event: &Event) -> Result<(), AppError> {
        let starts_at = event.start_instant();
        for days_before in REMINDER_DAYS {
            let run_at = starts_at - SignedDuration::from_hours(24 * days_before);
            if run_at > self.clock.now() {
                let job = Job::EventReminder(EventReminder {
                    event: event.id,
                    starts_at,
                    sequence: event.sequence,
                    days_before,
                });
                self.enqueue(txn, &job, run_at).await?;
            }
        }
        Ok(())
    }

    /// Sends a reminder to everyone who has not declined, unless the event was cancelled or
    /// moved since the reminder was queued (the move queued its own).
    pub(crate) async fn send_reminder(&self, reminder: &EventReminder) -> Result<(), String> {
        let event = self.store.event(reminder.event).await.map_err(|e| e.to_string())?;
        if event.status != EventStatus::Announced
            || event.start_instant() != reminder.starts_at
            || event.sequence != reminder.sequence
        {
            return Ok(());
        }
        let participants = self.store.participants(event.id).await.map_err(|e| e.to_string())?;
        let txn = self.store.begin_write().await.map_err(|e| e.to_string())?;
        let body =
            if reminder.days_before == 1 { "email-event-reminder-tomorrow" } else { "email-event-reminder-week" };
        for participant in participants.iter().filter(|p| p.gets_reminders()) {
            self.write_to_participant(
                &txn,
                &event,
                participant,
                EventLetter {
                    subject: "email-event-reminder-subject",
                    paragraphs: &["email-greeting", body, "email-event-when-where"],
                    link: Some(self.event_url(&event)),
                    attachment: None,
                },
            )
            .await
            .map_err(|e| e.to_string())?;
        }
        txn.commit().await.map_err(|e| e.to_string())
    }

    /// The event and its agenda as an iCalendar file: the event, then each session.
    pub async fn event_calendar(&self, actor: &Actor, id: EventId, lang: Lang) -> Result<String, AppError> {
        let (event, _) = self.visible_event(actor, id).await?;
        let mut entries = vec![self.calendar_entry(&event, lang, &[])];
        let zone = event.zone();
        for item in self.store.agenda(id).await? {
            let instant = |at| zone.to_ambiguous_timestamp(at).compatible().unwrap_or(Timestamp::UNIX_EPOCH);
            entries.push(CalendarEntry {
                uid: format!("{}@mekong", item.id),
                sequence: u32::try_from(event.sequence).unwrap_or(0),
                summary: item.title.clone(),
                description: item.speakers.clone(),
                location: item.place.clone(),
                url: self.event_url(&event),
                starts: instant(item.starts),
                ends: instant(item.ends),
                cancelled: event.status == EventStatus::Cancelled,
                organiser: None,
                attendees: Vec::new(),
            });
        }
        Ok(write_calendar(CalendarMethod::Publish, event.title.get(lang), &entries, self.clock.now()))
    }

    /// Gives the actor a new personal calendar feed link (the old one stops working); the
    /// link is shown once.
    pub async fn renew_calendar_feed(&self, actor: &Actor) -> Result<String, AppError> {
        policy::authorise(actor, Permission::OwnAccount, &Target::Nothing)?;
        let user = actor.user_id().ok_or(AppError::Unauthenticated)?;
        let secret = new_secret("cal_")?;
        let txn = self.store.begin_write().await?;
        txn.set_calendar_feed(user, &secret_hash(&secret), self.clock.now()).await?;
        let change = Change {
            action: "calendar_feed.renewed",
            entity_type: "user",
            entity_id: user.to_string(),
            before: None,
            after: None,
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(format!("{}/calendar/{secret}/events.ics", self.public_url))
    }

    pub async fn has_calendar_feed(&self, actor: &Actor) -> Result<bool, AppError> {
        policy::authorise(actor, Permission::OwnAccount, &Target::Nothing)?;
        let user = actor.user_id().ok_or(AppError::Unauthenticated)?;
        Ok(self.store.has_calendar_feed(user).await?)
    }

    /// The feed behind a personal calendar link: the events its owner takes part in (invited
    /// or registered under their email, not declined), in their language.
    pub async fn calendar_feed(&self, actor: &Actor, secret: &str) -> Result<String, AppError> {
        policy::authorise(actor, Permission::PersonalLink, &Target::Nothing)?;
        let user: UserId = self.store.calendar_feed_owner(&secret_hash(secret)).await?;
        let user = self.store.find_user(user).await?;
        let mut entries = Vec::new();
        for participation in self.store.participations_of_email(user.email.as_str()).await? {
            if participation.status == ParticipantStatus::Declined {
                continue;
            }
            let event = self.store.event(participation.event).await?;
            if event.status != EventStatus::Draft {
                entries.push(self.calendar_entry(&event, user.language, &[&participation]));
            }
        }
        entries.sort_by_key(|e| e.starts);
        Ok(write_calendar(CalendarMethod::Publish, "Mekong", &entries, self.clock.now()))
    }
}
