//! The events pages: the list, an event's page (details, agenda, participants, minutes,
//! costs), and the form to create and edit events. Invitations, attendance, travel and
//! minutes have their own modules, as in the application layer.

pub mod attendance;
pub mod costs;
pub mod invitations;
pub mod minutes;
pub mod travel;

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::organisations::country_name;
use crate::ui::vocabulary::{self, Choice};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::events::{EventAccess, ParticipantQuery};
use mekong_core::Lang;
use mekong_core::events::{Event, EventDraft};
use mekong_core::ids::EventId;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::{EventKind, EventStatus, ParticipantStatus, Theme};
use serde::Deserialize;

pub(crate) fn parse_uuid(raw: &str) -> Result<uuid::Uuid, WebError> {
    uuid::Uuid::parse_str(raw).map_err(|_| WebError(AppError::NotFound))
}

pub(crate) fn event_id(raw: &str) -> Result<EventId, WebError> {
    parse_uuid(raw).map(EventId)
}

/// An event's dates as its readers see them: in its own time zone, and in the reader's when
/// that differs.
pub struct When {
    pub local: String,
    pub reader: Option<String>,
}

pub(crate) fn when(ctx: &PageCtx, event: &Event) -> When {
    let lang = ctx.tr.lang;
    let local = format!(
        "{} – {} ({})",
        mekong_i18n::format_instant(lang, event.start_instant(), &event.time_zone),
        mekong_i18n::format_instant(lang, event.end_instant(), &event.time_zone),
        event.time_zone
    );
    let reader = (ctx.tr.time_zone != event.time_zone).then(|| {
        format!(
            "{} – {} ({})",
            ctx.tr.instant(event.start_instant()),
            ctx.tr.instant(event.end_instant()),
            ctx.tr.time_zone
        )
    });
    When { local, reader }
}

/// One event in a list.
pub struct EventRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub status_code: &'static str,
    pub when: When,
    pub place: String,
    pub host: String,
}

pub(crate) fn event_row(ctx: &PageCtx, event: &Event) -> EventRow {
    EventRow {
        href: format!("/events/{}", event.id),
        title: event.title.get(ctx.tr.lang).to_owned(),
        kind: vocabulary::label(ctx, "event-kind", event.kind.code()),
        status: vocabulary::label(ctx, "event-status", event.status.code()),
        status_code: event.status.code(),
        when: when(ctx, event),
        place: if event.venue.is_empty() { ctx.t("event-online") } else { event.venue.clone() },
        host: event.host_city.as_ref().map(ToString::to_string).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListPage {
    ctx: PageCtx,
    upcoming: Vec<EventRow>,
    past: Vec<EventRow>,
    can_create: bool,
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let now = state.app.now();
    let events = state.app.events(&ctx.actor).await?;
    let (mut upcoming, past): (Vec<_>, Vec<_>) = events.iter().partition(|(e, _)| e.end_instant() >= now);
    upcoming.reverse();
    Ok(render(&ListPage {
        upcoming: upcoming.iter().map(|(e, _)| event_row(&ctx, e)).collect(),
        past: past.iter().map(|(e, _)| event_row(&ctx, e)).collect(),
        can_create: state.app.may_create_events(&ctx.actor),
        ctx,
    }))
}

/// A participant's line on the event page.
pub struct ParticipantRow {
    pub href: String,
    pub name: String,
    pub local_name: String,
    pub organisation: String,
    pub city: String,
    pub country: String,
    pub sex: String,
    pub status: String,
    pub needs: String,
    pub travel: String,
    pub per_diem: String,
}

pub struct AgendaRow {
    pub id: String,
    pub time: String,
    pub title: String,
    pub speakers: String,
    pub place: String,
    pub documents: Vec<(String, String)>,
}

pub struct ActionRow {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub due_value: String,
    pub status: String,
    pub status_code: &'static str,
    pub overdue: bool,
    pub version: i32,
}

#[derive(Template)]
#[template(path = "events/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    title: String,
    description: String,
    row: EventRow,
    languages: String,
    interpretation: String,
    capacity: String,
    themes: String,
    activity_code: String,
    online_url: String,
    /// The hosting organisation's page and name.
    host_organisation: Option<(String, String)>,
    manage: bool,
    sees_participants: bool,
    open_registration: bool,
    counts: Vec<(String, String)>,
    participants: Vec<ParticipantRow>,
    /// The list's search as typed, its status filter, how many it found, and its pages.
    participant_who: String,
    participant_statuses: Vec<Choice>,
    participants_found: String,
    participant_page: u64,
    participant_pages: u64,
    participant_pager: String,
    agenda: Vec<AgendaRow>,
    summary: String,
    decisions: String,
    minutes_version: i32,
    /// A save of the minutes or of a follow-up made from an older version, explained.
    conflict: Option<ConflictView>,
    actions: Vec<ActionRow>,
    action_statuses: Vec<Choice>,
    stats: attendance::StatsView,
    mailing_lists: Vec<(String, String)>,
    people_query: String,
    found_people: Vec<(String, String, String)>,
    errors: FieldErrors,
    agenda_draft: minutes::AgendaInput,
    action_draft: minutes::ActionInput,
    invite_result: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    /// A name search for people to invite.
    #[serde(default)]
    pub q: String,
    /// The participant list's search, status filter and page (not flattened: a flattened
    /// number would not read from a query string).
    #[serde(default)]
    pub who: String,
    #[serde(default)]
    pub participant_status: String,
    #[serde(default)]
    pub page: Option<u64>,
}

/// Which participants the event page lists: a page of 50, found by name, organisation or email
/// and by status, so that a 500-person event is not one long page.
#[derive(Default, Clone)]
pub struct ParticipantFilter {
    pub who: String,
    pub participant_status: String,
    pub page: Option<u64>,
}

impl ParticipantFilter {
    fn query(&self) -> ParticipantQuery {
        ParticipantQuery {
            text: self.who.trim().to_owned(),
            status: ParticipantStatus::parse(&self.participant_status),
            page: self.page.unwrap_or(1),
        }
    }

    /// The query string of this filter, ready for a page number.
    fn base(&self, event: &str) -> String {
        let query: String = [("who", self.who.trim()), ("participant_status", self.participant_status.as_str())]
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}&", crate::context::encode_query_value(v)))
            .collect();
        format!("/events/{event}?{query}")
    }
}

