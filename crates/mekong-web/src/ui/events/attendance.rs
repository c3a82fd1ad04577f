//! Attendance and participation pages: the phone-friendly check-in desk per day, the
//! attendance sheet PDF, the participants list and calendar downloads, and the participation
//! figures per event and over a period.

use super::{event_id, parse_uuid};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::organisations::{country_name, download};
use crate::ui::vocabulary;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::events::StatsPeriod;
use mekong_core::events::ParticipationStats;
use mekong_core::ids::ParticipantId;
use mekong_core::validation::FieldErrors;
use serde::Deserialize;

/// Participation figures ready to show: a sentence and one small table per breakdown.
pub struct StatsView {
    pub participants: String,
    pub summary: String,
    pub tables: Vec<(String, Vec<(String, String)>)>,
}

pub(crate) fn stats_view(ctx: &PageCtx, stats: &ParticipationStats) -> StatsView {
    let count = |n: usize| ctx.tr.number(i64::try_from(n).unwrap_or_default());
    let unknown = ctx.t("value-unknown");
    let table = |caption: &str, rows: Vec<(String, usize)>| {
        (ctx.t(caption), rows.into_iter().map(|(label, n)| (label, count(n))).collect::<Vec<_>>())
    };
    let or_unknown = |label: String, code: &str| if code.is_empty() { unknown.clone() } else { label };
    StatsView {
        participants: count(stats.participants),
        summary: ctx.tr.t_with(
            "stats-summary",
            &[
                ("participants", mekong_i18n::Arg::from(i64::try_from(stats.participants).unwrap_or_default())),
                ("women", mekong_i18n::Arg::from(i64::try_from(stats.women()).unwrap_or_default())),
                ("events", mekong_i18n::Arg::from(i64::try_from(stats.events).unwrap_or_default())),
            ],
        ),
        tables: vec![
            table(
                "stats-by-sex",
                stats.by_sex.iter().map(|(sex, n)| (vocabulary::label(ctx, "sex", sex.code()), *n)).collect(),
            ),
            table(
                "stats-by-country",
                stats.by_country.iter().map(|(code, n)| (or_unknown(country_name(ctx, code), code), *n)).collect(),
            ),
            table(
                "stats-by-kind",
                stats
                    .by_organisation_kind
                    .iter()
                    .map(|(code, n)| (or_unknown(vocabulary::label(ctx, "kind", code), code), *n))
                    .collect(),
            ),
            table(
                "stats-by-city",
                stats.by_city.iter().map(|(code, n)| (or_unknown(code.clone(), code), *n)).collect(),
            ),
        ],
    }
}

#[derive(Template)]
#[template(path = "events/statistics.html")]
struct StatisticsPage {
    ctx: PageCtx,
    from: String,
    until: String,
    stats: StatsView,
    events: Vec<super::EventRow>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
}

impl PeriodQuery {
    /// The period asked for; by default the current calendar year.
    pub fn period(&self, today: jiff::civil::Date) -> Result<StatsPeriod, FieldErrors> {
        let mut errors = FieldErrors::default();
        let from = mekong_core::people::parse_date(&self.from, "from", &mut errors)
            .unwrap_or_else(|| jiff::civil::date(today.year(), 1, 1));
        let until = mekong_core::people::parse_date(&self.until, "until", &mut errors)
            .unwrap_or_else(|| jiff::civil::date(today.year(), 12, 31));
        if until < from {
            errors.add("until", "error-until-before-from");
        }
        if errors.is_empty() { Ok(StatsPeriod { from, until }) } else { Err(errors) }
    }
}

