//! Events as JSON: the list, one event with its agenda (and its participants and costs for those
//! who may see them), and the participation figures over a period that indicators read.

use super::query::{ApiQuery, check_page, within_pages};
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::events::attendance::PeriodQuery;
use crate::ui::events::event_id;
use axum::Json;
use axum::extract::{Path, State};
use mekong_app::AppError;
use mekong_app::events::{EventAccess, ParticipantQuery};
use mekong_core::events::{BudgetLineCost, Event, EventCosts, Participant, ParticipationStats};
use mekong_core::money::Money;
use mekong_core::vocabulary::ParticipantStatus;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// A meeting of the network.
#[derive(Serialize, ToSchema)]
pub struct EventDto {
    id: String,
    /// `conference`, `workshop`, `study_visit`, `steering_committee`, `webinar`, `bilateral_meeting`.
    kind: String,
    /// `draft`, `announced`, `held`, `cancelled`.
    status: String,
    /// Title per language code.
    title: BTreeMap<String, String>,
    host_city: Option<String>,
    country: String,
    venue: String,
    online_url: String,
    /// Wall-clock start in `time_zone` (`2026-12-03T09:00:00`).
    starts_local: String,
    ends_local: String,
    time_zone: String,
    /// Start and end as UTC instants (RFC 3339).
    starts_at: String,
    ends_at: String,
    languages: Vec<String>,
    capacity: Option<u32>,
    themes: Vec<String>,
    /// The action-plan activity it implements.
    activity_code: String,
    open_registration: bool,
    /// Sent back with a change, so that a change made since is not overwritten.
    version: i32,
}

impl From<&Event> for EventDto {
    fn from(event: &Event) -> Self {
        EventDto {
            id: event.id.to_string(),
            kind: event.kind.code().to_owned(),
            status: event.status.code().to_owned(),
            title: mekong_core::Lang::ALL
                .iter()
                .filter_map(|l| Some((l.code().to_owned(), event.title.exact(*l)?.to_owned())))
                .collect(),
            host_city: event.host_city.as_ref().map(ToString::to_string),
            country: event.country.as_str().to_owned(),
            venue: event.venue.clone(),
            online_url: event.online_url.clone(),
            starts_local: event.starts.to_string(),
            ends_local: event.ends.to_string(),
            time_zone: event.time_zone.clone(),
            starts_at: event.start_instant().to_string(),
            ends_at: event.end_instant().to_string(),
            languages: event.languages.iter().map(|l| l.code().to_owned()).collect(),
            capacity: event.capacity,
            themes: event.themes.iter().map(|t| t.code().to_owned()).collect(),
            activity_code: event.activity_code.clone(),
            open_registration: event.open_registration,
            version: event.version,
        }
    }
}

/// A participant, as the caller may see them.
#[derive(Serialize, ToSchema)]
pub struct ParticipantDto {
    id: String,
    name: String,
    local_name: String,
    sex: String,
    country: Option<String>,
    organisation: String,
    city: Option<String>,
    /// `invited`, `accepted`, `tentative`, `declined`, `waiting`.
    status: String,
    /// Sent back with an answer recorded for them, so that one given since is not overwritten.
    version: i32,
}

impl From<&Participant> for ParticipantDto {
    fn from(p: &Participant) -> Self {
        ParticipantDto {
            id: p.id.to_string(),
            name: p.name.clone(),
            local_name: p.local_name.clone(),
            sex: p.sex.code().to_owned(),
            country: p.country.as_ref().map(|c| c.as_str().to_owned()),
            organisation: p.organisation.clone(),
            city: p.city.as_ref().map(ToString::to_string),
            status: p.status.code().to_owned(),
            version: p.version,
        }
    }
}

/// One event with its agenda and the participants the caller may see.
#[derive(Serialize, ToSchema)]
pub struct EventDetailDto {
    event: EventDto,
    agenda: Vec<AgendaItemDto>,
    /// One page of the participants the reader may see (50 a page, in order of registration).
    participants: Vec<ParticipantDto>,
    /// How many participants the reader may see and looks for, over all pages.
    participants_found: u64,
    page: u64,
    participation: ParticipationDto,
    /// The cost to the programme, for those who run the event (empty for others); null when
    /// its sums overflow (the event's page says so).
    costs: Option<EventCostsDto>,
}

/// An amount of money: always with its currency.
#[derive(Serialize, ToSchema)]
pub struct MoneyDto {
    /// In the currency's minor units: cents for EUR, dong for VND (which has none).
    #[schema(example = 12550)]
    amount_minor: i64,
    /// ISO 4217 code.
    #[schema(example = "EUR")]
    currency: String,
    /// The same amount as a plain decimal with the currency's decimals (`125.50`; `125000` for VND).
    #[schema(example = "125.50")]
    amount: String,
}

impl From<Money> for MoneyDto {
    fn from(money: Money) -> Self {
        MoneyDto {
            amount_minor: money.amount_minor(),
            currency: money.currency().code().to_owned(),
            amount: money.plain(),
        }
    }
}

/// What the programme pays on one budget line, in one currency: amounts in different currencies
/// are never added together.
#[derive(Serialize, ToSchema)]
pub struct BudgetLineCostDto {
    budget_line: String,
    currency: String,
    /// Those with a fare or a per diem in this currency on this line.
    participants: usize,
    per_diems: MoneyDto,
    fares: MoneyDto,
    total: MoneyDto,
}