/// Everything the event page may show, with the forms' drafts and errors.
#[derive(Default)]
pub(crate) struct ShowForms {
    pub errors: FieldErrors,
    /// Minutes typed over a newer saved version: shown back in the form, with the conflict.
    pub minutes: Option<minutes::MinutesInput>,
    pub conflict: Option<ConflictView>,
    pub agenda: minutes::AgendaInput,
    pub action: minutes::ActionInput,
    pub people_query: String,
    pub invite_result: Option<String>,
    pub participants: ParticipantFilter,
}

/// The event's page, with the forms' drafts and errors.
pub(crate) async fn show_page(
    state: &AppState,
    ctx: PageCtx,
    id: EventId,
    forms: ShowForms,
) -> Result<Response, WebError> {
    let filter = &forms.participants;
    let detail = state.app.event(&ctx.actor, id, &filter.query()).await?;
    let event = &detail.event;
    let lang = ctx.tr.lang;
    let manage = detail.access == EventAccess::Manage;
    let listed = &detail.participants;
    let participants_found = ctx.tr.number(i64::try_from(listed.total).unwrap_or_default());
    let participant_statuses = ParticipantStatus::ALL
        .iter()
        .map(|s| Choice {
            code: s.code().into(),
            label: vocabulary::label(&ctx, "participant-status", s.code()),
            selected: s.code() == filter.participant_status,
        })
        .collect();
    let participants = listed
        .items
        .iter()
        .map(|(p, due)| ParticipantRow {
            href: format!("/events/{}/participants/{}", event.id, p.id),
            name: p.name.clone(),
            local_name: p.local_name.clone(),
            organisation: p.organisation.clone(),
            city: p.city.as_ref().map(ToString::to_string).unwrap_or_default(),
            country: p.country.as_ref().map(|c| country_name(&ctx, c.as_str())).unwrap_or_default(),
            sex: vocabulary::label(&ctx, "sex", p.sex.code()),
            status: vocabulary::label(&ctx, "participant-status", p.status.code()),
            needs: [&p.needs.dietary, &p.needs.interpretation, &p.needs.travel]
                .into_iter()
                .filter(|n| !n.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" · "),
            travel: match (p.travel.arrival, p.travel.departure) {
                (Some(a), Some(d)) => format!(
                    "{} {} → {}",
                    p.travel.from,
                    mekong_i18n::format_date(lang, a),
                    mekong_i18n::format_date(lang, d)
                ),
                _ => p.travel.from.clone(),
            },
            per_diem: due
                .as_ref()
                .map(|d| format!("{} × {}", d.nights, ctx.tr.money(d.rate.daily)))
                .unwrap_or_default(),
        })
        .collect();
    let zone_time = |at: jiff::civil::DateTime| at.strftime("%H:%M").to_string();
    let agenda = detail
        .agenda
        .iter()
        .map(|item| AgendaRow {
            id: item.id.to_string(),
            time: format!(
                "{} {}–{}",
                mekong_i18n::format_date(lang, item.starts.date()),
                zone_time(item.starts),
                zone_time(item.ends)
            ),
            title: item.title.clone(),
            speakers: item.speakers.clone(),
            place: item.place.clone(),
            documents: item
                .documents
                .iter()
                .map(|d| (format!("/events/{}/documents/{}", event.id, d.sha256), d.name.clone()))
                .collect(),
        })
        .collect();
    let today = state.app.today();
    let actions = detail
        .action_items
        .iter()
        .map(|a| ActionRow {
            id: a.id.to_string(),
            title: a.title.clone(),
            owner: a.owner_name.clone(),
            due: a.due_on.map(|d| mekong_i18n::format_date(lang, d)).unwrap_or_default(),
            due_value: a.due_on.map(|d| d.to_string()).unwrap_or_default(),
            status: vocabulary::label(&ctx, "action-status", a.status.code()),
            status_code: a.status.code(),
            overdue: a.overdue(today),
            version: a.version,
        })
        .collect();
    let mailing_lists = if manage && ctx.may("manage_partnerships") {
        state.app.mailing_lists(&ctx.actor).await?.into_iter().map(|l| (l.id.to_string(), l.name)).collect()
    } else {
        Vec::new()
    };
    let found_people = if manage && !forms.people_query.trim().is_empty() {
        let filter = mekong_core::people::PeopleFilter { text: forms.people_query.clone(), ..Default::default() };
        state
            .app
            .people(&ctx.actor, &filter, 1)
            .await?
            .items
            .into_iter()
            .map(|p| {
                let email = p.emails.first().map(ToString::to_string).unwrap_or_default();
                (p.id.to_string(), p.display_name().to_owned(), email)
            })
            .collect()
    } else {
        Vec::new()
    };
    let minutes = detail.minutes.clone().unwrap_or_default();
    let host_organisation = match event.host_organisation {
        Some(id) => state
            .app
            .organisation_record(&ctx.actor, id)
            .await
            .ok()
            .map(|organisation| (format!("/organisations/{id}"), organisation.names.for_reader(lang).to_owned())),
        None => None,
    };
    let page = ShowPage {
        id: event.id.to_string(),
        title: event.title.get(lang).to_owned(),
        description: event.description.get(lang).to_owned(),
        row: event_row(&ctx, event),
        languages: event.languages.iter().map(|l| l.endonym()).collect::<Vec<_>>().join(", "),
        interpretation: event.interpretation.clone(),
        capacity: event.capacity.map(|c| ctx.tr.number(i64::from(c))).unwrap_or_default(),
        themes: vocabulary::theme_labels(&ctx, &event.themes),
        activity_code: event.activity_code.clone(),
        online_url: event.online_url.clone(),
        host_organisation,
        manage,
        sees_participants: detail.access != EventAccess::Read,
        open_registration: event.open_registration && event.takes_answers(),
        counts: detail
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(status, n)| {
                (
                    vocabulary::label(&ctx, "participant-status", status.code()),
                    ctx.tr.number(i64::try_from(*n).unwrap_or_default()),
                )
            })
            .collect(),
        participants,
        participant_who: forms.participants.who.clone(),
        participant_statuses,
        participants_found,
        participant_page: listed.page,
        participant_pages: listed.pages(),
        participant_pager: forms.participants.base(&event.id.to_string()),
        agenda,
        minutes_version: minutes.version,
        summary: forms.minutes.as_ref().map_or(minutes.summary, |typed| typed.summary.clone()),
        decisions: forms.minutes.as_ref().map_or(minutes.decisions, |typed| typed.decisions.clone()),
        conflict: forms.conflict,
        actions,
        action_statuses: vocabulary::action_statuses(&ctx, &forms.action.status),
        stats: attendance::stats_view(&ctx, &detail.stats),
        mailing_lists,
        people_query: forms.people_query,
        found_people,
        errors: forms.errors,
        agenda_draft: forms.agenda,
        action_draft: forms.action,
        invite_result: forms.invite_result,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Result<Response, WebError> {
    let participants =
        ParticipantFilter { who: query.who, participant_status: query.participant_status, page: query.page };
    let forms = ShowForms { people_query: query.q, participants, ..ShowForms::default() };
    show_page(&state, ctx, event_id(&id)?, forms).await
}

/// A language's checkbox on the event form.
pub struct LanguageChoice {
    pub code: &'static str,
    pub name: &'static str,
    pub checked: bool,
}

/// A per-language text field pair (title, description) on the event form.
pub struct LocalisedField {
    pub code: &'static str,
    pub name: &'static str,
    pub title: String,
    pub description: String,
}

#[derive(Template)]
#[template(path = "events/form.html")]
struct FormPage {
    ctx: PageCtx,
    action: String,
    version: i32,
    is_new: bool,
    draft: EventDraft,
    texts: Vec<LocalisedField>,
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
    languages: Vec<LanguageChoice>,
    themes: Vec<(Choice, bool)>,
    host_cities: Vec<(String, String, bool)>,
    /// The logframe activities the event may serve (code, code and title, chosen).
    activities: Vec<(String, String, bool)>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    action: String,
    version: i32,
    draft: EventDraft,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
) -> Result<Response, WebError> {
    let allowed = state.app.event_host_cities(&ctx.actor);
    let host_cities = state
        .app
        .list_cities(&ctx.actor)
        .await?
        .iter()
        .filter(|c| allowed.as_ref().is_none_or(|codes| codes.contains(&c.code)))
        .map(|c| {
            let code = c.code.to_string();
            let selected = code == draft.host_city;
            (code, c.romanised_name(ctx.tr.lang).to_owned(), selected)
        })
        .collect();
    let page = FormPage {
        texts: Lang::ALL
            .iter()
            .map(|lang| LocalisedField {
                code: lang.code(),
                name: lang.endonym(),
                title: draft.titles.get(lang).cloned().unwrap_or_default(),
                description: draft.descriptions.get(lang).cloned().unwrap_or_default(),
            })
            .collect(),
        kinds: EventKind::ALL
            .iter()
            .map(|k| Choice {
                code: k.code().into(),
                label: vocabulary::label(&ctx, "event-kind", k.code()),
                selected: k.code() == draft.kind,
            })
            .collect(),
        statuses: EventStatus::ALL
            .iter()
            .map(|s| Choice {
                code: s.code().into(),
                label: vocabulary::label(&ctx, "event-status", s.code()),
                selected: s.code() == draft.status,
            })
            .collect(),
        languages: Lang::ALL
            .iter()
            .map(|l| LanguageChoice {
                code: l.code(),
                name: l.endonym(),
                checked: draft.languages.iter().any(|c| c == l.code()),
            })
            .collect(),
        themes: Theme::ALL
            .iter()
            .map(|t| {
                let checked = draft.themes.iter().any(|c| c == t.code());
                (
                    Choice {
                        code: t.code().into(),
                        label: vocabulary::label(&ctx, "theme", t.code()),
                        selected: checked,
                    },
                    checked,
                )
            })
            .collect(),
        host_cities,
        activities: {
            let mut activities: Vec<(String, String, bool)> = state
                .app
                .event_activity_choices()
                .await?
                .into_iter()
                .map(|n| {
                    let chosen = n.code.eq_ignore_ascii_case(draft.activity_code.trim());
                    (n.code.clone(), format!("{} {}", n.code, n.title.get(ctx.tr.lang)), chosen)
                })
                .collect();
            if !draft.activity_code.trim().is_empty() && !activities.iter().any(|(_, _, chosen)| *chosen) {
                activities.push((draft.activity_code.trim().to_owned(), draft.activity_code.trim().to_owned(), true));
            }
            activities
        },
        is_new: version == 0,
        action,
        version,
        draft,
        errors,
        conflict,
        ctx,
    };
    let status = form_status(&page.errors, page.conflict.as_ref());
    Ok(render_with_status(status, &page))
}

/// The event form's fields as a person reads them, to compare a stale save with the saved event.
fn event_fields(ctx: &PageCtx, draft: &EventDraft) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("field-kind", vocabulary::label(ctx, "event-kind", &draft.kind)),
        ("field-status", vocabulary::label(ctx, "event-status", &draft.status)),
    ];
    for lang in Lang::ALL {
        fields.push(("field-title", draft.titles.get(&lang).cloned().unwrap_or_default()));
        fields.push(("field-description", draft.descriptions.get(&lang).cloned().unwrap_or_default()));
    }
    fields.extend([
        ("field-host-city", draft.host_city.clone()),
        ("field-host-organisation", draft.host_organisation.clone()),
        ("field-country-code", draft.country.clone()),
        ("field-venue", draft.venue.clone()),
        ("field-online-url", draft.online_url.clone()),
        ("field-starts", draft.starts.clone()),
        ("field-ends", draft.ends.clone()),
        ("field-time-zone", draft.time_zone.clone()),
        ("field-working-languages", draft.languages.join(", ")),
        ("field-interpretation", draft.interpretation.clone()),
        ("field-capacity", draft.capacity.clone()),
        ("field-themes", draft.themes.join(", ")),
        ("field-activity-code", draft.activity_code.clone()),
        ("field-open-registration", ctx.t(if draft.open_registration { "choice-yes" } else { "choice-no" })),
    ]);
    fields
}

pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let host_city = state.app.event_host_cities(&ctx.actor).and_then(|c| c.first().map(ToString::to_string));
    let draft = EventDraft {
        kind: EventKind::Workshop.code().to_owned(),
        status: EventStatus::Draft.code().to_owned(),
        time_zone: mekong_core::NETWORK_TIME_ZONE.to_owned(),
        host_city: host_city.unwrap_or_default(),
        languages: vec![Lang::Fr.code().to_owned(), Lang::En.code().to_owned()],
        ..EventDraft::default()
    };
    form_page(&state, ctx, "/events".into(), 0, draft, FieldErrors::default(), None).await
}

/// The event form as posted: repeated checkboxes (languages, themes) need the raw pairs.
fn draft_from_pairs(pairs: &[(String, String)]) -> (EventDraft, i32) {
    let mut draft = EventDraft::default();
    let mut version = 0;
    for (name, value) in pairs {
        let value = value.clone();
        match name.as_str() {
            "kind" => draft.kind = value,
            "status" => draft.status = value,
            "host_city" => draft.host_city = value,
            "host_organisation" => draft.host_organisation = value,
            "country" => draft.country = value,
            "venue" => draft.venue = value,
            "online_url" => draft.online_url = value,
            "starts" => draft.starts = value,
            "ends" => draft.ends = value,
            "time_zone" => draft.time_zone = value,
            "languages" => draft.languages.push(value),
            "interpretation" => draft.interpretation = value,
            "capacity" => draft.capacity = value,
            "themes" => draft.themes.push(value),
            "activity_code" => draft.activity_code = value,
            "open_registration" => draft.open_registration = value == "yes",
            "version" => version = value.parse().unwrap_or(0),
            other => {
                let localised = other
                    .strip_prefix("title_")
                    .map(|code| (true, code))
                    .or_else(|| other.strip_prefix("description_").map(|code| (false, code)));
                if let Some((is_title, Some(lang))) = localised.map(|(t, code)| (t, Lang::from_tag(code))) {
                    let map = if is_title { &mut draft.titles } else { &mut draft.descriptions };
                    map.insert(lang, value);
                }
            }
        }
    }
    (draft, version)
}

