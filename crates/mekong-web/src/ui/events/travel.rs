//! A participant's travel and per diem (their page within the event), and the per diem rate
//! table an administrator maintains.

use super::{event_id, parse_uuid};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::organisations::country_name;
use crate::ui::vocabulary::{self, Choice};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::events::{PerDiemRateDraft, TravelDraft};
use mekong_core::Lang;
use mekong_core::events::PerDiemRate;
use mekong_core::ids::{EventId, ParticipantId, PerDiemRateId};
use mekong_core::money::Currency;
use mekong_core::validation::FieldErrors;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "events/participant.html")]
struct ParticipantPage {
    ctx: PageCtx,
    event_href: String,
    event_title: String,
    action: String,
    name: String,
    local_name: String,
    email: String,
    organisation: String,
    status: String,
    needs: Vec<(String, String)>,
    draft: TravelInput,
    payers: Vec<Choice>,
    currencies: Vec<Choice>,
    budget_lines: Vec<crate::ui::finance::Pick>,
    per_diem: String,
    example_rate: bool,
    version: i32,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

#[derive(Deserialize, Default, Clone)]
pub struct TravelInput {
    #[serde(default)]
    from: String,
    #[serde(default)]
    arrival: String,
    #[serde(default)]
    departure: String,
    #[serde(default)]
    paid_by: String,
    #[serde(default)]
    budget_line: String,
    #[serde(default)]
    fare: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    version: i32,
}

impl TravelInput {
    fn draft(&self, typed_in: Lang) -> TravelDraft {
        TravelDraft {
            from: self.from.clone(),
            arrival: self.arrival.clone(),
            departure: self.departure.clone(),
            paid_by: self.paid_by.clone(),
            budget_line: self.budget_line.clone(),
            fare: self.fare.clone(),
            currency: self.currency.clone(),
            typed_in,
        }
    }
}

/// The currencies to choose from: the network's usual ones first, then every other by code.
fn currency_choices(current: &str) -> Vec<Choice> {
    let others = Currency::all().iter().filter(|c| !Currency::USUAL.contains(c));
    Currency::USUAL
        .iter()
        .chain(others)
        .map(|c| Choice { code: c.code().into(), label: c.code().to_owned(), selected: c.code() == current })
        .collect()
}

async fn participant_page(
    state: &AppState,
    ctx: PageCtx,
    event: EventId,
    participant: ParticipantId,
    input: Option<TravelInput>,
    errors: FieldErrors,
    stale: bool,
) -> Result<Response, WebError> {
    let (event_record, p, due) = state.app.participant_with_per_diem(&ctx.actor, event, participant).await?;
    let stored = TravelDraft::of(&p.travel, ctx.tr.lang);
    let saved = TravelInput {
        from: stored.from,
        arrival: stored.arrival,
        departure: stored.departure,
        paid_by: stored.paid_by,
        budget_line: stored.budget_line,
        fare: stored.fare,
        currency: stored.currency,
        version: p.version,
    };
    // A save from an older version keeps what was typed, beside what is saved now.
    let conflict = input
        .as_ref()
        .filter(|_| stale)
        .map(|typed| ConflictView::between(&ctx, travel_fields(&ctx, typed), travel_fields(&ctx, &saved)));
    let draft = match input {
        Some(typed) if stale => TravelInput { version: p.version, ..typed },
        Some(typed) => typed,
        None => saved,
    };
    let lang = ctx.tr.lang;
    let page = ParticipantPage {
        event_href: format!("/events/{event}"),
        event_title: event_record.title.get(lang).to_owned(),
        action: format!("/events/{event}/participants/{participant}"),
        name: p.name.clone(),
        local_name: p.local_name.clone(),
        email: p.email.as_ref().map(ToString::to_string).unwrap_or_default(),
        organisation: p.organisation.clone(),
        status: vocabulary::label(&ctx, "participant-status", p.status.code()),
        needs: [
            ("field-dietary", &p.needs.dietary),
            ("field-interpretation-needs", &p.needs.interpretation),
            ("field-travel-needs", &p.needs.travel),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(label, v)| (ctx.t(label), v.clone()))
        .collect(),
        payers: vocabulary::payers(&ctx, &draft.paid_by),
        currencies: currency_choices(&draft.currency),
        budget_lines: crate::ui::finance::budget_line_picks(
            &ctx,
            state.app.budget_line_choices(None).await?,
            &draft.budget_line,
        ),
        per_diem: due
            .as_ref()
            .map(|d| {
                ctx.tr.t_with(
                    "per-diem-due",
                    &[
                        ("nights", mekong_i18n::Arg::from(d.nights)),
                        ("rate", mekong_i18n::Arg::from(ctx.tr.money(d.rate.daily))),
                        ("amount", mekong_i18n::Arg::from(ctx.tr.money(d.amount))),
                    ],
                )
            })
            .unwrap_or_else(|| ctx.t("per-diem-none")),
        example_rate: due.as_ref().is_some_and(|d| d.rate.example),
        version: draft.version,
        draft,
        errors,
        conflict,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page))
}