impl From<&BudgetLineCost> for BudgetLineCostDto {
    fn from(line: &BudgetLineCost) -> Self {
        BudgetLineCostDto {
            budget_line: line.budget_line.clone(),
            currency: line.currency.code().to_owned(),
            participants: line.participants,
            per_diems: line.per_diems.into(),
            fares: line.fares.into(),
            total: line.total.into(),
        }
    }
}

/// An event's cost: per budget line and currency, and one total per currency.
#[derive(Serialize, ToSchema)]
pub struct EventCostsDto {
    lines: Vec<BudgetLineCostDto>,
    totals: Vec<MoneyDto>,
}

impl From<&EventCosts> for EventCostsDto {
    fn from(costs: &EventCosts) -> Self {
        EventCostsDto {
            lines: costs.lines.iter().map(BudgetLineCostDto::from).collect(),
            totals: costs.totals.iter().copied().map(MoneyDto::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgendaItemDto {
    starts_local: String,
    ends_local: String,
    title: String,
    speakers: String,
    place: String,
}

/// Participants who took part, counted by sex, country, kind of organisation and member city.
#[derive(Serialize, ToSchema)]
pub struct ParticipationDto {
    events: usize,
    participants: usize,
    women: usize,
    by_sex: BTreeMap<String, usize>,
    by_country: BTreeMap<String, usize>,
    by_organisation_kind: BTreeMap<String, usize>,
    by_city: BTreeMap<String, usize>,
}

impl From<&ParticipationStats> for ParticipationDto {
    fn from(stats: &ParticipationStats) -> Self {
        ParticipationDto {
            events: stats.events,
            participants: stats.participants,
            women: stats.women(),
            by_sex: stats.by_sex.iter().map(|(s, n)| (s.code().to_owned(), *n)).collect(),
            by_country: stats.by_country.clone(),
            by_organisation_kind: stats.by_organisation_kind.clone(),
            by_city: stats.by_city.clone(),
        }
    }
}

/// The events the caller may see, latest first.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", operation_id = "list_events",
    responses((status = 200, description = "Events", body = Vec<EventDto>)))]
pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Json<Vec<EventDto>>, WebError> {
    Ok(Json(state.app.events(&ctx.actor).await?.iter().map(|(e, _)| EventDto::from(e)).collect()))
}

/// Which of an event's participants to list.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ParticipantsQuery {
    /// Found in their names, organisation or email (accents and case ignored).
    who: Option<String>,
    /// A participant status code, such as accepted.
    status: Option<String>,
    /// From 1.
    page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", operation_id = "get_event",
    params(("id" = String, Path), ParticipantsQuery),
    responses((status = 200, description = "The event", body = EventDetailDto), (status = 404, body = super::ApiErrorDto),
        (status = 422, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<ParticipantsQuery>,
) -> Result<Json<EventDetailDto>, WebError> {
    let id = event_id(&id)?;
    let status = match query.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => Some(
            ParticipantStatus::parse(raw)
                .ok_or_else(|| AppError::field("status", "error-participant-status-filter"))?,
        ),
        None => None,
    };
    let page = check_page(query.page)?;
    let wanted = ParticipantQuery { text: query.who.unwrap_or_default(), status, page };
    let detail = state.app.event(&ctx.actor, id, &wanted).await?;
    within_pages(page, detail.participants.pages())?;
    let costs = match detail.access {
        EventAccess::Manage => state.app.event_costs(&ctx.actor, id).await?.costs.ok(),
        EventAccess::OwnCity | EventAccess::Read => Some(EventCosts::default()),
    };
    Ok(Json(EventDetailDto {
        event: EventDto::from(&detail.event),
        agenda: detail
            .agenda
            .iter()
            .map(|a| AgendaItemDto {
                starts_local: a.starts.to_string(),
                ends_local: a.ends.to_string(),
                title: a.title.clone(),
                speakers: a.speakers.clone(),
                place: a.place.clone(),
            })
            .collect(),
        participants: detail.participants.items.iter().map(|(p, _)| ParticipantDto::from(p)).collect(),
        participants_found: detail.participants.total,
        page,
        participation: ParticipationDto::from(&detail.stats),
        costs: costs.as_ref().map(EventCostsDto::from),
    }))
}

/// Participation figures over the events starting in a period (default: this year).
#[utoipa::path(get, path = "/api/v1/participation", tag = "events", operation_id = "get_participation",
    params(("from" = Option<String>, Query, format = Date, description = "First day, YYYY-MM-DD (1900 to 2200)"),
        ("until" = Option<String>, Query, format = Date, description = "Last day, YYYY-MM-DD (1900 to 2200)")),
    responses((status = 200, description = "The figures", body = ParticipationDto), (status = 422, body = super::ApiErrorDto)))]
pub async fn participation(
    State(state): State<AppState>,
    ctx: PageCtx,
    super::query::ApiQuery(query): super::query::ApiQuery<PeriodQuery>,
) -> Result<Json<ParticipationDto>, WebError> {
    let period = query.period(state.app.today()).map_err(|errors| WebError(AppError::Validation(errors)))?;
    Ok(Json(ParticipationDto::from(&state.app.participation_stats(&ctx.actor, period).await?)))
}