async fn save(
    state: AppState,
    ctx: PageCtx,
    jar: CookieJar,
    id: Option<EventId>,
    pairs: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let (draft, version) = draft_from_pairs(&pairs);
    match state.app.save_event(&ctx.actor, id.map(|id| (id, version)), &draft).await {
        Ok(event) => Ok(redirect_with_flash(&format!("/events/{}", event.id), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let action = id.map_or_else(|| "/events".to_owned(), |id| format!("/events/{id}"));
            form_page(&state, ctx, action, version, draft, errors, None).await
        }
        Err(AppError::Conflict) if let Some(id) = id => {
            let (current, _) = state.app.visible_event(&ctx.actor, id).await?;
            let saved = EventDraft::of(&current);
            let conflict = ConflictView::between(&ctx, event_fields(&ctx, &draft), event_fields(&ctx, &saved));
            form_page(
                &state,
                ctx,
                format!("/events/{id}"),
                current.version,
                draft,
                FieldErrors::default(),
                Some(conflict),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(state, ctx, jar, None, pairs).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = event_id(&id)?;
    let event = state.app.managed_event(&ctx.actor, id).await?;
    let draft = EventDraft::of(&event);
    form_page(&state, ctx, format!("/events/{id}"), event.version, draft, FieldErrors::default(), None).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(state, ctx, jar, Some(event_id(&id)?), pairs).await
}