/// The travel form's fields as a person reads them, to compare a stale save with the saved one.
fn travel_fields(ctx: &PageCtx, input: &TravelInput) -> Vec<(&'static str, String)> {
    vec![
        ("field-travel-from", input.from.clone()),
        ("field-arrival", input.arrival.clone()),
        ("field-departure", input.departure.clone()),
        ("field-paid-by", vocabulary::label(ctx, "paid-by", &input.paid_by)),
        ("field-budget-line", input.budget_line.clone()),
        ("field-fare", format!("{} {}", input.fare, input.currency)),
    ]
}

pub async fn show_participant(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, participant)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let participant = ParticipantId(parse_uuid(&participant)?);
    participant_page(&state, ctx, event_id(&id)?, participant, None, FieldErrors::default(), false).await
}

pub async fn save_travel(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, participant)): Path<(String, String)>,
    Form(input): Form<TravelInput>,
) -> Result<Response, WebError> {
    let event = event_id(&id)?;
    let participant = ParticipantId(parse_uuid(&participant)?);
    match state.app.save_travel(&ctx.actor, event, participant, input.version, &input.draft(ctx.tr.lang)).await {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/events/{id}/participants/{participant}"),
            "flash-saved",
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) => {
            participant_page(&state, ctx, event, participant, Some(input), errors, false).await
        }
        Err(AppError::Conflict) => {
            participant_page(&state, ctx, event, participant, Some(input), FieldErrors::default(), true).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct AnswerInput {
    #[serde(default)]
    answer: String,
    #[serde(default)]
    version: i32,
}

/// Records an answer received another way (a phone call), on the participant's page.
pub async fn record_answer(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, participant)): Path<(String, String)>,
    Form(input): Form<AnswerInput>,
) -> Result<Response, WebError> {
    let event = event_id(&id)?;
    let participant = ParticipantId(parse_uuid(&participant)?);
    match state.app.record_answer(&ctx.actor, event, participant, &input.answer, input.version).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/events/{id}/participants/{participant}"),
            "flash-saved",
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) => {
            participant_page(&state, ctx, event, participant, None, errors, false).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Clone)]
pub struct RateRow {
    pub id: String,
    pub country: String,
    pub country_code: String,
    pub daily: String,
    pub currency: String,
    pub valid_from: String,
    pub valid_until: String,
    pub example: bool,
    pub version: i32,
    /// Why the row's form is shown again with what was typed: a refused value, or a conflict.
    pub problem: Option<String>,
    pub conflict: Option<ConflictView>,
}

/// A save of one rate's row that did not go through, to show again on its row.
pub struct RateEdit {
    id: PerDiemRateId,
    input: RateInput,
    problem: Option<String>,
    conflict: Option<ConflictView>,
}

impl RateRow {
    /// The row as the user typed it when their save did not go through.
    fn typed(self, edit: RateEdit) -> RateRow {
        RateRow {
            daily: edit.input.daily,
            currency: edit.input.currency,
            valid_from: edit.input.valid_from,
            valid_until: edit.input.valid_until,
            example: edit.input.example == "yes",
            version: edit.input.version,
            problem: edit.problem,
            conflict: edit.conflict,
            ..self
        }
    }
}

/// A rate row's fields as a person reads them, to compare a stale save with the saved one.
fn rate_fields(ctx: &PageCtx, row: &RateRow) -> Vec<(&'static str, String)> {
    vec![
        ("field-daily-rate", format!("{} {}", row.daily, row.currency)),
        ("field-valid-from", row.valid_from.clone()),
        ("field-valid-until", row.valid_until.clone()),
        ("per-diem-example", ctx.t(if row.example { "choice-yes" } else { "choice-no" })),
    ]
}