pub async fn statistics(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, WebError> {
    let (period, errors) = match query.period(state.app.today()) {
        Ok(period) => (period, FieldErrors::default()),
        Err(errors) => (PeriodQuery::default().period(state.app.today()).map_err(|_| AppError::NotFound)?, errors),
    };
    let (stats, events) = state.app.participation_records(&ctx.actor, period).await?;
    let page = StatisticsPage {
        from: period.from.to_string(),
        until: period.until.to_string(),
        stats: stats_view(&ctx, &stats),
        events: events.iter().map(|e| super::event_row(&ctx, e)).collect(),
        errors,
        ctx,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_with_status(status, &page))
}

pub struct CheckInRow {
    pub id: String,
    pub name: String,
    pub local_name: String,
    pub organisation: String,
    pub present: bool,
}

#[derive(Template)]
#[template(path = "events/check_in.html")]
struct CheckInPage {
    ctx: PageCtx,
    id: String,
    title: String,
    day: String,
    day_label: String,
    days: Vec<(String, String, bool)>,
    rows: Vec<CheckInRow>,
    present: String,
    expected: String,
}

#[derive(Deserialize, Default)]
pub struct DayQuery {
    #[serde(default)]
    day: String,
}

pub async fn check_in_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(query): Query<DayQuery>,
) -> Result<Response, WebError> {
    let day = match query.day.trim() {
        "" => None,
        raw => Some(raw.parse().map_err(|_| WebError(AppError::NotFound))?),
    };
    let sheet = state.app.attendance_day(&ctx.actor, event_id(&id)?, day).await?;
    let lang = ctx.tr.lang;
    let present = sheet.participants.iter().filter(|(_, here)| *here).count();
    Ok(render(&CheckInPage {
        id,
        title: sheet.event.title.get(lang).to_owned(),
        day: sheet.day.to_string(),
        day_label: mekong_i18n::format_date(lang, sheet.day),
        days: sheet.days.iter().map(|d| (d.to_string(), mekong_i18n::format_date(lang, *d), *d == sheet.day)).collect(),
        present: ctx.tr.number(i64::try_from(present).unwrap_or_default()),
        expected: ctx.tr.number(i64::try_from(sheet.participants.len()).unwrap_or_default()),
        rows: sheet
            .participants
            .into_iter()
            .map(|(p, present)| CheckInRow {
                id: p.id.to_string(),
                name: p.name,
                local_name: p.local_name,
                organisation: p.organisation,
                present,
            })
            .collect(),
        ctx,
    }))
}

#[derive(Deserialize)]
pub struct CheckInInput {
    #[serde(default)]
    participant: String,
    #[serde(default)]
    day: String,
    #[serde(default)]
    present: String,
}

pub async fn check_in(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<CheckInInput>,
) -> Result<Response, WebError> {
    let event = event_id(&id)?;
    state.app.authorise_event_management(&ctx.actor, event).await?;
    let participant =
        ParticipantId(parse_uuid(&input.participant).map_err(|_| AppError::field("participant", "error-required"))?);
    let day = input.day.parse().map_err(|_| AppError::field("day", "error-date"))?;
    state.app.check_in(&ctx.actor, event, participant, day, input.present == "yes").await?;
    // Back to the same row, so the desk keeps its place in a long list.
    let to = format!("/events/{id}/check-in?day={}#p-{}", input.day, input.participant);
    Ok(redirect_with_flash(&to, "flash-saved", jar, state.config.tls))
}

pub async fn attendance_pdf(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let bytes = state.app.attendance_sheet(&ctx.actor, event_id(&id)?).await?;
    Ok(download(bytes, "application/pdf", "attendance.pdf"))
}

pub async fn participants_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let table = state.app.participants_table(&ctx.actor, event_id(&id)?).await?;
    let bytes = mekong_docs::write_csv(&table).map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(bytes, "text/csv; charset=utf-8", "participants.csv"))
}

pub async fn participants_xlsx(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let table = state.app.participants_table(&ctx.actor, event_id(&id)?).await?;
    let bytes =
        mekong_docs::write_xlsx(&table, "Participants").map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "participants.xlsx"))
}

pub async fn calendar(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let text = state.app.event_calendar(&ctx.actor, event_id(&id)?, ctx.tr.lang).await?;
    Ok(download(text, "text/calendar; charset=utf-8", "event.ics"))
}

/// A user's personal calendar feed: the link's secret is the credential.
pub async fn feed(State(state): State<AppState>, ctx: PageCtx, Path(feed): Path<String>) -> Result<Response, WebError> {
    let text = state.app.calendar_feed(&ctx.actor, &feed).await?;
    Ok(download(text, "text/calendar; charset=utf-8", "mekong.ics"))
}