#[derive(Template)]
#[template(path = "events/rates.html")]
struct RatesPage {
    ctx: PageCtx,
    rates: Vec<RateRow>,
    draft: RateInput,
    currencies: Vec<Choice>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct RateInput {
    #[serde(default)]
    country: String,
    #[serde(default)]
    daily: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_until: String,
    #[serde(default)]
    example: String,
    #[serde(default)]
    version: i32,
}

impl RateInput {
    fn draft(&self, typed_in: Lang) -> PerDiemRateDraft {
        PerDiemRateDraft {
            country: self.country.clone(),
            daily: self.daily.clone(),
            currency: self.currency.clone(),
            valid_from: self.valid_from.clone(),
            valid_until: self.valid_until.clone(),
            example: self.example == "yes",
            typed_in,
        }
    }
}

fn rate_row(ctx: &PageCtx, rate: &PerDiemRate) -> RateRow {
    RateRow {
        id: rate.id.to_string(),
        country: country_name(ctx, rate.country.as_str()),
        country_code: rate.country.as_str().to_owned(),
        daily: rate.daily.plain(),
        currency: rate.daily.currency().code().to_owned(),
        valid_from: rate.valid_from.to_string(),
        valid_until: rate.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        example: rate.example,
        version: rate.version,
        problem: None,
        conflict: None,
    }
}

async fn rates_page(
    state: &AppState,
    ctx: PageCtx,
    draft: RateInput,
    errors: FieldErrors,
    mut edit: Option<RateEdit>,
) -> Result<Response, WebError> {
    let rates: Vec<RateRow> = state
        .app
        .per_diem_rates(&ctx.actor)
        .await?
        .iter()
        .map(|r| {
            let row = rate_row(&ctx, r);
            match edit.take_if(|e| e.id == r.id) {
                Some(edit) => row.typed(edit),
                None => row,
            }
        })
        .collect();
    let currencies = currency_choices(&draft.currency);
    let conflict = rates.iter().find_map(|r| r.conflict.as_ref());
    let status = match form_status(&errors, conflict) {
        StatusCode::OK if rates.iter().any(|r| r.problem.is_some()) => StatusCode::UNPROCESSABLE_ENTITY,
        status => status,
    };
    let page = RatesPage { ctx, rates, draft, currencies, errors };
    Ok(render_with_status(status, &page))
}

pub async fn rates(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let draft = RateInput { currency: mekong_core::NETWORK_CURRENCY.code().to_owned(), ..RateInput::default() };
    rates_page(&state, ctx, draft, FieldErrors::default(), None).await
}

async fn save_rate(
    state: AppState,
    ctx: PageCtx,
    jar: CookieJar,
    id: Option<PerDiemRateId>,
    input: RateInput,
) -> Result<Response, WebError> {
    let draft = input.draft(ctx.tr.lang);
    match state.app.save_per_diem_rate(&ctx.actor, id.map(|id| (id, input.version)), &draft).await {
        Ok(_) => Ok(redirect_with_flash("/admin/per-diem-rates", "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) if let Some(id) = id => {
            let problem = errors.0.iter().map(|e| ctx.t(&e.message)).collect::<Vec<_>>().join(" ");
            let edit = RateEdit { id, input, problem: Some(problem), conflict: None };
            rates_page(&state, ctx, RateInput::default(), FieldErrors::default(), Some(edit)).await
        }
        Err(AppError::Conflict) if let Some(id) = id => {
            let current = state.app.per_diem_rates(&ctx.actor).await?.into_iter().find(|r| r.id == id);
            let saved = rate_row(&ctx, &current.ok_or(AppError::NotFound)?);
            let typed = RateRow {
                daily: input.daily.clone(),
                currency: input.currency.clone(),
                valid_from: input.valid_from.clone(),
                valid_until: input.valid_until.clone(),
                example: input.example == "yes",
                ..saved.clone()
            };
            let conflict = ConflictView::between(&ctx, rate_fields(&ctx, &typed), rate_fields(&ctx, &saved));
            let edit = RateEdit {
                id,
                input: RateInput { version: saved.version, ..input },
                problem: None,
                conflict: Some(conflict),
            };
            rates_page(&state, ctx, RateInput::default(), FieldErrors::default(), Some(edit)).await
        }
        Err(AppError::Validation(errors)) => rates_page(&state, ctx, input, errors, None).await,
        Err(other) => Err(other.into()),
    }
}

pub async fn create_rate(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(input): Form<RateInput>,
) -> Result<Response, WebError> {
    save_rate(state, ctx, jar, None, input).await
}

pub async fn update_rate(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<RateInput>,
) -> Result<Response, WebError> {
    let id = PerDiemRateId(parse_uuid(&id)?);
    save_rate(state, ctx, jar, Some(id), input).await
}
